"""One message per cause: problems alike but for their site, language and format are said
once, the cause and its fix first, then how many documents, then which."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from generator.check.findings import Kind
from generator.errors import Problem, Severity, group_problems
from shapes import KAZAKH_SITE_COLUMNS, kazakh_site_rows, write_kazakhstan_sites_pack

RESPACK = Path(sys.executable).parent / "respack"
CAUSE = "this format holds at most 4 QR codes of services"


def test_problems_alike_but_for_their_document_are_one_group() -> None:
    problems = [Problem("sites.csv", "too many codes", line=2 + n, site=f"s{n:02d}", language=language, format=name)
                for n in range(20) for language in ("kk", "ru") for name in ("card", "card-discreet")]
    other = Problem("sites.csv", "too many codes", line=30, site="s30", severity="warning")
    groups = group_problems([*problems, other, Problem("pack.yaml", "a typo"), Problem("pack.yaml", "a typo")])
    assert [len(group.members) for group in groups] == [80, 1, 1, 1]
    assert str(groups[0]) == ("sites.csv: too many codes\n    in 80 documents: 20 sites (s00 … s19; lines 2–21) "
                              "× kk, ru × 2 formats (card, card-discreet)")
    assert str(groups[1]) == "sites.csv:30: site s30: too many codes"


def test_a_severity_is_an_enum_that_prints_as_its_word() -> None:
    warning = Problem("pack.yaml", "old", severity="warning")
    assert warning.severity is Severity.WARNING and Problem("pack.yaml", "bad").severity is Severity.ERROR
    assert f"{warning.severity}:" == "warning:" and str(Severity.ERROR) == "error"


def test_what_a_check_found_is_alike_by_its_kind_not_only_its_sentence() -> None:
    """The same sentence of two kinds of finding is two causes; one kind in two documents is one."""
    said = "page 1: the QR code for tel:102 has '103' printed nearest to it"
    problems = [Problem("kazakhstan", said, kind=Kind.CAPTION_WRONG, language=language, format="wallet-card")
                for language in ("kk", "ru")]
    other = Problem("kazakhstan", said, kind=Kind.LINK_WRONG, language="kk", format="wallet-card")
    groups = group_problems([*problems, other])
    assert [(group.first.kind, len(group.members)) for group in groups] == [(Kind.CAPTION_WRONG, 2),
                                                                           (Kind.LINK_WRONG, 1)]


def test_a_partial_set_of_documents_is_not_said_as_a_product() -> None:
    problems = [Problem("p.yaml", "m", language="kk", format="card"),
                Problem("p.yaml", "m", language="ru", format="card"),
                Problem("p.yaml", "m", language="kk", format="poster")]
    assert group_problems(problems)[0].which == "in 3 documents: kk, ru; 2 formats (card, poster)"


def test_twenty_clinics_past_a_cards_capacity_read_as_one_message(tmp_path: Path) -> None:
    """20 clinics × kk, ru × two card formats, each a code too many: once at check, once at
    build, with its fix; the exit codes as ever."""
    rows = [{**row, "label:ru": "Социальный работник"} for row in kazakh_site_rows(20)]
    pack = write_kazakhstan_sites_pack(tmp_path / "pack", rows, (*KAZAKH_SITE_COLUMNS, "label:ru"))
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    data.update(languages=["kk", "ru"], formats=["wallet-card", "wallet-card-discreet"], contacts={})
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
        result = subprocess.run([str(RESPACK), *command, str(pack)], capture_output=True, text=True, cwd=tmp_path,
                                timeout=600)
        output = " ".join(result.stderr.split())
        assert result.returncode == 1, output
        assert output.count(CAUSE) == 1, output
        assert (f"{CAUSE}; this edition has 5: hide one (`contacts.hide` in the pack file) or print it in another "
                "format in 80 documents: 20 sites (clinic-0000 … clinic-0019; lines 2–21) × kk, ru × 2 formats "
                "(wallet-card, wallet-card-discreet)") in output, output
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_twenty_sites_read_long_ago_are_one_warning(tmp_path: Path) -> None:
    """Each site's contact read on the same old day: one warning naming the 20 sites' rows."""
    from datetime import date

    from generator.packs.load import load_pack
    from generator.packs.validate import check_sites
    from shapes import site_rows, write_sites_pack

    rows = [{**row, "as_of": "2024-01-10"} for row in site_rows(20)]
    pack = load_pack(write_sites_pack(tmp_path / "pack", rows))
    groups = [group for group in group_problems(check_sites(pack, date(2026, 12, 1), release=False))
              if group.first.field == "as_of"]
    assert len(groups) == 1 and len(groups[0].members) == 20, [str(group) for group in groups]
    assert "in 20 documents: 20 sites (clinic-0000 … clinic-0019; lines 2–21)" in str(groups[0]), str(groups[0])
