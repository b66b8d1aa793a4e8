"""The page images the preview makes when the page asks for them, in a process of their own.

PDFium (pypdfium2) is not thread-safe, not even for two documents: two threads in it at once
ended the server with a general protection fault in libpdfium. The server's build thread uses
it (a rollout's sheets are joined there), and the web app answers in threads of its own; so a
page is drawn by one worker process, kept for the next one, as the build's workers render.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from pathlib import Path

from generator.write.previews import page_png


class PageImages:
    """PNG images of PDF pages, drawn in one worker process started at the first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._stopped = False

    async def png(self, pdf: Path | bytes, page: int, dpi: float) -> bytes:
        """Page `page` (from 1) of a PDF on disk, or of one in memory (a document built whose
        files have not landed yet), as the build draws its previews."""
        try:
            return await asyncio.wrap_future(self._pool_now().submit(page_png, pdf, page, dpi))
        except BrokenExecutor:  # the process died (killed, out of memory): the next image starts another
            with self._lock:
                self._pool = None
            raise

    def stop(self) -> None:
        """End the process now; an image being drawn fails."""
        with self._lock:
            self._stopped = True
            pool, self._pool = self._pool, None
        if pool is not None:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                if process.is_alive():
                    process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)

    def _pool_now(self) -> ProcessPoolExecutor:
        import multiprocessing

        with self._lock:
            if self._stopped:
                raise BrokenExecutor("the server is stopping")
            if self._pool is None:
                # spawn: the server runs threads, which a fork does not carry over.
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_start)
            return self._pool


def _start() -> None:
    """Ctrl-C in the terminal reaches this process too: the server stops it, without a
    traceback. A server killed outright leaves it nobody to draw for: it ends too."""
    import multiprocessing

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True).start()


def _end_with(sentinel: int) -> None:
    import multiprocessing.connection

    multiprocessing.connection.wait([sentinel])
    os._exit(1)
