"""`respack build`: render, check and write the packs' PDFs and previews."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.commands.messages import prepare_fonts, print_problems, say_waiting
from generator.errors import Problem, RespackError
from generator.model import PRINT_VARIANTS

if TYPE_CHECKING:  # imported when building: `--help`, `check` and `list` do not pay for it
    from rich.console import Console
    from rich.progress import Progress, TaskID
    from rich.table import Table

    from generator.check.findings import Finding
    from generator.model import Edition, Pack
    from generator.pipeline import BuiltDocument, Finishing, Listener, Workers
    from generator.write.files import WrittenFile
else:  # CommandListener is a pipeline Listener to the type checker; at run time its base is
    Listener = object  # object, and the pipeline is imported when a build runs, not for `--help`


def build_options(command: Callable[..., None]) -> Callable[..., None]:
    """What to build, where, in how many processes: the options of `build` and `serve`."""
    options = [
        click.option("--lang", "languages", multiple=True, metavar="CODE", help="Only this language (repeatable)."),
        click.option("--format", "formats", multiple=True, metavar="NAME", help="Only this format (repeatable)."),
        click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
                     show_default="output/ in the current folder", help="Where the files land."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, show_default="number of CPUs",
                     help="Documents rendered at once, each in its own process (1: no extra processes)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.command("build")
@click.argument("packs", nargs=-1)
@build_options
@click.option("--force", is_flag=True, help="Rebuild every document, even those whose inputs are unchanged.")
@click.option("--clean", is_flag=True,
              help="Remove the files of documents the packs no longer make (a language, a format or a site removed).")
@click.option("--watch", is_flag=True,
              help="After the build, build again whenever a content, layout or pack file changes (Ctrl-C stops).")
@click.option("--print-shop", is_flag=True,
              help="Also write <format>.print.pdf: CMYK, 3 mm bleed, crop marks, TrimBox and BleedBox, PDF/X-4.")
@click.option("--pdf-variant", type=click.Choice(PRINT_VARIANTS), default=None,
              help="The PDF variant of the print-shop files (default pdf/x-4).")
def build_command(packs: tuple[str, ...], languages: tuple[str, ...], formats: tuple[str, ...],
                  out_dir: Path, jobs: int | None, force: bool, clean: bool, watch: bool, print_shop: bool,
                  pdf_variant: str | None) -> None:
    """Build PACKS (names of bundled packs or paths to pack files; all bundled packs if none).

    A document whose inputs (content, pack, layouts, fonts, the tool itself) are unchanged
    since its files were written is skipped and shown as unchanged.
    """
    from rich.console import Console

    from generator.pipeline import Finishing, Workers, default_jobs, stop_now

    signal.signal(signal.SIGTERM, stop_now)  # remove a half-written file, exit 143
    # Nothing printed is guessed at: a content's ":word:" is not read as an emoji code, nor
    # its numbers coloured as Python values (five warnings printed in 1 ms instead of 5).
    console = Console(stderr=True, highlight=False, emoji=False)
    request = Request(packs, languages, formats, out_dir,
                      Finishing(print_shop=print_shop or bool(pdf_variant), pdf_variant=pdf_variant or ""), clean)
    prepare_fonts(console)
    with Workers(jobs or default_jobs()) as workers:
        try:
            shown: set[str] = set()
            loaded, ok = first_build(console, request, workers, force, watch, shown)
            if watch:
                rebuild_on_change(console, request, workers, loaded, shown)
        except BaseException as error:  # a broken pool: Ctrl-C reaches the workers too, sometimes first
            if not isinstance(error, KeyboardInterrupt) and not _pool_broken(error):
                raise
            console.print("Interrupted: nothing more was written; the previous files are as they were.")
            sys.exit(130)
    if not ok and not watch:
        sys.exit(1)


def _pool_broken(error: BaseException) -> bool:
    """Whether error is a worker pool's (concurrent.futures.BrokenExecutor): the pool is imported
    when an error is asked about, not by a build with nothing to render."""
    from concurrent.futures import BrokenExecutor

    return isinstance(error, BrokenExecutor)


@dataclass(frozen=True)
class Request:
    """What the command line asks to build."""

    packs: tuple[str, ...]
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    out_dir: Path
    finishing: Finishing
    clean: bool = False  # remove the files of documents the packs no longer make


def first_build(console: Console, request: Request, workers: Workers, force: bool, watch: bool,
                shown: set[str]) -> tuple[list[Pack], bool]:
    """build_once. Under --watch, a mistake in the content is reported and its fix awaited,
    unless loading the packs finds it: then there is nothing to watch."""
    from generator.packs.load import load_packs

    try:
        return build_once(console, request, workers, force=force, shown=shown)
    except RespackError as error:
        if not watch:
            raise
        try:
            packs = load_packs(request.packs)
        except RespackError:
            raise error from None
        print_problems(console, error.problems)
        return packs, False


def build_once(console: Console, request: Request, workers: Workers, force: bool = False,
               summary: bool = True, shown: set[str] | None = None) -> tuple[list[Pack], bool]:
    """generator.pipeline.build, with a progress bar and a table; the packs, and whether every
    document passed its check.

    A problem in the content raises RespackError, and nothing is written. shown: warnings
    printed by earlier builds, not printed again.
    """
    from rich.console import Console

    from generator.pipeline import build

    start = time.perf_counter()
    listener = CommandListener(console, shown if shown is not None else set())
    try:
        result = build(request.packs, request.languages, request.formats, request.out_dir, force=force,
                       finishing=request.finishing, workers=workers, clean=request.clean, listener=listener)
    finally:
        listener.stop()
    listener.warnings(listener.documents_warnings)  # once every document is built: alike, said once
    built = result.documents
    if summary:
        Console(highlight=False, emoji=False).print(_summary(built, request.out_dir))
    else:
        rebuilt = [str(b.edition.relative_path) for b in built if not b.unchanged]
        took = time.perf_counter() - start
        Console(emoji=False).print(f"Rebuilt {len(rebuilt)} of {len(built)} documents in {took:.1f} s"
                                   + (f": {', '.join(rebuilt)}" if rebuilt else ""), soft_wrap=True, highlight=False)
    print_document_problems(console, result.failed)
    if result.failed:
        console.print(f"{len(result.failed)} of {len(built)} documents failed their check; "
                      "their previous files, if any, are unchanged.")
    return result.packs, not result.failed


class CommandListener(Listener):
    """A generator.pipeline.Listener: prints the content's warnings (each once under --watch), keeps the
    documents' warnings for the end of the build, and moves the progress bar, shown while documents
    are rendered (a build with nothing to render shows none, and does not import it)."""

    def __init__(self, console: Console, shown: set[str]) -> None:
        self.console, self.shown = console, shown
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.planned_count: int | None = None
        self.done = 0  # documents built or found unchanged
        self.documents_warnings: list[Problem] = []  # said when the build is done, alike ones once

    def warnings(self, problems: list[Problem]) -> None:
        new = [p for p in problems if str(p) not in self.shown]
        print_problems(self.console, new)
        self.shown.update(map(str, new))

    def planned(self, editions: list[Edition]) -> None:
        self.planned_count = len(editions)

    def rendering(self, documents: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        self.progress = Progress(*columns, console=self.console, transient=True)
        self.task = self.progress.add_task("Building", total=self.planned_count, completed=self.done)
        self.progress.start()

    def built(self, document: BuiltDocument) -> None:
        self.documents_warnings += [about(document, warning) for warning in document.warnings]
        self.done += 1
        if self.progress is not None and self.task is not None:
            verb = "Unchanged" if document.unchanged else "Built"
            self.progress.update(self.task, advance=1, description=f"{verb} {document.edition.relative_path}")

    def stop(self) -> None:
        """The bar taken off the screen, once the build is done or stopped."""
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def waiting(self, folder: Path, holder: int | None) -> None:
        say_waiting(self.console, folder, holder)


def print_document_problems(console: Console, failed: list[BuiltDocument]) -> None:
    """What failed documents failed at: a cause met in one document at its file, as ever; one met
    in several, once, with how many and which (generator.errors.group_problems)."""
    from rich.markup import escape

    from generator.errors import group_problems

    paths: dict[tuple[str | None, str | None, str | None], Path] = {
        (d.edition.site.id if d.edition.site else None, d.edition.language, d.edition.format): d.edition.relative_path
        for d in failed}
    for group in group_problems([about(document, problem) for document in failed if document.report
                                 for problem in document.report.problems]):
        first = group.first
        said = str(group) if len(group.members) > 1 else \
            f"{paths[first.site, first.language, first.format]}: {first.message}"
        console.print(f"[bold red]error:[/] {escape(said)}", soft_wrap=True)


def about(document: BuiltDocument, finding: Finding) -> Problem:
    """What a check found in a built document, said at its pack with its site, language and format."""
    edition = document.edition
    return Problem(edition.pack.name, str(finding), severity=finding.severity, kind=finding.kind,
                   site=edition.site.id if edition.site else None, language=edition.language, format=edition.format)


def rebuild_on_change(console: Console, request: Request, workers: Workers, packs: list[Pack],
                      shown: set[str]) -> None:
    """Build again at every change of the packs' files, until Ctrl-C while waiting. A problem
    is reported and the watching goes on: the next save may fix it."""
    from generator.serve.watch import changes, watched_folders

    folders = watched_folders(packs)
    waiting = changes(folders, request.out_dir, ready=lambda: console.print(
        f"Watching {', '.join(map(str, folders))} for changes (Ctrl-C to stop).", soft_wrap=True))
    while True:
        try:
            changed = next(waiting)
        except KeyboardInterrupt:
            console.print("Stopped watching.")
            return
        console.print(f"Changed: {', '.join(map(str, changed))}", soft_wrap=True)
        try:
            packs, _ = build_once(console, request, workers, summary=False, shown=shown)
        except RespackError as error:
            print_problems(console, error.problems)
            continue
        if watched_folders(packs) != folders:  # a pack file now names other folders
            waiting.close()
            return rebuild_on_change(console, request, workers, packs, shown)


ROWS_PER_ROLLOUT = 20  # a rollout of more sites' cards is one row of the summary, not a row per site


@dataclass
class Rollout:
    """A row of the summary for every site's card of one pack, language and format."""

    first: BuiltDocument
    cards: int = 0
    pages: int = 0
    size: int = 0
    verified: int = 0
    unchanged: int = 0
    failed: int = 0
    print_cards: int = 0  # their print-shop files, each variant's
    print_pages: int = 0
    print_size: int = 0

    def add(self, document: BuiltDocument) -> None:
        pdf, report = document.pdf, document.report
        self.cards += 1
        self.pages += document.pages
        self.size += pdf.size if pdf else 0
        self.unchanged += document.unchanged
        self.failed += not document.ok
        self.verified += report.qr_count if report is not None and document.ok else 0
        for file in _print_files(document):
            self.print_cards += 1
            self.print_pages += file.pages or 0
            self.print_size += file.size


