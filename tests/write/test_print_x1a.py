"""The print shop's files in PDF/X-1a, a variant offered besides the default: every bundled
pack built with `--print-shop --pdf-variant pdf/x-1a`, each print file passing the preflight of
its variant, its QR codes those of the office file beside it. A file of its own for each
variant (each is a build of every bundled pack): `make test` runs them in two processes."""

from __future__ import annotations

import pytest

from generator.model import PRINT_SHOP_VARIANT, PRINT_VARIANTS
from printing import Build, run_build, variant_passes
from support import PACK

VARIANT = "pdf/x-1a"


@pytest.fixture(scope="module")
def variant_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return run_build(tmp_path_factory.mktemp("variant-build"), PACK, "--print-shop", "--pdf-variant", VARIANT)


def test_the_variant_passes_its_preflight_and_its_codes_scan(variant_build: Build) -> None:
    variant_passes(variant_build, VARIANT)


def test_every_variant_offered_has_its_file_of_tests() -> None:
    """X-4 is the default (test_print.py), X-1a here, X-3 in test_print_x3.py: a variant added to
    PRINT_VARIANTS needs its own file beside them."""
    assert set(PRINT_VARIANTS) == {PRINT_SHOP_VARIANT, "pdf/x-1a", "pdf/x-3"}, PRINT_VARIANTS
