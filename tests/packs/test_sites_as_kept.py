"""The list of clinics an NGO already keeps, read without being edited: a title and a note
above a header written in Russian, a name per language and a short name for cards, an address
column respack has no use for, a merged cell. One line of the pack file maps the one header
no dictionary knows.

The clinics and their numbers are fictional (Ofcom's drama range, +44 20 7946 0000-0999);
the names are long on purpose, as the names of Kazakhstan's clinics are.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.errors import RespackError
from generator.packs.load import load_pack
from generator.packs.validate import validate_packs
from generator.pipeline import build
from generator.tables.columns import column_of
from shapes import FICTION, site_number
from sheets import write_kept_ods, write_kept_xlsx, write_ods_content
from support import page_texts

TITLE = ["Список медицинских учреждений г. Шымкент (для карточек), обновлено в ноябре 2026"]
NOTES = ["Телефон писать с +7, дату — ДД.ММ.ГГГГ. Адрес для курьера, на карточку не идёт."]
HEADER = ["Код", "Наименование учреждения", "Атауы (қаз)", "Краткое название", "Телефон", "Канал", "Страна",
          "Подпись (каз)", "Подпись (рус)", "Адрес", "Источник", "Дата проверки"]
SOURCE_COLUMN = HEADER.index("Источник") + 1
MERGED_ROWS = (14, 15)  # the source of two clinics, typed once in a merged cell
CLINICS = 20


def clinic_rows() -> list[list[object]]:
    """Twenty clinics of Shymkent as the NGO's sheet has them, from its fourth row."""
    rows = []
    for n in range(1, CLINICS + 1):
        russian = f"Городская поликлиника № {n} (тестовая, вымышленная)"
        kazakh = f"Шымкент қаласының № {n} қалалық емханасы (сынақ)" if n % 4 else ""
        short = f"Поликлиника № {n}" if n % 3 == 0 else ""
        rows.append([f"shym-{n:02d}", russian, kazakh, short, site_number(100 + n), "voice", "GB",
                     "Әлеуметтік қызметкер", "Социальный работник", f"ул. Тестовая, {n}", "fiction",
                     date(2026, 11, 25)])
    first = MERGED_ROWS[0] - 4  # the merged cell's first row keeps the value, the next holds none
    rows[first + 1][SOURCE_COLUMN - 1] = ""
    return [TITLE, NOTES, HEADER, *rows]