def _rollout_of(document: BuiltDocument) -> tuple[str, str, str] | None:
    edition = document.edition
    return (edition.pack.name, edition.language, edition.format) if edition.site is not None else None


def _print_files(document: BuiltDocument) -> list[WrittenFile]:
    """A document's print-shop files, each variant's (their job sheets are not listed)."""
    from generator.write.jobsheet import is_print_file

    return [file for file in document.files
            if file.path.suffix == ".pdf" and is_print_file(file.path.name, document.edition.format)]


def _summary(built: list[BuiltDocument], out_dir: Path) -> Table:
    """A row for each document and its print-shop files; a rollout of more than
    ROWS_PER_ROLLOUT sites' cards in one row (5,000 rows took 20 MB to lay out, and nobody reads them)."""
    from rich.table import Table

    unchanged = sum(document.unchanged for document in built)
    title = f"Built into {out_dir}" + (f" ({unchanged} of {len(built)} unchanged)" if unchanged else "")
    table = Table(title=title, title_justify="left")
    table.add_column("file", no_wrap=True)
    for column in ("pages", "size", "QR codes verified"):
        table.add_column(column, justify="right")
    table.add_column("translation")
    sizes: dict[tuple[str, str, str], int] = {}
    for document in built:
        rollout = _rollout_of(document)
        if rollout is not None:
            sizes[rollout] = sizes.get(rollout, 0) + 1
    rows: list[BuiltDocument | Rollout] = []  # in the order of the documents: a rollout at its first card
    rollouts: dict[tuple[str, str, str], Rollout] = {}
    for document in built:
        rollout = _rollout_of(document)
        if rollout is not None and sizes[rollout] > ROWS_PER_ROLLOUT:
            if rollout not in rollouts:
                rows.append(rollouts.setdefault(rollout, Rollout(document)))
            rollouts[rollout].add(document)
        else:
            rows.append(document)
    for row in rows:
        if isinstance(row, Rollout):
            _add_rollout(table, row)
        else:
            _add_document(table, row)
    return table


