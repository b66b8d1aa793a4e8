"""`make bench`: how fast respack builds, against the targets of the fast-builds issue.

Every scenario builds the bundled Kazakhstan pack (3 languages × 4 formats = 12 documents)
with the `respack` command of this tree's virtualenv, run from the project folder, into
temporary folders; the project's own content/ and output/ are never changed. The command,
not `python -m generator`: every render worker imports the script that started it.

- the test suite (`--suite` only): `make test`'s command, timed whole.
- start-up: `respack --version`, `--help`, `list` and `where`, each in a fresh process: they
  make no document, and import nothing that renders.
- cold: a fresh process, an empty output folder, `--force`.
- no-op: the same command again: nothing may be written (checked: inode and date of every file).
- one language changed: the content and layouts are copied to a temporary folder and a
  temporary pack file points at them (`content_dir`, `layouts_dir`: how an NGO's own pack
  overrides the bundled files). A comment is appended to the Kazakh guidance file (the
  English one is read by every translation): its hash changes, so the Kazakh documents are
  rebuilt (in full: the cache looks at file contents, not at what changed in them) and the
  others are not. The same edit is then
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
  command, up to 396 documents: the wall time should grow linearly with K, CPU time / wall
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
- serve: a pack file saved under `respack serve` (the bundled pack), to its first document
  shown and to every one; and a rollout (20 clinics' cards in Kazakh and Russian, one chosen on
  the page): a save to the chosen card shown and its image drawn, to every card landed, and
  SIGTERM in the middle of a build to the server's end and its workers' (`--only-serve`).

Each figure is the min, median and max of --runs runs (3), with the median of the baseline
beside it (bench/baseline.json: `--save-baseline` writes this run's figures there, the commit
named; the end of the run lists every figure against it, the ones that moved most first). Machine noise shows as spread;
other processes on the machine slow every figure down. A reference loop, timed at the start
and at the end, says how fast the machine was: a shared virtual machine's speed changes
through the day (the same cold build took 3.5 s and 5.4 s), and every figure with it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from builds import cold_and_noop, matrix, one_language_changed, one_language_changed_watching, sizes
from documents import font_subsetting, one_document_warm, per_script, steps_taken
from measure import ROOT, reference_loop
from report import compared, load_baseline, save_baseline
from serving import pack_file_changed_serving, rollout_serving
from sites import sites
from startup import start_up
from suite import whole_suite


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
                        help="copies of the pack in the matrix (1,11,33: 12 to 396 documents; 0: skip)")
    parser.add_argument("--sites", default="100,1000,5000",
                        help="sites in the spreadsheet scenario (100,1000,5000; 0: skip)")
    parser.add_argument("--only-sites", action="store_true", help="run the sites scenario alone")
    parser.add_argument("--only-scripts", action="store_true", help="run the per-script scenario alone")
    parser.add_argument("--only-serve", action="store_true", help="run the serve scenario alone")
    parser.add_argument("--suite", action="store_true", help="also time the test suite as `make test` runs it")
    parser.add_argument("--only-start", action="store_true",
                        help="run the cold build, the no-op and the commands that make no document alone")
    parser.add_argument("--cards", default="light,real", help="the cards of the sites scenario (light,real)")
    parser.add_argument("--save-baseline", metavar="NOTE", default=None,
                        help="keep this run's figures in bench/baseline.json, with NOTE (the machine, its load)")
    options = parser.parse_args()
    print(f"respack benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
          f"Python {sys.version.split()[0]}, tree {ROOT}")
    print(load_baseline())
    print(f"reference loop: {reference_loop():.2f} s (10 million additions in Python; lower is a faster machine)")
    try:
        scenarios(options)
    finally:
        compared()
        if options.save_baseline is not None:
            save_baseline(options.save_baseline)


def scenarios(options: argparse.Namespace) -> None:
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
            timed("serve, a rollout", lambda: rollout_serving(work, options.runs, options.jobs))
            return
        out = timed("cold and no-op", lambda: cold_and_noop(work, options.runs, options.jobs))
        timed("start-up", lambda: start_up(out, options.runs))  # type: ignore[arg-type]
        if options.only_start:
            return
        timed("one language", lambda: (one_language_changed(work, options.runs, options.jobs),
                                       one_language_changed_watching(work, options.runs, options.jobs)))
        timed("serve", lambda: pack_file_changed_serving(work, options.runs, options.jobs))
        timed("serve, a rollout", lambda: rollout_serving(work, options.runs, options.jobs))
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
        if options.suite:
            timed("suite", whole_suite)
    print(f"\nreference loop at the end: {reference_loop():.2f} s; "
          f"load average {os.getloadavg()[0]:.1f} (above the CPU count, figures are slowed down)")


if __name__ == "__main__":
    main()
