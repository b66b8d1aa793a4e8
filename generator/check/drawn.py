"""Every glyph of a number or address looks like the character the text layer claims, and can
be seen.

The text layer of a PDF says which characters a page holds; what a reader sees is what is
drawn. A font of the pack's own can draw its 2 as a 3, a white patch painted after a digit can
hide half of it (an 8 then reads as 3), a number can be printed in the colour of what lies
under it. So each glyph of a printed number (its digits) and of a printed address is looked
at on the page's raster, the one its QR codes were decoded from, and compared with the same
character drawn by the trusted fonts (the edition's installed print fonts, never a pack's own
font file) at the same size, place and turn:

- the raster there must follow the trusted glyph's shape better than that of any other digit
  (or letter of an address): a drawing that looks like another character, or like none, is
  named;
- the glyph's colour, against what lies under it, must have a contrast of 3:1 at least (the
  pixels where the trusted glyph covers them and where it does not give the ink and the
  ground). Text clipped away, covered by what is painted after it, or in the colour of its
  ground shows nothing.

Templates, not OCR: the check knows the font, the size, the place and the character each
glyph claims, so it asks a narrower and surer question than an OCR engine ("is this the
trusted 2, and no other digit?") and answers it with arrays in about a fifth of a millisecond
a glyph. Tesseract, limited to digits, read 104 of the bundled documents' 123 numbers right
from the same rasters, at 0.17 s of CPU a number (docs/what-the-check-sees.md). The trusted
glyphs are drawn once per worker and size (an lru_cache).
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image, ImageDraw, ImageFont

from generator.check.findings import Finding, Kind
from generator.check.numbers import Glyph, Printed
from generator.render.fonts import EditionFonts

DIGITS = "0123456789"
ADDRESS_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789@.-_"
MIN_CONTRAST = 3.0  # WCAG's for large text, and the least a reader in poor light can be asked to read
# The least correlation of the raster with the trusted glyph: the bundled pages read 0.82 and
# more where an em has 20 pixels, 0.68 and more in smaller print, which the raster blurs; half a
# digit painted over reads 0.6.
MIN_LIKENESS, MIN_LIKENESS_SMALL, SMALL_EM_PX = 0.78, 0.6, 20.0
MARGIN = 0.04  # how much better another character must fit to be what the glyph looks like
FLAT = 6.0  # grey levels: a glyph's place that varies less than this shows nothing
MIN_EM_PX = 6.0  # below this a glyph is too small on the raster to be told from another
MAX_EM_PX = 32.0  # a larger glyph is looked at in blocks of pixels, as if this size
WHOLE = 0.1  # of a rival letter's ink that may fall outside the claimed one's window
SHIFT = 2  # pixels each way the trusted glyph is moved to meet the drawn one (FreeType and PDFium round apart)


@dataclass(frozen=True)
class TrustedFaces:
    """The faces a page's numbers must look like: the files of the edition's print fonts, and
    the characters each has."""

    faces: tuple[tuple[Path, frozenset[str], bool, bool], ...]  # file, characters, bold, italic

    def having(self, char: str) -> tuple[Path, ...]:
        return tuple(path for path, coverage, _, _ in self.faces if char in coverage)

    def styled(self, faces: tuple[Path, ...], bold: bool, italic: bool) -> tuple[Path, ...]:
        """Those of faces in a style (all of them when none is)."""
        styles = {path: (heavy, slanted) for path, _, heavy, slanted in self.faces}
        return tuple(path for path in faces if styles[path] == (bold, italic)) or faces


@lru_cache(maxsize=16)
def trusted_faces(fonts: EditionFonts) -> TrustedFaces:
    """The faces of an edition's print fonts: installed fonts, which a pack names but never brings."""
    return TrustedFaces(tuple((face.path, font.coverage(), face.weight >= 600, face.style == "italic")
                              for font in fonts.families() for face in font.faces))


