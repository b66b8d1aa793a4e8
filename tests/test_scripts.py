"""Every script, both directions: Georgian, Armenian, Hebrew and Arabic print as real letters,
right-to-left pages are laid out mirrored, and numbers read in order in any direction.

The documents are the shapes of tests/shapes.py in Hebrew, Arabic and Georgian (test content of
tests/fixtures/scripts/, at both ends of every format), the bundled Armenia pack in Armenian, and
a Georgian fixture with a six-digit short number. Each PDF is read back with PDFium and zxing-cpp:
which font drew each letter, where each line stands, the digits of each line in the order the
eye reads them, and what each QR code dials.
"""

from __future__ import annotations

import ctypes
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.check.findings import Kind
from generator.packs.layouts import load_layout
from generator.packs.load import load_packs
from generator.packs.plan import plan_editions
from generator.pipeline import build_editions, plan
from shapes import SCRIPTS, Shape, _fill, expected_payloads, service_number, write_pack
from support import BAD_CHARACTERS, Document, respack_env

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4  # points in a millimetre

# Each script's letters, and the font family that must draw them.
SCRIPT_LETTERS = {
    "he": ((0x05D0, 0x05EA), "Noto-Sans-Hebrew"),
    "ar": ((0x0621, 0x064A), "Noto-Sans-Arabic"),
    "ka": ((0x10D0, 0x10FF), "Noto-Sans-Georgian"),
    "hy": ((0x0531, 0x0587), "Noto-Sans-Armenian"),
}


@dataclass(frozen=True)
class Glyph:
    char: str
    font: str
    left: float
    bottom: float
    right: float
    top: float


