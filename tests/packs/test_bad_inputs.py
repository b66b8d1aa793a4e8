"""Every broken tree of tests/bad_inputs/ through the real command line.

Each case is a folder with a pack.yaml, the files it breaks and an expected.yaml (see
tests/bad_inputs/README.md). The command runs as a volunteer would run it, in a copy of the
case folder, and must fail with a message that names the file to fix, never with a traceback;
a failing build must leave a previous good output folder exactly as it was.

The commands are started two at a time in the background as soon as the first case test
runs (each is a separate process, mostly waiting on start-up), and each test then checks the
result of its own case.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from support import RESPACK, manifest_problems, output_of, pdf_text, respack_env, snapshot

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
CASES_DIR = TESTS / "bad_inputs"
TIMEOUT_S = 180
RUNS_AT_ONCE = 2
FILE_KEYS = ("file", "bundled_file", "document")
CASES = sorted(p for p in CASES_DIR.iterdir() if (p / "expected.yaml").is_file())


# --- helpers ---------------------------------------------------------------------------

def run_respack(args: list[str], cwd: Path, network_log: Path) -> subprocess.CompletedProcess[str]:
    """respack as a volunteer runs it, with any attempt to use the network recorded in network_log."""
    return subprocess.run([str(RESPACK), *args], cwd=cwd, env=respack_env(RESPACK_TEST_NETWORK_LOG=str(network_log)),
                          capture_output=True, text=True, timeout=TIMEOUT_S, check=False)




def squash(text: str) -> str:
    """Runs of whitespace as one space, so a wrapped message still matches."""
    return re.sub(r"\s+", " ", text)


def no_space(text: str) -> str:
    """Text without whitespace, so a line break in a PDF does not matter."""
    return re.sub(r"\s+", "", text)








def names_path(output: str, relative: str) -> bool:
    """Whether output names relative as a path from the current folder (the case folder), not
    another file of the same name: the bundled layouts/wallet-card/template.html is printed
    as an absolute path, /work/.../layouts/wallet-card/template.html."""
    return re.search(rf"(?<![\w./-]){re.escape(relative)}(?![\w/-])", output) is not None


def expected_of(case: Path) -> dict:
    return yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))


# --- running the cases ----------------------------------------------------------------

@dataclass
class Run:
    """One case, run: its copy, its output folder before and after, what the command said."""

    expected: dict
    args: list[str]
    work: Path
    out: Path
    case_files: dict[str, bytes]
    before: dict[str, bytes]
    result: subprocess.CompletedProcess[str]
    network_log: Path

    @property
    def output(self) -> str:
        return output_of(self.result)

    @property
    def report(self) -> str:
        return f"\n--- respack {' '.join(self.args)} (exit {self.result.returncode}):\n{self.output}"


def run_case(case: Path, folder: Path, good_output: Path) -> Run:
    """Run a case in a copy of its folder; a build writes into a copy of the good output."""
    expected = expected_of(case)
    work, out, network_log = folder / "case", folder / "out", folder / "network.log"
    shutil.copytree(case, work, ignore=shutil.ignore_patterns("expected.yaml"))
    args = [expected["command"], "pack.yaml", *expected.get("args", [])]
    if expected["command"] == "build":
        shutil.copytree(good_output, out)
        args += ["--out", str(out)]
    case_files, before = snapshot(work), snapshot(out)
    result = run_respack(args, work, network_log)
    return Run(expected, args, work, out, case_files, before, result, network_log)


@pytest.fixture(scope="session")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A known good output tree of the bundled pack, built once: the wallet card in English."""
    good = tmp_path_factory.mktemp("good")
    result = run_respack(["build", "kazakhstan", "--lang", "en", "--format", "wallet-card", "--out", str(good)],
                         ROOT, good.parent / "good-network.log")
    assert result.returncode == 0, f"the bundled pack does not build:\n{output_of(result)}"
    assert (good / "kazakhstan" / "en" / "wallet-card.pdf").is_file()
    assert not (good.parent / "good-network.log").exists(), "the build of the bundled pack used the network"
    return good