@dataclass(frozen=True)
class Raster:
    """A page's raster in grey, and where the page's points fall on it."""

    image: Image.Image  # in grey, as a phone's scanner reads it
    grey: np.ndarray  # the same, height × width, 0 black to 255 white
    left: float  # the crop box's left and top, in points
    top: float
    scale_x: float  # pixels a point: PDFium fits the page to whole pixels, so each axis has its own
    scale_y: float

    @classmethod
    def of(cls, image: Image.Image, page: pdfium.PdfPage) -> Raster:
        left, bottom, right, top = page.get_cropbox()  # the rendered image's corners
        grey = image if image.mode == "L" else image.convert("L")
        return cls(grey, np.asarray(grey), left, top, image.width / (right - left), image.height / (top - bottom))

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point of the page (in points, y up) on the raster (in pixels, y down)."""
        return (x - self.left) * self.scale_x, (self.top - y) * self.scale_y

    def page_box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A box of the raster (left, top, right, bottom pixels) on the page (left, bottom, right, top)."""
        return (self.left + x0 / self.scale_x, self.top - y1 / self.scale_y,
                self.left + x1 / self.scale_x, self.top - y0 / self.scale_y)


def drawn_problems(textpage: pdfium.PdfTextPage, raster: Raster, printed: Sequence[Printed],
                   trusted: TrustedFaces) -> tuple[list[Finding], set[int]]:
    """What a reader sees otherwise than the text layer says, of each number and address of a
    page; and the glyphs (their indices in the page's text) that cannot be seen, which a reader
    does not read (generator.check.pdfcheck reads the page again without them)."""
    problems: list[Finding] = []
    unseen: set[int] = set()
    for item in printed:
        rivals = DIGITS if item.number else ADDRESS_CHARACTERS
        hidden: dict[int, tuple[Kind, str]] = {}
        unlike = []
        for glyph in item.glyphs:
            if glyph.in_text < 0 or not (glyph.char in DIGITS + "+" or (not item.number and glyph.char.strip())):
                continue
            verdict = _look(textpage, raster, glyph, rivals if glyph.char in rivals else rivals + glyph.char, trusted)
            if verdict is None:
                continue
            if verdict[0] is Kind.DRAWN_MISMATCH:
                unlike.append(verdict[1])
            else:
                hidden[glyph.in_text] = verdict
        what = "number" if item.number else "address"
        if hidden:
            unseen.update(hidden)
            part = "".join(g.char for g in item.glyphs if g.in_text in hidden or g.in_text < 0).strip()
            within = f" (of {item.text!r} in the text)" if part != item.text else ""
            kind, why = next(iter(hidden.values()))
            problems.append(Finding(kind, f"the {what} {part!r}{within} cannot be seen: {why}"))
        if unlike:
            problems.append(Finding(Kind.DRAWN_MISMATCH, f"the {what} {item.text!r} is drawn otherwise than its text "
                                    f"says: {'; '.join(dict.fromkeys(unlike))}"))
    return list(dict.fromkeys(problems)), unseen


# What is wrong with one glyph as drawn: NUMBER_UNSEEN or LOW_CONTRAST (it cannot be seen), or
# DRAWN_MISMATCH (it looks like another), and why in words; None: it looks like what it says.
Verdict = tuple[Kind, str] | None


def _look(textpage: pdfium.PdfTextPage, raster: Raster, glyph: Glyph, rivals: str, trusted: TrustedFaces
          ) -> Verdict:
    """What is wrong with one glyph as drawn (None: it looks like what it says).
    Held first against the faces of the style the PDF names (bold, italic), then, if that
    finds anything wrong, against every face: a name only chooses where to look first."""
    where = _placement(textpage, glyph.in_text, raster)
    if where is None or where[2] < MIN_EM_PX:
        return None
    faces = trusted.having(glyph.char)
    if not faces:
        return None
    named = trusted.styled(faces, *_style(textpage, glyph.in_text))
    verdict = _judge(raster, glyph, rivals, named, *where)
    if verdict and named != faces:
        verdict = _judge(raster, glyph, rivals, faces, *where)
    return verdict


