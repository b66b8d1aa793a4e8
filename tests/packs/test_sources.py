"""A source for every fact that prints: every contact of every bundled pack names its source,
every source cites its note (content/sources/<name>.md) and the note is there; `check` fails,
naming the file and field, when a contact's source or a cited note is missing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.installation import CONTENT_DIR
from generator.packs.load import bundled_packs, load_pack
from support import invoke as respack

PACKS = sorted(path.stem for path in bundled_packs())
CITED = re.compile(r"\bsources/[A-Za-z0-9_.-]+\.md\b")


@pytest.mark.parametrize("name", PACKS)
def test_every_printed_contact_rests_on_a_source_note_that_is_there(name: str) -> None:
    pack = load_pack(CONTENT_DIR / "packs" / f"{name}.yaml")
    for contact in pack.country.contacts:
        note = contact.source.file
        assert note, f"{name}: contact {contact.id!r} rests on source {contact.source.id!r}, which cites no note"
        assert (CONTENT_DIR / note).is_file(), f"{name}: {note} is missing"


def test_every_note_the_content_names_is_in_the_repository() -> None:
    named = {match for path in CONTENT_DIR.rglob("*.yaml")
             for match in CITED.findall(path.read_text(encoding="utf-8"))}
    assert "sources/kz-contact-centre-111.md" in named and any(n.startswith("sources/am-") for n in named)
    missing = sorted(note for note in named if not (CONTENT_DIR / note).is_file())
    assert not missing, f"named in the content but not in content/: {missing}"


def own_copy(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """The bundled pack as a pack file with its own copy of the content; the pack file and
    the copy's country file."""
    text = (CONTENT_DIR / "packs" / f"{name}.yaml").read_text(encoding="utf-8")
    country = re.search(r"^country: (\S+)", text, re.MULTILINE).group(1)  # type: ignore[union-attr]
    shutil.copytree(CONTENT_DIR / country, tmp_path / "content" / country)
    for asset in (CONTENT_DIR / "packs").glob(f"{name}/*"):  # a logo beside the pack file
        (tmp_path / name).mkdir(exist_ok=True)
        shutil.copy(asset, tmp_path / name / asset.name)
    pack = tmp_path / f"{name}.yaml"
    pack.write_text(text + "\ncontent_dir: content\n", encoding="utf-8")
    return pack, tmp_path / "content" / country / "country.yaml"


@pytest.mark.parametrize("name", PACKS)
def test_check_fails_when_a_cited_note_is_missing(tmp_path: Path, name: str) -> None:
    pack, country = own_copy(tmp_path, name)
    text = country.read_text(encoding="utf-8")
    cited = CITED.search(text)
    assert cited, f"{name}: its country file cites no source note"
    country.write_text(text.replace(cited.group(0), "sources/nobody-wrote-this.md", 1), encoding="utf-8")
    output = respack("check", pack, code=1).output
    assert "the source file sources/nobody-wrote-this.md is missing" in output
    assert "country.yaml" in output and "Traceback" not in output


@pytest.mark.parametrize("name", PACKS)
def test_check_fails_when_a_contact_has_no_source(tmp_path: Path, name: str) -> None:
    pack, country = own_copy(tmp_path, name)
    text = country.read_text(encoding="utf-8")
    line = re.search(r"^    source: \S+\n", text, re.MULTILINE)
    assert line
    country.write_text(text[:line.start()] + text[line.end():], encoding="utf-8")
    output = respack("check", pack, code=1).output
    assert "missing required key 'source'" in output and "country.yaml" in output


@pytest.mark.parametrize("note", ["/etc/passwd", "../../secrets.md", "notes/elsewhere.md"])
def test_a_note_outside_sources_is_refused(tmp_path: Path, note: str) -> None:
    pack, country = own_copy(tmp_path, "armenia")
    text = country.read_text(encoding="utf-8")
    country.write_text(text.replace("file: sources/am-labirint.md", f"file: {note}", 1), encoding="utf-8")
    output = respack("check", pack, code=1).output
    assert "expected a file of the content folder's sources/" in output
