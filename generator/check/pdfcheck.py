"""Check stage: look at a PDF the way a person would before anyone prints it. (`respack
check` checks the input files, without rendering: that is generator/packs/validate.py.)

Every page is rasterised and every QR code decoded with zxing-cpp, the decoder many phone
scanners are built on; the text is extracted and the plain numbers looked for; page count
and page size are compared with what the format declares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from generator.model import Layout

MM_PER_POINT = 25.4 / 72
SIZE_TOLERANCE_MM = 0.5


@dataclass
class PageReading:
    width_mm: float
    height_mm: float
    text: str
    payloads: list[str]
    image: Image.Image | None = None  # the rasterised page the codes were read from; becomes the preview


@dataclass
class Report:
    """What a PDF turned out to be, and what is wrong with it."""

    pages: list[PageReading] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def payloads(self) -> set[str]:
        return {p for page in self.pages for p in page.payloads}

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)

    @property
    def qr_count(self) -> int:
        return sum(len(page.payloads) for page in self.pages)


def decode_qr(image: Image.Image) -> list[str]:
    """The text of every QR code; read in grey, as a phone's scanner does (twice as fast)."""
    grey = image if image.mode == "L" else image.convert("L")
    return [code.text for code in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)]


def read_pdf(pdf: bytes, dpi: float = 150, grey: bool = False) -> Report:
    """Page sizes, text and decoded QR codes of every page. grey: rasterise in grey, in half
    the time, when the images are not kept as previews."""
    report = Report()
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            left, bottom, right, top = page.get_trimbox()  # the size after cutting: the media box
            width, height = right - left, top - bottom      # of a print-shop file includes the bleed
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            image = page.render(scale=dpi / 72, grayscale=grey).to_pil()
            report.pages.append(PageReading(width * MM_PER_POINT, height * MM_PER_POINT, text, decode_qr(image),
                                            image))
    finally:
        document.close()
    return report


def check_pdf(pdf: bytes, layout: Layout, payloads: Mapping[str, str], numbers: Mapping[str, str],
              dpi: float = 150, copies: int = 1, grey: bool = False) -> Report:
    """Read the PDF and say what differs from the format and from what it must carry.

    payloads: what the QR codes of the document encode, each at least once, with its contact's id.
    numbers: the numbers and addresses that must be printed as plain text, with their contacts' ids.
    copies: how many times the format's pages follow each other (a bilingual leaflet: 2).
    """
    report = read_pdf(pdf, dpi, grey)
    if layout.pages and len(report.pages) != layout.pages * copies:
        report.problems.append(f"{len(report.pages)} pages instead of {layout.pages * copies}: "
                               "some text does not fit its panel")
    for index, page in enumerate(report.pages, 1):
        if (abs(page.width_mm - layout.page_width_mm) > SIZE_TOLERANCE_MM
                or abs(page.height_mm - layout.page_height_mm) > SIZE_TOLERANCE_MM):
            report.problems.append(f"page {index} is {page.width_mm:.1f} × {page.height_mm:.1f} mm, "
                                   f"expected {layout.page_width_mm} × {layout.page_height_mm} mm")
    decoded = report.payloads
    for missing in sorted(payloads.keys() - decoded):
        report.problems.append(f"contact {payloads[missing]}: the QR code for {missing} is missing or did not scan")
    for stray in sorted(decoded - payloads.keys()):
        report.problems.append(f"a QR code decodes to {stray}, which the document does not print")
    digits = _digits(report.text)
    for number in sorted(numbers):
        found = _digits(number) in digits if any(ch.isdigit() for ch in number) else number in report.text
        if not found:
            report.problems.append(f"contact {numbers[number]}: {number} is not in the text of the document")
    return report


def _digits(text: str) -> str:
    """Only digits and line breaks, so "+7 7152 49-31-58" is found however it is spaced."""
    return "".join(ch for ch in text if ch.isdigit() or ch == "\n")
