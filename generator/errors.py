"""The one error type the tool raises for anything a user can fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong with an input file, said so a volunteer can find and fix it."""

    file: Path | str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    severity: str = "error"  # "error" or "warning"
    sheet: str | None = None  # of a workbook (a spreadsheet of sites): line is then the sheet's row

    @property
    def place(self) -> tuple[str, int]:
        """Where it is, to sort by: the file, then the line."""
        return str(self.file), self.line or 0

    def __str__(self) -> str:
        where = _relative(self.file)
        if self.sheet is not None:
            where += f", sheet {self.sheet!r}" + (f", row {self.line}" if self.line is not None else "")
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"


class RespackError(Exception):
    """Raised with one or more problems; the CLI prints them without a traceback."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(str(p) for p in self.problems))


def _relative(file: Path | str) -> str:
    """Paths as the user would type them: relative to the current folder when inside it."""
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd())) if path.is_absolute() else str(file)
    except ValueError:
        return str(file)
