"""`respack serve`: from a saved edit to the preview page showing its documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from builds import language_project
from measure import COMMAND, ROOT
from report import line


def pack_file_changed_serving(work: Path, runs: int, jobs: str) -> None:
    """`respack serve`: from saving a change to the pack file (the intro, which every document
    prints) to the page's state having the new documents, with the workers already started."""
    pack_file, _ = language_project(work)
    bundled = pack_file.read_text(encoding="utf-8")
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    process = subprocess.Popen([*COMMAND, "serve", str(pack_file), "--port", "0", "--out", str(work / "serve-out"),
                                "--jobs", jobs], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    url = ""
    for output in process.stdout:
        if "Serving the preview on " in output:
            url = output.split("Serving the preview on ", 1)[1].split()[0]
            break
    if not url:
        sys.exit("respack serve ended before it served")

    def state() -> dict:
        with urllib.request.urlopen(url + "api/state", timeout=10) as response:  # noqa: S310 (loopback)
            return json.loads(response.read())

    def settled(after: int, first: bool = False) -> dict:
        """The state once the build after version `after` is done (first: once it shows its first
        new document)."""
        while True:
            current = state()
            shown = any(page.startswith("/built/") for d in current["documents"] for page in d["pages"])
            if current["version"] > after and (not current["building"] or (first and shown)):
                return current
            time.sleep(0.02)

    try:
        before = settled(0)  # the first build, every document
        first, every = [], []
        for index in range(runs + 1):  # the first edit also warms the workers' caches up
            time.sleep(0.3)
            start = time.perf_counter()
            pack_file.write_text(bundled + f'\nintro: {{en: "A sentence of our own, edit {index}."}}\n',
                                 encoding="utf-8")
            settled(before["version"], first=True)
            first.append(time.perf_counter() - start)
            before = settled(before["version"])
            every.append(time.perf_counter() - start)
    finally:
        process.terminate()
        process.wait(timeout=60)
    line("a pack file changed, under serve: save → its first document shown", first[1:], "s", "target ≤ 2 s")
    line("  the same: save → every document (9) shown, their files landed", every[1:], "s")
