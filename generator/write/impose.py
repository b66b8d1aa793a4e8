"""Imposition: ten wallet cards on one office sheet, fronts on page 1 and backs on page 2.

The backs are mirrored left to right, so that printed double-sided on the long edge each
back lands behind its front. Cut marks sit in the margins, where a paper cutter's blade
goes; the cards keep a small gutter so a duplex printer's shift does not cut into them.

PDFium places the cards: each side of a card becomes a form XObject (a card printed ten
times is stored once) drawn where its cell is, in C, where reading each card with pypdf
took ten milliseconds. Each sheet's objects are then copied into the file as PDFium wrote
them, renumbered after those of the sheets before.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO

import pypdfium2 as pdfium
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from generator.installation import LAYOUTS_DIR
from generator.model import Layout, PageSize

PT_PER_MM = 72 / 25.4
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
COLUMNS, ROWS = 2, 5
CARDS_PER_SHEET = COLUMNS * ROWS
MIN_MARGIN_MM = 4.0  # office printers do not print closer to the edge
MAX_GUTTER_MM = 4.0
MARK_MM = 3.0  # length of a cut mark
MARK_WIDTH_MM = 0.2


@dataclass(frozen=True)
class Sheet:
    width_mm: float
    height_mm: float
    card_width_mm: float
    card_height_mm: float
    gutter_x_mm: float
    gutter_y_mm: float

    @property
    def left_mm(self) -> float:
        return (self.width_mm - COLUMNS * self.card_width_mm - (COLUMNS - 1) * self.gutter_x_mm) / 2

    @property
    def top_mm(self) -> float:
        return (self.height_mm - ROWS * self.card_height_mm - (ROWS - 1) * self.gutter_y_mm) / 2

    def cell(self, column: int, row: int) -> tuple[float, float]:
        """Top-left corner of a card, in mm from the sheet's top left."""
        return (self.left_mm + column * (self.card_width_mm + self.gutter_x_mm),
                self.top_mm + row * (self.card_height_mm + self.gutter_y_mm))

    @property
    def marks(self) -> list[tuple[float, float, float, float]]:
        """Cut lines extended into the margins, never over a card."""
        xs = sorted({x for c in range(COLUMNS) for x in (self.cell(c, 0)[0], self.cell(c, 0)[0] + self.card_width_mm)})
        ys = sorted({y for r in range(ROWS) for y in (self.cell(0, r)[1], self.cell(0, r)[1] + self.card_height_mm)})
        top, bottom = self.top_mm, self.height_mm - self.top_mm
        left, right = self.left_mm, self.width_mm - self.left_mm
        marks = [(x, max(0.0, top - 1 - MARK_MM), x, top - 1) for x in xs]
        marks += [(x, bottom + 1, x, min(self.height_mm, bottom + 1 + MARK_MM)) for x in xs]
        marks += [(max(0.0, left - 1 - MARK_MM), y, left - 1, y) for y in ys]
        marks += [(right + 1, y, min(self.width_mm, right + 1 + MARK_MM), y) for y in ys]
        return [tuple(round(v, 3) for v in mark) for mark in marks]  # type: ignore[misc]


def plan_sheet(paper: str, card_width_mm: float, card_height_mm: float) -> Sheet:
    width, height = PAPER_MM[paper]
    spare_y = height - ROWS * card_height_mm - 2 * MIN_MARGIN_MM
    spare_x = width - COLUMNS * card_width_mm - 2 * MIN_MARGIN_MM
    if spare_x < 0 or spare_y < 0:
        raise ValueError(f"{COLUMNS * ROWS} cards of {card_width_mm} × {card_height_mm} mm do not fit on {paper}")
    return Sheet(width, height, card_width_mm, card_height_mm,
                 gutter_x_mm=min(MAX_GUTTER_MM, spare_x / (COLUMNS - 1)),
                 gutter_y_mm=min(MAX_GUTTER_MM, spare_y / (ROWS - 1)))


def sheet_layout(paper: str) -> Layout:
    """What a card sheet must be: two pages of the office paper."""
    width, height = PAPER_MM[paper]
    return Layout(name="card-sheet", directory=LAYOUTS_DIR, title="Card sheet",
                  page=PageSize(width, height), pages=2, min_font_pt=0)


def card_sheet(card_pdf: bytes, paper: str, language: str, title: str) -> bytes:
    """The two-sided card as a two-page sheet of ten, for an office printer and a cutter: not
    tagged, and not claimed as PDF/UA (the card itself is the file a screen reader reads)."""
    output = io.BytesIO()
    write_sheets(output, [card_pdf] * CARDS_PER_SHEET, paper, language, title)
    return output.getvalue()


