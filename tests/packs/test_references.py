"""A {contact:id} in a text the pack prints names a contact it prints: else the sentence would
print with a gap where the number belongs ("in danger, call ."). In an answer or an easy-read
text a line naming a hidden contact is left out, so that one is allowed there."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.packs.load import load_pack
from generator.packs.validate import check_references
from shapes import FICTION
from support import CONTENT


def write_pack(folder: Path, contacts: dict[str, object], **more: object) -> Path:
    pack = folder / "pack.yaml"
    pack.write_text(yaml.safe_dump({
        "name": "references", "title": "Test", "country": "kz", "situation": "domestic-violence",
        "languages": ["en"], "formats": ["wallet-card"], "sources": FICTION, "contacts": contacts, **more},
        allow_unicode=True), encoding="utf-8")
    return pack


def said(pack: Path) -> list[str]:
    return [str(problem) for problem in check_references(load_pack(pack))]


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_bundled_wording_refers_to_contacts_the_pack_prints(tmp_path: Path) -> None:
    assert said(write_pack(tmp_path, {})) == []


def test_a_hidden_contact_named_in_a_note_or_the_first_step_is_refused(tmp_path: Path) -> None:
    """Hiding the police leaves the feedback note's "in danger, call {contact:police}" and the
    first step without their number: each said at its own line, with the cause."""
    english = CONTENT / "kz" / "domestic-violence" / "en.yaml"
    problems = said(write_pack(tmp_path, {"hide": ["police"]}))
    note = next(p for p in problems if "[contacts.feedback.note]" in p)
    assert f"en.yaml:{line_of(english, 'in danger, call {contact:police}')}:" in note
    assert "refers to contact 'police', which the pack hides (contacts.hide in pack.yaml)" in note
    assert any("[first_step]" in p and "'police'" in p for p in problems), problems
    # an answer's line naming the police is left out of the page: no gap, nothing to say
    assert not any("[sections." in p for p in problems), problems


def test_a_reference_to_no_contact_is_refused_where_it_is_written(tmp_path: Path) -> None:
    """A careless editor's typo in an NGO's own wording: said in its file, at its line."""
    own = tmp_path / "content" / "kz" / "domestic-violence"
    own.mkdir(parents=True)
    (own / "en.yaml").write_text(
        "contacts:\n  feedback:\n    note: \"Not a help line: in danger, call {contact:polise}.\"\n", encoding="utf-8")
    problems = said(write_pack(tmp_path, {}, content_dir="content"))
    (problem,) = problems
    assert f"{own / 'en.yaml'}:3: [contacts.feedback.note]" in problem, problem
    assert "refers to contact 'polise', which is not in country.yaml" in problem


def test_a_hidden_contacts_own_wording_is_not_read_for_references(tmp_path: Path) -> None:
    """The wording of a contact the pack hides, or of none it has, prints nowhere, whatever it names."""
    assert said(write_pack(tmp_path, {"hide": ["women-police"]})) == []
    own = tmp_path / "content" / "kz" / "domestic-violence"
    own.mkdir(parents=True)
    (own / "en.yaml").write_text("contacts:\n  old-line:\n    name: \"Old line {contact:old-line}\"\n",
                                 encoding="utf-8")
    assert said(write_pack(tmp_path, {}, content_dir="content")) == []


def test_each_text_of_a_section_is_told_apart_by_its_field(tmp_path: Path) -> None:
    """A question prints whole, so a hidden contact in it is refused at its own field; an answer's
    or an easy-read text's line naming it is left out. Told apart by the field, not the words:
    a section whose id reads like another field's name, its question worded like an answer."""
    own = tmp_path / "content" / "kz" / "domestic-violence"
    own.mkdir(parents=True)
    (own / "en.yaml").write_text(
        "sections:\n  - id: emergency-call\n    question: \"The answer: call {contact:police}?\"\n"
        "  - id: question\n    question: \"Who helps?\"\n    answer: \"Call {contact:police}.\"\n"
        "    easy: \"{picture:police}\\nCall {contact:police}.\"\n", encoding="utf-8")
    problems = said(write_pack(tmp_path, {"hide": ["police"]}, content_dir="content"))
    sections = [p for p in problems if "[sections." in p]
    (question,) = sections
    assert f"{own / 'en.yaml'}:3: [sections.emergency-call.question] the question of section 'emergency-call' " \
           "refers to contact 'police', which the pack hides" in question, question
