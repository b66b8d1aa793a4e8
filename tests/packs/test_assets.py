"""A pack's logo is checked when the pack loads, and named in the error; what WeasyPrint could
not load fails the document, naming the file."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from generator.check.findings import Kind
from generator.errors import RespackError
from generator.packs.load import load_pack
from generator.packs.plan import plan_editions
from generator.pipeline import build_document
from support import pack_with_template

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 8 8">{}</svg>'
OUTSIDE_SVGS = {
    "a file of the machine": SVG.format('<image href="file:///etc/passwd" width="8" height="8"/>'),
    "a network image": SVG.format('<image xlink:href="https://example.org/x.png" width="8" height="8"/>'),
    "a stylesheet": SVG.format('<style>@import url("https://example.org/x.css");</style>'),
    "a style's url": SVG.format('<rect width="8" height="8" style="fill: url(http://example.org/p#g)"/>'),
    "a file beside it": SVG.format('<use href="other.svg#mark"/>'),
    "an entity": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 + SVG.format("<text>&x;</text>"),
    "a script": SVG.format("<script>alert(1)</script>"),
}


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width × height pixels (its pixels need never be decoded to know)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def png(size: tuple[int, int], kind: str = "PNG") -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "#0b5d4b").save(output, kind)
    return output.getvalue()


def pack_with_logo(folder: Path, name: str, data: bytes) -> Path:
    pack_file = pack_with_template(folder, "README.md", "")
    (folder / name).write_bytes(data)
    text = pack_file.read_text(encoding="utf-8")
    pack_file.write_text(text + f"branding:\n  organisation: Ours\n  logo: {name}\n", encoding="utf-8")
    return pack_file


def logo_problems(folder: Path, name: str, data: bytes) -> list[str]:
    with pytest.raises(RespackError) as raised:
        load_pack(pack_with_logo(folder, name, data))
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize("case", OUTSIDE_SVGS, ids=list(OUTSIDE_SVGS))
def test_an_svg_logo_may_not_pull_in_anything(case: str, tmp_path: Path) -> None:
    problems = logo_problems(tmp_path, "logo.svg", OUTSIDE_SVGS[case].encode())
    assert any("pack.yaml" in p and "[branding.logo]" in p and "logo.svg" in p for p in problems), problems


@pytest.mark.parametrize(("data", "expected"), [
    (png_header(30000, 30000), "30000 × 30000 px"),
    (png((5000, 10)), "5000 × 10 px"),
    (png((40, 40))[:-30], "cannot be read"),
    (png((40, 40), "JPEG"), "is not a PNG file"),
    (png_header(40, 40)[:-12], "cannot be read"),
    (b"not an image at all", "is not a PNG file"),
], ids=["huge", "too wide", "truncated", "a JPEG named .png", "no pixels", "not an image"])
def test_a_png_logo_is_checked(data: bytes, expected: str, tmp_path: Path) -> None:
    import generator.render.engine  # noqa: F401  (WeasyPrint changes how Pillow reads images: the check must not)

    problems = logo_problems(tmp_path, "logo.png", data)
    assert any("[branding.logo]" in p and expected in p for p in problems), problems


def test_a_good_logo_loads(tmp_path: Path) -> None:
    assert load_pack(pack_with_logo(tmp_path, "logo.png", png((400, 200)))).branding.logo == tmp_path / "logo.png"


def test_an_image_weasyprint_cannot_load_fails_the_document(tmp_path: Path) -> None:
    template = """{% extends "builtin/wallet-card/template.html" %}
{% block head %}<style>.side.front { background: url("broken.png"); }</style>{% endblock %}
"""
    pack = load_pack(pack_with_template(tmp_path, "wallet-card/template.html", template))
    (tmp_path / "layouts" / "wallet-card" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    built = build_document(plan_editions([pack], ["en"], ["wallet-card"])[0])
    assert built.report is not None and not built.ok
    assert any(p.kind is Kind.ENGINE and p.message.startswith("WeasyPrint:") and "broken.png" in p.message
               for p in built.report.problems), built.report.problems


# A logo on the band of the brand colour (posters, large-print and easy-read leaflets).

BRAND = "#0b5d4b"


def logo_on_band(folder: Path, name: str, data: bytes) -> list[str]:
    """The warnings `respack check` gives of the logo, the pack's primary colour the band's."""
    from generator.packs.validate import check_contrast

    pack_file = pack_with_logo(folder, name, data)
    pack_file.write_text(pack_file.read_text(encoding="utf-8") + f"  primary: '{BRAND}'\n", encoding="utf-8")
    return [str(p) for p in check_contrast(load_pack(pack_file)) if "logo" in p.message and p.severity == "warning"]


def drawn_png(ink: str, ground: tuple[int, int, int, int] = (0, 0, 0, 0)) -> bytes:
    """A logo: a disc of ink on a ground (transparent unless said)."""
    from PIL import ImageDraw

    image = Image.new("RGBA", (120, 120), ground)
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill=ink)
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("logo.png", drawn_png(BRAND)),
    ("logo.png", drawn_png("#0d6350")),  # a shade of it
    ("logo.svg", SVG.format(f'<circle cx="4" cy="4" r="3" fill="{BRAND}"/>').encode()),
    ("logo.svg", SVG.format('<g style="fill:#0B5D4B"><path d="M0 0h8v8z"/></g>').encode()),
    ("logo.svg", SVG.format('<path d="M0 0h8v8z"/>').encode()),  # no fill: black, 2.7:1 on a dark green
], ids=["png-brand", "png-shade", "svg-fill", "svg-style", "svg-black"])
def test_a_logo_in_the_brand_colour_is_a_warning_with_its_fix(tmp_path: Path, name: str, data: bytes) -> None:
    warnings = logo_on_band(tmp_path, name, data)
    assert len(warnings) == 1, warnings
    assert "pack.yaml" in warnings[0] and "[branding]" in warnings[0] and name in warnings[0]
    assert f"with the brand colour {BRAND}" in warnings[0] and "at least 3:1" in warnings[0]
    assert "Give a logo in white or in a colour that stands out on the band" in warnings[0]


@pytest.mark.parametrize(("name", "data"), [
    ("logo.png", drawn_png("#ffffff")),
    ("logo.png", drawn_png(BRAND, (255, 255, 255, 255))),  # on its own white ground: the ground stands out
    ("logo.svg", SVG.format('<circle cx="4" cy="4" r="3" fill="#fff"/>').encode()),
], ids=["png-white", "png-on-white", "svg-white"])
def test_a_logo_that_stands_out_on_its_band_is_not(tmp_path: Path, name: str, data: bytes) -> None:
    assert logo_on_band(tmp_path, name, data) == []