def write_sheets(output: BinaryIO, card_pdfs: Iterable[bytes], paper: str, language: str, title: str) -> int:
    """Two-sided cards, ten to a sheet in their order (left to right, then down), each sheet
    a page of fronts and a page of backs, written to output (from its start); returns the
    page count.

    Each sheet is made on its own and its objects written out at once: the memory stays that
    of one sheet, however many cards there are (a document that holds a thousand cards takes
    150 MB, in PDFium as in pypdf).
    """
    return join_sheets(output, (make_sheet(chunk, paper) for chunk in _chunks(card_pdfs, CARDS_PER_SHEET)),
                       language, title)


def make_sheet(cards: list[bytes], paper: str) -> bytes:
    """Up to ten cards on a sheet, as a PDF of two pages (fronts, backs): the part of a rollout
    that a worker process can make while the others make the next sheets."""
    return _sheet(cards, paper)


def join_sheets(output: BinaryIO, sheets: Iterable[bytes], language: str, title: str) -> int:
    """Sheets made by make_sheet, one after the other as one PDF written to output (from its
    start), each sheet's objects copied as PDFium wrote them, renumbered; returns the page count."""
    output.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    kids: list[int] = []
    catalog, pages, info = 1, 2, 3
    last = info
    for sheet in sheets:
        base = last
        numbers, page_numbers, size = _objects(sheet)

        def renumber(match: re.Match[bytes], base: int = base, own_pages: int = numbers.pages) -> bytes:
            if match[1] is None:
                return match[0]  # a string, left as it is
            return b"%d 0 R" % (pages if int(match[1]) == own_pages else base + int(match[1]))

        for idnum, (start, end) in numbers.objects.items():
            header = _OBJECT_HEADER.match(sheet, start)
            if header is None or int(header[1]) != idnum:
                raise ValueError(f"object {idnum} of a sheet is not where its cross-reference table says")
            body = sheet[header.end():end]
            stream = body.find(b"stream\r\n")
            head, tail = (body[:stream], body[stream:]) if stream >= 0 else (body, b"")
            offsets[base + idnum] = output.tell()
            output.write(b"%d 0 obj\n" % (base + idnum) + _REFERENCE_OR_STRING.sub(renumber, head) + tail)
        kids += [base + idnum for idnum in page_numbers]
        last = base + size - 1

    def reference(idnum: int) -> IndirectObject:
        return IndirectObject(idnum, 0, None)  # written, never resolved

    ends: dict[int, dict[str, PdfObject]] = {
        catalog: {"/Type": NameObject("/Catalog"), "/Pages": reference(pages), "/Lang": TextStringObject(language)},
        pages: {"/Type": NameObject("/Pages"), "/Count": NumberObject(len(kids)),
                "/Kids": ArrayObject(reference(k) for k in kids)},
        info: {"/Title": TextStringObject(title)},
    }
    for idnum, entries in ends.items():
        offsets[idnum] = _write_object(output, idnum, DictionaryObject(
            {NameObject(key): value for key, value in entries.items()}))
    xref = output.tell()
    output.write(f"xref\n0 {last + 1}\n0000000000 65535 f \n".encode())
    for idnum in range(1, last + 1):
        output.write(f"{offsets[idnum]:010d} 00000 n \n".encode() if idnum in offsets else b"0000000000 65535 f \n")
    output.write(f"trailer\n<< /Size {last + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
                 f"startxref\n{xref}\n%%EOF\n".encode())
    return len(kids)


def _write_object(output: BinaryIO, idnum: int, value: PdfObject) -> int:
    """One numbered object at the end of output; its offset, for the cross-reference table."""
    offset = output.tell()
    output.write(f"{idnum} 0 obj\n".encode())
    value.write_to_stream(output)
    output.write(b"\nendobj\n")
    return offset


@dataclass(frozen=True)
class _Numbers:
    objects: dict[int, tuple[int, int]]  # number → where it starts and ends in the file
    pages: int  # the page tree's number


_OBJECT_HEADER = re.compile(rb"(\d+) 0 obj\s*")
# In a file PDFium wrote: a string (PDFium escapes every parenthesis inside one), a hex
# string, or a reference, whose number is group 1.
_REFERENCE_OR_STRING = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>|(?<![\d.])(\d+) 0 R")


