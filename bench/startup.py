"""How fast the command answers when it makes no document: `respack --version`, `--help`,
`list`, `where` (each in a fresh process)."""

from __future__ import annotations

from pathlib import Path

from measure import respack
from report import heading, line


def start_up(out: Path, runs: int) -> None:
    """out: the folder of a build, for `where`."""
    heading("Commands that make no document, fresh process; min / median / max")
    for args, target in ((("--version",), "target ≤ 0.15 s"), (("--help",), ""), (("list",), ""),
                         (("where", "102", "--out", str(out)), "")):
        runs_of = [respack(*args) for _ in range(runs)]
        name = f"respack {args[0]}"
        line(f"{name}: wall", [r.wall for r in runs_of], "s", target)
        line(f"  {name}: CPU time", [r.cpu for r in runs_of], "s")
