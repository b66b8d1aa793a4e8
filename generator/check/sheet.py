"""Check a card sheet from what it draws, not from ten copies of the card's glyphs.

A sheet of cards (generator.write.impose) is made of cards that were each checked already:
rasterised, every code decoded, every number read. What is left to prove is that each page of
the sheet draws those very cards and nothing else: each slot's card a form whose drawing
(its content and every resource it uses: fonts, images, colours) is the checked card's page,
placed by a translation alone, unclipped, inside the page and overlapping no other card, the
backs behind their fronts (mirrored left to right), and apart from them only cut marks: lines
that cross no card. Then each copy prints what its card prints, pixel for pixel but for where
the pixels fall; a copy that differs, a box drawn over a digit, a card scaled, clipped or
covered, is refused. Reading what the sheet draws costs a few milliseconds; reading ten
copies' glyphs took seventy.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pikepdf

from generator.check.findings import Finding, Kind

MM_PER_POINT = 25.4 / 72
SIZE_TOLERANCE_MM = 0.5
TOLERANCE_PT = 0.01  # PDFium writes a form's box with five decimals where WeasyPrint wrote six

# What a sheet's page may hold, and what its drawing may do besides placing forms: set the
# graphics state to what a page starts with (black, lines 1 pt wide, butt caps, mitred joins),
# which is the state each card was drawn and checked in.
_PAGE_KEYS = {"/Type", "/Parent", "/Resources", "/MediaBox", "/Contents", "/Rotate"}
_PAGE_RESOURCES = {"/ExtGState", "/XObject", "/ProcSet"}
_FORM_KEYS = {"/Type", "/Subtype", "/FormType", "/BBox", "/Matrix", "/Resources", "/Filter", "/Length",
              "/DecodeParms"}
_DEFAULT_STATE = {"G": [0], "g": [0], "RG": [0, 0, 0], "rg": [0, 0, 0], "w": [1], "J": [0], "j": [0]}
_DEFAULT_EXTGSTATE = {"/Type": "/ExtGState", "/BM": "/Normal", "/CA": 1, "/ca": 1}
# A cut mark: black lines and nothing else.
_MARK_OPERATORS = {"q", "Q", "m", "l", "S", "w", "G", "g", "RG", "rg"}


@dataclass(frozen=True)
class Placed:
    """A form drawn on a sheet's page, translated to (x, y) in points."""

    form: pikepdf.Object
    x: float
    y: float


def sheet_problems(sheet: bytes, cards: Sequence[bytes], page_mm: tuple[float, float], per_sheet: int
                   ) -> list[Finding]:
    """What is wrong with a sheet that must carry the two-sided cards, in order (left to right,
    then down), per_sheet to a sheet: their fronts on its first page, their backs on its
    second, and so on, on pages of page_mm (width, height)."""
    try:
        with pikepdf.open(io.BytesIO(sheet)) as document:
            card_documents = {card: pikepdf.open(io.BytesIO(card)) for card in dict.fromkeys(cards)}
            distinct = {card: number for number, card in enumerate(card_documents)}
            try:
                return list(_problems(document, [(distinct[card], card_documents[card]) for card in cards], page_mm,
                                      per_sheet))
            finally:
                for card_document in card_documents.values():
                    card_document.close()
    except pikepdf.PdfError as error:
        return [Finding(Kind.SHEET_PAGES, f"the sheet does not open as a PDF ({error})")]


