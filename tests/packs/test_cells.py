"""What a spreadsheet does to a cell, read back: pure functions, small and fast tests."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from generator.tables.cells import CellError, date_cell, dropped_plus, number_cell, text_cell
from generator.tables.csvtext import decode, legacy_candidates, sniff_separator
from generator.tables.table import Row, header_index

KNOWN = {"id", "name", "number", "channel", "source", "as_of", "label:ru", "label:kk"}


@pytest.mark.parametrize("cell, expected", [
    (date(2026, 11, 20), date(2026, 11, 20)),
    (datetime(2026, 11, 20), date(2026, 11, 20)),  # a date cell, as a reader may give it
    ("2026-11-20", date(2026, 11, 20)),
    ("20.11.2026", date(2026, 11, 20)),  # as Russian and Kazakh locales write it
    ("1.2.2026", date(2026, 2, 1)),
    (" 20.11.2026 ", date(2026, 11, 20)),
])
def test_dates_as_locales_and_spreadsheets_write_them(cell: object, expected: date) -> None:
    assert date_cell(cell) == expected


@pytest.mark.parametrize("cell, said", [
    ("11/20/2026", "can be read two ways"),
    ("20/11/2026", "can be read two ways"),  # unambiguous here, but not in the next row: refused alike
    ("20.11.26", "can be read two ways"),
    ("31.02.2026", "no date of the calendar"),
    ("2026-13-01", "no date of the calendar"),
    (46346, "found the figure 46346 (a spreadsheet counts dates in days"),
    (datetime(2026, 11, 20, 14, 30), "a date and a time (2026-11-20 14:30)"),
    ("next week", "write 2026-11-20 or 20.11.2026"),
])
def test_dates_that_read_two_ways_or_none_are_refused(cell: object, said: str) -> None:
    with pytest.raises(CellError, match=None) as raised:
        date_cell(cell)
    assert said in str(raised.value)


@pytest.mark.parametrize("cell, expected", [
    ("+7 7152 49 31 58", "+7 7152 49 31 58"),
    (" +44 20 7946 0100 ", "+44 20 7946 0100"),
    (102, "102"),  # a short number typed as a figure: nothing to lose
    (116006.0, "116006"),
])
def test_numbers_as_typed(cell: object, expected: str) -> None:
    assert number_cell(cell) == expected


@pytest.mark.parametrize("cell, said", [
    (77152493158, "holds this number as a figure, 77152493158: a figure loses the '+'"),
    (77152493158.0, "(+7 7152 49 31 58, if that is the number)"),
    ("77152493158.0", "saved as a figure with decimals"),
    ("7,7152E+10", "scientific notation: the spreadsheet rounded the number"),
    ("7.7152e10", "scientific notation"),
    (date(2026, 1, 1), "expected a phone number"),
    (True, "expected a phone number"),
])
def test_numbers_a_spreadsheet_changed_are_said_back(cell: object, said: str) -> None:
    with pytest.raises(CellError) as raised:
        number_cell(cell)
    assert said in str(raised.value)


def test_a_dropped_plus_is_suggested_only_when_the_digits_make_a_number() -> None:
    assert dropped_plus("442079460100").endswith("(+44 20 7946 0100, if that is the number)")
    assert dropped_plus("102") == "" and dropped_plus("+442079460100") == "" and dropped_plus("999999999999") == ""


@pytest.mark.parametrize("cell, said", [
    ("Clinic \u202e7", "U+202E"), ("Clinic \u2067 7", "U+2067"), ("Clinic\n7", "control character"),
    (True, "true/false"), (date(2026, 1, 1), "a date or time cell"),
])
def test_text_refuses_what_would_print_one_thing_and_hide_another(cell: object, said: str) -> None:
    with pytest.raises(CellError) as raised:
        text_cell(cell)
    assert said in str(raised.value)


def test_text_keeps_words_and_makes_a_figure_its_digits() -> None:
    assert text_cell(" Клиника № 7 ") == "Клиника № 7"
    assert text_cell(12.0) == "12" and text_cell(7) == "7"


def test_utf8_first_then_the_code_page_whose_letters_are_the_packs() -> None:
    words = "Социальный работник"
    assert decode(words.encode("utf-8"), ["kk", "ru", "en"])[:2] == (words, "UTF-8")
    assert decode(b"\xef\xbb\xbf" + words.encode(), ["en"])[1] == "UTF-8 with a byte order mark"
    assert decode(words.encode("utf-16"), ["en"])[:2] == (words, "UTF-16")
    text, read_as, legacy = decode(words.encode("cp1251"), ["en", "ru"])  # English first, Cyrillic letters
    assert (text, legacy) == (words, "Windows-1251") and read_as.startswith("Windows-1251 (not UTF-8: line 1")
    assert decode("Café".encode("cp1252"), ["en"])[0] == "Café"
    assert decode(words.encode("cp1251"), ["en"], "windows-1251")[0] == words


def test_the_code_pages_of_a_packs_languages() -> None:
    assert legacy_candidates(["kk", "ru", "en"]) == [("cp1251", "CYRILLIC"), ("cp1252", "LATIN")]
    assert legacy_candidates(["hy", "ka"]) == []  # Armenian and Georgian: Unicode only


@pytest.mark.parametrize("text, separator", [
    ("id,name,number\n1,a,b\n", ","),
    ("id;name;number\n1;a,b;c\n", ";"),
    ("Clinics\n\nid\tname\tnumber\n", "\t"),
    ("Title; with a semicolon\nid,name,number,channel\n", ","),
    ("a;b;c\n", ";"),  # no known column: the separator the first line holds most of
    ("", ","),
])
def test_the_separator_is_the_one_that_finds_the_columns(text: str, separator: str) -> None:
    assert sniff_separator(text, KNOWN.__contains__) == separator


def test_the_header_is_found_under_a_title() -> None:
    rows = [Row(1, ("Our clinics",)), Row(2, ("",)), Row(3, ("ID", "Name", "number")), Row(4, ("x", "y", "z"))]
    assert header_index(rows, KNOWN.__contains__) == 2
    assert header_index([Row(1, ("",))], KNOWN.__contains__) is None
    assert header_index([Row(1, ("a", "b")), Row(2, ("c",))], KNOWN.__contains__) == 0