def page_glyphs(pdf: Path, number: int) -> tuple[list[Glyph], float, float]:
    """The characters of a page (from 1) with the font that drew each and its box, and the
    page's width and height, in points."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[number - 1]
        width, height = page.get_size()
        textpage = page.get_textpage()
        glyphs = []
        for index in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
            if not char.strip():
                continue
            name = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, 256, ctypes.byref(flags))
            glyphs.append(Glyph(char, name.value.decode(), *textpage.get_charbox(index, loose=True)))
        return glyphs, width, height
    finally:
        document.close()


def pages(pdf: Path) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """The glyphs in lines, as the eye reads a page: from the top, each line from left to right
    (a right-to-left line too: its digits then read as a reader reads a number)."""
    ordered = sorted(glyphs, key=lambda g: -(g.bottom + g.top) / 2)
    rows: list[list[Glyph]] = []
    for glyph in ordered:
        middle = (glyph.bottom + glyph.top) / 2
        if rows and abs(middle - (rows[-1][0].bottom + rows[-1][0].top) / 2) < 0.4 * (glyph.top - glyph.bottom):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    return [sorted(row, key=lambda g: g.left) for row in rows]


def segments(row: list[Glyph]) -> list[list[Glyph]]:
    """A line cut where its glyphs stand apart (two captions side by side, a column's gap)."""
    parts: list[list[Glyph]] = []
    for glyph in row:
        if not parts or glyph.left - parts[-1][-1].right > 0.5 * (glyph.top - glyph.bottom):
            parts.append([])
        parts[-1].append(glyph)
    return parts


def digit_runs(row: list[Glyph]) -> list[str]:
    """The digits of each part of a line, as the eye reads them."""
    runs = ["".join(glyph.char for glyph in part if glyph.char.isdigit()) for part in segments(row)]
    return [run for run in runs if run]


def shape_document(shape_build, format_name: str, shape: Shape) -> Path:  # type: ignore[no-untyped-def]
    built = shape_build.built[format_name, shape.pack_name]
    path = shape_build.path(format_name, shape)
    assert built.ok and path.exists(), f"{path.name} of {shape.id} was not written: {built.report.problems}"
    return path


def least(languages: tuple[str, ...]) -> Shape:
    return Shape(1, (), languages, False)


def most(format_name: str, languages: tuple[str, ...]) -> Shape:
    limits = load_layout(format_name).capacity.limits(len(languages))
    return Shape(limits["emergency"], _fill(limits["services"], limits["lines"], limits["codes"]), languages, True)


FORMATS = ("leaflet", "wallet-card", "poster", "pocket-card", "leaflet-easy-read")
RTL = (("he",), ("ar",), ("he", "ru"), ("ar", "en"))


# --- letters -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def armenia(bundled) -> Path:  # type: ignore[no-untyped-def]
    """The bundled Armenia pack in Armenian, every format (conftest's build of every bundled
    pack); the pack's folder."""
    failed = [f"{b.edition.id}: {b.report.problems}" for b in bundled.built
              if b.edition.pack.name == "armenia" and b.edition.language == "hy" and not b.ok]
    assert not failed, failed
    return bundled.out_dir / "armenia"


@pytest.mark.parametrize("format_name", FORMATS)
@pytest.mark.parametrize("language", ["he", "ar", "ka"])
def test_each_script_is_drawn_by_its_own_font(shape_build, format_name: str, language: str) -> None:  # type: ignore[no-untyped-def]
    for shape in (least((language,)), most(format_name, (language,))):
        assert_letters_from_their_font(shape_document(shape_build, format_name, shape), language)


@pytest.mark.parametrize("format_name", [*FORMATS, "leaflet-large-print"])
def test_armenian_is_drawn_by_its_own_font(armenia: Path, format_name: str) -> None:
    assert_letters_from_their_font(armenia / "hy" / f"{format_name}.pdf", "hy")


def assert_letters_from_their_font(pdf: Path, language: str) -> None:
    (first, last), family = SCRIPT_LETTERS[language]
    found = set()
    for number in range(1, pages(pdf) + 1):
        glyphs, _, _ = page_glyphs(pdf, number)
        for glyph in glyphs:
            assert glyph.char not in BAD_CHARACTERS, f"{pdf.name} page {number}: {BAD_CHARACTERS[glyph.char]}"
            if first <= ord(glyph.char) <= last:
                assert family in glyph.font, f"{pdf} page {number}: {glyph.char!r} is drawn by {glyph.font}"
                found.add(glyph.char)
    assert len(found) >= 10, f"{pdf} prints only these letters of {language}: {sorted(found)}"


# --- right to left -------------------------------------------------------------------------

@pytest.mark.parametrize("languages", [("he",), ("ar",)])
def test_right_to_left_paragraphs_are_aligned_right(shape_build, languages: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """The card's first step and title: each line ends at the right padding (3.5 mm), and a
    line shorter than the card starts well right of the left one."""
    pdf = shape_document(shape_build, "wallet-card", least(languages))
    glyphs, width, _ = page_glyphs(pdf, 1)
    (first, last), _ = SCRIPT_LETTERS[languages[0]]
    text_lines = [row for row in lines(glyphs) if sum(first <= ord(g.char) <= last for g in row) >= 4]
    assert len(text_lines) >= 2, [("".join(g.char for g in row)) for row in lines(glyphs)]
    for row in text_lines:
        assert abs(row[-1].right - (width - 3.5 * MM)) < 1.5 * MM, (
            f"{pdf}: a line ends at {row[-1].right / MM:.1f} mm, not at the right padding")
    assert any(row[0].left > 10 * MM for row in text_lines), "every line starts at the left: not aligned right"


def test_left_to_right_lines_of_a_right_to_left_card_stay_left_aligned(shape_build) -> None:  # type: ignore[no-untyped-def]
    """ar+en: the English title under the Arabic one keeps its own direction and alignment."""
    pdf = shape_document(shape_build, "wallet-card", least(("ar", "en")))
    glyphs, width, _ = page_glyphs(pdf, 1)
    english = [row for row in lines(glyphs) if "".join(g.char for g in row).startswith("Helpifyouface")]
    assert english, "the English title is not on the card"
    assert abs(english[0][0].left - 3.5 * MM) < 1.5 * MM


@pytest.mark.parametrize("languages", RTL + (("ka",),))
@pytest.mark.parametrize("format_name", FORMATS)
def test_numbers_read_in_order_and_codes_dial_them(shape_build, format_name: str,  # type: ignore[no-untyped-def]
                                                   languages: tuple[str, ...]) -> None:
    """At both ends: every service's number reads, left to right as the eye reads it, with its
    digits in the order they are dialled, and every QR code decodes to what it must."""
    for shape in (least(languages), most(format_name, languages)):
        pdf = shape_document(shape_build, format_name, shape)
        read = {run for number in range(1, pages(pdf) + 1)
                for row in lines(page_glyphs(pdf, number)[0]) for run in digit_runs(row)}
        wanted = {"".join(ch for ch in service_number(s, line) if ch.isdigit())
                  for s, count in enumerate(shape.services) for line in range(count)}
        missing = {number for number in wanted if not any(number in run for run in read)}
        assert not missing, f"{pdf}: {sorted(missing)} not read in order; read: {sorted(read)}"
        document = Document(language="+".join(languages), format=format_name, path=pdf, built=None)
        assert document.payloads(150) == expected_payloads(shape, format_name)


LARGE_PRINT_SHAPES = (least(("he",)), Shape(4, (2, 2, 2, 2), ("he",), True), least(("ar", "en")),
                      Shape(4, (3, 3, 2), ("ar", "en"), True))


@pytest.fixture(scope="module")
def large_print(tmp_path_factory: pytest.TempPathFactory) -> dict[Shape, Path]:
    """The large print leaflet, which holds whatever it is given, in Hebrew and in Arabic and
    English: the least content and much of it."""
    folder = tmp_path_factory.mktemp("large-print")
    editions = []
    for shape in LARGE_PRINT_SHAPES:
        pack = write_pack(shape, folder / "packs" / shape.id, ("leaflet-large-print",))
        editions += plan_editions(load_packs([str(pack)]), ["+".join(shape.languages)], ["leaflet-large-print"])
    built = build_editions(editions, folder / "out", jobs=2)
    failed = [f"{b.edition.id}: {b.report.problems}" for b in built if not b.ok]
    assert not failed, failed
    return {shape: folder / "out" / shape.pack_name / "+".join(shape.languages) / "leaflet-large-print.pdf"
            for shape in LARGE_PRINT_SHAPES}


@pytest.mark.parametrize("shape", LARGE_PRINT_SHAPES, ids=lambda shape: shape.id)
def test_the_large_print_leaflet_in_hebrew_and_arabic(large_print: dict[Shape, Path], shape: Shape) -> None:
    pdf = large_print[shape]
    assert_letters_from_their_font(pdf, shape.languages[0])
    read = {run for number in range(1, pages(pdf) + 1)
            for row in lines(page_glyphs(pdf, number)[0]) for run in digit_runs(row)}
    for s, count in enumerate(shape.services):
        for line in range(count):
            digits = "".join(ch for ch in service_number(s, line) if ch.isdigit())
            assert any(digits in run for run in read), f"{pdf}: {digits} not read in order"
    document = Document(language="+".join(shape.languages), format="leaflet-large-print", path=pdf, built=None)
    assert document.payloads(150) == expected_payloads(shape, "leaflet-large-print")


def dark_thirds(pdf: Path, number: int) -> list[float]:
    """How dark each third of a page is, left to right (0 white, 1 black)."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[number - 1].render(scale=0.5, grayscale=True).to_pil()
    finally:
        document.close()
    third = image.width // 3
    return [1 - sum(image.crop((i * third, 0, (i + 1) * third, image.height)).getdata())
            / (255 * third * image.height) for i in range(3)]


def text_thirds(pdf: Path, number: int, below_mm: float = 30) -> list[int]:
    """How many characters each third of a page holds above its footers (the bottom below_mm)."""
    glyphs, width, _ = page_glyphs(pdf, number)
    counts = [0, 0, 0]
    for glyph in glyphs:
        if glyph.bottom > below_mm * MM:
            counts[min(int((glyph.left + glyph.right) / 2 // (width / 3)), 2)] += 1
    return counts


@pytest.mark.parametrize("languages", [("he",), ("ar",), ("ka",)])
def test_the_tri_fold_is_mirrored_right_to_left(shape_build, languages: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """Outside: the cover (the brand colour) is the right panel left to right, the left one
    right to left; inside, the guidance starts in the right panel right to left (its first
    letter, the heading's, is there), and fills all three."""
    pdf = shape_document(shape_build, "leaflet", least(languages))
    outside, inside = dark_thirds(pdf, 1), text_thirds(pdf, 2)
    cover = outside.index(max(outside))
    rtl = languages[0] in ("he", "ar")
    assert cover == (0 if rtl else 2), f"{pdf}: the cover is panel {cover + 1} of 3 from the left: {outside}"
    assert all(inside), f"{pdf}: the inside's text by panel, from the left: {inside}"
    glyphs, width, _ = page_glyphs(pdf, 2)
    first = next(glyph for glyph in glyphs if glyph.char.strip())
    start = min(int((first.left + first.right) / 2 // (width / 3)), 2)
    assert start == (2 if rtl else 0), f"{pdf}: the inside starts in panel {start + 1} of 3 from the left"


def test_a_two_language_leaflet_folds_each_language_its_own_way(shape_build) -> None:  # type: ignore[no-untyped-def]
    """he+ru prints the Hebrew leaflet, then the Russian one: mirrored, then not."""
    pdf = shape_document(shape_build, "leaflet", least(("he", "ru")))
    hebrew, russian = dark_thirds(pdf, 1), dark_thirds(pdf, 3)
    assert hebrew.index(max(hebrew)) == 0 and russian.index(max(russian)) == 2, (hebrew, russian)


def test_a_mirrored_card_prints_each_caption_left_of_its_code(shape_build) -> None:  # type: ignore[no-untyped-def]
    """The Hebrew card of four codes, each beside its caption: the number a code dials is the
    one printed nearest to it, on its left (a reader without a scanner dials that one)."""
    pdf = shape_document(shape_build, "wallet-card", most("wallet-card", ("he",)))
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[1]
        scale = 300 / 72
        image = page.render(scale=scale).to_pil()
        height = page.get_height()
    finally:
        document.close()
    import zxingcpp

    codes = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        xs = [p.x / scale for p in (code.position.top_left, code.position.bottom_right)]
        ys = [height - p.y / scale for p in (code.position.top_left, code.position.bottom_right)]
        codes.append((code.text, min(xs), max(xs), min(ys), max(ys)))
    assert len(codes) == 4
    numbers = []
    for row in lines(page_glyphs(pdf, 2)[0]):
        for part in segments(row):
            if part[0].char == "+":
                digits = "".join(g.char for g in part if g.char.isdigit())
                numbers.append((digits, part[0].left, part[-1].right, (part[0].bottom + part[0].top) / 2))
    for payload, left, right, bottom, top in codes:
        beside = [n for n in numbers if bottom <= n[3] <= top]
        nearest = min(beside, key=lambda n: min(abs(left - n[2]), abs(n[1] - right)))
        assert nearest[0] == payload.removeprefix("tel:+"), f"{payload}: nearest number is {nearest[0]}"
        assert nearest[2] <= left, f"{payload}: its caption is not on its left"
        assert left - nearest[2] < 0.5 * (right - left), f"{payload}: its caption is far from it"


def test_a_word_too_long_for_a_right_to_left_box_fails_the_fit_check(tmp_path: Path) -> None:
    """A right-to-left line that runs past its box runs to the left, here into an empty margin
    of the page (no overlap, not cut off): the fit check sees it."""
    from generator.check.fit import fit_problems
    from generator.model import Layout, PageSize
    from generator.render.engine import HTML

    html = ('<html dir="rtl" lang="he"><body style="margin: 0">'
            '<div style="width: 40mm; margin-left: 60mm; font-size: 12pt"><p>' + "מ" * 40 + "</p></div></body></html>")
    document = HTML(string=html).render()
    layout = Layout(name="test", directory=tmp_path, title="test", page=PageSize(210, 297), pages=1,
                    min_font_pt=0)
    problems = fit_problems(document, layout)
    assert Kind.TOO_WIDE in {p.kind for p in problems}, problems


def test_a_name_too_long_for_a_right_to_left_card_is_not_printed(tmp_path: Path) -> None:
    """A Hebrew emergency name of one long word runs left into the next number: refused."""
    from generator.check.fit import fit_problems
    from generator.render.document import lay_out

    pack = write_pack(Shape(2, (), ("he",)), tmp_path / "pack", ("wallet-card",))
    guidance = pack.parent / "content" / "shape" / "guidance" / "he.yaml"
    guidance.write_text(guidance.read_text(encoding="utf-8").replace("name: משטרה", "name: " + "מ" * 30),
                        encoding="utf-8")
    edition = plan_editions(load_packs([str(pack)]), ["he"], ["wallet-card"])[0]
    for step in edition.layout.steps:
        problems = fit_problems(lay_out(edition, step).document, edition.layout)
        assert {Kind.OVERLAP, Kind.TOO_WIDE} & {p.kind for p in problems}, (step.name, problems)


# --- short numbers ---------------------------------------------------------------------------

def test_a_six_digit_short_number_a_source_vouches_for_is_dialled_as_written(tmp_path: Path) -> None:
    """Georgian: 116 006 is printed as written and its code dials 116006; check warns that
    libphonenumber does not list it."""
    pack = SCRIPTS / "georgia.yaml"
    checked = subprocess.run([sys.executable, "-m", "generator", "check", str(pack)], capture_output=True,
                             text=True, timeout=120, env=respack_env())
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "116006 is not a short number libphonenumber lists for GE" in " ".join(checked.stderr.split())
    built = build_editions(plan((str(pack),), (), ()), tmp_path)
    assert all(b.ok for b in built), [b.report.problems for b in built]
    for format_name in ("wallet-card", "poster"):
        document = Document(language="ka", format=format_name, path=tmp_path / "test-georgia" / "ka" /
                            f"{format_name}.pdf", built=None)
        assert "tel:116006" in document.payloads(150), format_name
        assert "116 006" in document.text, format_name
        assert_letters_from_their_font(document.path, "ka")


# --- what check says of fonts ----------------------------------------------------------------

def test_a_hebrew_pack_has_every_letter_in_its_fonts(tmp_path: Path) -> None:
    pack = write_pack(least(("he", "ru")), tmp_path / "pack", ("wallet-card",))
    result = subprocess.run([sys.executable, "-m", "generator", "check", str(pack)], capture_output=True,
                            text=True, timeout=120, env=respack_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "would print as" not in output, output


def test_a_font_the_machine_lacks_is_one_error_naming_the_letters_and_where_to_get_it(tmp_path: Path) -> None:
    """Without the machine's Noto fonts (RESPACK_FONT_DIRS: an empty folder), Hebrew is one error
    per file, not one per letter, naming the letters and the Debian package."""
    pack = write_pack(least(("he",)), tmp_path / "pack", ("wallet-card",))
    (tmp_path / "no-fonts").mkdir()
    result = subprocess.run([sys.executable, "-m", "generator", "check", str(pack)], capture_output=True,
                            text=True, timeout=120, env=respack_env(RESPACK_FONT_DIRS=str(tmp_path / "no-fonts")))
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1, output
    errors = [line for line in (result.stdout + result.stderr).splitlines() if "of language he" in line]
    assert 1 <= len(errors) <= 2, errors  # the guidance file, the layout strings
    assert "'א' (U+05D0)" in output and "Noto Sans Hebrew is not installed" in output, output
    assert "fonts-noto-core" in output, output


def test_where_to_get_a_font_names_its_font_package_where_one_exists() -> None:
    from generator.render.fonts import where_to_get

    assert "pip install fontpkg-noto-sans-arabic" in where_to_get("Noto Sans Arabic")
    assert "fonts-noto-core" in where_to_get("Noto Sans Georgian")


def test_a_line_may_not_start_inside_a_shaped_letter() -> None:
    """The fit check's rule: a break before a combining mark or a joiner splits a letter from
    its marks (Devanagari's vowel signs, Arabic's harakat)."""
    from generator.check.fit import starts_inside_a_letter

    assert starts_inside_a_letter("\u093e\u0930\u0924")  # a Devanagari vowel sign, cut from its consonant
    assert starts_inside_a_letter("\u064e\u0628")  # an Arabic fatha
    assert not starts_inside_a_letter("\u092d\u093e\u0930\u0924")  # भारत, whole
    assert not starts_inside_a_letter("שלום") and not starts_inside_a_letter("")


def test_devanagari_is_shaped_and_no_line_breaks_inside_a_letter(tmp_path: Path) -> None:
    """A Hindi sentence of conjuncts and vowel signs in a narrow column, laid out: every line
    starts with a whole letter, and the letters are drawn by Noto Sans Devanagari."""
    from generator.check.fit import fit_problems
    from generator.model import Branding, Layout, PageSize
    from generator.render.engine import HTML
    from generator.render.fonts import fonts_for

    chain = fonts_for(Branding(), ("hi",)).chain("hi")
    faces = "".join(f'@font-face {{ font-family: "{font.css_family}"; src: url("{face.path.as_uri()}"); '
                    f"font-weight: {face.weight}; font-style: {face.style}; }}"
                    for font in chain for face in font.faces)
    families = ", ".join(f'"{font.css_family}"' for font in chain)
    sentence = "घरेलू हिंसा से प्रभावित महिलाओं के लिए सहायता उपलब्ध है। पुलिस को तुरंत सूचित करें। " * 3
    html = (f"<html lang='hi'><style>{faces} body {{ font-family: {families}; font-size: 11pt; margin: 0 }}</style>"
            f"<body><div style='width: 22mm; overflow-wrap: break-word'><p>{sentence}</p></div></body></html>")
    document = HTML(string=html).render()
    layout = Layout(name="test", directory=tmp_path, title="test", page=PageSize(210, 297), pages=0,
                    min_font_pt=0)
    assert not [str(p) for p in fit_problems(document, layout) if p.kind is Kind.LETTER_BROKEN]
    pdf = tmp_path / "hi.pdf"
    pdf.write_bytes(document.write_pdf())
    glyphs, _, _ = page_glyphs(pdf, 1)
    letters = [g for g in glyphs if 0x0900 <= ord(g.char) <= 0x097F]
    assert letters and all("Noto-Sans-Devanagari" in g.font for g in letters), {g.font for g in letters}
