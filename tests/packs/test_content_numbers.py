"""The number rule in content, tried as a careless editor and a hostile one would: a typed or
changed number, a number of no contact, a look-alike, a direction control; at load, through
`respack check` and `build`, and through `translate import`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from generator.packs.numbers import contact_keys, figure_problems, text_problems
from generator.packs.phones import PhoneError, parse_phone
from support import output_of, pack_with_content, respack

KEYS = {"102": "police", "103": "ambulance", "77152493158": "women-police-1", "help@labirint.online": "feedback"}


def problems(text: str, region: str = "KZ", language: str = "en") -> list[str]:
    return text_problems(text, KEYS, region, language)


@pytest.mark.parametrize(("text", "said"), [
    ("Call 102 now.", "write {contact:police} instead"),
    ("Call **103**.", "write {contact:ambulance} instead"),
    ("Call +7 (7152) 49-31-58.", "write {contact:women-police-1} instead"),
    ("Write to help@labirint.online.", "write {contact:feedback} instead"),
    ("Call 112.", "looks like a phone number and is no contact's"),  # an emergency number of no contact
    ("Call 8 800 080 7777.", "looks like a phone number and is no contact's"),
    ("Call +7 701 555 1234.", "looks like a phone number and is no contact's"),
    ("Write to someone@example.org.", "an e-mail address that is no contact's"),
    ("Call ١٠٢.", "ARABIC-INDIC DIGIT ONE"),
    ("Call {contact:police} \u202e201\u202c.", "RIGHT-TO-LEFT OVERRIDE"),
])
def test_a_typed_or_unknown_number_is_refused_with_what_to_write(text: str, said: str) -> None:
    found = problems(text)
    assert any(said in problem for problem in found), found


@pytest.mark.parametrize("text", [
    "Call {contact:police} or {contact:ambulance}.",
    "Articles 120 and 121 of the Criminal Code: 5 to 8 years.",
    "The landline numbers have area code 7152.",
    "Information as of {date}; an order lasts 30 days.",
])
def test_contacts_and_figures_pass(text: str) -> None:
    assert problems(text) == []


def test_a_designation_is_no_contacts_number_and_no_phone_number() -> None:
    """"Городская поликлиника №102": the 102 of a clinic's name is not the police's, nor a
    short number of the country; the phone number beside it is still a typed one."""
    assert problems("Городская поликлиника №102, Емхана № 103, Clinic No. 112.", language="ru") == []
    assert any("write {contact:women-police-1} instead" in p for p in problems("№102 +7 (7152) 49-31-58"))
    assert any("looks like a phone number" in p for p in problems("№ 8 800 080 7777"))


def test_a_figure_that_is_a_short_number_of_the_country_is_refused_there() -> None:
    """Armenia lists 100 to 179 as short numbers: an article 120 reads as a number one may dial."""
    assert problems("Article 120.", "AM") and not problems("Article 120.", "KZ")


def test_a_translation_carries_the_numbers_of_its_english() -> None:
    assert figure_problems("Articles 120 and 121.", "Статьи 121 и 120.") == []
    assert figure_problems("Call {contact:police}.", "Звоните {contact:police}, 24 часа.") == []  # 24: no number
    [changed] = figure_problems("Call {contact:police}.", "Звоните 109.")
    assert "109 not in the English" in changed
    [dropped] = figure_problems("Article 120.", "Статья.")
    assert "120 of the English missing" in dropped


def test_contact_keys_find_a_number_however_it_is_written() -> None:
    contact = parse_phone("+7 (7152) 49-31-58", "KZ")
    from datetime import date

    from generator.model import Contact, Source
    source = Source("s", "S", date(2026, 1, 1))
    keys = contact_keys((Contact("w", ("voice",), source, date(2026, 1, 1), contact.e164, contact.dial,
                                 contact.display),))
    assert keys == {"77152493158": "w"}


@pytest.mark.parametrize(("number", "said"), [
    ("١٠٣", "U+0661 ARABIC-INDIC DIGIT ONE"),
    ("𝟏𝟎𝟑", "MATHEMATICAL BOLD DIGIT ONE"),
    ("11І", "U+0406 CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I"),
    ("+7 7152 49 31 58 ext 5", "an extension cannot be dialled"),
    ("+7 7152 49 31 58;ext=5", "an extension cannot be dialled"),
    ("+7 7152 49\u202e31 58", "U+202E"),
    ("7+7152493158", "a '+' may only start the number"),
    ("11", "too short"),
])
def test_a_contacts_number_is_digits_and_nothing_that_looks_like_them(number: str, said: str) -> None:
    with pytest.raises(PhoneError, match=re.escape(said)):
        parse_phone(number, "KZ", vouched=True)


def test_a_short_number_of_six_digits_a_source_vouches_for_is_dialled_as_written() -> None:
    phone = parse_phone("116 006", "GE", vouched=True)
    assert (phone.dial, phone.display, phone.e164) == ("116006", "116 006", None)
    with pytest.raises(PhoneError, match="short_number_source"):
        parse_phone("116 006", "GE")


# --- through the command line ---------------------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A pack with its own copy of the Kazakhstan content; returns the pack file."""
    return pack_with_content(tmp_path, "own")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_translation_that_changes_an_emergency_number_stops_check_and_build(tree: Path, tmp_path: Path) -> None:
    russian = tree.parent / "content" / "kz" / "domestic-violence" / "ru.yaml"
    replace_in(russian, "Звоните {contact:police} (полиция)", "Звоните 109 (полиция)")
    for command in (("check", tree), ("build", tree, "--out", tmp_path / "out")):
        result = respack(*command)
        said = output_of(result)
        assert result.returncode == 1, said
        assert "ru.yaml:7: [first_step]" in said and "109 not in the English" in said, said
        assert "Traceback" not in said
    assert not (tmp_path / "out" / "own").exists()


