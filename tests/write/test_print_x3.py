"""PDF/X-3 as test_print_x1a.py tries X-1a: every bundled pack for a print shop in X-3."""

from __future__ import annotations

from pathlib import Path

import pytest

from printing import Build, variant_build, variant_passes


@pytest.fixture(scope="module")
def x3(tmp_path_factory: pytest.TempPathFactory, bundled_build: Path) -> Build:
    return variant_build(tmp_path_factory, bundled_build, "pdf/x-3")


def test_pdf_x3_files_pass_their_preflight_and_their_codes_scan(x3: Build) -> None:
    variant_passes(x3, "pdf/x-3")
