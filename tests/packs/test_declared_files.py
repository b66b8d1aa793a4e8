"""The country file, the channels' notes and a pack's branding, each read by its declaration:
every key once, each mistake of a careless or a hostile editor said at its file, line and field,
and every contact keeping where it was declared, for the checks that come after loading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.declared import options_of
from generator.errors import Problem, RespackError
from generator.model import Channel
from generator.packs.contacts import ChannelsFile, CountryFile, SourceEntry
from generator.packs.load import load_channel_notes, load_country, load_pack
from generator.packs.pack_file import BrandingEntry, Inks, PackFile
from generator.packs.validate import check_freshness, check_grouping, check_numbers
from generator.reading.reader import read_file_mapping
from generator.reading.yamlfile import read_yaml
from shapes import FICTION, NGO_HOTLINE
from support import CONTENT

# A country of another shape than the bundled ones: two languages, one source, one line, whose
# number Ofcom reserves for drama (020 7946 0000-0999): nobody can be reached on it.
COUNTRY = """version: "2026.12"
code: GB
languages: [en, cy]
sources:
  fiction:
    title: "Test fixture (fictional), not a real source"
    read_on: 2026-11-25
contacts:
  - id: helpline
    number: "+44 20 7946 0321"
    channels: [voice]
    source: fiction
    as_of: 2026-11-25
"""
CHANNELS = """sources:
  tips:
    title: "A page on phone safety"
    url: "https://example.org/phone-safety"
    read_on: 2026-11-30
notes:
  voice: {text: channel_note_voice, source: tips}
