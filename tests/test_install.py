"""respack as a newcomer meets it: the wheel installed in a fresh virtualenv, run in an empty folder.

The sdist is made from a copy of the tree (a build folder left in the repository could carry
old files into it), and the wheel from the sdist, without the network: this environment's setuptools builds it, and the
fresh virtualenv takes its dependencies from this environment (a .pth file), so only respack
itself comes from the wheel.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import ROOT

SOURCES = ("generator", "content", "layouts", "pyproject.toml", "README.md")
TIMEOUT_S = 300


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the fresh virtualenv's bin folder, the wheel)."""
    work = tmp_path_factory.mktemp("install")
    tree = work / "tree"
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            tree.mkdir(exist_ok=True)
            shutil.copy2(source, tree / name)
    dist = work / "dist"
    # The sdist first, and the wheel from it: both must carry the content and the layouts.
    subprocess.run([sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_sdist({str(dist)!r})"],
                   cwd=tree, check=True, timeout=TIMEOUT_S, capture_output=True)
    sdist = next(dist.glob("respack-*.tar.gz"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run([*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", str(dist),
                    str(sdist)], check=True, timeout=TIMEOUT_S, capture_output=True)
    wheel = next(dist.glob("respack-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=TIMEOUT_S)
    fresh_site = next((venv / "lib").glob("python3*/site-packages"))
    (fresh_site / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([*pip, "--python", str(venv / "bin" / "python"), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, timeout=TIMEOUT_S, capture_output=True)
    return venv / "bin", wheel


def test_the_wheel_carries_content_and_layouts(installed: tuple[Path, Path]) -> None:
    names = set(zipfile.ZipFile(installed[1]).namelist())
    for expected in ("generator/content/packs/kazakhstan.yaml", "generator/content/kz/country.yaml",
                     "generator/content/packs/example-ngo/logo.svg", "generator/layouts/base.html",
                     "generator/layouts/wallet-card/layout.yaml", "generator/layouts/partials/qr.html",
                     "generator/commands/scaffold/pack.yaml", "generator/serve/page/index.html",
                     "generator/serve/page/preview.js"):
        assert expected in names, f"{expected} is not in {installed[1].name}"


def test_a_newcomer_builds_in_an_empty_folder(installed: tuple[Path, Path], tmp_path: Path) -> None:
    bin_dir = installed[0]
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    folder = tmp_path / "ngo"
    folder.mkdir()

    def respack(*args: str) -> str:
        done = subprocess.run(["respack", *args], cwd=folder, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=False)
        output = done.stdout + done.stderr
        assert "Traceback" not in output, output
        assert done.returncode == 0, f"respack {' '.join(args)} exited {done.returncode}:\n{output}"
        return output

    located = subprocess.run([str(bin_dir / "python"), "-c", "import generator; print(generator.__file__)"],
                             cwd=folder, env=env, capture_output=True, text=True, check=True).stdout
    assert Path(located.strip()).is_relative_to(bin_dir.parent), f"respack ran from {located}, not the wheel"
    assert "0.1.0" in respack("--version")
    listing = respack("list")
    assert "kazakhstan" in listing and "wallet-card" in listing
    layouts = next(line.split(": ", 1)[1] for line in listing.splitlines() if line.startswith("Built-in layouts"))
    assert Path(layouts).is_relative_to(bin_dir.parent) and (Path(layouts) / "base.html").is_file(), layouts
    respack("init", "p")
    assert "0 errors" in respack("check", "p")
    respack("build", "p")
    respack("build", "kazakhstan", "--lang", "kk", "--format", "wallet-card")
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf"))
    assert "output/p/en/leaflet.pdf" in written, written
    assert "output/kazakhstan/kk/wallet-card.pdf" in written, written
    assert all(name.startswith("output/") for name in written), written


def test_a_missing_bundled_folder_is_an_error_not_zero_errors(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    from click.testing import CliRunner

    import generator.packs.load
    from generator.cli import cli

    monkeypatch.setattr(generator.packs.load, "PACKS_DIR", tmp_path / "packs")
    for command in (["check"], ["list"], ["build", "kazakhstan"]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1, (command, result.output)
        assert "0 errors" not in result.output
        assert "the installation of respack is incomplete" in result.output, (command, result.output)


def test_the_library_builds_with_one_call(tmp_path: Path) -> None:
    """generator.pipeline.build: load → validate → plan → render → check → write, and a result."""
    from generator.pipeline import build

    result = build(["kazakhstan"], ["en"], ["wallet-card"], tmp_path)
    assert [document.edition.id.split("/")[:3] for document in result.documents] == \
        [["kazakhstan", "en", "wallet-card"]]
    assert not result.failed
    assert (tmp_path / "kazakhstan" / "en" / "wallet-card.pdf").is_file()
    assert {p.severity for p in result.warnings} <= {"warning"}


def installation_snapshot(bin_dir: Path) -> dict[str, bytes]:
    """Every file of respack's package as installed (the wheel's generator/ folder)."""
    package = next((bin_dir.parent / "lib").glob("python3*/site-packages/generator"))
    return {p.relative_to(package).as_posix(): p.read_bytes() for p in sorted(package.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def test_an_ngos_translation_and_approval_survive_a_reinstall(installed: tuple[Path, Path], tmp_path: Path) -> None:
    """An NGO imports and approves a translation with the installed tool: it lands in the NGO's
    folder, never in the installation, and a reinstall of the wheel keeps it printed."""
    import polib

    bin_dir, wheel = installed
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    folder = tmp_path / "ngo"
    folder.mkdir()

    def respack(*args: str, code: int = 0) -> str:
        done = subprocess.run(["respack", *args], cwd=folder, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=False)
        output = done.stdout + done.stderr
        assert "Traceback" not in output, output
        assert done.returncode == code, f"respack {' '.join(args)} exited {done.returncode}:\n{output}"
        return output

    before = installation_snapshot(bin_dir)
    respack("init", "p")
    respack("translate", "export", "ru", "p/pack.yaml", "-o", "ru.po")
    catalogue = polib.pofile(str(folder / "ru.po"))
    headline = next(entry for entry in catalogue if entry.msgctxt == "headline")
    headline.msgstr = "Вам помогут: наш перевод заголовка."
    headline.flags = [flag for flag in headline.flags if flag != "fuzzy"]
    catalogue.save(str(folder / "ru.po"))
    said = respack("translate", "import", "ru.po", "p/pack.yaml", "--reviewed-by", "Aigerim")
    assert "p/content/kz/domestic-violence/ru.yaml" in said, said
    assert installation_snapshot(bin_dir) == before, "the import wrote into the installed program"
    respack("translate", "export", "ru", "kazakhstan", "-o", "kazakhstan-ru.po")
    refused = respack("translate", "import", "kazakhstan-ru.po", "kazakhstan", "--reviewed-by", "Aigerim", code=1)
    assert "installed respack" in refused and "respack init" in refused, refused

    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run([*pip, "--python", str(bin_dir / "python"), "install", "--quiet", "--no-deps", "--no-index",
                    "--force-reinstall", str(wheel)], check=True, timeout=TIMEOUT_S, capture_output=True)
    respack("build", "p", "--lang", "ru", "--format", "poster")
    own = (folder / "p" / "content" / "kz" / "domestic-violence" / "ru.yaml").read_text(encoding="utf-8")
    assert "reviewed_by: Aigerim" in own, own
    text = subprocess.run([str(bin_dir / "python"), "-c", "import sys, pypdfium2 as p; d = p.PdfDocument(sys.argv[1]);"
                           " print(' '.join(d[0].get_textpage().get_text_range().split()))",
                           str(folder / "output" / "p" / "ru" / "poster.pdf")], env=env, capture_output=True,
                          text=True, check=True).stdout
    assert "Вам помогут: наш перевод заголовка." in text, text[:500]
