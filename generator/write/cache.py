"""Incremental builds: a document is rebuilt only when something it is made from changed.

Each document gets a key, the sha256 of everything its PDF and previews depend on:

- every file the reader read for its pack, as the reader noted it (generator.reads): the pack
  file, the country file, the channel notes, the logo and the printer's profile, and, of its
  language(s) only, the guidance, strings and giveaway terms, each with its overlays, and the
  English a translation is compared with; a file looked for and not found counts as absent;
- of a sites spreadsheet, the document's own row only: an edit to one row rebuilds one site;
- every file of the layout search path (base.html, base.css, partials/, all formats: a
  template may include or extend another format's files, so all of them count), each
  relative path as the search path resolves it (a pack's own file hides the bundled one);
- the font files it embeds;
- the tool: its version, the source of the generator package, and the versions
  of the libraries that shape the bytes of a PDF or a preview.

Files are hashed by content, not by date, so a copied or checked-out tree with the same
files has the same keys. The key is stored per document in the pack's manifest.json; a
document is skipped when its key is unchanged and every file it wrote is still on disk
with the size and sha256 the manifest records (hashing the few MB of a pack takes
milliseconds, so outputs are verified fully, not only by size or date).

A pack's validation (generator.packs.validate) is kept the same way, per machine: its key is
every file read for the pack, its spreadsheet of sites, its layouts, its fonts, the tool and
the libraries validation uses, the day and whether it is a release; each file by its path as
well as its content, for the problems name the files. A pack validated without an error keeps
its warnings (kept_warnings), and a build of the same pack, unchanged, says them again without
validating it: a quarter of a build with nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import date
from email.parser import HeaderParser
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from generator.errors import Problem, Severity
from generator.installation import VERSION, machine_cache
from generator.model import Edition, Pack
from generator.render.fonts import FontMissing, fonts_for

# Libraries whose version changes the bytes written: layout and PDF, QR codes, previews.
OUTPUT_LIBRARIES = ("weasyprint", "pydyf", "qrcode", "pypdfium2", "pillow", "pikepdf")
# And those whose version changes what validation finds: short numbers, scripts, templates,
# spreadsheets, font coverage.
VALIDATION_LIBRARIES = ("phonenumbers", "babel", "jinja2", "python-calamine", "fonttools")


@lru_cache(maxsize=4096)
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    """sha256 of a file, remembered while its size and date stay the same (within a process)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    stat = path.stat()
    return _file_digest(path, stat.st_size, stat.st_mtime_ns)


def _tree_digests(folder: Path, pattern: str = "*") -> list[tuple[str, str]]:
    """(relative path, sha256) of every file below folder whose name matches pattern, hidden
    files and caches left out (by name, before the file is looked at)."""
    found = []
    for path in sorted(folder.rglob(pattern)):
        relative = path.relative_to(folder)
        if not any(part.startswith(".") or part == "__pycache__" for part in relative.parts) and path.is_file():
            found.append((relative.as_posix(), file_digest(path)))
    return found


def _search_path_digests(folders: Iterable[Path]) -> list[tuple[str, str]]:
    """The files a search path resolves to: for each relative path, the first folder's file."""
    resolved: dict[str, str] = {}
    for folder in folders:
        if folder.is_dir():
            for relative, digest in _tree_digests(folder):
                resolved.setdefault(relative, digest)
    return sorted(resolved.items())


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """The tool's version, its source code and its output libraries: a code change rebuilds."""
    package = Path(__file__).resolve().parents[1]
    source = _tree_digests(package, "*.py")
    return _digest({"version": VERSION, "libraries": _versions(OUTPUT_LIBRARIES), "source": source})


def _versions(names: Sequence[str]) -> list[str]:
    """Each library's installed version, from the headers of its metadata (parsed whole, with
    their long descriptions, the eleven took nearly twice as long)."""
    versions = []
    for name in names:
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
            continue
        text = distribution.read_text("METADATA") or distribution.read_text("PKG-INFO") or ""
        versions.append(f"{name}={HeaderParser().parsestr(text)['Version']}")
    return versions


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def document_inputs(edition: Edition, layouts: dict[tuple[Path, ...], object] | None = None) -> dict[str, object]:
    """What the document is made from, each file by its sha256: the key is the hash of this.
    layouts: the digests of layout search paths found already in this build (a thousand sites'
    cards share one, and walking it took three quarters of their keys' time)."""
    pack = edition.pack
    roots = _roots((pack.path.parent, *pack.content.dirs, *pack.layouts.dirs))
    return {
        "tool": tool_fingerprint(),
        "edition": edition.id,
        "read": sorted({_name(path, roots): _digest_if_there(path)
                        for path in pack.reads.of(edition.languages)}.items()),
        "site": edition.site.row if edition.site else None,  # its own row only: an edit rebuilds one site
        "layouts": _layouts_digests(tuple(pack.layouts.dirs), {} if layouts is None else layouts),
        "fonts": [file_digest(path) for path in fonts_for(pack.branding, edition.languages).files()],
    }