def test_a_number_typed_in_an_answer_is_refused_at_the_answers_own_line_and_field(tree: Path) -> None:
    english = tree.parent / "content" / "kz" / "domestic-violence" / "en.yaml"
    replace_in(english, "Call {contact:police} from any landline", "Call 109 from any landline")
    result = respack("check", tree)
    said = output_of(result)
    lines = english.read_text(encoding="utf-8").splitlines()
    answer = lines.index("  - id: emergency-call") + 3  # its question, then its answer
    assert lines[answer - 1].strip() == "answer: |", lines[answer - 1]
    assert result.returncode == 1, said
    assert f"en.yaml:{answer}: [sections.emergency-call.answer] the answer of section 'emergency-call':" in said, said


def test_a_direction_control_around_a_number_is_refused_naming_the_character(tree: Path) -> None:
    kazakh = tree.parent / "content" / "kz" / "domestic-violence" / "kk.yaml"
    replace_in(kazakh, "{contact:police} (полиция)", "\u202e{contact:police}\u202c (полиция)")
    result = respack("check", tree)
    assert result.returncode == 1 and "U+202E RIGHT-TO-LEFT OVERRIDE" in output_of(result), output_of(result)


def test_a_catalogue_that_changes_a_number_is_refused_whole(tree: Path, tmp_path: Path) -> None:
    po_file = tmp_path / "ru.po"
    assert respack("translate", "export", "ru", tree, "-o", po_file).returncode == 0
    catalogue = polib.pofile(str(po_file))
    entry = next(e for e in catalogue if e.msgctxt == "first_step")
    entry.msgstr += " Или 109."  # every {contact:...} kept, a number of no contact added
    catalogue.save(str(po_file))
    before = (tree.parent / "content" / "kz" / "domestic-violence" / "ru.yaml").read_bytes()
    result = respack("translate", "import", po_file, tree)
    said = output_of(result)
    assert result.returncode == 1, said
    assert "first_step" in said and "109" in said, said
    assert (tree.parent / "content" / "kz" / "domestic-violence" / "ru.yaml").read_bytes() == before


def test_a_contact_number_in_other_digits_is_refused_at_its_line(tree: Path) -> None:
    country = tree.parent / "content" / "kz" / "country.yaml"
    replace_in(country, 'number: "103"', 'number: "١٠٣"')
    result = respack("check", tree)
    said = output_of(result)
    assert result.returncode == 1 and "country.yaml:" in said and "U+0661 ARABIC-INDIC DIGIT ONE" in said, said


