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
from generator.pipeline import BuiltDocument, Finishing, Workers, build_editions, plan, worker_affinity
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


def test_each_worker_starts_with_a_format_of_its_own(bundled):
    """A worker's first document of a format pays for what its next ones reuse (the stylesheets,
    the fonts at their sizes, the drawn check's trusted glyphs): the two workers of the bundled
    build start on two formats, not on two languages of the longest one."""
    firsts: dict[int, BuiltDocument] = {}
    for document in bundled.built:  # in the order they came back: each worker's own in its order
        firsts.setdefault(document.worker, document)
    assert len(firsts) >= 2 and 0 not in firsts, "the build did not run in workers"
    kinds = [(document.edition.format, document.edition.pack.layouts.dirs) for document in firsts.values()]
    assert len(set(kinds)) == len(kinds), [document.edition.id for document in firsts.values()]


def test_a_free_worker_is_given_a_format_it_has_rendered_else_one_no_worker_has():
    editions = plan((PACK,), ("kk", "ru"), ("leaflet", "poster", "wallet-card"))
    tasks = [(edition, Finishing()) for edition in editions]
    index = {(edition.format, edition.languages[0]): n for n, edition in enumerate(editions)}
    formats = ("leaflet", "poster", "wallet-card")
    leaflet, poster, card = (worker_affinity(editions[index[name, "kk"]]) for name in formats)
    longest_first = [index[name, language] for name in formats for language in ("kk", "ru")]

    def given(warm: set, elsewhere: set, first=lambda edition: False) -> tuple[str, str]:
        workers = Workers(2)
        workers.first = first
        waiting = [[n] for n in longest_first]
        batch = workers._next(waiting, tasks, warm, elsewhere)
        assert len(waiting) == len(longest_first) - 1 and batch not in waiting
        return editions[batch[0]].format, editions[batch[0]].languages[0]

    assert given(set(), set()) == ("leaflet", "kk")  # the longest
    assert given(set(), {leaflet}) == ("poster", "kk")  # not the leaflet's second language: another format
    assert given({card}, {leaflet, poster, card}) == ("wallet-card", "kk")  # its own, though shorter
    assert given({poster}, {leaflet, poster}) == ("poster", "kk")
    assert given(set(), {leaflet, poster, card}) == ("leaflet", "kk")  # nothing of its own: the longest, at once
    # The preview's chosen document before any format of the worker's.
    assert given({card}, {card}, first=lambda edition: edition.format == "poster"
                 and edition.languages == ("ru",)) == ("poster", "ru")
