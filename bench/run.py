"""`make bench`: how fast respack builds, against the targets of the fast-builds issue.

Every scenario builds the bundled Kazakhstan pack (3 languages × 3 formats = 9 documents)
with the `respack` command of this tree's virtualenv, run from the project folder, into
temporary folders; the project's own content/ and output/ are never changed. The command,
not `python -m generator`: every render worker imports the script that started it.

- cold: a fresh process, an empty output folder, `--force`.
- no-op: the same command again: nothing may be written (checked: inode and date of every file).
- one language changed: the content and layouts are copied to a temporary folder and a
  temporary pack file points at them (`content_dir`, `layouts_dir`: how an NGO's own pack
  overrides the bundled files). A comment is appended to the Kazakh guidance file: its
  hash changes, so its three documents are rebuilt (in full: the cache looks at file
  contents, not at what changed in them) and the six others are not. The same edit is then
  timed under `respack build --watch`: from the save to the line that reports the rebuild.
- one document, warm: in this process, after a warm-up, per format: rendering alone, and
  the whole of a document's build (render, check, previews, card sheet; not written).
- memory: the largest resident size of any one process of a cold build (getrusage of the
  children), and the sum over the process tree of each one's proportional set size, sampled
  every 0.1 s (main + workers; shared pages counted once) in cold builds of their own, not
  in the timed ones.
- sizes: the PDFs of the cold build, from its manifest.
- font subsetting: one PDF written with the static fonts respack embeds and with the font
  package's variable font, each subset by HarfBuzz (when the machine has it) and by fontTools.
- matrix: K copies of the pack (K pack files with other names, same content) built in one
  command, up to 297 documents: the wall time should grow linearly with K, CPU time / wall
  time shows how many cores were busy, and the memory how it grows with the documents held
  until the end (nothing is written before every document passed).
- per script: one wallet card and one leaflet in a language of each script (Latin, Cyrillic,
  Armenian from the bundled packs; Georgian, Hebrew and Arabic from the tests' content), warm,
  built whole, and the size of its PDF (`--only-scripts` runs this scenario alone).
- sites: a pack with a spreadsheet of N sites (--sites 100,1000,5000; fictional numbers of
  Ofcom's drama ranges, as the tests'), for two wallet cards: the light one (English, one
  emergency number and the clinic's code) and the real one (the Kazakhstan pack's card in
  Kazakh, with its services' three codes and the clinic's): a cold build (N checked cards,
  the print shop's sheets), its memory, then the rebuild after one row changed (one card and
  the sheets). `--only-sites` runs this scenario alone (about 20 minutes; `--sites 100,1000`
  for a shorter one).
  The load average is printed before each build: the builds of other users of the machine
  take cores from the workers, and the wall times with them (compare the CPU times).

Each figure is the min, median and max of --runs runs (3). Machine noise shows as spread;
other processes on the machine slow every figure down. A reference loop, timed at the start
and at the end, says how fast the machine was: a shared virtual machine's speed changes
through the day (the same cold build took 3.5 s and 5.4 s), and every figure with it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
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


def respack(*args: str, sample_memory: bool = False) -> Run:
    """Run `respack ARGS` from the project folder and measure it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}
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
               tree_rss_mb=sampler.peak_mb if sampler else 0.0)