"""


def messages(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


def refused(load, path: Path, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RespackError) as error:
        load(path)
    return messages(error.value.problems)


def test_a_country_file_of_another_shape_is_read_by_its_declaration(tmp_path: Path) -> None:
    path = tmp_path / "gb" / "country.yaml"
    path.parent.mkdir()
    path.write_text(COUNTRY, encoding="utf-8")
    country = load_country(path)
    assert (country.code, country.version, country.languages) == ("GB", "2026.12", ("en", "cy"))
    assert country.sources["fiction"].read_on == date(2026, 11, 25)
    (helpline,) = country.contacts
    assert helpline.display == "+44 20 7946 0321"
    assert helpline.origin is not None and helpline.origin.path == path
    assert (helpline.origin.line, helpline.origin.of("number").line) == (9, 10)


def test_the_bundled_country_files_keep_each_sources_line() -> None:
    path = CONTENT / "kz" / "country.yaml"
    problems: list[Problem] = []
    country = read_file_mapping(CountryFile, read_yaml(path), path, problems)
    assert not problems
    assert set(options_of(CountryFile)) == {"version", "code", "languages", "sources", "contacts"}
    assert country.code == "KZ" and "kk" in country.languages
    entry = country.sources["labirint-kz"]
    assert isinstance(entry, SourceEntry) and entry.origin is not None
    assert path.read_text(encoding="utf-8").splitlines()[entry.origin.of("read_on").line - 1].strip() \
        .startswith("read_on:")


@pytest.mark.parametrize(("old", "new", "expected"), [
    # careless: a lower-case code, a misspelt key, a value left out, a list where a mapping belongs
    ("code: GB", "code: gb", ":2: [code] 'gb' is not a country code libphonenumber knows"),
    ("contacts:", "contact:", ":8: [contact] unknown key 'contact'; did you mean 'contacts'?"),
    ('version: "2026.12"', "version:", ":1: missing required key 'version'"),
    ("sources:\n", "sources: [fiction]\nsourcse:\n", ":4: [sources] expected a mapping of keys, found a list"),
    ("languages: [en, cy]", "languages: {en: English}", ":3: [languages] expected a list, found a mapping"),
    ("languages: [en, cy]", "languages: [en, welsh]", ":3: [languages] 'welsh' is not a language code"),
    # hostile: a direction control in a printed name, digits that only look like 0-9
    ("(fictional), not", "(fictional)\u202e, not", ":6: [sources.fiction.title] the direction control U+202E"),
    ('"+44 20 7946 0321"', '"+44 20 7946 03\u0968\u0967"', ":10: [contacts[0].number] '+44 20 7946 03२१': "
                                                          "the character '२' (U+0968 DEVANAGARI DIGIT TWO)"),
    ('version: "2026.12"', 'version: "2026.1\u0662"', ":1: [version] the digit '٢' (U+0662 ARABIC-INDIC DIGIT TWO)"),
])
def test_a_country_file_says_each_mistake_at_its_line(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in COUNTRY
    said = refused(load_country, tmp_path / "country.yaml", COUNTRY.replace(old, new, 1))
    assert any(f"country.yaml{expected}" in message for message in said), said


def test_a_country_file_that_is_no_mapping_is_said_as_such(tmp_path: Path) -> None:
    said = refused(load_country, tmp_path / "country.yaml", "- code: GB\n")
    assert said == [f"{tmp_path / 'country.yaml'}:1: expected a mapping of keys, found a list"], said


def test_the_channels_notes_are_read_by_channel(tmp_path: Path) -> None:
    path = tmp_path / "safety" / "channels.yaml"
    path.parent.mkdir()
    path.write_text(CHANNELS, encoding="utf-8")
    (note,) = load_channel_notes(path)
    assert (note.channel, note.text) == (Channel.VOICE, "channel_note_voice")
    assert note.source.title == "A page on phone safety"
    problems: list[Problem] = []
    notes = read_file_mapping(ChannelsFile, read_yaml(path), path, problems).notes
    assert not problems and list(notes) == [Channel.VOICE]
    assert notes[Channel.VOICE].origin is not None and notes[Channel.VOICE].origin.line == 7


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  voice:", "  sms:", ":7: [notes.sms] unknown key 'sms' Allowed: voice, whatsapp, email"),
    ("{text: channel_note_voice, source: tips}", "{text: channel_note_voice, sorce: tips}",
     ":7: [notes.voice.sorce] unknown key 'sorce'; did you mean 'source'?"),
    ("{text: channel_note_voice, source: tips}", "{text: channel_note_voice}",
     ":7: [notes.voice] missing required key 'source'"),
    ("{text: channel_note_voice, source: tips}", "{text: channel_note_voice, source: a-blog}",
     ":7: [notes.voice.source] unknown source 'a-blog'; known: tips"),
    ("notes:\n", "notes: [voice]\nnoets:\n", ":6: [notes] expected a mapping of keys, found a list"),
    ('    url: "https://example.org/phone-safety"\n', "", ":3: [sources.tips] missing required key 'url'"),
    ("A page on", "A \u2067page on", ":3: [sources.tips.title] the direction control U+2067"),
])
def test_a_channels_file_says_each_mistake_at_its_line(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in CHANNELS
    said = refused(load_channel_notes, tmp_path / "channels.yaml", CHANNELS.replace(old, new, 1))
    assert any(f"channels.yaml{expected}" in message for message in said), said


def read_branding(tmp_path: Path, branding: str) -> tuple[BrandingEntry, list[str]]:
    path = tmp_path / "pack.yaml"
    path.write_text(f"name: x\nbranding:\n{branding}", encoding="utf-8")
    problems: list[Problem] = []
    pack = read_file_mapping(PackFile, read_yaml(path), path, problems)
    return pack.branding, [message for message in messages(problems) if "[branding" in message]


def test_branding_is_read_by_its_declaration(tmp_path: Path) -> None:
    branding, said = read_branding(tmp_path, '  primary: "#0b5d4b"\n  cmyk: {primary: [90, 20, 75, 35]}\n')
    assert not said
    assert (branding.primary, branding.accent, branding.logo) == ("#0b5d4b", "", None)
    assert branding.cmyk.primary == [90, 20, 75, 35] and branding.cmyk.accent is None
    assert list(options_of(BrandingEntry)) == ["organisation", "logo", "primary", "accent", "font", "fonts", "cmyk",
                                               "print_profile"]
    assert list(options_of(Inks)) == ["primary", "accent"]


@pytest.mark.parametrize(("branding", "expected"), [
    ("  primary: green\n", ":3: [branding.primary] expected a colour as #rrggbb, found 'green'"),
    ('  accent: "#12345"\n', ":3: [branding.accent] expected a colour as #rrggbb, found '#12345'"),
    ("  primary: #0b5d4b\n", ":3: [branding.primary] the value of 'primary' starts with '#'"),
    ("  primay: '#0b5d4b'\n", ":3: [branding.primay] unknown key 'primay'; did you mean 'primary'?"),
    ("  logo: [logo.svg]\n", ":3: [branding.logo] expected text, found a list"),
    ("  - primary\n", ":2: [branding] expected a mapping of keys, found a list"),
    ("  cmyk: [90, 20, 75, 35]\n", ":3: [branding.cmyk] expected a mapping of keys, found a list"),
    ("  cmyk: {secondary: [1, 2, 3, 4]}\n", ":3: [branding.cmyk.secondary] unknown key 'secondary' Allowed: "
                                            "primary, accent"),
])
def test_a_branding_mistake_is_said_at_its_line(tmp_path: Path, branding: str, expected: str) -> None:
    entry, said = read_branding(tmp_path, branding)
    assert any(f"pack.yaml{expected}" in message for message in said), said
    assert entry.primary == "" and entry.accent == ""  # a colour said wrong keeps the layout's


def write_pack(folder: Path, contacts: dict[str, object], **more: object) -> Path:
    pack = folder / "pack.yaml"
    pack.write_text(yaml.safe_dump({
        "name": "declared", "title": "Test", "country": "kz", "situation": "domestic-violence", "languages": ["en"],
        "formats": ["wallet-card"], "sources": FICTION, "contacts": contacts, **more}, allow_unicode=True),
        encoding="utf-8")
    return pack


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_contact_keeps_where_it_was_declared_for_the_checks_after_loading(tmp_path: Path) -> None:
    """A regrouped number is said at its own line, in the file that declares it; an old contact
    of the pack is said in the pack file, not in the country's."""
    (tmp_path / "content" / "kz").mkdir(parents=True)
    country = tmp_path / "content" / "kz" / "country.yaml"
    country.write_text((CONTENT / "kz" / "country.yaml").read_text(encoding="utf-8")
                       .replace('"+7 7152 49 31 58"', '"+7 71524 931 58"'), encoding="utf-8")
    pack = write_pack(tmp_path, {"hide": ["women-police-2"],
                                 "add": [{**NGO_HOTLINE, "number": "+44 2079 460 321", "as_of": "2024-01-01"}]},
                      content_dir="content")
    loaded = load_pack(pack)
    regrouped = {problem.file: problem for problem in check_grouping(loaded)}
    assert regrouped[country].line == line_of(country, "+7 71524 931 58")
    assert regrouped[country].field == "contacts[2].number"
    assert regrouped[pack].line == line_of(pack, "+44 2079 460 321")
    (old,) = check_freshness(loaded, date(2026, 12, 7), release=False)
    assert (old.file, old.line, old.field) == (pack, line_of(pack, "- as_of: '2024-01-01'"), "contacts.ngo-hotline")


