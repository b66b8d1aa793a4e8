"""The rule for numbers in the words of content: every phone number a text prints comes from a
contact (`{contact:id}`, filled from the country file), never typed; and a translation carries
the very figures of its English.

A text may type figures of the kinds generator.digits knows, by their form (a time, a range of
times, a date, a percentage, a designation: "№102") or by their words in the text's language
(an article of a law, an area code, a year, a duration). A run of digits is refused when it is a contact's number, when
it is written with "+", when it has seven digits or more, when libphonenumber takes it for a
number of the pack's country (a valid number, or a short or emergency number it lists), or when
it has three digits or more and is no figure. An e-mail address is a contact's too. Digits other
than 0-9, direction controls, invisible characters beside a digit and letters standing in a
number's place are refused wherever they stand (generator.digits names them). The written PDF is
read back by the same reading (generator.check.numbers).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

import phonenumbers
from phonenumbers import shortnumberinfo

from generator.digits import (
    FIGURE_KINDS,
    FORM_KINDS,
    MIN_DIGITS,
    PHONE_LENGTH,
    Run,
    addresses,
    ascii_digits,
    character_problems,
    figure_kind,
    figure_values,
    number_runs,
)
from generator.model import Contact
from generator.render.markup import CONTACT_REFERENCE

_REFERENCE_OR_PLACEHOLDER = CONTACT_REFERENCE.pattern + r"|\{[a-z_:.0-9-]*\}"


def contact_keys(contacts: tuple[Contact, ...]) -> dict[str, str]:
    """What each contact is found by in a text: its digits (as dialled and as printed) and its
    address; the value is its id."""
    keys: dict[str, str] = {}
    for contact in contacts:
        for written in (contact.dial, contact.display, contact.e164):
            digits = ascii_digits(written or "")
            if digits and not contact.email:
                keys.setdefault(digits, contact.id)
        if contact.email:
            keys.setdefault(contact.email.lower(), contact.id)
    return keys


def is_phone_like(run: Run, region: str) -> bool:
    """Whether a run of digits would be taken for a phone number of the region."""
    digits = run.digits
    if run.international or len(digits) >= PHONE_LENGTH:
        return True
    if len(digits) < MIN_DIGITS:
        return False
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    return (phonenumbers.is_valid_number_for_region(number, region)
            or shortnumberinfo.is_valid_short_number_for_region(number, region)
            or shortnumberinfo.is_emergency_number(digits, region))


def text_problems(text: str, contacts: Mapping[str, str], region: str, language: str) -> list[str]:
    """Why a text of content may not print as it is written (empty: it may). language: the
    text's, whose words say what a figure is ("Article 120", "120-бап").

    contacts: contact_keys() of every contact of the country, those a pack hides included (a
    typed number of a hidden contact would print it after all).
    """
    words = _without_references(text)
    problems = character_problems(text)
    for run in number_runs(words):
        ends = [replace(run, text=end, read=end, kind="") for end in run.ends] if run.kind == "range" else [run]
        typed = [contacts[key] for key in (run.digits, *(end.digits for end in ends))
                 if key in contacts and run.kind != "designation"]  # "№102" is a clinic's, not the police's
        if typed:
            problems.append(f"{run.text!r} is typed: write {{contact:{typed[0]}}} instead, so the "
                            "number comes from the country file and is printed as it is dialled")
        elif run.kind not in FORM_KINDS and any(is_phone_like(end, region) for end in ends):
            problems.append(f"{run.text!r} looks like a phone number and is no contact's: add it to the contacts, "
                            "with its source, and write {contact:its-id}; a figure that is no phone number "
                            "(an article, a year) cannot be written this way in this country")
        elif any(end.is_number for end in ends) and not figure_kind(words, run, language):
            problems.append(f"{run.text!r} reads as a number and is no contact's, nor a figure a reader knows by its "
                            f"words ({', '.join(FIGURE_KINDS)}): write {{contact:its-id}} for a number; say what a "
                            "figure is (\"Article 120\", \"area code 7152\", \"in the year 2026\")")
    for address in addresses(words):
        if address in contacts:
            problems.append(f"{address!r} is typed: write {{contact:{contacts[address]}}} instead")
        else:
            problems.append(f"{address!r} is an e-mail address that is no contact's: add it to the contacts, "
                            "with its source, and write {contact:its-id}")
    return list(dict.fromkeys(problems))


def figure_problems(english: str, translation: str) -> list[str]:
    """A translation must carry the figures of its English, by value (its times, its dates and
    its runs of three digits or more: an article, a year, an area code), each as often, in any
    order: a translator cannot turn one into a number that is no contact's. "11:00–19:00" carries
    "11:00 to 19:00"."""
    theirs, ours = _numbers(english), _numbers(translation)
    if theirs == ours:
        return []
    added = sorted((ours - theirs).elements())
    missing = sorted((theirs - ours).elements())
    said = [f"{', '.join(added)} not in the English" if added else "",
            f"{', '.join(missing)} of the English missing" if missing else ""]
    return [f"its numbers differ from the English's ({'; '.join(s for s in said if s)}): write the English's "
            "figures, with the digits 0-9"]


def _numbers(text: str) -> Counter[str]:
    return Counter(figure_values(_without_references(text)))


def _without_references(text: str) -> str:
    """The text without its {contact:id} references and layout placeholders ({date}), which
    are filled in, not printed as written."""
    return re.sub(_REFERENCE_OR_PLACEHOLDER, " ", text)
