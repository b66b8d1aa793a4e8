"""The content files declared (generator.model's Guidance and Strings, packs/safety_list.py's
SafetyList), read by the one reader with their overlays: each value by its type, every problem
at its file, line and field, each value's origin kept, so that no check reads a file again."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.declared import options_of
from generator.digits import character_problems
from generator.errors import RespackError
from generator.model import Guidance, Record, SearchPath, Status, Strings
from generator.packs.load import load_guidance, load_safety_list, load_strings
from generator.packs.overlay import read_started

GUIDANCE = """language: xx
status: draft
title: "A title"
headline: "A headline"
first_step: "Call {contact:police}."
contacts:
  police:
    name: "Police"
    note: "Any phone"
sections:
  - id: first
    source_hash: abcdefabcdef
    question: "What first?"
    answer: "Call."
  - id: second
    question: "And then?"
    answer: "Go."
    easy: |
      {picture:police}
      Call the police.
units:
  title: {source_hash: 123456789012, reviewed_by: Olga, reviewed_on: 2026-11-30}
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(read: object) -> list[str]:
    """The problems a load raises, each as a volunteer reads it."""
    with pytest.raises(RespackError) as raised:
        read()  # type: ignore[operator]
    return [str(problem) for problem in raised.value.problems]


def test_a_guidance_file_is_read_by_its_declared_types(tmp_path: Path) -> None:
    guidance = load_guidance(write(tmp_path, "xx.yaml", GUIDANCE))
    assert guidance.status is Status.DRAFT and guidance.is_draft
    assert guidance.contacts["police"].note == "Any phone" and guidance.contacts["police"].short == ""
    assert [s.id for s in guidance.sections] == ["first", "second"]
    assert guidance.sections[0].record == Record(source_hash="abcdefabcdef")
    assert guidance.sections[1].easy.startswith("{picture:police}")
    assert guidance.units["title"] == Record("123456789012", "Olga", guidance.units["title"].reviewed_on)
    assert str(guidance.units["title"].reviewed_on) == "2026-11-30"
    assert list(options_of(Guidance)) == ["language", "status", "reviewed_by", "title", "headline", "first_step",
                                          "contacts", "sections", "units"]


def test_every_value_keeps_its_line_so_no_check_reads_the_file_again(tmp_path: Path) -> None:
    path = write(tmp_path, "xx.yaml", GUIDANCE)
    guidance = load_guidance(path)
    assert guidance.origin is not None
    assert guidance.origin.of("title").line == 3
    assert guidance.origin.given("contacts.police") is not None and guidance.origin.of("contacts.police").line == 7
    assert guidance.origin.given("contacts.ambulance") is None
    assert guidance.origin.nearest("contacts.ambulance") == guidance.origin.of("contacts")
    second = guidance.sections[1]
    assert second.origin is not None and (second.origin.line, second.origin.of("easy").line) == (15, 18)
    assert guidance.contacts["police"].origin is not None and guidance.contacts["police"].origin.of("note").line == 9


@pytest.mark.parametrize(("change", "expected"), [
    # a careless editor
    (("title: \"A title\"", "title: [A, title]"), "xx.yaml:3: [title] expected text, found a list"),
    (("headline:", "headlin:"), "unknown key 'headlin'; did you mean 'headline'?"),
    (("status: draft", "status: final"), "xx.yaml:2: [status] expected one of source, draft, reviewed, found 'final'"),
    (("    question: \"And then?\"\n", ""), "xx.yaml:15: [sections[1]] missing required key 'question'"),
    (("contacts:\n  police:", "contacts:\n  police: null\n  other:"), "[contacts] missing required key 'police'"),
    (("  title: {source_hash", "  title: {source_hsh"), "unknown key 'source_hsh'; did you mean 'source_hash'?"),
    (("reviewed_on: 2026-11-30", "reviewed_on: 30.11.2026"), "expected a date as YYYY-MM-DD, found '30.11.2026'"),
    # a hostile one
    (("contacts:\n  police:\n    name: \"Police\"\n    note: \"Any phone\"\n", "contacts: [police]\n"),
     "xx.yaml:6: [contacts] expected a mapping of keys, found a list"),
    (("language: xx", "language: yy"), "xx.yaml:1: [language] language 'yy' does not match the file name xx.yaml"),
    (("      Call the police.", "      {picture:nowhere}"), "[sections[1].easy]"),
])
def test_a_mistake_is_said_at_its_line_and_field(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    assert change[0] in GUIDANCE
    path = write(tmp_path, "xx.yaml", GUIDANCE.replace(*change))
    messages = problems_of(lambda: load_guidance(path))
    assert [m for m in messages if expected in m], messages


def test_a_direction_control_is_kept_as_written_for_the_check_to_say_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "xx.yaml", GUIDANCE.replace("A headline", "Call 102\u202e3"))
    guidance = load_guidance(path)
    assert "\u202e" in guidance.headline and guidance.origin is not None
    assert guidance.origin.of("headline").line == 4
    assert any("direction control" in problem for problem in character_problems(guidance.headline))


