"""An interrupted build never leaves a damaged file where a good one was.

The bundled pack is built once (English, every format). Then a pack whose first step says
something else, so every document would change, is built into a copy of that output and
interrupted: killed after a delay, or stopped while it is in the middle of writing a
file (tests/bad_inputs/_hooks/sitecustomize.py makes os.fsync slow and says when it starts).
Afterwards every file must be the old one or a complete new one, manifest.json must be valid
JSON, and the next build must bring the folder back to a consistent state.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from running import session_processes
from support import RESPACK, ROOT, manifest_problems, output_of, pdf_text, respack_env, snapshot

PACK = "kazakhstan"
NEW_FIRST_STEP = "Interrupted-build test: call {contact:police} for the police, {contact:ambulance} for an ambulance."
NEW_FIRST_STEP_PRINTED = "Interrupted-build test: call 102 for the police, 103 for an ambulance."
# The hidden files of a build that SIGKILL leaves: write_temporary's (.<name>.<pid>.<random>.tmp), the
# lock on the pack's folder and the journal of a landing (generator.write.landing).
TEMPORARY = re.compile(r"^\.(.+\.tmp|build\.lock|landing\.json)$")
KILL_DELAYS_S = (0.5, 1.5, 3.0)  # start-up, rendering, writing (about 6 s for the whole build)
ORPHAN_GRACE_S = 5.0
SLOW_FSYNC_S = 1.5  # long enough to signal the build while it sleeps in os.fsync
WAIT_S = 120


@pytest.fixture(scope="module")
def base_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled pack in English, every format: the good output an interrupted build must not damage."""
    out = tmp_path_factory.mktemp("base")
    result = subprocess.run([str(RESPACK), "build", PACK, "--lang", "en", "--out", str(out)], cwd=ROOT,
                            env=respack_env(), capture_output=True, text=True, timeout=WAIT_S, check=False)
    assert result.returncode == 0, output_of(result)
    assert {p.name for p in (out / PACK / "en").glob("*.pdf")} == {
        "leaflet.pdf", "wallet-card.pdf", "wallet-card-sheet.pdf", "poster.pdf", "phone.pdf"}
    return out


