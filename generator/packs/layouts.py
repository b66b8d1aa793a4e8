"""The formats: each layout.yaml read by its declaration (generator.model.Layout), once per pack.

A pack reads the layouts of its formats as it is loaded (`read_layouts`), keeping each one's
problems to say when it is used: a pack with a broken layout still loads, so that `respack
check` says every problem of it, and planning or validating its editions names the layout's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.errors import Problem, RespackError
from generator.installation import LAYOUTS_DIR, require_bundled
from generator.model import Layout, Pack, SearchPath
from generator.reading.reader import read_file_mapping
from generator.reading.yamlfile import read_yaml


def bundled_layouts() -> list[Path]:
    """The folders of the bundled formats, each with its layout.yaml."""
    return [path.parent for path in require_bundled(LAYOUTS_DIR, "*/layout.yaml")]


def load_layout(name: str, layouts: SearchPath = SearchPath((LAYOUTS_DIR,)), paper: str = "a4") -> Layout:
    """A format as printed on a paper: `page` is its size for A4, `letter` for US Letter."""
    path = layouts.find(f"{name}/layout.yaml") or LAYOUTS_DIR / name / "layout.yaml"
    problems: list[Problem] = []
    layout = read_file_mapping(Layout, read_yaml(path), path, problems, name=name, directory=path.parent)
    if not layout.stylesheets:
        layout = replace(layout, stylesheets=(f"{name}/style.css",))
    for stylesheet in layout.stylesheets:
        if not layouts.find(stylesheet):
            problems.append(Problem(path, f"stylesheet {stylesheet!r} not found in {', '.join(map(str, layouts.dirs))}",
                                    line=layout.origin.of("stylesheets").line if layout.origin else None,
                                    field="stylesheets"))
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise RespackError(errors)
    return replace(layout, page=layout.letter) if paper == "letter" and layout.letter else layout


def read_layouts(names: tuple[str, ...], layouts: SearchPath, paper: str) -> dict[str, Layout | RespackError]:
    """Each format's layout, or what is wrong with it."""
    read: dict[str, Layout | RespackError] = {}
    for name in dict.fromkeys(names):
        try:
            read[name] = load_layout(name, layouts, paper)
        except RespackError as error:
            read[name] = error
    return read


def layout_of(pack: Pack, name: str) -> Layout:
    """A format of the pack, as read with it; a RespackError says what is wrong with its layout.yaml."""
    layout = pack.layout_files.get(name) or load_layout(name, pack.layouts, pack.paper)
    if isinstance(layout, Exception):
        raise layout
    return layout