class TreeMemory:
    """The peak of the memory of a process and its descendants together (Linux /proc).

    Each process counts its proportional set size (PSS): the pages it shares with the others
    (Python, WeasyPrint's libraries, fonts) are split among them, not counted in each one
    as a sum of resident sizes would.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval, self.peak_mb = pid, interval, 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(self.interval):
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
    """Documents the summary table shows as built, not unchanged."""
    rows = [line for line in output.splitlines() if re.search(r"\.pdf\b", line)]
    return sum("unchanged" not in row for row in rows)


# --- reporting --------------------------------------------------------------------------------

def line(name: str, values: list[float], unit: str, target: str = "", digits: int = 2) -> None:
    if not values:
        return
    low, middle, high = min(values), statistics.median(values), max(values)
    figures = f"{low:.{digits}f} / {middle:.{digits}f} / {high:.{digits}f} {unit}"
    print(f"  {name:<52} {figures:<26} {target}")


def heading(text: str) -> None:
    print(f"\n{text}")


# --- scenarios -------------------------------------------------------------------------------

def cold_and_noop(work: Path, runs: int, jobs: str) -> Path:
    heading(f"Full build of the bundled pack (9 documents + previews), --jobs {jobs}; min / median / max")
    cold: list[Run] = []
    out = work / "cold-0"
    for index in range(runs):
        out = work / f"cold-{index}"
        cold.append(respack("build", PACK, "--out", str(out), "--force", "--jobs", jobs))
    # Memory in runs of their own: the sampler reads every process's page tables ten times a
    # second, and on two cores that slows the build it watches.
    sampled = [respack("build", PACK, "--out", str(work / "memory"), "--force", "--jobs", jobs, sample_memory=True)
               for _ in range(max(1, runs // 3))]
    line("cold build, fresh process: wall", [r.wall for r in cold], "s", "target ≤ 4 s")
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
    line("no-op rebuild: wall", [r.wall for r in noop], "s", "target ≤ 0.5 s")
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


def one_language_changed(work: Path, runs: int, jobs: str) -> None:
    pack_file, guidance = language_project(work)
    out = work / "language-out"
    respack("build", str(pack_file), "--out", str(out), "--jobs", jobs)
    changed: list[Run] = []
    for index in range(runs):
        guidance.write_text(guidance.read_text(encoding="utf-8") + f"\n# bench edit {index}\n", encoding="utf-8")
        changed.append(respack("build", str(pack_file), "--out", str(out), "--jobs", jobs))
        count = rebuilt_count(changed[-1].output)
        assert count == 3, f"expected the 3 Kazakh documents to be rebuilt, not {count}:\n{changed[-1].output}"
    line("one language file changed (3 of 9 rebuilt): wall", [r.wall for r in changed], "s", "target ≤ 1.5 s")


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
            assert "Rebuilt 3 of 9" in done, done
    finally:
        process.terminate()  # SIGTERM: Ctrl-C may be ignored in a job started in the background
        process.wait(timeout=60)
    line("  the same, under build --watch (save → rebuilt)", times[1:], "s", "target ≤ 1.5 s")


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


def one_document_warm(work: Path, runs: int) -> None:
    """Each format: rendering alone (HTML to PDF), then the whole of a document's build:
    rendering, the check (rasterise, decode, extract), the previews and the card sheet."""
    sys.path.insert(0, str(ROOT))  # the generator of this tree
    from generator.pipeline import build_document, plan, render_fitted

    editions = plan((PACK,), ("en",), ())
    for edition in editions:  # imports, fonts, compiled templates, first-use caches
        build_document(edition)
    heading("One document, warm process (English); min / median / max")
    for name, make in (("render", render_fitted), ("render + check + previews", build_document)):
        every: list[float] = []
        for edition in editions:
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                make(edition)
                times.append(time.perf_counter() - start)
            every += times
            line(f"{name}: {edition.format}", times, "s")
        line(f"{name}: all formats", every, "s", "target ≤ 0.25 s (median)")


def steps_taken() -> None:
    """Which step of its format each bundled document is laid out at, and how many renders
    finding it took: a step that does not fit costs a render, so the first should fit."""
    sys.path.insert(0, str(ROOT))
    from generator.pipeline import plan, render_fitted

    heading("Steps: each bundled document, the step it fits at (renders tried)")
    taken: dict[str, int] = {}
    for edition in plan((), (), ()):
        fitted = render_fitted(edition)
        name = fitted.rendered.step.name if fitted.rendered.step else "?"
        print(f"  {edition.relative_path}: {name} ({fitted.steps_tried})")
        taken[name] = taken.get(name, 0) + 1
    print("  " + ", ".join(f"{count} at {name}" for name, count in taken.items()))


# A language of each script, and the shape of its content: the bundled packs for Latin, Cyrillic
# and Armenian, the tests' content (tests/fixtures/scripts) for Georgian, Hebrew and Arabic.
SCRIPT_LANGUAGES = (("Latin", "en"), ("Cyrillic", "kk"), ("Armenian", "hy"), ("Georgian", "ka"),
                    ("Hebrew", "he"), ("Arabic", "ar"))


def per_script(work: Path, runs: int) -> None:
    """One document per script, warm: the wallet card and the leaflet with two emergency numbers
    and two services, each built whole (render, check, previews); its PDF's size. What a script
    costs: its font's glyphs to lay out, shape and subset, and, right to left, the bidi runs."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    from shapes import Shape, write_pack  # fictional numbers, as the tests'

    from generator.packs.load import load_packs
    from generator.packs.plan import plan_editions
    from generator.pipeline import build_document, plan

    heading("Per script: one document, warm, render + check + previews; median (min-max), PDF size")
    for script, language in SCRIPT_LANGUAGES:
        formats = ["wallet-card", "leaflet"]
        if language == "hy":
            editions = [e for e in plan(("armenia",), ("hy",), ()) if e.format in formats]
        else:
            pack = write_pack(Shape(2, (2, 1), (language,)), work / f"script-{language}", tuple(formats))
            editions = plan_editions(load_packs([str(pack)]), [language], formats)
        cells = []
        for edition in editions:
            build_document(edition)  # fonts, templates, first-use caches
            times, cpus, size = [], [], 0
            for _ in range(runs):
                start, cpu = time.perf_counter(), time.process_time()
                built = build_document(edition)
                times.append(time.perf_counter() - start)
                cpus.append(time.process_time() - cpu)  # on a loaded machine, what the build itself costs
                size = len(built.outputs[0][1]) if built.outputs else 0
            cells.append(f"{edition.format} {statistics.median(times):.2f} s ({min(times):.2f}-{max(times):.2f}), "
                         f"CPU {statistics.median(cpus):.3f} s, {size // KB} KB")
        print(f"  {script} ({language}): " + "; ".join(cells))


