"""What lands on disk (manifest, previews) and the `respack` command line."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from generator.packs.load import find_pack, load_pack
from support import DOCUMENTS, LANGUAGES, PACK, PAGES, content_version

RESPACK = Path(sys.executable).parent / "respack"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


# --- the files of a build --------------------------------------------------------------

def test_every_document_passes_the_generators_own_check(pack_build):
    failed = {b.edition.id: b.report.problems for b in pack_build.built if not b.ok}
    assert not failed, failed


def test_manifest_lists_every_file_with_its_size_and_hash(pack_build):
    pack_dir = pack_build.pack_dir
    manifest = json.loads((pack_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pack"] == PACK
    assert manifest["content_version"] == content_version()

    entries = {entry["path"]: entry for entry in manifest["files"]}
    assert len(entries) == len(manifest["files"]), "the manifest lists a file twice"
    on_disk = {p.relative_to(pack_dir).as_posix() for p in pack_dir.rglob("*")
               if p.is_file() and p.suffix in (".pdf", ".png")}
    assert set(entries) == on_disk
    sheets = [p for p in on_disk if p.endswith("-sheet.pdf")]
    formats = load_pack(find_pack(PACK)).formats  # the nine of DOCUMENTS, and the phone's pages
    assert len([p for p in on_disk if p.endswith(".pdf")]) == len(LANGUAGES) * len(formats) + len(sheets)
    assert len(sheets) == len([d for d in DOCUMENTS if d[1] == "wallet-card"]), "a sheet of ten per card"

    for path, entry in entries.items():
        data = (pack_dir / path).read_bytes()
        assert entry["size"] == len(data), path
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), path
        if path.endswith("-sheet.pdf"):
            assert entry["pages"] == 2, path  # fronts, then backs
        elif path.endswith(".pdf"):
            name = Path(path).stem
            assert entry["pages"] == PAGES[name][0], path
        else:
            assert "pages" not in entry, path


def test_no_temporary_files_are_left(pack_build):
    stray = [p for p in pack_build.out_dir.rglob("*")
             if p.is_file() and (p.name.startswith(".") or p.suffix == ".tmp")]
    assert not stray, stray


def test_a_preview_for_each_page(document):
    pages, width, height = PAGES[document.format]
    folder = document.path.parent
    previews = sorted(folder.glob(f"{document.format}-*.png"))
    assert [p.name for p in previews] == [f"{document.format}-{n}.png" for n in range(1, pages + 1)]
    for preview in previews:
        with Image.open(preview) as image:
            image.verify()
        with Image.open(preview) as image:
            assert max(image.size) >= 1000, f"{preview.name} is only {image.size}"
            assert image.width / image.height == pytest.approx(width / height, rel=0.01), preview.name


# --- the command line ------------------------------------------------------------------

def test_list_names_the_pack_formats_and_languages(tmp_path):
    result = run(str(RESPACK), "list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for word in (PACK, "leaflet", "wallet-card", "poster", "kk", "ru", "en"):
        assert re.search(rf"(?<![\w-]){word}(?![\w-])", result.stdout), (
            f"`respack list` does not mention {word}:\n{result.stdout}")


def test_python_m_generator_runs(tmp_path):
    result = run(sys.executable, "-m", "generator", "list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert PACK in result.stdout


def test_build_one_edition_writes_only_that_edition(tmp_path):
    out = tmp_path / "out"
    result = run(str(RESPACK), "build", PACK, "--lang", "en", "--format", "wallet-card", "--out", str(out),
                 cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [f"{PACK}/en/wallet-card-1.png", f"{PACK}/en/wallet-card-2.png",
                       f"{PACK}/en/wallet-card-sheet.pdf", f"{PACK}/en/wallet-card.pdf", f"{PACK}/manifest.json"]
    assert f"{PACK}/en/wallet-card.pdf" in result.stdout, result.stdout
    manifest = json.loads((out / PACK / "manifest.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in manifest["files"]] == ["en/wallet-card-1.png", "en/wallet-card-2.png",
                                                       "en/wallet-card-sheet.pdf", "en/wallet-card.pdf"]


def assert_short_error(result: subprocess.CompletedProcess[str], *words: str, warnings: bool = False) -> None:
    """Non-zero exit, no traceback, and the error on one line (after warnings, if allowed)."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if line.strip()]
    if warnings:
        lines = [line for line in lines if not line.startswith("warning:")]
    assert len(lines) == 1, f"expected a one-line error, got:\n{output}"
    for word in words:
        assert word in lines[0], f"the error does not name {word!r}: {lines[0]}"


def test_build_of_an_unknown_pack_fails_with_one_line(tmp_path):
    result = run(str(RESPACK), "build", "nosuchpack", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert_short_error(result, "nosuchpack")
    assert not (tmp_path / "out").exists()


def test_build_of_an_unknown_language_fails_without_traceback(tmp_path):
    result = run(str(RESPACK), "build", "--lang", "xx", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert_short_error(result, "xx", warnings=True)  # loading the packs may warn of draft translations
    assert not (tmp_path / "out").exists()
