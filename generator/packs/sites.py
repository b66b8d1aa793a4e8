"""A pack's spreadsheet of sites: one row per clinic, each printed on editions of its own.

An NGO that hands out cards in many clinics names the spreadsheet it keeps in its pack file
(`sites: sites.xlsx`, or `sites: {file: sites.csv, encoding: windows-1251, sheet: Clinics}`):
a CSV file as Excel or LibreOffice saves it, an .xlsx or an .ods workbook. Each row is one
site: its id (a folder name), its name (printed small in the edition line; one per language,
and a short one for cards, where the NGO has them) and its own contact, read and checked like a
contact of the pack file, with a label in every language of the pack. Its header may be written
in any bundled language, under titles and notes (generator.tables.columns); a column respack does
not know is named in a warning and printed nowhere. Problems are said at the row, with the column
in brackets (and the sheet, for a workbook), as the YAML files' are.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.errors import Problem
from generator.model import ROLLOUT_FOLDER, ContactWording, Pack, SheetNotice, Site, Source
from generator.packs.contacts import read_contact
from generator.packs.pack_file import SitesFile
from generator.reading.reader import part
from generator.reading.yamlfile import Fields, Mapping
from generator.tables.cells import Cell, CellError, date_cell, dropped_plus, number_cell, text_cell
from generator.tables.columns import ALIASES, column_of, known_columns, normalised
from generator.tables.csvtext import read_csv
from generator.tables.table import MAX_FILE_BYTES, Row, Table, TableError, column_letters, header_index
from generator.tables.workbook import WORKBOOKS, read_workbook

REQUIRED_COLUMNS = ("id", "name", "number", "channel", "source", "as_of")
SITE_CHANNELS = ("voice", "whatsapp")
TEXT_FILES = (".csv", ".tsv", ".txt")
_SITE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_LOST_LETTER = re.compile(r"\w\?|\?\w")  # "Әлеуметт?к": where a code page had no such letter



def read_sites(fields: Fields, given: str | SitesFile | None, country: str, languages: list[str],
               sources: dict[str, Source]) -> tuple[Path | None, tuple[Site, ...], tuple[SheetNotice, ...]]:
    """The spreadsheet the pack file names (`sites:`), if any, its rows as sites, and what
    its reading warns of (a column no document prints, a merged cell)."""
    named = _sites_field(fields, given, languages)
    if named is None:
        return None, (), ()
    name, sheet, encoding, mapped = named
    path = fields.path.parent / name
    problems = fields.problems
    before = len(problems)
    try:
        table = _read_table(path, languages, sheet, encoding, mapped)
    except FileNotFoundError:
        fields.problem(f"sites file {name!r} not found next to the pack file", "sites")
        return None, (), ()
    except TableError as error:
        problems.append(Problem(path, str(error), line=error.line, sheet=error.sheet or sheet))
        return None, (), ()
    except OSError as error:
        problems.append(Problem(path, f"cannot be read: {error.strerror or error}"))
        return None, (), ()
    sites, notices = _read_rows(path, table, country, languages, sources, problems, mapped)
    for problem in problems[before:]:
        if problem.file == path and table.sheet:
            problem.sheet = table.sheet
    return path, tuple(sites), tuple(notices)


def _sites_field(fields: Fields, given: str | SitesFile | None, languages: list[str]
                 ) -> tuple[str, str | None, str | None, dict[str, str]] | None:
    """`sites:` as (file, sheet, encoding, columns): a file's name alone, or a mapping naming
    the sheet of a workbook, the encoding of a CSV file, or the NGO's own headers of some
    columns (`columns: {name: "Наименование учреждения"}`). The file must be in the pack's folder."""
    mapped: dict[str, str] = {}
    if not isinstance(given, SitesFile):
        name, sheet, encoding, key = given, None, None, "sites"
    else:
        name, key, sheet, encoding = given.file, "sites.file", given.sheet, given.encoding
        columns = part(fields, "sites").child("columns", allowed=tuple(known_columns(languages)), required=False)
        mapped = {column: header for column in columns.data
                  if (header := columns.get(column, str, required=False))}
        written = part(fields, "sites").data.get("encoding")
        if isinstance(written, str) and written.strip() and not encoding:
            return None  # an encoding that is not one: said where it was read
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
    return name, sheet, encoding, mapped