def font_subsetting(runs: int) -> None:
    """Writing one PDF (the English leaflet, laid out once) with each font and subsetter.

    WeasyPrint subsets every embedded font with HarfBuzz when libharfbuzz-subset is on the
    machine, else with fontTools, in Python. The fonts we embed are static instances made
    once (generator/render/fonts.py); the font package's variable font is what a setup without
    them would embed. Both subsetters are timed in this process: the HarfBuzz one is
    switched off by hiding it from WeasyPrint's PDF writer.
    """
    import fontpkg
    import weasyprint.pdf.fonts as pdf_fonts
    from weasyprint import HTML

    from generator.pipeline import plan
    from generator.render.document import ConfinedFetcher, render_html
    from generator.render.fonts import print_fonts

    edition = next(e for e in plan((PACK,), ("en",), ()) if e.format == "leaflet")
    fonts = print_fonts()
    static_html, _ = render_html(edition)
    variable_html = static_html
    for face in fonts.faces:
        variable_html = variable_html.replace(face.path.as_uri(), fontpkg.path(fonts.family, 400, face.style).as_uri())
    roots = [*edition.pack.layouts.dirs, fonts.faces[0].path.parent, fontpkg.path(fonts.family, 400, "normal").parent]
    base_url = edition.layout.directory.as_uri() + "/"
    heading("Font subsetting: writing the English leaflet's PDF (laid out once); min / median / max")
    harfbuzz = pdf_fonts.harfbuzz_subset
    for font_name, html in (("static fonts (what respack embeds)", static_html),
                            ("the package's variable font", variable_html)):
        for subsetter, library in (("HarfBuzz", harfbuzz), ("fontTools", None)):
            if subsetter == "HarfBuzz" and library is None:
                print(f"  {font_name}, HarfBuzz: libharfbuzz-subset is not on this machine")
                continue
            pdf_fonts.harfbuzz_subset = library
            try:
                times, size = [], 0
                for _ in range(runs):  # a document is written once: writing subsets its fonts in place
                    document = HTML(string=html, base_url=base_url, url_fetcher=ConfinedFetcher(roots, "bench")).render()
                    start = time.perf_counter()
                    size = len(document.write_pdf())
                    times.append(time.perf_counter() - start)
            finally:
                pdf_fonts.harfbuzz_subset = harfbuzz
            line(f"{font_name}, {subsetter} ({size // KB} KB)", times, "s")


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
    heading(f"Synthetic matrix: K copies of the pack (9 documents each) in one command, --jobs {jobs}")
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
        print(f"  {count:>3} {documents:>10} {run.wall:>8.2f} {run.cpu:>8.2f} {run.cpu / run.wall:>11.2f}"
              f" {run.wall / documents:>18.3f} {memory:>24}")