# --- numbers in any spacing, bare four-digit lines, letters for digits -----------------------

@pytest.mark.parametrize(("intro", "named"), [
    ("Call 8\u00a0\u00a0800\u00a0\u00a0080\u00a0\u00a07777.",
     r"'8\xa0\xa0800\xa0\xa0080\xa0\xa07777' looks like a phone"),
    ("Call 8\u2003800\u2003080\u20037777.", r"'8\u2003800\u2003080\u20037777' looks like a phone"),
    ("Call 8  800  080  7777.", "'8  800  080  7777' looks like a phone"),
    ("Or call 1409.", "'1409' reads as a number and is no contact's, nor a figure"),
    ("Or call ІОЗ.", "'ІОЗ' reads as 103 in a number's place"),
])
def test_an_intro_that_types_a_number_in_any_form_is_refused_at_its_line(tree: Path, intro: str, named: str) -> None:
    with tree.open("a", encoding="utf-8") as pack:
        pack.write(f"intro:\n  en: {json.dumps(intro)}\n")  # a JSON string is a YAML one
    result = respack("check", tree)
    said = output_of(result)
    assert result.returncode == 1, said
    line = tree.read_text(encoding="utf-8").splitlines().index("intro:") + 2
    assert f"pack.yaml:{line}:" in said and named in said and "Traceback" not in said, said


def test_a_catalogue_that_adds_a_mobile_number_in_pairs_is_refused_whole(tree: Path, tmp_path: Path) -> None:
    po_file = tmp_path / "ru.po"
    assert respack("translate", "export", "ru", tree, "-o", po_file).returncode == 0
    catalogue = polib.pofile(str(po_file))
    entry = next(e for e in catalogue if e.msgctxt == "first_step")
    entry.msgstr += " Или 8\u00a0\u00a070\u00a0\u00a015\u00a0\u00a055\u00a0\u00a051\u00a0\u00a023\u00a0\u00a04."
    catalogue.save(str(po_file))
    before = (tree.parent / "content" / "kz" / "domestic-violence" / "ru.yaml").read_bytes()
    result = respack("translate", "import", po_file, tree)
    said = output_of(result)
    assert result.returncode == 1, said
    line = next(e for e in polib.pofile(str(po_file)) if e.msgctxt == "first_step").linenum
    assert f"ru.po:{line}:" in said, said
    assert "first_step" in said and r"'8\xa0\xa070\xa0\xa015\xa0\xa055\xa0\xa051\xa0\xa023\xa0\xa04'" in said, said
    assert "870155551234 not in the English" in said, said
    assert (tree.parent / "content" / "kz" / "domestic-violence" / "ru.yaml").read_bytes() == before


@pytest.mark.parametrize("text", [
    "Open 9:00–17:00, Mon–Fri.", "Since 2015, Article 207 of the Criminal Code.", "As of 01.12.2026.",
    "The landline numbers have area code 7152.", "Articles 207–208.", "An order lasts 365 days.", "15 % of calls",
])
def test_figures_a_reader_knows_pass(text: str) -> None:
    assert problems(text) == []


@pytest.mark.parametrize(("text", "said"), [
    ("Call 1409.", "'1409' reads as a number"),
    ("Or 2026.", "'2026' reads as a number"),  # a year only where its words say so
    ("Call 101–102.", "write {contact:police} instead"),  # a range of contacts' numbers is typed numbers
    ("Call ІОЗ", "reads as 103 in a number's place"),
])
def test_a_run_that_is_no_figure_is_refused(text: str, said: str) -> None:
    found = problems(text)
    assert any(said in problem for problem in found), found


def test_figures_of_a_translation_are_compared_by_value() -> None:
    assert figure_problems("Open 11:00 to 19:00.", "Czynne 11:00–19:00.") == []
    assert figure_problems("As of 01.12.2026.", "Stan na 2026-12-01.") == []
    [changed] = figure_problems("Open 11:00 to 19:00.", "Czynne 11:00–21:00.")
    assert "21:00 not in the English" in changed and "19:00 of the English missing" in changed
