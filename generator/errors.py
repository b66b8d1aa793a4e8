"""The one error type the tool raises for anything a user can fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How grave a problem is: an error stops what it is found in, a warning is said and passes.
    Prints as its word ("error"), and equals it."""

    ERROR = "error"
    WARNING = "warning"


@dataclass
class Problem:
    """One thing wrong with an input file, said so a volunteer can find and fix it."""

    file: Path | str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR
    sheet: str | None = None  # of a workbook (a spreadsheet of sites): line is then the sheet's row
    site: str | None = None  # the document it is about (a site's, a language's, a format's), when one:
    language: str | None = None  # problems alike but for these are said once (group_problems)
    format: str | None = None
    kind: Enum | None = None  # what was found, when the stage that found it names it (a check's Kind)

    def __post_init__(self) -> None:
        self.severity = Severity(self.severity)  # "warning" as well as Severity.WARNING

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
        return f"{where}:{field} {self.document}{self.message}"

    @property
    def document(self) -> str:
        """"site shym-04: kk/wallet-card: ", the edition it is about, or nothing."""
        site = f"site {self.site}: " if self.site else ""
        edition = "/".join(part for part in (self.language, self.format) if part)
        return site + (f"{edition}: " if edition else "")

    @property
    def cause(self) -> tuple[object, ...]:
        """What problems alike share: severity, kind, file, sheet, field and sentence, not the document."""
        return self.severity, self.kind, str(self.file), self.sheet, self.field, self.message


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one cause in several documents (sites, languages, formats): said once."""

    first: Problem
    members: tuple[Problem, ...]

    def __str__(self) -> str:
        if len(self.members) == 1:
            return str(self.first)
        where = _relative(self.first.file) + (f", sheet {self.first.sheet!r}" if self.first.sheet is not None else "")
        field = f" [{self.first.field}]" if self.first.field else ""
        return f"{where}:{field} {self.first.message}\n    {self.which}"

    @property
    def which(self) -> str:
        """"in 80 documents: 20 sites (a … t, rows 2–21) × kk, ru × 2 formats (wallet-card, pocket-card)"."""
        documents = {(p.site, p.language, p.format) for p in self.members}
        sites = _ordered(p.site for p in self.members)
        languages = _ordered(p.language for p in self.members)
        formats = _ordered(p.format for p in self.members)
        rows = sorted({p.line for p in self.members if p.line is not None})
        parts = []
        if sites:
            named = ", ".join(sites) if len(sites) <= 3 else f"{sites[0]} … {sites[-1]}"
            lines = f"; {'rows' if self.first.sheet is not None else 'lines'} {_ranges(rows)}" if rows else ""
            parts.append(f"{len(sites)} site{'s' if len(sites) > 1 else ''} ({named}{lines})")
        if languages:
            parts.append(", ".join(languages))
        if formats:
            parts.append(", ".join(formats) if len(formats) == 1 else f"{len(formats)} formats ({', '.join(formats)})")
        whole = len(documents) == max(len(sites), 1) * max(len(languages), 1) * max(len(formats), 1)
        return f"in {len(documents)} documents: " + (" × ".join(parts) if whole else "; ".join(parts))


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems of several packs, each once (packs share content files), errors first."""
    unique = {(str(p), p.severity): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.severity is not Severity.ERROR, *p.place))


def group_problems(problems: list[Problem]) -> list[ProblemGroup]:
    """Problems alike but for their document, one group each, in the order first met; a problem
    about no document, or about one, stays as it is."""
    groups: dict[tuple[object, ...], list[Problem]] = {}
    for index, problem in enumerate(problems):
        alike = problem.site or problem.language or problem.format
        key = problem.cause if alike else (index,)
        groups.setdefault(key, []).append(problem)
    return [ProblemGroup(members[0], tuple(members)) for members in groups.values()]


class RespackError(Exception):
    """Raised with one or more problems; the CLI prints them without a traceback."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(str(p) for p in self.problems))


def _ordered(values: Iterable[str | None]) -> list[str]:
    return sorted({value for value in values if value})


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] as "2–4, 7"."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def _relative(file: Path | str) -> str:
    """Paths as the user would type them: relative to the current folder when inside it."""
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd())) if path.is_absolute() else str(file)
    except ValueError:
        return str(file)
