"""A contact and the source it was read from, declared once (generator.declared) for every
file that gives them: a country's content and the channels' notes (both files declared here), a
pack file's own contacts and sources, and a site's row. Each is checked alike, at its file, line
and field, and a contact keeps where it was declared (Contact.origin) for the checks after loading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import phonenumbers

from generator.declared import Declared, option
from generator.digits import first_character_problem, is_address
from generator.errors import Problem
from generator.installation import CONTENT_DIR
from generator.model import CHANNELS, Channel, Confirmation, Contact, Source
from generator.packs.phones import PhoneError, is_emergency, parse_phone
from generator.reading.reader import problem_at, read_declared
from generator.reading.yamlfile import Fields


@dataclass(frozen=True)
class SourceEntry(Declared):
    """A source of `sources:`, in a country's content, a pack file or the channels' notes."""

    title: str = option("", required=True, check=first_character_problem, help="the source as a page names it")
    read_on: date | None = option(None, required=True, help="when it was read: printed as 'Information as of'")
    contact: str | None = option(None, help="who at the source said it (a pack's own records)")
    url: str | None = option(None, help="where it is on the web (required of the channels' notes)")
    file: str | None = option(None, help="its note in the content folder: sources/<name>.md")


@dataclass(frozen=True)
class Confirmed(Declared):
    """`confirmed:` someone actually confirmed the contact: only then is "Checked on" printed."""

    by: str = option("", required=True, help="who confirmed it")
    how: str = option("", required=True, help="how: a call, a visit")
    on: date | None = option(None, required=True, help="when")


@dataclass(frozen=True)
class ContactEntry(Declared):
    """A contact of a country's content, of a pack file or of a site's row."""

    id: str = option("", required=True, help="names the contact in the content's wording and in messages")
    number: str | None = option(None, help="required for voice and WhatsApp: as its country writes it")
    email: str | None = option(None, help="required for e-mail")
    channels: tuple[str, ...] = option((), required=True, help="voice, whatsapp or email; the first is its QR code")
    emergency: bool = option(False, help="a short emergency number of its country")
    region: str | None = option(None, help="where it serves, when not the whole country")
    group: str | None = option(None, help="contacts of one group (a service's numbers) share their wording")
    source: str = option("", required=True, help="one of the file's sources")
    as_of: date | None = option(None, required=True, help="when the source was read for it")
    confirmed: Confirmed | None = option(None, help="who confirmed it, how and when")
    country: str | None = option(None, help="the country of its number, when not the pack's")
    short_number_source: str | None = option(None, help="a source vouching for a short number libphonenumber "
                                                        "does not list")


@dataclass(frozen=True)
class AddedContact(ContactEntry):
    """A pack's own contact (`contacts.add`): with its wording in each of the pack's languages."""

    wording: object = option(None, help="per language: name, note, short, discreet (read by generator.packs.customise)")


@dataclass(frozen=True)
class CountryFile(Declared):
    """A country's content/<country>/country.yaml: what every situation and language of it shares."""

    version: str = option("", required=True, check=first_character_problem, help="printed on every page")
    code: str = option("", required=True, help="ISO 3166-1 alpha-2 (KZ): whose numbers they are", check=lambda code: (
        None if code in phonenumbers.SUPPORTED_REGIONS
        else f"{code!r} is not a country code libphonenumber knows (ISO 3166, upper case, e.g. KZ)"))
    languages: tuple[str, ...] = option((), required=True, help="the languages with content; the first is the source")
    sources: dict[str, SourceEntry] = option(factory=dict, required=True, help="where its facts were read, by id")
    contacts: object = option(None, required=True, help="its contacts, each a ContactEntry checked by read_contact")


@dataclass(frozen=True)
class NoteEntry(Declared):
    """What a way of contact leaves behind on a phone, on a source's word (content/safety/channels.yaml)."""

    text: str = option("", required=True, help="the string of the layouts that says it, translated as the others")
    source: str = option("", required=True, help="one of the file's sources, a page that says so")


@dataclass(frozen=True)
class ChannelsFile(Declared):
    """content/safety/channels.yaml: a note only where a source says it, never left to chance."""

    sources: dict[str, SourceEntry] = option(factory=dict, required=True, help="the pages they rest on, with urls")
    notes: dict[Channel, NoteEntry] = option(factory=dict, required=True, help="per channel, its note")


