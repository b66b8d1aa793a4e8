"""Parallel builds: the same files as a build in one process, and errors that come back whole."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.packs.load
from generator.errors import Problem, RespackError
from generator.pipeline import build_editions, plan
from support import PACK, ROOT


def manifest(pack_dir) -> dict:
    return json.loads((pack_dir / "manifest.json").read_text(encoding="utf-8"))


def test_two_jobs_write_the_same_files_as_one(pack_build, second_pack_build):
    """pack_build (conftest) is built in a process per core; second_pack_build in one process."""
    built = second_pack_build.built
    assert all(b.ok for b in built), {b.edition.id: b.report.problems for b in built if not b.ok}
    assert [b.edition.id for b in built] == [b.edition.id for b in pack_build.built], "results out of order"
    one, two = manifest(pack_build.pack_dir), manifest(second_pack_build.pack_dir)
    assert two["files"] == one["files"]  # every PDF and preview: same size and sha256
    assert two["documents"] == one["documents"]


def test_a_respack_error_pickles_with_its_problems():
    error = RespackError([Problem("layouts/x.html", "template error", line=3, field="f", severity="error")])
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, RespackError)
    assert copy.problems == error.problems and str(copy) == str(error)


def test_an_error_in_a_worker_comes_back_as_the_tools_own_error(tmp_path, monkeypatch):
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    template = layouts / "wallet-card" / "template.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    monkeypatch.setattr(generator.packs.load, "LAYOUTS_DIR", layouts)
    editions = plan((PACK,), ("en", "kk"), ("wallet-card",))
    assert len(editions) == 2  # two tasks, so a pool is used

    with pytest.raises(RespackError) as raised:
        build_editions(editions, tmp_path / "out", jobs=2)
    problem = raised.value.problems[0]
    assert isinstance(problem, Problem)
    assert "template" in problem.message and problem.line is not None
    assert "wallet-card" in str(problem.file)
    assert not (tmp_path / "out" / PACK / "manifest.json").exists()


def test_workers_of_the_respack_command_do_not_load_the_command_line(tmp_path):
    """Each worker imports the script that started it: `respack` must not bring the command
    line (click, rich and every command) into every worker."""
    script = Path(sys.executable).parent / "respack"
    if not script.exists():
        pytest.skip("the respack command is not installed beside this Python")
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}  # every process lists its imports on stderr
    result = subprocess.run([str(script), "build", PACK, "--lang", "en", "--format", "wallet-card",
                             "--format", "poster", "--jobs", "2", "--out", str(tmp_path)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    imported = re.findall(r"^import time:.*\|\s*(\S+)$", result.stderr, re.MULTILINE)
    assert imported.count("generator.render.document") >= 2, "the build did not run in two workers"
    assert imported.count("generator.cli") == 1, "a worker imported the command line"
