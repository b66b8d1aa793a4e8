"""The print shop's preflight on its own: small pages made here by WeasyPrint, in CMYK or not,
each read back by the preflight (generator/check/preflight.py)."""

from __future__ import annotations

import base64
import copy
import io
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from generator.check.preflight import preflight
from generator.errors import RespackError
from generator.render import inks
from generator.render.document import DEVICE_CMYK, cmyk_profile
from generator.render.engine import HTML
from generator.render.inks import DEFAULT_PROFILE, PrintInks
from generator.render.qr import drawings, make_qr

BLACK_INK = "device-cmyk(0 0 0 1)"
PAGE = "@page {{ size: 60mm 40mm; bleed: 3mm; margin: 5mm }} body {{ color: {ink}; font-size: 10pt }}"


def pdf_of(body: str, variant: str = "pdf/x-4", ink: str = BLACK_INK, cache: dict | None = None,
           cmyk: bool = True) -> bytes:
    """A page of body, written as a print shop's file (CMYK output intent) or as an office one."""
    html = f"<style>{PAGE.format(ink=ink)}</style>{body}"
    if not cmyk:
        return HTML(string=html).render(cache=cache).write_pdf(pdf_variant="pdf/ua-1")
    document = HTML(string=html).render(output_intent=DEVICE_CMYK, cache=cache,
                                        color_profiles={DEVICE_CMYK: cmyk_profile(DEFAULT_PROFILE)})
    return document.write_pdf(pdf_variant=variant, output_intent=DEVICE_CMYK)


@pytest.mark.parametrize("variant", ["pdf/x-1a", "pdf/x-3", "pdf/x-4"])
def test_black_ink_text_passes_in_every_variant(variant: str) -> None:
    assert preflight(pdf_of("<p>Call 102</p>", variant), variant) == []


def test_text_in_rgb_black_is_named_with_its_page_and_colour() -> None:
    problems = preflight(pdf_of("<p>Call 102</p>", ink="#000"), "pdf/x-4")
    assert problems == ["page 1: text in DeviceRGB (0 0 0): a print shop's file is CMYK"]


def test_text_in_rich_black_fails() -> None:
    problems = preflight(pdf_of("<p>Call 102</p>", ink="device-cmyk(0.6 0.5 0.5 1)"), "pdf/x-4")
    assert any("text in rich black (C M Y K 60 50 50 100)" in p for p in problems), problems


def test_a_colour_with_some_black_is_not_rich_black() -> None:
    assert preflight(pdf_of("<p>Call 102</p>", ink="device-cmyk(0.9 1 0.16 0.38)"), "pdf/x-4") == []


def test_a_qr_code_in_black_ink_passes_and_one_in_rich_black_fails() -> None:
    code = make_qr("tel:102")
    body = f'<img src="{code.data_uri}" style="width: 25mm">'
    assert preflight(pdf_of(body, cache=drawings([code.payload], black_ink=True)), "pdf/x-4") == []
    rich = copy.copy(code.printed)
    rich.colours = (b"0 0 0 0 k", b"0.6 0.5 0.5 1 K")
    problems = preflight(pdf_of(body, cache={code.data_uri: rich}), "pdf/x-4")
    assert any("a line in rich black (C M Y K 60 50 50 100)" in p for p in problems), problems


def test_more_than_300_percent_of_ink_fails() -> None:
    problems = preflight(pdf_of('<div style="height: 5mm; background: device-cmyk(1 1 1 0.5)"></div>'), "pdf/x-4")
    assert any("350 % of ink, more than 300 %" in p for p in problems), problems


def test_transparency_fails_pdf_x_1a_only() -> None:
    body = '<div style="height: 5mm; opacity: 0.5; background: device-cmyk(0 0 0 1)"></div>'
    assert any("transparency" in p for p in preflight(pdf_of(body, "pdf/x-1a"), "pdf/x-1a"))
    assert not any("transparency" in p for p in preflight(pdf_of(body, "pdf/x-4"), "pdf/x-4"))


