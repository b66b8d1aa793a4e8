"""A respack command running as a person starts it from a terminal, for the tests of the
commands that stay on (`build --watch`, `serve`): in its own process group, so that Ctrl-C
reaches it and its workers; every wait bounded.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from support import PACK, ROOT

RESPACK = Path(sys.executable).parent / "respack"
WAIT_S = 120  # for a build; a machine under load is slow, a hang is still caught
# A translation's wording: an English change would make the translations' units stale (an error).
OLD_TITLE = "Помощь при бытовом и сексуальном насилии"
NEW_TITLE = "Помощь при бытовом или сексуальном насилии"


class RunningCommand:
    """A running command, and the lines it has printed so far."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
        self.process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,  # a process group of its own, as a terminal's job
            # Ctrl-C as in a terminal, even when the tests run in the background (SIGINT ignored).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str) -> str:
        """The first line from now on that contains text."""
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        pytest.fail(f"no line with {text!r}; the command printed:\n" + "\n".join(self.seen))

    def quiet_for(self, seconds: float) -> list[str]:
        """The lines printed in the next seconds."""
        printed = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                printed.append(self.lines.get(timeout=left))
            except queue.Empty:
                break
        self.seen += printed
        return printed

    def stop(self) -> int:
        """Ctrl-C, as a terminal sends it: to the whole process group; the exit code, once
        everything printed is in seen."""
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            code = self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.reader.join(timeout=10)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code

    def kill(self) -> None:
        """The end of a test that did not stop it."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def project(root: Path) -> Path:
    """A copy of the content and layouts in root, and a pack file that names them."""
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    pack = root / f"{PACK}.yaml"
    bundled = (ROOT / "content" / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8")
    pack.write_text(bundled + "\ncontent_dir: content\nlayouts_dir: layouts\n", encoding="utf-8")
    return pack


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def session_processes(session: int) -> list[int]:
    """Processes still running in a session: the build's workers outlive a killed parent."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":  # fields: state, ppid, pgrp, session
            found.append(int(stat.parent.name))
    return found
