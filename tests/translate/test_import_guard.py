"""What a catalogue may not decide on import: which files are written and which pack is loaded.

A catalogue comes back from outside (a translator, a CAT tool, an e-mail). Its language must
be a language tag and one of the pack's translations, never a path nor the English; the pack
is the one named on the command line, and a catalogue exported from another pack is refused.
Each refusal is one line, and nothing is written: every file of the test's folder keeps its bytes.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from support import invoke as respack
from support import pack_with_content


def make_pack(folder: Path, name: str = "kazakhstan") -> Path:
    """A pack file in folder with its own copy of the content; the pack file."""
    return pack_with_content(folder, name)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return make_pack(tmp_path / "ours")


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file below folder, with its bytes."""
    return {path: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def approved_catalogue(pack: Path, language: str, output: Path, kind: str = "po") -> Path:
    """An exported catalogue with every translation approved: importing it writes every unit."""
    respack("translate", "export", language, pack, "-o", output, "--format", kind)
    if kind == "po":
        catalogue = polib.pofile(str(output))
        for entry in catalogue:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        catalogue.save(str(output))
    else:
        output.write_text(output.read_text(encoding="utf-8").replace('state="translated"', 'state="final"'),
                          encoding="utf-8")
    return output


def with_header(path: Path, name: str, value: str) -> Path:
    catalogue = polib.pofile(str(path))
    catalogue.metadata[name] = value
    catalogue.save(str(path))
    return path


def refused(tmp_path: Path, *args: str | Path) -> str:
    """The one line of a refused import, once it is sure nothing below tmp_path changed."""
    before = snapshot(tmp_path)
    result = respack("translate", "import", *args, code=1)
    assert snapshot(tmp_path) == before, "the refused import wrote files"
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_language_that_is_a_path_is_refused(tree: Path, tmp_path: Path) -> None:
    po_file = with_header(approved_catalogue(tree, "ru", tmp_path / "ru.po"), "Language", "../../../tmp/x")
    line = refused(tmp_path, po_file, tree)
    assert "ru.po" in line and "'../../../tmp/x' is not a language tag" in line, line
    assert not (tmp_path / "tmp").exists()


def test_the_source_language_is_refused(tree: Path, tmp_path: Path) -> None:
    po_file = with_header(approved_catalogue(tree, "ru", tmp_path / "en.po"), "Language", "en")
    line = refused(tmp_path, po_file, tree)
    assert line.startswith("error: ") and "en.po" in line, line
    assert "en is the source language of the pack" in line and "expected one of its translations: kk, ru" in line


def test_a_language_the_pack_has_no_translation_of_is_refused(tree: Path, tmp_path: Path) -> None:
    po_file = with_header(approved_catalogue(tree, "ru", tmp_path / "de.po"), "Language", "de")
    line = refused(tmp_path, po_file, tree)
    assert "de.po" in line and "the pack has no de translation" in line and "kk, ru" in line, line


def test_a_catalogue_of_another_pack_is_refused_with_the_command_for_its_own(tree: Path, tmp_path: Path) -> None:
    other = make_pack(tmp_path / "theirs", name="theirs")
    po_file = approved_catalogue(other, "ru", tmp_path / "ru.po")
    line = refused(tmp_path, po_file, tree)
    assert "ru.po" in line and f"exported from the pack {other}" in line, line
    assert f"import it there with: respack translate import {po_file} {other}" in line, line
    # Without a pack, the import is into the bundled packs: refused too.
    line = refused(tmp_path, po_file)
    assert f"exported from the pack {other}, not from the bundled packs" in line, line


def test_a_header_naming_another_pack_cannot_choose_where_the_import_writes(tree: Path, tmp_path: Path) -> None:
    other = make_pack(tmp_path / "theirs", name="theirs")
    po_file = with_header(approved_catalogue(tree, "ru", tmp_path / "ru.po"), "X-Respack-Pack", str(other))
    line = refused(tmp_path, po_file, tree)
    assert f"exported from the pack {other}, not from {tree}" in line, line


def test_an_xliff_whose_target_language_is_a_path_is_refused(tree: Path, tmp_path: Path) -> None:
    xliff = approved_catalogue(tree, "kk", tmp_path / "kk.xlf", kind="xliff")
    xliff.write_text(xliff.read_text(encoding="utf-8").replace('trgLang="kk"', 'trgLang="../../strings/ru"'),
                     encoding="utf-8")
    line = refused(tmp_path, xliff, tree)
    assert "kk.xlf" in line and "'../../strings/ru' is not a language tag" in line, line


def test_an_import_names_the_files_it_writes_before_writing_them(tree: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    po_file = approved_catalogue(tree, "ru", tmp_path / "ru.po")
    catalogue = polib.pofile(str(po_file))
    caption = next(e for e in catalogue if e.msgctxt == "strings.scan_to_call")
    caption.msgstr = "Сканируйте, чтобы позвонить"
    title = next(e for e in catalogue if e.msgctxt == "title")
    title.msgstr = "Помощь при домашнем и сексуальном насилии"
    catalogue.save(str(po_file))
    monkeypatch.chdir(tree.parent)
    output = respack("translate", "import", po_file, "pack.yaml").output.splitlines()
    assert output[0] == "Writing ru units into content/kz/domestic-violence/ru.yaml, content/strings/ru.yaml", output
    assert output[1].startswith("Imported "), output


def test_a_po_language_written_with_an_underscore_is_the_same_tag(tree: Path, tmp_path: Path) -> None:
    respack("translate", "new", "pt-BR", tree)
    po_file = tmp_path / "pt_BR.po"
    respack("translate", "export", "pt-BR", tree, "-o", po_file)
    catalogue = polib.pofile(str(po_file))
    catalogue.metadata["Language"] = "pt_BR"  # as Poedit writes it
    next(e for e in catalogue if e.msgctxt == "strings.scan_to_call").msgstr = "Leia para ligar"
    catalogue.save(str(po_file))
    output = respack("translate", "import", po_file, tree).output
    assert "Writing pt-BR units into " in output and "strings/pt-BR.yaml" in output, output
    assert 'scan_to_call: "Leia para ligar"' in (tree.parent / "content" / "strings" / "pt-BR.yaml").read_text()


def test_a_bundled_packs_catalogue_imports_without_naming_the_pack(tmp_path: Path) -> None:
    # Exported from the bundled pack and brought back as it was: accepted, and nothing changes,
    # so the repository's content keeps its bytes.
    from generator.installation import CONTENT_DIR

    before = snapshot(CONTENT_DIR)
    po_file = tmp_path / "kk.po"
    respack("translate", "export", "kk", "kazakhstan", "-o", po_file)
    result = respack("translate", "import", po_file)
    assert "exported from the pack" not in result.output and "nothing changed" in result.output, result.output
    assert snapshot(CONTENT_DIR) == before


def test_a_header_naming_a_bundled_pack_does_not_leave_the_pack_named(tree: Path, tmp_path: Path) -> None:
    # Only with no pack on the command line does a bundled pack's name count.
    po_file = with_header(approved_catalogue(tree, "ru", tmp_path / "ru.po"), "X-Respack-Pack", "armenia")
    line = refused(tmp_path, po_file, tree)
    assert f"exported from the pack armenia, not from {tree}" in line, line
