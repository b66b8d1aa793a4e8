"""respack: print-ready help packs (leaflets, wallet cards, posters) from checked facts."""

import os
from pathlib import Path

__version__ = "0.1.0"


def main() -> None:
    """The `respack` command. The command line is imported here, not above: every render
    worker imports the script that started it, and needs none of the command line (a
    quarter of a second of each worker's start)."""
    from generator.cli import main as command_line

    command_line()


def machine_cache(name: str) -> Path:
    """A folder of ~/.cache/respack (or $RESPACK_CACHE/respack): what is made once per machine."""
    base = os.environ.get("RESPACK_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "respack" / name
