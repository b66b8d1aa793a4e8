"""A command that needs no document answers at once: `respack --version`, `--help`, `list`
and `where` import none of the libraries that render, read or write PDFs, and a build with
nothing to do loads the packs and the manifest and stops before WeasyPrint is imported.

Each runs the `respack` entry point in a fresh Python and reads back which modules it loaded:
what a process imports is behaviour, and what it costs is measured in bench/, not here."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import PACK, ROOT

# What renders, rasterises, decodes or rewrites a PDF, reads a workbook or serves the preview.
HEAVY = ("weasyprint", "pikepdf", "pypdfium2", "zxingcpp", "pypdf", "python_calamine", "lxml",
         "fontTools.subset", "starlette", "uvicorn", "PIL.Image")

_RUN = """
import json, sys
import generator
sys.argv = ["respack", *json.loads(sys.argv[1])]
code = 0
try:
    generator.main()
except SystemExit as stop:
    code = stop.code or 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def loaded_by(*args: object) -> tuple[int, set[str], str]:
    """The exit code of `respack ARGS`, the modules its process loaded, and its output."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-c", _RUN, json.dumps([str(a) for a in args])], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "{}"
    try:
        report = json.loads(last)
    except json.JSONDecodeError:
        pytest.fail(f"respack {' '.join(map(str, args))} did not finish:\n{result.stdout}\n{result.stderr}")
    return report["code"], set(report["modules"]), result.stdout + result.stderr


def heavy(modules: set[str]) -> list[str]:
    return [name for name in HEAVY if name in modules]


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("build", "--help"), ("serve", "--help"),
                                  ("translate", "--help"), ("list",)], ids=" ".join)
def test_a_command_that_makes_no_document_imports_nothing_that_renders(args: tuple[str, ...]) -> None:
    code, modules, output = loaded_by(*args)
    assert code == 0, output
    assert not heavy(modules), f"respack {' '.join(args)} imported {heavy(modules)}"


def test_the_version_and_the_help_load_no_command_but_the_one_asked_for() -> None:
    code, modules, output = loaded_by("--version")
    assert code == 0 and "respack, version" in output, output
    assert not [m for m in modules if m.startswith("generator.commands.")], "--version loaded a command"
    assert "rich" not in modules and "generator.packs.load" not in modules
    code, modules, output = loaded_by("--help")
    assert code == 0, output
    for verb in ("build", "check", "init", "list", "serve", "translate", "where"):
        assert f"  {verb} " in output, f"--help does not list {verb}:\n{output}"
    assert "generator.packs.load" not in modules and "generator.pipeline" not in modules


def test_an_unknown_command_is_said_in_a_line() -> None:
    code, _, output = loaded_by("bulid")
    assert code == 2 and "No such command 'bulid'" in output and "Traceback" not in output, output


def test_where_reads_the_manifests_without_the_pdf_libraries(office_build: Path) -> None:
    code, modules, output = loaded_by("where", "102", "--out", office_build.parent)
    assert code == 0 and f"{PACK}/en/wallet-card.pdf" in output, output
    assert not heavy(modules), f"respack where imported {heavy(modules)}"


def test_a_build_with_nothing_to_do_stops_before_weasyprint(office_build: Path, tmp_path: Path) -> None:
    # A copy of the session's build of the pack (its PDFs and manifest), which other tests
    # read: the same command into the copy has nothing to do.
    shutil.copytree(office_build, tmp_path / PACK)
    code, modules, output = loaded_by("build", PACK, "--out", tmp_path)
    assert code == 0, output
    assert re.search(r"(\d+) of \1\s+unchanged", output), output  # a long folder's name wraps the line
    assert "generator.write.manifest" in modules and "generator.packs.load" in modules
    assert not heavy(modules), f"a build with nothing to do imported {heavy(modules)}"
    # nor the worker pool, nor the progress bar of documents it does not render
    assert "concurrent.futures" not in modules and "rich.progress" not in modules


def test_a_build_that_renders_still_does(tmp_path: Path) -> None:
    """The other side: the same entry, with a document to make, renders it in this process."""
    code, modules, output = loaded_by("build", PACK, "--lang", "en", "--format", "wallet-card", "--jobs", "1",
                                      "--out", tmp_path)
    assert code == 0, output
    assert "weasyprint" in modules and (tmp_path / PACK / "en" / "wallet-card.pdf").is_file()
    assert "rich.progress" in modules  # its bar shown while it renders
