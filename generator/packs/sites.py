"""A pack's spreadsheet of sites: one row per clinic, each printed on editions of its own.

An NGO that hands out cards in many clinics names the spreadsheet it keeps in its pack file
(`sites: sites.xlsx`, or `sites: {file: sites.csv, encoding: windows-1251, sheet: Clinics}`):
a CSV file as Excel or LibreOffice saves it, an .xlsx or an .ods workbook. Each row is one
site: its id (a folder name), its name (printed small in the edition line) and its own contact,
read and checked like a contact of the pack file, with a label in every language of the pack.
Problems are said at the row, with the column in brackets (and the sheet, for a workbook), as
the YAML files' are.
"""

from __future__ import annotations

import codecs
import difflib
import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.errors import Problem
from generator.model import ROLLOUT_FOLDER, Contact, ContactWording, Pack, Site, Source
from generator.packs.cells import Cell, CellError, date_cell, dropped_plus, number_cell, text_cell
from generator.packs.csvtext import read_csv
from generator.packs.table import MAX_FILE_BYTES, Row, Table, TableError, column_name, header_index
from generator.packs.workbook import WORKBOOKS, read_workbook
from generator.packs.yamlfile import Fields, Mapping

REQUIRED_COLUMNS = ("id", "name", "number", "channel", "source", "as_of")
OPTIONAL_COLUMNS = ("region", "country")
PER_LANGUAGE = ("label", "note")  # label:<lang> for each language of the pack; note:<lang> if wanted
SITE_CHANNELS = ("voice", "whatsapp")
TEXT_FILES = (".csv", ".tsv", ".txt")
SITES_KEYS = ("file", "sheet", "encoding")
_SITE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_LOST_LETTER = re.compile(r"\w\?|\?\w")  # "Әлеуметт?к": where a code page had no such letter

ReadContact = Callable[[Fields, str, dict[str, Source]], "Contact | None"]


def read_sites(fields: Fields, country: str, languages: list[str], sources: dict[str, Source],
               read_contact: ReadContact) -> tuple[Path | None, tuple[Site, ...]]:
    """The spreadsheet the pack file names (`sites:`), if any, and its rows as sites."""
    named = _sites_field(fields)
    if named is None:
        return None, ()
    name, sheet, encoding = named
    path = fields.path.parent / name
    problems = fields.problems
    before = len(problems)
    try:
        table = _read_table(path, languages, sheet, encoding)
    except FileNotFoundError:
        fields.problem(f"sites file {name!r} not found next to the pack file", "sites")
        return None, ()
    except TableError as error:
        problems.append(Problem(path, str(error), line=error.line, sheet=error.sheet or sheet))
        return None, ()
    except OSError as error:
        problems.append(Problem(path, f"cannot be read: {error.strerror or error}"))
        return None, ()
    sites = _read_rows(path, table, country, languages, sources, problems, read_contact)
    for problem in problems[before:]:
        if problem.file == path and table.sheet:
            problem.sheet = table.sheet
    return path, tuple(sites)


def _sites_field(fields: Fields) -> tuple[str, str | None, str | None] | None:
    """`sites:` as (file, sheet, encoding): a file's name alone, or a mapping naming the sheet
    of a workbook or the encoding of a CSV file. The file must be in the pack's folder."""
    if not isinstance(fields.data.get("sites"), dict):
        name, sheet, encoding = fields.get("sites", str, required=False), None, None
        key = "sites"
    else:
        entry = fields.child("sites", allowed=SITES_KEYS)
        name, key = entry.text("file"), "sites.file"
        sheet, encoding = entry.get("sheet", str, required=False), entry.get("encoding", str, required=False)
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError:
                entry.problem(f"unknown encoding {encoding!r}; e.g. utf-8, windows-1251, windows-1252", "encoding")
                return None
    if not name:
        return None
    if ".." in Path(name).parts or Path(name).is_absolute():
        fields.problem(f"the sites file {name!r} must be in the pack's folder (or a folder inside it)", key)
        return None
    suffix = Path(name).suffix.lower()
    if suffix not in (*TEXT_FILES, *WORKBOOKS):
        fields.problem(f"the sites must be a spreadsheet saved as .xlsx, .ods or .csv, found {name!r}"
                       + (" (an Excel 97-2003 workbook: save it as .xlsx)" if suffix in (".xls", ".xlsm", ".xlsb")
                          else ""), key)
        return None
    if sheet and suffix not in WORKBOOKS:
        fields.problem(f"a sheet is named ({sheet!r}), but {name!r} is a CSV file, which has none", key)
    if encoding and suffix in WORKBOOKS:
        fields.problem(f"an encoding is named ({encoding!r}), but {name!r} is a workbook, which names its own", key)
    return name, sheet, encoding