def sites(work: Path, counts: list[int], jobs: str, which: tuple[str, ...] = ("light", "real")) -> None:
    """N sites of a spreadsheet, for each of two cards: a cold build (every card checked, the
    print shop's sheets), its memory, then the rebuild after one row changed."""
    sys.path.insert(0, str(ROOT / "tests"))
    from shapes import (  # fictional numbers, as the tests'
        KAZAKH_SITE_COLUMNS, Shape, kazakh_site_rows, site_rows, write_kazakhstan_sites_pack, write_sites,
        write_sites_pack,
    )

    cards = {
        "light": ("English, an emergency number and the clinic's code",
                  lambda folder, rows: write_sites_pack(folder, rows, shape=Shape(2, (), ("en",))),
                  lambda count: site_rows(count, first_number=0), ("label:en", "Clinic social worker, night line"),
                  None),
        "real": ("the Kazakhstan pack's card in Kazakh: the services' three codes and the clinic's",
                 write_kazakhstan_sites_pack, kazakh_site_rows, ("label:kk", "Түнгі кезекші"),
                 KAZAKH_SITE_COLUMNS),
    }
    for name, (what, write_pack, make_rows, (label, edited_label), columns) in cards.items():
        if name not in which:
            continue
        heading(f"Sites, {name} card ({what}): N clinics of a spreadsheet, N cards + the print shop's sheets, "
                f"--jobs {jobs}")
        print(f"  {'N':>5} {'wall s':>8} {'CPU s':>8} {'cores busy':>11} {'wall s / site':>14} {'CPU s / site':>13}"
              f" {'peak MB (process / all)':>24} {'one row changed: wall s':>24}")
        for count in counts:
            rows = make_rows(count)
            pack = write_pack(work / f"sites-{name}-{count}", rows)
            out = work / f"sites-{name}-{count}-out"
            load = os.getloadavg()[0]
            run = respack("build", str(pack), "--out", str(out), "--jobs", jobs, sample_memory=True)
            rows[count // 2][label] = edited_label  # no longer than the others: the card must still fit
            write_sites(pack.parent / "sites.csv", rows, *([columns] if columns else []))
            edited = respack("build", str(pack), "--out", str(out), "--jobs", jobs)
            if rebuilt_count(edited.output) != 1:
                print(f"  (the edited row rebuilt {rebuilt_count(edited.output)} documents, not 1)")
            memory = f"{run.max_rss_mb:.0f} / {run.tree_rss_mb:.0f}"
            print(f"  {count:>5} {run.wall:>8.1f} {run.cpu:>8.1f} {run.cpu / run.wall:>11.2f}"
                  f" {run.wall / count:>14.3f} {run.cpu / count:>13.3f} {memory:>24} {edited.wall:>24.1f}"
                  f"   (load before: {load:.1f})", flush=True)
            shutil.rmtree(out)


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


def timed(name: str, scenario: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = scenario()
    print(f"  ({name} took {time.perf_counter() - start:.0f} s)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each scenario (3)")
    parser.add_argument("--jobs", default=str(os.cpu_count() or 1), help="--jobs of the builds (CPUs)")
    parser.add_argument("--matrix", default="1,11,33",
                        help="copies of the pack in the matrix (1,11,33: 9 to 297 documents; 0: skip)")
    parser.add_argument("--sites", default="100,1000,5000",
                        help="sites in the spreadsheet scenario (100,1000,5000; 0: skip)")
    parser.add_argument("--only-sites", action="store_true", help="run the sites scenario alone")
    parser.add_argument("--only-scripts", action="store_true", help="run the per-script scenario alone")
    parser.add_argument("--only-serve", action="store_true", help="run the serve scenario alone")
    parser.add_argument("--cards", default="light,real", help="the cards of the sites scenario (light,real)")
    options = parser.parse_args()
    print(f"respack benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
          f"Python {sys.version.split()[0]}, tree {ROOT}")
    print(f"reference loop: {reference_loop():.2f} s (10 million additions in Python; lower is a faster machine)")
    with tempfile.TemporaryDirectory(prefix="respack-bench-") as temporary:
        work = Path(temporary)
        site_counts = [int(n) for n in options.sites.split(",") if int(n) > 0]
        if options.only_sites:
            timed("sites", lambda: sites(work, site_counts, options.jobs, tuple(options.cards.split(','))))
            print(f"\nreference loop at the end: {reference_loop():.2f} s; load average {os.getloadavg()[0]:.1f}")
            return
        if options.only_scripts:
            timed("scripts", lambda: per_script(work, options.runs))
            return
        if options.only_serve:
            timed("serve", lambda: pack_file_changed_serving(work, options.runs, options.jobs))
            return
        out = timed("cold and no-op", lambda: cold_and_noop(work, options.runs, options.jobs))
        timed("one language", lambda: (one_language_changed(work, options.runs, options.jobs),
                                       one_language_changed_watching(work, options.runs, options.jobs)))
        timed("serve", lambda: pack_file_changed_serving(work, options.runs, options.jobs))
        sizes(out)  # type: ignore[arg-type]
        timed("warm", lambda: one_document_warm(work, options.runs))
        timed("steps", steps_taken)
        timed("fonts", lambda: font_subsetting(options.runs))
        timed("scripts", lambda: per_script(work, options.runs))
        copies = [int(k) for k in options.matrix.split(",") if int(k) > 0]
        if copies:
            timed("matrix", lambda: matrix(work, copies, options.jobs))
        if site_counts:
            timed("sites", lambda: sites(work, site_counts, options.jobs, tuple(options.cards.split(','))))
    print(f"\nreference loop at the end: {reference_loop():.2f} s; "
          f"load average {os.getloadavg()[0]:.1f} (above the CPU count, figures are slowed down)")


if __name__ == "__main__":
    main()
