"""Check stage: look at a PDF the way a person would before anyone prints it. (`respack
check` checks the input files, without rendering: that is generator/packs/validate.py.)

Every page is rasterised and every QR code decoded with zxing-cpp, the decoder many phone
scanners are built on; the text is read in the order the eye reads it, and every number on
it held against the contacts (generator.check.numbers), and each glyph of a number or address
held against the print fonts' own on the same raster (generator.check.drawn); page count and
page size are compared with what the format declares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from generator.check.drawn import Raster, TrustedFaces, drawn_problems
from generator.check.findings import Finding, Kind
from generator.check.numbers import (
    Box,
    Known,
    Printed,
    caption_problems,
    page_characters,
    page_glyphs,
    printed_key,
    read_printed,
    unknown_numbers,
)
from generator.model import Layout

MM_PER_POINT = 25.4 / 72
SIZE_TOLERANCE_MM = 0.5


@dataclass
class PageReading:
    width_mm: float
    height_mm: float
    text: str  # as PDFium extracts it
    payloads: list[str]
    image: Image.Image | None = None  # the rasterised page the codes were read from; becomes the preview
    codes: list[tuple[str, Box]] = field(default_factory=list)  # each decoded payload and where it is drawn
    printed: list[Printed] = field(default_factory=list)  # its numbers and addresses, as the eye reads them
    lines: list[str] = field(default_factory=list)  # its lines, as the eye reads them
    drawn: list[Finding] = field(default_factory=list)  # numbers and addresses drawn otherwise than the text says


@dataclass
class Report:
    """What a PDF turned out to be, and what is wrong with it."""

    pages: list[PageReading] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)

    @property
    def payloads(self) -> set[str]:
        return {p for page in self.pages for p in page.payloads}

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)

    @property
    def qr_count(self) -> int:
        return sum(len(page.payloads) for page in self.pages)


def decode_qr(image: Image.Image) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The text of every QR code, and its box in the image's pixels (left, top, right,
    bottom); read in grey, as a phone's scanner does (twice as fast)."""
    grey = image if image.mode == "L" else image.convert("L")
    found: list[tuple[str, tuple[float, float, float, float]]] = []
    for code in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
        corners = [code.position.top_left, code.position.top_right, code.position.bottom_left,
                   code.position.bottom_right]
        found.append((code.text, (min(c.x for c in corners), min(c.y for c in corners),
                                  max(c.x for c in corners), max(c.y for c in corners))))
    return found


def read_pdf(pdf: bytes, dpi: float = 150, grey: bool = False, trusted: TrustedFaces | None = None) -> Report:
    """Page sizes, text, numbers and decoded QR codes of every page. grey: rasterise in grey,
    in half the time, when the images are not kept as previews. trusted: the print fonts the
    glyphs of numbers and addresses must look like (generator.check.drawn); None: not looked at."""
    report = Report()
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            left, bottom, right, top = page.get_trimbox()  # the size after cutting: the media box
            width, height = right - left, top - bottom      # of a print-shop file includes the bleed
            image = page.render(scale=dpi / 72, grayscale=grey).to_pil()
            raster = Raster.of(image, page)  # the one raster: its codes decoded, its glyphs looked at
            textpage = page.get_textpage()  # text extracted once, for its text and its glyphs
            try:
                text = textpage.get_text_range()
                glyphs = page_glyphs(page, textpage)
                printed, lines = read_printed(glyphs)
                drawn, unseen = drawn_problems(textpage, raster, printed, trusted) if trusted else ([], set())
                if unseen:  # read as a reader reads it: without what no one can see
                    printed, lines = read_printed([glyph for glyph in glyphs if glyph.in_text not in unseen])
            finally:
                textpage.close()
            codes = [(payload, raster.page_box(*box)) for payload, box in decode_qr(raster.image)]
            report.pages.append(PageReading(width * MM_PER_POINT, height * MM_PER_POINT, text,
                                            [payload for payload, _ in codes], image, codes, printed, lines,
                                            drawn))
    finally:
        document.close()
    return report


def check_pdf(pdf: bytes, layout: Layout, payloads: Mapping[str, str], numbers: Mapping[str, str],
              known: Known, dpi: float = 150, copies: int = 1, grey: bool = False,
              trusted: TrustedFaces | None = None) -> Report:
    """Read the PDF and say what differs from the format and from what it must carry.

    payloads: what the QR codes of the document encode, each at least once, with its contact's id.
    numbers: the numbers and addresses that must be printed as plain text, with their contacts' ids.
    known: what it may print (generator.check.numbers): every number read must be one of these,
    and every QR code have its own number or address printed nearest to it.
    copies: how many times the format's pages follow each other (a bilingual leaflet: 2).
    trusted: the print fonts every glyph of a number or address must look like, and be seen
    in (generator.check.drawn); what no reader can see is read as absent: no code's caption.
    """
    report = read_pdf(pdf, dpi, grey, trusted)
    if layout.pages and len(report.pages) != layout.pages * copies:
        report.problems.append(Finding(Kind.PAGE_COUNT, f"{len(report.pages)} pages instead of "
                                       f"{layout.pages * copies}: some text does not fit its panel"))
    for index, page in enumerate(report.pages, 1):
        if (abs(page.width_mm - layout.page_width_mm) > SIZE_TOLERANCE_MM
                or abs(page.height_mm - layout.page_height_mm) > SIZE_TOLERANCE_MM):
            report.problems.append(Finding(Kind.PAGE_SIZE, f"page {index} is {page.width_mm:.1f} × "
                                           f"{page.height_mm:.1f} mm, expected {layout.page_width_mm} × "
                                           f"{layout.page_height_mm} mm", page=index))
        report.problems += [problem.on_page(index) for problem in [
            *page_characters(page.lines), *unknown_numbers(page.printed, known), *page.drawn,
            *caption_problems(page.codes, page.printed, known)]]
    decoded = report.payloads
    for missing in sorted(payloads.keys() - decoded):
        report.problems.append(Finding(Kind.QR_UNREADABLE, f"contact {payloads[missing]}: the QR code for {missing} "
                                       "is missing or did not scan", contact=payloads[missing], payload=missing))
    for stray in sorted(decoded - payloads.keys()):
        report.problems.append(Finding(Kind.QR_STRAY, f"a QR code decodes to {stray}, which the document does not "
                                       "print", payload=stray))
    read = {item.key for page in report.pages for item in page.printed}
    for number in sorted(numbers):
        if printed_key(number) not in read:
            report.problems.append(Finding(Kind.NUMBER_MISSING, f"contact {numbers[number]}: {number} is not in the "
                                           "text of the document", contact=numbers[number]))
    return report
