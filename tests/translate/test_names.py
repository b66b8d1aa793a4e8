"""Names a translator types: a unit as the exported catalogue names it, a language code, each
checked where it is first read, with the nearest known one suggested."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import invoke as respack
from support import pack_with_content

PACK_FILE = """name: mine
title: Mine
country: kz
situation: domestic-violence
languages: {languages}
formats: [wallet-card]
editions:
  - languages: [kk, ru]
    formats: [wallet-card]
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return pack_with_content(tmp_path)


def test_review_takes_the_catalogues_name_of_a_unit(tree: Path) -> None:
    result = respack("translate", "review", "kk", tree, "--by", "Aigerim", "--unit", "contacts.police.name")
    assert "Recorded 1 units of kk" in result.output
    text = (tree.parent / "content" / "kz" / "domestic-violence" / "kk.yaml").read_text(encoding="utf-8")
    assert text.count("reviewed_by: Aigerim") == 1 and "contacts.police: {source_hash:" in text


@pytest.mark.parametrize(("typed", "meant"), [("contacts.polise", "contacts.police"),
                                              ("contacts.police.nmae", "contacts.police.name"),
                                              ("sections.emergency-cal", "sections.emergency-call")])
def test_an_unknown_unit_is_refused_with_the_nearest(tree: Path, typed: str, meant: str) -> None:
    before = (tree.parent / "content" / "kz" / "domestic-violence" / "kk.yaml").read_bytes()
    output = respack("translate", "review", "kk", tree, "--by", "A", "--unit", typed, code=1).output
    assert f"no such unit: {typed} (did you mean {meant!r}?)" in output
    assert (tree.parent / "content" / "kz" / "domestic-violence" / "kk.yaml").read_bytes() == before


@pytest.mark.parametrize(("typed", "meant"), [("kz", "kk"), ("rus", "ru"), ("kaz", "kk")])
@pytest.mark.parametrize("command", ["export", "review", "sheet", "new"])
def test_a_language_on_the_command_line_is_checked_against_the_content(tree: Path, tmp_path: Path, typed: str,
                                                                       meant: str, command: str) -> None:
    extra = {"export": ["-o", tmp_path / "x.po"], "review": ["--by", "A"], "sheet": ["-o", tmp_path / "x.pdf"],
             "new": []}[command]
    output = respack("translate", command, typed, tree, *extra, code=1).output
    assert f"did you mean {meant!r}?" in output and "translate new" not in output, output
    assert not (tree.parent / "content" / "kz" / "domestic-violence" / f"{typed}.yaml").exists()


@pytest.mark.parametrize(("languages", "meant"), [("[kk, rus]", "ru"), ("[kz, ru]", "kk")])
def test_a_pack_files_language_is_checked_where_it_is_read(tmp_path: Path, languages: str, meant: str) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK_FILE.format(languages=languages), encoding="utf-8")
    errors = [line for line in respack("check", pack, code=1).output.splitlines() if line.startswith("error")]
    assert len(errors) == 1, errors  # no later message takes the wrong code for a language of the pack
    assert "pack.yaml:5: [languages]" in errors[0] and f"did you mean {meant!r}?" in errors[0]


def test_a_real_language_without_content_gets_no_wrong_suggestion(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK_FILE.format(languages="[kk, ru, de]"), encoding="utf-8")
    output = respack("check", pack, code=1).output
    assert "language 'de' has no content for KZ. Available: en, ru, kk" in output and "did you mean" not in output
