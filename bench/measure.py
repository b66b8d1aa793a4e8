"""How the bench runs `respack`: wall time, CPU time of every process, peak memory; and how
fast the machine is just now (a reference loop)."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACK = "kazakhstan"
KB = 1024
SCRIPT = Path(sys.executable).parent / "respack"  # as `make demo` runs it
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "generator"]


@dataclass
class Run:
    """One command: its wall time, the CPU time of its processes, their peak memory."""

    wall: float
    cpu: float
    max_rss_mb: float  # the largest single process (ru_maxrss of the children)
    tree_rss_mb: float  # the largest sum over the process tree (PSS), sampled
    output: str
    main_rss_mb: float = 0.0  # the command's own process: the kernel's high-water mark (VmHWM), sampled


def respack(*args: str, sample_memory: bool = False) -> Run:
    """Run `respack ARGS` from the project folder and measure it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}
    # As installed, with its compiled modules: a shell that says PYTHONDONTWRITEBYTECODE makes
    # every run compile the tool's own modules again (0.1-0.2 s of a no-op's CPU).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    process = subprocess.Popen([*COMMAND, *args], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = TreeMemory(process.pid) if sample_memory else None
    output, _ = process.communicate()
    wall = time.perf_counter() - start
    if sampler:
        sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        sys.exit(f"respack {' '.join(args)} failed:\n{output}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall=wall, cpu=cpu, max_rss_mb=after.ru_maxrss / KB, output=output,
               tree_rss_mb=sampler.peak_mb if sampler else 0.0, main_rss_mb=sampler.main_peak_mb if sampler else 0.0)


class TreeMemory:
    """The peak of the memory of a process and its descendants together (Linux /proc).

    Each process counts its proportional set size (PSS): the pages it shares with the others
    (Python, WeasyPrint's libraries, fonts) are split among them, not counted in each one
    as a sum of resident sizes would.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval, self.peak_mb, self.main_peak_mb = pid, interval, 0.0, 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(self.interval):
            try:  # the main process's own peak: what it holds of every document, its manifest, its summary
                status = Path(f"/proc/{self.pid}/status").read_text()
                high = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)[1])  # type: ignore[index]
                self.main_peak_mb = max(self.main_peak_mb, high / KB)
            except (OSError, TypeError):
                pass
            parents: dict[int, int] = {}
            for entry in os.scandir("/proc"):
                if entry.name.isdigit():
                    try:
                        stat = Path(entry.path, "stat").read_text()
                        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
                    except (OSError, ValueError, IndexError):
                        continue
            tree, frontier = {self.pid}, [self.pid]
            while frontier:
                parent = frontier.pop()
                children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
                tree.update(children)
                frontier += children
            total_kb = 0
            for pid in tree:
                try:
                    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                    total_kb += int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)[1])  # type: ignore[index]
                except (OSError, TypeError):
                    continue
            self.peak_mb = max(self.peak_mb, total_kb / KB)


def file_states(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def rebuilt_count(output: str) -> int:
    """Documents the summary table shows as built, not unchanged: its title says how many of
    how many were unchanged; else its rows, a rollout's row counting its cards."""
    title = re.search(r"\((\d+) of (\d+) unchanged\)", output)
    if title:
        return int(title[2]) - int(title[1])
    rows = [line for line in output.splitlines() if re.search(r"\.pdf\b", line)]
    cards = [int(found[1].replace(",", "")) for found in re.finditer(r"([\d,]+) site cards of ", output)]
    return sum("unchanged" not in row for row in rows) + sum(cards)


def reference_loop() -> float:
    """Seconds for a fixed Python loop (min of 3): how fast this machine is just now. A shared
    virtual machine's speed changes over the day; figures of two runs compare through it."""
    best = float("inf")
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for number in range(10_000_000):
            total += number
        best = min(best, time.perf_counter() - start)
    return best