def _judge(raster: Raster, glyph: Glyph, rivals: str, faces: tuple[Path, ...], x: float, y: float, em: float,
           turn: tuple[float, ...]) -> Verdict:
    """_look's verdict, against the trusted glyphs of faces."""
    # A large glyph is looked at in blocks of `step` pixels: its shape shows as well, for less.
    step = max(1, math.ceil(em / MAX_EM_PX))
    x, y, em = x / step, y / step, em / step
    px, fx, fy = round(em * 4) / 4, round((x % 1) * 2) / 2, round((y % 1) * 2) / 2
    if fx == 1:  # a whole pixel on: the glyph drawn at 0 of the next pixel, the same in every pixel
        x, fx = x + 1, 0.0  # (not so a whole pixel down: a digit's window starts at a height above its origin)
    stack = _templates(faces, glyph.char, rivals, px, fx, fy, turn)
    if stack is None:
        return None
    _, _, (top, left, height, width) = stack
    top, left = int(math.floor(y)) + top - SHIFT, int(math.floor(x)) + left - SHIFT
    grey, reach = raster.grey, 2 * SHIFT + 1
    rows, columns = height + reach - 1, width + reach - 1
    if top < 0 or left < 0 or (top + rows) * step > grey.shape[0] or (left + columns) * step > grey.shape[1]:
        return Kind.NUMBER_UNSEEN, f"its {glyph.char!r} is cut off by the edge of the page"
    pixels = grey[top * step:(top + rows) * step, left * step:(left + columns) * step]
    # The verdict is the same for the same pixels under the same glyphs: a number printed on
    # every card of a rollout (an emergency number, a service's) is judged once per worker.
    seen = (faces, glyph.char, rivals, px, fx, fy, turn, step, pixels.shape, pixels.tobytes())
    if seen in _VERDICTS:
        verdict = _VERDICTS.pop(seen)
    else:
        verdict = _verdict(pixels, glyph.char, stack, step, px)
        if len(_VERDICTS) >= _VERDICTS_KEPT:
            _VERDICTS.pop(next(iter(_VERDICTS)))
    _VERDICTS[seen] = verdict  # the last judged last
    return verdict


_VERDICTS: dict[tuple[object, ...], Verdict] = {}  # the least recently judged first
_VERDICTS_KEPT = 1024  # a few hundred cards' glyphs of their own, and the glyphs they share (a few MB)


