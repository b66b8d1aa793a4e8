"""A build's files land whole or not at all, one build at a time, and a folder that cannot be
written into is said in one line.

A small pack (English, a leaflet and a wallet card, with a hotline of its own) is built once
with one number; each test copies that output and builds the pack with another number into
it, a real `respack build` each time, with the faults of tests/bad_inputs/_hooks/sitecustomize.py:
killed right after its first file takes its new name, held in its first fsync while a second
build starts, or refused a folder as a full disk or a read-only one would refuse it.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from support import RESPACK, manifest_problems, output_of, respack_env, snapshot

PACK = "landing"
OLD, NEW, NEWER = "+44 20 7946 0321", "+44 20 7946 0322", "+44 20 7946 0323"  # Ofcom's numbers for drama
WAIT_S = 180


def write_pack(folder: Path, number: str) -> Path:
    """The Kazakhstan content with a hotline of its own at number."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(f"""\
name: {PACK}
title: Landing test
country: kz
situation: domestic-violence
languages: [en]
formats: [leaflet, wallet-card]
contacts:
  hide: [women-police-2]
  add:
    - id: test-hotline
      number: "{number}"
      country: GB
      channels: [voice]
      source: fiction
      as_of: 2026-11-25
      wording:
        en: {{name: "Advice line (fictional)", short: "Advice line", note: "A test number, not a real one."}}
sources:
  fiction: {{title: "Test fixture (fictional), not a real source", read_on: 2026-11-25}}
""", encoding="utf-8")
    return folder / "pack.yaml"


def respack_in(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RESPACK), *args], cwd=folder, env=respack_env(**env), capture_output=True,
                          text=True, timeout=WAIT_S, check=False)


def start_in(folder: Path, logs: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    with logs.with_suffix(".out").open("wb") as stdout, logs.with_suffix(".err").open("wb") as stderr:
        return subprocess.Popen([str(RESPACK), *args], cwd=folder, env=respack_env(**env), stdout=stdout,
                                stderr=stderr, start_new_session=True)


def logs_of(logs: Path) -> str:
    return "".join(logs.with_suffix(suffix).read_text(errors="replace") for suffix in (".out", ".err"))


@pytest.fixture(scope="module")
def base_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pack with the OLD number, built: the output every test starts from."""
    folder = tmp_path_factory.mktemp("landing-base")
    write_pack(folder, OLD)
    result = respack_in(folder, "build", "pack.yaml", "--out", "out")
    assert result.returncode == 0, output_of(result)
    return folder / "out"


def prepare(base_output: Path, folder: Path) -> Path:
    """A copy of the base output in folder/out, and the pack with the NEW number in folder."""
    shutil.copytree(base_output, folder / "out")
    write_pack(folder, NEW)
    return folder / "out"


