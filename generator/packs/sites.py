"""A pack's spreadsheet of sites: one row per clinic, each printed on editions of its own.

An NGO that hands out cards in many clinics names a CSV file in its pack file (`sites:
sites.csv`). Each row is one site: its id (a folder name), its name (printed small in the
edition line) and its own contact, read and checked like a contact of the pack file, with
a label in every language of the pack. Problems are said at the row's line, with the
column in brackets, as the YAML files' are.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from generator.errors import Problem
from generator.model import ROLLOUT_FOLDER, Contact, ContactWording, Pack, Site, Source
from generator.packs.yamlfile import Fields, Mapping

REQUIRED_COLUMNS = ("id", "name", "number", "channel", "source", "as_of")
OPTIONAL_COLUMNS = ("region", "country")
PER_LANGUAGE = ("label", "note")  # label:<lang> for each language of the pack; note:<lang> if wanted
SITE_CHANNELS = ("voice", "whatsapp")
_SITE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

ReadContact = Callable[[Fields, str, dict[str, Source]], "Contact | None"]


def read_sites(fields: Fields, country: str, languages: list[str], sources: dict[str, Source],
               read_contact: ReadContact) -> tuple[Path | None, tuple[Site, ...]]:
    """The spreadsheet the pack file names (`sites:`), if any, and its rows as sites."""
    name = fields.get("sites", str, required=False)
    if not name:
        return None, ()
    path = fields.path.parent / name
    if ".." in Path(name).parts or Path(name).is_absolute():
        fields.problem(f"the sites file {name!r} must be in the pack's folder (or a folder inside it)", "sites")
        return None, ()
    if path.suffix.lower() != ".csv":
        fields.problem(f"the sites must be a CSV file (saved from a spreadsheet as CSV, UTF-8), found {name!r}",
                       "sites")
        return None, ()
    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a BOM
    except FileNotFoundError:
        fields.problem(f"sites file {name!r} not found next to the pack file", "sites")
        return None, ()
    except UnicodeDecodeError as error:
        fields.problems.append(Problem(path, f"not UTF-8 text (byte {error.start}); save it as CSV UTF-8"))
        return None, ()
    except OSError as error:
        fields.problems.append(Problem(path, f"cannot be read: {error.strerror or error}"))
        return None, ()
    return path, tuple(_read_rows(path, text, country, languages, sources, fields.problems, read_contact))


def _read_rows(path: Path, text: str, country: str, languages: list[str], sources: dict[str, Source],
               problems: list[Problem], read_contact: ReadContact) -> list[Site]:
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        problems.append(Problem(path, "is empty; expected a first line naming the columns"))
        return []
    except csv.Error as error:
        problems.append(Problem(path, f"CSV error: {error}", line=1))
        return []
    if not _header_ok(path, header, languages, problems):
        return []
    sites: list[Site] = []
    seen: dict[str, int] = {}
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(path, f"CSV error: {error}", line=reader.line_num))
            break
        row_line, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) > len(header):
            problems.append(Problem(path, f"{len(cells)} cells, but the first line names {len(header)} columns",
                                    line=row_line))
            continue
        row = Mapping((column, cell.strip()) for column, cell in zip(header, cells) if cell.strip())
        row.line, row.key_lines = row_line, {column: row_line for column in row}
        site = _read_site(Fields(row, path, problems), row, country, languages, sources, read_contact)
        if site is None:
            continue
        if site.id in seen:
            problems.append(Problem(path, f"site id {site.id!r} is already used on line {seen[site.id]}",
                                    line=row_line, field="id"))
            continue
        seen[site.id] = row_line
        sites.append(site)
    if not sites and not any(p.file == path for p in problems):
        problems.append(Problem(path, "holds no site: one row per site is expected after the first line"))
    return sites


def _header_ok(path: Path, header: list[str], languages: list[str], problems: list[Problem]) -> bool:
    """Every column known, none twice, and every required one there: said at line 1."""
    allowed = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *(f"{kind}:{lang}" for kind in PER_LANGUAGE for lang in languages)]
    before = len(problems)
    for column in header:
        if column not in allowed:
            hint = difflib.get_close_matches(column, allowed, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            problems.append(Problem(path, f"unknown column {column!r}{suggestion} Allowed: {', '.join(allowed)}",
                                    line=1, field=column or "(empty)"))
    for column in sorted({c for c in header if header.count(c) > 1}):
        problems.append(Problem(path, f"the column {column!r} appears twice", line=1, field=column))
    for column in [*REQUIRED_COLUMNS, *(f"label:{lang}" for lang in languages)]:
        if column not in header:
            what = (f"the site's label in {column.split(':')[1]!r}, one of the pack's languages"
                    if column.startswith("label:") else "a required column")
            problems.append(Problem(path, f"missing column {column!r} ({what})", line=1))
    return len(problems) == before


def _read_site(row: Fields, data: Mapping, country: str, languages: list[str], sources: dict[str, Source],
               read_contact: ReadContact) -> Site | None:
    before = len(row.problems)
    site_id = row.text("id")
    if site_id == ROLLOUT_FOLDER:
        row.problem(f"{site_id!r} is the folder of the print shop's sheets of every site; choose another id", "id")
    elif site_id and not _SITE_ID.match(site_id):
        row.problem(f"{site_id!r} is not a site id: it names a folder, so use small letters, digits, - and _ "
                    "(at most 64)", "id")
    channel = row.choice("channel", SITE_CHANNELS)
    wording = {}
    for language in languages:
        label = row.text(f"label:{language}", required=False)
        if not label:
            row.problem(f"is empty: the label of the site's contact in {language!r}, one of the pack's languages, "
                        "is required", f"label:{language}")
        wording[language] = ContactWording(name=label, note=row.text(f"note:{language}", required=False))
    contact_fields = {**data, "id": f"site-{site_id}", "channels": [channel or "voice"]}
    contact_row = Mapping(contact_fields)
    contact_row.line, contact_row.key_lines = data.line, {key: data.line for key in contact_fields}
    contact = read_contact(Fields(contact_row, row.path, row.problems), country, sources)
    if contact is None or len(row.problems) != before:
        return None
    return Site(id=site_id, name=row.text("name"), contact=contact, wording=wording, line=data.line,
                row=json.dumps(dict(data), sort_keys=True, ensure_ascii=False), region=contact.region)


def site_pack(pack: Pack, site: Site) -> Pack:
    """The pack as one site prints it: the site's contact first among the services, and of
    the spreadsheet its own row only. Each edition goes to a render worker with its pack: a
    thousand rows in every one made the work sent to the workers grow with the square of the
    sites (half a gigabyte pickled for 1,000 sites)."""
    contacts = pack.country.contacts
    first_service = next((i for i, c in enumerate(contacts) if not c.emergency), len(contacts))
    country = replace(pack.country, contacts=(*contacts[:first_service], site.contact, *contacts[first_service:]))
    guidance = {language: replace(g, contacts={**g.contacts, site.contact.wording_key: site.wording[language]})
                for language, g in pack.guidance.items()}
    return replace(pack, country=country, guidance=guidance, sites=(site,))
