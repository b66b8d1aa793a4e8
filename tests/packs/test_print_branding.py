"""What a pack says about its print shop's files: the brand colours as its printer gave them
(`branding.cmyk`) and the printer's profile (`branding.print_profile`), checked when the pack
loads and named in the error; a print shop's file made with them passes the preflight."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from generator.check.findings import Kind
from generator.check.preflight import preflight
from generator.errors import RespackError, Severity
from generator.installation import LAYOUTS_DIR
from generator.model import PRINT_SHOP_VARIANT
from generator.packs.load import load_pack
from generator.packs.plan import plan_editions
from generator.pipeline import BuiltDocument, Finishing, build_document
from support import pack_with_template

GHOSTSCRIPT = Path("/usr/share/color/icc/ghostscript")  # Debian's libgs-common, which scripts/setup-system.sh installs


def pack_with_branding(folder: Path, branding: str) -> Path:
    pack_file = pack_with_template(folder, "README.md", "")
    text = pack_file.read_text(encoding="utf-8")
    pack_file.write_text(text + "branding:\n" + branding, encoding="utf-8")
    return pack_file


def problems_of(pack_file: Path) -> list[str]:
    with pytest.raises(RespackError) as raised:
        load_pack(pack_file)
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize(("branding", "field", "expected"), [
    ('  primary: "#0b5d4b"\n  cmyk: {primary: [90, 20, 75]}\n', "branding.cmyk.primary", "expected four inks"),
    ('  primary: "#0b5d4b"\n  cmyk: {primary: [100, 100, 100, 40]}\n', "branding.cmyk.primary", "340 %"),
    ("  cmyk: {primary: [90, 20, 75, 35]}\n", "branding.cmyk.primary", "give branding.primary as #rrggbb too"),
    ('  primary: "#0b5d4b"\n  cmyk: {secondary: [90, 20, 75, 35]}\n', "branding.cmyk.secondary",
     "unknown key 'secondary'"),
    ("  print_profile: printer.icc\n", "branding.print_profile", "'printer.icc' not found"),
    ("  print_profile: printer.txt\n", "branding.print_profile", "expected an ICC profile"),
], ids=["three inks", "too much ink", "no office colour", "unknown colour", "no file", "not a profile name"])
def test_print_branding_mistakes_are_named(branding: str, field: str, expected: str, tmp_path: Path) -> None:
    problems = problems_of(pack_with_branding(tmp_path, branding))
    assert any("pack.yaml" in p and f"[{field}]" in p and expected in p for p in problems), problems


def test_an_rgb_profile_is_not_a_printers_profile(tmp_path: Path) -> None:
    shutil.copy(GHOSTSCRIPT / "srgb.icc", tmp_path / "printer.icc")
    problems = problems_of(pack_with_branding(tmp_path, "  print_profile: printer.icc\n"))
    assert any("[branding.print_profile]" in p and "expected a CMYK output profile" in p for p in problems), problems


def test_the_printers_profile_and_inks_make_the_print_shops_file(tmp_path: Path) -> None:
    """Ghostscript's other CMYK profile stands for a printer's: the file names it as its
    output intent, carries it byte for byte, paints the brand colour in the given inks, and
    passes the preflight."""
    shutil.copy(GHOSTSCRIPT / "ps_cmyk.icc", tmp_path / "printer.icc")
    pack = load_pack(pack_with_branding(tmp_path, '  primary: "#0b5d4b"\n  cmyk: {primary: [90, 20, 75, 35]}\n'
                                                  "  print_profile: printer.icc\n"))
    edition = plan_editions([pack], ["en"], ["wallet-card"])[0]
    built = build_document(edition, Finishing(print_shop=True))
    assert built.ok, built.report.problems if built.report else None
    printed = next(data for path, data, _ in built.outputs if path.name == "wallet-card.print.pdf")
    assert preflight(printed, PRINT_SHOP_VARIANT) == []
    with pikepdf.open(io.BytesIO(printed)) as document:
        intent = document.Root.OutputIntents[0]
        assert str(intent.OutputConditionIdentifier) == "Artifex PS CMYK Profile"
        assert intent.DestOutputProfile.read_bytes() == (tmp_path / "printer.icc").read_bytes()
        colours = {tuple(float(v) for v in operands) for page in document.pages
                   for operands, operator in pikepdf.parse_content_stream(page) if str(operator) == "scn"}
    assert (0.9, 0.2, 0.75, 0.35) in colours, colours


def test_a_transparent_png_logo_is_refused_for_the_print_shop(tmp_path: Path) -> None:
    logo = io.BytesIO()
    Image.new("RGBA", (40, 40), (11, 93, 75, 0)).save(logo, "PNG")
    (tmp_path / "logo.png").write_bytes(logo.getvalue())
    pack = load_pack(pack_with_branding(tmp_path, "  organisation: Ours\n  logo: logo.png\n"))
    edition = plan_editions([pack], ["en"], ["poster"])[0]
    with pytest.raises(RespackError) as raised:
        build_document(edition, Finishing(print_shop=True))
    problem = str(raised.value.problems[0])
    assert "[branding.logo]" in problem and "transparent pixels" in problem, problem


def test_small_text_in_several_inks_is_warned_of_and_refused_when_unreadable(tmp_path: Path) -> None:
    """A pack's own print.css that sets the card's 8.5 pt band title in the brand colour (three
    inks): the file is written, with a warning; its 7 pt footer too: refused."""
    bundled = (LAYOUTS_DIR / "print.css").read_text(encoding="utf-8")

    def built_with(folder: str, rule: str) -> BuiltDocument:
        pack_file = pack_with_template(tmp_path / folder, "print.css", bundled + rule)
        edition = plan_editions([load_pack(pack_file)], ["en"], ["wallet-card"])[0]
        return build_document(edition, Finishing(print_shop=True))

    built = built_with("band", ".print-shop .band { color: var(--primary); }\n")
    assert built.ok, built.report.problems if built.report else None
    assert any((w.kind, w.severity, w.file, w.page) == (Kind.REGISTER, Severity.WARNING, "wallet-card.print.pdf", 1)
               and w.message.startswith("8.5 pt text in 3 inks (cyan, magenta, black) blurs")
               for w in built.warnings), built.warnings
    assert str(built.warnings[0]).startswith("wallet-card.print.pdf: page 1: ")  # as the build says it
    refused = built_with("footer", ".print-shop .edition-footer { color: var(--primary); }\n")
    assert refused.report is not None and any(
        (p.kind, p.severity, p.file, p.page) == (Kind.REGISTER, Severity.ERROR, "wallet-card.print.pdf", 1)
        and p.message.startswith("7.0 pt text in 3 inks") for p in refused.report.problems), refused.report.problems