def _objects(pdf: bytes) -> tuple[_Numbers, list[int], int]:
    """Where each object of a sheet PDFium wrote is (not its catalog, page tree and document
    information, which the file being written has its own of), its pages' numbers in order,
    and its /Size. PDFium writes a classic cross-reference table and no object streams; the
    objects are copied as they are, their references renumbered: pypdf, which parses every
    object, took 7 s for the sheets of 1,000 cards."""
    tail = pdf[-1024:]
    start = int(re.findall(rb"startxref\s+(\d+)", tail)[-1])
    trailer = re.findall(rb"trailer\s*<<(.*?)>>\s*startxref", pdf[start:], re.DOTALL)[-1]
    root = int(re.search(rb"/Root (\d+) 0 R", trailer)[1])  # type: ignore[index]
    info = re.search(rb"/Info (\d+) 0 R", trailer)
    size = int(re.search(rb"/Size (\d+)", trailer)[1])  # type: ignore[index]
    table = re.match(rb"xref\s+0 (\d+)\s+((?:\d{10} \d{5} [nf]\s*)+)", pdf[start:])
    if table is None or int(table[1]) != size:
        raise ValueError("a sheet from PDFium has a cross-reference table of another kind")
    entries = re.findall(rb"(\d{10}) \d{5} ([nf])", table[2])
    located = sorted((int(offset), idnum) for idnum, (offset, kind) in enumerate(entries) if kind == b"n")
    ends = [offset for offset, _ in located[1:]] + [start]
    objects = {idnum: (offset, end) for (offset, idnum), end in zip(located, ends)}

    def body(idnum: int) -> bytes:
        begin, end = objects[idnum]
        return pdf[begin:end]

    pages = int(re.search(rb"/Pages (\d+) 0 R", body(root))[1])  # type: ignore[index]
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body(pages))
    page_numbers = [int(number) for number in re.findall(rb"(\d+) 0 R", kids[1])]  # type: ignore[index]
    for skipped in {root, pages} | ({int(info[1])} if info else set()):
        objects.pop(skipped, None)
    return _Numbers(objects, pages), page_numbers, size


def _sheet(cards: list[bytes], paper: str) -> bytes:
    """Up to ten cards on a sheet: a PDF of two pages, the fronts and the backs."""
    sources = {card: pdfium.PdfDocument(card) for card in dict.fromkeys(cards)}
    sheet = pdfium.PdfDocument.new()
    try:
        width, height = next(iter(sources.values())).get_page_size(0)
        plan = plan_sheet(paper, width / PT_PER_MM, height / PT_PER_MM)
        marks = pdfium.PdfDocument(_cut_marks_pdf(plan))
        for side in (0, 1):
            page = sheet.new_page(plan.width_mm * PT_PER_MM, plan.height_mm * PT_PER_MM)
            page.insert_obj(marks.page_as_xobject(0, sheet).as_pageobject())
            forms = {card: source.page_as_xobject(side, sheet) for card, source in sources.items()}
            for slot, card in enumerate(cards):
                column, row = slot % COLUMNS, slot // COLUMNS
                placed = column if side == 0 else COLUMNS - 1 - column  # the back, seen from behind
                x_mm, y_mm = plan.cell(placed, row)
                y = (plan.height_mm - y_mm - plan.card_height_mm) * PT_PER_MM  # PDF y runs upward
                card_side = forms[card].as_pageobject()
                card_side.transform(pdfium.PdfMatrix().translate(x_mm * PT_PER_MM, y))
                page.insert_obj(card_side)
            page.gen_content()
            page.close()
        marks.close()
        output = io.BytesIO()
        sheet.save(output)
        return output.getvalue()
    finally:
        sheet.close()
        for source in sources.values():
            source.close()


@lru_cache(maxsize=4)
def _cut_marks_pdf(sheet: Sheet) -> bytes:
    """A page of the sheet's size with its cut marks only, in black ink alone (0 G)."""
    writer = PdfWriter()
    page = writer.add_blank_page(sheet.width_mm * PT_PER_MM, sheet.height_mm * PT_PER_MM)
    content = StreamObject()
    content.set_data("\n".join(_cut_marks(sheet)).encode())
    page.replace_contents(content)  # type: ignore[arg-type]  # any stream at all, as pypdf reads it
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _chunks(items: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _cut_marks(sheet: Sheet) -> list[str]:
    """The cut marks as PDF drawing operators: black lines 0.2 mm wide."""
    operators = [f"q 0 G {MARK_WIDTH_MM * PT_PER_MM:.3f} w"]
    for x1, y1, x2, y2 in sheet.marks:
        operators.append(f"{x1 * PT_PER_MM:.3f} {(sheet.height_mm - y1) * PT_PER_MM:.3f} m "
                         f"{x2 * PT_PER_MM:.3f} {(sheet.height_mm - y2) * PT_PER_MM:.3f} l")
    return [*operators, "S Q"]
