"""A spreadsheet of sites as rows of cells, whatever file it came from (CSV, .xlsx, .ods).

The readers (generator.tables.csvtext, generator.tables.workbook) give a Table; the sites reader
finds its header row and reads each row below it. A row keeps the number the spreadsheet shows
beside it (a CSV's line), so every problem can name it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from generator.tables.cells import Cell

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
    merges: tuple[tuple[int, int, int, int], ...] = ()  # of a workbook: (first row, column, last row, column)

    def covered(self, width: int) -> dict[tuple[int, int], tuple[tuple[int, int], str]]:
        """Each cell of the first `width` columns that a merge covers but does not start: its
        first cell, and the merged range as the spreadsheet names it ("D11:D12"). Only the first
        cell of a merge holds a value."""
        last_row = self.rows[-1].number if self.rows else 0
        found = {}
        for top, left, bottom, right in self.merges:
            said = f"{column_letters(left)}{top}:{column_letters(right)}{bottom}"
            for row in range(top, min(bottom, last_row) + 1):
                for column in range(left, min(right, width) + 1):
                    if (row, column) != (top, left):
                        found[(row, column)] = ((top, left), said)
        return found

    def cell(self, row: int, column: int) -> Cell:
        """The value at a sheet's row and column (1-based), "" where there is none."""
        found = next((r for r in self.rows if r.number == row), None)
        return found.cells[column - 1] if found and column <= len(found.cells) else ""


def header_index(rows: Sequence[Row], is_column: Callable[[str], bool]) -> int | None:
    """The index of the header row: among the first rows with content, the first that names
    the most known columns (a title or a note above it names none); None when the table is empty."""
    filled = [index for index, row in enumerate(rows) if not row.empty][:HEADER_SEARCH]
    if not filled:
        return None
    known = [sum(is_column(str(cell)) for cell in rows[index].cells) for index in filled]
    best = max(known)
    return filled[known.index(best)] if best else filled[0]


def column_letters(index: int) -> str:
    """A column as a spreadsheet names it: 1 is A, 27 is AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
