"""The `respack` command: one verb per module in generator/commands/, each imported only when
it is called (or when --help lists it), so `respack --version` answers at once and a command
pays only for the stages it uses."""

from __future__ import annotations

import importlib
import sys

import click

from generator.errors import RespackError
from generator.installation import VERSION

# Each verb, and where its click command is: "module:attribute".
COMMANDS = {
    "build": "generator.commands.build:build_command",
    "check": "generator.commands.check:check_command",
    "init": "generator.commands.init:init_command",
    "list": "generator.commands.list:list_command",
    "serve": "generator.commands.serve:serve_command",
    "translate": "generator.commands.translate:translate_command",
    "where": "generator.commands.where:where_command",
}


class RespackGroup(click.Group):
    """Loads a verb's module when it is called; turns the tool's own errors into short
    messages (--debug shows the traceback)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except RespackError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            from rich.console import Console

            from generator.commands.messages import print_problems

            print_problems(Console(stderr=True, highlight=False), error.problems, every=True)
            sys.exit(1)


@click.group(cls=RespackGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="respack")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Print-ready help packs: leaflets, wallet cards and posters with QR codes that scan."""
    ctx.obj = {"debug": debug}


def main() -> None:
    cli(prog_name="respack")
