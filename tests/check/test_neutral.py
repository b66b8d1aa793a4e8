"""Neutral packs (`safety: {neutral: true}`): nothing on a document's outside, on a tear-off tab
or in its file's metadata says what it is for, in any of its languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from generator.check.giveaways import giveaway_words
from generator.check.neutral import outside_texts
from generator.errors import RespackError
from generator.model import SearchPath
from generator.packs.layouts import load_layout
from generator.packs.load import load_safety_list
from shapes import NGO_HOTLINE, hotline_named, write_neutral_pack, write_neutral_packs
from support import CONTENT, ROOT, content_version, output_of, respack, squash

TERMS = {lang: load_safety_list(SearchPath((CONTENT,)), lang).giveaway_terms for lang in ("en", "ru", "kk")}
ALL_TERMS = [term for terms in TERMS.values() for term in terms]
USEFUL_NUMBERS = {"en": "Useful numbers", "ru": "Полезные номера", "kk": "Пайдалы нөмірлер"}


# --- the words that give a document away ----------------------------------------------------

def test_a_term_matches_the_words_it_starts():
    assert giveaway_words("Abuse and the ABUSER; abusive", ["abus"]) == ["Abuse", "ABUSER", "abusive"]


def test_a_term_does_not_match_inside_a_word():
    assert giveaway_words("unabused, disabuse", ["abus"]) == []


def test_cyrillic_terms_match_in_any_case():
    assert giveaway_words("НАСИЛИЕ, насилия", TERMS["ru"]) == ["НАСИЛИЕ", "насилия"]
    assert giveaway_words("Тұрмыстық зорлық-зомбылық", TERMS["kk"]) == ["Тұрмыстық", "зорлық", "зомбылық"]


def test_a_term_of_two_words_matches_across_a_line_break():
    assert giveaway_words("против торговли\nлюдьми", ["торговл людьми"]) == ["торговли людьми"]
    assert giveaway_words("Адам\nсаудасы", ["адам саудасы"]) == ["Адам саудасы"]


def test_no_terms_match_nothing():
    assert giveaway_words("domestic violence", []) == []


def test_every_language_of_the_bundled_content_has_terms():
    assert all(TERMS[lang] for lang in TERMS)


def test_the_useful_numbers_title_gives_nothing_away():
    for language, title in USEFUL_NUMBERS.items():
        assert giveaway_words(title, TERMS[language]) == []


def test_a_layout_outside_region_must_be_fractions(tmp_path: Path):
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "layout.yaml").write_text(
        "title: Odd\npage: {width_mm: 100, height_mm: 100}\nmin_font_pt: 8\nstylesheets: [base.css]\n"
        "outside:\n  - {page: 1, x: [0.5, 2]}\n", encoding="utf-8")
    with pytest.raises(RespackError) as error:
        load_layout("odd", SearchPath((tmp_path, ROOT / "layouts")))
    assert "odd/layout.yaml:6: [outside[0].x] expected [from, to], two fractions of the page from 0 to 1, " \
           "found [0.5, 2]" in str(error.value)


def test_a_layout_outside_page_counts_from_the_end_and_never_is_0(tmp_path: Path):
    (tmp_path / "odd").mkdir()
    layout = ("title: Odd\npage: {width_mm: 100, height_mm: 100}\nmin_font_pt: 8\nstylesheets: [base.css]\n"
              "outside:\n  - {page: 1}\n  - {page: %s}\n")
    (tmp_path / "odd" / "layout.yaml").write_text(layout % -1, encoding="utf-8")
    assert [region.page for region in load_layout("odd", SearchPath((tmp_path, ROOT / "layouts"))).outside] == [1, -1]
    (tmp_path / "odd" / "layout.yaml").write_text(layout % 0, encoding="utf-8")
    with pytest.raises(RespackError) as error:
        load_layout("odd", SearchPath((tmp_path, ROOT / "layouts")))
    assert "odd/layout.yaml:7: [outside[1].page] expected a page from 1, or from the end from -1" in str(error.value)


# --- the documents ---------------------------------------------------------------------------

NEUTRAL_DOCUMENTS = [*(("plain-cards", language, name) for language in ("kk", "ru", "en")
                       for name in ("wallet-card", "poster")),
                     ("plain-leaflets", "en", "leaflet"), ("plain-leaflets", "en", "leaflet-large-print")]


def _outside(pdf: Path, format_name: str) -> list[tuple[int, str]]:
    return outside_texts(pdf.read_bytes(), load_layout(format_name).outside)


@pytest.mark.parametrize(("pack", "language", "format_name"), NEUTRAL_DOCUMENTS,
                         ids=["/".join(d) for d in NEUTRAL_DOCUMENTS])
def test_a_neutral_outside_says_nothing_of_its_purpose(neutral_build, pack, language, format_name):
    pdf = neutral_build.pdf(pack, language, format_name)
    outside = " ".join(text for _, text in _outside(pdf, format_name))
    assert outside.strip(), f"no text found on the outside of {pdf.name}: the regions read nothing"
    assert giveaway_words(outside, ALL_TERMS) == [], outside
    if format_name != "poster":  # a poster's outside is its tabs: numbers and plain names
        assert any(title in outside for title in USEFUL_NUMBERS.values()), outside


@pytest.mark.parametrize(("pack", "language", "format_name"), NEUTRAL_DOCUMENTS,
                         ids=["/".join(d) for d in NEUTRAL_DOCUMENTS])
def test_a_neutral_file_says_nothing_in_its_metadata(neutral_build, pack, language, format_name):
    info = pypdf.PdfReader(neutral_build.pdf(pack, language, format_name)).metadata
    metadata = " ".join(str(value) for value in info.values())
    assert giveaway_words(metadata, ALL_TERMS) == [], metadata
    assert info.get("/Title") in USEFUL_NUMBERS.values()


def readable_text(pdf: Path) -> str:
    """What anyone can read of a file: its pages' text, its properties, and its bytes as they
    stand (the identifier in its trailer, its XMP packet)."""
    reader = pypdf.PdfReader(pdf)
    parts = [page.extract_text() for page in reader.pages]
    parts += [str(value) for value in (reader.metadata or {}).values()]
    parts.append(pdf.read_bytes().decode("latin-1"))
    return "\n".join(parts)


@pytest.mark.parametrize(("pack", "language", "format_name"), NEUTRAL_DOCUMENTS,
                         ids=["/".join(d) for d in NEUTRAL_DOCUMENTS])
def test_a_neutral_file_leaves_its_pack_name_out(neutral_build, pack, language, format_name):
    """The pack's name is the NGO's own word for it ("safe-to-carry"): the edition line and the
    file's Subject and Keywords name the edition by its language, format and content version."""
    pdf = neutral_build.pdf(pack, language, format_name)
    text = readable_text(pdf)
    assert pack not in text and squash(pack) not in squash(text)
    info = pypdf.PdfReader(pdf).metadata
    assert info["/Subject"] == info["/Keywords"] == f"{language}/{format_name}/{content_version()}"


