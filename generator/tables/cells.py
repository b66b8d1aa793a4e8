"""One cell of a spreadsheet of sites, read for what its column holds: text, a phone number or a date.

A spreadsheet changes what people type: a number typed without a leading zero or "+" becomes a
figure (77152493158, or 7.7152E+10 once saved as CSV), a date becomes a count of days or takes
the locale's form (20.11.2026). These functions take such a cell and either return the value the
pack file would hold, or say, in a sentence, what the spreadsheet did and what to write instead.
Pure functions: no file, no state.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

import phonenumbers

from generator.digits import DIRECTION_CONTROLS, LONGEST_SHORT_NUMBER, describe, is_digits

Cell = str | int | float | bool | date | datetime | time | timedelta  # what a sheet's reader gives

_DECIMAL_FIGURE = re.compile(r"^\+?\d+[.,]0+$")  # 77152493158.0: a figure written back with its decimals
_SCIENTIFIC = re.compile(r"^\+?\d+(?:[.,]\d+)?[eE][+]?\d+$")  # 7,7152E+10: a figure too long for its column
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # day.month.year, as every dotted locale writes it
_AMBIGUOUS_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")  # 11/20/2026, 20/11/26, 20-11-2026
DATE_FORMS = "2026-11-20 or 20.11.2026 (day, month, year), or a date cell of the spreadsheet"


class CellError(ValueError):
    """What is wrong with a cell, said so the person who keeps the spreadsheet can fix it."""


def text_cell(value: Cell) -> str:
    """A cell of words (an id, a name, a label): text as typed; a figure as its digits."""
    if isinstance(value, bool):
        raise CellError(f"expected text, found {str(value).upper()} (a true/false cell)")
    if isinstance(value, (datetime, date, time, timedelta)):
        raise CellError(f"expected text, found a date or time cell ({value}); format the cell as Text")
    if isinstance(value, float):
        value = _figure_text(value)
    text = str(value).strip()
    check_characters(text)
    return text


def check_characters(text: str) -> None:
    """No direction control and no control character: each would print one thing and hide
    another (an override turns "102" into "201"), or break the line it stands in."""
    for char in text:
        if char in DIRECTION_CONTROLS:
            raise CellError(f"{text!r}: the character {describe(char)} changes the direction of what follows; "
                            "delete it (respack sets each number apart from the text's direction itself)")
        if unicodedata.category(char) == "Cc":
            raise CellError(f"{text!r}: the character {describe(char)} is a control character, not text; "
                            "delete it (a line break inside a cell included)")


def number_cell(value: Cell) -> str:
    """A phone number as typed, for generator.packs.phones to check like any number. A figure
    is refused when it may have lost the "+" or a leading 0 of the number: said with the
    number it probably was."""
    if isinstance(value, bool) or isinstance(value, (datetime, date, time, timedelta)):
        raise CellError(f"expected a phone number, found {value!r}: format the column as Text")
    if isinstance(value, (int, float)):
        digits = _figure_text(float(value))
        if not is_digits(digits):
            raise CellError(f"expected a phone number, found the figure {digits}: format the column as Text")
        if len(digits) <= LONGEST_SHORT_NUMBER:
            return digits  # a short number (102, 116006): nothing to lose
        raise CellError(f"the spreadsheet holds this number as a figure, {digits}: a figure loses the '+' "
                        "(and any 0 in front). Format the column as Text and type the number as it is dialled "
                        f"from abroad{_did_you_mean(digits)}")
    text = str(value).strip()
    if _DECIMAL_FIGURE.match(text):
        whole = re.split("[.,]", text)[0].lstrip("+")
        raise CellError(f"{text!r} was saved as a figure with decimals: the spreadsheet lost the '+' (and any 0 in "
                        f"front). Format the column as Text and type the number as it is dialled from abroad"
                        f"{_did_you_mean(whole)}")
    if _SCIENTIFIC.match(text):
        raise CellError(f"{text!r} is a figure in scientific notation: the spreadsheet rounded the number and its "
                        "last digits are lost. Format the column as Text and type the number again, with its '+'")
    return text


def dropped_plus(text: str) -> str:
    """A hint for a number libphonenumber refused, when it is all digits and its digits with a
    "+" in front are a valid number: a spreadsheet drops the "+" of what it takes for a figure."""
    digits = text.strip()
    if not is_digits(digits) or len(digits) <= LONGEST_SHORT_NUMBER:
        return ""
    suggestion = _did_you_mean(digits)
    return f". A spreadsheet drops the '+' of a number it takes for a figure: format the column as Text" \
           f"{suggestion}" if suggestion else ""


def date_cell(value: Cell) -> date:
    """A date as a spreadsheet gives it: a date cell, ISO (2026-11-20) or dotted, day first
    (20.11.2026). Forms that read two ways (11/20/2026) are refused, saying which to use."""
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise CellError(f"expected a date, found a date and a time ({value:%Y-%m-%d %H:%M}): write the date "
                            "alone")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or isinstance(value, (time, timedelta)):
        raise CellError(f"expected a date, found {value!r}; write {DATE_FORMS}")
    if isinstance(value, (int, float)):
        raise CellError(f"expected a date, found the figure {_figure_text(float(value))} (a spreadsheet counts "
                        f"dates in days when the cell is not formatted as a date); write {DATE_FORMS}")
    text = str(value).strip()
    iso, dotted = _ISO_DATE.match(text), _DOTTED_DATE.match(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dotted:
            return date(int(dotted[3]), int(dotted[2]), int(dotted[1]))
    except ValueError:
        raise CellError(f"{text!r} is no date of the calendar (day, month or year out of range)") from None
    if _AMBIGUOUS_DATE.match(text):
        raise CellError(f"{text!r} can be read two ways (day or month first, or a year of two digits); "
                        f"write {DATE_FORMS}")
    raise CellError(f"expected a date, found {text!r}; write {DATE_FORMS}")


def _figure_text(value: float) -> str:
    """A figure as its digits when it is whole (77152493158.0 → 77152493158), else as written."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e18 else repr(value)


def _did_you_mean(digits: str) -> str:
    """" (+7 7152 49 31 58, if that is the number)" when the digits with a "+" are a valid number."""
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f" ({written}, if that is the number)"
