"""A pack of N sites of a spreadsheet: N cards checked, the print shop's sheets, one row edited."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from measure import ROOT, rebuilt_count, respack
from report import heading, record


def sites(work: Path, counts: list[int], jobs: str, which: tuple[str, ...] = ("light", "real")) -> None:
    """N sites of a spreadsheet, for each of two cards: a cold build (every card checked, the
    print shop's sheets), its memory, then the rebuild after one row changed."""
    sys.path.insert(0, str(ROOT / "tests"))
    from shapes import (  # fictional numbers, as the tests'
        KAZAKH_SITE_COLUMNS,
        Shape,
        kazakh_site_rows,
        site_rows,
        write_kazakhstan_sites_pack,
        write_sites,
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
              f" {'peak MB (main / largest / all)':>31} {'one row changed: wall s':>24}")
        for count in counts:
            # Named by four digits: "Test clinic 102" prints the police's number with no link over it,
            # which the check refuses (a card that cannot be tapped), and the build would fail; the
            # light card's label ("Clinic 102 social worker") likewise.
            plain = {label: "Clinic social worker"} if name == "light" else {}
            rows = [{**row, "name": f"Test clinic {n:04d}", **plain} for n, row in enumerate(make_rows(count))]
            pack = write_pack(work / f"sites-{name}-{count}", rows)
            out = work / f"sites-{name}-{count}-out"
            load = os.getloadavg()[0]
            run = respack("build", str(pack), "--out", str(out), "--jobs", jobs, sample_memory=True)
            rows[count // 2][label] = edited_label  # no longer than the others: the card must still fit
            write_sites(pack.parent / "sites.csv", rows, *([columns] if columns else []))
            edited = respack("build", str(pack), "--out", str(out), "--jobs", jobs)
            if rebuilt_count(edited.output) != 1:
                print(f"  (the edited row rebuilt {rebuilt_count(edited.output)} documents, not 1)")
            memory = f"{run.main_rss_mb:.0f} / {run.max_rss_mb:.0f} / {run.tree_rss_mb:.0f}"
            was = record(f"N={count}: wall", run.wall, "s")
            record(f"N={count}: CPU", run.cpu, "s")
            record(f"N={count}: peak MB, all processes", run.tree_rss_mb, "MB")
            record(f"N={count}: peak MB, main process", run.main_rss_mb, "MB")
            print(f"  {count:>5} {run.wall:>8.1f} {run.cpu:>8.1f} {run.cpu / run.wall:>11.2f}"
                  f" {run.wall / count:>14.3f} {run.cpu / count:>13.3f} {memory:>31} {edited.wall:>24.1f}"
                  f"   (load before: {load:.1f}) {was}", flush=True)
            shutil.rmtree(out)
