"""The spreadsheet an NGO already keeps: the same sites saved as .xlsx, .ods, a Russian-locale
Excel's CSV and a Windows-1251 CSV build the same cards; a broken or hostile sheet is refused at
its row, column and sheet, without hanging or crashing.

The clinics' numbers are fictional: Ofcom's drama range, +44 20 7946 0000-0999 (tests/shapes.py).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
import zxingcpp

from generator.errors import RespackError
from generator.packs.load import load_pack
from generator.pipeline import build
from shapes import Shape, site_rows, write_sites, write_sites_pack
from sheets import (
    ods_cell,
    write_ods,
    write_ods_content,
    write_russian_excel_csv,
    write_windows_1251_csv,
    write_xlsx,
)

RESPACK = Path(sys.executable).parent / "respack"
COLUMNS = ("id", "name", "number", "channel", "country", "region", "label:ru", "note:ru", "source", "as_of")
FIRST_SITE_ROW = 4  # a title, a blank row and the header stand above the sites


def russian_rows(count: int) -> list[dict[str, str]]:
    return [{**row, "label:ru": f"Социальный работник клиники № {n}", "note:ru": "по будням" if n % 2 else ""}
            for n, row in enumerate(site_rows(count))]


def sites_pack(folder: Path, rows: list[dict], sites: object = "sites.csv") -> Path:
    """A Russian pack whose card carries each clinic's code; `sites:` as given."""
    pack = write_sites_pack(folder, [], shape=Shape(2, (), ("ru",)))
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    pack.write_text(yaml.safe_dump({**data, "sites": sites}, allow_unicode=True), encoding="utf-8")
    (folder / "sites.csv").unlink()
    if rows:
        write_sites(folder / "sites.csv", rows, COLUMNS)
    return pack


SAVED_AS = {
    "csv-utf8": ("sites.csv", lambda path, rows: write_sites(path, rows, COLUMNS)),
    "xlsx": ({"file": "sites.xlsx", "sheet": "Clinics"}, lambda path, rows: write_xlsx(path, rows, COLUMNS)),
    "ods": ("sites.ods", lambda path, rows: write_ods(path, rows, COLUMNS)),
    "russian-excel-csv": ("sites-ru.csv", lambda path, rows: write_russian_excel_csv(path, rows, COLUMNS)),
    "windows-1251-csv": ("sites-1251.csv", lambda path, rows: write_windows_1251_csv(path, rows, COLUMNS)),
}


def saved(folder: Path, how: str, rows: list[dict]) -> Path:
    """The pack, its sites saved the given way."""
    sites, write = SAVED_AS[how]
    pack = sites_pack(folder, [], sites)
    write(folder / (sites["file"] if isinstance(sites, dict) else sites), rows)
    return pack


