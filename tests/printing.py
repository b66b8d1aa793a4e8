"""A print shop's build run through the command line, and its files read back independently
of the generator: the preflight of each print file, and the QR codes of a page (zxing-cpp on
PDFium's image). Shared by tests/write/test_print.py, test_print_x1a.py and test_print_x3.py."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import CompletedProcess

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from generator.check.preflight import preflight
from generator.write.jobsheet import print_file_name
from generator.write.manifest import MANIFEST
from support import CONTENT, PACK, file_states, respack

DECODE_DPI = 150
BUNDLED_PACKS = {path.stem for path in (CONTENT / "packs").glob("*.yaml")}


@dataclass
class Build:
    """One `respack build`, run through the command line, and the files it wrote."""

    out: Path
    pack: str
    args: tuple[str, ...]
    result: CompletedProcess[str]
    office: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # built over: the office files before

    def office_rewritten(self) -> list[str]:
        """The office build's files (not the print shop's) this build wrote again or removed."""
        after = file_states(self.out)
        return sorted(path for path, state in self.office.items() if after.get(path) != state)

    def describe(self) -> str:
        output = (self.result.stderr.strip() or self.result.stdout.strip())[-3000:]
        return f"`respack {' '.join(self.args)}` exited with {self.result.returncode}:\n{output}"

    def file(self, language: str, filename: str) -> Path:
        """A written file; fails, with what the build said, if it is not there."""
        path = self.out / self.pack / language / filename
        if not path.exists():
            pytest.fail(f"{self.pack}/{language}/{filename} was not written. {self.describe()}")
        return path


def run_build(out: Path, pack: str, *args: object) -> Build:
    arguments = ("build", *map(str, args), "--out", str(out))
    return Build(out=out, pack=pack, args=arguments, result=respack(*arguments))


def print_shop_build(tmp_path_factory: pytest.TempPathFactory, office: Path, *args: object) -> Build:
    """`respack build --print-shop` of every bundled pack over a copy of office, the output
    folder of their office build (conftest's `bundled_build`: the same packs, the same
    options), as an NGO asks for a print shop's files after building its own: only the print
    shop's files are made (each test file checks that none of the office files was rewritten)."""
    out = tmp_path_factory.mktemp("print-shop-build") / "output"
    shutil.copytree(office, out)
    before = {path: state for path, state in file_states(out).items() if Path(path).name != MANIFEST}
    build = run_build(out, PACK, "--print-shop", *args)
    build.office = before
    return build


@dataclass(frozen=True)
class Found:
    payload: str
    x_mm: float  # centre, from the left edge of the rendered page (its crop box)
    y_mm: float  # centre, from the top edge


def decode_page(page: pdfium.PdfPage, dpi: float) -> list[Found]:
    image = page.render(scale=dpi / 72).to_pil()
    return decode_image(image, dpi)


def decode_image(image: Image.Image, dpi: float, dx_px: float = 0, dy_px: float = 0) -> list[Found]:
    found = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        p = code.position
        corners = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        x = sum(c.x for c in corners) / 4 + dx_px
        y = sum(c.y for c in corners) / 4 + dy_px
        found.append(Found(code.text, x / dpi * 25.4, y / dpi * 25.4))
    return found


def document_payloads(path: Path) -> Counter[str]:
    document = pdfium.PdfDocument(path)
    try:
        return Counter(f.payload for page in document for f in decode_page(page, DECODE_DPI))
    finally:
        document.close()


def checked_print_files(build: Build, variant: str) -> list[Path]:
    """Every print file of a build of every bundled pack, each passing the preflight of variant."""
    assert build.result.returncode == 0, build.describe()
    files = sorted(build.out.glob(f"*/**/{print_file_name('*', variant)}"))
    assert {path.relative_to(build.out).parts[0] for path in files} >= BUNDLED_PACKS
    failed = {str(path.relative_to(build.out)): problems for path in files
              if (problems := preflight(path.read_bytes(), variant))}
    assert not failed, failed
    return files


def variant_build(tmp_path_factory: pytest.TempPathFactory, office: Path, variant: str) -> Build:
    """Every bundled pack's print shop's files in a PDF/X variant, over their office build."""
    return print_shop_build(tmp_path_factory, office, "--pdf-variant", variant)


def variant_passes(build: Build, variant: str) -> None:
    """Every print file of a build in a PDF/X variant passes the preflight of its variant (CMYK
    only, the version it claims, no transparency in X-1a), its QR codes the office file's; the
    office files it was built over are as they were (made once, not again)."""
    assert not build.office_rewritten(), build.office_rewritten()
    for path in checked_print_files(build, variant):
        office = path.with_name(path.name.replace(print_file_name("", variant), ".pdf"))
        assert document_payloads(path) == document_payloads(office), f"{path}: its QR codes are not the office file's"
