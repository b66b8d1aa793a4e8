"""Every printed number is true: what a page shows is what a phone dials.

The check reads a PDF as an eye does and knows nothing of the template that made it. It takes
each page's characters with their boxes (PDFium) and puts them in the order a reader sees them:
lines from top to bottom, each from left to right in the direction its text runs. That is how a
number reads in any language, so a number whose digits a direction control or a right-to-left
paragraph reordered ("201" for 102, "58 31 49 7152 7+") is read as it looks, and is then no
contact's.

A run of digits is a number when it has three or more (no phone number is shorter) or starts
with "+". Each must be the number of a contact the edition shows, or one of its figures (the
articles, durations, dates and versions of its own words, which render lists). Each decoded QR
code must have a number or address beside it, and the nearest one must be the one it dials.
Runs, figures and look-alike letters are read by generator.digits, as content, pack files,
catalogues and spreadsheet cells are: a figure is the same figure in a YAML file and on a page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # PDFium is loaded by the check that reads pages, not by the packs that use the rest
    import pypdfium2 as pdfium

from generator.check.findings import Finding, Kind
from generator.digits import ADDRESS, character_problems, figures, number_runs

Box = tuple[float, float, float, float]  # left, bottom, right, top, in PDF points (y runs up)

# Gaps between glyphs, in heights of their line (ascent to descent, about 1.36 em): a word
# space is about 0.19, two letters touch; wider than BREAK, what follows is read apart.
SPACE, BREAK = 0.08, 0.35
CAPTION_REACH = 0.5  # of a QR code's symbol: how far beside it (its quiet zone, a margin) its caption may start


# --- a page read as an eye reads it ---------------------------------------------------------

# Digits further apart than BREAK are still one number up to this gap, about an em and a sixth
# (an em space, two no-break spaces, digits set in boxes of their own: "8  800  080  7777").
# Numbers set apart in columns stand further: four emergency numbers in a row of a card 1.15
# line heights, the nearest of the bundled layouts 2.5; a "+" starts a number of its own.
READ_ACROSS = 0.85
_ENDS_GROUP, _STARTS_GROUP = frozenset("0123456789)"), frozenset("0123456789(")
TURN = 10  # degrees: glyphs turned less than this from their line's direction are read on it


class Glyph(NamedTuple):
    """A character as the page draws it. A tuple: a page has hundreds, read for every document."""

    char: str
    box: Box
    angle: int  # degrees: the direction its line runs (0: left to right, as most text)
    in_text: int = -1  # its index in its page's text (PDFium's), to look at how it is drawn (generator.check.drawn)


@dataclass(frozen=True)
class Printed:
    """A number or an address on a page, as read: the key it is compared by (digits, or the
    address in small letters), and its box."""

    text: str
    key: str
    box: Box
    number: bool  # a phone number (else an e-mail address)
    line: Box  # of the line it stands in: "WhatsApp +7 708 432 45 61" under a code is its caption
    glyphs: tuple[Glyph, ...] = ()  # as the page draws them


def page_glyphs(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage | None = None) -> list[Glyph]:
    """The characters of a page with their boxes, as the PDF draws them. The boxes are PDFium's
    loose ones, as high as the font's ascent and descent, so that a full stop or a space stands
    on its line as a digit does. textpage: the page's, when the caller has it open already."""
    import pypdfium2.raw as pdfium_c

    own = textpage is None
    textpage = textpage or page.get_textpage()
    try:
        raw, rect = textpage.raw, pdfium_c.FS_RECTF()
        glyphs = []
        for index in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(raw, index))
            if char in "\r\n\x00\ufffe":
                continue
            angle = reading_angle(math.degrees(pdfium_c.FPDFText_GetCharAngle(raw, index)))
            pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect)
            glyphs.append(Glyph(char, (rect.left, rect.bottom, rect.right, rect.top), angle, index))
        return glyphs
    finally:
        if own:
            textpage.close()


def reading_angle(degrees: float) -> int:
    """The direction a glyph is read in: its own, or that of the line it stands on when it is
    turned from it by less than TURN (digits each turned a fraction of a degree read as one
    number, as the eye reads them)."""
    nearest = round(degrees / 90) * 90
    return int(nearest if abs(degrees - nearest) < TURN else round(degrees)) % 360


