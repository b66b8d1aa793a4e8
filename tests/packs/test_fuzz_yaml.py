"""Random YAML into the loaders: each file loads, or raises RespackError; nothing else.

A volunteer's typo must come back as a message at a file and line, never as a traceback.
Three kinds of input for each loader:

- random documents: nested mappings, lists and scalars, dumped with yaml.safe_dump;
- the real file, changed: a value replaced by a random one, a key removed or added;
- text: random characters, and the real file with one line replaced by a tricky one
  (bad dates, tabs, anchors, tags, duplicate keys...), which is often not valid YAML.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from generator.errors import RespackError
from generator.packs.load import load_country, load_guidance, load_pack, load_strings

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "guidance": ROOT / "content" / "kz" / "domestic-violence" / "en.yaml",
    "country": ROOT / "content" / "kz" / "country.yaml",
    "strings": ROOT / "content" / "strings" / "en.yaml",
    "pack": ROOT / "content" / "packs" / "kazakhstan.yaml",
}
LOADERS: dict[str, Callable[[Path], Any]] = {
    "guidance": load_guidance, "country": load_country, "strings": load_strings, "pack": load_pack}
FILE_NAMES = {"guidance": "en.yaml", "country": "country.yaml", "strings": "en.yaml", "pack": "pack.yaml"}
EXAMPLES = 150
# database=None: nothing is written into the working tree (.hypothesis/). No shrinking: shrinking
# documents made from the real files takes minutes; a failure prints the text it was given
# (made of a few lines of the real file, or a small random document) and the exception.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, report_multiple_bugs=False,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

# Values a volunteer might plausibly write, mixed in with random ones.
PLAUSIBLE = st.sampled_from([
    "", " ", "kz", "KZ", "kk", "ru", "en", "xx", "pt-BR", "en_US", "-", "und", "domestic-violence",
    "wallet-card", "leaflet", "poster", "102", "103", "+7 7152 49 31 58", "+7 7152 49 31", "police", "abc",
    "8 (7152) 49-31-58", "+", "++7", "voice", "whatsapp", "email", "sms", "help@labirint.online", "@", "a@",
    "2026-11-25", "2026-13-01", "2026-02-30", "draft", "source", "reviewed", "labirint-kz", ".", "..", "/",
    "/nonexistent", "content", "layouts", "../../..", "a\x00b", "logo.png", "#ff0000", "red", "Noto Sans",
    "{contact:police}", "{contact:nope}", "**bold", "<script>alert(1)</script>", "\t", "中", "🙂",
])
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | PLAUSIBLE
           | st.dates())
KEYS = st.text(max_size=12) | st.integers() | PLAUSIBLE | st.sampled_from([
    "id", "number", "email", "channels", "emergency", "source", "as_of", "confirmed", "by", "how", "on",
    "name", "note", "short", "question", "answer", "source_hash", "language", "status", "strings",
    "contacts", "sections", "sources", "read_on", "title", "code", "version", "languages", "formats",
    "country", "situation", "content_dir", "layouts_dir", "branding", "logo", "primary", "font", "intro",
    "add", "hide", "wording", "group", "region", "cmyk", "print_profile",
])
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(KEYS, inner, max_size=4), max_leaves=12)

# Lines that are often not valid YAML, or valid YAML of a surprising kind.
TRICKY_LINES = st.sampled_from([
    "as_of: 2026-13-01", "read_on: 2026-02-30", "as_of: 2026-11-25 25:61:00", "number: abc", "number:",
    "number: 102", "code: kz", "code: 12", "\tchannels: [voice]", "channels: [voice", "channels: voice]",
    "? [a, b]\n: c", "? {a: 1}\n: c", "key: &a [*a]", "*undefined", "&anchor", "!!python/name:os.system",
    "x: !!python/object/apply:os.system [echo]", "x: !!binary '@@@'", "x: !!timestamp nonsense",
    "x: !!int nonsense", "x: !!set {a, b}", "x: !!omap [a]", "x: !!float x", "<<: *a", "<<: [1, 2]",
    "%YAML 1.1", "---", "...", "- - -", ": :", "'unclosed", "\"\\xZZ\"", "x: \"\\x00\"", "x: |\n\tbad",
    "id: police\nid: police", "languages: [en, en]", "language: xx", "status: final", "emergency: yes",
    "emergency: 'true'", "confirmed: {on: 2026-13-01}", "\ufeffx: 1", "x: \u2028y", "null: null",
    "sources: {labirint-kz: {read_on: 1}}", "contacts: [{}]", "sections: [{id: [1]}]",
])


def _lines_with(text: str, start: int, length: int, index: int, replacement: str) -> str:
    """Some lines of text (shrinking makes them few) with the index-th one replaced."""
    lines = text.splitlines()
    start %= len(lines)
    lines = lines[start:start + length] or lines[:1]
    index %= len(lines)
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    lines[index] = indent + replacement.replace("\n", "\n" + indent)
    return "\n".join(lines) + "\n"


@st.composite
def mutated(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    """The value with one random change somewhere inside it."""
    if isinstance(value, dict) and value and depth < 6:
        key = draw(st.sampled_from(sorted(value, key=str)))
        action = draw(st.sampled_from(["descend", "descend", "replace", "delete", "add"]))
        changed = dict(value)
        if action == "descend":
            changed[key] = draw(mutated(value[key], depth + 1))
        elif action == "replace":
            changed[key] = draw(VALUES)
        elif action == "delete":
            del changed[key]
        else:
            changed[draw(KEYS)] = draw(VALUES)
        return changed
    if isinstance(value, list) and value and depth < 6:
        index = draw(st.integers(0, len(value) - 1))
        action = draw(st.sampled_from(["descend", "descend", "replace", "delete", "duplicate"]))
        changed = list(value)
        if action == "descend":
            changed[index] = draw(mutated(value[index], depth + 1))
        elif action == "replace":
            changed[index] = draw(VALUES)
        elif action == "delete":
            del changed[index]
        else:
            changed.append(value[index])
        return changed
    return draw(VALUES)


def documents(kind: str) -> st.SearchStrategy[str]:
    """YAML text for one kind of file: random, a changed real file, or tricky text."""
    source_text = SOURCES[kind].read_text(encoding="utf-8")
    source = yaml.safe_load(source_text)
    dumped = st.one_of(VALUES, mutated(source), mutated(source).flatmap(mutated)).map(
        lambda value: yaml.safe_dump(value, allow_unicode=True, sort_keys=False))
    texts = st.one_of(
        st.text(max_size=200),
        st.builds(_lines_with, st.just(source_text), st.integers(0, 10_000), st.integers(1, 400),
                  st.integers(0, 400), TRICKY_LINES),
        st.lists(TRICKY_LINES, max_size=5).map("\n".join),
    )
    return st.one_of(dumped, texts)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """One folder for every example (function-scoped tmp_path does not mix with hypothesis)."""
    with tempfile.TemporaryDirectory(prefix="respack-fuzz-") as name:
        yield Path(name)


def loads_or_refuses(kind: str, folder: Path, text: str) -> None:
    path = folder / kind / FILE_NAMES[kind]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        LOADERS[kind](path)
    except RespackError as error:
        assert error.problems, "a RespackError without a problem"
        for problem in error.problems:
            assert str(problem), "a problem without a message"
    except Exception as error:  # noqa: BLE001 - the point of the test
        shown = text if len(text) < 1500 else text[:1500] + "\n[...]"
        pytest.fail(f"{LOADERS[kind].__name__} raised {type(error).__name__}: {error}\n"
                    f"--- {FILE_NAMES[kind]}:\n{shown}", pytrace=False)


# Known traps, tried first on every run (Phase.explicit), whatever the random examples find.
BAD_DATE = "as_of: 2026-13-01\n"
COMPLEX_KEY = "? [a, b]\n: c\n"
COUNTRY = ("code: {code}\nversion: '1'\nlanguages: [en]\nsources: {{s: {{title: t, read_on: 2026-11-25}}}}\n"
           "contacts: [{{id: p, number: '{number}', channels: [voice], source: s, as_of: 2026-11-25}}]\n")


@FUZZ
@example(text=BAD_DATE)
@example(text=COMPLEX_KEY)
@given(text=documents("guidance"))
def test_load_guidance(folder: Path, text: str) -> None:
    loads_or_refuses("guidance", folder, text)


@FUZZ
@example(text=COUNTRY.format(code="KZ", number="102"))  # a good one: it must load
@example(text=COUNTRY.format(code="kz", number="102"))  # libphonenumber wants KZ
@example(text=COUNTRY.format(code="KZ", number="police"))  # no digits at all
@given(text=documents("country"))
def test_load_country(folder: Path, text: str) -> None:
    loads_or_refuses("country", folder, text)


@FUZZ
@given(text=documents("strings"))
def test_load_strings(folder: Path, text: str) -> None:
    loads_or_refuses("strings", folder, text)


@FUZZ
@example(text='content_dir: "a\\0b"\n')  # a NUL in a path
@example(text='branding: {logo: "a\\0b.png"}\n')
@given(text=documents("pack"))
def test_load_pack(folder: Path, text: str) -> None:
    loads_or_refuses("pack", folder, text)
