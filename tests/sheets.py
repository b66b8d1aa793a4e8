"""The same sites saved as people save them: an .xlsx (openpyxl, as Excel writes it), an .ods
(OpenDocument, written here part by part, as LibreOffice lays it out), a CSV of a Russian-locale
Excel (semicolons, a byte order mark, dates as 20.11.2026) and a Windows-1251 CSV.

Each sheet has a title row and a blank row above its header, as NGOs' sheets often do, and dates
as date cells. Any cell may be given as a value of another type (a figure, a formula) to attack
the reader with.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

TITLE = "Clinics of the rollout (keep this sheet up to date)"


def as_cell(column: str, value: object) -> object:
    """A row's text as a spreadsheet holds it: the date of as_of as a date (a date it cannot
    read as one stays text, as in a spreadsheet)."""
    if column == "as_of" and isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def sheet_rows(rows: list[dict], columns: tuple[str, ...]) -> list[list[object]]:
    """A title, a blank row, the header, then the sites."""
    return [[TITLE], [], list(columns), *([as_cell(c, row.get(c, "")) for c in columns] for row in rows)]


def write_xlsx(path: Path, rows: list[dict], columns: tuple[str, ...], sheet: str = "Clinics",
               before: tuple[str, ...] = ("Notes",)) -> None:
    """A workbook whose sites are on the named sheet, after other sheets (a notes sheet first)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = before[0] if before else sheet
    for name in before[1:]:
        workbook.create_sheet(name)
    if before:
        workbook[before[0]]["A1"] = "Nothing about sites here"
    target = workbook[sheet] if sheet in workbook.sheetnames else workbook.create_sheet(sheet)
    for values in sheet_rows(rows, columns):
        target.append(values)
    for row in target.iter_rows():
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(cell.value, str) and not cell.value.startswith("="):
                cell.number_format = "@"  # a Text column, as the docs ask
    workbook.save(path)


def write_ods(path: Path, rows: list[dict], columns: tuple[str, ...], sheet: str = "Clinics",
              raw_rows: str = "") -> None:
    """An OpenDocument spreadsheet with one sheet; raw_rows: table rows of XML added at its end."""
    body = "".join(_ods_row(values) for values in sheet_rows(rows, columns))
    # LibreOffice ends a sheet with its empty rows, repeated to the sheet's last one.
    body += raw_rows + '<table:table-row table:number-rows-repeated="1048500"><table:table-cell ' \
                       'table:number-columns-repeated="1024"/></table:table-row>'
    write_ods_content(path, f'<table:table table:name={quoteattr(sheet)}>{body}</table:table>')


def write_ods_content(path: Path, tables: str, prologue: str = "") -> None:
    content = (f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
               f'<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>'
               '</office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


def _ods_row(values: list[object]) -> str:
    return f"<table:table-row>{''.join(ods_cell(value) for value in values)}</table:table-row>"


def ods_cell(value: object, repeated: int = 1) -> str:
    """A cell as LibreOffice writes it: a date, a figure, a formula (text starting with "="), or text."""
    repeat = f' table:number-columns-repeated="{repeated}"' if repeated > 1 else ""
    if isinstance(value, date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"{repeat}>'
                f'<text:p>{value:%d.%m.%Y}</text:p></table:table-cell>')
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"{repeat}>'
                f'<text:p>{value}</text:p></table:table-cell>')
    if isinstance(value, str) and value.startswith("="):
        return (f'<table:table-cell table:formula={quoteattr("of:" + value)} office:value-type="string" '
                f'office:string-value="x"{repeat}><text:p>x</text:p></table:table-cell>')
    if value in ("", None):
        return f"<table:table-cell{repeat}/>"
    return (f'<table:table-cell office:value-type="string"{repeat}><text:p>{escape(str(value))}</text:p>'
            "</table:table-cell>")


def write_russian_excel_csv(path: Path, rows: list[dict], columns: tuple[str, ...]) -> None:
    """As a Russian-locale Excel saves "CSV UTF-8": semicolons, a byte order mark, CRLF, dates
    day first with dots, and the title row above the header."""
    path.write_bytes(b"\xef\xbb\xbf" + _csv_text(rows, columns, ";").encode("utf-8"))


def write_windows_1251_csv(path: Path, rows: list[dict], columns: tuple[str, ...]) -> None:
    """As an older Excel saves "CSV (comma delimited)" in a Russian locale: Windows-1251."""
    path.write_bytes(_csv_text(rows, columns, ";").encode("cp1251"))


def _csv_text(rows: list[dict], columns: tuple[str, ...], separator: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    for values in sheet_rows(rows, columns):
        writer.writerow([f"{v:%d.%m.%Y}" if isinstance(v, date) else v for v in values])
    return buffer.getvalue()


def write_kept_xlsx(path: Path, rows: list[list[object]], merges: tuple[str, ...] = (), sheet: str = "Клиники") -> None:
    """A sheet as an NGO keeps it, rows as they stand from A1 (titles, notes, the header, the
    sites), with cells merged as Excel merges them ("K12:K13": the value in the first cell only)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    target = workbook.active
    target.title = sheet
    for values in rows:
        target.append(values)
    for cells in merges:
        first = target[cells.split(":")[0]].value
        target.merge_cells(cells)
        target[cells.split(":")[0]] = first
    for row in target.iter_rows():
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
    workbook.save(path)


def write_kept_ods(path: Path, rows: list[list[object]], merges: tuple[tuple[int, int, int], ...] = (),
                   sheet: str = "Клиники") -> None:
    """The same as LibreOffice saves it; merges: (row, column, rows spanned), 1-based, the
    covered cells written as covered-table-cell, as LibreOffice writes them."""
    spans = {(row, column): count for row, column, count in merges}
    covered = {(row + n, column) for row, column, count in merges for n in range(1, count)}
    body = ""
    for number, values in enumerate(rows, 1):
        cells = ""
        for column, value in enumerate(values, 1):
            if (number, column) in covered:
                cells += "<table:covered-table-cell/>"
            elif (number, column) in spans:
                cells += ods_cell(value).replace("<table:table-cell", "<table:table-cell table:number-rows-spanned="
                                                 f'"{spans[(number, column)]}"', 1)
            else:
                cells += ods_cell(value)
        body += f"<table:table-row>{cells}</table:table-row>"
    write_ods_content(path, f'<table:table table:name={quoteattr(sheet)}>{body}</table:table>')
