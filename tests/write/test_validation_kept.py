"""A pack validated once is not validated again while nothing it is validated from has changed:
its warnings are kept on the machine (generator.write.cache) and a build says them again as
validation said them. Whatever it is validated from changes (a file it reads, the day, a
release), it is validated again; an error is never kept; a kept file that cannot be read is
not trusted.

Whether validation ran is seen from outside: a kept warning edited on disk is said as edited
when the kept warnings are used, and as validation says it when the pack is validated again.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.errors import Severity
from generator.packs.load import load_packs
from generator.packs.validate import validate_packs
from generator.pipeline import validated
from support import ROOT, pack_with_content, pack_with_template

DAY = date(2026, 12, 1)
MARK = "(as kept)"


@pytest.fixture
def kept_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where this test's machine keeps what it validated."""
    monkeypatch.setenv("RESPACK_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "respack" / "validated"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A pack file with its own copy of the Kazakhstan content: drafts and a short number, warned of."""
    return pack_with_content(tmp_path / "ngo")


def said(pack: Path, day: date = DAY, release: bool = False) -> list[str]:
    """What a build says of the pack before it renders anything."""
    return [f"{p.severity}: {p}" for p in validated(load_packs([str(pack)]), day, release)]


def validating(pack: Path, day: date = DAY, release: bool = False) -> list[str]:
    """What validating the pack afresh says."""
    return [f"{p.severity}: {p}" for p in validate_packs(load_packs([str(pack)]), day, release)]


def mark_kept(kept_folder: Path) -> None:
    """Edit every kept warning on disk, so that a build that uses them shows it."""
    for kept in kept_folder.glob("*.json"):
        kept.write_text(kept.read_text(encoding="utf-8").replace('"message": "', f'"message": "{MARK} '),
                        encoding="utf-8")


def test_an_unchanged_pack_says_its_kept_warnings(pack: Path, kept_folder: Path) -> None:
    first = said(pack)
    assert first == validating(pack) and first, first
    assert all(line.startswith("warning: ") for line in first)
    assert len(list(kept_folder.glob("*.json"))) == 1
    mark_kept(kept_folder)
    again = said(pack)
    assert len(again) == len(first) and all(MARK in line for line in again), again
    assert [line.replace(f"{MARK} ", "") for line in again] == first


@pytest.mark.parametrize("change", ["a content file", "the pack file", "the day"])
def test_a_change_validates_the_pack_again(pack: Path, kept_folder: Path, change: str) -> None:
    said(pack)
    mark_kept(kept_folder)
    day = DAY
    if change == "a content file":
        guidance = pack.parent / "content" / "kz" / "domestic-violence" / "kk.yaml"
        guidance.write_text(guidance.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    elif change == "the pack file":
        pack.write_text(pack.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    else:
        day = date(2026, 12, 2)
    again = said(pack, day)
    assert not any(MARK in line for line in again), again
    assert again == validating(pack, day)


def test_an_edit_to_a_layout_validates_the_pack_again(tmp_path: Path, kept_folder: Path) -> None:
    bundled = (ROOT / "layouts" / "wallet-card" / "template.html").read_text(encoding="utf-8")
    pack = pack_with_template(tmp_path / "own", "wallet-card/template.html", bundled)
    said(pack)
    mark_kept(kept_folder)
    assert all(MARK in line for line in said(pack))
    template = pack.parent / "layouts" / "wallet-card" / "template.html"
    template.write_text(bundled + "\n{# edited #}\n", encoding="utf-8")
    again = said(pack)
    assert again and not any(MARK in line for line in again), again


def test_a_release_with_drafts_fails_every_time_and_keeps_nothing(pack: Path, kept_folder: Path) -> None:
    said(pack)  # the warnings of an ordinary build are kept
    kept = set(kept_folder.glob("*.json"))
    mark_kept(kept_folder)
    for _ in range(2):
        released = validated(load_packs([str(pack)]), DAY, release=True)
        assert any(p.severity is Severity.ERROR and "draft" in p.message for p in released), released
        assert not any(MARK in p.message for p in released)
    assert set(kept_folder.glob("*.json")) == kept


@pytest.mark.parametrize("damage", ["", "not json", '[[true, {"file": "x"}]]', '{"message": 1}', "[[1, 2, 3]]"])
def test_a_kept_file_that_cannot_be_read_is_not_trusted(pack: Path, kept_folder: Path, damage: str) -> None:
    first = said(pack)
    for kept in kept_folder.glob("*.json"):
        kept.write_text(damage, encoding="utf-8")
    assert said(pack) == first
    assert said(pack) == first  # and kept again, readable


def test_a_copy_of_the_pack_names_its_own_files(pack: Path, kept_folder: Path, tmp_path: Path) -> None:
    said(pack)
    copy = tmp_path / "copy"
    shutil.copytree(pack.parent, copy)
    own = said(copy / pack.name)
    assert own == validating(copy / pack.name)
    assert any(str(copy) in line for line in own) and not any(f"{pack.parent}/" in line for line in own), own
