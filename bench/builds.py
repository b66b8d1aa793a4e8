"""Scenarios of whole builds by the `respack` command: cold and no-op, one language changed
(and under --watch), the PDFs' sizes, and the matrix of K copies of the pack."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from measure import COMMAND, KB, PACK, ROOT, Run, file_states, rebuilt_count, respack
from report import heading, line, record


def cold_and_noop(work: Path, runs: int, jobs: str) -> Path:
    heading(f"Full build of the bundled pack (12 documents + previews), --jobs {jobs}; min / median / max")
    cold: list[Run] = []
    out = work / "cold-0"
    for index in range(runs):
        out = work / f"cold-{index}"
        cold.append(respack("build", PACK, "--out", str(out), "--force", "--jobs", jobs))
    # Memory in runs of their own: the sampler reads every process's page tables ten times a
    # second, and on two cores that slows the build it watches.
    sampled = [respack("build", PACK, "--out", str(work / "memory"), "--force", "--jobs", jobs, sample_memory=True)
               for _ in range(max(1, runs // 3))]
    line("cold build, fresh process: wall", [r.wall for r in cold], "s", "target ≤ 2.5 s")
    line("  CPU time (all processes)", [r.cpu for r in cold], "s")
    line("  cores busy (CPU / wall)", [r.cpu / r.wall for r in cold], "")
    line("  peak memory, largest process", [r.max_rss_mb for r in cold], "MB", "target ≤ 400 MB", 0)
    line("  peak memory, all processes together (PSS)", [r.tree_rss_mb for r in sampled], "MB", "(sampled)", 0)

    noop: list[Run] = []
    writes = 0
    for _ in range(runs):
        before = file_states(out)
        noop.append(respack("build", PACK, "--out", str(out), "--jobs", jobs))
        writes += sum(before.get(path) != state for path, state in file_states(out).items())
        assert rebuilt_count(noop[-1].output) == 0, noop[-1].output
    line("no-op rebuild: wall", [r.wall for r in noop], "s", "target ≤ 0.3 s")
    line("  no-op rebuild: CPU time", [r.cpu for r in noop], "s")
    print(f"  {'  files written by the no-op rebuilds':<52} {writes:<26} target 0")
    return out


def language_project(work: Path) -> tuple[Path, Path]:
    """A copy of the content and layouts, and a pack file that points at them; the pack file
    and the Kazakh guidance file (the English one is read by every translation too)."""
    project = work / "project"
    if not project.exists():
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copytree(ROOT / "layouts", project / "layouts")
    bundled = (ROOT / "content" / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8")
    pack_file = project / f"{PACK}.yaml"
    pack_file.write_text(bundled + "\ncontent_dir: content\nlayouts_dir: layouts\n", encoding="utf-8")
    return pack_file, project / "content" / "kz" / "domestic-violence" / "kk.yaml"


def per_language() -> int:
    """The documents of one language of the pack: one per format."""
    pack = (ROOT / "content" / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8")
    found = re.search(r"^formats: \[(.*)\]", pack, re.M)
    assert found, "the pack file lists its formats on one line"
    return len(found.group(1).split(","))


def one_language_changed(work: Path, runs: int, jobs: str) -> None:
    pack_file, guidance = language_project(work)
    out = work / "language-out"
    respack("build", str(pack_file), "--out", str(out), "--jobs", jobs)
    changed: list[Run] = []
    for index in range(runs):
        guidance.write_text(guidance.read_text(encoding="utf-8") + f"\n# bench edit {index}\n", encoding="utf-8")
        changed.append(respack("build", str(pack_file), "--out", str(out), "--jobs", jobs))
        count = rebuilt_count(changed[-1].output)
        assert count == per_language(), \
            f"expected the Kazakh documents to be rebuilt, not {count}:\n{changed[-1].output}"
    line(f"one language file changed ({per_language()} of {3 * per_language()} rebuilt): wall",
         [r.wall for r in changed], "s", "target ≤ 1.5 s")


def one_language_changed_watching(work: Path, runs: int, jobs: str) -> None:
    """The same edit under `respack build --watch`: from the save to the line that says the
    rebuild is done, with the workers already started."""
    pack_file, guidance = language_project(work)
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    process = subprocess.Popen([*COMMAND, "build", str(pack_file), "--out",
                                str(work / "watch-out"), "--jobs", jobs, "--watch"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None

    def wait_for(text: str) -> str:
        for output in process.stdout:  # type: ignore[union-attr]
            if text in output:
                return output
        sys.exit(f"respack build --watch ended before printing {text!r}")

    try:
        wait_for("Watching")
        times = []
        for index in range(runs + 1):  # the first rebuild also warms the workers' caches up
            time.sleep(0.3)
            start = time.perf_counter()
            guidance.write_text(guidance.read_text(encoding="utf-8") + f"\n# watch edit {index}\n",
                                encoding="utf-8")
            done = wait_for("Rebuilt")
            times.append(time.perf_counter() - start)
            assert f"Rebuilt {per_language()} of {3 * per_language()}" in done, done
    finally:
        process.terminate()  # SIGTERM: Ctrl-C may be ignored in a job started in the background
        process.wait(timeout=60)
    line("  the same, under build --watch (save → rebuilt)", times[1:], "s", "target ≤ 1.5 s")


def sizes(out: Path) -> None:
    heading("PDF sizes of the cold build (3 languages); min / median / max")
    manifest = json.loads((out / PACK / "manifest.json").read_text(encoding="utf-8"))
    by_format: dict[str, list[float]] = {}
    for entry in manifest["files"]:
        if entry["path"].endswith(".pdf"):
            by_format.setdefault(Path(entry["path"]).stem, []).append(entry["size"] / KB)
    targets = {"wallet-card": "target ≤ 60 KB", "leaflet": "target ≤ 200 KB", "poster": "target ≤ 200 KB"}
    for name, values in sorted(by_format.items()):
        line(name, values, "KB", targets.get(name, ""), 0)


def matrix(work: Path, copies: list[int], jobs: str) -> None:
    heading(f"Synthetic matrix: K copies of the pack (12 documents each) in one command, --jobs {jobs}")
    bundled = (ROOT / "content" / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8")
    content, layouts = ROOT / "content", ROOT / "layouts"
    print(f"  {'K':>3} {'documents':>10} {'wall s':>8} {'CPU s':>8} {'cores busy':>11} {'wall s / document':>18}"
          f" {'peak MB (process / all)':>24}")
    for count in copies:
        folder = work / f"matrix-{count}"
        folder.mkdir()
        packs = []
        for index in range(count):
            name = f"synthetic-{index + 1}"
            text = re.sub(r"(?m)^name: .*$", f"name: {name}", bundled)
            packs.append(folder / f"{name}.yaml")
            packs[-1].write_text(text + f"\ncontent_dir: {content}\nlayouts_dir: {layouts}\n", encoding="utf-8")
        run = respack("build", *map(str, packs), "--out", str(folder / "out"), "--force", "--jobs", jobs,
                      sample_memory=True)
        documents = 9 * count
        memory = f"{run.max_rss_mb:.0f} / {run.tree_rss_mb:.0f}"
        was = record(f"K={count}: wall", run.wall, "s")
        record(f"K={count}: CPU", run.cpu, "s")
        print(f"  {count:>3} {documents:>10} {run.wall:>8.2f} {run.cpu:>8.2f} {run.cpu / run.wall:>11.2f}"
              f" {run.wall / documents:>18.3f} {memory:>24} {was}")