@pytest.fixture(scope="module")
def changed_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same pack with another first step: a build of it changes every document."""
    folder = tmp_path_factory.mktemp("changed-pack")
    guidance = (ROOT / "content" / "kz" / "domestic-violence" / "en.yaml").read_text(encoding="utf-8")
    changed, count = re.subn(r"(?m)^first_step: .*$", f'first_step: "{NEW_FIRST_STEP}"', guidance)
    assert count == 1, "en.yaml has no first_step line to change"
    target = folder / "content" / "kz" / "domestic-violence" / "en.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(changed, encoding="utf-8")
    (folder / "pack.yaml").write_text(
        f"name: {PACK}\ntitle: Kazakhstan\ncountry: kz\nsituation: domestic-violence\nlanguages: [en]\n"
        "formats: [leaflet, wallet-card, poster]\ncontent_dir: content\n", encoding="utf-8")
    return folder / "pack.yaml"


@functools.lru_cache(maxsize=1)
def build_help() -> str:
    return subprocess.run([str(RESPACK), "build", "--help"], env=respack_env(), capture_output=True, text=True,
                          timeout=WAIT_S, check=False).stdout


def start_build(pack: Path, out: Path, logs: Path, **env: str) -> subprocess.Popen[bytes]:
    """respack build in its own session (process group), as a shell starts a job; --force (when
    the command has it) so that every document is rebuilt."""
    args = [str(RESPACK), "build", str(pack), "--out", str(out)]
    if "--force" in build_help():
        args.append("--force")
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / "stdout").open("wb") as stdout, (logs / "stderr").open("wb") as stderr:
        # Ctrl-C as in a terminal: the job gets SIGINT's default handling even when this test
        # runs under a shell that started it in the background (which ignores SIGINT).
        return subprocess.Popen(args, cwd=pack.parent, env=respack_env(**env), start_new_session=True,
                                stdout=stdout, stderr=stderr,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def logs_of(folder: Path) -> str:
    return "".join((folder / name).read_text(errors="replace") for name in ("stdout", "stderr"))


def wait_for_session(process: subprocess.Popen[bytes]) -> None:
    """Wait until the build and every process it started have ended (killing them after a while)."""
    process.wait(timeout=WAIT_S)
    deadline = time.monotonic() + WAIT_S
    while session_processes(process.pid):
        if time.monotonic() > deadline:
            kill_job(process, signal.SIGKILL)
            pytest.fail(f"processes of the build still run {WAIT_S} s after it was stopped")
        time.sleep(0.05)


def kill_job(process: subprocess.Popen[bytes], signal_number: int) -> None:
    """Signal every process of the build, as a terminal does for Ctrl-C."""
    try:
        os.killpg(process.pid, signal_number)
    except ProcessLookupError:
        pass  # already over


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120]
    except OSError:
        return "?"


def wait_for_marker(marker: Path, process: subprocess.Popen[bytes]) -> str:
    """The first line the slow fsync writes: the build is now writing that file."""
    deadline = time.monotonic() + WAIT_S
    while not (marker.exists() and marker.read_text().strip()):
        if process.poll() is not None:
            pytest.fail(f"the build ended (exit {process.returncode}) before it wrote anything")
        if time.monotonic() > deadline:
            pytest.fail("the build wrote nothing in time")
        time.sleep(0.02)
    return marker.read_text().splitlines()[0]


def digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in snapshot(folder).items()}


def check_outputs(out: Path, before: dict[str, str]) -> tuple[list[str], list[str]]:
    """Every output file is the old one or a complete new one. Returns (changed, temporary files)."""
    after = snapshot(out)
    temporary = sorted(name for name in after if TEMPORARY.match(Path(name).name))
    outputs = {name: data for name, data in after.items() if name not in temporary}
    assert sorted(outputs) == sorted(before), (
        f"the files changed: added {sorted(set(outputs) - set(before))}, removed {sorted(set(before) - set(outputs))}")
    changed = []
    for name, data in outputs.items():
        if hashlib.sha256(data).hexdigest() == before[name]:
            continue
        changed.append(name)
        if name.endswith(".pdf"):
            assert data.startswith(b"%PDF-"), f"{name} does not start as a PDF"
            assert data.rstrip().endswith(b"%%EOF"), f"{name} is truncated: no %%EOF at its end"
            document = pdfium.PdfDocument(data)
            try:
                assert len(document) >= 1, f"{name} has no page"
            finally:
                document.close()
        elif name.endswith(".png"):
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        elif name.endswith(".json"):
            json.loads(data)
    manifest = out / PACK / "manifest.json"
    json.loads(manifest.read_text(encoding="utf-8"))  # always valid JSON, old or new
    return changed, temporary


def prepare(base_output: Path, folder: Path) -> tuple[Path, dict[str, str]]:
    out = folder / "out"
    shutil.copytree(base_output, out)
    return out, digests(out)


@pytest.mark.parametrize("delay", KILL_DELAYS_S, ids=[f"{d}s" for d in KILL_DELAYS_S])
def test_sigkill_after_delay(delay: float, tmp_path: Path, base_output: Path, changed_pack: Path) -> None:
    """The whole job killed (kill -9, the OOM killer, a power cut) at some point of the build:
    every file is the old one or a complete new one."""
    out, before = prepare(base_output, tmp_path)
    process = start_build(changed_pack, out, tmp_path / "logs")
    time.sleep(delay)
    kill_job(process, signal.SIGKILL)
    wait_for_session(process)
    check_outputs(out, before)


@dataclass
class Killed:
    """The output folder of a build killed while writing, and what the kill left there."""

    out: Path
    writing: str  # the marker line: which file was being written
    changed: list[str]
    temporary: list[str]


@pytest.fixture(scope="module")
def killed_while_writing(tmp_path_factory: pytest.TempPathFactory, base_output: Path, changed_pack: Path) -> Killed:
    """Every process of the build killed while its first file is half-way to its name."""
    folder = tmp_path_factory.mktemp("killed-while-writing")
    out, before = prepare(base_output, folder)
    marker = folder / "fsync.log"
    process = start_build(changed_pack, out, folder / "logs", RESPACK_TEST_SLOW_FSYNC=str(SLOW_FSYNC_S),
                          RESPACK_TEST_FSYNC_MARKER=str(marker))
    writing = wait_for_marker(marker, process)
    kill_job(process, signal.SIGKILL)
    wait_for_session(process)
    changed, temporary = check_outputs(out, before)
    return Killed(out, writing, changed, temporary)


def test_sigkill_while_writing(killed_while_writing: Killed) -> None:
    """The old file stays whole. SIGKILL cannot clean up, so the temporary file and the lock may
    stay: they are hidden, and never taken for an output (check_outputs)."""
    killed = killed_while_writing
    assert not killed.changed, (f"{killed.changed} changed, though the build was killed while writing its "
                                f"first file ({killed.writing})")
    assert all(TEMPORARY.match(Path(name).name) for name in killed.temporary)


def test_next_build_after_sigkill(killed_while_writing: Killed, changed_pack: Path) -> None:
    """The next ordinary build finishes the job: every document is the new one, manifest.json
    describes exactly the files on disk, and the killed build's temporary file is gone."""
    out = killed_while_writing.out
    result = subprocess.run([str(RESPACK), "build", str(changed_pack), "--out", str(out)], cwd=changed_pack.parent,
                            env=respack_env(), capture_output=True, text=True, timeout=WAIT_S, check=False)
    assert result.returncode == 0, output_of(result)
    assert not manifest_problems(out / PACK), manifest_problems(out / PACK)
    for name in ("leaflet", "wallet-card", "poster"):
        text = re.sub(r"\s+", "", pdf_text(out / PACK / "en" / f"{name}.pdf"))
        assert re.sub(r"\s+", "", NEW_FIRST_STEP_PRINTED) in text, f"{name}.pdf is not the new one after the next build"
    leftovers = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if TEMPORARY.match(p.name))
    assert not leftovers, (f"the killed build left {killed_while_writing.temporary}; the next build "
                           f"finished but left them there: {leftovers}")


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopped_while_writing(signal_number: int, tmp_path: Path, base_output: Path, changed_pack: Path) -> None:
    """SIGTERM (kill, systemd, a CI timeout) or Ctrl-C (SIGINT to the whole job) while a file is
    being written: every file old or complete and new, no temporary file left, no traceback."""
    out, before = prepare(base_output, tmp_path)
    marker = tmp_path / "fsync.log"
    process = start_build(changed_pack, out, tmp_path / "logs", RESPACK_TEST_SLOW_FSYNC=str(SLOW_FSYNC_S),
                          RESPACK_TEST_FSYNC_MARKER=str(marker))
    writing = wait_for_marker(marker, process)
    kill_job(process, signal_number)
    wait_for_session(process)
    output = logs_of(tmp_path / "logs")
    _, temporary = check_outputs(out, before)
    assert process.returncode != 0, f"the build was stopped but exited 0:\n{output}"
    assert not temporary, (f"temporary files left after {signal.Signals(signal_number).name} "
                           f"(stopped while writing {writing}): {temporary}\n{output}")
    assert "Traceback" not in output, output


