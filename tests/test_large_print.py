"""The large print leaflet is large print: 16 pt and more (RNIB's large print is 16 to 18 pt;
14 pt is their clear print), no italics, read back from the written PDF with pypdf."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from generator.pipeline import build_editions, plan
from support import page_fonts, text_sizes

LANGUAGES = ("kk", "ru")


# A pack of the bundled content whose own sentence has emphasis, which other formats set in italics.
PACK = """name: large
title: Large print test
country: kz
situation: domestic-violence
languages: [kk, ru]
formats: [leaflet-large-print]
intro:
  kk: "Бұл парақты сізге *біздің ұйым* берді."
  ru: "Этот листок вам передала *наша организация*."
"""


@pytest.fixture(scope="module")
def large_print(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large-print")
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    built = build_editions(plan((str(folder / "pack.yaml"),), LANGUAGES, ()), folder / "out", jobs=1)
    assert all(b.ok for b in built), {b.edition.id: b.report.problems for b in built if not b.ok}
    return folder / "out" / "large"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_smaller_than_16_pt(large_print: Path, language: str) -> None:
    sizes = text_sizes(large_print / language / "leaflet-large-print.pdf")
    assert len(sizes) > 50
    too_small = [(round(size, 1), text) for size, text in sizes if size < 16 - 0.01]
    assert not too_small, f"text below 16 pt: {too_small[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_set_in_italics(large_print: Path, language: str) -> None:
    reader = pypdf.PdfReader(large_print / language / "leaflet-large-print.pdf")
    fonts = {str(font.get("/BaseFont")) for page in reader.pages for font in page_fonts(page)}
    assert fonts and not [name for name in fonts if "Italic" in name], fonts
