"""A CSV file as people save it: the encoding and the separator found, not assumed.

Excel and LibreOffice save CSV in the locale's ways: comma, semicolon (where the comma is the
decimal sign, as in Russian and Kazakh) or tab ("Unicode text"); UTF-8 with a byte order mark
or without, UTF-16, or the locale's legacy code page (Windows-1251 for Russian and Kazakh).
UTF-8 is tried first, as decoding it by mistake is all but impossible; then the encoding the
pack file names, or the code pages of the pack's languages, keeping the one whose letters are
those of the pack's scripts.
"""

from __future__ import annotations

import codecs
import csv
import unicodedata
from collections.abc import Callable, Sequence

from generator.tables.table import HEADER_SEARCH, MAX_ROWS, Row, Table, TableError

SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with a byte order mark"),
         (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
# The Windows code page a language's spreadsheets were saved in before UTF-8, with the script of
# its letters. Languages without one (Armenian, Georgian) have only Unicode.
LEGACY_ENCODINGS = {
    **dict.fromkeys(("ru", "kk", "uk", "be", "bg", "sr", "mk", "ky", "tg", "mn"), ("cp1251", "CYRILLIC")),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "ro", "hr", "sl", "bs", "sq"), ("cp1250", "LATIN")),
    **dict.fromkeys(("tr", "az"), ("cp1254", "LATIN")),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257", "LATIN")),
    **dict.fromkeys(("ar", "fa", "ur"), ("cp1256", "ARABIC")),
    "el": ("cp1253", "GREEK"), "he": ("cp1255", "HEBREW"), "vi": ("cp1258", "LATIN"),
}
WESTERN = ("cp1252", "LATIN")  # English, French, German, Spanish...
NO_LEGACY = frozenset(("hy", "ka"))


def read_csv(data: bytes, languages: Sequence[str], is_column: Callable[[str], bool],
             encoding: str | None = None) -> Table:
    """The rows of a CSV file, decoded and split as the file was saved."""
    text, read_as, legacy = decode(data, languages, encoding)
    separator = sniff_separator(text, is_column)
    rows = []
    reader = csv.reader(text.splitlines(keepends=True), delimiter=separator)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise TableError(f"CSV error: {error}", line=reader.line_num) from None
        rows.append(Row(line, tuple(cells)))
        line = reader.line_num + 1
        if len(rows) > MAX_ROWS:
            raise TableError(f"more than {MAX_ROWS:,} rows: a spreadsheet of sites holds fewer; split it "
                             "into several packs")
    return Table(tuple(rows), f"{read_as}, {SEPARATORS[separator]} between columns", legacy_encoding=legacy)


def decode(data: bytes, languages: Sequence[str], named: str | None = None) -> tuple[str, str, str | None]:
    """(text, how it was decoded, the legacy encoding used or None)."""
    for bom, codec, said in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), said, None
            except UnicodeDecodeError as error:
                raise TableError(f"starts as {said} but is not ({_where(data, error)})") from None
    try:
        return data.decode("utf-8"), "UTF-8", None
    except UnicodeDecodeError as error:
        utf8_error = error
    if named:
        try:
            return data.decode(named), encoding_name(named), encoding_name(named)
        except UnicodeDecodeError as error:
            raise TableError(f"is not {named} text as the pack file says ({_where(data, error)})") from None
    candidates = legacy_candidates(languages)
    decoded = []
    for codec, _ in candidates:
        try:
            decoded.append((codec, data.decode(codec)))
        except UnicodeDecodeError:
            continue
    if not decoded:
        tried = ", ".join(["UTF-8", *(codec for codec, _ in candidates)])
        raise TableError(f"not text in any encoding tried ({tried}; UTF-8 fails at {_where(data, utf8_error)}): save "
                         "it as CSV UTF-8, or name its encoding in the pack file (sites: {file: ..., encoding: ...})")
    scripts = {script for _, script in candidates}
    codec, text = min(decoded, key=lambda pair: _foreign_letters(pair[1], scripts))
    name = encoding_name(codec)
    return text, f"{name} (not UTF-8: {_where(data, utf8_error)})", name


def encoding_name(codec: str) -> str:
    """An encoding as a spreadsheet's menu names it: cp1251 is Windows-1251."""
    name = codecs.lookup(codec).name
    return f"Windows-{name[2:]}" if name.startswith("cp125") else name


def legacy_candidates(languages: Sequence[str]) -> list[tuple[str, str]]:
    """The code pages the pack's languages were saved in, in the order of its languages."""
    found: list[tuple[str, str]] = []
    for language in languages:
        base = language.split("-")[0].lower()
        candidate = None if base in NO_LEGACY else LEGACY_ENCODINGS.get(base, WESTERN)
        if candidate and candidate not in found:
            found.append(candidate)
    return found


def _foreign_letters(text: str, scripts: set[str]) -> int:
    """Letters beyond ASCII that are of none of the pack's scripts: what decoding with the wrong
    code page makes ("Ñîöèàëüíûé" for "Социальный"). Western code pages count accented Latin
    letters as theirs only when no other script is expected."""
    latin_expected = scripts == {"LATIN"}
    count = 0
    for char in text:
        if char.isascii() or not char.isalpha():
            continue
        script = unicodedata.name(char, "?").split(" ")[0]
        if script not in scripts or (script == "LATIN" and not latin_expected):
            count += 1
    return count


def _where(data: bytes, error: UnicodeDecodeError) -> str:
    """"line 3, byte 56": where a decoding failed, as a person finds it."""
    line = data.count(b"\n", 0, error.start) + 1
    return f"line {line}, byte {error.start}"


def sniff_separator(text: str, is_column: Callable[[str], bool]) -> str:
    """Comma, semicolon or tab: the one that splits the first lines into the most known column
    names; else the one the first line holds most of (a comma when it holds none)."""
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_SEARCH]
    if not lines:
        return ","
    best, best_known = ",", 0
    for separator in SEPARATORS:
        try:
            rows = list(csv.reader(lines, delimiter=separator))
        except csv.Error:
            continue
        known = max(sum(is_column(cell) for cell in row) for row in rows)
        if known > best_known:
            best, best_known = separator, known
    if best_known:
        return best
    counts = {separator: lines[0].count(separator) for separator in SEPARATORS}
    most = max(counts.values())
    return next(separator for separator, count in counts.items() if count == most) if most else ","
