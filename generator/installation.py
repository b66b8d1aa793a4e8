"""Where respack's own files are: the content and layouts installed with it, and the folder of
what it makes once per machine.

The bundled content and layouts live at the top of the repository (content/, layouts/), and
pyproject.toml maps them into the package as generator.content and generator.layouts (each
folder's __init__.py makes it a package an editable install can map): the import system finds
them wherever respack is installed (a wheel, pipx, an editable install), never relative to the
current folder. They are located without being imported.

Fonts and compiled templates are made once per machine, in ~/.cache/respack (machine_cache).
"""

from __future__ import annotations

import importlib.util
import os
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
