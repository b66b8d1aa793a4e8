"""A handoff a print shop understands: each PDF/X variant's print files side by side (none
writes over another), each with its job sheet, listed in the build's table, found by `where`.

The clinics' numbers are fictional: Ofcom's drama range (tests/shapes.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf

from generator.check.preflight import pdfx_version, preflight
from generator.write.jobsheet import other_variants, print_file_name
from generator.write.manifest import find_printed
from shapes import site_rows, write_sites_pack
from support import e164

RESPACK = Path(sys.executable).parent / "respack"


def test_a_variant_is_in_the_print_files_name() -> None:
    assert print_file_name("wallet-card") == print_file_name("wallet-card", "pdf/x-4") == "wallet-card.print.pdf"
    assert print_file_name("wallet-card", "pdf/x-1a") == "wallet-card.print-x1a.pdf"
    assert print_file_name("wallet-card", "pdf/x-3") == "wallet-card.print-x3.pdf"


def test_a_build_of_one_variant_keeps_anothers_files() -> None:
    before = ("en/wallet-card.pdf", "en/wallet-card.print.pdf", "en/wallet-card.print.job.txt",
              "en/wallet-card-discreet.print.pdf")
    written = ("en/wallet-card.pdf", "en/wallet-card.print-x1a.pdf", "en/wallet-card.print-x1a.job.txt")
    assert other_variants(before, written, "wallet-card") == ("en/wallet-card.print.pdf",
                                                              "en/wallet-card.print.job.txt")
    assert other_variants(before, ("en/wallet-card.pdf",), "wallet-card") == ()  # no print file: as before


def test_two_variants_side_by_side_each_with_its_job_sheet(tmp_path: Path) -> None:
    rows = site_rows(3)
    pack = write_sites_pack(tmp_path / "pack", rows)
    out = tmp_path / "out"
    tables = []
    for variant in ("pdf/x-4", "pdf/x-1a"):
        result = subprocess.run([str(RESPACK), "build", str(pack), "--out", str(out), "--print-shop",
                                 "--pdf-variant", variant], capture_output=True, text=True, timeout=900,
                                cwd=tmp_path, env={**os.environ, "COLUMNS": "200"})
        assert result.returncode == 0, result.stdout + result.stderr
        tables.append(result.stdout)
    assert "sites-test/clinic-0000/en/wallet-card.print.pdf" in tables[0], tables[0]
    assert "sites-test/clinic-0000/en/wallet-card.print-x1a.pdf" in tables[1], tables[1]
    folders = [out / "sites-test" / row["id"] / "en" for row in rows] + [out / "sites-test" / "all-sites" / "en"]
    for folder in folders:
        for variant, name, version in (("pdf/x-4", "wallet-card.print", "PDF/X-4"),
                                       ("pdf/x-1a", "wallet-card.print-x1a", "PDF/X-1a:2003")):
            pdf = folder / f"{name}.pdf"
            assert preflight(pdf.read_bytes(), variant) == [], pdf
            with pikepdf.open(pdf) as document:
                assert pdfx_version(document) == version, pdf
            sheet = (folder / f"{name}.job.txt").read_text(encoding="utf-8")
            assert f"Print job: {name}.pdf" in sheet
            assert "Trim size:    85.6 × 53.98 mm" in sheet and "Bleed:        3 mm" in sheet, sheet
            assert f"PDF variant:  {version.removesuffix(':2003')}" in sheet and "Profile:      FOGRA39" in sheet, sheet
            assert "page 1 front, page 2 back" in sheet, sheet
    rollout = (out / "sites-test" / "all-sites" / "en" / "wallet-card.print-x1a.job.txt").read_text(encoding="utf-8")
    assert "Pages:        6, 2 per card" in rollout and "clinic-0000, clinic-0001, clinic-0002" in rollout, rollout
    found = {(str(hit.file), hit.page) for hit in find_printed(out, e164(rows[1]["number"]))}
    assert ("sites-test/all-sites/en/wallet-card.print.pdf", 4) in found, found
    assert ("sites-test/all-sites/en/wallet-card.print-x1a.pdf", 4) in found, found
