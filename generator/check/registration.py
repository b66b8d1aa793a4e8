"""Small text and the plates' register: what a print shop's preflight warns of, and refuses.

Four plates never land exactly on one another. Text in one ink (black, or white out of a
panel of one ink) stays sharp however they shift; text in two inks or more, or white out of a
panel of several, gets coloured fringes where a plate is off, and small text blurs. So text
under 12 pt in more than one ink is warned of, and refused when a shift of 0.1 mm takes more
than a third of its strokes (a regular weight's stems are about a tenth of the em): under
8.5 pt.

The preflight (preflight.py) follows the page's matrices and what it fills; this module holds
the geometry and the judgement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WARN_BELOW_PT = 12.0  # text smaller than this in more than one ink is warned of
REGISTER_SHIFT_MM = 0.1  # how far a plate may land off
STEM_EM = 0.1  # a regular weight's stem, in ems
LEGIBLE_SHARE = 1 / 3  # the most of a stem a shifted plate may cover and the text still read
REFUSE_BELOW_PT = REGISTER_SHIFT_MM / LEGIBLE_SHARE / STEM_EM * 72 / 25.4  # 8.5 pt
INK_PRESENT = 0.02  # an ink at less than this is no ink (a rounding of a conversion)
INK_NAMES = ("cyan", "magenta", "yellow", "black")
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(first: Matrix, second: Matrix) -> Matrix:
    """first then second, as PDF concatenates matrices (a point is a row vector)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = second
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def scale(matrix: Matrix) -> float:
    """How much a matrix enlarges (the square root of its area's factor)."""
    a, b, c, d, _, _ = matrix
    return math.sqrt(abs(a * d - b * c))


def inks(space: str, values: tuple[float, ...]) -> tuple[str, ...]:
    """The plates a colour prints on: CMYK's inks present, grey's black; other spaces are the
    preflight's RGB problem, not this one's."""
    if space in ("/DeviceCMYK", "/ICCBased-4") and len(values) == 4:
        return tuple(name for name, value in zip(INK_NAMES, values, strict=True) if value >= INK_PRESENT)
    if space in ("/DeviceGray", "/ICCBased-1") and len(values) == 1:
        return ("black",) if 1 - values[0] >= INK_PRESENT else ()
    return ()


@dataclass(frozen=True)
class Fill:
    """A filled shape on the page: its bounds (left, bottom, right, top, in points) and inks."""

    bounds: tuple[float, float, float, float]
    inks: tuple[str, ...]

    def holds(self, x: float, y: float) -> bool:
        left, bottom, right, top = self.bounds
        return left <= x <= right and bottom <= y <= top


def register_problem(size_pt: float, own: tuple[str, ...], under: Fill | None) -> tuple[str, bool] | None:
    """What is wrong with text of size_pt in inks own, over the fill under it: (the sentence,
    whether it is refused rather than warned of); None when nothing is."""
    if size_pt >= WARN_BELOW_PT:
        return None
    if own:
        if len(own) < 2:
            return None
        what = f"{size_pt:.1f} pt text in {len(own)} inks ({', '.join(own)})"
    else:
        if under is None or len(under.inks) < 2:
            return None
        what = f"{size_pt:.1f} pt text in white out of a panel of {len(under.inks)} inks ({', '.join(under.inks)})"
    if size_pt < REFUSE_BELOW_PT - 0.01:
        return (f"{what} cannot be read when the plates shift {REGISTER_SHIFT_MM:g} mm: set it in black ink "
                f"alone, or white out of a panel of one ink, or at {WARN_BELOW_PT:g} pt or more"), True
    return (f"{what} blurs when the plates are out of register: set it in black ink alone, or white out of "
            f"a panel of one ink, or at {WARN_BELOW_PT:g} pt or more"), False