def _add_document(table: Table, document: BuiltDocument) -> None:
    """The document's row, and its print-shop files'."""
    pdf = document.pdf
    report = document.report
    if report is None:
        verified = "[dim]unchanged[/]"
    else:
        verified = "[red]failed[/]" if report.problems else str(report.qr_count)
    table.add_row(str(document.edition.relative_path), str(document.pages),
                  f"{pdf.size / 1024:.0f} KB" if pdf else "not written", verified, _translation(document))
    for file in _print_files(document):
        table.add_row(f"  {document.edition.pack.name}/{file.path.as_posix()}", str(file.pages or ""),
                      f"{file.size / 1024:.0f} KB", "[dim]print shop[/]", "")


def _add_rollout(table: Table, rollout: Rollout) -> None:
    """One row for every site's card of the rollout, and one for their print-shop files."""
    edition = rollout.first.edition
    if rollout.unchanged == rollout.cards:
        verified = "[dim]unchanged[/]"
    else:
        verified = f"{rollout.verified:,}" + (f" ({rollout.unchanged:,} unchanged)" if rollout.unchanged else "")
    if rollout.failed:
        verified = f"[red]{rollout.failed:,} failed[/], {verified}"
    table.add_row(f"{rollout.cards:,} site cards of {edition.pack.name}/{edition.language}/{edition.format}",
                  f"{rollout.pages:,}", _size(rollout.size), verified, _translation(rollout.first))
    if rollout.print_cards:
        table.add_row(f"  {rollout.print_cards:,} print-shop cards", f"{rollout.print_pages:,}",
                      _size(rollout.print_size), "[dim]print shop[/]", "")


def _translation(document: BuiltDocument) -> str:
    status = document.edition.guidance.status
    return "[yellow]draft: review[/]" if document.edition.is_draft else "reviewed" if status == "draft" else status


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