class _Placed(NamedTuple):
    """A glyph in the frame of its line: along it, and across it (higher is further up)."""

    glyph: Glyph
    along: float
    across: float
    length: float
    size: float

    @classmethod
    def of(cls, glyph: Glyph) -> _Placed:
        left, bottom, right, top = glyph.box
        x, y = (left + right) / 2, (bottom + top) / 2
        if glyph.angle == 0:  # most text: the frame of the page itself
            return cls(glyph, x, y, right - left, max(top - bottom, 1.0))
        radians = math.radians(glyph.angle)
        cos, sin = math.cos(radians), math.sin(radians)
        return cls(glyph, along=x * cos + y * sin, across=-x * sin + y * cos,
                   length=abs(cos) * (right - left) + abs(sin) * (top - bottom),
                   size=max(abs(sin) * (right - left) + abs(cos) * (top - bottom), 1.0))


def visual_lines(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """The glyphs in reading order: lines from the top, each from its start (a glyph is on a
    line when its middle is within half the height of the smaller of the two: large digits and
    the small name under them are two lines, however close). Spaces are read
    from the gaps between glyphs, not from the PDF's space characters (some are made up by the
    reader): a gap as wide as a word space reads as one space, and a wider one, such as parts
    two columns or two numbers set apart, ends the line there, unless digits stand on both
    sides of it, less than READ_ACROSS apart: a reader reads a number across any spacing, so
    its groups are joined by their glyphs' geometry, not by the text layer's characters."""
    placed = sorted((_Placed.of(glyph) for glyph in glyphs if glyph.char.strip()),
                    key=lambda p: (p.glyph.angle, -p.across))
    lines: list[list[_Placed]] = []
    for item in placed:
        first = lines[-1][0] if lines else None
        if (first is not None and first.glyph.angle == item.glyph.angle
                and abs(first.across - item.across) < 0.5 * min(first.size, item.size)):
            lines[-1].append(item)
        else:
            lines.append([item])
    segments: list[list[Glyph]] = []
    for line in lines:
        line.sort(key=lambda p: p.along)
        segment: list[Glyph] = [line[0].glyph]
        for previous, item in zip(line, line[1:]):
            gap = (item.along - item.length / 2) - (previous.along + previous.length / 2)
            size = max(previous.size, item.size)  # a font's ascent to its descent: about 1.36 em
            if gap > BREAK * size and not (gap <= READ_ACROSS * size and previous.glyph.char in _ENDS_GROUP
                                           and item.glyph.char in _STARTS_GROUP):
                segments.append(segment)
                segment = []
            elif gap > SPACE * size:
                segment.append(Glyph(" ", item.glyph.box, item.glyph.angle))
            segment.append(item.glyph)
        segments.append(segment)
    return segments


def read_printed(glyphs: Sequence[Glyph]) -> tuple[list[Printed], list[str]]:
    """The numbers and addresses of a page, in reading order, and the text of its lines."""
    printed = []
    texts = []
    for line in visual_lines(glyphs):
        text = "".join(glyph.char for glyph in line)
        texts.append(text)
        whole = _span(line)
        for run in number_runs(text):
            if run.is_number:
                printed.append(Printed(run.text, run.digits, _span(line[run.start:run.end]), True, whole,
                                       tuple(line[run.start:run.end])))
        for match in ADDRESS.finditer(text):
            printed.append(Printed(match.group(), match.group().lower(), _span(line[match.start():match.end()]),
                                   False, whole, tuple(line[match.start():match.end()])))
    return printed, texts


def _span(glyphs: Sequence[Glyph]) -> Box:
    return (min(g.box[0] for g in glyphs), min(g.box[1] for g in glyphs),
            max(g.box[2] for g in glyphs), max(g.box[3] for g in glyphs))


# --- what may be printed ---------------------------------------------------------------------

@dataclass(frozen=True)
class Known:
    """What an edition may print: its contacts' numbers and addresses (key: what is printed)
    and the figures of its own words."""

    contacts: dict[str, str]  # digits or address → the number or address as the content prints it
    figures: frozenset[str]


def printed_key(number: str) -> str:
    """What a contact's number or address as printed is compared by: its digits, or the
    address in small letters."""
    return number.lower() if "@" in number else "".join(ch for ch in number if ch in "0123456789")


def known_numbers(contacts: Iterable[str], words: Iterable[str]) -> Known:
    """What an edition may print: the numbers and addresses of its contacts as printed, and
    the figures of its words."""
    return Known({printed_key(number): number for number in contacts if number}, figures(words))


def unknown_numbers(printed: Iterable[Printed], known: Known) -> list[Finding]:
    """A number that is no contact's and no figure of the edition's words; an address that is
    no contact's."""
    problems = []
    for item in printed:
        if item.key in known.contacts:
            continue
        if item.number and item.key in known.figures and not item.text.startswith("+"):
            continue
        what = "the number" if item.number else "the address"
        problems.append(Finding(Kind.NUMBER_UNKNOWN, f"{what} {item.text!r} is printed, but it is no contact's of "
                                "this edition (numbers are read in the order the eye reads them)"))
    return list(dict.fromkeys(problems))


def page_characters(lines: Iterable[str]) -> list[Finding]:
    """Digits of the page other than 0-9 (which no scanner or dialler reads as the reader
    does). A look-alike letter touching a digit is read as that digit (number_runs), so the
    number it makes is held against the contacts as the reader would dial it."""
    return [Finding(Kind.CHARACTER, problem) for problem in
            dict.fromkeys(problem for line in lines for problem in character_problems(line, page=True))]


def payload_key(payload: str) -> str:
    """The number or address a QR code reaches: tel:, wa.me and mailto: alike."""
    from urllib.parse import unquote, urlsplit

    if payload.startswith("mailto:"):
        return unquote(payload[len("mailto:"):].split("?")[0]).lower()
    if payload.startswith("tel:"):
        return "".join(ch for ch in payload[len("tel:"):].split(";")[0] if ch.isdigit())
    parts = urlsplit(payload)
    if parts.hostname in ("wa.me", "api.whatsapp.com"):
        return "".join(ch for ch in parts.path if ch.isdigit())
    return payload


def caption_problems(codes: Iterable[tuple[str, Box]], printed: Sequence[Printed], known: Known) -> list[Finding]:
    """Each QR code must have its own number or address as the nearest printed in its caption,
    within twice its width: what a reader without a scanner dials. Its caption is what stands
    below it or beside it: a line not above the code, in its column or in a column that starts
    right beside it. A number is read with one code alone: the nearest of those it stands level
    with, else the nearest (the next row's name, or the caption of the code beside, belongs to
    that code). Text above a code, or in the column of another, is not its caption; a figure (an
    area code in a name) is not a number anyone dials."""
    codes = list(codes)
    printed = [item for item in printed if item.key in known.contacts or item.key not in known.figures]
    owner = [min((n for n, (_, box) in enumerate(codes) if _in_caption(item.line, box)),
                 key=lambda n: (not _level(codes[n][1], item.box), _distance(codes[n][1], item.box)),
                 default=None) for item in printed]
    problems: list[Finding] = []
    for n, (payload, box) in enumerate(codes):
        width = box[2] - box[0]
        caption = [item for item, code in zip(printed, owner) if code == n]
        nearest = min(caption, key=lambda item: _distance(box, item.box), default=None)
        if nearest is None or _distance(box, nearest.box) > 2 * width:
            problems.append(Finding(Kind.CAPTION_MISSING, f"the QR code for {payload} has no number or address "
                                    "printed beside it", payload=payload))
        elif nearest.key != payload_key(payload):
            problems.append(Finding(Kind.CAPTION_WRONG, f"the QR code for {payload} has {nearest.text!r} printed "
                                    "nearest to it, not the number or address it dials", payload=payload))
    return problems


def _in_caption(line: Box, code: Box) -> bool:
    """A line that is not above the code, and across its column or beside it, half its symbol's
    width away at most (a caption set beside the code, flowing down past it)."""
    if line[1] >= code[3] - 1:
        return False
    apart = max(line[0] - code[2], code[0] - line[2], 0.0)
    return apart <= CAPTION_REACH * (code[2] - code[0])


def _level(first: Box, second: Box) -> bool:
    return first[1] < second[3] and second[1] < first[3]


def _distance(first: Box, second: Box) -> float:
    dx = max(first[0] - second[2], second[0] - first[2], 0.0)
    dy = max(first[1] - second[3], second[1] - first[3], 0.0)
    return math.hypot(dx, dy)
