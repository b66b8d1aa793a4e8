"""respack: print-ready help packs (leaflets, wallet cards, posters) from checked facts."""

from generator.installation import VERSION as __version__

__all__ = ["__version__", "main"]


def main() -> None:
    """The `respack` command. The command line is imported here, not above: every render
    worker imports the script that started it, and needs none of the command line (a
    quarter of a second of each worker's start). A Ctrl-C while it starts says so, in a line."""
    try:
        from generator.cli import main as command_line

        command_line()
    except KeyboardInterrupt:
        import sys

        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
