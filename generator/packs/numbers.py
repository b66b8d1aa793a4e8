"""The rule for numbers in the words of content: every phone number a text prints comes from a
contact (`{contact:id}`, filled from the country file), never typed; and a translation carries
the very figures of its English.

A text may type figures: an article of a law, a duration, a year, an area code. A run of digits
is taken for a phone number, and refused, when it is a contact's number, when it is written
with "+", when it has seven digits or more, or when libphonenumber takes it for a number of the
pack's country (a valid number, or a short or emergency number it lists). An e-mail address is
a contact's too. Digits other than 0-9, direction controls, and invisible characters or
look-alike letters touching a digit are refused wherever they stand (generator.check.numbers
names them). The written PDF is read back by the same rule (generator.check.numbers).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

import phonenumbers
from phonenumbers import shortnumberinfo

from generator.check.numbers import MIN_DIGITS, Run, addresses, character_problems, number_runs
from generator.model import Contact
from generator.render.markup import CONTACT_REFERENCE

PHONE_LENGTH = 7  # digits: a run this long is a phone number in any country
_REFERENCE_OR_PLACEHOLDER = CONTACT_REFERENCE.pattern + r"|\{[a-z_:.0-9-]*\}"


def contact_keys(contacts: tuple[Contact, ...]) -> dict[str, str]:
    """What each contact is found by in a text: its digits (as dialled and as printed) and its
    address; the value is its id."""
    keys: dict[str, str] = {}
    for contact in contacts:
        for written in (contact.dial, contact.display, contact.e164):
            digits = "".join(ch for ch in written or "" if ch.isdigit())
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


def text_problems(text: str, contacts: Mapping[str, str], region: str) -> list[str]:
    """Why a text of content may not print as it is written (empty: it may).

    contacts: contact_keys() of every contact of the country, those a pack hides included (a
    typed number of a hidden contact would print it after all).
    """
    words = _without_references(text)
    problems = character_problems(text)
    for run in number_runs(words):
        if run.digits in contacts:
            problems.append(f"{run.text!r} is typed: write {{contact:{contacts[run.digits]}}} instead, so the "
                            "number comes from the country file and is printed as it is dialled")
        elif is_phone_like(run, region):
            problems.append(f"{run.text!r} looks like a phone number and is no contact's: add it to the contacts, "
                            "with its source, and write {contact:its-id}; a figure that is no phone number "
                            "(an article, a year) cannot be written this way in this country")
    for address in addresses(words):
        if address in contacts:
            problems.append(f"{address!r} is typed: write {{contact:{contacts[address]}}} instead")
        else:
            problems.append(f"{address!r} is an e-mail address that is no contact's: add it to the contacts, "
                            "with its source, and write {contact:its-id}")
    return list(dict.fromkeys(problems))


def figure_problems(english: str, translation: str) -> list[str]:
    """A translation must carry the numbers of its English (runs of three digits or more: an
    article, a year, an area code), each as often, in any order: a translator cannot turn one
    into a number that is no contact's."""
    theirs, ours = _numbers(english), _numbers(translation)
    if theirs == ours:
        return []
    added = sorted((ours - theirs).elements())
    missing = sorted((theirs - ours).elements())
    said = [f"{', '.join(added)} not in the English" if added else "",
            f"{', '.join(missing)} of the English missing" if missing else ""]
    return [f"its numbers differ from the English's ({'; '.join(s for s in said if s)}): write the English's "
            "numbers with the digits 0-9, as the English writes them"]


def _numbers(text: str) -> Counter[str]:
    return Counter(run.digits for run in number_runs(_without_references(text)) if run.is_number)


def _without_references(text: str) -> str:
    """The text without its {contact:id} references and layout placeholders ({date}), which
    are filled in, not printed as written."""
    return re.sub(_REFERENCE_OR_PLACEHOLDER, " ", text)