OVERLAY = """language: xx
contacts:
  police: {note: "Our own note"}
sections:
  - id: second
    answer: "Go, with us."
  - id: third
    question: "Ours?"
    answer: "Yes."
"""


def test_an_overlay_names_only_what_it_changes_and_each_value_keeps_its_own_file(tmp_path: Path) -> None:
    installed = write(tmp_path / "installed", "xx.yaml", GUIDANCE)
    own = write(tmp_path / "own", "xx.yaml", OVERLAY)
    guidance = load_guidance(installed, own)
    assert (guidance.path, guidance.layers) == (own, (installed, own))
    assert guidance.title == "A title" and guidance.status is Status.DRAFT  # not given: the installed file's
    assert guidance.contacts["police"].name == "Police" and guidance.contacts["police"].note == "Our own note"
    assert [s.id for s in guidance.sections] == ["first", "second", "third"]
    second = guidance.sections[1]
    assert (second.question, second.answer) == ("And then?", "Go, with us.")
    assert second.origin is not None and second.origin.of("answer").path == own
    assert second.origin.of("question").path == installed and second.origin.of("question").line == 16
    assert guidance.origin is not None and guidance.origin.of("title").path == installed
    police = guidance.contacts["police"].origin
    assert police is not None and police.of("note").path == own and police.of("name").path == installed


def test_an_overlays_section_names_the_section_it_changes(tmp_path: Path) -> None:
    installed = write(tmp_path / "installed", "xx.yaml", GUIDANCE)
    own = write(tmp_path / "own", "xx.yaml", "sections:\n  - answer: \"Which one?\"\n")
    messages = problems_of(lambda: load_guidance(installed, own))
    assert messages == [f"{own}:2: [sections[0]] missing required key 'id': an overlay names the section it changes"]


def test_a_started_translation_is_read_as_it_stands(tmp_path: Path) -> None:
    """Every text empty, no status: read without a word, to be exported before it is built."""
    write(tmp_path / "kz" / "s", "xx.yaml", "language: xx\ntitle: \"\"\nsections:\n  - id: first\n    question: \"\"\n")
    guidance = read_started(Guidance, SearchPath((tmp_path,)), "kz/s/xx.yaml")
    assert guidance is not None and guidance.title == "" and [s.id for s in guidance.sections] == ["first"]
    assert read_started(Guidance, SearchPath((tmp_path,)), "kz/s/yy.yaml") is None


def test_a_file_read_again_as_it_stands_after_its_load_reads_as_it_would_alone(tmp_path: Path) -> None:
    """The plan reads each translation's files as they stand after the load read them strictly:
    a file the load found no problem in is the one loaded; one it refused is read as it stands,
    its empty texts kept, as if the load had never read it."""
    write(tmp_path / "kz" / "s", "xx.yaml", GUIDANCE)
    loaded = load_guidance(tmp_path / "kz" / "s" / "xx.yaml")
    assert read_started(Guidance, SearchPath((tmp_path,)), "kz/s/xx.yaml") == loaded
    started = write(tmp_path / "kz" / "s", "yy.yaml",
                    "language: yy\ntitle: \"\"\nsections:\n  - id: first\n    question: \"\"\n")
    assert problems_of(lambda: load_guidance(started))
    guidance = read_started(Guidance, SearchPath((tmp_path,)), "kz/s/yy.yaml")
    assert guidance is not None and guidance.title == "" and [s.id for s in guidance.sections] == ["first"]