def test_a_neutral_card_sheet_leaves_its_pack_name_out(neutral_build):
    text = readable_text(neutral_build.pdf("plain-cards", "kk", "wallet-card-sheet"))
    assert "plain-cards" not in text and squash("plain-cards") not in squash(text)


def test_the_poster_tabs_name_the_plain_service(neutral_build):
    tabs = " ".join(" ".join(text.split()) for _, text in _outside(neutral_build.pdf("plain-cards", "en", "poster"),
                                                                     "poster"))
    assert "Police, area code 7152" in tabs and "Contact centre 111" in tabs
    assert "Police help for women" not in tabs


def test_an_ngo_service_is_named_by_its_plain_name(neutral_build):
    back = _outside(neutral_build.pdf("plain-leaflets", "en", "leaflet"), "leaflet")[0][1]
    assert "Advice line" in " ".join(back.split())
    assert "hotline" not in back


def test_the_inside_of_a_neutral_leaflet_keeps_its_guidance(neutral_build):
    """Neutral is the outside: once opened, the leaflet still says what it is about."""
    pages = pypdf.PdfReader(neutral_build.pdf("plain-leaflets", "en", "leaflet")).pages
    assert giveaway_words(pages[1].extract_text(), TERMS["en"])


def test_the_check_reads_giveaway_words_on_a_document_that_is_not_neutral(office_build):
    """The same reading of an ordinary card finds what a neutral one must not print."""
    outside = " ".join(text for _, text in _outside(office_build / "en" / "wallet-card.pdf", "wallet-card"))
    assert "violence" in giveaway_words(outside, TERMS["en"])


