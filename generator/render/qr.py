"""QR codes as vector SVG: error correction M, a quiet zone of four modules, white ground.

A template shows a code as an <img> of its SVG (a tagged image with alternative text). WeasyPrint
would parse that SVG for every document and its path again at every drawing; the same codes
stand on every site's card, so each code's drawing is made once per process instead
(VectorQr): the same lines, written as PDF operators, copied into each page that shows it.
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Any

import qrcode

QUIET_ZONE = 4


PX_PER_MM = 96 / 25.4  # CSS pixels


# The white square and the dark modules: in RGB for the office, and for a print shop in black
# ink alone on no ink (a rich black would blur the modules when the plates are out of register).
_RGB_COLOURS = (b"1 1 1 rg", b"0 0 0 RG")
_BLACK_INK_COLOURS = (b"0 0 0 0 k", b"0 0 0 1 K")


class VectorQr:
    """A QR code as WeasyPrint draws an image (get_intrinsic_size, draw): the white square and
    one stroke a module thick along each run of dark modules, as the SVG draws them, its PDF
    path operators written once."""

    def __init__(self, matrix: list[list[bool]]) -> None:
        self.modules = len(matrix)
        self.colours = _RGB_COLOURS
        self._path = b" ".join(f"{x} {y}.5 m {x + width} {y}.5 l".encode() for x, y, width in dark_runs(matrix))

    def in_black_ink(self) -> VectorQr:
        """The same code, for a print shop's CMYK file."""
        printed = copy.copy(self)
        printed.colours = _BLACK_INK_COLOURS
        return printed

    def get_intrinsic_size(self, image_resolution: float, font_size: float) -> tuple[float, float, float]:
        side = self.modules * PX_PER_MM  # the SVG's own size: a millimetre a module
        return side, side, 1

    def draw(self, stream: Any, concrete_width: float, concrete_height: float, style: object) -> None:
        """Into a page's stream, where WeasyPrint has set the box's corner as the origin (y down)
        and saved the graphic state around this."""
        stream.transform(a=concrete_width / self.modules, d=concrete_height / self.modules)
        ground, modules = self.colours
        stream.stream.append(ground)
        stream.rectangle(0, 0, self.modules, self.modules)
        stream.fill()
        stream.stream.append(modules)
        stream.set_line_width(1)
        stream.stream.append(self._path)
        stream.stroke()


@dataclass(frozen=True)
class QrCode:
    payload: str
    modules: int  # width in modules, quiet zone included
    data_uri: str  # for <img src>, so the code is a tagged image with alternative text
    drawing: VectorQr  # what WeasyPrint draws for that image (see drawings)
    printed: VectorQr  # the same in black ink, for a print shop's file


@lru_cache(maxsize=512)
def make_qr(payload: str) -> QrCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()  # quiet zone included
    size = len(matrix)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}mm" height="{size}mm" viewBox="0 0 {size} {size}">'
           f'<rect width="{size}" height="{size}" fill="#fff"/>'
           f'<path d="{_dark_runs(matrix)}" stroke="#000" stroke-width="1"/></svg>')
    encoded = base64.b64encode(svg.encode()).decode()
    return QrCode(payload=payload, modules=size, data_uri=f"data:image/svg+xml;base64,{encoded}",
                  drawing=(drawing := VectorQr(matrix)), printed=drawing.in_black_ink())


def drawings(payloads: Iterable[str], black_ink: bool = False) -> dict[str, VectorQr]:
    """The drawing of each code a document shows, by the address of its image: WeasyPrint's
    image cache for one document, so its QR codes are neither fetched nor parsed. black_ink:
    for a print shop's file."""
    return {code.data_uri: code.printed if black_ink else code.drawing for code in map(make_qr, payloads)}


def dark_runs(matrix: list[list[bool]]) -> list[tuple[int, int, int]]:
    """(x, y, width) of each run of dark modules in a row: one line, one module thick, each."""
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        for dark, run in groupby(row):
            width = len(list(run))
            if dark:
                runs.append((x, y, width))
            x += width
    return runs


def _dark_runs(matrix: list[list[bool]]) -> str:
    """The runs as an SVG path: WeasyPrint parses SVG paths in Python, so three numbers a run
    instead of six a module (a viewer of the page's <img> still sees the same code)."""
    return "".join(f"M{x} {y}.5h{width}" for x, y, width in dark_runs(matrix))
