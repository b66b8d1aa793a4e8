"""Translating and reviewing through the real command line: catalogues out and back, review
records, the draft notice of each document, review sheets and new languages.

Each test works on its own copy of the content (a pack whose content_dir is the copy), so
imports write there, never into the repository.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest

from generator.model import Section
from generator.packs.units import DRAFT, NOT_STAMPED, REVIEWED, STALE, UNTRANSLATED, Record, Unit, fingerprint
from generator.pipeline import build_editions, plan
from generator.translate.catalogue import notes
from generator.translate.language import load_translation
from generator.translate.updates import Entry, imported
from support import CONTENT, pack_with_content, page_texts, squash, strings
from support import invoke as respack


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A pack file with its own copy of the content; returns the pack file."""
    return pack_with_content(tmp_path)


def approve(catalogue: polib.POFile, context: str, text: str | None = None) -> None:
    entry = next(e for e in catalogue if e.msgctxt == context)
    if text is not None:
        entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")


def built_text(pack: Path, language: str, out_dir: Path) -> str:
    [document] = build_editions(plan((str(pack),), (language,), ("wallet-card",)), out_dir, force=True)
    assert document.ok, document.report.problems
    return squash("\n".join(page_texts(out_dir / "kazakhstan" / language / "wallet-card.pdf")))


def test_po_round_trip_keeps_comments_and_prints_the_change(tree: Path, tmp_path: Path) -> None:
    po_file = tmp_path / "ru.po"
    respack("translate", "export", "ru", tree, "-o", po_file)
    catalogue = polib.pofile(str(po_file))
    caption = next(e for e in catalogue if e.msgctxt == "strings.scan_to_call")
    assert caption.msgid == "Scan to call" and "Printed on: " in caption.comment and "wallet-card" in caption.comment
    assert "Must fit" in caption.comment
    approve(catalogue, "strings.scan_to_call", "Сканируйте, чтобы позвонить")
    catalogue.save(str(po_file))

    respack("translate", "import", po_file, tree)
    strings_file = tree.parent / "content" / "strings" / "ru.yaml"
    text = strings_file.read_text(encoding="utf-8")
    assert 'scan_to_call: "Сканируйте, чтобы позвонить"' in text
    assert text.startswith("# UI strings of the layouts, Russian")  # the comments are kept
    assert f"strings.scan_to_call: {{source_hash: {fingerprint(('Scan to call',))}}}" in text
    guidance = (tree.parent / "content" / "kz" / "domestic-violence" / "ru.yaml").read_text(encoding="utf-8")
    assert guidance == (CONTENT / "kz" / "domestic-violence" / "ru.yaml").read_text(encoding="utf-8")

    assert "0 errors" in respack("check", tree).output
    assert squash("Сканируйте, чтобы позвонить") in built_text(tree, "ru", tmp_path / "out")


def test_a_catalogue_rewrapped_reordered_and_commented_imports_the_same(tree: Path, tmp_path: Path) -> None:
    respack("translate", "export", "kk", tree, "-o", tmp_path / "kk.po")
    catalogue = polib.pofile(str(tmp_path / "kk.po"))
    for entry in catalogue:
        approve(catalogue, entry.msgctxt)
    catalogue.save(str(tmp_path / "kk.po"))
    edited = polib.pofile(str(tmp_path / "kk.po"), wrapwidth=30)
    edited[:] = list(reversed(edited))
    for entry in edited:
        entry.tcomment = "checked with the team"
    edited.save(str(tmp_path / "edited.po"))
    assert (tmp_path / "edited.po").read_text() != (tmp_path / "kk.po").read_text()

    guidance = tree.parent / "content" / "kz" / "domestic-violence" / "kk.yaml"
    respack("translate", "import", tmp_path / "kk.po", tree)
    first = guidance.read_text(encoding="utf-8")
    respack("translate", "import", tmp_path / "edited.po", tree)
    assert guidance.read_text(encoding="utf-8") == first
    assert "contacts.police: {source_hash:" in first  # every unit stamped


