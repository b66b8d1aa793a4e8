"""Previews: an image of each page of a document, for people to look at before printing.

An ordinary edition's previews are the very images whose QR codes were decoded, written
beside its PDF (`<format>-<n>.png`). A site's edition has none on disk: a rollout makes
hundreds of cards that differ in one contact, nobody opens most of their previews, and
making them took a seventh of a card's build. `respack serve` makes a site's page image
when the page asks for it, from the checked PDF on disk (page_png).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from generator.model import Edition

if TYPE_CHECKING:  # Pillow and pypdfium2 are only needed once a preview is made
    from PIL import Image

# 1600 px on the long side, between 100 and 300 dpi. At 100 dpi the smallest module a poster
# allows (a 30 mm code, 1.2 mm modules) is 4.7 px, and zxing-cpp reads codes of 2 to 3 px a
# module: the check reads its codes from these images.
PREVIEW_LONG_SIDE_PX = 1600
PREVIEW_MAX_DPI = 300
MIN_CHECK_DPI = 100


def preview_dpi(edition: Edition) -> float:
    long_side_inches = max(edition.layout.page_width_mm, edition.layout.page_height_mm) / 25.4
    return max(MIN_CHECK_DPI, min(PREVIEW_MAX_DPI, PREVIEW_LONG_SIDE_PX / long_side_inches))


def writes_previews(edition: Edition) -> bool:
    """Whether the build writes the edition's previews: not a site's (see the module's doc)."""
    return edition.site is None


def png_bytes(image: Image.Image) -> bytes:
    """PNG with a palette of 256 colours, at zlib level 3. These pages are flat colours and
    text: the palette cannot be told from full colour, and the file is a third of the size
    and a third faster to write (the previews took a twelfth of a build)."""
    from PIL import Image

    if image.mode == "RGB":
        image = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


def page_png(pdf: Path | bytes, page: int, dpi: float) -> bytes:
    """The preview of one page (from 1) of a PDF on disk (or in memory), as the build would have written it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return png_bytes(document[page - 1].render(scale=dpi / 72).to_pil())
    finally:
        document.close()
