"""The `respack` command: one verb per module in generator/commands/."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.markup import escape

from generator.commands.build import build_command
from generator.commands.check import check_command
from generator.commands.init import init_command
from generator.commands.list import list_command
from generator.commands.serve import serve_command
from generator.commands.translate import translate_command
from generator.commands.where import where_command
from generator.errors import RespackError
from generator.installation import VERSION

console = Console(stderr=True, highlight=False)


class RespackGroup(click.Group):
    """Turns the tool's own errors into short messages; --debug shows the traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except RespackError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            for problem in sorted(error.problems, key=lambda p: p.place):
                console.print(f"[bold red]error:[/] {escape(str(problem))}", soft_wrap=True)
            sys.exit(1)


@click.group(cls=RespackGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="respack")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Print-ready help packs: leaflets, wallet cards and posters with QR codes that scan."""
    ctx.obj = {"debug": debug}


cli.add_command(build_command)
cli.add_command(check_command)
cli.add_command(init_command)
cli.add_command(list_command)
cli.add_command(serve_command)
cli.add_command(translate_command)
cli.add_command(where_command)


def main() -> None:
    cli(prog_name="respack")