def test_a_pack_file_number_in_look_alike_digits_is_refused_at_its_line(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, {"add": [{**NGO_HOTLINE, "number": "+44 20 7946 O321"}]})
    with pytest.raises(RespackError) as error:
        load_pack(pack)
    said = messages(error.value.problems)
    assert any(f":{line_of(pack, '7946 O321')}: [contacts.add[0].number]" in m and "'O'" in m for m in said), said


def test_a_direction_control_in_the_organisations_name_is_refused(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, {}, branding={"organisation": "Help\u202e Line"})
    said = messages(check_numbers(load_pack(pack)))
    assert any("[branding.organisation]" in m and "direction control U+202E" in m for m in said), said


@pytest.mark.parametrize(("sources", "expected"), [
    ("sources: [own]\n", ":2: [sources] expected a mapping of keys, found a list"),
    ("sources:\n  own: {title: \"Our re\u202ecords\", read_on: 2026-11-25}\n",
     ":3: [sources.own.title] the direction control U+202E"),
    ("sources:\n  own: {title: Our records, red_on: 2026-11-25}\n", ":3: [sources.own.red_on] unknown key 'red_on'; "
                                                                   "did you mean 'read_on'?"),
])
def test_a_pack_files_own_sources_are_read_by_the_sources_declaration(tmp_path: Path, sources: str,
                                                                     expected: str) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(f"name: x\n{sources}", encoding="utf-8")
    problems: list[Problem] = []
    read_file_mapping(PackFile, read_yaml(path), path, problems)
    assert any(f"pack.yaml{expected}" in message for message in messages(problems)), messages(problems)