def kept_pack(folder: Path, how: str) -> Path:
    """The Kazakhstan card for each clinic, in Kazakh and Russian; one mapping line."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"sites.{how}"
    if how == "xlsx":
        write_kept_xlsx(folder / name, clinic_rows(),  # the title merged across the sheet, as titles are
                        merges=("A1:L1", f"K{MERGED_ROWS[0]}:K{MERGED_ROWS[1]}"))
    else:
        write_kept_ods(folder / name, clinic_rows(), merges=((MERGED_ROWS[0], SOURCE_COLUMN, 2),))
    pack = folder / "pack.yaml"
    pack.write_text(yaml.safe_dump({
        "name": "shymkent", "title": "Shymkent clinics (test)", "country": "kz", "situation": "domestic-violence",
        "languages": ["kk", "ru"], "formats": ["wallet-card"], "sources": FICTION,
        "contacts": {"hide": ["women-police-2"]},
        "sites": {"file": name, "columns": {"name": "Наименование учреждения"}}}, allow_unicode=True, sort_keys=False),
        encoding="utf-8")
    return pack


def warnings(pack: Path) -> list[str]:
    loaded = load_pack(pack)
    return [str(p).removeprefix(f"{pack.parent}/") for p in validate_packs([loaded], date(2026, 12, 1))
            if p.severity == "warning" and "sites." in str(p.file)]


@pytest.mark.parametrize("how", ["xlsx", "ods"])
def test_the_ngos_own_sheet_loads_every_clinic_unedited(tmp_path: Path, how: str) -> None:
    sites = load_pack(kept_pack(tmp_path / how, how)).sites
    assert [site.id for site in sites] == [f"shym-{n:02d}" for n in range(1, CLINICS + 1)]
    assert [site.line for site in sites] == list(range(4, 4 + CLINICS)), "the header is found under the title and note"
    fifth = sites[4]
    assert fifth.name == "Городская поликлиника № 5 (тестовая, вымышленная)"
    assert fifth.name_in("kk") == "Шымкент қаласының № 5 қалалық емханасы (сынақ)"
    assert fifth.name_in("ru") == fifth.name
    assert sites[3].name_in("kk") == sites[3].name, "no Kazakh name: the Kazakh card prints the one there is"
    assert sites[5].card_name_in("kk") == "Поликлиника № 6", "a short name is a card's, in every language"
    assert all("ул. Тестовая" not in site.row for site in sites), "the address is printed nowhere"


@pytest.mark.parametrize("how", ["xlsx", "ods"])
def test_a_merged_cell_is_read_for_each_of_its_rows_and_said_once(tmp_path: Path, how: str) -> None:
    pack = kept_pack(tmp_path / how, how)
    sites = {site.line: site for site in load_pack(pack).sites}
    assert sites[MERGED_ROWS[1]].contact.source == sites[MERGED_ROWS[0]].contact.source
    said = warnings(pack)
    merged = [message for message in said if "merged" in message]
    assert merged == [f"sites.{how}, sheet 'Клиники', row {MERGED_ROWS[0]}: [source] K{MERGED_ROWS[0]}:K"
                      f"{MERGED_ROWS[1]} is a merged cell: only its first cell, K{MERGED_ROWS[0]}, holds the value, "
                      "read here for each of its rows"]


def test_an_unknown_column_is_named_once_in_a_warning(tmp_path: Path) -> None:
    said = [message for message in warnings(kept_pack(tmp_path, "xlsx")) if "no document prints" in message]
    assert len(said) == 1, said
    assert said[0].startswith("sites.xlsx, sheet 'Клиники', row 3: a column that no document prints, kept out of "
                              "them: 'Адрес'. "), said[0]


def test_without_the_mapping_line_the_name_column_is_missing_and_said_so(tmp_path: Path) -> None:
    pack = kept_pack(tmp_path, "xlsx")
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    data["sites"] = {"file": "sites.xlsx"}
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RespackError) as raised:
        load_pack(pack)
    messages = [str(problem) for problem in raised.value.problems]
    assert any("missing column 'name' (a required column; its header may also read" in m for m in messages), messages


def test_a_mapping_to_a_column_respack_does_not_have_is_refused(tmp_path: Path) -> None:
    pack = kept_pack(tmp_path, "xlsx")
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    data["sites"]["columns"] = {"adress": "Адрес"}
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RespackError) as raised:
        load_pack(pack)
    assert any("adress" in str(problem) for problem in raised.value.problems)


@pytest.mark.parametrize(("header", "column"), [
    ("Название", "name"), ("Наименование", "name"), ("name_kk", "name:kk"), ("Атауы", "name"),
    ("short name", "short_name"), ("Short_Name:KK", "short_name:kk"), ("Краткое название (каз)", "short_name:kk"),
    ("Название на казахском", "name:kk"), ("Телефон", "number"), ("Адрес", None), ("Источник", "source"),
    ("Дата", "as_of"), ("Подпись рус", "label:ru"), ("label", None), ("Հեռախոս", "number"),
    ("Անվանում (hy)", None), ("Телефон *", "number"), ("  ДАТА ПРОВЕРКИ: ", "as_of"), ("", None),
])
def test_a_header_is_read_in_any_bundled_language(header: str, column: str | None) -> None:
    assert column_of(header, ["kk", "ru"]) == column


def test_a_pack_mapping_comes_before_the_dictionary() -> None:
    assert column_of("Наименование учреждения", ["ru"], {"name": "наименование  учреждения"}) == "name"
    assert column_of("Название", ["ru"], {"short_name": "Название"}) == "short_name"


# A name of about a hundred characters: each wraps onto the second line of a card's footer.
LONG_KAZAKH = "Шымкент қаласы денсаулық сақтау басқармасының № 4 қалалық емханасы (сынақ, ойдан шығарылған)"
LONG_RUSSIAN = "Городская поликлиника № 4 управления здравоохранения города Шымкент (тестовая, вымышленная)"
TOO_LONG_KAZAKH = ("Шымкент қаласы денсаулық сақтау басқармасының шаруашылық жүргізу құқығындағы № 4 қалалық "
                   "емханасы мемлекеттік коммуналдық кәсіпорны (сынақ)")


def with_names(pack: Path, kazakh: str, russian: str) -> Path:
    """The NGO's sheet with shym-04 named at length in both languages."""
    rows = clinic_rows()
    rows[3 + 3][HEADER.index("Атауы (қаз)")] = kazakh
    rows[3 + 3][HEADER.index("Наименование учреждения")] = russian
    write_kept_xlsx(pack.parent / "sites.xlsx", rows, merges=(f"K{MERGED_ROWS[0]}:K{MERGED_ROWS[1]}",))
    return pack