def test_ctrl_c_after_delay(tmp_path: Path, base_output: Path, changed_pack: Path) -> None:
    """Ctrl-C early in the build (workers starting, documents rendering): a short message, no
    traceback, the previous outputs intact, nothing left behind."""
    out, before = prepare(base_output, tmp_path)
    process = start_build(changed_pack, out, tmp_path / "logs")
    time.sleep(1.5)
    kill_job(process, signal.SIGINT)
    wait_for_session(process)
    output = logs_of(tmp_path / "logs")
    _, temporary = check_outputs(out, before)
    assert not temporary, f"temporary files left after Ctrl-C: {temporary}"
    assert "Traceback" not in output, output


def test_killed_build_leaves_no_processes(tmp_path: Path, base_output: Path, changed_pack: Path) -> None:
    """kill -9 of the respack process alone (its workers are not signalled): the workers must
    notice and end, not wait forever for work from a parent that is gone."""
    out, before = prepare(base_output, tmp_path)
    process = start_build(changed_pack, out, tmp_path / "logs")
    deadline = time.monotonic() + WAIT_S
    while len(session_processes(process.pid)) < 2 and process.poll() is None:  # the workers have started
        assert time.monotonic() < deadline, "the build started no worker in time"
        time.sleep(0.05)
    time.sleep(0.5)
    process.kill()
    process.wait(timeout=WAIT_S)
    deadline = time.monotonic() + ORPHAN_GRACE_S
    while session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = {pid: command_of(pid) for pid in session_processes(process.pid)}
    kill_job(process, signal.SIGKILL)
    wait_for_session(process)
    check_outputs(out, before)
    assert not orphans, f"{ORPHAN_GRACE_S} s after respack was killed, its processes still run: {orphans}"