def card_codes(pdf: Path) -> set[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return {code.text for page in document for code in zxingcpp.read_barcodes(
            page.render(scale=200 / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode)}
    finally:
        document.close()


@pytest.fixture(scope="module")
def cards_by_file(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Each way of saving the same four sites, built: the cards' PDFs by site id."""
    rows = russian_rows(4)
    built = {}
    for how in SAVED_AS:
        folder = tmp_path_factory.mktemp(how)
        out = folder / "out"
        result = build((str(saved(folder / "pack", how, rows)),), out_dir=out)
        assert not result.failed
        built[how] = {card.parent.parent.name: card.read_bytes()
                      for card in out.glob("sites-test/*/ru/wallet-card.pdf")}
    return built


@pytest.mark.parametrize("how", [how for how in SAVED_AS if how != "csv-utf8"])
def test_every_way_of_saving_the_sites_builds_the_same_cards(cards_by_file, how: str) -> None:
    assert sorted(cards_by_file[how]) == [row["id"] for row in russian_rows(4)]
    assert cards_by_file[how] == cards_by_file["csv-utf8"], f"the {how} file's cards differ from the CSV's"


def test_the_cards_from_a_workbook_decode_to_their_own_numbers(cards_by_file, tmp_path: Path) -> None:
    for row in russian_rows(4):
        card = tmp_path / f"{row['id']}.pdf"
        card.write_bytes(cards_by_file["ods"][row["id"]])
        digits = "".join(ch for ch in row["number"] if ch.isdigit())
        expected = f"tel:+{digits}" if row["channel"] == "voice" else f"https://wa.me/{digits}"
        assert expected in card_codes(card)


def test_the_sites_read_the_same_from_every_file(tmp_path: Path) -> None:
    """Dates, numbers and words, to the site: from a date cell and from 25.11.2026 alike."""
    rows = russian_rows(6)
    read = {how: load_pack(saved(tmp_path / how, how, rows)).sites for how in SAVED_AS}
    plain = [(s.id, s.name, s.contact, s.wording, s.row) for s in read["csv-utf8"]]
    for how, sites in read.items():
        assert [(s.id, s.name, s.contact, s.wording, s.row) for s in sites] == plain, how
    assert [site.line for site in read["xlsx"]] == list(range(FIRST_SITE_ROW, FIRST_SITE_ROW + 6))
    assert {site.sheet for site in read["xlsx"]} == {"Clinics"}


def refused(pack: Path) -> list[str]:
    """The problems loading the pack stops at, as printed, relative to its folder."""
    with pytest.raises(RespackError) as raised:
        load_pack(pack)
    return [str(problem).removeprefix(f"{pack.parent}/") for problem in raised.value.problems]


def broken_rows() -> list[dict]:
    """One mistake a spreadsheet makes in each row."""
    rows: list[dict] = russian_rows(6)
    rows[0]["number"] = 442079460100  # a figure: the "+" is gone
    rows[1]["name"] = '=CONCATENATE("Clinic ", "1")'  # a formula
    rows[2]["as_of"] = "11/20/2026"  # month or day first?
    rows[3]["label:ru"] = "Социальный \u202eработник"  # a direction control
    rows[4]["number"] = "+44 20 7946 01О4"  # a Cyrillic О for a 0
    rows[5]["number"] = 7.7e10  # a figure in scientific notation, once
    return rows


EXPECTED_BROKEN = [
    (4, "number", "the spreadsheet holds this number as a figure, 442079460100: a figure loses the '+' (and any 0 in "
                  "front). Format the column as Text and type the number as it is dialled from abroad (+44 20 7946 "
                  "0100, if that is the number)"),
    (5, "name", "a formula: the cell must hold the value itself"),
    (6, "as_of", "'11/20/2026' can be read two ways (day or month first, or a year of two digits); write 2026-11-20 "
                 "or 20.11.2026"),
    (7, "label:ru", "the character U+202E"),
    (8, "number", "'+44 20 7946 01О4': the character"),
    (9, "number", "the spreadsheet holds this number as a figure, 77000000000"),
]


@pytest.mark.parametrize("how", ["xlsx", "ods"])
def test_a_broken_sheet_is_said_at_its_sheet_row_and_column(tmp_path: Path, how: str) -> None:
    messages = refused(saved(tmp_path / "pack", how, broken_rows()))
    name = "sites.xlsx" if how == "xlsx" else "sites.ods"
    assert len(messages) == len(EXPECTED_BROKEN), "\n".join(messages)
    for message, (row, column, text) in zip(messages, EXPECTED_BROKEN):
        assert message.startswith(f"{name}, sheet 'Clinics', row {row}: [{column}] "), message
        assert text in message, message


def test_a_missing_sheet_is_named_with_those_there_are(tmp_path: Path) -> None:
    pack = saved(tmp_path / "pack", "xlsx", russian_rows(2))
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    pack.write_text(yaml.safe_dump({**data, "sites": {"file": "sites.xlsx", "sheet": "Clinic"}}), encoding="utf-8")
    assert refused(pack) == ["sites.xlsx, sheet 'Clinic': has no sheet 'Clinic'; its sheets: Notes, Clinics"]


def test_a_header_that_does_not_parse_names_the_separator_and_the_encoding(tmp_path: Path) -> None:
    pack = sites_pack(tmp_path / "pack", [])
    (pack.parent / "sites.csv").write_bytes("id|name|number\nclinic-1|Клиника|+44 20 7946 0100\n".encode("cp1251"))
    (message,) = refused(pack)
    assert message.startswith("sites.csv:1: no column of a sites spreadsheet in its first rows (read as Windows-1251 "
                              "(not UTF-8: line 2, byte 24), commas between columns); the header row reads "
                              "'id|name|number'"), message


def test_a_russian_excel_csv_of_a_kazakh_label_that_lost_its_letters(tmp_path: Path) -> None:
    """Windows-1251 has no ә, і, қ...: Excel writes "?" for them, and the card would print it."""
    rows = russian_rows(1)
    rows[0]["label:ru"] = "Әлеуметтік қызметкер".encode("cp1251", errors="replace").decode("cp1251")
    pack = saved(tmp_path / "pack", "windows-1251-csv", rows)
    (message,) = refused(pack)
    assert message.startswith("sites-1251.csv:4: [label:ru] '?леуметтік ?ызметкер': a '?' inside a word is where "
                              "the spreadsheet put a letter that the file's encoding (Windows-1251) does not "
                              "have"), message


def test_the_encoding_may_be_named_in_the_pack_file(tmp_path: Path) -> None:
    pack = saved(tmp_path / "pack", "windows-1251-csv", russian_rows(2))
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    pack.write_text(yaml.safe_dump({**data, "sites": {"file": "sites-1251.csv", "encoding": "windows-1251"}}),
                    encoding="utf-8")
    assert [site.wording["ru"].name for site in load_pack(pack).sites] == [
        "Социальный работник клиники № 0", "Социальный работник клиники № 1"]
    pack.write_text(yaml.safe_dump({**data, "sites": {"file": "sites-1251.csv", "encoding": "windows-1215"}}),
                    encoding="utf-8")
    assert "unknown encoding 'windows-1215'" in refused(pack)[0]


# --- hostile sheets: each is refused in a few seconds, in a process with a ceiling on its memory -----

def check_in_a_process(pack: Path) -> str:
    """`respack check PACK`, limited to 2 GB of memory and 60 s: what it says, once it has refused."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    result = subprocess.run([str(RESPACK), "check", str(pack)], capture_output=True, text=True, timeout=60,
                            preexec_fn=limit, cwd=pack.parent)
    assert result.returncode == 1, f"exit {result.returncode}: {result.stdout}{result.stderr}"
    return result.stdout + result.stderr


def test_a_value_far_out_of_the_sheet_is_refused_not_allocated(tmp_path: Path) -> None:
    """Calamine reads a sheet into one rectangle from A1: one cell at XFD1048576 asks it for half
    a terabyte, and it aborts the process."""
    import openpyxl

    pack = saved(tmp_path / "pack", "xlsx", russian_rows(2))
    workbook = openpyxl.load_workbook(pack.parent / "sites.xlsx")
    workbook["Clinics"]["XFD1048576"] = "far"
    workbook.save(pack.parent / "sites.xlsx")
    said = check_in_a_process(pack)
    assert "sites.xlsx, sheet 'Clinics': has a value at row 1,048,576, column 16,384: past the 20,000 rows and 100 " \
           "columns a sheet of sites may use" in " ".join(said.split()), said


def test_a_value_repeated_down_a_whole_sheet_is_refused(tmp_path: Path) -> None:
    pack = sites_pack(tmp_path / "pack", [], "sites.ods")
    flood = f'<table:table-row table:number-rows-repeated="1000000">{ods_cell("x", repeated=16000)}</table:table-row>'
    write_ods(pack.parent / "sites.ods", russian_rows(2), COLUMNS, raw_rows=flood)
    said = " ".join(check_in_a_process(pack).split())
    assert "sites.ods, sheet 'Clinics': has a value at row 1,000,005, column 16,000" in said, said


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    pack = saved(tmp_path / "pack", "xlsx", russian_rows(2))
    with zipfile.ZipFile(pack.parent / "sites.xlsx", "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.png", bytes(130 * 1024 * 1024))
    assert "unpacks to more than 128 MB" in check_in_a_process(pack)


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    pack = sites_pack(tmp_path / "pack", [], "sites.ods")
    laughs = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    write_ods_content(pack.parent / "sites.ods", '<table:table table:name="Clinics"><table:table-row>'
                      '<table:table-cell office:value-type="string"><text:p>&b;</text:p></table:table-cell>'
                      "</table:table-row></table:table>", prologue=laughs)
    assert "its part content.xml declares XML entities" in check_in_a_process(pack)


@pytest.mark.parametrize("name, content, said", [
    ("sites.xlsx", b"id,name\n", "is not an .xlsx workbook (not a zip archive)"),
    ("sites.xls", b"", "the sites must be a spreadsheet saved as .xlsx, .ods or .csv, found 'sites.xls' "
                      "(an Excel 97-2003 workbook: save it as .xlsx)"),
    ("sites.csv", b"x\n" * 20_002, "more than 20,000 rows"),
    ("../sites.csv", b"", "must be in the pack's folder"),
])
def test_files_that_are_not_a_sheet_of_sites(tmp_path: Path, name: str, content: bytes, said: str) -> None:
    pack = sites_pack(tmp_path / "pack", [], name)
    (pack.parent / name).write_bytes(content)
    assert said in "\n".join(refused(pack))
