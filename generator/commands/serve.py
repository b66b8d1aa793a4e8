"""`respack serve`: a live preview page of a pack's documents, for the people who make it."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.build import build_options


@click.command("serve")
@click.argument("pack", required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; the default is this computer only.")
@click.option("--allow-host", "allowed", multiple=True, metavar="NAME",
              help="Answer requests for this name too (a DNS alias, a proxy's name); repeat for more. "
                   "The server answers localhost, 127.0.0.1, [::1] and the --host address; with --host 0.0.0.0, "
                   "also this computer's names and IP addresses.")
@build_options
def serve_command(pack: str | None, port: int, host: str, allowed: tuple[str, ...], languages: tuple[str, ...],
                  formats: tuple[str, ...], out_dir: Path, jobs: int | None) -> None:
    """Show PACK's documents in a web browser, and build them again at each save (Ctrl-C stops).

    PACK is a bundled pack's name or a path to a pack file; every bundled pack if none.
    """
    from rich.console import Console

    from generator.packs.load import load_packs
    from generator.pipeline import default_jobs
    from generator.serve.server import LOOPBACK, Preview, serve

    console = Console(stderr=True, highlight=False)
    names = (pack,) if pack else ()
    packs = load_packs(names)  # a pack file that does not load is reported here: there is nothing to watch
    if host not in LOOPBACK:
        console.print(f"[bold yellow]warning:[/] listening on {host}: other computers on the network can see "
                      "the pack's documents; the default, 127.0.0.1, is this computer only.", soft_wrap=True)
    preview = Preview(names, out_dir, languages, formats, jobs or default_jobs())
    serve(preview, packs, host, port,
          ready=lambda url: console.print(f"Serving the preview on {url} (Ctrl-C to stop)", soft_wrap=True),
          extra_hosts=allowed)
    console.print("Stopped.")
