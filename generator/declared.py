"""Declared files: what each kind of file may hold, written once.

As MkDocs declares its configuration options, a kind of file (a layout.yaml, a layout's
options, its capacity) is a frozen dataclass whose fields are its keys: the field's type and
default are the key's, and `option()` adds what the field cannot say, its help and its check.
One reader (generator.reading.reader) reads any of them from a file, so a key is added in one
place and the reader knows its type, its default and its line.

Every object read remembers where it was read (`Declared.origin`): its file, its line and the
line of each of its keys, so a later check names the line to fix without reading the file again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A check of a value already of the right type: the sentence that says what is wrong, or None.
Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Option:
    """What a declared field adds to its type and default: why it is there, and its check."""

    help: str
    check: Check | None = None
    required: bool = False  # a key a whole file must give (never one of an overlay)
    each: Check | None = None  # of a list of words: the check of each, said at its own line


def option(default: Any = dataclasses.MISSING, *, help: str, check: Check | None = None,  # noqa: A002
           required: bool = False, factory: Callable[[], Any] | None = None, each: Check | None = None) -> Any:
    """A field of a declared file: its default (none: required), its help and its check."""
    metadata = {"option": Option(help=help, check=check, each=each, required=required or (
        default is dataclasses.MISSING and factory is None))}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Origin:
    """Where a mapping was read: its file, its line, the path of its field in the file
    ("steps[2].options") and the line of each of its keys, and of the keys of a mapping it
    holds ("strings.scan_to_call"). Read with its overlays (generator.packs.overlay), a key
    stands in the file that gives it last (`key_paths`)."""

    path: Path
    line: int | None = None
    field: str | None = None
    key_lines: Mapping[str, int] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    key_paths: Mapping[str, Path] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def of(self, key: str) -> Origin:
        """Where one key of the mapping stands (the mapping's own line if it is not given)."""
        return Origin(self.key_paths.get(key, self.path), self.key_lines.get(key, self.line),
                      f"{self.field}.{key}" if self.field else key)

    def given(self, key: str) -> Origin | None:
        """Where the file gives key; None where it does not."""
        return self.of(key) if key in self.key_lines else None

    def nearest(self, key: str) -> Origin | None:
        """Where the file gives key ("contacts.police"), else the mapping that would hold it
        ("contacts"), else None."""
        return self.given(key) or (self.nearest(key.rpartition(".")[0]) if "." in key else None)

    def over(self, base: Origin) -> Origin:
        """This origin, an overlay's, over base's: each key where the file that gives it last has it."""
        def paths(origin: Origin) -> dict[str, Path]:
            return {key: origin.key_paths.get(key, origin.path) for key in origin.key_lines}

        return Origin(self.path, self.line, self.field, {**base.key_lines, **self.key_lines},
                      {**paths(base), **paths(self)})


@dataclass(frozen=True, kw_only=True)
class Declared:
    """A mapping of a file read by its declaration; `origin` is None for one made in code."""

    origin: Origin | None = field(default=None, compare=False, repr=False)

    def given(self) -> dict[str, object]:
        """The keys the file gave (those that are not None), by name: what a template reads."""
        return {f.name: value for f in dataclasses.fields(self)
                if "option" in f.metadata and (value := getattr(self, f.name)) is not None}


def options_of(kind: type[Declared]) -> dict[str, dataclasses.Field[Any]]:
    """The declared keys of a kind of mapping, in the order of its declaration."""
    return {f.name: f for f in dataclasses.fields(kind) if "option" in f.metadata}