def test_a_document_whose_outside_gives_it_away_is_not_written(tmp_path: Path):
    hotline = {**NGO_HOTLINE, "wording": {"en": {"name": "Domestic violence hotline (fictional)",
                                                 "note": "A test number, not a real one."}}}
    packs = write_neutral_packs(tmp_path, hotline=hotline, organisation="Women's crisis centre (fictional)")
    result = respack("build", packs[1], "--format", "leaflet", "--out", tmp_path / "out")
    output = output_of(result)
    assert result.returncode == 1, output
    assert "plain-leaflets/en/leaflet.pdf: neutral: the outside of page 1 says" in output
    for word in ("'Women'", "'crisis'", "'Domestic'", "'violence'"):
        assert word in output
    assert "Traceback" not in output
    assert not (tmp_path / "out" / "plain-leaflets" / "en" / "leaflet.pdf").exists()


def test_a_neutral_pack_named_for_its_purpose_is_refused_before_building(tmp_path: Path):
    packs = write_neutral_packs(tmp_path, name="violence-help")
    result = respack("check", packs[0])
    output = output_of(result)
    assert result.returncode == 1, output
    assert "[name] the pack's name 'violence-help-cards' is in every file's name and says 'violence'" in output


def test_a_language_without_giveaway_terms_is_said(tmp_path: Path):
    shutil.copytree(ROOT / "tests" / "fixtures" / "country-pl", tmp_path, dirs_exist_ok=True)
    pack = tmp_path / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8") + "safety: {neutral: true}\n", encoding="utf-8")
    result = respack("check", pack)
    assert "no giveaway terms for 'pl': its neutral documents cannot be checked" in output_of(result)


def test_the_list_of_packs_says_which_are_neutral():
    listing = respack("list").stdout
    row = next(line for line in listing.splitlines() if "safe-to-carry" in line)
    following = listing.splitlines()[listing.splitlines().index(row) + 1]
    assert "(neutral)" in following
    assert "(neutral)" not in listing.split("kazakhstan", 1)[1].split("safe-to-carry", 1)[0]


# --- the giveaway lists on built documents --------------------------------------------------

# Words the lists used to miss, in an NGO's intro and in its own contact's plain name and note,
# each as the check must name it.
MISSED = {
    "ru": ({"intro": "Насильник и насильственные действия: обидчик, потерпевшая, избита, агрессор, тиран.",
            "discreet": "Телефон доверия, линия помощи", "note": "Защитное предписание; торговля людьми."},
           ["Насильник", "насильственные", "обидчик", "потерпевшая", "избита", "агрессор", "тиран",
            "Телефон доверия", "линия помощи", "предписание", "торговля людьми"]),
    "kk": ({"intro": "Ұрып-соғу, қорлау, сексуалдық қысым, зардап шеккендер, кризис, паналау.",
            "discreet": "Көмек желісі, сенім телефоны", "note": "Қорғау нұсқамасы."},
           ["Ұрып", "қорлау", "сексуалдық", "зардап", "кризис", "паналау", "Көмек желісі", "сенім телефоны",
            "нұсқамасы"]),
}
# Innocent words that look like giveaway terms, in the same places.
INNOCENT = {
    "ru": {"intro": "Побочные эффекты лекарств; бытовая техника; жёсткий диск; жертвовать на ремонт.",
           "discreet": "Ремонт бытовой техники", "note": "Жёсткий график: звоните днём."},
    "kk": {"intro": "Құрбан айт мерекесімен! Баспана бағдарламасы, тұрмыстық техника, жүрек соққысы.",
           "discreet": "Құрбан Серікұлы", "note": "Тұрмыстық техника жөндеу."},
}