def checked_sources(entries: dict[str, SourceEntry], path: Path, problems: list[Problem], content_dir: Path,
                    web: bool = False) -> dict[str, Source]:
    """`sources:` checked: each note file there (in content_dir's sources/), each address given
    where web sources are asked for; those read with their date (one without is said)."""
    for entry in entries.values():
        if entry.file and (problem := source_file_problem(entry.file, content_dir)):
            problems.append(problem_at(entry.origin, path, problem, "file"))
        if web and not entry.url:
            problems.append(problem_at(entry.origin, path, "missing required key 'url'"))
    return {source_id: Source(id=source_id, title=entry.title, read_on=entry.read_on, file=entry.file)
            for source_id, entry in entries.items() if entry.read_on}


def source_file_problem(note: str, content_dir: Path) -> str | None:
    """What is wrong with the source note a source cites (sources/<name>.md, in the content
    folder of the country file, or the installed one's, which a pack's own content overlays):
    it must be there, for a fact printed on its word is only as good as the note."""
    relative = Path(note)
    if relative.is_absolute() or ".." in relative.parts or relative.parts[:1] != ("sources",):
        return f"{note!r}: expected a file of the content folder's sources/, such as sources/kz-contact-centre-111.md"
    folders = dict.fromkeys((content_dir, CONTENT_DIR))
    if not any((folder / relative).is_file() for folder in folders):
        looked = " and ".join(str(folder / relative) for folder in folders)
        return f"the source file {note} is missing (looked for {looked})"
    return None


def read_contact(fields: Fields, country: str, sources: dict[str, Source],
                 kind: type[ContactEntry] = ContactEntry) -> Contact | None:
    """A contact, checked against its country and its sources; None with problems said."""
    if not country:
        return None  # the country code is wrong: numbers cannot be checked, and that is said once
    entry = read_declared(kind, fields)

    def problem(message: str, key: str | None = None) -> None:
        fields.problems.append(problem_at(entry.origin, fields.path, message, key))

    channels = entry.channels
    for channel in channels:
        if channel not in CHANNELS:
            problem(f"unknown channel {channel!r}; expected one of {', '.join(CHANNELS)}", "channels")
    if entry.source and entry.source not in sources:
        problem(f"unknown source {entry.source!r}; sources: {', '.join(sources)}", "source")
    if "email" in channels:
        _required(fields, "email", problem)
    if entry.email and not is_address(entry.email):  # as the page check reads them, or a printed one is never found
        problem(f"{entry.email!r} is not an e-mail address (name@domain.tld)", "email")
    if {"voice", "whatsapp"} & set(channels):
        _required(fields, "number", problem)
    region = entry.country or country
    vouching = entry.short_number_source
    if vouching and vouching not in sources:
        problem(f"unknown source {vouching!r}; sources: {', '.join(sources)}", "short_number_source")
    phone = None
    if entry.number:
        try:
            phone = parse_phone(entry.number, region, vouched=vouching in sources)
        except PhoneError as error:
            problem(str(error), "number")
    if phone and entry.emergency and not is_emergency(phone, region):
        problem(f"{entry.number!r} is marked emergency but is not an emergency number in {country}", "emergency")
    if phone and "whatsapp" in channels and not phone.e164:
        problem("a WhatsApp contact needs a full international number", "number")
    if not (entry.id and entry.source in sources and entry.as_of):
        return None
    confirmed = entry.confirmed
    return Contact(
        id=entry.id, channels=tuple(Channel(c) for c in channels if c in CHANNELS), source=sources[entry.source],
        as_of=entry.as_of, e164=phone.e164 if phone else None, dial=phone.dial if phone else None,
        display=phone.display if phone else entry.email, email=entry.email or None, emergency=entry.emergency,
        typed=entry.number if phone else None, region=entry.region, group=entry.group,
        confirmed=(Confirmation(by=confirmed.by, how=confirmed.how, on=confirmed.on or entry.as_of)
                   if confirmed else None),
        short_number_source=sources.get(vouching) if vouching else None, origin=entry.origin,
    )



def _required(fields: Fields, key: str, problem: Callable[[str, str | None], None]) -> None:
    """A key its contact's channels require: said when it is left out, or empty (one of another
    type is said as such where it is read)."""
    value = fields.data.get(key)
    if fields.partial:
        return
    if value is None:
        problem(f"missing required key {key!r}", None)
    elif isinstance(value, str) and not value.strip():
        problem("is empty", key)