def test_a_unit_made_against_an_older_english_is_refused(tree: Path, tmp_path: Path) -> None:
    respack("translate", "export", "ru", tree, "-o", tmp_path / "ru.po")
    catalogue = polib.pofile(str(tmp_path / "ru.po"))
    approve(catalogue, "sections.ambulance.answer", "Звоните 103.\n")
    catalogue.save(str(tmp_path / "ru.po"))
    english = tree.parent / "content" / "kz" / "domestic-violence" / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace("Emergency medical help is free.",
                                                                   "Emergency medical help costs nothing."),
                       encoding="utf-8")
    russian = tree.parent / "content" / "kz" / "domestic-violence" / "ru.yaml"
    before = russian.read_text(encoding="utf-8")

    result = respack("translate", "import", tmp_path / "ru.po", tree, code=1)
    assert "'sections.ambulance.answer' was translated from an older English" in result.output
    assert russian.read_text(encoding="utf-8") == before


def test_xliff_parses_with_translate_toolkit_and_final_means_approved(tree: Path, tmp_path: Path) -> None:
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    respack("translate", "export", "kk", tree, "--format", "xliff", "-o", tmp_path / "kk.xlf")
    store = xliff2.Xliff2File.parsefile(str(tmp_path / "kk.xlf"))
    assert (store.sourcelanguage, store.targetlanguage) == ("en", "kk")
    units = {unit.getid(): unit for unit in store.units}
    assert units["sections.rape::answer"].source.startswith("Under Article 120")
    assert "Қоңырау" in units["strings.scan_to_call::text"].target
    exported = (tmp_path / "kk.xlf").read_text(encoding="utf-8")  # the title is the first unit: approve it
    (tmp_path / "kk.xlf").write_text(exported.replace('<segment id="text" state="translated">',
                                                      '<segment id="text" state="final">', 1), encoding="utf-8")

    respack("translate", "import", tmp_path / "kk.xlf", tree, "--reviewed-by", "Aigerim")
    text = (tree.parent / "content" / "kz" / "domestic-violence" / "kk.yaml").read_text(encoding="utf-8")
    title = load_translation("kk", str(tree), where=False).translation.units[0]
    assert title.id == "title" and title.state == REVIEWED
    assert f"title: {{source_hash: {fingerprint(('Help if you face domestic or sexual violence',))}, " \
           f"reviewed_by: Aigerim, reviewed_on: {date.today().isoformat()}, " \
           f"approved_hash: {fingerprint(title.translation)}}}" in text
    assert "headline: {source_hash:" in text and text.count("reviewed_by: Aigerim") == 1


def test_the_draft_notice_goes_when_every_printed_unit_is_approved(tree: Path, tmp_path: Path) -> None:
    notice = squash(strings("ru")["strings"]["draft_short"])
    assert notice in built_text(tree, "ru", tmp_path / "before")
    result = respack("translate", "review", "ru", tree, "--by", "Olga")
    units = len(load_translation("ru", str(tree), where=False).translation.units)
    assert units > 40 and f"Recorded {units} units of ru as approved by Olga" in result.output
    assert notice not in built_text(tree, "ru", tmp_path / "reviewed")
    assert "/ru.yaml" not in respack("check", tree, "--release", code=1).output  # kk is still a draft

    # One printed unit changed without approval: the notice is back, and a release names the unit.
    respack("translate", "export", "ru", tree, "-o", tmp_path / "ru.po")
    catalogue = polib.pofile(str(tmp_path / "ru.po"))
    approve(catalogue, "strings.scan_to_chat", "Сканируйте: чат WhatsApp")
    catalogue.save(str(tmp_path / "ru.po"))
    respack("translate", "import", tmp_path / "ru.po", tree)
    assert notice in built_text(tree, "ru", tmp_path / "changed")
    release = respack("check", tree, "--release", code=1).output
    assert squash("ru translation is a draft: a release needs every printed unit approved by a native speaker; "
                  "not approved: strings.scan_to_chat\n") in squash(release)


