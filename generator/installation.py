"""Where respack's own files are: the content and layouts installed with it, and the folder of
what it makes once per machine.

The bundled content and layouts live at the top of the repository (content/, layouts/), and
pyproject.toml maps them into the package as generator.content and generator.layouts (each
folder's __init__.py makes it a package an editable install can map): the import system finds
them wherever respack is installed (a wheel, pipx, an editable install), never relative to the
current folder. They are located without being imported.

Fonts and compiled templates are made once per machine, in ~/.cache/respack (machine_cache).

shown_path says a path to a person without the machine's folders in it: relative to the
current folder or a pack's, `(respack) content/kz/country.yaml` for a file of the installed
program.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

from generator.errors import Problem, RespackError

VERSION = "0.1.0"


def bundled_dir(name: str) -> Path:
    """The folder of generator.<name> ("content" or "layouts"), as installed."""
    spec = importlib.util.find_spec(f"generator.{name}")
    folders = list(spec.submodule_search_locations or []) if spec else []
    return Path(folders[0]) if folders else Path(__file__).parent / name


CONTENT_DIR = bundled_dir("content")
LAYOUTS_DIR = bundled_dir("layouts")
PACKS_DIR = CONTENT_DIR / "packs"
PROGRAM_DIR = Path(__file__).resolve().parent


def require_bundled(folder: Path, pattern: str) -> list[Path]:
    """The entries of a bundled folder matching pattern: a missing or empty folder is an error
    of the installation, never an empty list (which would read as "nothing to do")."""
    found = sorted(folder.glob(pattern)) if folder.is_dir() else []
    if not found:
        raise RespackError(Problem(folder, f"no {pattern} in the bundled folder: the installation of respack "
                                   "is incomplete; reinstall it (pip install --force-reinstall respack)"))
    return found


def machine_cache(name: str) -> Path:
    """A folder of ~/.cache/respack (or $RESPACK_CACHE/respack): what is made once per machine."""
    base = os.environ.get("RESPACK_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "respack" / name


def is_installed(path: Path | str) -> bool:
    """Whether path is a file of respack as installed in a Python environment (a wheel, pipx),
    which an upgrade or a reinstall replaces: an NGO's work must never be written there. A
    checkout of the project is not: its content is its maintainers' own, kept in git."""
    resolved = Path(path).resolve()
    return (any(part in ("site-packages", "dist-packages") for part in resolved.parts)
            and any(resolved.is_relative_to(folder.resolve()) for folder in (CONTENT_DIR, LAYOUTS_DIR, PROGRAM_DIR)))


def shown_path(path: Path | str, folders: Sequence[Path] = ()) -> str:
    """A path as a page or a message may show it: relative to the current folder, else to the
    first of folders (a pack's) that holds it, else `(respack) …` for the installed program's
    own files and `(cache) …` for what it made once; any other absolute path by its name only.
    A relative path, or a word such as "command line", is said as it is."""
    if not Path(path).is_absolute():
        return str(path)
    resolved = Path(path).resolve()
    for folder in (Path.cwd(), *folders):
        inside = _inside(resolved, folder)
        if inside is not None:
            return inside
    labelled = (("(respack) content/", CONTENT_DIR), ("(respack) layouts/", LAYOUTS_DIR),
                ("(respack) generator/", PROGRAM_DIR), ("(cache) ", machine_cache("")))
    for label, folder in labelled:
        inside = _inside(resolved, folder)
        if inside is not None:
            return label.rstrip("/ ") if inside == "." else label + inside
    return f"…/{resolved.name}"


def _inside(path: Path, folder: Path) -> str | None:
    """path relative to folder, or None when it is not below it."""
    try:
        return path.relative_to(folder.resolve()).as_posix()
    except ValueError:
        return None