def test_an_rgb_image_fails() -> None:
    png = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(png, "PNG")
    body = f'<img src="data:image/png;base64,{base64.b64encode(png.getvalue()).decode()}" style="width: 5mm">'
    problems = preflight(pdf_of(body), "pdf/x-4")
    assert any("an image" in p and "DeviceRGB" in p for p in problems), problems


def test_a_cmyk_logo_passes() -> None:
    """A pack's PNG logo, converted for the print shop, is a CMYK image."""
    png = io.BytesIO()
    Image.new("RGB", (4, 4), (11, 93, 75)).save(png, "PNG")
    jpeg = PrintInks().png(png.getvalue())
    body = f'<img src="data:image/jpeg;base64,{base64.b64encode(jpeg).decode()}" style="width: 5mm">'
    assert preflight(pdf_of(body), "pdf/x-4") == []


def test_the_claimed_version_must_be_the_variant() -> None:
    problems = preflight(pdf_of("<p>Call 102</p>", "pdf/x-4"), "pdf/x-1a")
    assert problems == ["the file says it is PDF/X-4; expected PDF/X-1a:2003 (GTS_PDFXVersion)"]


def test_an_office_file_fails_every_way_a_print_shop_would_say() -> None:
    problems = preflight(pdf_of("<p>Call 102</p>", ink="#111", cmyk=False), "pdf/x-4")
    assert "no PDF/X output intent (OutputIntents with S /GTS_PDFX)" in problems
    assert "the file names no PDF/X version; expected PDF/X-4 (GTS_PDFXVersion)" in problems
    assert any("text in DeviceRGB" in p for p in problems)


def test_page_boxes_and_fonts_are_read_back() -> None:
    """A TrimBox without a BleedBox, and a font the file does not carry."""
    with pikepdf.open(io.BytesIO(pdf_of("<p>Call 102</p>"))) as document:
        del document.pages[0].obj["/BleedBox"]
        font = next(iter(document.pages[0].Resources.Font.values()))
        for descendant in font.get("/DescendantFonts", [font]):
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in descendant.FontDescriptor:
                    del descendant.FontDescriptor[key]
        output = io.BytesIO()
        document.save(output)
    problems = preflight(output.getvalue(), "pdf/x-4")
    assert "page 1: no BleedBox" in problems
    assert any(p.startswith("font ") and p.endswith(" is not embedded") for p in problems), problems


@pytest.mark.parametrize(("colour", "expected"), [
    ("#111111", (0, 0, 0, 0.93)),  # black and greys: black ink alone
    ("#ffffff", (0, 0, 0, 0)),
])
def test_greys_are_black_ink_alone(colour: str, expected: tuple[float, ...]) -> None:
    assert PrintInks().cmyk(colour) == expected


def test_a_colour_is_converted_by_the_profile_unless_the_pack_gives_its_own() -> None:
    converted = PrintInks().cmyk("#0b5d4b")
    assert converted[1] < converted[0] and converted[1] < converted[2]  # a green: cyan and yellow, little magenta
    assert sum(converted) <= 3.0
    assert PrintInks(given={"primary": (0.9, 0.2, 0.75, 0.35)}).cmyk("#0b5d4b", "primary") == (0.9, 0.2, 0.75, 0.35)


def test_an_svg_logo_is_painted_in_inks() -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg"><circle fill="#0b5d4b" r="3"/>'
           b'<path stroke="white" style="fill:none;stroke:rgb(17 17 17 / 0.5)" fill="url(#g)"/></svg>')
    printed = PrintInks().svg(svg).decode()
    assert "#0b5d4b" not in printed and 'stroke="device-cmyk(0 0 0 0)"' in printed
    assert "fill:none;stroke:device-cmyk(0 0 0 0.93 / 0.5)" in printed and 'fill="url(#g)"' in printed


def test_without_ghostscripts_profile_the_print_shop_is_told_how_to_get_one(monkeypatch: pytest.MonkeyPatch,
                                                                           tmp_path: Path) -> None:
    monkeypatch.setattr(inks, "DEFAULT_PROFILE", tmp_path / "default_cmyk.icc")
    with pytest.raises(RespackError) as raised:
        inks.print_inks(None, {})
    problem = str(raised.value.problems[0])
    assert "scripts/setup-system.sh" in problem and "print_profile" in problem, problem
