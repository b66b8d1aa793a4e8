"""Phone numbers, parsed and formatted by libphonenumber rather than by hand."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, shortnumberinfo


@dataclass(frozen=True)
class Phone:
    dial: str  # what a phone dials: "102" or "+77152493158"
    e164: str | None  # None for short codes, which have no international form
    display: str  # printed form


class PhoneError(ValueError):
    pass


def parse_phone(text: str, country: str, vouched: bool = False) -> Phone:
    """Read a number as written in content; short emergency codes stay short.

    Full numbers are printed in international form (+7 7152 49 31 58) because the
    reader may dial from a foreign SIM, where the national "8" prefix does not work.
    vouched: a named source says the short number is valid, though libphonenumber does
    not list it (the content says which, and `check` warns of it).
    """
    digits = "".join(ch for ch in text if ch.isdigit())
    try:
        number = phonenumbers.parse(digits if len(digits) <= 4 else text, country)
    except phonenumbers.NumberParseException as error:
        raise PhoneError(f"{text!r} is not a phone number ({error._msg})") from None
    if not text.strip().startswith("+") and len(digits) <= 4:
        if not (vouched or is_listed_short_number(digits, country)):
            raise PhoneError(f"{text!r} is not a valid short number in {country} as libphonenumber knows them; "
                             "if a source says it is, name it under short_number_source")
        return Phone(dial=digits, e164=None, display=digits)
    if not phonenumbers.is_valid_number_for_region(number, country):
        actual = phonenumbers.region_code_for_number(number) if phonenumbers.is_valid_number(number) else None
        if actual:
            raise PhoneError(f"{text!r} is a valid phone number for {actual}, not a valid phone number for "
                             f"{country}; if it is meant to be abroad, add country: {actual} to the contact")
        raise PhoneError(f"{text!r} is not a valid phone number for {country} "
                         "(libphonenumber rejects it; check the digits)")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Phone(dial=e164, e164=e164,
                 display=phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL))


def is_listed_short_number(digits: str, country: str) -> bool:
    """Whether libphonenumber's metadata lists the short number for the country."""
    return shortnumberinfo.is_valid_short_number_for_region(phonenumbers.parse(digits, country), country)


def is_emergency(phone: Phone, country: str) -> bool:
    return phone.e164 is None and shortnumberinfo.is_emergency_number(phone.dial, country)