def test_an_approved_unit_edited_by_hand_prints_as_a_draft_and_a_release_names_it(tree: Path,
                                                                                   tmp_path: Path) -> None:
    notice = squash(strings("kk")["strings"]["draft_short"])
    respack("translate", "review", "kk", tree, "--by", "Aigerim")
    assert notice not in built_text(tree, "kk", tmp_path / "approved")
    guidance = tree.parent / "content" / "kz" / "domestic-violence" / "kk.yaml"
    text = guidance.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    guidance.write_text(text.replace(title, 'title: "Тұрмыстық зорлық-зомбылық кезінде көмек"', 1), encoding="utf-8")
    assert "reviewed_by: Aigerim" in guidance.read_text(encoding="utf-8")  # the record still says approved

    [unit] = [u for u in load_translation("kk", str(tree), where=False).translation.units if u.id == "title"]
    assert unit.state == DRAFT and unit.changed_since_approval
    assert notice in built_text(tree, "kk", tmp_path / "edited")
    release = squash(respack("check", tree, "--release", code=1).output)
    assert squash("'title' was changed after Aigerim approved it") in release
    assert squash("not approved: title") in release
    assert "'title' was changed after" in respack("check", tree).output  # a warning without --release

    # Approved again, the very text edited: the card is final again.
    respack("translate", "review", "kk", tree, "--by", "Aigerim", "--unit", "title")
    assert notice not in built_text(tree, "kk", tmp_path / "again")


def test_an_import_that_changes_an_approved_text_takes_its_approval_away(tree: Path, tmp_path: Path) -> None:
    respack("translate", "review", "ru", tree, "--by", "Olga")
    respack("translate", "export", "ru", tree, "-o", tmp_path / "ru.po")
    catalogue = polib.pofile(str(tmp_path / "ru.po"))
    approve(catalogue, "title", "Помощь при насилии")
    catalogue.save(str(tmp_path / "ru.po"))
    respack("translate", "import", tmp_path / "ru.po", tree)
    units = {u.id: u for u in load_translation("ru", str(tree), where=False).translation.units}
    assert units["title"].state == DRAFT and units["title"].record.reviewed_by is None
    assert units["headline"].state == REVIEWED  # untouched: its approval holds


def test_an_approval_without_the_fingerprint_of_its_text_holds_for_nothing() -> None:
    english, text = ("Help",), ("Көмек",)
    unit = Unit("title", Path("kk.yaml"), ("",), english, text,
                Record(fingerprint(english), "Aigerim", date.today()))
    assert unit.state == DRAFT and unit.changed_since_approval
    stamped = Unit("title", Path("kk.yaml"), ("",), english, text,
                   Record(fingerprint(english), "Aigerim", date.today(), fingerprint(text)))
    assert stamped.state == REVIEWED and not stamped.changed_since_approval
    edited = Unit("title", Path("kk.yaml"), ("",), english, ("Көмек!",), stamped.record)
    assert edited.state == DRAFT


def test_a_new_language_starts_empty_and_is_not_stale(tree: Path, tmp_path: Path) -> None:
    result = respack("translate", "new", "de", tree)
    guidance = tree.parent / "content" / "kz" / "domestic-violence" / "de.yaml"
    assert guidance.is_file() and "source_hash" not in guidance.read_text(encoding="utf-8")
    assert "respack translate export de" in result.output
    respack("translate", "new", "de", tree, code=1)  # never overwrites

    respack("translate", "export", "de", tree, "-o", tmp_path / "de.po")
    catalogue = polib.pofile(str(tmp_path / "de.po"))
    respack("translate", "export", "ru", tree, "-o", tmp_path / "ru.po")
    russian = polib.pofile(str(tmp_path / "ru.po"))
    assert len(catalogue) == len(russian) > 60 and all(not e.msgstr and not e.fuzzy for e in catalogue)
    assert catalogue.percent_translated() == 0


