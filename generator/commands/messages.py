"""What every command says the same way: problems, a wait for another build, the first run's fonts."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from generator.installation import is_installed, machine_cache

if TYPE_CHECKING:  # rich is imported by the command that prints: `respack --help` does not pay for it
    from rich.console import Console

    from generator.errors import Problem


def print_problems(console: Console, problems: list[Problem], every: bool = False) -> None:
    """Errors first, then warnings; each by file and line, as a volunteer goes through them.
    Problems alike but for their document (site, language, format) are said once, with the
    documents they are about counted (generator.errors.group_problems).

    Warnings about the content installed with respack (its drafts awaiting review) are nothing
    an NGO can act on: they are said once on a computer, then counted in one line (every: say
    them all the same)."""
    from rich.markup import escape

    from generator.errors import Severity, group_problems

    shown_before = [] if every else _said_before([p for p in problems if p.severity is Severity.WARNING
                                                  and is_installed(p.file)])
    told = sorted((p for p in problems if p not in shown_before),
                  key=lambda p: (p.severity is not Severity.ERROR, *p.place))
    for group in group_problems(told):
        colour = "red" if group.first.severity is Severity.ERROR else "yellow"
        console.print(f"[bold {colour}]{group.first.severity}:[/] {escape(str(group))}", soft_wrap=True)
    if shown_before:
        console.print(f"[yellow]{len(shown_before)} warnings about the content installed with respack, said before "
                      "(respack check --all shows them)[/]", soft_wrap=True)


def _said_before(warnings: list[Problem]) -> list[Problem]:
    """The warnings that this computer was told already; the others are remembered as told now."""
    record = machine_cache("said") / "installed-warnings.txt"
    try:
        said = set(record.read_text(encoding="utf-8").splitlines())
    except OSError:
        said = set()
    keys = [hashlib.sha256(str(problem).encode()).hexdigest()[:16] for problem in warnings]
    if not set(keys) <= said:
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text("\n".join(sorted(said | set(keys))) + "\n", encoding="utf-8")
        except OSError:
            return []  # nothing remembered: everything is said every time
    return [problem for problem, key in zip(warnings, keys) if key in said]


def say_waiting(console: Console, folder: Path, holder: int | None) -> None:
    """Another build writes into folder: this command waits for it."""
    process = f" (process {holder})" if holder else ""
    console.print(f"Waiting for another build writing into {folder}{process}…", soft_wrap=True, highlight=False,
                  markup=False)


def prepare_fonts(console: Console) -> None:
    """Make the print fonts now, saying so, when this computer has not made them yet: the first
    build would otherwise sit at "Building 0/?" for half a minute, with no word why."""
    from generator.render.fonts import fonts_ready, print_fonts

    if not fonts_ready():
        console.print("Preparing the print fonts, once for this computer (about half a minute)…")
        print_fonts()
