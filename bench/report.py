"""How the bench prints its figures: min / median / max of a scenario's runs, its target, and
beside it the median of the baseline (bench/baseline.json, written by `bench/run.py
--save-baseline` on the commit before a change), so a change that slows a figure down shows the
day it is made. Each figure is kept by its heading and name; the end of a run lists them all
against the baseline."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

BASELINE_FILE = Path(__file__).with_name("baseline.json")
SLOWER = 1.2  # a figure this much above its baseline is marked: more than the machine's noise between runs

_figures: dict[str, tuple[float, str]] = {}  # this run's, by key: (median, unit)
_baseline: dict[str, float] = {}
_section = [""]


def heading(text: str) -> None:
    print(f"\n{text}")
    _section[0] = text.split(";")[0].split(" (")[0]


def record(name: str, value: float, unit: str) -> str:
    """Keep a figure of this run; what its baseline was, as printed beside it ("" if none)."""
    key = f"{_section[0]}: {name.strip()}"
    _figures[key] = (value, unit)
    was = _baseline.get(key)
    if was is None:
        return ""
    return f"(baseline {was:.3g}{_mark(value, was, unit)})"


def _mark(value: float, was: float, unit: str) -> str:
    """A figure that grew by more than SLOWER, of a time or a size (a ratio such as the cores
    busy is better higher)."""
    return "  SLOWER" if unit in ("s", "MB", "KB") and was > 0 and value > was * SLOWER else ""


def line(name: str, values: list[float], unit: str, target: str = "", digits: int = 2) -> None:
    if not values:
        return
    low, middle, high = min(values), statistics.median(values), max(values)
    figures = f"{low:.{digits}f} / {middle:.{digits}f} / {high:.{digits}f} {unit}"
    print(f"  {name:<52} {figures:<26} {target:<26} {record(name, middle, unit)}".rstrip())


def load_baseline(path: Path = BASELINE_FILE) -> str:
    """Read the baseline; a line that says which commit it was measured on."""
    if not path.exists():
        return f"no baseline ({path.name}): run with --save-baseline to keep this run's figures as one"
    data = json.loads(path.read_text(encoding="utf-8"))
    _baseline.update({key: figure["median"] for key, figure in data["figures"].items()})
    return f"baseline: commit {data['commit']} of {data['date']} ({data['note']})"


def save_baseline(note: str, path: Path = BASELINE_FILE) -> None:
    """Write this run's figures as the baseline the next runs are compared with; the figures of
    the scenarios this run left out are kept from the baseline before."""
    old = json.loads(path.read_text(encoding="utf-8"))["figures"] if path.exists() else {}
    figures = {**old, **{key: {"median": round(value, 4), "unit": unit} for key, (value, unit) in _figures.items()}}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=_measured_tree(), capture_output=True,
                            text=True, check=False).stdout.strip() or "?"
    path.write_text(json.dumps({"commit": commit, "date": date.today().isoformat(), "note": note,
                                "figures": dict(sorted(figures.items()))}, indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    print(f"\nWrote {len(_figures)} figures to {path} as the baseline (commit {commit}).")


def _measured_tree() -> str:
    """The folder of the generator package that this Python (whose `respack` the bench runs)
    imports: the tree measured, which may be another checkout than the bench's."""
    found = subprocess.run([sys.executable, "-c", "import generator, os; print(os.path.dirname(generator.__file__))"],
                           capture_output=True, text=True, check=False, cwd="/").stdout.strip()
    return found or str(Path(__file__).parent)


def compared() -> None:
    """Every figure of this run beside its baseline: the ones that moved most first."""
    rows = [(key, value, unit, _baseline[key]) for key, (value, unit) in _figures.items() if key in _baseline]
    if not rows:
        return
    print("\nThis run against the baseline (median; now / baseline):")
    for key, value, unit, was in sorted(rows, key=lambda row: -(row[1] / row[3] if row[3] else 0)):
        ratio = f"{value / was:.2f}×" if was else "-"
        print(f"  {key:<90} {value:>9.3g} / {was:<9.3g} {unit:<3} {ratio}{_mark(value, was, unit)}")
