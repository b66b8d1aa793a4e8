"""What a pack file changes on top of the country's content: branding, contacts, intro.

An NGO edits its pack file, never the shared content: it adds its own contacts (checked
like any other), hides a national one, sets its name, logo, colours and font.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.declared import options_of
from generator.errors import Problem
from generator.model import Branding, Contact, ContactWording, Country, Guidance
from generator.packs.assets import logo_problems
from generator.packs.contacts import AddedContact, checked_sources, read_contact
from generator.packs.pack_file import BrandingEntry, Inks, PackFile, TwoLanguages
from generator.reading.reader import part, problem_at, read_declared
from generator.reading.yamlfile import Fields
from generator.reads import note
from generator.render.fonts import FontMissing, print_fonts
from generator.render.inks import INK_LIMIT, profile_problem

LOGO_TYPES = (".svg", ".png")
PROFILE_TYPES = (".icc", ".icm")


def _organisation(branding: Fields, languages: list[str]) -> dict[str, str]:
    """The organisation's name, one for every language or per language (`{kk: ..., ru: ...}`:
    then every language the pack prints needs its own)."""
    value = branding.data.get("organisation")
    if not isinstance(value, dict):
        name = branding.get("organisation", str, required=False, default="")
        return {language: name for language in languages} if name else {}
    names = branding.child("organisation", allowed=tuple(languages))
    for language in languages:
        if language not in names.data:
            names.problem(f"no name in {language!r}, one of the pack's languages: give one in every language, or "
                          "one name for all (organisation: \"...\")")
    return {str(language): names.text(language) for language in names.data}


def read_branding(fields: Fields, given: BrandingEntry, languages: list[str]) -> Branding:
    """The branding the pack file gives (read by its declaration), its files, fonts and inks checked."""
    branding = part(fields, "branding")
    logo = _own_file(branding, given.logo, "logo", LOGO_TYPES, "an SVG or PNG file")
    for problem in logo_problems(logo) if logo else []:
        branding.problem(problem, "logo")
    profile = _own_file(branding, given.print_profile, "print_profile", PROFILE_TYPES, "an ICC profile (.icc or .icm)")
    if profile and (problem := profile_problem(profile)):
        branding.problem(problem, "print_profile")
    font = given.font if given.font and _installed(branding, given.font, "font") else ""
    return Branding(organisation=_organisation(branding, languages),
                    logo=logo, primary=given.primary, accent=given.accent, font=font,
                    fonts=_language_fonts(branding), cmyk=_cmyk(branding, given),
                    print_profile=profile if profile and not profile_problem(profile) else None)


def _own_file(branding: Fields, name: str | None, key: str, types: tuple[str, ...], expected: str) -> Path | None:
    """A file the pack names, inside its own folder (its logo, its printer's profile)."""
    if not name:
        return None
    try:
        path = (branding.path.parent / name).resolve()
    except (OSError, ValueError):
        path = branding.path.parent / "?"
    if path.suffix.lower() not in types:
        branding.problem(f"expected {expected}, found {path.name!r}", key)
    elif not path.is_file():
        branding.problem(f"file {name!r} not found next to the pack file", key)
    elif not path.is_relative_to(branding.path.parent.resolve()):
        branding.problem("the file must be inside the pack's folder", key)
    else:
        note(path)  # printed on every document of the pack, or embedded in its print-shop file
        return path
    return None


def _cmyk(branding: Fields, colours: BrandingEntry) -> dict[str, tuple[float, float, float, float]]:
    """branding.cmyk: {primary: [c, m, y, k]} in per cent, as a printer gives them; each for a
    colour the pack sets as #rrggbb too (the office files' colour)."""
    given = part(branding, "cmyk")
    inks: dict[str, tuple[float, float, float, float]] = {}
    for name, value in given.data.items():
        if name not in options_of(Inks):  # said as an unknown key
            continue
        if not (isinstance(value, list) and len(value) == 4 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100 for v in value)):
            given.problem(f"expected four inks in per cent, cyan magenta yellow black, e.g. [90, 20, 75, 35]; "
                          f"found {value!r}", name)
        elif sum(value) > INK_LIMIT * 100:
            given.problem(f"the four inks add up to {sum(value):g} %; a print shop takes at most "
                          f"{INK_LIMIT * 100:g} %", name)
        elif not getattr(colours, name):
            given.problem(f"give branding.{name} as #rrggbb too: the office files print that one", name)
        else:
            c, m, y, k = (v / 100 for v in value)
            inks[str(name)] = (c, m, y, k)
    return inks


