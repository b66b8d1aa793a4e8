"""The text of each PDF, extracted with pypdfium2: numbers, languages, real glyphs, notices."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont

from support import (
    AMBULANCE,
    BAD_CHARACTERS,
    CYRILLIC,
    DOCUMENTS,
    EMAIL,
    KAZAKH_LETTERS,
    LANDLINES,
    LANGUAGES,
    POLICE,
    WHATSAPP,
    content_version,
    document_id,
    embedded_font_file,
    font_descriptor,
    has_number,
    has_short_number,
    is_draft,
    page_fonts,
    squash,
    strings,
    to_unicode,
)

# Words of the English layouts that must not leak into a Kazakh or Russian document.
ENGLISH_UI_WORDS = ("Scan", "Police", "Ambulance", "Emergency", "Feedback", "Draft", "Information as of",
                    "Checked on", "Keep this card", "Take a number", "landline", "Who to contact")


@pytest.mark.parametrize("language", LANGUAGES)
def test_leaflet_has_every_number_of_the_source(pack_build, language):
    text = pack_build.document(language, "leaflet").text
    for number in (POLICE, AMBULANCE):
        assert has_short_number(text, number), f"leaflet-{language}: {number} is not printed"
    for e164 in LANDLINES + (WHATSAPP,):
        assert has_number(text, e164), f"leaflet-{language}: {e164} is not printed"
    assert EMAIL in text, f"leaflet-{language}: {EMAIL} is not printed"


def test_every_document_prints_the_emergency_and_police_group_numbers(document):
    for e164 in LANDLINES + (WHATSAPP,):
        assert has_number(document.text, e164), f"{document.id}: {e164} is not printed"
    for number in (POLICE, AMBULANCE):
        assert has_short_number(document.text, number), f"{document.id}: {number} is not printed"


@pytest.mark.parametrize("name", ("leaflet", "wallet-card", "poster"))
def test_kazakh_documents_use_kazakh_letters(pack_build, name):
    text = pack_build.document("kk", name).text.lower()
    found = {letter for letter in KAZAKH_LETTERS if letter in text}
    assert len(found) >= 3, f"{name}-kk has only these Kazakh letters: {sorted(found)}"


def test_no_replacement_characters_or_empty_boxes(document):
    for number, text in enumerate(document.page_texts, 1):
        for character, what in BAD_CHARACTERS.items():
            assert character not in text, f"{document.id} page {number} contains a {what}"


def test_fonts_are_the_projects_noto_sans(document):
    for number, page in enumerate(document.reader.pages, 1):
        fonts = page_fonts(page)
        assert fonts, f"{document.id} page {number} uses no font"
        for font in fonts:
            name = str(font.get("/BaseFont", ""))
            assert "DejaVu" not in name and ("Noto" in name or "Respack" in name), (
                f"{document.id} page {number} uses the font {name}")
            data = embedded_font_file(font)
            assert data, f"{document.id}: {name} is not embedded"
            family = TTFont(io.BytesIO(data))["name"].getDebugName(1)
            assert family == "Noto Sans", f"{document.id}: {name} is {family!r}, not Noto Sans"


def test_every_letter_is_drawn_with_a_real_glyph(document):
    """No letter falls back to .notdef or to an empty glyph (the "empty boxes" of a missing font)."""
    drawn: set[str] = set()
    for page in document.reader.pages:
        for font in page_fonts(page):
            data = embedded_font_file(font)
            assert data is not None
            ttf = TTFont(io.BytesIO(data))
            order, glyf = ttf.getGlyphOrder(), ttf["glyf"]
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert descendant.get("/CIDToGIDMap", "/Identity") == "/Identity"
            for code, text in to_unicode(font).items():
                if not any(ch.isalnum() for ch in text):
                    continue
                name = font_descriptor(font)["/FontName"]
                assert 0 < code < len(order), f"{document.id}: {text!r} is drawn as glyph {code} in {name}"
                assert glyf[order[code]].numberOfContours != 0, f"{document.id}: {text!r} is empty in {name}"
                drawn.update(text)
    printed = {ch for ch in document.text if ch.isalnum()}
    assert printed <= drawn, f"{document.id}: no glyph found for {sorted(printed - drawn)}"


@pytest.mark.parametrize("name", ("leaflet", "wallet-card", "poster"))
def test_english_documents_have_no_cyrillic(pack_build, name):
    text = pack_build.document("en", name).text
    assert not CYRILLIC.findall(text), f"{name}-en contains Cyrillic: {sorted(set(CYRILLIC.findall(text)))}"


@pytest.mark.parametrize("param", [d for d in DOCUMENTS if d[0] != "en"], ids=document_id)
def test_kazakh_and_russian_documents_have_no_english_ui_words(pack_build, param):
    document = pack_build.document(*param)
    for word in ENGLISH_UI_WORDS:
        match = re.search(rf"\b{word}\b", document.text, re.I)
        assert not match, f"{document.id} contains the English {word!r}"


def test_draft_notice_on_every_page_of_a_draft(document):
    t = strings(document.language)["strings"]
    # A small format may print the short form of the notice, if the strings define one.
    notices = [squash(t[key]) for key in ("draft_notice", "draft_short") if key in t]
    for number, text in enumerate(document.page_texts, 1):
        found = any(notice in squash(text) for notice in notices)
        if is_draft(document.language):
            assert found, f"{document.id} page {number} does not say that the translation is a draft"
        else:
            assert not found, f"{document.id} page {number} says that the source language is a draft"


def test_content_version_on_every_page(document):
    version = content_version()
    for number, text in enumerate(document.page_texts, 1):
        assert version in text, f"{document.id} page {number} does not print the content version {version}"
