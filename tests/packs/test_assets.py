"""A pack's logo is checked when the pack loads, and named in the error; what WeasyPrint could
not load fails the document, naming the file."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from generator.errors import RespackError
from generator.packs.load import load_pack
from generator.pipeline import build_document
from generator.packs.plan import plan_editions
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
    assert any(p.startswith("WeasyPrint:") and "broken.png" in p for p in built.report.problems), \
        built.report.problems
