"""The print shop's preflight on its own: small pages made here by WeasyPrint, in CMYK or not,
each read back by the preflight (generator/check/preflight.py)."""

from __future__ import annotations

import base64
import copy
import io
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageCms

from generator.check.findings import Finding, Kind
from generator.check.preflight import preflight
from generator.errors import RespackError, Severity
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
    assert [(p.kind, p.page) for p in problems] == [(Kind.NOT_CMYK, 1)], problems
    assert str(problems[0]) == "page 1: text in DeviceRGB (0 0 0): a print shop's file is CMYK"


def test_text_in_rich_black_fails() -> None:
    problems = preflight(pdf_of("<p>Call 102</p>", ink="device-cmyk(0.6 0.5 0.5 1)"), "pdf/x-4")
    assert any(p.kind is Kind.RICH_BLACK and p.message.startswith("text in rich black (C M Y K 60 50 50 100)")
               for p in problems), problems


def test_a_colour_with_some_black_is_not_rich_black() -> None:
    assert preflight(pdf_of("<p>Call 102</p>", ink="device-cmyk(0.9 1 0.16 0.38)"), "pdf/x-4") == []


def test_a_qr_code_in_black_ink_passes_and_one_in_rich_black_fails() -> None:
    code = make_qr("tel:102")
    body = f'<img src="{code.data_uri}" style="width: 25mm">'
    assert preflight(pdf_of(body, cache=drawings([code.payload], black_ink=True)), "pdf/x-4") == []
    rich = copy.copy(code.printed)
    rich.colours = (b"0 0 0 0 k", b"0.6 0.5 0.5 1 K")
    problems = preflight(pdf_of(body, cache={code.data_uri: rich}), "pdf/x-4")
    assert any(p.kind is Kind.RICH_BLACK and p.message.startswith("a line in rich black (C M Y K 60 50 50 100)")
               for p in problems), problems


def test_more_than_300_percent_of_ink_fails() -> None:
    problems = preflight(pdf_of('<div style="height: 5mm; background: device-cmyk(1 1 1 0.5)"></div>'), "pdf/x-4")
    assert any(p.kind is Kind.INK_LIMIT and "350 % of ink, more than 300 %" in p.message for p in problems), problems


def test_transparency_fails_pdf_x_1a_only() -> None:
    body = '<div style="height: 5mm; opacity: 0.5; background: device-cmyk(0 0 0 1)"></div>'
    assert Kind.TRANSPARENCY in {p.kind for p in preflight(pdf_of(body, "pdf/x-1a"), "pdf/x-1a")}
    assert Kind.TRANSPARENCY not in {p.kind for p in preflight(pdf_of(body, "pdf/x-4"), "pdf/x-4")}


def test_an_rgb_image_fails() -> None:
    png = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(png, "PNG")
    body = f'<img src="data:image/png;base64,{base64.b64encode(png.getvalue()).decode()}" style="width: 5mm">'
    problems = preflight(pdf_of(body), "pdf/x-4")
    assert any(p.kind is Kind.NOT_CMYK and p.message.startswith("an image") and "DeviceRGB" in p.message
               for p in problems), problems


def test_a_cmyk_logo_passes() -> None:
    """A pack's PNG logo, converted for the print shop, is a CMYK image."""
    png = io.BytesIO()
    Image.new("RGB", (4, 4), (11, 93, 75)).save(png, "PNG")
    jpeg = PrintInks().png(png.getvalue())
    body = f'<img src="data:image/jpeg;base64,{base64.b64encode(jpeg).decode()}" style="width: 5mm">'
    assert preflight(pdf_of(body), "pdf/x-4") == []


def test_the_claimed_version_must_be_the_variant() -> None:
    problems = preflight(pdf_of("<p>Call 102</p>", "pdf/x-4"), "pdf/x-1a")
    assert [p.kind for p in problems] == [Kind.PDFX_VERSION], problems
    assert str(problems[0]) == "the file says it is PDF/X-4; expected PDF/X-1a:2003 (GTS_PDFXVersion)"


def test_an_office_file_fails_every_way_a_print_shop_would_say() -> None:
    problems = preflight(pdf_of("<p>Call 102</p>", ink="#111", cmyk=False), "pdf/x-4")
    assert {Kind.OUTPUT_INTENT, Kind.PDFX_VERSION, Kind.NOT_CMYK} <= {p.kind for p in problems}, problems
    said = [str(p) for p in problems]  # what a print shop reads
    assert "no PDF/X output intent (OutputIntents with S /GTS_PDFX)" in said
    assert "the file names no PDF/X version; expected PDF/X-4 (GTS_PDFXVersion)" in said


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
    assert Finding(Kind.BOXES, "no BleedBox", page=1) in problems, problems
    assert Kind.FONT_NOT_EMBEDDED in {p.kind for p in problems}, problems


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


