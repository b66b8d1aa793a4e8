"""`respack build --watch`: wait for the packs' files to change, and say which did.

An NGO edits a translation, saves, and looks at the preview: the build command builds
again at each change, in the same process and with the same worker processes, so only the
changed documents are rendered, by workers that have their imports, fonts and templates
loaded already.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Iterable
from pathlib import Path

from watchfiles import DefaultFilter, watch

from generator.model import Pack

QUIET_MS = 50  # an editor's save is several writes: the changes are taken once this long passes without one
READY_MS = 200  # the watcher reports this often that it runs, changes or not


def watched_folders(packs: Iterable[Pack]) -> list[Path]:
    """Everything a build reads that a person edits: content, layouts, the pack files' folders."""
    folders = {folder.resolve() for pack in packs
               for folder in (*pack.content.dirs, *pack.layouts.dirs, pack.path.parent) if folder.is_dir()}
    # A folder inside another one is watched with it.
    return sorted(f for f in folders if not any(f != other and f.is_relative_to(other) for other in folders))


class _InputFilter(DefaultFilter):
    """The default filter (version control, caches, editors' swap files), and not the output
    folder: a pack file's folder may hold it, and the build's own writes would start it again."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__()
        self.out_dir = out_dir.resolve()

    def __call__(self, change: object, path: str) -> bool:
        return not Path(path).is_relative_to(self.out_dir) and super().__call__(change, path)  # type: ignore[arg-type]


def changes(folders: list[Path], out_dir: Path, ready: Callable[[], None] = lambda: None,
            stop: threading.Event | None = None) -> Generator[list[Path], None, None]:
    """The files changed, each time some change; until Ctrl-C (KeyboardInterrupt), or until
    stop is set (a watch in a thread: `respack serve`).

    ready() is called once the folders are watched: a file saved before that is not seen.
    """
    announced = False
    for batch in watch(*folders, watch_filter=_InputFilter(out_dir), step=QUIET_MS, debounce=1000,
                       rust_timeout=READY_MS, yield_on_timeout=True, stop_event=stop):
        if not announced:
            ready()
            announced = True
        if batch:
            yield sorted({Path(path) for _, path in batch})
