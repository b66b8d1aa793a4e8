"""The print shop's files in every PDF/X variant offered besides the default (PDF/X-1a and
X-3): every bundled pack built with `--print-shop --pdf-variant`, each print file passing the
preflight of its variant, its QR codes those of the office file beside it. A file of its own:
each variant is a build of every bundled pack, and `make test` runs it beside
test_print.py's builds, in another process."""

from __future__ import annotations

import pytest

from generator.model import PRINT_SHOP_VARIANT, PRINT_VARIANTS
from generator.write.jobsheet import print_file_name
from printing import Build, checked_print_files, document_payloads, run_build
from support import PACK


@pytest.fixture(scope="module", params=[v for v in PRINT_VARIANTS if v != PRINT_SHOP_VARIANT])
def variant_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Build]:
    """Every bundled pack for a print shop in another variant than the default."""
    variant = request.param
    return variant, run_build(tmp_path_factory.mktemp("variant-build"), PACK, "--print-shop", "--pdf-variant", variant)


def test_every_offered_variant_passes_the_preflight_and_its_codes_scan(variant_build):
    """PDF/X-1a and X-3 too: CMYK only, the version they claim, no transparency in X-1a."""
    variant, build = variant_build
    for path in checked_print_files(build, variant):
        office = path.with_name(path.name.replace(print_file_name("", variant), ".pdf"))
        assert document_payloads(path) == document_payloads(office), f"{path}: its QR codes are not the office file's"