@pytest.fixture(scope="module")
def kept_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The twenty clinics' cards in Kazakh and Russian, built from the sheet as the NGO keeps it."""
    folder = tmp_path_factory.mktemp("kept")
    pack = with_names(kept_pack(folder / "pack", "xlsx"), LONG_KAZAKH, LONG_RUSSIAN)
    result = build((str(pack),), out_dir=folder / "out")
    assert not result.failed
    return folder / "out" / "shymkent"


def test_every_clinic_of_the_sheet_gets_its_cards(kept_build: Path) -> None:
    assert sorted(card.relative_to(kept_build).as_posix() for card in kept_build.glob("*/*/wallet-card.pdf")) == \
        sorted(f"shym-{n:02d}/{language}/wallet-card.pdf" for n in range(1, CLINICS + 1) for language in ("kk", "ru"))


@pytest.mark.parametrize(("language", "name"), [("kk", LONG_KAZAKH), ("ru", LONG_RUSSIAN)])
def test_a_long_name_wraps_on_the_card_in_its_language(kept_build: Path, language: str, name: str) -> None:
    pages = page_texts(kept_build / "shym-04" / language / "wallet-card.pdf")
    for text in pages:
        lines = [line.strip() for line in text.splitlines()]
        assert name not in lines, "the name is wrapped onto two lines"
        assert name in " ".join(lines), f"the card in {language} prints the name in {language}"


def test_a_short_name_is_the_cards(kept_build: Path) -> None:
    text = " ".join(page_texts(kept_build / "shym-06" / "kk" / "wallet-card.pdf"))
    assert "Поликлиника № 6" in text and "Городская поликлиника № 6" not in text


def test_a_name_too_long_for_two_lines_says_the_limit_and_the_column(tmp_path: Path) -> None:
    pack = with_names(kept_pack(tmp_path / "pack", "xlsx"), TOO_LONG_KAZAKH, LONG_RUSSIAN)
    problems = [p for p in validate_packs([load_pack(pack)], date(2026, 12, 1)) if p.severity == "error"]
    said = [str(problem).removeprefix(f"{pack.parent}/") for problem in problems]
    assert len(said) == 1, said
    assert re.fullmatch(
        r"sites\.xlsx, sheet 'Клиники', row 7: \[short_name:kk\] site shym-04: its name does not fit the edition line "
        rf"of the wallet card, even on two lines at its densest layout: in kk \({len(TOO_LONG_KAZAKH)} characters\) "
        r"the wallet card takes at most (\d+): write a shorter name for cards in the column short_name:kk \(or "
        r"short_name, for every language\)", said[0]), said[0]
    most = int(re.search(r"at most (\d+)", said[0])[1])  # type: ignore[index]
    assert len(LONG_KAZAKH) <= most < len(TOO_LONG_KAZAKH)


def test_a_misspelt_required_column_is_named_with_the_mapping_that_fixes_it(tmp_path: Path) -> None:
    pack = kept_pack(tmp_path, "xlsx")
    rows = clinic_rows()
    rows[2][HEADER.index("Источник")] = "Истоник"
    write_kept_xlsx(tmp_path / "sites.xlsx", rows)
    with pytest.raises(RespackError) as raised:
        load_pack(pack)
    said = [str(problem).removeprefix(f"{tmp_path}/") for problem in raised.value.problems]
    assert said == ["sites.xlsx, sheet 'Клиники', row 3: missing column 'source' (a required column; its header may "
                    "also read источник, дереккөз, көзі). A header of your own is named in the pack file: sites: "
                    "{file: ..., columns: {source: \"...\"}}"], said


def test_merged_cells_that_cover_a_sheet_many_times_over_are_refused_not_walked(tmp_path: Path) -> None:
    pack = kept_pack(tmp_path, "ods")
    span = '<table:table-cell table:number-rows-spanned="20000" table:number-columns-spanned="100"/>'
    rows = "".join(f"<table:table-row>{span}</table:table-row>" for _ in range(50))
    write_ods_content(tmp_path / "sites.ods", f'<table:table table:name="Клиники">{rows}</table:table>')
    with pytest.raises(RespackError) as raised:
        load_pack(pack)
    assert [str(p).removeprefix(f"{tmp_path}/") for p in raised.value.problems] == [
        "sites.ods, sheet 'Клиники': its merged cells cover more than the 20,000 rows and 100 columns a sheet of "
        "sites may use; unmerge them"]
