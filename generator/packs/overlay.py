"""An NGO's own wording on top of the bundled content, unit by unit.

A pack's own content folder (its `content_dir`, or a `content/` folder beside its pack file)
holds only what the NGO made: a language file there may hold one section's answer, a contact's
note, the translations it imported and the approvals of its reviewers. Everything else comes
from the content installed with respack, and follows its corrections at every upgrade: the
files of one path along the content search path are read from the installed one up, each
later one replacing what it names (a mapping key by key, the sections by their id).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import reduce
from pathlib import Path
from typing import Any, TypeVar, cast

from generator.declared import Declared, options_of
from generator.errors import Problem
from generator.model import Guidance, SearchPath, Strings
from generator.reading.reader import read_file_mapping
from generator.reading.yamlfile import read_yaml
from generator.reads import note

D = TypeVar("D", bound=Declared)
F = TypeVar("F", Guidance, Strings)  # a content file with overlays: its path and layers given


def layers(content: SearchPath, relative: str) -> list[Path]:
    """The files at relative along the search path, the installed one first: each later one is
    an overlay on those before it."""
    _look(content, relative)
    return list(reversed([folder / relative for folder in content.dirs if (folder / relative).is_file()]))


def found(content: SearchPath, relative: str) -> Path | None:
    """content.find, with the places looked in noted."""
    _look(content, relative)
    return content.find(relative)


def _look(content: SearchPath, relative: str) -> None:
    """Note each place a file is looked for (generator.reads): a file made later in a folder
    the search passed changes what is read."""
    for folder in content.dirs:
        note(folder / relative)


def read_layers(kind: type[F], paths: Sequence[Path], problems: list[Problem] | None,
                check: Callable[[F, bool], list[Problem]] = lambda read, overlay: []) -> F:
    """A file and its overlays read by their declaration as one: each read on its own first,
    the first whole, each later one an overlay that requires nothing, so a problem is said at
    its own file and line (and check's of each), then each laid over those before it. Without
    problems, leniently: a translation just started (every text empty, records missing) is
    read as it stands, its problems said where it is built."""
    read: list[F] = []
    for index, path in enumerate(paths):
        read_yaml(path)  # noted for the pack's documents each time it is read (generator.reads)
        stat = path.stat()
        layer, found = _read_layer(kind, path, index > 0, problems is None, stat.st_mtime_ns, stat.st_size)
        read.append(layer)
        if problems is not None:
            problems.extend(found)
            problems.extend(check(read[-1], index > 0))
    return replace(reduce(overlaid, read), path=paths[-1], layers=tuple(paths))


def read_started(kind: type[F], content: SearchPath, relative: str) -> F | None:
    """A file along the search path read leniently (read_layers); None when no folder has it."""
    paths = layers(content, relative)
    return read_layers(kind, paths, None) if paths else None


_READ: dict[tuple[type, Path, bool, bool, int, int], tuple[Declared, tuple[Problem, ...]]] = {}


def _read_layer(kind: type[F], path: Path, partial: bool, lenient: bool, mtime_ns: int, size: int
                ) -> tuple[F, tuple[Problem, ...]]:
    """A file read by its declaration, once while unchanged (units read a language's files for
    every document): frozen, shared by those who read it. A lenient reading of a file read
    strictly without a problem is that reading: nothing was left out of it."""
    key = (kind, path, partial, lenient, mtime_ns, size)
    strict = _READ.get((kind, path, partial, False, mtime_ns, size))
    if lenient and key not in _READ and strict is not None and not strict[1]:
        return cast(F, strict[0]), ()
    if key not in _READ:
        if len(_READ) > 256:  # a long preview, edit after edit
            _READ.clear()
        problems: list[Problem] = _Unheard() if lenient else []
        _READ[key] = read_file_mapping(kind, read_yaml(path), path, problems, partial=partial, path=path), \
            tuple(problems)
    read, problems_read = _READ[key]
    return cast(F, read), problems_read


class _Unheard(list[Problem]):
    """Problems not kept: what a lenient reading does not say, nor lets drop what it reads."""

    def append(self, problem: Problem) -> None:
        pass


def overlaid(base: D, own: D) -> D:
    """own over base: each key own's file gives replaces base's; mappings merge key by key, a
    list of mappings with ids item by item (an item of a new id is added at the end). Each value
    keeps the origin of the file that gives it."""
    given = own.origin.key_lines if own.origin else {}
    changes = {name: _over(getattr(base, name), getattr(own, name)) for name in options_of(type(own)) if name in given}
    origin = own.origin.over(base.origin) if own.origin and base.origin else own.origin or base.origin
    return replace(base, **changes, origin=origin)


def _over(base: Any, own: Any) -> Any:
    if isinstance(base, Declared) and isinstance(own, Declared):
        return overlaid(base, own)
    if isinstance(base, dict) and isinstance(own, dict):
        return {**base, **{key: _over(base.get(key), value) for key, value in own.items()}}
    if isinstance(base, tuple) and isinstance(own, tuple) and all(hasattr(item, "id") for item in (*base, *own)):
        by_id = {item.id: item for item in base}
        for item in own:
            by_id[item.id] = _over(by_id.get(item.id), item)
        return tuple(by_id.values())
    return own
