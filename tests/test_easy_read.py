"""The easy-read leaflet: one idea per block with a pictogram beside it, 16 pt and more.

Built for real from the bundled safe-to-carry pack in kk, ru and en, and read back from the
written PDFs: the size of every piece of text drawn, the tagged structure (every pictogram a
Figure whose alternative text is in the page's language), every QR code decoded, and the
numbers of the easy-read texts found among them. The pictogram vocabulary, the cutting of a
text into blocks and a translator's round trip of an easy-read text are checked without a PDF.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import polib
import pypdf
import pytest
import yaml
from click.testing import CliRunner

from generator.check.giveaways import giveaway_words
from generator.check.neutral import outside_texts
from generator.cli import cli
from generator.model import SearchPath, Section
from generator.packs.assets import logo_problems
from generator.packs.layouts import load_layout
from generator.packs.load import load_safety_list
from generator.render.context import easy_read
from generator.render.easy import EasyBlock, easy_blocks, easy_problems, printed_sentences
from generator.render.pictograms import PICTOGRAMS, alt_key, pictogram_uri, unknown_pictogram
from support import (
    AMBULANCE,
    CONTACT_CENTRE_PAYLOAD,
    CONTENT,
    EMAIL,
    LANDLINE_PAYLOADS,
    LANDLINES,
    POLICE,
    WHATSAPP,
    WHATSAPP_PAYLOAD,
    Document,
    content_version,
    has_number,
    has_short_number,
    page_fonts,
    parse_mailto,
    role,
    squash,
    strings,
    structure_elements,
    text_sizes,
)

PACK = "safe-to-carry"
FORMAT = "leaflet-easy-read"
LANGUAGES = ("kk", "ru", "en")
MIN_PT = 16
GUIDANCE = CONTENT / "kz" / "domestic-violence"


def easy_texts(language: str) -> list[str]:
    sections = yaml.safe_load((GUIDANCE / f"{language}.yaml").read_text(encoding="utf-8"))["sections"]
    return [section["easy"] for section in sections]


# --- pure: the vocabulary and the blocks -------------------------------------------------

def test_every_pictogram_is_a_vector_image_that_draws_by_itself(tmp_path: Path) -> None:
    for name in PICTOGRAMS:
        svg = base64.b64decode(pictogram_uri(name).split(",", 1)[1])
        path = tmp_path / f"{name}.svg"
        path.write_bytes(svg)
        assert svg.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"') and b'stroke="#111111"' in svg, name
        assert logo_problems(path) == [], name  # the rules a pack's own SVG must pass


def test_an_unknown_pictogram_is_refused_with_the_nearest_name() -> None:
    assert unknown_pictogram("call") == ""
    assert "unknown pictogram 'polise'; did you mean 'police'?" in unknown_pictogram("polise")
    assert "did you mean" not in unknown_pictogram("xyz") and "safe-place" in unknown_pictogram("xyz")


def test_every_pictogram_has_its_alternative_text_in_every_bundled_language() -> None:
    for language in LANGUAGES:
        values = strings(language)["strings"]
        missing = [name for name in PICTOGRAMS if not str(values.get(alt_key(name), "")).strip()]
        assert not missing, f"strings/{language}.yaml has no alternative text for {missing}"


def test_an_easy_text_is_cut_into_blocks_of_sentences() -> None:
    text = "{picture:call}\nCall {contact:police}.\nFrom any phone.\n\n{picture:safe-place}\nA safe place.\n"
    assert easy_blocks(text) == [EasyBlock("call", ("Call {contact:police}.", "From any phone.")),
                                 EasyBlock("safe-place", ("A safe place.",))]
    assert easy_problems(text) == []
    assert "it starts with 'Call.'" in easy_problems("Call.\n{picture:call}\nNow.")[0]
    assert easy_problems("{picture:call}\n{picture:law}\nText.") == ["the block of {picture:call} has no sentence"]


def test_a_sentence_naming_a_hidden_contact_is_left_out_and_an_empty_block_too() -> None:
    block = EasyBlock("call", ("Call:", "{contact:a}", "{contact:b}"))
    assert printed_sentences(block, {"a": "102"}) == ["Call:", "{contact:a}"]
    sections = (Section("s", "Q", "A", easy="{picture:call}\n{contact:gone}\n{picture:law}\nIt is a crime."),)
    views = easy_read(sections, {}, {alt_key("law"): "Scales"})
    assert [(v.picture, v.alt, [str(s) for s in v.sentences]) for v in views] == [("law", "Scales", ["It is a crime."])]


# --- the built leaflets --------------------------------------------------------------------

@pytest.fixture(scope="module")
def leaflets(bundled) -> dict[str, Document]:  # type: ignore[no-untyped-def]
    """The pack's easy-read leaflets, from conftest's build of every bundled pack."""
    built = [b for b in bundled.built if b.edition.pack.name == PACK and b.edition.format == FORMAT
             and b.edition.language in LANGUAGES]
    assert all(b.ok for b in built), {b.edition.id: b.report.problems for b in built if not b.ok}
    return {b.edition.language: Document(b.edition.language, FORMAT,
                                         bundled.out_dir / PACK / b.edition.language / f"{FORMAT}.pdf", b)
            for b in built}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_smaller_than_16_pt_nor_in_italics(leaflets: dict[str, Document], language: str) -> None:
    path = leaflets[language].path
    sizes = text_sizes(path)
    assert len(sizes) > 100
    too_small = [(round(size, 1), text) for size, text in sizes if size < MIN_PT - 0.01]
    assert not too_small, f"text below {MIN_PT} pt: {too_small[:5]}"
    fonts = {str(font.get("/BaseFont")) for page in pypdf.PdfReader(path).pages for font in page_fonts(page)}
    assert any("Bold" in name for name in fonts) and not [name for name in fonts if "Italic" in name], fonts


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pictogram_is_a_figure_with_its_alternative_text_in_the_page_language(
        leaflets: dict[str, Document], language: str) -> None:
    pdf = pypdf.PdfReader(leaflets[language].path)
    figures = [e for e in structure_elements(pdf) if role(e, pdf) == "/Figure"]
    alts = [str(e.get("/Alt", "")).strip() for e in figures]
    assert all(alts), f"{alts.count('')} of {len(figures)} figures have no /Alt"
    values = strings(language)["strings"]
    blocks = [block for text in easy_texts(language) for block in easy_blocks(text)]
    expected = sorted(values[alt_key(block.picture)] for block in blocks)
    pictograms = sorted(alt for alt in alts if alt in {values[alt_key(name)] for name in PICTOGRAMS})
    assert len(blocks) >= 18 and pictograms == expected, f"pictograms' /Alt {pictograms}, wanted {expected}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_qr_code_decodes_and_the_pictograms_are_vectors(leaflets: dict[str, Document], language: str) -> None:
    document = leaflets[language]
    payloads = document.payloads(150)
    feedback = [p for p in payloads if p.startswith("mailto:")]
    assert payloads - set(feedback) == {*LANDLINE_PAYLOADS, WHATSAPP_PAYLOAD, CONTACT_CENTRE_PAYLOAD}, payloads
    # The pack is neutral: its feedback subject names the edition without the pack's name, as its
    # file's properties do (a tap on the address shows it).
    assert len(feedback) == 1 and parse_mailto(feedback[0]) == f"{language}/{FORMAT}/{content_version()}"
    assert not [page for page in document.reader.pages if page.images], "a raster image: pictograms must be vectors"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_numbers_of_the_easy_texts_are_printed_in_the_blocks(leaflets: dict[str, Document], language: str) -> None:
    values = strings(language)["strings"]
    text = squash(leaflets[language].text)
    start, end = text.index(squash(values["easy_heading"])), text.index(squash(values["contacts_heading"]))
    blocks = text[start:end]
    for number in (POLICE, AMBULANCE):
        assert has_short_number(blocks, number), f"{number} is not among the easy-read blocks"
    for e164 in (*LANDLINES, WHATSAPP):
        assert has_number(blocks, e164), f"{e164} is not among the easy-read blocks"
    assert EMAIL in blocks


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_last_page_is_outside_and_says_nothing_of_what_the_leaflet_is_for(
        leaflets: dict[str, Document], language: str) -> None:
    """Folded, the last page is the leaflet's back: in a neutral pack it holds lines to write
    numbers on ("My numbers"), like the pocket card's, and the check reads it as outside."""
    document = leaflets[language]
    outside = outside_texts(document.pdf, load_layout(FORMAT).outside)
    assert [page for page, _ in outside] == [1, len(document.reader.pages)]
    back = outside[-1][1]
    assert squash(strings(language)["strings"]["my_numbers"]) in squash(back), back
    safety = load_safety_list(SearchPath((CONTENT,)), language)
    words = giveaway_words(back, safety.giveaway_terms, safety.exceptions)
    assert words == [], back
    everything = document.text + " ".join(str(v) for v in (document.reader.metadata or {}).values())
    assert squash(PACK) not in squash(everything) and PACK.encode() not in document.pdf


