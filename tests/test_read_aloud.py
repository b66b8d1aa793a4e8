"""Read aloud right: an independent accessibility checker over every office PDF of the bundled packs.

outloud (PDF/UA-1 and WCAG 2.2, with the semantic checks a validator cannot make) is a test tool
only, run as its command; respack never imports it. Every office PDF of `respack build` must pass
with no error, and with none of the warnings a reader on a phone or with a screen reader meets:
a number or address with no link over it, running footers read as content, a QR code whose
alternative text is a code and not words, write-in lines read as a table of empty cells, a page
painted out of its reading order. The card sheets, made for a paper cutter, are not claimed as
PDF/UA (README): they must say so by not declaring it, and the checker must see that they are
untagged (so it is seen to find what it looks for).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

OUTLOUD = Path(sys.executable).parent / "outloud"
# The warnings the bundled packs' office PDFs had before they were made for phones and screen
# readers: each a failure now, as is every error.
FORBIDDEN = {
    "LNK-010": "an address or number printed with no link over it",
    "LNK-004": "a link that prints otherwise than it shows",
    "PAG-001": "running footers tagged as content on every page",
    "FIG-012": "alternative text that does not read as language",
    "TBL-012": "write-in lines tagged as a table of empty cells",
    "TAG-020": "empty elements (cells with nothing in them)",
    "ORD-001": "a page painted out of its reading order",
}


def outloud(paths: list[Path]) -> dict[str, dict]:
    """outloud's JSON report of each file, by path."""
    if not OUTLOUD.exists():
        pytest.fail(f"{OUTLOUD} is missing: install the test dependencies (pip install -e '.[test]')")
    result = subprocess.run([str(OUTLOUD), *map(str, paths), "--json", "-", "--fail-on", "never", "-q"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout[result.stdout.index("{"):])
    return {entry["path"]: entry for entry in report["results"]}


@pytest.fixture(scope="module")
def reports(bundled_build: Path) -> dict[str, dict]:
    return outloud(sorted(bundled_build.rglob("*.pdf")))


def test_every_office_pdf_reads_aloud_right(bundled_build: Path, reports: dict[str, dict]) -> None:
    office = [path for path in sorted(bundled_build.rglob("*.pdf")) if not path.name.endswith("-sheet.pdf")]
    assert len(office) > 60 and any(path.name == "phone.pdf" for path in office)
    failures = []
    for path in office:
        entry = reports[str(path)]
        assert entry["error"] is None and entry["stats"]["tagged"], f"{path}: outloud could not read it"
        for finding in entry["findings"]:
            if finding["severity"] == "error" or finding["rule"] in FORBIDDEN:
                failures.append(f"{path.relative_to(bundled_build)}: {finding['rule']} "
                                f"({FORBIDDEN.get(finding['rule'], finding['severity'])}): {finding['message']}")
    assert not failures, "\n".join(failures)


def test_card_sheets_are_not_claimed_as_pdf_ua(bundled_build: Path, reports: dict[str, dict]) -> None:
    sheets = sorted(bundled_build.rglob("*-sheet.pdf"))
    assert sheets
    for path in sheets:
        with pikepdf.open(path) as pdf:
            metadata = pdf.Root.get("/Metadata")
            assert metadata is None or b"pdfuaid" not in metadata.read_bytes(), f"{path} says it is PDF/UA"
        rules = {finding["rule"] for finding in reports[str(path)]["findings"]}
        assert "DOC-002" in rules, f"{path}: the checker did not see that a sheet has no structure tree"
