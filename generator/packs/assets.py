"""Load stage: a pack's image files (its logo), checked when the pack loads, like content.

A logo is printed on every poster and leaflet of the pack, and passed between NGOs: it must
be a PNG that decodes, or an SVG that draws by itself. An SVG may not pull in anything from
outside (a file of the machine, the network, another image or stylesheet), and an image may
not be so large that decoding it is a risk: WeasyPrint would otherwise leave it out, or
fetch what it names, and the document would fail far from the cause.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

MAX_LOGO_PX = 4000  # on either side: a 60 mm logo at 600 dpi is 1417 px
MAX_LOGO_BYTES = 2_000_000
_LINKS = ("href", "{http://www.w3.org/1999/xlink}href", "src")
_URL = re.compile(r"""url\(\s*['"]?([^'")\s]*)""", re.IGNORECASE)
_FORBIDDEN = {"script", "foreignObject"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def logo_problems(path: Path) -> list[str]:
    """What is wrong with a logo file, in words for whoever made it (empty: nothing)."""
    if path.stat().st_size > MAX_LOGO_BYTES:
        return [f"{path.name} is {path.stat().st_size // 1000} kB; a logo may have {MAX_LOGO_BYTES // 1000} kB"]
    if path.suffix.lower() == ".svg":
        return _svg_problems(path)
    return _png_problems(path)


def _png_problems(path: Path) -> list[str]:
    data = path.read_bytes()
    if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return [f"{path.name} is not a PNG file"]
    width, height = struct.unpack(">II", data[16:24])  # from the header, before anything is decoded
    if max(width, height) > MAX_LOGO_PX:
        return [f"{path.name} is {width} × {height} px; a logo may have at most {MAX_LOGO_PX} px a side"]
    from PIL import Image, ImageFile  # for a PNG logo only

    # WeasyPrint, once imported, lets Pillow fill a truncated image with grey: not here.
    truncated_allowed, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.load()  # decodes every pixel: a damaged file fails here, not in the PDF
    except (OSError, SyntaxError, ValueError) as error:
        return [f"{path.name} cannot be read as an image: {error}"]
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated_allowed
    return []


def _svg_problems(path: Path) -> list[str]:
    import xml.etree.ElementTree as ElementTree  # read only for an SVG logo

    data = path.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"<?xml-stylesheet" in data:
        return [f"{path.name} has a DOCTYPE, an entity or a stylesheet instruction; a logo may not"]
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        return [f"{path.name} is not a well-formed SVG file: {error}"]
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        return [f"{path.name} is not an SVG file (its root element is {root.tag!r})"]
    problems = []
    for element in root.iter():
        name = element.tag.rpartition("}")[2]
        if name in _FORBIDDEN:
            problems.append(f"{path.name} has a <{name}> element; a logo may not")
        links = [element.get(attribute, "") for attribute in _LINKS]
        links += _URL.findall(element.get("style", ""))
        if name == "style":
            links += _URL.findall(element.text or "")
            if "@import" in (element.text or ""):
                problems.append(f"{path.name} imports a stylesheet; a logo may not")
        for link in links:
            if link and not link.startswith(("#", "data:")):
                problems.append(f"{path.name} refers to {link} in <{name}>; a logo must hold everything it "
                                "draws (nothing from a file or the network)")
    return problems


_SVG_COLOUR = re.compile(r"(?:fill|stroke)\s*[:=]\s*['\"]?(#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b)")
_SHAPES = {"path", "rect", "circle", "ellipse", "polygon", "polyline", "line", "text"}


def logo_inks(path: Path) -> dict[str, float]:
    """The colours a logo draws with ("#rrggbb"), each with its share of what it draws: of a
    PNG's opaque pixels, or of an SVG's fills and strokes (a shape with none is black). Read to
    tell whether the logo stands out on the band it is printed on."""
    if path.suffix.lower() == ".svg":
        return _svg_inks(path.read_text(encoding="utf-8", errors="replace"))
    from PIL import Image

    with Image.open(path, formats=["PNG"]) as image:
        pixels = image.convert("RGBA").reduce(max(1, max(image.size) // 200))
    counts: dict[str, int] = {}
    data = pixels.tobytes()  # R, G, B, A, a byte each
    for red, green, blue, alpha in zip(data[0::4], data[1::4], data[2::4], data[3::4]):
        if alpha >= 128:
            colour = f"#{red:02x}{green:02x}{blue:02x}"
            counts[colour] = counts.get(colour, 0) + 1
    total = sum(counts.values())
    return {colour: count / total for colour, count in counts.items()} if total else {}


def _svg_inks(text: str) -> dict[str, float]:
    colours = [_six_digits(found) for found in _SVG_COLOUR.findall(text)]
    if not colours and any(f"<{shape}" in text for shape in _SHAPES):
        colours = ["#000000"]
    return {colour: colours.count(colour) / len(colours) for colour in set(colours)}


def _six_digits(colour: str) -> str:
    return colour.lower() if len(colour) == 7 else "#" + "".join(ch * 2 for ch in colour[1:].lower())