def _verdict(pixels: np.ndarray, char: str, stack: tuple[tuple[str, ...], np.ndarray, tuple[int, int, int, int]],
             step: int, px: float) -> Verdict:
    """_judge's verdict on the pixels around a glyph claimed to be char."""
    chars, templates, (_, _, height, width) = stack
    reach = 2 * SHIFT + 1
    rows, columns = height + reach - 1, width + reach - 1
    patch = pixels.astype(np.float32)
    if step > 1:
        patch = patch.reshape(rows, step, columns, step).mean(axis=(1, 3))
    if float(patch.std()) < FLAT:
        return Kind.NUMBER_UNSEEN, f"nothing is drawn where its {char!r} stands (clipped, covered, or in " \
               "the colour of what lies under it)"
    shifted = sliding_window_view(patch, (height, width)).reshape(reach * reach, height * width)
    centred = shifted - shifted.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(centred, axis=1)
    norms[norms == 0] = 1.0
    # Where the claimed glyph fits best, then every rival there and a pixel around it.
    claimed = np.array([n for n, each in enumerate(chars) if each == char])
    own_fit = np.abs(templates[claimed] @ centred.T) / norms
    best = int(np.argmax(own_fit.max(axis=0)))
    near = np.array([dy * reach + dx for dy in range(max(best // reach - 1, 0), min(best // reach + 2, reach))
                     for dx in range(max(best % reach - 1, 0), min(best % reach + 2, reach))])
    likeness = (templates @ centred[near].T) / norms[near]  # templates: centred, of unit length; rows × shifts
    fit = np.abs(likeness)
    row, column = np.unravel_index(int(np.argmax(fit)), fit.shape)
    own = float(own_fit.max())
    shift = int(near[column])
    ground, ink = _colours(shifted[shift], templates[row], likeness[row, column], norms[shift])  # as drawn
    contrast = _contrast(ground, ink)
    if contrast < MIN_CONTRAST:
        return Kind.LOW_CONTRAST, (f"its {char!r} has a contrast of {contrast:.1f}:1 with what lies under "
                                   f"it (at least {MIN_CONTRAST:g}:1)")
    if chars[row] != char and float(fit[row, column]) > own + MARGIN:
        return Kind.DRAWN_MISMATCH, f"its {char!r} looks like {chars[row]!r} on the page"
    if own < (MIN_LIKENESS if px >= SMALL_EM_PX else MIN_LIKENESS_SMALL):
        return Kind.DRAWN_MISMATCH, (f"its {char!r} does not look like one on the page (covered in part, or "
                                     "drawn in another shape than the print fonts')")
    return None


def _style(textpage: pdfium.PdfTextPage, index: int) -> tuple[bool, bool]:
    """Whether the PDF names a glyph's font bold, and italic (its name, weight and flags)."""
    raw, flags = textpage.raw, ctypes.c_int()
    name = ctypes.create_string_buffer(128)
    pdfium_c.FPDFText_GetFontInfo(raw, index, name, len(name), flags)
    bold = b"Bold" in name.value or pdfium_c.FPDFText_GetFontWeight(raw, index) >= 600
    return bold, b"Italic" in name.value or b"Oblique" in name.value or bool(flags.value & _ITALIC_FLAG)


_ITALIC_FLAG = 1 << 6  # of a PDF font descriptor's flags


def _placement(textpage: pdfium.PdfTextPage, index: int, raster: Raster
               ) -> tuple[float, float, float, tuple[float, ...]] | None:
    """Where a glyph's origin falls on the raster (x, y in pixels), its size (pixels an em) and
    its turn (the text matrix without its scale, as it acts on the raster's axes)."""
    raw = textpage.raw
    ox, oy = ctypes.c_double(), ctypes.c_double()
    if not pdfium_c.FPDFText_GetCharOrigin(raw, index, ox, oy):
        return None
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFText_GetMatrix(raw, index, matrix):
        return None
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
    size = pdfium_c.FPDFText_GetFontSize(raw, index) * scale
    a, b, c, d = (value / scale for value in (matrix.a, matrix.b, matrix.c, matrix.d))
    turn = (round(a, 2), round(-c, 2), round(-b, 2), round(d, 2))  # y runs down on the raster
    return (*raster.point(ox.value, oy.value), size * raster.scale_y, turn)


@lru_cache(maxsize=4096)
def _templates(faces: tuple[Path, ...], char: str, rivals: str, px: float, fx: float, fy: float,
               turn: tuple[float, ...]) -> tuple[tuple[str, ...], np.ndarray, tuple[int, int, int, int]] | None:
    """The trusted glyphs of char and of its rivals in every face, drawn with their origin at
    (fx, fy) of a pixel: their characters, their coverage as centred rows of unit length over
    the window of char's glyph, and that window (top, left, height, width) from the origin's pixel."""
    drawn = {(face, rival): _coverage(face, rival, px, fx, fy, turn) for face in faces for rival in rivals}
    own = [array for (face, rival), array in drawn.items() if rival == char and array is not None]
    boxes = [_box(array) for array in own if array.any()]
    if not boxes:
        return None
    pad = max(1, round(px * 0.06))
    top, left = min(b[0] for b in boxes) - pad, min(b[1] for b in boxes) - pad
    bottom, right = max(b[2] for b in boxes) + pad, max(b[3] for b in boxes) + pad
    if turn == (1.0, 0.0, 0.0, 1.0):  # up to a digit's height: where a "." has no ink, a "9" would
        top = min(top, _ORIGIN(px)[1] - round(0.75 * px))
    chars, rows = [], []
    for (_face, rival), array in drawn.items():
        if array is None:
            continue
        if rival != char and char not in DIGITS and _outside(array, top, bottom, left, right) > WHOLE:
            # A letter wider than the claimed one ("n" for an "r") would be judged by a crop of
            # itself, which the next letter on the page completes. Digits are all one width.
            continue
        window = array[top:bottom, left:right].ravel().astype(np.float32)
        window = window - window.mean()
        norm = float(np.linalg.norm(window))
        if norm == 0:
            continue
        chars.append(rival)
        rows.append(window / norm)
    origin = _ORIGIN(px)
    return tuple(chars), np.stack(rows), (top - origin[1], left - origin[0], bottom - top, right - left)


def _outside(array: np.ndarray, top: int, bottom: int, left: int, right: int) -> float:
    """The share of a drawn glyph's ink outside a window."""
    total = float(array.sum())
    return 1.0 - float(array[top:bottom, left:right].sum()) / total if total else 0.0


def _ORIGIN(px: float) -> tuple[int, int]:  # noqa: N802  (a constant of the canvas, by size)
    """Where a glyph's origin is on its canvas: room for an em and a half on each side."""
    return int(px * 1.5) + 2, int(px * 1.5) + 2


@lru_cache(maxsize=16384)
def _coverage(face: Path, char: str, px: float, fx: float, fy: float, turn: tuple[float, ...]) -> np.ndarray | None:
    """One character of a face drawn at px pixels an em, its origin at (fx, fy) past the
    canvas's origin pixel, turned as the page turns it: 0..1 a pixel."""
    font = _font(face, px)
    side = 2 * _ORIGIN(px)[0] + 1
    canvas = Image.new("L", (side, side), 0)
    ox, oy = _ORIGIN(px)
    ImageDraw.Draw(canvas).text((ox + fx, oy + fy), char, font=font, fill=255, anchor="ls")
    a, b, c, d = turn
    if abs(a - 1) > 0.005 or abs(b) > 0.005 or abs(c) > 0.005 or abs(d - 1) > 0.005:
        det = a * d - b * c
        if abs(det) < 1e-6:
            return None
        ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det  # raster → glyph: the inverse turn
        cx, cy = ox + fx, oy + fy
        canvas = canvas.transform(canvas.size, Image.Transform.AFFINE,
                                  (ia, ib, cx - ia * cx - ib * cy, ic, id_, cy - ic * cx - id_ * cy),
                                  resample=Image.Resampling.BILINEAR)
    return np.asarray(canvas, dtype=np.float32) / 255


@lru_cache(maxsize=256)
def _font(face: Path, px: float) -> ImageFont.FreeTypeFont:
    """The face at px pixels an em. One character is drawn at a time: FreeType's own layout
    (BASIC) draws it as Raqm does, pixel for pixel, in two thirds of the time, without shaping."""
    return ImageFont.truetype(str(face), px, layout_engine=ImageFont.Layout.BASIC)


def _box(array: np.ndarray) -> tuple[int, int, int, int]:
    rows, columns = np.nonzero(array > 0.05)
    return int(rows.min()), int(columns.min()), int(rows.max()) + 1, int(columns.max()) + 1


def _colours(pixels: np.ndarray, template: np.ndarray, likeness: float, norm: float) -> tuple[float, float]:
    """The grey of the ground and of the ink under a glyph, with pixels ≈ ground + (ink −
    ground) · coverage. The template is the coverage centred and of unit length, so the ink
    stands from the ground by the pixels' spread over the coverage's (not the regression's
    slope, which a glyph a little off its template would make fainter than it is); the
    coverage runs from the template's least (no ink) to its most (about 1)."""
    spread = float(template.max() - template.min()) or 1.0  # the coverage's 0 to 1, in the template's units
    amplitude = math.copysign(norm, likeness)  # the pixels' spread, in the same units
    low = float(pixels.mean()) + amplitude * float(template.min())
    return low, low + amplitude * spread


def _contrast(first: float, second: float) -> float:
    """WCAG's contrast ratio of two greys (0-255)."""
    def luminance(grey: float) -> float:
        value = min(max(grey / 255, 0.0), 1.0)
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
