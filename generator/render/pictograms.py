"""Pictograms of the easy-read leaflet: a small fixed vocabulary of names content may use.

Easy-read puts a picture beside each idea. Content names the picture (`{picture:police}`),
never an icon file: the names are few and fixed, so a translator cannot pull in a file,
and each is drawn by an icon of Lucide (ISC licence: free to print and change), as vector
SVG from the `lucide` package, which is code this project trusts, not a pack's file.
"""

from __future__ import annotations

import base64
import difflib
from functools import cache

# Pictogram name (what content writes) -> Lucide icon (what is drawn). The alternative text
# of each, in each language, is the string picture_<name> of content/strings/<lang>.yaml.
PICTOGRAMS: dict[str, str] = {
    "call": "phone",
    "chat": "message-circle",
    "police": "siren",
    "ambulance": "ambulance",
    "doctor": "stethoscope",
    "safe-place": "house-heart",
    "write-to-us": "mail",
    "protection": "shield-check",
    "stop": "hand",
    "law": "scale",
    "everyone": "users",
    "papers": "file-text",
    "support": "hand-heart",
}
INK = "#111111"  # as base.css's --ink: a pictogram survives a black-and-white photocopy


def alt_key(name: str) -> str:
    """The string of content/strings/<lang>.yaml that says what the pictogram shows."""
    return f"picture_{name.replace('-', '_')}"


def unknown_pictogram(name: str) -> str:
    """Why a name is not a pictogram, with the nearest one ("" when it is one)."""
    if name in PICTOGRAMS:
        return ""
    hint = difflib.get_close_matches(name, PICTOGRAMS, n=1)
    suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
    return f"unknown pictogram {name!r}{suggestion} Pictograms: {', '.join(PICTOGRAMS)}"


@cache
def pictogram_uri(name: str, ink: str = INK) -> str:
    """The pictogram as a vector SVG image, for <img src> (a tagged figure with alternative text),
    drawn in ink (a CSS colour: device-cmyk() in a print shop's file)."""
    from lucide.jinja import lucide  # imported when a document is drawn, not when content is checked

    svg = str(lucide(PICTOGRAMS[name], size=None, stroke=ink))
    svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)  # an image file needs its namespace
    return f"data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"
