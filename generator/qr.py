"""QR codes as vector SVG: error correction M, a quiet zone of four modules, white ground."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache

import qrcode
import qrcode.image.svg

QUIET_ZONE = 4


@dataclass(frozen=True)
class QrCode:
    payload: str
    modules: int  # width in modules, quiet zone included
    data_uri: str  # for <img src>, so the code is a tagged image with alternative text


@lru_cache(maxsize=512)
def make_qr(payload: str) -> QrCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE,
                         box_size=10, image_factory=qrcode.image.svg.SvgPathFillImage)
    code.add_data(payload)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    encoded = base64.b64encode(svg.encode()).decode()
    return QrCode(payload=payload, modules=code.modules_count + 2 * QUIET_ZONE,
                  data_uri=f"data:image/svg+xml;base64,{encoded}")