def _read_table(path: Path, languages: list[str], sheet: str | None, encoding: str | None,
                mapped: dict[str, str]) -> Table:
    """The rows of the file, as CSV text or as a workbook's sheet."""
    if path.suffix.lower() in WORKBOOKS:
        return read_workbook(path, sheet)
    with path.open("rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise TableError(f"is larger than {MAX_FILE_BYTES // 1024 // 1024} MB: a spreadsheet of sites is far smaller")
    return read_csv(data, languages, lambda cell: column_of(cell, languages, mapped) is not None, encoding)


def _read_rows(path: Path, table: Table, country: str, languages: list[str], sources: dict[str, Source],
               problems: list[Problem],
               mapped: dict[str, str]) -> tuple[list[Site], list[SheetNotice]]:
    found = header_index(table.rows, lambda cell: column_of(cell, languages, mapped) is not None)
    if found is None:
        problems.append(Problem(path, "is empty; expected a first line naming the columns"))
        return [], []
    header_row = table.rows[found]
    written = [str(cell).strip() for cell in header_row.cells]
    while written and not written[-1]:
        written.pop()  # a sheet's empty cells right of the last column
    columns = [column_of(cell, languages, mapped) for cell in written]
    if not _header_ok(path, header_row.number, written, columns, languages, problems, table.read_as, mapped):
        return [], []
    unknown = [(index, text) for index, (text, column) in enumerate(zip(written, columns), 1) if column is None]
    notices = [_unread_notice(header_row.number, table.sheet, unknown, languages)] if unknown else []
    header = [column or "" for column in columns]  # "": a column respack does not print, read no further
    merged = {cell: first for cell, first in table.covered(len(header)).items() if cell[0] > header_row.number}
    sites: list[Site] = []
    seen: dict[str, int] = {}
    for row in table.rows[found + 1:]:
        if row.empty:
            continue
        site = _read_row(path, row, header, table, merged, country, languages, sources, problems)
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
    notices += [SheetNotice(top, table.sheet, f"{said} is a merged cell: only its first cell, {said.split(':')[0]}, "
                            "holds the value, read here for each of its rows", header[left - 1])
                for (top, left), said in sorted(set(merged.values())) if left <= len(header) and header[left - 1]]
    return sites, notices


def _unread_notice(line: int, sheet: str | None, unknown: list[tuple[int, str]], languages: list[str]) -> SheetNotice:
    """The columns no document prints, named once (with the column a typo was probably meant
    for): a warning, as an NGO's sheet holds more than its cards (an address, a contact person)."""
    allowed = known_columns(languages)
    said = []
    for index, text in unknown:
        hint = difflib.get_close_matches(normalised(text), allowed, n=1)
        said.append((f"{text!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")) if text
                    else f"column {column_letters(index)}, which has no header")
    return SheetNotice(line, sheet, f"{'a column' if len(said) == 1 else 'columns'} that no document prints, kept "
                       f"out of them: {', '.join(said)}. The columns respack reads: {', '.join(allowed)}")


def _read_row(path: Path, row: Row, header: list[str], table: Table,
              merged: dict[tuple[int, int], tuple[tuple[int, int], str]],
              country: str, languages: list[str], sources: dict[str, Source], problems: list[Problem]) -> Site | None:
    """One row's cells, each read for its column, then the site they make."""
    extra = [cell for cell in row.cells[len(header):] if str(cell).strip()]
    if extra:
        problems.append(Problem(path, f"{len(header) + len(extra)} cells, but the header names {len(header)} "
                                "columns", line=row.number))
        return None
    before = len(problems)
    values: dict[str, object] = {}
    for index, (column, cell) in enumerate(zip(header, row.cells), 1):
        if not column:
            continue
        if (row.number, index) in merged and not str(cell).strip():
            (top, left), _ = merged[(row.number, index)]  # a merged cell holds its value in its first cell alone
            cell = table.cell(top, left)
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
    site = _read_site(Fields(data, path, problems), data, country, languages, sources)
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


def _header_ok(path: Path, line: int, written: list[str], columns: list[str | None], languages: list[str],
               problems: list[Problem], read_as: str, mapped: dict[str, str]) -> bool:
    """No column twice, and every required one there: said at the header's row. When none is
    known, one problem says how the row was read (the separator, the encoding)."""
    allowed = known_columns(languages)
    if not any(columns):
        shown = " | ".join(written)[:120]
        problems.append(Problem(path, f"no column of a sites spreadsheet in its first rows (read as {read_as}); the "
                                f"header row reads {shown!r}. Expected the columns: {', '.join(allowed)}, or their "
                                "names in Russian, Kazakh or Armenian; or name yours in the pack file (sites: "
                                "{file: ..., columns: {name: \"...\"}})", line=line))
        return False
    before = len(problems)
    known = [column for column in columns if column]
    for column in sorted({c for c in known if known.count(c) > 1}):
        shown = " and ".join(repr(text) for text, c in zip(written, columns) if c == column)
        problems.append(Problem(path, f"the column {column!r} appears twice ({shown})", line=line, field=column))
    names_each = all(f"name:{language}" in known for language in languages)
    for column in [*REQUIRED_COLUMNS, *(f"label:{lang}" for lang in languages)]:
        if column not in known and not (column == "name" and names_each):
            what = (f"the site's label in {column.split(':')[1]!r}, one of the pack's languages"
                    if column.startswith("label:") else "a required column")
            others = [name for name in ALIASES.get(column.split(":")[0], ()) if name != column][:3]
            also = f"; its header may also read {', '.join(others)}" if others and ":" not in column else ""
            mapping = f" or {mapped[column]!r} as the pack file maps it" if column in mapped else ""
            unread = {normalised(text): text for text, c in zip(written, columns) if c is None and text}
            close = difflib.get_close_matches(normalised(column), list(unread), n=1, cutoff=0.7)
            hint = (f". Is it {unread[close[0]]!r}? " if close else ". ") + "A header of your own is named in the " \
                f"pack file: sites: {{file: ..., columns: {{{column}: \"{unread[close[0]] if close else '...'}\"}}}}"
            problems.append(Problem(path, f"missing column {column!r} ({what}{also}{mapping}){hint}", line=line))
    return len(problems) == before


def _read_site(row: Fields, data: Mapping, country: str, languages: list[str], sources: dict[str, Source]
               ) -> Site | None:
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
    names = {language: name for language in languages if (name := row.text(f"name:{language}", required=False))}
    short_names = {language: short for language in ["", *languages]
                   if (short := row.text(f"short_name:{language}" if language else "short_name", required=False))}
    name = row.text("name", required=len(names) < len(languages)) or names.get(languages[0], "")
    if len(row.problems) != before:
        return None
    return Site(id=site_id, name=name, contact=contact, wording=wording, line=data.line,
                row=json.dumps(dict(data), sort_keys=True, ensure_ascii=False, default=str), region=contact.region,
                names=names, short_names=short_names)


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