def _language_fonts(branding: Fields) -> dict[str, tuple[str, ...]]:
    """branding.fonts: a language's own families, first in its chain ({ar: "Noto Kufi Arabic"},
    or a list); each must be installed."""
    fonts = branding.child("fonts", required=False)
    chains: dict[str, tuple[str, ...]] = {}
    for language, value in fonts.data.items():
        families = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        if not families or not all(isinstance(f, str) and f.strip() for f in families):
            fonts.problem("expected a font family, or a list of them", language)
            continue
        if all(_installed(fonts, family, language) for family in families):
            chains[str(language)] = tuple(families)
    return chains


def _installed(fields: Fields, family: str, key: str) -> bool:
    try:
        print_fonts(family)
    except FontMissing as error:
        fields.problem(f"font family {family!r}: {error}", key)
        return False
    return True


def read_intro(fields: Fields, languages: list[str]) -> dict[str, str]:
    intro = fields.child("intro", required=False)
    texts = {str(language): intro.text(language) for language in intro.data}
    for language in texts:
        if language not in languages:
            intro.problem(f"intro for {language!r}, which is not one of the pack's languages", language)
    return texts


def read_bilingual(editions: tuple[TwoLanguages, ...], path: Path, problems: list[Problem], languages: list[str],
                   formats: list[str]) -> tuple[tuple[tuple[str, str], tuple[str, ...]], ...]:
    """Editions that print two languages together: side by side, or one after the other."""
    for entry in editions:
        pair, chosen = entry.languages, entry.formats
        if len(pair) != 2 or len(set(pair)) != 2:
            problems.append(problem_at(entry.origin, path, "expected two different languages, e.g. [kk, ru]",
                                       "languages"))
        problems.extend(problem_at(entry.origin, path, f"{language!r} is not one of the pack's languages "
                                   f"({', '.join(languages)})", "languages")
                        for language in pair if language not in languages)
        problems.extend(problem_at(entry.origin, path, f"{name!r} is not one of the pack's formats "
                                   f"({', '.join(formats)})", "formats")
                        for name in chosen if name not in formats)
    return tuple(((entry.languages[0], entry.languages[1]), entry.formats) for entry in editions
                 if len(entry.languages) == 2)


def customise_contacts(fields: Fields, pack: PackFile, country: Country, guidance: dict[str, Guidance]
                       ) -> tuple[Country, dict[str, Guidance], tuple[Contact, ...]]:
    """The country's contacts with the pack's own added and the hidden ones removed; and the hidden ones."""
    # checked even when no contact uses them; a note of their own is in the pack's folder's sources/
    sources = {**country.sources, **checked_sources(pack.sources, fields.path, fields.problems, fields.path.parent)}
    changes = pack.contacts
    section = part(fields, "contacts")
    if changes is None or not section.data:
        return replace(country, sources=sources), guidance, ()

    hidden = changes.hide
    known = {c.id for c in country.contacts} | {c.group for c in country.contacts if c.group}
    fields.problems.extend(problem_at(changes.origin, fields.path, f"cannot hide {contact_id!r}: no such contact; "
                                      f"contacts: {', '.join(sorted(known))}", "hide")
                           for contact_id in hidden if contact_id not in known)
    wordings: dict[str, dict[str, ContactWording]] = {}

    def read_added(entry: Fields) -> Contact | None:
        contact = read_contact(entry, country.code, sources, AddedContact)
        wording = entry.child("wording")
        for language in guidance:
            if language not in wording.data:
                wording.problem(f"missing the wording in {language!r}, one of the pack's languages")
                continue
            words = wording.child(language, allowed=tuple(options_of(ContactWording)))
            if words.ok and contact:
                wordings.setdefault(language, {})[contact.wording_key] = read_declared(ContactWording, words)
        return contact

    added = section.each("add", read_added, required=False, allowed=tuple(options_of(AddedContact)))
    for contact in added:
        if contact.id in known:
            section.problem(f"added contact id {contact.id!r} is already used by the country's contacts", "add")
    kept = tuple(c for c in country.contacts if c.id not in hidden and c.group not in hidden)
    guidance = {language: replace(g, contacts={**g.contacts, **wordings.get(language, {})})
                for language, g in guidance.items()}
    left_out = tuple(c for c in country.contacts if c not in kept)
    return replace(country, sources=sources, contacts=kept + tuple(added)), guidance, left_out