def test_a_missing_source_hash_is_not_called_stale(tree: Path) -> None:
    # A situation of the pack's own: its files are whole, not overlays of the installed ones
    # (whose records would stand where the pack's file has none).
    situation = tree.parent / "content" / "kz" / "domestic-violence"
    situation.rename(situation.with_name("test-guidance"))
    tree.write_text(tree.read_text(encoding="utf-8").replace("domestic-violence", "test-guidance"), encoding="utf-8")
    russian = tree.parent / "content" / "kz" / "test-guidance" / "ru.yaml"
    text = russian.read_text(encoding="utf-8")
    russian.write_text("".join(line for line in text.splitlines(keepends=True) if "source_hash:" not in line
                               or line.startswith("  title")), encoding="utf-8")
    output = respack("check", tree).output
    assert "stale" not in output
    assert "units not yet translated against the current en (no source_hash): " in output
    assert "sections.emergency-call" in output and "set source_hash" not in output


def test_review_sheet_sets_english_and_translation_side_by_side(tree: Path, tmp_path: Path) -> None:
    respack("translate", "sheet", "kk", tree, "-o", tmp_path / "kk.pdf")
    text = squash("\n".join(page_texts(tmp_path / "kk.pdf")))
    for expected in ("sections.order-forbids", "What does a protective order forbid?",
                     "Қорғау нұсқамасы қандай әрекеттерге тыйым салады?", "Printed on: wallet-card",
                     "Remarks", "Reviewed by (name)"):
        assert squash(expected) in text, expected


# --- pure functions ---------------------------------------------------------------------------

def unit(translation: tuple[str, ...] = ("Звоните",), record: Record = Record()) -> Unit:
    return Unit("strings.call", Path("ru.yaml"), ("",), ("Call",), translation, record)


def test_a_section_fingerprint_is_its_unit_fingerprint() -> None:
    section = Section("x", "Question?", "Answer.\n")
    assert fingerprint(("Question?", "Answer.\n")) == section.fingerprint


def test_unit_states() -> None:
    current = fingerprint(("Call",))
    assert unit(("",)).state == UNTRANSLATED
    assert unit().state == NOT_STAMPED
    assert unit(record=Record("000000000000")).state == STALE
    assert unit(record=Record(current)).state == DRAFT
    approved = fingerprint(unit().translation)
    assert unit(record=Record(current, "Olga", date(2026, 11, 30), approved)).state == REVIEWED
    assert unit(record=Record(current, "Olga", date(2026, 11, 30))).state == DRAFT  # approved what? no fingerprint
    assert unit(record=Record(current, "Olga", date(2026, 11, 30), "000000000000")).state == DRAFT  # another text
    assert unit(record=Record("000000000000", "Olga", date(2026, 11, 30))).state == STALE


class _Translation:
    """The part of generator.packs.units.Translation that imported() reads."""

    def __init__(self, *units: Unit) -> None:
        self.units, self.language = units, "ru"
        self.pack = SimpleNamespace(country=SimpleNamespace(contacts=(), code="KZ"), hidden=())  # no contacts

    def by_context(self) -> dict[str, tuple[Unit, str]]:
        return {u.context(f): (u, f) for u in self.units for f in u.fields}


def test_import_drops_an_approval_when_the_text_changes() -> None:
    approved = unit(record=Record(fingerprint(("Call",)), "Olga", date(2026, 11, 1), fingerprint(unit().translation)))
    entries = (Entry("strings.call", "Call", "Позвоните", True, True),)
    [update], left = imported(_Translation(approved), entries, "", date(2026, 12, 1), Path("ru.po"))  # type: ignore[arg-type]
    assert update.texts == ("Позвоните",) and update.record == Record(fingerprint(("Call",)))
    [update], _ = imported(_Translation(approved), entries, "Aigerim", date(2026, 12, 1), Path("ru.po"))  # type: ignore[arg-type]
    assert update.record.reviewed_by == "Aigerim" and update.record.reviewed_on == date(2026, 12, 1)


def test_import_refuses_a_lost_placeholder_and_an_unknown_unit() -> None:
    dated = Unit("strings.as_of", Path("ru.yaml"), ("",), ("As of {date}",), ("",))
    entries = (Entry("strings.as_of", "As of {date}", "По состоянию на", True, True),
               Entry("strings.gone", "Gone", "Нет", True, True))
    with pytest.raises(Exception) as raised:
        imported(_Translation(dated), entries, "", date(2026, 12, 1), Path("ru.po"))  # type: ignore[arg-type]
    messages = [p.message for p in raised.value.problems]  # type: ignore[attr-defined]
    assert any("must keep {date}" in m for m in messages) and any("unknown unit 'strings.gone'" in m for m in messages)


