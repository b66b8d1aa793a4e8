"""`respack build`: render, check and write the packs' PDFs and previews."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from typing import TYPE_CHECKING

from generator.commands.check import print_problems
from generator.errors import RespackError
from generator.load import ROOT, load_packs
from generator.validate import validate_packs

if TYPE_CHECKING:  # the pipeline imports WeasyPrint (a second): only `build` pays for it
    from generator.pipeline import BuiltDocument


@click.command("build")
@click.argument("packs", nargs=-1)
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Only this language (repeatable).")
@click.option("--format", "formats", multiple=True, metavar="NAME", help="Only this format (repeatable).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=ROOT / "output", show_default="output/", help="Where the files land.")
def build_command(packs: tuple[str, ...], languages: tuple[str, ...], formats: tuple[str, ...],
                  out_dir: Path) -> None:
    """Build PACKS (names of bundled packs or paths to pack files; all bundled packs if none)."""
    from generator.pipeline import build
    from generator.plan import plan_editions

    console = Console(stderr=True)
    loaded = load_packs(packs)
    problems = validate_packs(loaded, date.today())
    print_problems(console, [p for p in problems if p.severity == "warning"])
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise RespackError(errors)  # nothing is written when the content has an error
    editions = plan_editions(loaded, languages, formats)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Building", total=len(editions))

        def advance(edition) -> None:  # type: ignore[no-untyped-def]
            progress.update(task, advance=1, description=f"Built {edition.relative_path}")

        built = build(editions, out_dir, advance)
    Console().print(_summary(built, out_dir))
    failed = [b for b in built if not b.ok]
    for document in failed:
        for problem in document.report.problems:
            console.print(f"[bold red]error:[/] {document.edition.relative_path}: {problem}")
    if failed:
        console.print(f"{len(failed)} of {len(built)} documents failed their check; "
                      "their previous files, if any, are unchanged.")
        sys.exit(1)


def _summary(built: list[BuiltDocument], out_dir: Path) -> Table:
    table = Table(title=f"Built into {out_dir}", title_justify="left")
    table.add_column("file", no_wrap=True)
    for column in ("pages", "size", "QR codes verified"):
        table.add_column(column, justify="right")
    table.add_column("translation")
    for document in built:
        pdf = next((f for f in document.files if f.path.suffix == ".pdf"), None)
        status = document.edition.guidance.status
        table.add_row(
            str(document.edition.relative_path),
            str(len(document.report.pages)),
            f"{pdf.size / 1024:.0f} KB" if pdf else "not written",
            str(document.report.qr_count) if document.ok else "[red]failed[/]",
            "[yellow]draft: review[/]" if status == "draft" else status,
        )
    return table
