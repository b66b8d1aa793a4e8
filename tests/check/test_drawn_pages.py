"""What a reader sees is what is checked: the numbers and captions of a page are read from
what is drawn, not only from the PDF's text layer. Each hostile layout below builds a page
whose text layer is true while the eye reads another number; each must fail, naming the page,
the number and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from generator.check.findings import Finding, Kind
from generator.packs.load import load_pack
from generator.packs.plan import plan_editions
from generator.pipeline import build_document
from generator.render.fonts import print_fonts
from support import pack_with_template

# The pack's own font, whose 2 and 3, 5 and 8 are drawn swapped, for every letter of the card.
SWAPPED_FONT = """{% extends "builtin/wallet-card/template.html" %}
{% block head %}{{ super() }}<style>
@font-face { font-family: "Ours"; src: url("ours-regular.ttf"); font-weight: 400; }
@font-face { font-family: "Ours"; src: url("ours-bold.ttf"); font-weight: 700; }
* { font-family: "Ours" !important; }
</style>{% endblock %}
"""
# A white patch over the left half of the last digit of every caption's number: 8 reads as 3.
PATCHED_DIGIT = """{% extends "builtin/wallet-card/template.html" %}
{% block head %}{{ super() }}<style>
.qr .number bdi { position: relative; }
.qr .number bdi::after { content: ""; position: absolute; right: 0.3em; width: 0.3em; top: 0; bottom: 0;
  background: white; }
</style>{% endblock %}
"""
# "109" beside Police, its digits in boxes of their own each turned a fraction of a degree,
# and the true 102 printed in white.
TURNED_DIGITS = """{% extends "builtin/wallet-card/template.html" %}
{% block front %}<h1 class="band">{{ title }}</h1>
<div class="emergency">{% for group in emergency %}<div class="emergency-number"><span class="digits">
{%- if loop.first %}<span style="color: white">{{ group.lines[0].display }}</span>
<span style="display: inline-block; transform: rotate(0.6deg)">1</span><span style="display: inline-block; transform: rotate(-0.7deg)">0</span><span style="display: inline-block; transform: rotate(0.8deg)">9</span>
{%- else %}{{ group.lines[0].display }}{% endif %}</span><span class="name">{{ group.name }}</span></div>{% endfor %}</div>
{% endblock %}
"""  # noqa: E501  (a template as a layout would write it)
# Each code's own number in white beside it, and the next contact's number under it.
WHITE_CAPTIONS = """{% extends "builtin/wallet-card/template.html" %}
{% from "partials/qr.html" import qr_image %}
{% block back %}<div class="qr-row">
{% for group, line in qr_lines %}{% set next = qr_lines[(loop.index0 + 1) % qr_lines|length][1] %}
<figure class="qr">{{ qr_image(line) }}<figcaption><span class="number" style="color: white"><bdi dir="ltr">{{ line.display }}</bdi></span><br>
<span class="number"><bdi dir="ltr">{{ next.display }}</bdi></span></figcaption></figure>
{% endfor %}</div>{% endblock %}
"""  # noqa: E501
# A digit set apart by em spaces, which the text layer reads as one more number beside 102.
SPACED_GROUPS = """{% extends "builtin/wallet-card/template.html" %}
{% block front %}{{ super() }}<p>Police 102&emsp;3 or 8&nbsp;&nbsp;800&nbsp;&nbsp;080&nbsp;&nbsp;7777</p>{% endblock %}
"""


def card_problems(folder: Path, template: str) -> list[Finding]:
    pack = load_pack(pack_with_template(folder, "wallet-card/template.html", template))
    built = build_document(plan_editions([pack], ["en"], ["wallet-card"])[0])
    assert built.report is not None
    assert not built.outputs, "a document that fails its check is not written"
    return built.report.problems


def found(problems: list[Finding], kind: Kind, page: int | None = None) -> str:
    """The sentences of what was found of one kind (on one page)."""
    return "\n".join(p.message for p in problems if p.kind is kind and page in (None, p.page))


def swapped_font(source: Path, target: Path, pairs: tuple[str, ...] = ("23", "58")) -> None:
    """A copy of a font whose 2 draws the 3 and 3 the 2, 5 the 8 and 8 the 5."""
    font = TTFont(source)
    swap = {ord(a): ord(b) for pair in pairs for a, b in (pair, pair[::-1])}
    for table in font["cmap"].tables:
        if table.isUnicode():  # a new mapping each: the tables may share one
            table.cmap = {code: table.cmap.get(swap.get(code, code), glyph) for code, glyph in table.cmap.items()}
    font.save(target)


def own_fonts(folder: Path, pairs: tuple[str, ...]) -> None:
    """The pack's own regular and bold fonts, copies of the print font's with pairs swapped, in
    the folder of the card's template (its links start there)."""
    faces = {face.weight: face.path for face in print_fonts().faces if face.style == "normal"}
    (folder / "layouts" / "wallet-card").mkdir(parents=True)
    swapped_font(faces[400], folder / "layouts" / "wallet-card" / "ours-regular.ttf", pairs)
    swapped_font(faces[700], folder / "layouts" / "wallet-card" / "ours-bold.ttf", pairs)


def test_a_pack_font_whose_digits_are_drawn_swapped_fails(tmp_path: Path) -> None:
    own_fonts(tmp_path, ("23", "58"))
    problems = card_problems(tmp_path, SWAPPED_FONT)
    mismatched = found(problems, Kind.DRAWN_MISMATCH, page=1)
    assert "the number '102' is drawn otherwise than its text says: its '2' looks like '3'" in mismatched, problems
    assert "the number '103' is drawn otherwise than its text says: its '3' looks like '2'" in mismatched, problems


