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


ROLLOUT_CLINICS = 20


def rollout_serving(work: Path, runs: int, jobs: str) -> None:
    """`respack serve` of a rollout: the Kazakhstan card of 20 clinics in Kazakh and Russian (40
    documents; fictional numbers, as the tests'), one clinic's Kazakh card chosen on the page.
    Each save relabels every clinic's contact (every card is made again): from the save to the
    chosen card in the page's state, to its image drawn, to every card landed. Then a save, a
    second into its build SIGTERM (as `kill` sends it): to the server's end, and its workers'."""
    sys.path.insert(0, str(ROOT / "tests"))
    from shapes import KAZAKH_SITE_COLUMNS, kazakh_site_rows, write_kazakhstan_sites_pack, write_sites

    columns = (*KAZAKH_SITE_COLUMNS, "label:ru")

    def rows(label: str) -> list[dict[str, str]]:
        return [{**row, "label:kk": label, "label:ru": "Социальный работник"}
                for row in kazakh_site_rows(ROLLOUT_CLINICS)]

    folder = work / "rollout-serve"
    pack = write_kazakhstan_sites_pack(folder, rows("Әлеуметтік қызметкер"), columns)
    pack.write_text(pack.read_text(encoding="utf-8").replace("- kk\n", "- kk\n- ru\n", 1), encoding="utf-8")
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    process = subprocess.Popen([*COMMAND, "serve", str(pack), "--port", "0", "--out", str(folder / "out"),
                                "--jobs", jobs], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    assert process.stdout is not None
    url = next((output.split("Serving the preview on ", 1)[1].split()[0] for output in process.stdout
                if "Serving the preview on " in output), "")
    if not url:
        sys.exit("respack serve ended before it served")

    def get(path: str) -> bytes:
        with urllib.request.urlopen(url + path.lstrip("/"), timeout=30) as response:  # noqa: S310 (loopback)
            return response.read()

    def state() -> dict:
        return json.loads(get("api/state"))

    def settled(after: int) -> dict:
        while (current := state())["version"] <= after or current["building"]:
            time.sleep(0.05)
        return current

    shown, drawn, every, stopped, ended = [], [], [], [], []
    try:
        before = settled(0)
        for index in range(runs + 1):  # the first save also starts the page images' process
            site = f"clinic-{(7 * index + 13) % ROLLOUT_CLINICS:04d}"
            chosen = f"kz-sites/{site}/kk/wallet-card"
            request = urllib.request.Request(url + "api/chosen", method="POST", headers={
                "Content-Type": "application/json"}, data=json.dumps({"site": site, "language": "kk"}).encode())
            urllib.request.urlopen(request, timeout=10).close()  # noqa: S310 (loopback)
            time.sleep(0.3)
            start = time.perf_counter()
            write_sites(folder / "sites.csv", rows(f"Түнгі кезекші {index}"), columns)
            while True:
                current = state()
                document = next((d for d in current["documents"] if d["id"] == chosen), None)
                if current["version"] > before["version"] and document and document["pages"][0].startswith("/built/"):
                    break
                time.sleep(0.02)
            shown.append(time.perf_counter() - start)
            get(document["pages"][0])
            drawn.append(time.perf_counter() - start)
            before = settled(before["version"])
            every.append(time.perf_counter() - start)
        write_sites(folder / "sites.csv", rows("Кезекші маман"), columns)
        while not state()["building"]:
            time.sleep(0.02)
        time.sleep(1)
        start = time.perf_counter()
        process.terminate()
        process.wait(timeout=60)
        stopped.append(time.perf_counter() - start)
        while _session_alive(process.pid):
            time.sleep(0.02)
        ended.append(time.perf_counter() - start)
    finally:
        if process.poll() is None:
            process.kill()
    print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: other builds on the machine slow each "
          "figure down)")
    line(f"a rollout under serve ({ROLLOUT_CLINICS} clinics × kk, ru): save → the chosen card shown", shown[1:],
         "s", "target ≤ 2 s")
    line("  the same: save → its page image drawn", drawn[1:], "s", "target ≤ 2 s")
    line(f"  the same: save → every card ({2 * ROLLOUT_CLINICS}) landed", every[1:], "s")
    line("  SIGTERM while it builds → the server ended", stopped, "s", "target ≤ 2 s")
    line("  the same → its workers ended too", ended, "s", "target ≤ 2 s")


def _session_alive(session: int) -> bool:
    """Whether a process of the session is still running (not a zombie)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            return True
    return False
