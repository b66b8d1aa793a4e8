"""A rebuild sees every file a document is made from: each kind of input file the bundled packs
use is edited in a copy of the content and layouts, and exactly the documents made from it get
a new key, the key a build skips a document by (tests/write/test_incremental.py builds them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.packs.load
from generator.pipeline import plan
from generator.write.cache import document_key
from support import ROOT, pack_with_content

KAZAKHSTAN = "kazakhstan"  # kk, ru, en; leaflet, wallet card, poster
EXAMPLE = "example-ngo"  # kk, ru and kk+ru together; a logo of its own


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled content and layouts, read instead of the project's own."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    monkeypatch.setattr(generator.packs.load, "CONTENT_DIR", tmp_path / "content")
    monkeypatch.setattr(generator.packs.load, "PACKS_DIR", tmp_path / "content" / "packs")
    monkeypatch.setattr(generator.packs.load, "LAYOUTS_DIR", tmp_path / "layouts")
    return tmp_path


def keys(pack: str) -> dict[str, str]:
    """Each planned document of the pack ("kk+ru/poster") and its key, read afresh."""
    return {f"{e.language}/{e.format}": document_key(e) for e in plan((pack,), (), ())}


def edit(path: Path) -> None:
    """Change a file without changing what it means: its bytes are what a key sees."""
    comment = "<!-- edited -->" if path.suffix == ".svg" else "/* edited */" if path.suffix == ".css" else "# edited"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{comment}\n", encoding="utf-8")


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    assert before.keys() == after.keys()
    return {document for document, key in after.items() if before[document] != key}


def of(documents: dict[str, str], *languages: str) -> set[str]:
    """The documents that print any of the languages (a two-language one prints both)."""
    return {d for d in documents if set(d.split("/")[0].split("+")) & set(languages)}


EVERY = ("kk", "ru", "en")
# (pack, file edited, languages whose documents are made from it: every document of the pack
# for a file they all read, none for a file of another country or language)
EDITS = [
    (KAZAKHSTAN, "content/packs/kazakhstan.yaml", EVERY),
    (KAZAKHSTAN, "content/kz/country.yaml", EVERY),
    (KAZAKHSTAN, "content/kz/domestic-violence/kk.yaml", ("kk",)),
    # the English a translation is compared with says whether it is out of date
    (KAZAKHSTAN, "content/kz/domestic-violence/en.yaml", EVERY),
    (KAZAKHSTAN, "content/strings/ru.yaml", ("ru",)),
    (KAZAKHSTAN, "content/safety/channels.yaml", EVERY),
    (KAZAKHSTAN, "content/safety/kk.yaml", ("kk",)),
    (KAZAKHSTAN, "layouts/wallet-card/style.css", EVERY),  # a template may use another format's files
    (KAZAKHSTAN, "layouts/leaflet/layout.yaml", EVERY),
    (KAZAKHSTAN, "content/am/country.yaml", ()),
    (KAZAKHSTAN, "content/am/domestic-violence/hy.yaml", ()),
    (KAZAKHSTAN, "content/safety/hy.yaml", ()),
    (EXAMPLE, "content/packs/example-ngo/logo.svg", EVERY),
    (EXAMPLE, "content/packs/example-ngo.yaml", EVERY),
    (EXAMPLE, "content/kz/domestic-violence/kk.yaml", ("kk",)),
    (EXAMPLE, "content/strings/ru.yaml", ("ru",)),
    (EXAMPLE, "content/safety/ru.yaml", ("ru",)),
    (EXAMPLE, "content/packs/kazakhstan.yaml", ()),
]


@pytest.mark.parametrize(("pack", "file", "languages"), EDITS, ids=[f"{p}:{f}" for p, f, _ in EDITS])
def test_an_edited_file_changes_the_keys_of_exactly_the_documents_made_from_it(root, pack, file, languages):
    before = keys(pack)
    edit(root / file)
    after = keys(pack)
    assert changed(before, after) == of(before, *languages)
    assert keys(pack) == after, "a key changed with nothing edited"


def test_the_bundled_packs_read_nothing_outside_the_content_and_layouts(root):
    for pack in (KAZAKHSTAN, EXAMPLE):
        for edition in plan((pack,), (), ()):
            for path in edition.pack.reads.of(edition.languages):
                assert path.resolve().is_relative_to(root), path


def test_a_file_made_where_the_reader_looked_rebuilds(root, tmp_path):
    """A pack's own giveaway terms for one language, made beside an installed file: not there
    at the first build, it is an input of that language's documents once it is."""
    folder = tmp_path / "own"
    pack = str(pack_with_content(folder, "own"))
    before = keys(pack)
    (folder / "content" / "safety").mkdir()
    shutil.copy(root / "content" / "safety" / "kk.yaml", folder / "content" / "safety" / "kk.yaml")
    assert changed(before, keys(pack)) == of(before, "kk")


def test_an_overlay_made_for_one_language_rebuilds_that_language(root, tmp_path):
    folder = tmp_path / "own"
    pack = str(pack_with_content(folder, "own"))
    shutil.rmtree(folder / "content" / "strings")  # the installed strings, until the pack has its own
    before = keys(pack)
    (folder / "content" / "strings").mkdir()
    (folder / "content" / "strings" / "ru.yaml").write_text("language: ru\nstrings: {}\n",
                                                            encoding="utf-8")
    assert changed(before, keys(pack)) == of(before, "ru")


def test_a_copied_tree_has_the_same_keys(root, tmp_path, monkeypatch):
    """Files are keyed by their place in the pack's folders, not on the machine."""
    before = keys(KAZAKHSTAN)
    copy = tmp_path / "copy"
    shutil.copytree(root / "content", copy / "content")
    shutil.copytree(root / "layouts", copy / "layouts")
    monkeypatch.setattr(generator.packs.load, "CONTENT_DIR", copy / "content")
    monkeypatch.setattr(generator.packs.load, "PACKS_DIR", copy / "content" / "packs")
    monkeypatch.setattr(generator.packs.load, "LAYOUTS_DIR", copy / "layouts")
    assert keys(KAZAKHSTAN) == before