def test_a_pack_font_whose_digits_look_like_the_print_fonts_passes(tmp_path: Path) -> None:
    own_fonts(tmp_path, ())
    pack = load_pack(pack_with_template(tmp_path, "wallet-card/template.html", SWAPPED_FONT))
    built = build_document(plan_editions([pack], ["en"], ["wallet-card"])[0])
    assert built.report is not None and not built.report.problems, built.report.problems


def test_a_patch_over_half_a_digit_fails(tmp_path: Path) -> None:
    problems = card_problems(tmp_path, PATCHED_DIGIT)
    assert "the number '+7 7152 49 31 58' is drawn otherwise than its text says: its '8' " in \
        found(problems, Kind.DRAWN_MISMATCH, page=2), problems


def test_digits_turned_apart_read_as_one_number_and_the_hidden_true_one_fails(tmp_path: Path) -> None:
    problems = card_problems(tmp_path, TURNED_DIGITS)
    assert "the number '109' is printed" in found(problems, Kind.NUMBER_UNKNOWN, page=1), problems
    assert "the number '102' (of '102 109' in the text) cannot be seen" in \
        found(problems, Kind.NUMBER_UNSEEN, page=1), problems


def test_a_white_own_number_beside_a_code_fails(tmp_path: Path) -> None:
    problems = card_problems(tmp_path, WHITE_CAPTIONS)
    assert "the number '+7 7152 49 31 58' cannot be seen" in found(problems, Kind.NUMBER_UNSEEN, page=2), problems
    assert [p for p in problems if p.kind is Kind.CAPTION_WRONG and p.payload == "tel:+77152493158"
            and "'+7 7152 61 25 30'" in p.message], problems
    # what the user reads: the page, the number, and why it cannot be seen
    assert any(str(p).startswith("page 2: the number '+7 7152 49 31 58' cannot be seen: nothing is drawn where its ")
               for p in problems), problems


def test_groups_set_apart_by_any_spacing_read_as_one_number(tmp_path: Path) -> None:
    unknown = found(card_problems(tmp_path, SPACED_GROUPS), Kind.NUMBER_UNKNOWN)
    assert "the number '102 3' is printed" in unknown, unknown
    assert "the number '8 800 080 7777' is printed" in unknown, unknown


# --- digits inside images --------------------------------------------------------------------

def logo_pack(folder: Path, text: str) -> Path:
    """The bundled pack with a PNG logo that shows text."""
    font = ImageFont.truetype(str(print_fonts().faces[0].path), 90)
    image = Image.new("RGB", (700, 160), "white")
    ImageDraw.Draw(image).text((20, 20), text, font=font, fill="#0b5d4b")
    folder.mkdir(parents=True, exist_ok=True)
    image.save(folder / "logo.png")
    pack = pack_with_template(folder, "README.md", "")
    pack.write_text(pack.read_text(encoding="utf-8") + "branding:\n  logo: logo.png\n", encoding="utf-8")
    return pack


@pytest.mark.skipif(not __import__("shutil").which("tesseract"), reason="Tesseract is not installed")
def test_a_number_in_a_logo_that_is_no_contacts_is_refused(tmp_path: Path) -> None:
    from generator.packs.validate import validate_packs

    pack = load_pack(logo_pack(tmp_path, "Help 1409"))
    problems = [str(p) for p in validate_packs([pack], __import__("datetime").date(2026, 12, 1))]
    assert any("logo.png" in p and "'1409'" in p and "no contact's" in p for p in problems), problems


@pytest.mark.skipif(not __import__("shutil").which("tesseract"), reason="Tesseract is not installed")
def test_a_logo_with_a_contacts_number_or_none_passes(tmp_path: Path) -> None:
    from generator.packs.validate import validate_packs

    for name, text in (("words", "Safe Home"), ("police", "Call 102")):
        pack = load_pack(logo_pack(tmp_path / name, text))
        problems = [str(p) for p in validate_packs([pack], __import__("datetime").date(2026, 12, 1))]
        assert not any("logo.png" in p for p in problems), problems


def test_the_bundled_card_passes_its_drawn_check() -> None:
    from generator.packs.load import load_packs

    edition = plan_editions(load_packs(["kazakhstan"]), ["kk"], ["wallet-card"])[0]
    built = build_document(edition)
    assert built.report is not None and not built.report.problems, built.report.problems


def test_a_number_in_an_svg_logos_text_that_is_no_contacts_is_refused(tmp_path: Path) -> None:
    from generator.packs.validate import validate_packs

    pack_file = pack_with_template(tmp_path, "README.md", "")
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="5" y="40">Help '
        '<tspan>14</tspan><tspan>09</tspan></text><text x="5" y="55">102</text></svg>', encoding="utf-8")
    pack_file.write_text(pack_file.read_text(encoding="utf-8") + "branding:\n  logo: logo.svg\n", encoding="utf-8")
    problems = [str(p) for p in validate_packs([load_pack(pack_file)], __import__("datetime").date(2026, 12, 1))]
    assert any("logo.svg" in p and "'1409' (in its text)" in p for p in problems), problems
    assert not any("'102'" in p for p in problems), problems


def test_a_missing_ocr_is_said_clearly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from generator.packs.validate import validate_packs

    pack = load_pack(logo_pack(tmp_path, "Help 1409"))
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    monkeypatch.setenv("RESPACK_CACHE", str(tmp_path / "cache"))  # nothing read before
    problems = [str(p) for p in validate_packs([pack], __import__("datetime").date(2026, 12, 1))]
    assert any("logo.png" in p and "needs the OCR Tesseract" in p and "tesseract-ocr" in p for p in problems), problems
