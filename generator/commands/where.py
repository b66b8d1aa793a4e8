"""`respack where`: which documents print a number or an address, page by page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.messages import say_waiting


@click.command("where")
@click.argument("number", nargs=-1, required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output"), show_default="output/ in the current folder",
              help="The output folder to look in, as given to build.")
def where_command(number: tuple[str, ...], out_dir: Path) -> None:
    """Every document in the output folder that prints NUMBER (or an e-mail address) or
    encodes it in a QR code, with its page: the stock to recall when a number changes.

    Write the number as you like: with spaces or none, with brackets and hyphens, in
    international form (+7 701 555 12 34) or as the pack's country dials it at home
    (8 701 555 12 34), or a short number (102).
    """
    from rich.console import Console
    from rich.markup import escape

    from generator.write.landing import finish_landings
    from generator.write.manifest import find_printed, key_of

    console = Console(highlight=False, soft_wrap=True)
    query = " ".join(number)
    if not key_of(query):
        raise click.BadParameter(f"{query!r} is neither a number nor an e-mail address", param_hint="NUMBER")
    if not out_dir.is_dir():
        raise click.BadParameter(f"no folder {str(out_dir)!r}: build first, or give the folder with --out",
                                 param_hint="--out")
    # A build stopped while its files landed: its manifest as it lands.
    finish_landings(out_dir, waiting=lambda folder, holder: say_waiting(Console(stderr=True), folder, holder))
    found = find_printed(out_dir, query)
    for hit in found:
        copies = f" (the same page in {', '.join(hit.copies)})" if hit.copies else ""
        older = " [an older file: the pack no longer makes it]" if hit.older else ""
        console.print(escape(f"{hit.file} page {hit.page}: {hit.how} {hit.printed}{copies}{older}"))
    current = len({hit.file for hit in found if not hit.older})
    older_files = len({hit.file for hit in found if hit.older})
    console.print(f"{query} is printed in {current} document{'s' if current != 1 else ''} in {out_dir}"
                  + (f", and in {older_files} older file{'s' if older_files != 1 else ''} that the packs no "
                     "longer make (respack build --clean removes them)" if older_files else "") + ".", style="bold")
    if not found:
        sys.exit(1)
