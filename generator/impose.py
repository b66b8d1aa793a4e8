"""Imposition: ten wallet cards on one office sheet, fronts on page 1 and backs on page 2.

The backs are mirrored left to right, so that printed double-sided on the long edge each
back lands behind its front. Cut marks sit in the margins, where a paper cutter's blade
goes; the cards keep a small gutter so a duplex printer's shift does not cut into them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject, DictionaryObject, FloatObject, IndirectObject, NameObject, NumberObject, PdfObject,
    RectangleObject, StreamObject, TextStringObject,
)

from generator.load import LAYOUTS_DIR
from generator.model import Layout

PT_PER_MM = 72 / 25.4
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
COLUMNS, ROWS = 2, 5
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


def _form_xobject(page) -> StreamObject:  # type: ignore[no-untyped-def]
    """A page as a form XObject, drawn from its trim box's lower left corner."""
    form = StreamObject()
    form.set_data(page.get_contents().get_data())
    box = page.trimbox
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): RectangleObject([box.left, box.bottom, box.right, box.top]),
        NameObject("/Matrix"): ArrayObject([*(NumberObject(v) for v in (1, 0, 0, 1)),
                                           FloatObject(-box.left), FloatObject(-box.bottom)]),
        NameObject("/Resources"): page["/Resources"],
    })
    return form


def sheet_layout(paper: str) -> Layout:
    """What a card sheet must be: two pages of the office paper."""
    width, height = PAPER_MM[paper]
    return Layout(name="card-sheet", directory=LAYOUTS_DIR, title="Card sheet",
                  page_width_mm=width, page_height_mm=height, pages=2, min_font_pt=0)


def card_sheet(card_pdf: bytes, paper: str, language: str, title: str) -> bytes:
    """The two-sided card as a two-page sheet of ten, for an office printer and a cutter."""
    writer = _sheets([card_pdf] * (COLUMNS * ROWS), paper)
    writer.add_metadata({"/Title": title})
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _sheets(card_pdfs: list[bytes], paper: str) -> PdfWriter:
    """Two-sided cards, ten to a sheet in their order (left to right, then down), each sheet
    a page of fronts and a page of backs."""
    writer = PdfWriter()
    forms: dict[bytes, tuple[IndirectObject, IndirectObject]] = {}
    slots = COLUMNS * ROWS
    sheet = None
    for first in range(0, len(card_pdfs), slots):
        cards = card_pdfs[first:first + slots]
        for card in cards:
            if card not in forms:
                # Each card side becomes one form XObject: a card printed ten times is stored once.
                pages = PdfReader(io.BytesIO(card)).pages
                sheet = sheet or plan_sheet(paper, float(pages[0].trimbox.width) / PT_PER_MM,
                                            float(pages[0].trimbox.height) / PT_PER_MM)
                front, back = (writer._add_object(_form_xobject(pages[side]).clone(writer)) for side in (0, 1))
                forms[card] = (front, back)
        assert sheet is not None
        for side in (0, 1):
            page = writer.add_blank_page(sheet.width_mm * PT_PER_MM, sheet.height_mm * PT_PER_MM)
            names = {card: NameObject(f"/Card{index}{'FB'[side]}") for index, card in enumerate(dict.fromkeys(cards))}
            page[NameObject("/Resources")] = DictionaryObject(
                {NameObject("/XObject"): DictionaryObject({name: forms[card][side] for card, name in names.items()})})
            placements = []
            for slot, card in enumerate(cards):
                column, row = slot % COLUMNS, slot // COLUMNS
                placed = column if side == 0 else COLUMNS - 1 - column  # the back, seen from behind
                x_mm, y_mm = sheet.cell(placed, row)
                y = (sheet.height_mm - y_mm - sheet.card_height_mm) * PT_PER_MM  # PDF y runs upward
                placements.append(f"q 1 0 0 1 {x_mm * PT_PER_MM:.3f} {y:.3f} cm {names[card]} Do Q")
            content = StreamObject()
            content.set_data("\n".join([*_cut_marks(sheet), *placements]).encode())
            page.replace_contents(content)
    return writer


def write_rollout(output: BinaryIO, card_pdfs: Iterable[bytes], paper: str, language: str, title: str) -> int:
    """Many different cards on sheets of ten, as card_sheet() places them, written to output
    (a file, from its start); returns the page count.

    Each sheet is made on its own and its objects written out at once, renumbered after those
    of the sheets before: the memory stays that of one sheet, however many cards there are
    (pypdf holds a whole document's objects until it writes, a third of a megabyte per card).
    """
    output.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    kids: list[int] = []
    catalog, pages, info = 1, 2, 3
    last = info
    for chunk in _chunks(card_pdfs, COLUMNS * ROWS):
        writer = _sheets(chunk, paper)
        own_pages = writer._pages.idnum  # type: ignore[attr-defined]
        skipped = {writer.root_object.indirect_reference.idnum, own_pages}  # type: ignore[union-attr]
        if writer._info is not None:  # type: ignore[attr-defined]
            skipped.add(writer._info.indirect_reference.idnum)  # type: ignore[attr-defined,union-attr]
        base = last
        page_numbers = [page.indirect_reference.idnum for page in writer.pages]  # type: ignore[union-attr]
        _renumber(writer, lambda idnum: pages if idnum == own_pages else base + idnum)
        for idnum, value in enumerate(writer._objects, 1):  # type: ignore[attr-defined]
            if value is not None and idnum not in skipped:
                offsets[base + idnum] = _write_object(output, base + idnum, value)
        kids += [base + idnum for idnum in page_numbers]
        last = base + len(writer._objects)  # type: ignore[attr-defined]
    def reference(idnum: int) -> IndirectObject:
        return IndirectObject(idnum, 0, None)  # type: ignore[arg-type]  # written, never resolved

    ends = {
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


def _chunks(items: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _renumber(writer: PdfWriter, new_number: Callable[[int], int]) -> None:
    """Every reference between the writer's objects given its number in the file being written."""
    seen: set[int] = set()

    def walk(value: object) -> None:
        if isinstance(value, IndirectObject):
            if id(value) not in seen:
                seen.add(id(value))
                value.idnum = new_number(value.idnum)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for value in writer._objects:  # type: ignore[attr-defined]
        walk(value)


def _cut_marks(sheet: Sheet) -> list[str]:
    """The cut marks as PDF drawing operators: black lines 0.2 mm wide."""
    operators = [f"q 0 G {MARK_WIDTH_MM * PT_PER_MM:.3f} w"]
    for x1, y1, x2, y2 in sheet.marks:
        operators.append(f"{x1 * PT_PER_MM:.3f} {(sheet.height_mm - y1) * PT_PER_MM:.3f} m "
                         f"{x2 * PT_PER_MM:.3f} {(sheet.height_mm - y2) * PT_PER_MM:.3f} l")
    return [*operators, "S Q"]
