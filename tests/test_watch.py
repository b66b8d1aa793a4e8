"""`respack build --watch`: after the first build, every saved change is built again, and only
the documents that depend on it are; a broken file is reported and the watching goes on.

The command runs as a user starts it, in its own process group (Ctrl-C reaches it and its
workers), on a copy of the content and layouts named by a pack file, as an NGO's own pack
would name its folders.
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
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import PACK, ROOT, page_texts, session_processes
from test_incremental import file_states

RESPACK = Path(sys.executable).parent / "respack"
WAIT_S = 120  # for a build; a machine under load is slow, a hang is still caught
# A translation's wording: an English change would make the translations' units stale (an error).
OLD_TITLE = "Помощь при бытовом и сексуальном насилии"
NEW_TITLE = "Помощь при бытовом или сексуальном насилии"


class Watcher:
    """A running `respack build --watch`, and the lines it has printed so far."""

    def __init__(self, pack: Path, out_dir: Path) -> None:
        env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
        self.process = subprocess.Popen(
            [str(RESPACK), "build", str(pack), "--out", str(out_dir), "--format", "wallet-card",
             "--jobs", "2", "--watch"],
            cwd=pack.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
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


def project(root: Path) -> Path:
    """A copy of the content and layouts in root, and a pack file that names them."""
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    pack = root / f"{PACK}.yaml"
    bundled = (ROOT / "content" / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8")
    pack.write_text(bundled + "\ncontent_dir: content\nlayouts_dir: layouts\n", encoding="utf-8")
    return pack


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Watcher, Path, Path]]:
    root = tmp_path_factory.mktemp("watched")
    pack = project(root)
    out_dir = root / "output"
    watcher = Watcher(pack, out_dir)
    try:
        watcher.wait_for("Watching")
        yield watcher, root, out_dir
    finally:
        if watcher.process.poll() is None:
            os.killpg(watcher.process.pid, signal.SIGKILL)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_first_build_writes_every_card(watched):
    _, _, out_dir = watched
    for language in ("en", "ru", "kk"):
        assert (out_dir / PACK / language / "wallet-card.pdf").is_file()


def test_a_changed_language_is_rebuilt_alone(watched):
    watcher, root, out_dir = watched
    before = file_states(out_dir / PACK)
    edit(root / "content" / "kz" / "domestic-violence" / "ru.yaml", OLD_TITLE, NEW_TITLE)
    line = watcher.wait_for("Rebuilt")
    assert "Rebuilt 1 of 3 documents" in line and "kazakhstan/ru/wallet-card.pdf" in line, line

    front = page_texts((out_dir / PACK / "ru" / "wallet-card.pdf").read_bytes())[0]
    assert NEW_TITLE in " ".join(front.split())
    after = file_states(out_dir / PACK)
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed and all(path.startswith("ru/") or path == "manifest.json" for path in changed), changed
    # The output folder is inside the pack file's folder: the build's own writes start nothing.
    assert not [line for line in watcher.quiet_for(2) if "Changed" in line or "Rebuilt" in line], watcher.seen


def test_a_broken_file_is_reported_and_the_watching_goes_on(watched):
    watcher, root, out_dir = watched
    guidance = root / "content" / "kz" / "domestic-violence" / "ru.yaml"
    before = file_states(out_dir / PACK)
    good = guidance.read_text(encoding="utf-8")
    guidance.write_text(good.replace("status: draft", "status: [draft"), encoding="utf-8")
    error = watcher.wait_for("error:")
    assert "ru.yaml:" in error, error
    assert file_states(out_dir / PACK) == before  # nothing written

    guidance.write_text(good, encoding="utf-8")
    line = watcher.wait_for("Rebuilt")
    assert "Rebuilt 0 of 3 documents" in line, line  # the same content as before the mistake


def test_ctrl_c_stops_watching(watched):
    watcher, _, _ = watched
    watcher.quiet_for(1)  # waiting, not finishing a rebuild: that Ctrl-C would be an interruption
    code = watcher.stop()
    printed = "\n".join(watcher.seen)
    assert code == 0, printed
    assert printed.endswith("Stopped watching."), printed
    assert "Traceback" not in printed
    deadline = time.monotonic() + 10
    while session_processes(watcher.process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not session_processes(watcher.process.pid), "worker processes outlived the command"


def test_a_mistake_in_the_first_build_is_watched_until_fixed(tmp_path):
    """A layout with a syntax error: the first build reports it and writes nothing, and the
    watching starts all the same; the save that fixes it builds every document."""
    pack = project(tmp_path)
    template = tmp_path / "layouts" / "wallet-card" / "template.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{% endblock %}", "{% endblok %}", 1), encoding="utf-8")
    watcher = Watcher(pack, tmp_path / "output")
    try:
        error = watcher.wait_for("error:")
        assert "wallet-card/template.html:" in error, error
        watcher.wait_for("Watching")
        assert not (tmp_path / "output" / PACK).exists(), "a build with an error wrote files"
        template.write_text(good, encoding="utf-8")
        line = watcher.wait_for("Rebuilt")
        assert "Rebuilt 3 of 3 documents" in line, line
        watcher.quiet_for(1)  # back to waiting: Ctrl-C in the middle of a build is an interruption
        assert watcher.stop() == 0, "\n".join(watcher.seen)
    finally:
        if watcher.process.poll() is None:
            os.killpg(watcher.process.pid, signal.SIGKILL)