def test_the_draft_notice_is_on_the_drafts_only(leaflets: dict[str, Document]) -> None:
    for language in LANGUAGES:
        notice = squash(strings(language)["strings"]["draft_notice"])
        assert (notice in squash(leaflets[language].text)) == (language != "en"), language


# --- translating an easy-read text ---------------------------------------------------------

def test_an_easy_text_goes_out_to_a_translator_and_back_with_its_review(tmp_path: Path) -> None:
    shutil.copytree(CONTENT / "kz", tmp_path / "content" / "kz")
    shutil.copytree(CONTENT / "strings", tmp_path / "content" / "strings")
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"name: easy\ntitle: Easy\ncountry: kz\nsituation: domestic-violence\nlanguages: [kk, en]\n"
                    f"formats: [{FORMAT}]\ncontent_dir: content\n", encoding="utf-8")

    def respack(*args: object, code: int = 0) -> str:
        result = CliRunner().invoke(cli, [str(a) for a in args])
        assert result.exit_code == code and "Traceback" not in result.output, result.output
        return result.output

    respack("translate", "export", "kk", pack, "-o", tmp_path / "kk.po")
    catalogue = polib.pofile(str(tmp_path / "kk.po"))
    entry = next(e for e in catalogue if e.msgctxt == "easy.withdraw-complaint")
    assert entry.msgid.startswith("{picture:papers}\n") and f"Printed on: {FORMAT}." in entry.comment
    assert "Keep {picture:papers} unchanged" in entry.comment
    new = "{picture:papers}\nАрызыңызды қайтарып ала аласыз.\n"
    entry.msgstr, entry.flags = new, [f for f in entry.flags if f != "fuzzy"]
    catalogue.save(str(tmp_path / "kk.po"))
    respack("translate", "import", tmp_path / "kk.po", pack, "--reviewed-by", "Aigerim")
    kazakh = yaml.safe_load((tmp_path / "content" / "kz" / "domestic-violence" / "kk.yaml").read_text(encoding="utf-8"))
    assert next(s for s in kazakh["sections"] if s["id"] == "withdraw-complaint")["easy"] == new
    assert kazakh["units"]["easy.withdraw-complaint"]["reviewed_by"] == "Aigerim"

    entry.msgstr = "Арызыңызды қайтарып ала аласыз.\n"  # the picture dropped
    catalogue.save(str(tmp_path / "kk.po"))
    refused = respack("translate", "import", tmp_path / "kk.po", pack, code=1)
    assert "easy.withdraw-complaint" in refused and "{picture:papers}" in refused
