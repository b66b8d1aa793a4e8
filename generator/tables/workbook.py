"""A sheet of an .xlsx or .ods workbook as a table, read by python-calamine once it is known safe.

Calamine reads a sheet into one rectangle from A1 to its last cell: a single cell at XFD1048576
asks for half a terabyte and aborts the process, and a formula gives its cached value, which a
tool that wrote the file need not have set. So the workbook is looked at first, with the
standard library, in bounded steps: a zip archive of a reasonable size whose parts unpack to
what they declare, no XML entity, and in the sheet to read, no value past MAX_ROWS × MAX_COLUMNS;
where a formula stands is noted, for the sites reader to refuse it at its row and column.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from generator.tables.table import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, Row, Table, TableError

MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # every part of the archive together, unpacked
MAX_PARTS = 2_000
_CHUNK = 1024 * 1024
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CELL_REFERENCE = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
WORKBOOKS = (".xlsx", ".ods")


def read_workbook(path: Path, sheet: str | None) -> Table:
    """The named sheet, or the first one, of an .xlsx or .ods file."""
    parts = _checked_parts(path)
    xlsx = path.suffix.lower() == ".xlsx"
    sheets = _xlsx_sheets(parts) if xlsx else {name: "content.xml" for name in _ods_sheets(parts)}
    if not sheets:
        raise TableError("has no sheet")
    chosen = sheet or next(iter(sheets))
    if chosen not in sheets:
        raise TableError(f"has no sheet {chosen!r}; its sheets: {', '.join(sheets)}")
    try:
        formulas, merges = _xlsx_guard(parts, sheets[chosen]) if xlsx else _ods_guard(parts, chosen)
    except TableError as error:
        error.sheet = chosen
        raise
    if sum((bottom - top + 1) * (right - left + 1) for top, left, bottom, right in merges) > MAX_ROWS * MAX_COLUMNS:
        raise TableError(f"its merged cells cover more than the {MAX_ROWS:,} rows and {MAX_COLUMNS} columns a sheet "
                         "of sites may use; unmerge them", sheet=chosen)
    from python_calamine import CalamineError, CalamineWorkbook  # only once the file is known safe

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        values = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError, KeyError) as error:
        raise TableError(f"cannot be read as a spreadsheet: {error}") from None
    rows = tuple(Row(index, tuple(cells)) for index, cells in enumerate(values, 1))
    return Table(rows, f"sheet {chosen!r}", sheet=chosen, formulas=frozenset(formulas), merges=tuple(merges))


def _checked_parts(path: Path) -> dict[str, bytes]:
    """The archive's parts, unpacked with a limit: a zip bomb, a lying size or an XML entity
    (the "billion laughs") is refused before any reader sees the file."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise TableError(f"is larger than {MAX_FILE_BYTES // 1024 // 1024} MB: a spreadsheet of sites is far "
                         "smaller; keep the sites alone in it")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise TableError(f"is not an {path.suffix.lower()} workbook (not a zip archive): save it again from the "
                         "spreadsheet, or as CSV") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise TableError(f"holds {len(infos)} parts; a workbook of sites holds a few dozen")
        parts, total = {}, 0
        for info in infos:
            if info.is_dir():
                continue
            data = bytearray()
            try:
                with archive.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_UNPACKED_BYTES:
                            raise TableError(f"unpacks to more than {MAX_UNPACKED_BYTES // 1024 // 1024} MB: not a "
                                             "spreadsheet of sites")
                        data += chunk
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as error:
                raise TableError(f"cannot be unpacked ({error}): save it again from the spreadsheet") from None
            if info.filename.endswith((".xml", ".rels")) and (b"<!ENTITY" in data or b"<!DOCTYPE" in data):
                raise TableError(f"its part {info.filename} declares XML entities; a spreadsheet's never does")
            parts[info.filename] = bytes(data)
    return parts


