"""The print shop's files in PDF/X-1a, besides the default (test_print.py): every bundled pack
built with `--print-shop --pdf-variant pdf/x-1a`, each print file passing the preflight of its
variant (no transparency), its QR codes those of the office file beside it. Each variant is a
build of every bundled pack in a file of its own, so that `make test` runs them side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import PRINT_SHOP_VARIANT, PRINT_VARIANTS
from printing import Build, variant_build, variant_passes


@pytest.fixture(scope="module")
def x1a(tmp_path_factory: pytest.TempPathFactory, bundled_build: Path) -> Build:
    return variant_build(tmp_path_factory, bundled_build, "pdf/x-1a")


def test_pdf_x1a_files_pass_their_preflight_and_their_codes_scan(x1a: Build) -> None:
    variant_passes(x1a, "pdf/x-1a")


def test_every_variant_offered_has_its_file_of_tests() -> None:
    """X-4 is the default (test_print.py), X-1a here, X-3 in test_print_x3.py: a variant added to
    PRINT_VARIANTS needs its own file beside them."""
    assert set(PRINT_VARIANTS) == {PRINT_SHOP_VARIANT, "pdf/x-1a", "pdf/x-3"}, PRINT_VARIANTS