def _problems(sheet: pikepdf.Pdf, cards: list[tuple[int, pikepdf.Pdf]], page_mm: tuple[float, float],
              per_sheet: int) -> Iterator[Finding]:
    """cards: each slot's card, with the number of its distinct PDF."""
    expected = 2 * -(-len(cards) // per_sheet)
    if len(sheet.pages) != expected:
        yield Finding(Kind.SHEET_PAGES, f"{len(sheet.pages)} pages for {len(cards)} cards instead of {expected}")
        return
    for _, card in cards:
        if len(card.pages) != 2:
            yield Finding(Kind.SHEET_PAGES, f"a card of {len(card.pages)} pages cannot have a front and a back")
            return
    if "/OCProperties" in sheet.Root:
        yield _drawn_over("it has layers a viewer may hide")
        return
    compared: dict[tuple[tuple[int, int], int, bool], str] = {}  # a form drawn ten times is compared once
    for index, page in enumerate(sheet.pages):
        number, side = index + 1, index % 2
        on_sheet = cards[index // 2 * per_sheet:(index // 2 + 1) * per_sheet]
        yield from (problem.on_page(number) for problem in _page_problems(
            page, [(distinct, card.pages[side]) for distinct, card in on_sheet], page_mm, compared, front=side == 0))
        if side == 1:
            yield from (problem.on_page(number) for problem in _mirrored(sheet.pages[index - 1], page))


def _page_problems(page: pikepdf.Page, sides: list[tuple[int, pikepdf.Page]], page_mm: tuple[float, float],
                   compared: dict[tuple[tuple[int, int], int, bool], str], front: bool) -> Iterator[Finding]:
    """One page of the sheet: its size, what it holds, and each card it draws (their fronts
    read left to right, their backs, seen from behind, right to left)."""
    width, height = _page_size(page)
    if abs(width * MM_PER_POINT - page_mm[0]) > SIZE_TOLERANCE_MM or \
            abs(height * MM_PER_POINT - page_mm[1]) > SIZE_TOLERANCE_MM:
        yield Finding(Kind.PAGE_SIZE, f"the sheet is {width * MM_PER_POINT:.1f} × {height * MM_PER_POINT:.1f} mm, "
                                      f"expected {page_mm[0]} × {page_mm[1]} mm")
    extra = set(page.obj.keys()) - _PAGE_KEYS
    if extra or int(page.obj.get("/Rotate", 0)) % 360:
        yield _drawn_over(f"the page carries {', '.join(sorted(extra)) or 'a rotation'}")
        return
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    if set(resources.keys()) - _PAGE_RESOURCES:
        yield _drawn_over(f"the page uses {', '.join(sorted(set(resources.keys()) - _PAGE_RESOURCES))}")
        return
    try:
        placed = list(_placed(page, resources))
    except _NotACardSheet as refused:
        yield _drawn_over(str(refused))
        return
    marks = [item for item in placed if _is_cut_marks(item.form)]
    drawn = [item for item in placed if not _is_cut_marks(item.form)]
    if len(drawn) != len(sides):
        yield _drawn_over(f"{len(drawn)} cards drawn where {len(sides)} belong")
        return
    boxes = []
    for slot, (item, (card, side)) in enumerate(zip(drawn, sides), 1):
        pair = (item.form.objgen, card, front)  # the same form on the backs must be a back
        if pair not in compared:
            compared[pair] = _form_differs(item.form, side)
        difference = compared[pair]
        if difference:
            yield Finding(Kind.SHEET_COPY, f"card {slot} is not the checked card: {difference}")
        w, h = _page_size(side)
        boxes.append((item.x, item.y, item.x + w, item.y + h))
    for slot, box in enumerate(boxes, 1):
        if box[0] < -TOLERANCE_PT or box[1] < -TOLERANCE_PT or box[2] > width + TOLERANCE_PT \
                or box[3] > height + TOLERANCE_PT:
            yield Finding(Kind.SHEET_COPY, f"card {slot} runs off the sheet")
        for other, second in enumerate(boxes[slot:], slot + 1):
            if _overlap(box, second):
                yield Finding(Kind.SHEET_COPY, f"cards {slot} and {other} overlap")
    if boxes != sorted(boxes, key=lambda box: (-round(box[3], 1), box[0] if front else -box[0])):
        yield Finding(Kind.SHEET_COPY, "the cards are not in their order, left to right, then down")
    for item in marks:
        for line in _mark_lines(item):
            if any(_overlap(line, box) for box in boxes):
                yield _drawn_over("a cut mark crosses a card")
                break


def _mirrored(fronts: pikepdf.Page, backs: pikepdf.Page) -> Iterator[Finding]:
    """Each back lands behind its front when the sheet is printed on both sides (long edge)."""
    width, _ = _page_size(fronts)
    try:
        front = [item for item in _placed(fronts, fronts.obj.get("/Resources")) if not _is_cut_marks(item.form)]
        back = [item for item in _placed(backs, backs.obj.get("/Resources")) if not _is_cut_marks(item.form)]
    except _NotACardSheet:
        return  # said above
    for slot, (f, b) in enumerate(zip(front, back), 1):
        card_width = float(f.form.BBox[2]) - float(f.form.BBox[0])
        if abs(b.x - (width - f.x - card_width)) > TOLERANCE_PT * 10 or abs(b.y - f.y) > TOLERANCE_PT * 10:
            yield Finding(Kind.SHEET_COPY, f"the back of card {slot} is not behind its front")


class _NotACardSheet(Exception):
    """The page draws something other than forms placed by a translation."""


def _placed(page: pikepdf.Page, resources: Any) -> Iterator[Placed]:
    """Every form the page draws, where: the page may set the default graphics state, save and
    restore it, translate, and draw forms; anything else it draws is refused."""
    forms = resources.get("/XObject", pikepdf.Dictionary())
    states = resources.get("/ExtGState", pikepdf.Dictionary())
    stack: list[tuple[float, float]] = []
    x = y = 0.0
    for operands, name in _instructions(page):
        if name not in ("q", "Q", "cm", "gs", "Do", *_DEFAULT_STATE):
            raise _NotACardSheet(f"it draws something other than its cards and cut marks ({name})")
        if len(operands) != {"q": 0, "Q": 0, "cm": 6, "gs": 1, "Do": 1}.get(name, len(_DEFAULT_STATE.get(name, ()))):
            raise _NotACardSheet(f"its {name} takes {len(operands)} operands")
        values = [_number(value) for value in operands] if name not in ("Do", "gs") else []
        if name == "q":
            stack.append((x, y))
        elif name == "Q":
            if not stack:
                raise _NotACardSheet("its drawing restores a state it never saved")
            x, y = stack.pop()
        elif name == "cm":
            a, b, c, d, e, f = values
            if (a, b, c, d) != (1, 0, 0, 1):
                raise _NotACardSheet("a card is scaled, turned or skewed")
            x, y = x + e, y + f
        elif name in _DEFAULT_STATE:
            if values != _DEFAULT_STATE[name]:
                raise _NotACardSheet(f"it sets {name} {' '.join(map(str, values))}, "
                                     "which the cards were not checked in")
        elif name == "gs":
            state = states.get(str(operands[0]))
            if state is None or {key: _plain(value) for key, value in state.items()} != \
                    {key: _DEFAULT_EXTGSTATE[key] for key in state.keys() if key in _DEFAULT_EXTGSTATE} \
                    or set(state.keys()) - set(_DEFAULT_EXTGSTATE):
                raise _NotACardSheet("it sets a graphics state the cards were not checked in")
        elif name == "Do":
            form = forms.get(str(operands[0]))
            if form is None or form.get("/Subtype") != "/Form":
                raise _NotACardSheet("it draws an image, not a card")
            yield Placed(form, x, y)


def _instructions(drawn: pikepdf.Object | pikepdf.Page) -> Iterator[tuple[list[Any], str]]:
    """Each operator of a page's or form's drawing, with its operands (an inline image's: its name)."""
    for instruction in pikepdf.parse_content_stream(drawn):
        yield list(instruction.operands), str(instruction.operator)


def _is_cut_marks(form: pikepdf.Object) -> bool:
    """A form that draws black lines and nothing else, with no resources."""
    if set(form.keys()) - _FORM_KEYS or len(form.get("/Resources", pikepdf.Dictionary()).keys()):
        return False
    for operands, name in _instructions(form):
        if name not in _MARK_OPERATORS:
            return False
        if name in _DEFAULT_STATE and name != "w" and any(_number(v) != 0 for v in operands):
            return False  # black only
    return True


def _mark_lines(item: Placed) -> Iterator[tuple[float, float, float, float]]:
    """What each line a cut-marks form draws covers on the page: the box round its ends,
    widened by half the line's width."""
    start, half = (0.0, 0.0), 0.5
    for operands, name in _instructions(item.form):
        if name == "w":
            half = _number(operands[0]) / 2
        elif name in ("m", "l"):
            point = (_number(operands[0]) + item.x, _number(operands[1]) + item.y)
            if name == "l":
                yield (min(start[0], point[0]) - half, min(start[1], point[1]) - half,
                       max(start[0], point[0]) + half, max(start[1], point[1]) + half)
            start = point


def _form_differs(form: pikepdf.Object, side: pikepdf.Page) -> str:
    """How a form placed on the sheet differs from the card's page: '' when it draws the same."""
    if set(form.keys()) - _FORM_KEYS - {"/Group"}:
        return f"its form carries {', '.join(sorted(set(form.keys()) - _FORM_KEYS))}"
    if int(side.obj.get("/Rotate", 0)) % 360 or "/UserUnit" in side.obj:
        return "the card's page is turned or scaled, which a form placed on a sheet is not"
    if ("/Group" in form or "/Group" in side.obj) and not (
            "/Group" in form and "/Group" in side.obj and _same(form.Group, side.obj.Group, set())):
        return "its form is blended otherwise than the card's page"
    matrix = [_number(value) for value in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
    if matrix != [1, 0, 0, 1, 0, 0]:
        return "its form is scaled or moved"
    box = [_number(value) for value in form.BBox]
    media = [_number(value) for value in side.mediabox]
    if any(abs(a - b) > TOLERANCE_PT for a, b in zip(box, media)):
        return "its form is cut to another box than the card's page"
    contents = side.obj.Contents
    drawing = b"".join(part.read_bytes() for part in contents) if isinstance(contents, pikepdf.Array) \
        else contents.read_bytes()
    if form.read_bytes() != drawing:
        return "it draws other than the card's page"
    if not _same(form.get("/Resources", pikepdf.Dictionary()), side.obj.get("/Resources", pikepdf.Dictionary()), set()):
        return "its fonts, images or colours are not the card's"
    return ""


def _same(a: Any, b: Any, seen: set[tuple[tuple[int, int], tuple[int, int]]]) -> bool:
    """Whether two objects of two PDFs are the same: each stream's data, each dictionary's
    entries and each array's items alike, numbers within the precision PDFium writes."""
    if isinstance(a, pikepdf.Object) and isinstance(b, pikepdf.Object) and a.is_indirect and b.is_indirect:
        pair = (a.objgen, b.objgen)
        if pair in seen:
            return True
        seen.add(pair)
    if isinstance(a, pikepdf.Stream):
        if not isinstance(b, pikepdf.Stream):
            return False
        if a.read_raw_bytes() == b.read_raw_bytes():
            return _same(a.stream_dict, b.stream_dict, seen)
        data = ("/Length", "/Filter", "/DecodeParms")  # the same data, encoded otherwise
        try:
            decoded = a.read_bytes() == b.read_bytes()
        except pikepdf.PdfError:  # encoded otherwise, in a way this cannot decode: not shown the same
            return False
        return decoded and _same_entries(a.stream_dict, b.stream_dict, seen, data)
    if isinstance(a, (pikepdf.Dictionary, pikepdf.Array)):
        if not isinstance(b, type(a)):
            return False
        written = a.unparse()
        if not _REFERENCE.search(written) and written == b.unparse():
            return True  # the same, with nothing of its document's in it (a font's widths)
        if isinstance(a, pikepdf.Dictionary):
            return _same_entries(a, b, seen, ())
        return len(a) == len(b) and all(_same(x, y, seen) for x, y in zip(a, b))
    if isinstance(a, (int, float, Decimal)) and not isinstance(a, bool):
        return isinstance(b, (int, float, Decimal)) and not isinstance(b, bool) and abs(float(a) - float(b)) < 1e-4
    return bool(a == b)


_REFERENCE = re.compile(rb"\d+ \d+ R")


def _same_entries(a: pikepdf.Object, b: pikepdf.Object, seen: set[tuple[tuple[int, int], tuple[int, int]]],
                  leave: tuple[str, ...]) -> bool:
    keys = set(a.keys()) - set(leave)
    return keys == set(b.keys()) - set(leave) and all(_same(a[key], b[key], seen) for key in keys)


def _page_size(page: pikepdf.Page) -> tuple[float, float]:
    left, bottom, right, top = (_number(value) for value in page.mediabox)
    return right - left, top - bottom


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, pikepdf.Object)):
        raise _NotACardSheet("an operator takes something other than numbers")
    return float(value)


def _plain(value: Any) -> Any:
    """A graphics state's entry as Python compares it: names as strings, numbers as numbers."""
    return str(value) if isinstance(value, pikepdf.Name) else float(value) if isinstance(value, Decimal) else value


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > TOLERANCE_PT and min(a[3], b[3]) - max(a[1], b[1]) > TOLERANCE_PT


def _drawn_over(what: str) -> Finding:
    return Finding(Kind.SHEET_COPY, f"the sheet draws more than its cards and cut marks: {what}")