def test_without_its_profile_the_print_shop_is_told_what_to_do(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    monkeypatch.setattr(inks, "DEFAULT_PROFILE", tmp_path / "FOGRA39-respack.icc")
    with pytest.raises(RespackError) as raised:
        inks.print_inks(None, {})
    problem = str(raised.value.problems[0])
    assert "install respack again" in problem and "print_profile" in problem, problem


def test_the_bundled_profile_is_a_cmyk_output_profile_that_says_where_it_comes_from() -> None:
    """FOGRA39, made from Fogra's data under the zlib licence: its description and copyright
    say so, and its README carries the licence it may be passed on under."""
    assert inks.profile_problem(DEFAULT_PROFILE) == ""
    profile = ImageCms.getOpenProfile(str(DEFAULT_PROFILE)).profile
    assert profile.profile_description.startswith("FOGRA39") and "FOGRA39L" in profile.profile_description
    assert "zlib licence" in profile.copyright
    readme = (DEFAULT_PROFILE.parent / "README.md").read_text(encoding="utf-8")
    assert "Permission is granted to anyone to use this software for any purpose" in readme


# --- the finishing: marks, the safe zone, small text in one ink ----------------------------

def test_a_mark_inside_the_trim_is_refused() -> None:
    """A fold mark drawn as an office file's tick, from the top edge 5 mm into the page."""
    tick = (f'<div style="position: fixed; top: -5mm; left: 25mm; width: 0; height: 5mm; '
            f'border-left: 0.25mm solid {BLACK_INK}"></div>')  # the page's margin is 5 mm
    problems = preflight(pdf_of(tick), "pdf/x-4")
    assert any(p.kind is Kind.TRIM and p.page == 1 and "a mark (0.3 × 5.0 mm) runs from the top edge into the trim"
               in p.message for p in problems), problems


def test_a_mark_in_the_slug_and_a_rule_along_the_trim_pass() -> None:
    """Beyond the trim a mark prints on the waste; a long rule inside is design, not a mark."""
    slug = (f'<div style="position: fixed; top: -7.5mm; left: 25mm; height: 2.5mm; '
            f'border-left: 0.25mm solid {BLACK_INK}"></div>')
    rule = (f'<div style="position: fixed; top: -5mm; left: -5mm; width: 60mm; '
            f'border-top: 0.25mm solid {BLACK_INK}"></div>')
    assert preflight(pdf_of(slug + rule), "pdf/x-4") == []


@pytest.mark.parametrize(("style", "edge", "distance"), [
    ("left: -3.5mm; top: 10mm", "left", 1.5),  # the page's margin is 5 mm
    ("right: -2.5mm; top: 10mm", "right", 2.5),
    ("left: 20mm; bottom: -3mm", "bottom", 2.0),
])
def test_text_within_3_mm_of_the_trim_is_named_with_its_distance(style: str, edge: str, distance: float) -> None:
    body = f'<p style="position: fixed; {style}; margin: 0; line-height: 1">Call 102</p>'
    problems = [p for p in preflight(pdf_of(body), "pdf/x-4") if p.kind is Kind.TRIM]
    assert len(problems) == 1 and problems[0].message.startswith("the text 'Call 102'"), problems
    # what the print shop reads: how far from which edge
    found = float(problems[0].message.split(" is ")[1].split(" mm")[0])
    said = problems[0].message
    assert f"from the {edge} edge of the trim" in said and distance - 0.1 < found < distance + 1.0, problems
    assert "keep text and codes 3 mm inside the trim" in said


def test_text_3_mm_inside_the_trim_passes() -> None:
    body = '<p style="position: fixed; left: -1.8mm; top: -1.8mm; margin: 0">Call 102</p>'
    assert preflight(pdf_of(body), "pdf/x-4") == []


def test_a_qr_code_within_3_mm_of_the_trim_is_refused() -> None:
    code = make_qr("tel:102")
    body = f'<img src="{code.data_uri}" style="position: fixed; right: -5mm; top: 5mm; width: 20mm">'
    problems = preflight(pdf_of(body, cache=drawings([code.payload], black_ink=True)), "pdf/x-4")
    # The quiet zone is white: the modules start a few millimetres in, still within 3 mm.
    assert any(p.kind is Kind.TRIM and p.message.startswith("a QR code") and "from the right edge of the trim"
               in p.message for p in problems), problems


PANEL = '<div style="background: {panel}; color: {ink}; padding: 2mm; font-size: {size}pt">Call 102 now</div>'


@pytest.mark.parametrize(("panel", "ink", "size", "expected"), [
    ("none", BLACK_INK, 7, None),  # black ink alone: sharp at any size
    ("device-cmyk(0 1 0 0)", "device-cmyk(0 0 0 0)", 7, None),  # white out of one ink
    ("none", "device-cmyk(0.89 0.98 0 0.33)", 12, None),  # large enough in three inks
    ("none", "device-cmyk(0.89 0.98 0 0.33)", 9.5, "warn"),
    ("device-cmyk(0.89 0.98 0 0.33)", "device-cmyk(0 0 0 0)", 9, "warn"),
    ("none", "device-cmyk(0.89 0.98 0 0.33)", 7, "refuse"),
    ("device-cmyk(0.98 0.39 0.8 0.38)", "device-cmyk(0 0 0 0)", 7.5, "refuse"),
], ids=["black 7 pt", "white out of magenta", "violet 12 pt", "violet 9.5 pt", "white out of violet 9 pt",
        "violet 7 pt", "white out of green 7.5 pt"])
def test_small_text_in_more_than_one_ink(panel: str, ink: str, size: float, expected: str | None) -> None:
    warnings: list[Finding] = []
    problems = preflight(pdf_of(PANEL.format(panel=panel, ink=ink, size=size)), "pdf/x-4", warnings)
    said = [*problems, *warnings]
    if expected is None:
        assert said == [], said
        return
    found = problems if expected == "refuse" else warnings
    assert [(p.kind, p.severity) for p in found] == [
        (Kind.REGISTER, Severity.ERROR if expected == "refuse" else Severity.WARNING)], (problems, warnings)
    sentence = found[0].message
    assert sentence.startswith(f"{size:.1f} pt text in"), sentence
    assert ("cannot be read when the plates shift 0.1 mm" if expected == "refuse"
            else "blurs when the plates are out of register") in sentence
    assert "black ink alone, or white out of a panel of one ink, or at 12 pt or more" in sentence
    if expected == "warn":
        assert problems == [], problems
