"""The house in rooms: the stages' imports run one way (pyproject.toml's import-linter contract),
and no module imports itself back through others, imports inside functions included."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp
import pytest

from support import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def import_circles(imports: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The groups of modules that import each other round a circle (strongly connected
    components of more than one module, or a module importing itself), each sorted."""
    order: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    circles = []
    for start in sorted(imports):
        if start in order:
            continue
        work = [(start, iter(sorted(imports.get(start, ()))))]
        order[start] = lowest[start] = len(order)
        stack.append(start)
        while work:
            module, pending = work[-1]
            step = next(pending, None)
            if step is not None:
                if step not in order:
                    order[step] = lowest[step] = len(order)
                    stack.append(step)
                    work.append((step, iter(sorted(imports.get(step, ())))))
                elif step in stack:
                    lowest[module] = min(lowest[module], order[step])
                continue
            work.pop()
            if work:
                lowest[work[-1][0]] = min(lowest[work[-1][0]], lowest[module])
            if lowest[module] == order[module]:
                group = []
                while True:
                    member = stack.pop()
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or module in imports.get(module, ()):
                    circles.append(sorted(group))
    return circles


def test_import_circles_finds_a_circle_and_only_the_circle() -> None:
    imports = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": [], "e": ["e"], "f": ["a"]}
    assert sorted(import_circles(imports)) == [["a", "b", "c"], ["e"]]
    assert import_circles({"a": ["b"], "b": []}) == []


def test_no_module_of_the_package_imports_itself_back() -> None:
    graph = grimp.build_graph("generator")  # imports inside functions and under TYPE_CHECKING count
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    assert import_circles(imports) == []


def lint_imports(cwd: Path, package_parent: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)} if package_parent else None
    return subprocess.run([str(LINT_IMPORTS)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.fixture(scope="module")
def linter() -> Path:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"{LINT_IMPORTS} is missing: `make test` installs import-linter with the test extras")
    return LINT_IMPORTS


def test_the_stages_import_one_way(linter: Path) -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_render_importing_write_breaks_the_contract(linter: Path, tmp_path: Path) -> None:
    """The contract can fail: a copy of the package whose QR codes import the write stage."""
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    qr = tmp_path / "generator" / "render" / "qr.py"
    qr.write_text(qr.read_text(encoding="utf-8") + "\nimport generator.write.files\n", encoding="utf-8")
    result = lint_imports(tmp_path, package_parent=tmp_path)
    assert result.returncode != 0
    assert "generator.render is not allowed to import generator.write" in result.stdout, result.stdout