@pytest.fixture(scope="session")
def case_runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
              good_output: Path):  # type: ignore[no-untyped-def]
    """The runs of the selected cases, started in the background in the order of the tests."""
    selected = [item.callspec.params["case"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_bad_input"]
    base = tmp_path_factory.mktemp("cases")
    with ThreadPoolExecutor(max_workers=RUNS_AT_ONCE) as pool:
        runs: dict[str, Future[Run]] = {
            case.name: pool.submit(run_case, case, base / case.name, good_output) for case in selected}
        yield runs
        for future in runs.values():
            future.cancel()


# --- the tests ------------------------------------------------------------------------

def test_cases_are_well_formed() -> None:
    assert len(CASES) >= 25
    for case in CASES:
        expected = expected_of(case)
        assert expected["command"] in ("check", "build"), case.name
        assert isinstance(expected["exit"], int), case.name
        assert any(key in expected for key in FILE_KEYS), f"{case.name}: which file should the output name?"
        assert (case / "pack.yaml").is_file(), case.name
        if "file" in expected:
            assert (case / expected["file"]).is_file(), f"{case.name}: no {expected['file']}"
        if "bundled_file" in expected:
            assert (ROOT / expected["bundled_file"]).is_file(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Path, case_runs: dict[str, Future[Run]]) -> None:
    run = case_runs[case.name].result()
    expected, output, report = run.expected, run.output, run.report
    flat = squash(output)

    assert "Traceback" not in output, f"a traceback instead of a message{report}"
    assert run.result.returncode == expected["exit"], \
        f"exit status {run.result.returncode}, expected {expected['exit']}{report}"
    for message in expected.get("messages", []):
        assert squash(message) in flat, f"{message!r} is not in the output{report}"
    if "any_of" in expected:
        assert any(squash(m) in flat for m in expected["any_of"]), \
            f"none of {expected['any_of']} is in the output{report}"
    if "file" in expected:
        assert names_path(output, expected["file"]), f"the output does not name {expected['file']}{report}"
    if "bundled_file" in expected:
        assert expected["bundled_file"] in output, f"the output does not name {expected['bundled_file']}{report}"
    if "document" in expected and expected["exit"] != 0:
        assert expected["document"] in flat, f"the output does not name {expected['document']}{report}"
    assert not run.network_log.exists(), f"the command touched the network:\n{run.network_log.read_text()}{report}"
    assert snapshot(run.work) == run.case_files, f"the command changed or added files in the case folder{report}"

    if expected["command"] != "build":
        return
    after = snapshot(run.out)
    if expected["exit"] != 0:
        may_change = set(expected.get("may_change", []))
        added = sorted(set(after) - set(run.before) - may_change)
        removed = sorted(set(run.before) - set(after))
        assert not added and not removed, \
            f"a failed build changed the list of output files: added {added}, removed {removed}{report}"
        changed = [name for name in run.before
                   if name in after and run.before[name] != after[name] and name not in may_change]
        assert not changed, f"a failed build changed {changed}{report}"
        for name in expected.get("must_not_exist", []):
            assert name not in after, f"a failed build wrote {name}{report}"
    else:
        for document, texts in expected.get("pdf_text", {}).items():
            assert document in after, f"{document} was not written{report}"
            text = pdf_text(run.out / document)
            for wanted in texts:
                assert no_space(wanted) in no_space(text), f"{wanted!r} is not printed in {document}:\n{text}"
    for pack_dir in sorted(p for p in run.out.iterdir() if p.is_dir()):
        assert not manifest_problems(pack_dir), f"{manifest_problems(pack_dir)}{report}"


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    """--debug is for developers: the same failing build shows where it failed."""
    shutil.copytree(CASES_DIR / "32-template-undefined-variable", tmp_path / "case")
    result = run_respack(["--debug", "build", "pack.yaml", "--out", str(tmp_path / "out")], tmp_path / "case",
                         tmp_path / "network.log")
    output = output_of(result)
    assert result.returncode != 0, output
    assert "Traceback" in output, output
    assert "hotline_number" in output, output


def test_network_guard_works(tmp_path: Path) -> None:
    """The hook that catches network access in the cases does catch it (else 'no network' proves nothing)."""
    log = tmp_path / "network.log"
    code = ("import urllib.request\ntry:\n    urllib.request.urlopen('https://example.com/x.png', timeout=5)\n"
            "except OSError:\n    pass\n")
    subprocess.run([sys.executable, "-c", code], env=respack_env(RESPACK_TEST_NETWORK_LOG=str(log)),
                   timeout=TIMEOUT_S, check=True)
    assert "example.com" in log.read_text(), "the network guard of tests/bad_inputs/_hooks did not see the request"
