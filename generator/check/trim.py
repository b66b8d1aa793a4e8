"""What a print shop's proof finds at the trim: text or a QR code in the 3 mm inside it, where a
cut that wanders (±0.5–1 mm) shaves it off, and a mark (a fold mark, a crop mark) drawn inside
it, which would print on every finished piece.

Read from the file as pdfium draws it: each character's own glyph box (not its line's), each
drawing on the page with its bounds, against the page's TrimBox.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from generator.check.findings import Finding, Kind

POINTS_PER_MM = 72 / 25.4
SAFE_ZONE_MM = 3.0  # text and codes stay this far inside the trim
MARK_WIDTH_MM = 0.6  # a mark is a line no thicker than this...
MARK_LENGTH_MM = 12.0  # ...no longer than this, standing on an edge of the trim
EDGE_MM = 0.5  # a drawing this close to the trim (or beyond it) stands on it
QR_SEGMENTS = 60  # a square drawing of this many segments and more is a QR code's modules
Box = tuple[float, float, float, float]  # left, bottom, right, top, in points
_EDGES = ("left", "bottom", "right", "top")


@dataclass(frozen=True)
class Near:
    """Something closer to the trim than the safe zone: what it is, how far, which edge."""

    what: str
    distance_mm: float
    edge: str

    def __str__(self) -> str:
        where = (f"{self.distance_mm:.2f} mm from the {self.edge} edge of the trim" if self.distance_mm >= 0
                 else f"{-self.distance_mm:.2f} mm past the {self.edge} edge of the trim")
        return (f"{self.what} is {where}: a cut wanders ±1 mm; keep text and codes {SAFE_ZONE_MM:g} mm "
                "inside the trim")


def trim_problems(pdf: bytes) -> list[Finding]:
    """Each page's text and codes within the safe zone, and marks inside the trim, in sentences
    saying the page, the object and its distance."""
    document = pdfium.PdfDocument(pdf)
    problems: list[Finding] = []
    try:
        for number, page in enumerate(document, 1):
            trim = _box(page.get_trimbox())
            problems += [Finding(Kind.TRIM, str(near), page=number) for near in _near_texts(page, trim)]
            for kind, bounds in _drawings(page):
                if kind == "a mark":
                    if (edge := _mark_inside(bounds, trim)) is not None:
                        problems.append(Finding(Kind.TRIM, f"a mark ({_size(bounds)}) runs from the {edge} edge "
                                                "into the trim and would print on every piece: marks go outside "
                                                "the trim", page=number))
                elif (near := _nearest_edge(bounds, trim)) and near[0] < SAFE_ZONE_MM:
                    problems.append(Finding(Kind.TRIM, str(Near(f"{kind} ({_size(bounds)})", *near)), page=number))
            page.close()
    finally:
        document.close()
    return problems


def _near_texts(page: pdfium.PdfPage, trim: Box) -> Iterator[Near]:
    """Each run of text (pdfium's rectangles of a line) with a glyph in the safe zone, once,
    at its nearest glyph."""
    text = page.get_textpage()
    try:
        nearest: dict[int, tuple[float, str]] = {}
        runs = [text.get_rect(i) for i in range(text.count_rects())]
        for index in range(text.count_chars()):
            if not text.get_text_range(index, 1).strip():
                continue
            left, bottom, right, top = text.get_charbox(index)
            if right <= left or top <= bottom:
                continue
            near = _nearest_edge((left, bottom, right, top), trim)
            if near is None or near[0] >= SAFE_ZONE_MM:
                continue
            run = _run_of((left + right) / 2, (bottom + top) / 2, runs)
            if run not in nearest or near[0] < nearest[run][0]:
                nearest[run] = near
        for run, (distance, edge) in sorted(nearest.items(), key=lambda item: item[1][0]):
            words = text.get_text_bounded(*runs[run]).strip() if run >= 0 else ""
            yield Near(f"the text {' '.join(words.split())[:40]!r}", distance, edge)
    finally:
        text.close()


def _run_of(x: float, y: float, runs: list[Box]) -> int:
    return next((i for i, (left, bottom, right, top) in enumerate(runs)
                 if left - 0.5 <= x <= right + 0.5 and bottom - 0.5 <= y <= top + 0.5), -1)


def _box(values: Iterable[float]) -> Box:
    left, bottom, right, top = (float(v) for v in values)
    return left, bottom, right, top


def _drawings(page: pdfium.PdfPage) -> Iterator[tuple[str, Box]]:
    """The page's images and forms (a logo, a pictogram), its QR codes, and its marks (a thin
    short line) with their bounds; the other drawings (backgrounds, rules) are design."""
    for obj in page.get_objects(max_depth=1):
        bounds = _box(obj.get_bounds())
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            yield "an image", bounds
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield "a drawing", bounds
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            width, height = (bounds[2] - bounds[0]) / POINTS_PER_MM, (bounds[3] - bounds[1]) / POINTS_PER_MM
            if min(width, height) <= MARK_WIDTH_MM and max(width, height) <= MARK_LENGTH_MM:
                yield "a mark", bounds
            elif (abs(width - height) < 0.05 * max(width, height)
                  and pdfium_c.FPDFPath_CountSegments(obj.raw) >= QR_SEGMENTS):
                yield "a QR code", bounds


def _nearest_edge(bounds: Box, trim: Box) -> tuple[float, str] | None:
    """How far a box is inside the trim at its nearest edge (negative: past it), in mm; None
    for a box wholly outside the trim (the slug's marks)."""
    left, bottom, right, top = bounds
    if right <= trim[0] or left >= trim[2] or top <= trim[1] or bottom >= trim[3]:
        return None
    gaps = (left - trim[0], bottom - trim[1], trim[2] - right, trim[3] - top)
    gap = min(gaps)
    return round(gap / POINTS_PER_MM, 2), _EDGES[gaps.index(gap)]


def _mark_inside(bounds: Box, trim: Box) -> str | None:
    """The edge a thin short line stands on and runs inward from (None: it stays outside the
    trim, or stands on no edge)."""
    near = _nearest_edge(bounds, trim)
    if near is None or near[0] > EDGE_MM:
        return None
    left, bottom, right, top = bounds
    inward = {"left": right - trim[0], "bottom": top - trim[1], "right": trim[2] - left, "top": trim[3] - bottom}
    return near[1] if inward[near[1]] > EDGE_MM * POINTS_PER_MM else None


def _size(bounds: Box) -> str:
    return f"{(bounds[2] - bounds[0]) / POINTS_PER_MM:.1f} × {(bounds[3] - bounds[1]) / POINTS_PER_MM:.1f} mm"