def test_notes_say_where_a_unit_prints_and_how_much_room_a_tab_has() -> None:
    wording = Unit("contacts.women-police", Path("ru.yaml"), ("name", "short"), ("Special police group", "Police help"),
                   ("", ""))
    said = notes(wording, "short", {"contacts.women-police.short": {"poster"}}, {"wallet-card"})
    assert said[0] == "Printed on: poster." and "tear-off tab" in said[1] and "11 characters" in said[1]
    said = notes(wording, "name", {}, {"wallet-card"})
    assert said[0] == "Not printed by this pack's formats at present."


OWN_PACK = """# An NGO's pack with wording of its own, in English too, so that it can be translated.
name: own-words
title: Own words (fictional)
country: kz
situation: domestic-violence
languages: [ru, en]
formats: [leaflet, poster]
contacts:
  add:
    - id: test-hotline
      # Fictional test number: Ofcom reserves 020 7946 0000-0999 for drama and fiction.
      number: "+44 20 7946 0958"
      country: GB
      channels: [voice]
      source: test-records
      as_of: 2026-11-25
      wording:
        en: {name: "Test hotline (fictional)", short: "Test line"}
        ru: {name: "Тестовая линия (вымышленная)", short: "Тест"}
sources:
  test-records: {title: "Test fixture (fictional), not a real source", read_on: 2026-11-25}
intro:
  en: "A test organisation gave you this leaflet."   # our own sentence
  ru: "Этот листок вам дала тестовая организация."
"""


def test_a_packs_own_wording_is_translated_into_the_pack_file(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(OWN_PACK, encoding="utf-8")
    respack("translate", "export", "ru", pack, "-o", tmp_path / "ru.po")
    catalogue = polib.pofile(str(tmp_path / "ru.po"))
    assert "Printed on: leaflet, poster." in next(e for e in catalogue if e.msgctxt == "intro").comment
    assert "tear-off tab" in next(e for e in catalogue if e.msgctxt == "contacts.test-hotline.short").comment
    approve(catalogue, "intro", "Этот листок вам передала тестовая организация.")
    approve(catalogue, "contacts.test-hotline.name")
    approve(catalogue, "contacts.test-hotline.short")
    catalogue.save(str(tmp_path / "ru.po"))

    respack("translate", "import", tmp_path / "ru.po", pack, "--reviewed-by", "Olga")
    text = pack.read_text(encoding="utf-8")
    assert 'ru: "Этот листок вам передала тестовая организация."' in text
    assert 'en: "A test organisation gave you this leaflet."   # our own sentence' in text
    assert 'ru: {name: "Тестовая линия (вымышленная)", short: "Тест"}' in text
    assert f"intro: {{source_hash: {fingerprint(('A test organisation gave you this leaflet.',))}, " \
           "reviewed_by: Olga" in text
    assert "0 errors" in respack("check", pack).output
    [document] = build_editions(plan((str(pack),), ("ru",), ("leaflet",)), tmp_path / "out", force=True)
    assert document.ok, document.report.problems
    printed = squash("\n".join(page_texts(tmp_path / "out" / "own-words" / "ru" / "leaflet.pdf")))
    assert squash("Этот листок вам передала тестовая организация.") in printed


def test_bad_catalogues_and_languages_are_said_in_a_line(tree: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.po").write_text("not a catalogue {{\n", encoding="utf-8")
    assert "bad.po: not a PO catalogue" in respack("translate", "import", tmp_path / "bad.po", code=1).output
    (tmp_path / "bad.xlf").write_text("<xliff version='1.2'/>", encoding="utf-8")
    assert "not an XLIFF 2.0 file" in respack("translate", "import", tmp_path / "bad.xlf", code=1).output
    output = respack("translate", "export", "de", tree, code=1).output
    assert "de.yaml: no de translation yet; start one with: respack translate new de" in output
    assert "is not a language code" in respack("translate", "new", "zz", tree, code=1).output
