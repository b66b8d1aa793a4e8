"""The giveaway terms and how they match, without a PDF: the rule of a stem and its endings, of
phrases and exceptions; and the bundled lists both ways (every word that gives a document away
is caught, every innocent word that looks like one is let through)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.giveaways import giveaway_words, term_problem
from generator.errors import RespackError
from generator.model import SearchPath
from generator.packs.load import load_safety_list
from support import CONTENT

LANGUAGES = ("en", "ru", "kk")
TERMS = {lang: load_safety_list(SearchPath((CONTENT,)), lang).giveaway_terms for lang in LANGUAGES}
EXCEPTIONS = {lang: load_safety_list(SearchPath((CONTENT,)), lang).exceptions for lang in LANGUAGES}


def found(language: str, text: str) -> list[str]:
    """What the bundled lists of a language find in text."""
    return giveaway_words(text, TERMS[language], EXCEPTIONS[language])


# --- the rule ----------------------------------------------------------------------------------

def test_a_stem_alone_matches_every_word_it_starts():
    assert giveaway_words("Насильник, насильственные; насильно", ["насиль"]) == [
        "Насильник", "насильственные", "насильно"]


def test_a_stem_with_endings_matches_those_words_and_no_other():
    assert giveaway_words("побои, побоев; побочные, поборы, побоялся", ["побо{и,ев,ям,ями,ях}"]) == ["побои", "побоев"]


def test_an_empty_ending_is_the_stem_alone():
    assert giveaway_words("жертв, жертва, жертвовать, жертвую", ["жертв{,а}"]) == ["жертв", "жертва"]


def test_every_word_of_a_phrase_takes_its_endings_across_a_line_break():
    assert giveaway_words("против торговли\nлюдьми", ["торговл{я,и,е,ю,ей} людьми"]) == ["торговли людьми"]
    assert giveaway_words("Сенім\nтелефонына, сенімді телефон", ["сенім телефон{ы,ына}"]) == ["Сенім телефонына"]


def test_an_exception_lets_the_words_inside_it_through_and_no_other():
    text = "Бытовая техника, ремонт бытовой\nтехники; бытовое насилие"
    assert giveaway_words(text, ["бытов"], ["бытов техник"]) == ["бытовое"]
    assert giveaway_words("жүрек соққысы, соққы", ["соққы"], ["жүрек соққы"]) == ["соққы"]


def test_yo_and_ye_are_one_letter():
    assert giveaway_words("Ёлка, елка", ["елк"]) == ["Ёлка", "елка"]
    assert giveaway_words("Ёлка, елка", ["ёлк"]) == ["Ёлка", "елка"]


def test_a_hyphen_parts_two_words():
    assert giveaway_words("Ұрып-соғу", ["ұрып"]) == ["Ұрып"]
    assert giveaway_words("Ұрып-соғу", ["соғу"]) == ["соғу"]


def test_a_term_out_of_the_rule_is_named():
    assert term_problem("побо{и,ев}") == "" and term_problem("телефон{,а} доверия") == ""
    assert "побо{и,ев" in term_problem("побо{и,ев")
    assert "endings in braces at the end of a word" in term_problem("по{б}о")
    assert "endings in braces at the end of a word" in term_problem("{и,ев}")


def test_a_safety_file_with_a_term_out_of_the_rule_is_refused_at_its_line(tmp_path: Path):
    (tmp_path / "safety").mkdir()
    (tmp_path / "safety" / "ru.yaml").write_text(
        "language: ru\nstatus: draft\ngiveaway_terms:\n  - насили\n  - побо{и,ев\nexceptions: [бытов техник]\n",
        encoding="utf-8")
    with pytest.raises(RespackError) as error:
        load_safety_list(SearchPath((tmp_path,)), "ru")
    assert "safety/ru.yaml:5: [giveaway_terms[1]]" in str(error.value) and "побо{и,ев" in str(error.value)


def test_every_bundled_term_and_exception_keeps_the_rule():
    for language in LANGUAGES:
        bad = {term: term_problem(term) for term in (*TERMS[language], *EXCEPTIONS[language]) if term_problem(term)}
        assert not bad, f"safety/{language}.yaml: {bad}"


# --- the bundled lists, both ways --------------------------------------------------------------

# (language, text, what must be found): the words the lists used to miss.
CAUGHT = [
    ("ru", "Насильник ушёл", ["Насильник"]),
    ("ru", "насильственные действия", ["насильственные"]),
    ("ru", "Если обидчик вернулся", ["обидчик"]),
    ("ru", "не подпускайте обидчика", ["обидчика"]),
    ("ru", "потерпевшая сторона", ["потерпевшая"]),
    ("ru", "она избита", ["избита"]),
    ("ru", "защитное предписание", ["предписание"]),
    ("ru", "агрессор и агрессия", ["агрессор", "агрессия"]),
    ("ru", "домашний тиран", ["тиран"]),
    ("ru", "Телефон доверия", ["Телефон доверия"]),
    ("ru", "позвоните по телефону\nдоверия", ["телефону доверия"]),
    ("ru", "Линия помощи", ["Линия помощи"]),
    ("ru", "звонок на линию помощи", ["линию помощи"]),
    ("ru", "торговля людьми", ["торговля людьми"]),
    ("ru", "против торговли людьми", ["торговли людьми"]),
    ("kk", "ұрып-соғу", ["ұрып"]),
    ("kk", "қорлау", ["қорлау"]),
    ("kk", "сексуалдық қысым", ["сексуалдық"]),
    ("kk", "зардап шеккендерге", ["зардап"]),
    ("kk", "қорғау нұсқамасы", ["нұсқамасы"]),
    ("kk", "көмек желісі", ["көмек желісі"]),
    ("kk", "көмек желісіне қоңырау", ["көмек желісіне"]),
    ("kk", "Сенім телефоны", ["Сенім телефоны"]),
    ("kk", "сенім телефонына", ["сенім телефонына"]),
    ("kk", "кризис орталығы", ["кризис"]),
    ("kk", "паналау орны", ["паналау"]),
]

# (language, innocent text): words that start like a term, let through.
LET_THROUGH = [
    ("ru", "побочные эффекты"),
    ("ru", "Бытовая техника"),
    ("ru", "ремонт бытовой техники"),
    ("ru", "жёсткий диск"),
    ("ru", "жертвовать"),
    ("ru", "жертвую на ремонт школы"),
    ("kk", "Құрбан айт"),
    ("kk", "Құрбан айт мерекесімен!"),
    ("kk", "Құрбан Серікұлы, әлеуметтік қызметкер"),
    ("kk", "Құрбанға хабарласыңыз"),
    ("kk", "баспана"),
    ("kk", "Баспана бағдарламасы"),
    ("kk", "тұрмыстық техника"),
    ("kk", "Тұрмыстық техника дүкені"),
    ("kk", "жүрек соққысы"),
]

# The giveaway words those innocent ones were taken for: still caught.
STILL_CAUGHT = [
    ("ru", "побои", ["побои"]),
    ("ru", "снять побоев", ["побоев"]),
    ("ru", "бытовое насилие", ["бытовое", "насилие"]),
    ("ru", "жестокое обращение", ["жестокое"]),
    ("ru", "жертва, жертвы, жертву", ["жертва", "жертвы", "жертву"]),
    ("kk", "зорлық құрбаны", ["зорлық", "құрбаны"]),
    ("kk", "құрбандарына", ["құрбандарына"]),
    ("kk", "тұрмыстық зорлық-зомбылық", ["тұрмыстық", "зорлық", "зомбылық"]),
    ("kk", "соққы", ["соққы"]),
    ("kk", "соққыдан кейін", ["соққыдан"]),
]


@pytest.mark.parametrize(("language", "text", "words"), CAUGHT + STILL_CAUGHT,
                         ids=[f"{lang}:{text}" for lang, text, _ in CAUGHT + STILL_CAUGHT])
def test_a_giveaway_word_is_caught(language: str, text: str, words: list[str]):
    assert found(language, text) == words


@pytest.mark.parametrize(("language", "text"), LET_THROUGH, ids=[f"{lang}:{text}" for lang, text in LET_THROUGH])
def test_an_innocent_word_is_let_through(language: str, text: str):
    assert found(language, text) == []


def test_the_lists_are_drafts_for_a_native_speaker():
    for language in ("ru", "kk"):
        text = (CONTENT / "safety" / f"{language}.yaml").read_text(encoding="utf-8")
        assert "status: draft" in text and "native speaker" in text
