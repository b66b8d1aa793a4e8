"""`respack where`: which documents print a number or an address, page by page."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from generator.commands.build import say_waiting
from generator.write.landing import finish_landings
from generator.write.manifest import find_printed, key_of


@click.command("where")
@click.argument("number")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output"), show_default="output/ in the current folder",
              help="The output folder to look in, as given to build.")
def where_command(number: str, out_dir: Path) -> None:
    """Every document in the output folder that prints NUMBER (or an e-mail address) or
    encodes it in a QR code, with its page: the stock to recall when a number changes.

    Numbers are compared by their digits, however they are spaced: write them as printed,
    in international form (+7 7152 49 31 58) or as a short number (102).
    """
    console = Console(highlight=False, soft_wrap=True)
    if not key_of(number):
        raise click.BadParameter(f"{number!r} is neither a number nor an e-mail address", param_hint="NUMBER")
    if not out_dir.is_dir():
        raise click.BadParameter(f"no folder {str(out_dir)!r}: build first, or give the folder with --out",
                                 param_hint="--out")
    # A build stopped while its files landed: its manifest as it lands.
    finish_landings(out_dir, waiting=lambda folder, holder: say_waiting(Console(stderr=True), folder, holder))
    found = find_printed(out_dir, number)
    for hit in found:
        copies = f" (the same page in {', '.join(hit.copies)})" if hit.copies else ""
        console.print(escape(f"{hit.file} page {hit.page}: {hit.how} {hit.printed}{copies}"))
    documents = len({hit.file for hit in found})
    console.print(f"{number} is printed in {documents} document{'s' if documents != 1 else ''} in {out_dir}.",
                  style="bold")
    if not found:
        sys.exit(1)
