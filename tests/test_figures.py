"""Real figures print and pass in every script: opening hours, a date, a range of articles and a
duration, in an NGO's own intro in en, ru, kk, hy, he, ar, ka and pl, built as a leaflet and a
poster (the check of each reads the page back). In Hebrew and Arabic the hours read in order.

The sentences are test text, written for their figures and their words; no native speaker has
reviewed them and nobody should print them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from generator.check.numbers import page_glyphs, visual_lines
from generator.pipeline import build_editions, plan
from shapes import Shape, write_pack

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("leaflet", "poster")
INTROS = {
    "en": "Open Mon–Fri 9:00–17:00 from 01.12.2026. Articles 207–208 of the Criminal Code; an order lasts "
          "365 days.",
    "ru": "Открыто пн–пт 9:00–17:00 с 01.12.2026. Статьи 207–208 Уголовного кодекса; предписание действует "
          "365 дней.",
    "kk": "Дс–Жм 9:00–17:00, 01.12.2026 бастап. Қылмыстық кодекстің 207–208-баптары; нұсқама 365 күн әрекет етеді.",
    "hy": "Բաց է երկ–ուրբ 9:00–17:00, 01.12.2026-ից։ Քրեական օրենսգրքի 207–208-րդ հոդվածներ, որոշումը գործում է "
          "365 օր։",
    "he": "פתוח א׳–ה׳ 9:00–17:00, החל מ־01.12.2026. סעיפים 207–208 לחוק העונשין; צו תקף 365 ימים.",
    "ar": "مفتوح من الأحد إلى الخميس 9:00–17:00، ابتداءً من 01.12.2026. المواد 207–208 من قانون العقوبات؛ "
          "يسري الأمر 365 يومًا.",
    "ka": "ღიაა ორშ–პარ 9:00–17:00, 01.12.2026-დან. სისხლის სამართლის კოდექსის 207–208-ე მუხლები; ორდერი "
          "მოქმედებს 365 დღე.",
    "pl": "Czynne pon.–pt. 9:00–17:00 od 01.12.2026. Art. 207–208 Kodeksu karnego; nakaz obowiązuje 365 dni.",
}


def pack_in(language: str, folder: Path) -> Path:
    """A pack printing in one language, its intro the language's figures."""
    if language in ("he", "ar", "ka"):
        pack = write_pack(Shape(2, (1,), (language,)), folder, FORMATS)
    elif language == "pl":
        shutil.copytree(ROOT / "tests" / "fixtures" / "country-pl", folder)
        pack = folder / "pack.yaml"
    else:
        folder.mkdir(parents=True)
        pack = folder / "pack.yaml"
        pack.write_text(yaml.safe_dump({"name": f"figures-{language}", "title": "Figures",
                                        "country": "am" if language == "hy" else "kz",
                                        "situation": "domestic-violence"}), encoding="utf-8")
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    data |= {"languages": [language], "formats": list(FORMATS), "editions": [], "intro": {language: INTROS[language]}}
    pack.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pack


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("figures")
    packs = [str(pack_in(language, folder / language)) for language in INTROS]
    documents = build_editions(plan(packs, (), FORMATS), folder / "out", jobs=2)
    assert all(b.ok for b in documents), {b.edition.id: b.report.problems for b in documents if not b.ok}
    return {(b.edition.languages[0], b.edition.format): folder / "out" / b.edition.pack.name / b.pdf.path
            for b in documents if b.pdf}


@pytest.mark.parametrize("language", INTROS)
def test_real_hours_dates_and_articles_build_in_every_script(built: dict[tuple[str, str], Path],
                                                              language: str) -> None:
    assert {(language, f) for f in FORMATS} <= set(built)


@pytest.mark.parametrize("language", ["he", "ar"])
@pytest.mark.parametrize("format_name", FORMATS)
def test_hours_and_dates_read_in_order_right_to_left(built: dict[tuple[str, str], Path], language: str,
                                                     format_name: str) -> None:
    document = pdfium.PdfDocument(built[(language, format_name)])
    lines = ["".join(g.char for g in line) for page in document for line in visual_lines(page_glyphs(page))]
    text = " ".join(lines)
    assert "9:00–17:00" in text and "01.12.2026" in text and "207–208" in text, lines
    assert "17:00–9:00" not in text and "208–207" not in text