@lru_cache(maxsize=64)
def _roots(folders: tuple[Path, ...]) -> tuple[Path, ...]:
    return tuple(folder.resolve() for folder in folders)


@lru_cache(maxsize=4096)
def _name(path: Path, roots: tuple[Path, ...]) -> str:
    """A file's name in a key: its path below the first of the pack's folders holding it, so
    that a copied tree has the same keys."""
    resolved = path.resolve()
    return next((f"{index}:{resolved.relative_to(root).as_posix()}"
                 for index, root in enumerate(roots) if resolved.is_relative_to(root)), resolved.as_posix())


def _digest_if_there(path: Path) -> str | None:
    """A file looked for and not found is keyed as absent: made later, it rebuilds."""
    try:
        return file_digest(path)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _layouts_digests(dirs: tuple[Path, ...], found: dict[tuple[Path, ...], object]) -> object:
    if dirs not in found:
        found[dirs] = _search_path_digests(dirs)
    return found[dirs]


def document_key(edition: Edition, options: str = "", layouts: dict[tuple[Path, ...], object] | None = None) -> str:
    """options: how the build was asked for (a print-shop file too?), which changes the files.
    layouts: see document_inputs."""
    return _digest({**document_inputs(edition, layouts), "options": options})


def validation_key(pack: Pack, today: date, release: bool) -> str | None:
    """What the validation of a pack depends on, hashed (see the module's doc); None when a
    font it needs is missing or a file cannot be read, which validation itself says."""
    try:
        return _validation_key(pack, today, release)
    except (FontMissing, OSError):
        return None


def _validation_key(pack: Pack, today: date, release: bool) -> str:
    fonts = sorted({str(path): file_digest(path) for language in pack.languages
                    for path in fonts_for(pack.branding, (language,)).files()}.items())
    read = {path for files in pack.reads.files.values() for path in files}
    return _digest({
        "tool": tool_fingerprint(),
        "libraries": _versions(VALIDATION_LIBRARIES),
        "day": today.isoformat(),
        "release": release,
        "pack": str(pack.path.resolve()),
        "read": sorted((str(path.resolve()), _digest_if_there(path)) for path in read | {pack.path}),
        "sites": [str(pack.sites_path.resolve()), _digest_if_there(pack.sites_path)] if pack.sites_path else None,
        "layouts": [[str(folder.resolve()) for folder in pack.layouts.dirs],
                    _search_path_digests(pack.layouts.dirs)],
        "fonts": fonts,
    })


KEPT_DAYS = 31  # how long a pack's kept warnings stay on the machine


def _kept_path(key: str) -> Path:
    return machine_cache("validated") / f"{key}.json"


def kept_warnings(key: str | None) -> list[Problem] | None:
    """The warnings of the pack validated under key, if one was (None: validate it)."""
    if key is None:
        return None
    try:
        kept = json.loads(_kept_path(key).read_text(encoding="utf-8"))
        return [Problem(**{**fields, "file": Path(fields["file"]) if path else fields["file"]})
                for path, fields in kept]
    except (OSError, ValueError, TypeError, KeyError):
        return None  # none kept, or not readable as kept: validated again


def keep_warnings(key: str | None, problems: Sequence[Problem]) -> None:
    """Keep a pack's warnings under key, unless validation found an error: then it validates again."""
    if key is None or any(problem.severity is Severity.ERROR for problem in problems):
        return
    kept = [(isinstance(p.file, Path), {"file": str(p.file), "message": p.message, "line": p.line,
                                        "column": p.column, "field": p.field, "severity": p.severity.value,
                                        "sheet": p.sheet, "site": p.site, "language": p.language,
                                        "format": p.format}) for p in problems if p.kind is None]
    if len(kept) != len(problems):
        return  # a problem of a check's kind is not one validation makes: nothing kept
    path = _kept_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp",
                                         delete=False) as file:
            json.dump(kept, file)
        os.replace(file.name, path)
        for older in path.parent.glob("*.json"):  # a key has its day: those of last month are not asked again
            if older.stat().st_mtime < time.time() - KEPT_DAYS * 86400:
                older.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written is validated again next time
