"""A spreadsheet of sites as rows of cells, whatever file it came from (CSV, .xlsx, .ods).

The readers (generator.packs.csvtext, generator.packs.workbook) give a Table; the sites reader
finds its header row and reads each row below it. A row keeps the number the spreadsheet shows
beside it (a CSV's line), so every problem can name it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from generator.packs.cells import Cell

MAX_ROWS = 20_000  # far more sites than any rollout: a sheet longer than this is refused, not read
MAX_COLUMNS = 100
MAX_FILE_BYTES = 20 * 1024 * 1024  # a sheet of 20,000 sites is about 3 MB
HEADER_SEARCH = 10  # the header may stand under a title and blank rows, among the first rows with content


class TableError(ValueError):
    """A file that cannot be read as a table of sites; line, when one row is the cause."""

    def __init__(self, message: str, line: int | None = None, sheet: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.sheet = sheet


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet numbers it: a CSV's line, a sheet's row
    cells: tuple[Cell, ...]

    @property
    def empty(self) -> bool:
        return not any(str(cell).strip() for cell in self.cells)


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    read_as: str  # how it was read, for an error about its header: "UTF-8, semicolons between columns"
    sheet: str | None = None  # of a workbook; None for a CSV file
    formulas: frozenset[tuple[int, int]] = field(default_factory=frozenset)  # (row number, column index)
    legacy_encoding: str | None = None  # a CSV decoded from a code page that may lack some letters


def header_index(rows: Sequence[Row], is_column: Callable[[str], bool]) -> int | None:
    """The index of the header row: among the first rows with content, the first that names
    the most known columns (a title above it names none); None when the table is empty."""
    filled = [index for index, row in enumerate(rows) if not row.empty][:HEADER_SEARCH]
    if not filled:
        return None
    known = [sum(is_column(column_name(cell)) for cell in rows[index].cells) for index in filled]
    best = max(known)
    return filled[known.index(best)] if best else filled[0]


def column_name(cell: Cell) -> str:
    """A header cell as a column's name: "Label:KK " is label:kk."""
    return str(cell).strip().lower()
