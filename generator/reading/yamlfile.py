"""Read YAML files keeping line numbers, and read their fields with precise problems.

Every mapping loaded here remembers the line of each key, so a problem found later
("this number is not valid") can still point at the line a volunteer has to fix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from generator.errors import Problem, RespackError, Severity
from generator.reads import note

T = TypeVar("T")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


class Mapping(dict[Any, Any]):
    """A YAML mapping that knows where it and each of its keys stand in the file."""

    line: int = 0
    key_lines: dict[Any, int]


class Sequence(list[Any]):
    line: int = 0
    item_lines: list[int]


# libyaml's parser when PyYAML was built with it (several times faster), else the pure one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value YAML can parse but Python cannot build (2026-13-01, !!int x) is an
        error at its own line, like a syntax error."""
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as error:  # noqa: BLE001 - whatever PyYAML's builders raise
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} cannot be read ({error})", node.start_mark) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Mapping:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool, date)) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a word or a number", key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark)
            seen.add(key)
        mapping = Mapping(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {self.construct_object(k, deep=True): k.start_mark.line + 1 for k, _ in node.value}
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> Sequence:
        sequence = Sequence(super().construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1
        sequence.item_lines = [item.start_mark.line + 1 for item in node.value]
        return sequence


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error becomes a Problem at its line and column.

    Files are parsed once per process while unchanged (packs share content files, and
    problems found later look their line up again). Callers must not change the result.
    """
    note(path)  # whatever its content, or its absence: the documents of the pack depend on it
    try:
        stat = path.stat()
    except OSError:
        stat = None
    return _read_yaml(path, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=256)
def _read_yaml(path: Path, mtime_ns: int, size: int) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RespackError(Problem(path, "file not found")) from None
    except UnicodeDecodeError as error:
        raise RespackError(Problem(path, f"not UTF-8 text (byte {error.start})")) from None
    except (OSError, ValueError) as error:
        raise RespackError(Problem(path, f"cannot be read: {getattr(error, 'strerror', None) or error}")) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "invalid YAML"
        lines = text.splitlines()
        if (mark and what == "found character that cannot start any token" and mark.line < len(lines)
                and mark.column < len(lines[mark.line])):
            character = lines[mark.line][mark.column]
            what = f"found character {character!r} that cannot start any token"  # as pure PyYAML says it
        if "'\\t'" in what:
            what += " (indent with spaces, not tabs)"
        raise RespackError(Problem(
            path, f"YAML syntax error: {what}",
            line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
        )) from None
    except yaml.YAMLError as error:
        raise RespackError(Problem(path, f"YAML error: {error}")) from None


def slug_problem(value: str) -> str | None:
    """What is wrong with a name that names a folder, or None."""
    if SLUG.match(value):
        return None
    return (f"{value!r} names a folder: use small letters, digits, - and _ (at most 64, "
            "starting with a letter or digit)")


class Fields:
    """Reads one mapping of a file; records every problem instead of stopping at the first."""

    def __init__(self, value: Any, path: Path, problems: list[Problem], where: str = "",
                 allowed: tuple[str, ...] = (), partial: bool = False) -> None:
        self.path = path
        self.problems = problems
        self.where = where
        self.partial = partial  # an overlay: it names only what it changes, nothing is required
        self.ok = isinstance(value, dict)
        self.data: dict[Any, Any] = value if self.ok else {}
        if not self.ok:
            self.problems.append(Problem(path, f"expected a mapping of keys, found {_kind(value)}",
                                         line=getattr(value, "line", None), field=where or None))
        elif allowed:
            for key in self.data:
                if key not in allowed:
                    hint = difflib.get_close_matches(str(key), allowed, n=1)
                    suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
                    self.problem(f"unknown key {key!r}{suggestion} Allowed: {', '.join(allowed)}", key)

    def line_of(self, key: str | None = None) -> int | None:
        lines = getattr(self.data, "key_lines", {})
        return lines.get(key, getattr(self.data, "line", None)) if key else getattr(self.data, "line", None)

    def field_path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else str(key)

    def problem(self, message: str, key: str | None = None, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(self.path, message, line=self.line_of(key),
                                     field=self.field_path(key) if key else (self.where or None),
                                     severity=severity))

    def item_problem(self, key: str, index: int, message: str) -> None:
        """A problem of one item of a list, at the item's own line."""
        lines = getattr(self.data.get(key), "item_lines", [])
        line = lines[index] if index < len(lines) else self.line_of(key)
        self.problems.append(Problem(self.path, message, line=line, field=f"{self.field_path(key)}[{index}]"))

    def get(self, key: str, kind: type[T] | tuple[type, ...], required: bool = True,
            default: Any = None) -> Any:
        """The value of key if it has the expected type; else record why and return default."""
        if key in self.data and self.data[key] is None and self._commented_out(key):
            self.problem(f"the value of {key!r} starts with '#', which YAML reads as a comment, so it is empty: "
                         f"put the value in quotes, e.g. {key}: \"#6b1d3a\"", key)
            return default
        if key not in self.data or self.data[key] is None:
            if required and self.ok and not self.partial:
                self.problem(f"missing required key {key!r}")
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if kinds == (str,) and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # version: 2026.11 is meant as text
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)
            self.problem(f"expected {names}, found {_kind(value)}", key)
            return default
        if isinstance(value, str) and not value.strip():
            if required:
                self.problem("is empty", key)
            return default
        return value

    def _commented_out(self, key: str) -> bool:
        """Whether the key's line gives its value after a "#" (`primary: #6b1d3a`): YAML reads
        the rest of the line as a comment, and the value as empty."""
        line = getattr(self.data, "key_lines", {}).get(key)
        try:
            text = self.path.read_text(encoding="utf-8").splitlines()[line - 1] if line else ""
        except (OSError, IndexError, UnicodeDecodeError):
            return False
        return re.search(rf"{re.escape(str(key))}\s*:\s+#", text) is not None

    def text(self, key: str, required: bool = True) -> str:
        text: str = self.get(key, str, required, default="")
        return text

    def date(self, key: str, required: bool = True) -> date | None:
        value = self.get(key, (date, str), required)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                self.problem(f"expected a date as YYYY-MM-DD, found {value!r}", key)
                return None
        return value if isinstance(value, date) else None

    def choice(self, key: str, choices: tuple[str, ...], required: bool = True, default: str = "") -> str:
        value: str = self.get(key, str, required, default)
        if value and value not in choices:
            self.problem(f"expected one of {', '.join(choices)}, found {value!r}", key)
            return default
        return value

    def text_list(self, key: str, required: bool = True) -> list[str]:
        value = self.get(key, list, required, default=[])
        good = [item for item in value if isinstance(item, str) and item.strip()]
        if len(good) != len(value):
            self.problem("expected a list of words", key)
        return good

    def each(self, key: str, read: Callable[[Fields], T | None], allowed: tuple[str, ...],
             required: bool = True) -> list[T]:
        """Read a list of mappings with read(); items with problems (or read as None) are left out."""
        items = self.get(key, list, required, default=[])
        results: list[T] = []
        for index, item in enumerate(items):
            fields = Fields(item, self.path, self.problems, f"{self.field_path(key)}[{index}]", allowed, self.partial)
            before = len(self.problems)
            result = read(fields) if fields.ok else None
            if result is not None and len(self.problems) == before:
                results.append(result)
        return results

    def child(self, key: str, allowed: tuple[str, ...] = (), required: bool = True) -> Fields:
        value = self.get(key, dict, required, default=Mapping())
        return Fields(value, self.path, self.problems, self.field_path(key), allowed, self.partial)


def language_code_problem(code: str) -> str | None:
    """Language codes are BCP 47 tags that Babel knows (kk, ru, en, pt-BR...)."""
    from babel import Locale, UnknownLocaleError

    if not LANGUAGE_TAG.match(code):
        return f"{code!r} is not a language code (BCP 47, e.g. kk, ru, en, pt-BR)"
    try:
        Locale.parse(code, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return f"{code!r} is not a language code Babel knows (BCP 47, e.g. kk, ru, en, pt-BR)"
    return None


def did_you_mean(word: str, known: list[str], kind: str = "") -> str:
    """"; did you mean 'kk'?" for a misspelt name, or "" when nothing is close. A language given
    as its country's code (kz for Kazakhstan) is told the country's languages."""
    if kind == "language":
        near = nearest_language(word, known)
        if near:
            return f"; did you mean {near!r}?"
    if kind == "language" and len(word) == 2:
        from babel.languages import get_official_languages

        spoken = [code for code in get_official_languages(word.upper()) if code in known]
        if spoken:
            return f"; {word!r} is a country's code: the languages of {word.upper()} here are {', '.join(spoken)}"
    hint = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"; did you mean {hint[0]!r}?" if hint else ""


def nearest_language(word: str, known: list[str]) -> str | None:
    """The known language a mistaken code most likely meant: the one another code of it names
    (ISO 639-2 "rus" is ru, "en-GB" is en), else, for a code that names no language, the closest
    in spelling (kz: kk); or None."""
    from babel import Locale, UnknownLocaleError

    try:
        language = Locale.parse(word.replace("_", "-"), sep="-").language
    except (ValueError, TypeError, UnknownLocaleError):
        language = None
    if language:  # a language of its own (de), or another code of a known one (rus)
        return language if language in known and language != word else None
    close = difflib.get_close_matches(word.lower(), known, n=1, cutoff=0.5)
    return close[0] if close and close[0] != word else None


_KIND_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping of keys", date: "a date (YYYY-MM-DD)"}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    for kind, name in _KIND_NAMES.items():
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return name
    return type(value).__name__