def test_strings_are_texts_by_name_each_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "xx.yaml", "language: xx\nstatus: source\nstrings:\n  scan: \"Scan\"\n  version: 2026.11\n")
    strings = load_strings(path)
    assert isinstance(strings, Strings) and strings.values == {"scan": "Scan", "version": "2026.11"}
    assert strings["scan"] == "Scan" and strings.origin is not None and strings.origin.of("strings.version").line == 5
    empty = write(tmp_path, "yy.yaml", "language: yy\nstatus: source\nstrings:\n  scan: \"\"\n  close: [1]\n")
    messages = problems_of(lambda: load_strings(empty))
    assert [m for m in messages if "yy.yaml:4: [strings.scan] is empty" in m], messages
    assert [m for m in messages if "yy.yaml:5: [strings.close] expected text, found a list" in m], messages


def test_a_safety_list_says_a_term_that_breaks_the_rule_at_its_own_line(tmp_path: Path) -> None:
    write(tmp_path / "safety", "xx.yaml", "language: xx\nstatus: draft\ngiveaway_terms:\n  - abuse\n  - vict{im\n"
                                         "exceptions: [abuse of power]\n")
    messages = problems_of(lambda: load_safety_list(SearchPath((tmp_path,)), "xx"))
    assert [m for m in messages if "xx.yaml:5: [giveaway_terms[1]] 'vict{im' is not a stem" in m], messages
    write(tmp_path / "safety", "xx.yaml", "language: xx\ngiveaway_term: [abuse]\nstatus: final\n")
    messages = problems_of(lambda: load_safety_list(SearchPath((tmp_path,)), "xx"))
    assert [m for m in messages if "unknown key 'giveaway_term'; did you mean 'giveaway_terms'?" in m], messages
    assert [m for m in messages if "missing required key 'giveaway_terms'" in m], messages
    assert [m for m in messages if "xx.yaml:3: [status] expected one of source, draft, reviewed" in m], messages
    assert load_safety_list(SearchPath((tmp_path,)), "zz").giveaway_terms == ()  # no file: no terms (validate warns)


NGO_PACK = """name: ngo-own
title: NGO own
country: kz
situation: domestic-violence
languages: [en, ru]
formats: [wallet-card]
"""
NGO_EN = """language: en
sections:
  - id: ambulance
    answer: |
      Call {contact:ambulance} from any phone. Our own words.
"""
NGO_RU = """language: ru
contacts:
  police: {note: "С любого телефона, наш текст"}
sections:
  - id: ambulance
    answer: |
      Звоните {contact:ambulance}. Наш текст.
"""


def test_a_unit_of_an_ngos_own_translation_is_said_at_its_line_in_the_ngos_file(tmp_path: Path) -> None:
    """The NGO's English of a section changed, its translation of it now out of date: its file
    names the section without its record, and the problem is said at that section, in the NGO's
    file; what the file does not name (its status), in the file without a line."""
    from generator.packs.load import load_pack
    from generator.packs.validate import check_units

    write(tmp_path, "pack.yaml", NGO_PACK)
    write(tmp_path / "content" / "kz" / "domestic-violence", "en.yaml", NGO_EN)
    own = write(tmp_path / "content" / "kz" / "domestic-violence", "ru.yaml", NGO_RU)
    pack = load_pack(tmp_path / "pack.yaml")
    assert pack.guidance["ru"].layers[-1] == own and pack.guidance["ru"].contacts["police"].name  # the installed
    problems = {(p.file, p.field): p for p in check_units(pack, "ru", release=False)}
    stale = problems[own, "sections.ambulance.source_hash"]
    assert stale.line == 5 and "out of date" in str(stale), stale
    assert problems[own, "status"].line is None  # the NGO's file gives no status
    installed = pack.strings["ru"].path
    assert problems[installed, "status"].line == 3  # the installed strings file's status: its line
