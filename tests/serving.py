"""A running `respack serve`, as a person starts it, for the preview page's tests.

It serves a copy of the bundled content and layouts, named by a pack file of two wallet
cards (English, and the Russian draft), in its own process group (Ctrl-C reaches it as from
a terminal), on a free port of 127.0.0.1 only. Every wait is bounded.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from support import PACK, ROOT

RESPACK = Path(sys.executable).parent / "respack"
WAIT_S = 120  # for the first build on a loaded machine; a hang is still caught
UPDATE_S = 30  # for one rebuild after a save
RU_GUIDANCE = Path("content") / "kz" / "domestic-violence" / "ru.yaml"
# A translation's wording: an English change would make the translations' units stale (an error).
OLD_TITLE = "Помощь при бытовом и сексуальном насилии"
NEW_TITLE = "Помощь при бытовом или сексуальном насилии"
# The special police group's short name on the card, and one word too long for its column.
OLD_SHORT = 'short: "Полиция: защита женщин, Петропавловск"'
LONG_SHORT = 'short: "Полиция: ЗащитаЖенщинПетропавловскаСевероКазахстанскойОбласти"'


def serve_project(root: Path) -> Path:
    """A copy of the content and layouts in root, and a pack file that names them: the
    Kazakhstan pack's wallet card in English and Russian."""
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    bundled = (ROOT / "content" / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^languages: .*$", "languages: [en, ru]", bundled)
    text = re.sub(r"(?m)^formats: .*$", "formats: [wallet-card]", text)
    pack = root / "pack.yaml"
    pack.write_text(text + "\ncontent_dir: content\nlayouts_dir: layouts\n", encoding="utf-8")
    return pack


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


class PreviewServer:
    """`respack serve` of a project made by serve_project, and the lines it printed."""

    def __init__(self, root: Path, *options: str) -> None:
        self.root = root
        pack = serve_project(root)
        env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
        self.process = subprocess.Popen(
            [str(RESPACK), "serve", str(pack), "--port", "0", "--jobs", "1", *options],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,  # a process group of its own, as a terminal's job
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.lines: queue.Queue[str] = queue.Queue()
        self.printed: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.url = self._wait_for_line("Serving the preview on ").split(" on ", 1)[1].split()[0]
        self.client = httpx.Client(base_url=self.url, timeout=10)
        self.wait_state(lambda state: bool(state["documents"]) and not state["building"], WAIT_S)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def _wait_for_line(self, text: str) -> str:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.printed.append(line)
            if text in line:
                return line
        pytest.fail(f"no line with {text!r}; respack serve printed:\n" + "\n".join(self.printed))

    @property
    def guidance(self) -> Path:
        return self.root / RU_GUIDANCE

    def state(self) -> dict[str, Any]:
        return self.client.get("/api/state").json()

    def document(self, state: dict[str, Any], ident: str) -> dict[str, Any]:
        return next(d for d in state["documents"] if d["id"] == ident)

    def wait_state(self, ready: Callable[[dict[str, Any]], bool], timeout: float = UPDATE_S) -> dict[str, Any]:
        """The first state for which ready() is true, polled."""
        deadline = time.monotonic() + timeout
        state: dict[str, Any] = {}
        while time.monotonic() < deadline:
            state = self.state()
            if ready(state):
                return state
            time.sleep(0.2)
        pytest.fail(f"the page's state never became ready in {timeout} s; the last:\n{state}")

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as a terminal sends it: the exit code and everything printed."""
        self.client.close()
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            code = self.process.wait(timeout=30)
        finally:
            self.kill()
        self.reader.join(timeout=10)
        while not self.lines.empty():
            self.printed.append(self.lines.get())
        return code, "\n".join(self.printed)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
