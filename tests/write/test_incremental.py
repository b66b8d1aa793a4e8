"""Incremental builds: a rebuild makes only the documents whose inputs changed.

The content and layouts are copied into a temporary folder, and generator.packs.load is pointed
at the copy, so a test can change a file without touching the project's own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import generator.packs.load
from generator.pipeline import BuiltDocument, build_editions, plan
from support import PACK, ROOT, file_states, pdf_text, squash

# Every format the bundled pack prints: an edit to one language's file rebuilds each of them.
PACK_FORMATS = generator.packs.load.load_pack(generator.packs.load.find_pack(PACK)).formats

LANGUAGES = ("en", "kk")  # two of the three: enough to see that only one is rebuilt
RESPACK = Path(sys.executable).parent / "respack"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@dataclass
class Project:
    root: Path  # a copy of content/ and layouts/
    out_dir: Path

    def build(self, languages: tuple[str, ...] = LANGUAGES, force: bool = False,
              jobs: int = 2) -> list[BuiltDocument]:
        built = build_editions(plan((PACK,), languages, ()), self.out_dir, jobs=jobs, force=force)
        failed = {b.edition.id: b.report.problems for b in built if not b.ok}
        assert not failed, failed
        return built

    def manifest(self) -> dict:
        return json.loads((self.out_dir / PACK / "manifest.json").read_text(encoding="utf-8"))

    def keys(self) -> dict[str, str]:
        return {d["path"]: d["key"] for d in self.manifest()["documents"]}


def rebuilt(built: list[BuiltDocument]) -> set[str]:
    return {f"{b.edition.language}/{b.edition.format}" for b in built if not b.unchanged}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The bundled pack (two languages) built once from a copy of the content; tests rebuild it."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generator.packs.load, "CONTENT_DIR", root / "content")
        patch.setattr(generator.packs.load, "PACKS_DIR", root / "content" / "packs")
        patch.setattr(generator.packs.load, "LAYOUTS_DIR", root / "layouts")
        project = Project(root=root, out_dir=root / "output")
        built = project.build()
        assert not any(b.unchanged for b in built)
        yield project


def test_the_manifest_records_a_key_for_every_document(project):
    manifest = project.manifest()
    pdfs = sorted(e["path"] for e in manifest["files"]
                  if e["path"].endswith(".pdf") and not e["path"].endswith("-sheet.pdf"))  # a card's sheet
    assert sorted(d["path"] for d in manifest["documents"]) == pdfs                         # is its file
    listed = {e["path"] for e in manifest["files"]}
    for document in manifest["documents"]:
        assert len(document["key"]) == 64
        assert document["path"] in document["files"] and set(document["files"]) <= listed


def test_a_rebuild_with_nothing_changed_writes_nothing(project):
    project.build()  # up to date, whatever an earlier test changed
    before = file_states(project.out_dir)
    manifest = (project.out_dir / PACK / "manifest.json").read_bytes()
    built = project.build()
    assert rebuilt(built) == set()
    assert all(b.ok and b.pdf and b.pages for b in built)
    assert file_states(project.out_dir) == before, "a rebuild with nothing to do touched a file"
    assert (project.out_dir / PACK / "manifest.json").read_bytes() == manifest


def test_a_changed_language_file_rebuilds_only_that_languages_documents(project):
    project.build()
    keys = project.keys()
    guidance = project.root / "content" / "kz" / "domestic-violence" / "kk.yaml"
    guidance.write_text(guidance.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")

    built = project.build()
    assert rebuilt(built) == {f"kk/{name}" for name in PACK_FORMATS}
    changed = {path for path, key in project.keys().items() if keys[path] != key}
    assert changed == {f"kk/{name}.pdf" for name in PACK_FORMATS}
    assert rebuilt(project.build()) == set(), "the new keys were not recorded"


def test_a_changed_channel_source_is_printed_by_the_rebuild(project):
    """The source of a channel's note is printed on the leaflet: a new title is printed at once."""
    project.build()
    channels = project.root / "content" / "safety" / "channels.yaml"
    old = "Queensland Government, Technology safety planning"
    new = "Queensland Government, Technology safety planning (revised)"
    text = channels.read_text(encoding="utf-8")
    assert old in text
    channels.write_text(text.replace(old, new), encoding="utf-8")
    assert rebuilt(project.build()) == {f"{language}/{name}" for language in LANGUAGES
                                        for name in PACK_FORMATS}
    assert "(revised)" in squash(pdf_text(project.out_dir / PACK / "en" / "leaflet.pdf"))


def test_a_changed_strings_file_rebuilds_that_language(project):
    project.build()
    strings = project.root / "content" / "strings" / "kk.yaml"
    strings.write_text(strings.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rebuilt(project.build()) == {f"kk/{name}" for name in PACK_FORMATS}


def test_a_missing_or_altered_output_file_is_rebuilt(project):
    project.build()
    pack_dir = project.out_dir / PACK
    (pack_dir / "en" / "poster-1.png").unlink()
    card = pack_dir / "kk" / "wallet-card.pdf"
    card.write_bytes(card.read_bytes().replace(b"%%EOF", b"%%EOX"))  # same size, other bytes
    assert rebuilt(project.build()) == {"en/poster", "kk/wallet-card"}
    assert (pack_dir / "en" / "poster-1.png").exists()
    assert b"%%EOX" not in card.read_bytes()


def test_force_rebuilds_every_document(project):
    project.build(languages=("en",))
    built = project.build(languages=("en",), force=True)
    assert rebuilt(built) == {f"en/{name}" for name in PACK_FORMATS}


def test_a_changed_layout_rebuilds_the_documents_using_it(project):
    project.build(languages=("en",))
    stylesheet = project.root / "layouts" / "base.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    assert rebuilt(project.build(languages=("en",))) == {f"en/{name}" for name in PACK_FORMATS}


def test_an_unreadable_manifest_means_a_full_rebuild(project):
    project.build(languages=("kk",))
    (project.out_dir / PACK / "manifest.json").write_text("{not json", encoding="utf-8")
    assert rebuilt(project.build(languages=("kk",))) == {f"kk/{name}" for name in PACK_FORMATS}
    assert project.manifest()["documents"], "the manifest was not rebuilt"


def test_the_command_shows_skipped_documents_as_unchanged(tmp_path):
    out = tmp_path / "out"  # not tmp_path itself: a folder named like the pack would be taken for it
    args = (str(RESPACK), "build", PACK, "--lang", "en", "--format", "wallet-card", "--out", str(out))
    first = run(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "unchanged" not in first.stdout
    again = run(*args, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "unchanged" in again.stdout, again.stdout
    forced = run(*args, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "unchanged" not in forced.stdout, forced.stdout
