"""`respack build --watch`: after the first build, every saved change is built again, and only
the documents that depend on it are; a broken file is reported and the watching goes on.

The command runs as a user starts it, in its own process group (Ctrl-C reaches it and its
workers), on a copy of the content and layouts named by a pack file, as an NGO's own pack
would name its folders.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from running import NEW_TITLE, OLD_TITLE, RESPACK, RunningCommand, edit, project, session_processes
from support import PACK, file_states, page_texts


class Watcher(RunningCommand):
    """A running `respack build --watch` of the wallet cards of a pack."""

    def __init__(self, pack: Path, out_dir: Path) -> None:
        super().__init__([str(RESPACK), "build", str(pack), "--out", str(out_dir), "--format", "wallet-card",
                          "--jobs", "2", "--watch"], cwd=pack.parent)


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