def hidden_files(out: Path) -> list[str]:
    """What a landing keeps to itself: temporary files, a lock, a journal. None once a build is over."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob(".*"))


def printed_in(folder: Path, number: str) -> int:
    """How many documents `respack where` finds printing number."""
    result = respack_in(folder, "where", number, "--out", "out")
    found = re.search(r"is printed in (\d+) documents? in", result.stdout)
    assert found, output_of(result)
    return int(found.group(1))


# --- a build stopped during its landing -------------------------------------------------------

@pytest.fixture(params=[signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def killed_while_landing(request: pytest.FixtureRequest, tmp_path: Path, base_output: Path) -> Path:
    """The NEW build stopped right after its first file took its new name: by SIGKILL (nothing
    cleans up), or by SIGTERM (the build removes what it was writing, and must leave the files
    its landing is to put in place); the folder."""
    out = prepare(base_output, tmp_path)
    stop = signal.Signals(request.param)
    result = respack_in(tmp_path, "build", "pack.yaml", "--out", "out", RESPACK_TEST_KILL_AFTER_PLACING=str(out),
                        RESPACK_TEST_KILL_SIGNAL=stop.name)
    exits = -signal.SIGKILL if stop == signal.SIGKILL else 128 + stop
    assert result.returncode == exits, f"the build was not stopped while landing:\n{output_of(result)}"
    before, after = snapshot(base_output / PACK), snapshot(out / PACK)
    assert after["manifest.json"] == before["manifest.json"], "the build was stopped after writing its manifest"
    assert any(after.get(name) != data for name, data in before.items() if name.endswith((".pdf", ".png"))), (
        "the build was stopped before its first file took its name")
    return out


def test_where_completes_a_landing_stopped_half_way(killed_while_landing: Path) -> None:
    """`respack where` reads the manifests: it first completes the landing the killed build
    began, so it answers for the new files, and the manifest agrees with every file."""
    out = killed_while_landing
    assert printed_in(out.parent, NEW) == 2, "`respack where` does not find the number the killed build printed"
    assert printed_in(out.parent, OLD) == 0
    assert not manifest_problems(out / PACK), manifest_problems(out / PACK)
    assert not hidden_files(out), hidden_files(out)


def test_the_next_build_completes_a_landing_stopped_half_way(killed_while_landing: Path) -> None:
    """The next build completes the landing before anything else: the killed build's documents
    are in place, recorded and up to date, so nothing is rendered again."""
    out = killed_while_landing
    result = respack_in(out.parent, "build", "pack.yaml", "--out", "out")
    output = output_of(result)
    assert result.returncode == 0, output
    assert "(2 of 2 unchanged)" in output, f"the next build did not find the landed documents up to date:\n{output}"
    assert not manifest_problems(out / PACK), manifest_problems(out / PACK)
    assert not hidden_files(out), hidden_files(out)
    assert printed_in(out.parent, NEW) == 2


# --- two builds into one folder ----------------------------------------------------------------

def wait_until(done: object, what: str, *processes: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not done():  # type: ignore[operator]
        ended = [p for p in processes if p.poll() is not None]
        assert not ended, f"{what}: a build ended first (exit {ended[0].returncode})"
        assert time.monotonic() < deadline, f"{what}: not in {WAIT_S} s"
        time.sleep(0.05)


def test_a_second_build_into_the_folder_waits_for_the_first(tmp_path: Path, base_output: Path) -> None:
    """The first build is held in its first fsync (writing its files, the folder its own) until
    the second says it waits for it; then both finish, one after the other, and the folder holds
    the second's files, each recorded as it is."""
    out = prepare(base_output, tmp_path)
    write_pack(tmp_path / "second", NEWER)
    gate, marker = tmp_path / "gate", tmp_path / "fsync.log"
    first = start_in(tmp_path, tmp_path / "first", "build", "pack.yaml", "--out", "out",
                     RESPACK_TEST_FSYNC_GATE=str(gate), RESPACK_TEST_FSYNC_MARKER=str(marker))
    second = None
    try:
        wait_until(lambda: marker.exists() and marker.read_text().strip(), "the first build writes", first)
        second = start_in(tmp_path, tmp_path / "second", "build", "second/pack.yaml", "--out", "out")
        wait_until(lambda: "Waiting for another build" in logs_of(tmp_path / "second"),
                   "the second build says it waits", second)
    finally:
        gate.touch()
        for process in (first, second):
            if process is not None:
                process.wait(timeout=WAIT_S)
    output = logs_of(tmp_path / "second")
    assert first.returncode == 0, logs_of(tmp_path / "first")
    assert second.returncode == 0, output
    waiting = [line for line in output.splitlines() if "Waiting for another build" in line]
    assert waiting == [f"Waiting for another build writing into out/{PACK} (process {first.pid})…"], output
    assert not manifest_problems(out / PACK), manifest_problems(out / PACK)
    assert not hidden_files(out), hidden_files(out)
    assert (printed_in(tmp_path, NEWER), printed_in(tmp_path, NEW)) == (2, 0)


# --- a folder that cannot be written into --------------------------------------------------------

CANNOT_WRITE = {  # what fails: (errno, where, relative to the pack's folder)
    "read-only-folder": (errno.EROFS, ""),
    "disk-full-while-staging": (errno.ENOSPC, "en/"),
    "disk-full-while-landing": (errno.ENOSPC, ".landing.json"),
}


def read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)


@pytest.mark.parametrize("case", sorted(CANNOT_WRITE))
def test_a_folder_that_cannot_be_written_into_is_one_line(case: str, tmp_path: Path, base_output: Path) -> None:
    """Exit 1, one line naming the pack's folder and what happened, no traceback; nothing
    half-written: the previous files exactly as they were, nothing added. A read-only folder is
    made so for real by a user who is not root; root writes anywhere, so for root (and for a
    full disk) the hook refuses the folder as the system would."""
    number, where = CANNOT_WRITE[case]
    out = prepare(base_output, tmp_path)
    before = snapshot(out)
    env = {"RESPACK_TEST_OSERROR": f"{errno.errorcode[number]}:{out / PACK / where}"}
    if case == "read-only-folder" and os.geteuid() != 0:
        read_only(out / PACK)
        number, env = errno.EACCES, {}
    try:
        result = respack_in(tmp_path, "build", "pack.yaml", "--out", "out", **env)
    finally:
        for path in [out / PACK, *(out / PACK).rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
    output = output_of(result)
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if line.strip() and not line.startswith("warning:")]
    assert len(lines) == 1, f"expected a one-line error, got:\n{output}"
    assert f"out/{PACK}" in lines[0] and os.strerror(number) in lines[0], lines[0]
    assert snapshot(out) == before, "the build changed the output it could not finish"
