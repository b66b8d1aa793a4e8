"""Phone numbers, parsed and formatted by libphonenumber rather than by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, shortnumberinfo

from generator.digits import (
    DIGITS,
    HYPHENS,
    LONGEST_SHORT_NUMBER,
    LOOK_ALIKE_DIGITS,
    MIN_DIGITS,
    SPACES,
    ascii_digits,
    describe,
)


@dataclass(frozen=True)
class Phone:
    dial: str  # what a phone dials: "102" or "+77152493158"
    e164: str | None  # None for short codes, which have no international form
    display: str  # printed form


class PhoneError(ValueError):
    pass


# What a number may be written with: digits 0-9 grouped by spaces, hyphens or brackets, and a
# leading "+". Anything else (a digit of another script, a look-alike letter, an extension)
# would print one number and dial another.
_NUMBER_CHARACTERS = frozenset(DIGITS + "+()" + SPACES + HYPHENS)
SHORT_DIGITS = (MIN_DIGITS, LONGEST_SHORT_NUMBER)  # 102 to the EU's 116 006


def parse_phone(text: str, country: str, vouched: bool = False) -> Phone:
    """Read a number as written in content; short numbers stay short.

    Full numbers are printed in international form (+7 7152 49 31 58) because the reader
    may dial from a foreign SIM, where the national "8" prefix does not work. A short number
    (3 to 6 digits) is dialled as its digits and printed as written ("116 006").
    vouched: a named source says the short number is valid, though libphonenumber does
    not list it (the content says which, and `check` warns of it).
    """
    _check_characters(text)
    text = "".join(" " if ch in SPACES else ch for ch in text)  # any space a reader reads across
    digits = ascii_digits(text)
    international = text.strip().startswith("+")
    if not international and len(digits) < SHORT_DIGITS[0]:
        raise PhoneError(f"{text!r} is too short for a phone number: a short number has {SHORT_DIGITS[0]} to "
                         f"{SHORT_DIGITS[1]} digits")
    short = not international and len(digits) <= SHORT_DIGITS[1]
    if short and (vouched or is_listed_short_number(digits, country)):
        return Phone(dial=digits, e164=None, display=" ".join(text.split()))
    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException as error:
        raise PhoneError(f"{text!r} is not a phone number ({error._msg})") from None
    if not international and len(digits) <= SHORT_DIGITS[1] and not phonenumbers.is_valid_number_for_region(
            number, country):
        raise PhoneError(f"{text!r} is not a valid short number in {country} as libphonenumber knows them; "
                         "if a source says it is, name it under short_number_source")
    if not phonenumbers.is_valid_number_for_region(number, country):
        actual = phonenumbers.region_code_for_number(number) if phonenumbers.is_valid_number(number) else None
        if actual:
            raise PhoneError(f"{text!r} is a valid phone number for {actual}, not a valid phone number for "
                             f"{country}; if it is meant to be abroad, add country: {actual} to the contact")
        raise PhoneError(f"{text!r} is not a valid phone number for {country} "
                         "(libphonenumber rejects it; check the digits)")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if ascii_digits(e164).removeprefix(str(number.country_code)) not in digits:
        raise PhoneError(f"{text!r} is read as {e164}, whose digits are not those written; write the number "
                         "in international form, as it is dialled from abroad")
    formatted = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    return Phone(dial=e164, e164=e164, display=typed_grouping(text, number, formatted) or formatted)


def typed_grouping(text: str, number: phonenumbers.PhoneNumber, formatted: str) -> str | None:
    """The number in international form grouped as it was typed ("+7 701 555 12 34"), when that
    grouping is valid for its country: it keeps every break libphonenumber makes (the area or
    operator code stands apart from the subscriber's number) and splits no group below two
    digits. None: print libphonenumber's grouping ("+7 701 555 1234")."""
    national = phonenumbers.national_significant_number(number)
    typed = re.findall(r"[0-9]+", text)  # only digits 0-9 stand in a number (_check_characters)
    groups: list[str] = []
    for group in reversed(typed):  # the groups of the national number, from its end
        if len("".join(groups)) >= len(national):
            break
        groups.insert(0, group)
    if "".join(groups) != national or len(groups) < 2 or any(len(group) < 2 for group in groups):
        return None
    standard = re.findall(r"[0-9]+", formatted)[1:]  # after the country code
    if _breaks(standard) - _breaks(groups):
        return None
    return f"+{number.country_code} {' '.join(groups)}"


def why_regrouped(typed: str, display: str) -> str | None:
    """Why a number typed in groups prints grouped otherwise (None: it prints as typed, or was
    typed with no grouping of its own, or only its prefix differs: "020 7946 0321")."""
    shown = re.findall(r"[0-9]+", display)
    if not display.startswith("+") or len(shown) < 2:
        return None
    national = len("".join(shown[1:]))
    groups = re.findall(r"[0-9]+", typed)
    typed_breaks = {end for end in _breaks_from_end(groups) if end < national}
    if len(groups) < 2 or typed_breaks == (plan := set(_breaks_from_end(shown[1:]))) or not typed_breaks:
        return None
    if any(len(group) < 2 for group in groups[1:]):
        reason = "a group of one digit is hard to read"
    elif typed_breaks < plan:
        reason = "the country's numbering plan groups it further"
    else:
        reason = "its groups do not keep the breaks of the country's numbering plan"
    return (f"{typed!r} prints as {display!r}: {reason}; type it as {display!r}, or in smaller groups "
            "within those, to print it as typed")


def _breaks_from_end(groups: list[str]) -> list[int]:
    """Where groups break the digits, counted from the last digit: [12, 34] breaks at 2."""
    ends, total = [], 0
    for group in reversed(groups[1:]):
        total += len(group)
        ends.append(total)
    return ends


def _breaks(groups: list[str]) -> set[int]:
    """Where a grouping breaks the digits: after the 3rd, the 6th..."""
    ends, total = set(), 0
    for group in groups[:-1]:
        total += len(group)
        ends.add(total)
    return ends


def _check_characters(text: str) -> None:
    """Only digits 0-9, "+" first, and spaces, hyphens or brackets between the digits."""
    for char in text:
        if char not in _NUMBER_CHARACTERS:
            hint = (" (it looks like a digit and is not one)" if char in LOOK_ALIKE_DIGITS or char.isdigit() else
                    " (an extension cannot be dialled from a QR code, nor by everyone: give the direct number)"
                    if char.isalpha() or char in "#,;*" else "")
            raise PhoneError(f"{text!r}: the character {describe(char)} cannot stand in a number{hint}; write it "
                             "with the digits 0-9, and spaces, hyphens or brackets between them")
    if "+" in text.strip()[1:]:
        raise PhoneError(f"{text!r}: a '+' may only start the number")


def is_listed_short_number(digits: str, country: str) -> bool:
    """Whether libphonenumber's metadata lists the short number for the country."""
    return shortnumberinfo.is_valid_short_number_for_region(phonenumbers.parse(digits, country), country)


def is_emergency(phone: Phone, country: str) -> bool:
    return phone.e164 is None and shortnumberinfo.is_emergency_number(phone.dial, country)
