"""`respack check`: validate content, pack and layout files without rendering anything."""

from __future__ import annotations

import sys
from datetime import date

import click

from generator.commands.messages import prepare_fonts, print_problems
from generator.errors import RespackError, Severity


@click.command("check")
@click.argument("packs", nargs=-1)
@click.option("--release", is_flag=True, help="Refuse drafts and facts older than the freshness policy.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--all", "every", is_flag=True,
              help="Say again the warnings about the content installed with respack, said once per computer.")
def check_command(packs: tuple[str, ...], release: bool, strict: bool, every: bool) -> None:
    """Check PACKS (all bundled packs if none): every problem, with its file and line."""
    from rich.console import Console

    from generator.packs.load import load_packs
    from generator.packs.validate import validate_packs

    console = Console(stderr=True, highlight=False)
    prepare_fonts(console)  # the glyph check reads them
    try:
        problems = validate_packs(load_packs(packs), date.today(), release)
    except RespackError as error:
        problems = error.problems
    print_problems(console, problems, every)
    errors = [p for p in problems if p.severity is Severity.ERROR or strict]
    warnings = len(problems) - len([p for p in problems if p.severity is Severity.ERROR])
    console.print(f"{len(problems) - warnings} errors, {warnings} warnings.")
    if errors:
        sys.exit(1)