def _read_table(path: Path, languages: list[str], sheet: str | None, encoding: str | None) -> Table:
    """The rows of the file, as CSV text or as a workbook's sheet."""
    if path.suffix.lower() in WORKBOOKS:
        return read_workbook(path, sheet)
    with path.open("rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise TableError(f"is larger than {MAX_FILE_BYTES // 1024 // 1024} MB: a spreadsheet of sites is far smaller")
    return read_csv(data, languages, lambda column: _known_column(column, languages), encoding)


def _known_column(column: str, languages: list[str]) -> bool:
    return column in _allowed_columns(languages)


def _allowed_columns(languages: list[str]) -> list[str]:
    return [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *(f"{kind}:{lang}" for kind in PER_LANGUAGE for lang in languages)]


def _read_rows(path: Path, table: Table, country: str, languages: list[str], sources: dict[str, Source],
               problems: list[Problem], read_contact: ReadContact) -> list[Site]:
    found = header_index(table.rows, lambda column: _known_column(column, languages))
    if found is None:
        problems.append(Problem(path, "is empty; expected a first line naming the columns"))
        return []
    header_row = table.rows[found]
    header = [column_name(cell) for cell in header_row.cells]
    while header and not header[-1]:
        header.pop()  # a sheet's empty cells right of the last column
    if not _header_ok(path, header_row.number, header, languages, problems, table.read_as):
        return []
    sites: list[Site] = []
    seen: dict[str, int] = {}
    for row in table.rows[found + 1:]:
        if row.empty:
            continue
        site = _read_row(path, row, header, table, country, languages, sources, problems, read_contact)
        if site is None:
            continue
        if site.id in seen:
            problems.append(Problem(path, f"site id {site.id!r} is already used on "
                                    f"{'row' if table.sheet else 'line'} {seen[site.id]}",
                                    line=row.number, field="id"))
            continue
        seen[site.id] = row.number
        sites.append(site)
    if not sites and not any(p.file == path for p in problems):
        problems.append(Problem(path, "holds no site: one row per site is expected after the first line"))
    return sites


def _read_row(path: Path, row: Row, header: list[str], table: Table, country: str, languages: list[str],
              sources: dict[str, Source], problems: list[Problem], read_contact: ReadContact) -> Site | None:
    """One row's cells, each read for its column, then the site they make."""
    extra = [cell for cell in row.cells[len(header):] if str(cell).strip()]
    if extra:
        problems.append(Problem(path, f"{len(header) + len(extra)} cells, but the header names {len(header)} "
                                "columns", line=row.number))
        return None
    before = len(problems)
    values: dict[str, object] = {}
    for index, (column, cell) in enumerate(zip(header, row.cells), 1):
        try:
            value = _cell_value(column, cell, (row.number, index) in table.formulas, table.legacy_encoding)
        except CellError as error:
            problems.append(Problem(path, str(error), line=row.number, field=column))
            continue
        if value not in ("", None):
            values[column] = value
    if len(problems) != before:
        return None
    data = Mapping(values)
    data.line, data.key_lines = row.number, {column: row.number for column in data}
    site = _read_site(Fields(data, path, problems), data, country, languages, sources, read_contact)
    if site is not None:
        return replace(site, sheet=table.sheet)
    if "number" in values:
        for problem in problems[before:]:
            if problem.field == "number":
                problem.message += dropped_plus(str(values["number"]))
    return site


def _cell_value(column: str, cell: Cell, formula: bool, legacy_encoding: str | None) -> str | date | None:
    """A cell read for its column: the number as typed, the date as a date, the rest as text."""
    if formula:
        raise CellError("a formula: the cell must hold the value itself (copy the column, then paste it as "
                        "values only)")
    if isinstance(cell, str) and not cell.strip():
        return None
    if column == "number":
        value: str | date = number_cell(cell)
    elif column == "as_of":
        return date_cell(cell)
    else:
        value = text_cell(cell)
    if legacy_encoding and isinstance(value, str) and _LOST_LETTER.search(value):
        raise CellError(f"{value!r}: a '?' inside a word is where the spreadsheet put a letter that the file's "
                        f"encoding ({legacy_encoding}) does not have; save the file as CSV UTF-8 instead")
    return value


def _header_ok(path: Path, line: int, header: list[str], languages: list[str], problems: list[Problem],
               read_as: str) -> bool:
    """Every column known, none twice, and every required one there: said at the header's row.
    When none is known, one problem says how the row was read (the separator, the encoding)."""
    allowed = _allowed_columns(languages)
    if not any(column in allowed for column in header):
        shown = " | ".join(header)[:120]
        problems.append(Problem(path, f"no column of a sites spreadsheet in its first rows (read as {read_as}); the "
                                f"header row reads {shown!r}. Expected the columns: {', '.join(allowed)}",
                                line=line))
        return False
    before = len(problems)
    for column in header:
        if column not in allowed:
            hint = difflib.get_close_matches(column, allowed, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            problems.append(Problem(path, f"unknown column {column!r}{suggestion} Allowed: {', '.join(allowed)}",
                                    line=line, field=column or "(empty)"))
    for column in sorted({c for c in header if header.count(c) > 1}):
        problems.append(Problem(path, f"the column {column!r} appears twice", line=line, field=column))
    for column in [*REQUIRED_COLUMNS, *(f"label:{lang}" for lang in languages)]:
        if column not in header:
            what = (f"the site's label in {column.split(':')[1]!r}, one of the pack's languages"
                    if column.startswith("label:") else "a required column")
            problems.append(Problem(path, f"missing column {column!r} ({what})", line=line))
    return len(problems) == before


def _read_site(row: Fields, data: Mapping, country: str, languages: list[str], sources: dict[str, Source],
               read_contact: ReadContact) -> Site | None:
    before = len(row.problems)
    site_id = row.text("id")
    if site_id == ROLLOUT_FOLDER:
        row.problem(f"{site_id!r} is the folder of the print shop's sheets of every site; choose another id", "id")
    elif site_id and not _SITE_ID.match(site_id):
        row.problem(f"{site_id!r} is not a site id: it names a folder, so use small letters, digits, - and _ "
                    "(at most 64)", "id")
    channel = row.choice("channel", SITE_CHANNELS)
    wording = {}
    for language in languages:
        label = row.text(f"label:{language}", required=False)
        if not label:
            row.problem(f"is empty: the label of the site's contact in {language!r}, one of the pack's languages, "
                        "is required", f"label:{language}")
        wording[language] = ContactWording(name=label, note=row.text(f"note:{language}", required=False))
    contact_fields = {**data, "id": f"site-{site_id}", "channels": [channel or "voice"]}
    contact_row = Mapping(contact_fields)
    contact_row.line, contact_row.key_lines = data.line, {key: data.line for key in contact_fields}
    contact = read_contact(Fields(contact_row, row.path, row.problems), country, sources)
    if contact is None or len(row.problems) != before:
        return None
    return Site(id=site_id, name=row.text("name"), contact=contact, wording=wording, line=data.line,
                row=json.dumps(dict(data), sort_keys=True, ensure_ascii=False, default=str), region=contact.region)


def site_pack(pack: Pack, site: Site) -> Pack:
    """The pack as one site prints it: the site's contact first among the services, and of
    the spreadsheet its own row only. Each edition goes to a render worker with its pack: a
    thousand rows in every one made the work sent to the workers grow with the square of the
    sites (half a gigabyte pickled for 1,000 sites)."""
    contacts = pack.country.contacts
    first_service = next((i for i, c in enumerate(contacts) if not c.emergency), len(contacts))
    country = replace(pack.country, contacts=(*contacts[:first_service], site.contact, *contacts[first_service:]))
    guidance = {language: replace(g, contacts={**g.contacts, site.contact.wording_key: site.wording[language]})
                for language, g in pack.guidance.items()}
    return replace(pack, country=country, guidance=guidance, sites=(site,))