def _words_pack(folder: Path, name: str, words: dict[str, dict[str, str]]) -> Path:
    """A neutral leaflet in Kazakh and Russian with these words on its outside: the intro on its
    cover, the NGO's own contact (its plain name and note) on its cover and back."""
    hotline = hotline_named({language: {"discreet": w["discreet"], "note": w["note"]} for language, w in words.items()})
    return write_neutral_pack(folder, name, ("kk", "ru"), ("leaflet",), hotline=hotline,
                              intro={language: w["intro"] for language, w in words.items()})


def test_each_word_the_lists_missed_is_caught_on_a_neutral_document(tmp_path: Path):
    pack = _words_pack(tmp_path, "plain-words", {language: words for language, (words, _) in MISSED.items()})
    result = respack("build", pack, "--jobs", "1", "--out", tmp_path / "out")  # two leaflets: one process
    output = " ".join(output_of(result).split())
    assert result.returncode == 1, output
    for language, (_, caught) in MISSED.items():
        assert f"plain-words/{language}/leaflet.pdf: neutral: the outside of page 1 says" in output, output
        missed = [word for word in caught if repr(word) not in output]
        assert not missed, f"{language}: not named {missed} in {output}"
        assert not (tmp_path / "out" / "plain-words" / language / "leaflet.pdf").exists()


def test_innocent_words_are_let_through_on_a_neutral_document(tmp_path: Path):
    pack = _words_pack(tmp_path, "plain-words", INNOCENT)
    result = respack("build", pack, "--jobs", "1", "--out", tmp_path / "out")  # two leaflets: one process
    assert result.returncode == 0, output_of(result)
    for language, words in INNOCENT.items():
        pdf = tmp_path / "out" / "plain-words" / language / "leaflet.pdf"
        outside = " ".join(" ".join(text.split()) for _, text in _outside(pdf, "leaflet"))
        assert words["discreet"] in outside and " ".join(words["intro"].split()[:2]) in outside, outside


def test_the_last_page_of_a_neutral_easy_read_leaflet_is_checked(tmp_path: Path):
    """Folded, an easy-read leaflet's last page is outside: an NGO's template that prints the
    headline there gives the leaflet away."""
    (tmp_path / "layouts" / "leaflet-easy-read").mkdir(parents=True)
    (tmp_path / "layouts" / "leaflet-easy-read" / "template.html").write_text(
        '{% extends "builtin/leaflet-easy-read/template.html" %}\n'
        '{% block feedback %}{{ super() }}<p class="headline">{{ headline }}</p>{% endblock %}\n', encoding="utf-8")
    pack = write_neutral_pack(tmp_path, "plain-read", ("en",), ("leaflet-easy-read",), layouts_dir="layouts")
    result = respack("build", pack, "--out", tmp_path / "out")
    output = " ".join(output_of(result).split())
    assert result.returncode == 1, output
    assert "plain-read/en/leaflet-easy-read.pdf: neutral: the outside of page" in output
    assert "'violence'" in output and "the outside of page 1 " not in output
    assert not (tmp_path / "out" / "plain-read" / "en" / "leaflet-easy-read.pdf").exists()
