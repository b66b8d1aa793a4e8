"""The print shop's files in PDF/X-3, a variant offered besides the default: every bundled
pack built with `--print-shop --pdf-variant pdf/x-3`, each print file passing the preflight of
its variant, its QR codes those of the office file beside it. A file of its own for each
variant (each is a build of every bundled pack): `make test` runs them in two processes."""

from __future__ import annotations

import pytest

from printing import Build, run_build, variant_passes
from support import PACK

VARIANT = "pdf/x-3"


@pytest.fixture(scope="module")
def variant_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return run_build(tmp_path_factory.mktemp("variant-build"), PACK, "--print-shop", "--pdf-variant", VARIANT)


def test_the_variant_passes_its_preflight_and_its_codes_scan(variant_build: Build) -> None:
    variant_passes(variant_build, VARIANT)