def _xlsx_sheets(parts: dict[str, bytes]) -> dict[str, str]:
    """Each sheet's name and the part that holds its cells (xl/workbook.xml and its relationships),
    the visible ones first: "the first sheet" is the first a person sees."""
    try:
        workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
        relations = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    except (KeyError, ElementTree.ParseError) as error:
        raise TableError(f"is not an .xlsx workbook ({error})") from None
    targets = {r.get("Id"): r.get("Target", "") for r in relations.iter(f"{_PACKAGE_RELATIONSHIPS}Relationship")}
    entries = sorted(workbook.iter(f"{_MAIN}sheet"), key=lambda entry: entry.get("state", "visible") != "visible")
    sheets = {}
    for entry in entries:
        target = targets.get(entry.get(f"{_RELATIONSHIPS}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        sheets[entry.get("name", "")] = part
    return sheets


def _ods_sheets(parts: dict[str, bytes]) -> list[str]:
    """The names of an OpenDocument spreadsheet's tables, in order."""
    if "content.xml" not in parts:
        raise TableError("is not an .ods workbook (it has no content.xml)")
    names = []
    try:
        for _, element in ElementTree.iterparse(io.BytesIO(parts["content.xml"]), events=("start",)):
            if element.tag == f"{_TABLE}table":
                names.append(element.get(f"{_TABLE}name", ""))
    except ElementTree.ParseError as error:
        raise TableError(f"its sheets cannot be read ({error})") from None
    return names


Merge = tuple[int, int, int, int]  # first row, first column, last row, last column


def _xlsx_guard(parts: dict[str, bytes], part: str) -> tuple[set[tuple[int, int]], list[Merge]]:
    """Where the sheet's formulas and merged cells are; a value past the limits is refused."""
    if part not in parts:
        raise TableError(f"names a sheet part {part!r} that it does not hold")
    formulas = set()
    merges: list[Merge] = []
    for row, column, element in _xlsx_cells(parts[part], merges):
        has_value = any(child.tag in (f"{_MAIN}v", f"{_MAIN}is", f"{_MAIN}f") for child in element)
        if has_value:
            _within_limits(row, column)
        if element.find(f"{_MAIN}f") is not None:
            formulas.add((row, column))
    return formulas, merges


def _xlsx_cells(data: bytes, merges: list[Merge]) -> Iterator[tuple[int, int, ElementTree.Element]]:
    """(row, column, cell) of every cell of a sheet's part, 1-based, streamed; each merged
    range ("B11:B12") noted in merges as it passes."""
    row = column = 0
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "start" and element.tag == f"{_MAIN}row":
                row = int(element.get("r") or row + 1)
                column = 0
            elif event == "end" and element.tag == f"{_MAIN}c":
                reference = _CELL_REFERENCE.match(element.get("r") or "")
                if reference:
                    column, row = _column_index(reference[1]), int(reference[2])
                else:
                    column += 1
                yield row, column, element
                element.clear()
            elif event == "end" and element.tag == f"{_MAIN}row":
                element.clear()
            elif event == "end" and element.tag == f"{_MAIN}mergeCell":
                corners = [_CELL_REFERENCE.match(corner) for corner in (element.get("ref") or "").split(":")]
                if len(corners) == 2 and all(corners):
                    (left, top), (right, bottom) = ((_column_index(c[1]), int(c[2])) for c in corners)  # type: ignore[index]
                    merges.append((top, left, min(bottom, MAX_ROWS), min(right, MAX_COLUMNS)))
    except TableError:
        raise
    except (ElementTree.ParseError, ValueError) as error:
        raise TableError(f"its sheet cannot be read ({error})") from None


def _ods_guard(parts: dict[str, bytes], name: str) -> tuple[set[tuple[int, int]], list[Merge]]:
    """The same for an OpenDocument sheet, whose rows and cells may each stand for many
    (number-rows-repeated, number-columns-repeated): a value repeated past the limits is refused.
    A merged cell spans rows or columns (number-rows-spanned, number-columns-spanned)."""
    formulas: set[tuple[int, int]] = set()
    merges: list[Merge] = []
    inside, row, rows_repeated, column = False, 0, 1, 0
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(parts["content.xml"]), events=("start", "end")):
            tag = element.tag
            if tag == f"{_TABLE}table":
                inside = event == "start" and element.get(f"{_TABLE}name") == name
            elif tag == f"{_TABLE}table-row" and event == "start":
                rows_repeated, column = int(element.get(f"{_TABLE}number-rows-repeated") or 1), 0
            elif tag == f"{_TABLE}table-row":
                row += rows_repeated if inside else 0
                element.clear()
            elif inside and event == "end" and tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                repeated = int(element.get(f"{_TABLE}number-columns-repeated") or 1)
                formula = element.get(f"{_TABLE}formula")
                if element.get(f"{_OFFICE}value-type") or len(element) or formula:
                    _within_limits(row + rows_repeated, column + repeated)
                    if formula:
                        formulas.add((row + 1, column + 1))
                rows_spanned = int(element.get(f"{_TABLE}number-rows-spanned") or 1)
                columns_spanned = int(element.get(f"{_TABLE}number-columns-spanned") or 1)
                if rows_spanned > 1 or columns_spanned > 1:
                    merges.append((row + 1, column + 1, min(row + rows_spanned, MAX_ROWS),
                                   min(column + columns_spanned, MAX_COLUMNS)))
                column += repeated
                element.clear()
    except TableError:
        raise
    except (ElementTree.ParseError, ValueError) as error:
        raise TableError(f"its sheet cannot be read ({error})") from None
    return formulas, merges


def _within_limits(row: int, column: int) -> None:
    if row > MAX_ROWS or column > MAX_COLUMNS:
        raise TableError(f"has a value at row {row:,}, column {column:,}: past the {MAX_ROWS:,} rows and "
                         f"{MAX_COLUMNS} columns a sheet of sites may use; delete what stands below or right of the "
                         "sites", line=row if row <= MAX_ROWS else None)


def _column_index(letters: str) -> int:
    """"A" is 1, "AA" is 27."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index
