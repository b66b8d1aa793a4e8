"""`make test`'s command, timed whole (only with --suite: it takes minutes, and every core)."""

from __future__ import annotations

import resource
import subprocess
import sys
import time

from measure import ROOT
from report import heading, line

SUITE = [sys.executable, "-m", "pytest", "-n", "auto", "--dist", "loadfile", "--no-loadscope-reorder", "-q",
         "-p", "no:cacheprovider"]


def whole_suite() -> None:
    heading("The test suite, as `make test` runs it (pytest-xdist, one process per core)")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(SUITE, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"  {(result.stdout.strip().splitlines() or ['no output'])[-1]}")
    line("make test: wall", [wall], "s", "target ≤ 300 s", 0)
    line("  make test: CPU time (all processes)", [cpu], "s", "", 0)
