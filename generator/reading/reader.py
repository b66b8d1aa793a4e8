"""The one reader of declared files (generator.declared): a mapping of a YAML file, read by
its declaration into its frozen object, every problem said at its file, line and field.

The type of a declared field says how its key is read: text, a whole number, a number, true
or false, one word of an enum, a list of words or of numbers, a mapping of numbers or of texts,
another declared mapping, a list of them or a mapping of them by name (by an enum's names: those
alone allowed); `X | None` is a key that may be left out. An overlay (`partial`) requires nothing.
"""

from __future__ import annotations

import types
import typing
from dataclasses import MISSING, Field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar, Union

from generator.declared import Check, Declared, Option, Origin, options_of
from generator.errors import Problem, Severity
from generator.reading.yamlfile import Fields, Mapping

D = TypeVar("D", bound=Declared)


def read_file_mapping(kind: type[D], value: object, path: Path, problems: list[Problem], /,
                      partial: bool = False, **given: Any) -> D:
    """A whole file's mapping read as kind; `given` are the fields that are not the file's own."""
    return read_declared(kind, Fields(value, path, problems, allowed=tuple(options_of(kind)), partial=partial),
                         **given)


def read_declared(kind: type[D], fields: Fields, **given: Any) -> D:
    """A mapping read as kind: each declared key by its type, its default where it is left out
    or wrong (the problem is recorded in fields), its check run on what it gives."""
    hints = _hints(kind)
    values = {name: _read(fields, name, hints[name], declared)
              for name, declared in options_of(kind).items() if name not in given}
    return kind(**given, **values, origin=_origin(fields))


def _origin(fields: Fields) -> Origin:
    """Where the mapping was read: the line of each of its keys, and of each key of a mapping it holds."""
    lines = {str(k): v for k, v in getattr(fields.data, "key_lines", {}).items()}
    for key, value in fields.data.items():
        lines.update({f"{key}.{k}": v for k, v in getattr(value, "key_lines", {}).items()})
    return Origin(fields.path, fields.line_of(), fields.where or None, lines)


def _read(fields: Fields, key: str, hint: Any, declared: Field[Any]) -> Any:
    """The value of one key as its type says, checked by the field's check."""
    option: Option = declared.metadata["option"]
    default = _default(declared)
    if key not in fields.data and not (option.required and not fields.partial):
        return default
    kind = _unwrap(hint)
    value = _read_raw(fields, key, kind, option.required, default)
    if value is default or value is None or kind is object:
        return value
    if option.check is not None and (message := option.check(value)) is not None:
        fields.problem(message, key)
        return default
    if option.each is not None:  # each word of a list, at its own line
        _check_each(fields, key, option.each)
    if typing.get_origin(kind) is tuple and isinstance(value, list):  # numbers, once checked
        return tuple(float(v) for v in value)
    return value


def _check_each(fields: Fields, key: str, check: Check) -> None:
    items = fields.data.get(key)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, str) and (message := check(item)) is not None:
            fields.item_problem(key, index, message)


def _read_raw(fields: Fields, key: str, kind: Any, required: bool, default: Any) -> Any:
    """The value of one key of that type (a list of numbers still a list, for its check)."""
    if kind is object:  # a part with a reader of its own
        return fields.data.get(key, default)
    if isinstance(kind, tuple):  # text, or a mapping: `sites: sites.csv` or `sites: {file: ...}`
        text, mapping = kind
        kind = mapping if isinstance(fields.data.get(key), dict) else text
    if isinstance(kind, type) and issubclass(kind, Declared):
        return read_declared(kind, fields.child(key, allowed=tuple(options_of(kind)), required=required))
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple and isinstance(args[0], type) and issubclass(args[0], Declared):
        item = args[0]
        found = fields.each(key, lambda entry: read_declared(item, entry), allowed=tuple(options_of(item)),
                            required=required)
        return tuple(found) or default
    if origin is tuple and args[0] is str:
        return tuple(fields.text_list(key, required))
    if origin is tuple:  # numbers ([0.33, 1]), made a tuple once checked
        return fields.get(key, list, required, default=default)
    if origin is dict:  # by name: numbers ({tabs: 9}), texts, declared mappings or mappings of them
        names = args[0]
        allowed = tuple(str(member.value) for member in names) if issubclass(names, Enum) else ()
        named = fields.child(key, allowed=allowed, required=required)
        read = {str(k): _read_raw(named, k, args[1], True, "" if args[1] is str else None)
                for k in named.data if not allowed or str(k) in allowed}
        return {names(k) if allowed else k: v for k, v in read.items() if v is not None}
    if isinstance(kind, type) and issubclass(kind, Enum):
        word = fields.choice(key, tuple(member.value for member in kind), required)
        return kind(word) if word else default
    if kind is date:
        return fields.date(key, required)
    if kind is float:
        value = fields.get(key, (int, float), required, default=None)
        return default if value is None else float(value)
    return fields.get(key, kind, required, default=default)


def read_named(kind: type[D], fields: Fields, key: str, required: bool = True, names: type = str) -> dict[Any, D]:
    """Declared mappings by name (`sources: {labirint-kz: {...}}`), each read as kind; by an
    enum's names, those alone are allowed and kept (another is said as an unknown key)."""
    allowed = tuple(str(member.value) for member in names) if issubclass(names, Enum) else ()
    entries = fields.child(key, allowed=allowed, required=required)
    read = {name: read_declared(kind, entries.child(name, allowed=tuple(options_of(kind)))) for name in entries.data}
    return {names(name): entry for name, entry in read.items() if not allowed or name in allowed}


def _default(declared: Field[Any]) -> Any:
    """The field's default; None for a required one."""
    if declared.default is not MISSING:
        return declared.default
    if declared.default_factory is not MISSING:
        return declared.default_factory()
    return None


def _unwrap(hint: Any) -> Any:
    """The type without None (`int | None`: a key that may be left out)."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = tuple(a for a in typing.get_args(hint) if a is not type(None))
        return args[0] if len(args) == 1 else args
    return hint


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(kind: type) -> dict[str, Any]:
    """The types of a declaration's fields, resolved once."""
    if kind not in _HINTS:
        _HINTS[kind] = typing.get_type_hints(kind)
    return _HINTS[kind]


def part(fields: Fields, key: str, allowed: tuple[str, ...] = ()) -> Fields:
    """A part of a declared mapping that has a reader of its own (its type is `object`), as
    Fields; empty when the file gives none, or not a mapping (said where the part is read)."""
    value = fields.data.get(key)
    return Fields(value if isinstance(value, dict) else Mapping(), fields.path, fields.problems,
                  fields.field_path(key), allowed, fields.partial)


def problem_at(origin: Origin | None, path: Path, message: str, key: str | None = None,
               severity: Severity = Severity.ERROR) -> Problem:
    """A problem of a value read, at its file, line and field."""
    at = origin.of(key) if origin and key else origin
    return Problem(at.path if at else path, message, line=at.line if at else None, field=at.field if at else None,
                   severity=severity)
