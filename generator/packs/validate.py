"""Validate stage: what can be known to be wrong before anything is rendered.

Loading already checks each file on its own (schema, phone numbers, dates). This module
checks what needs several files at once: translations against their source, the age of
the facts, whether the fonts have every letter, and whether the templates parse.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import jinja2

from generator.check.giveaways import giveaway_words
from generator.declared import Origin
from generator.digits import character_problems
from generator.errors import Problem, RespackError, Severity, in_order
from generator.model import Contact, Edition, Guidance, Layout, Pack, Site, Strings
from generator.packs.assets import logo_inks
from generator.packs.capacity import capacity_problems
from generator.packs.images import OcrMissing, image_problems, pack_images
from generator.packs.layouts import layout_of
from generator.packs.numbers import contact_keys, figure_problems, text_problems
from generator.packs.phones import is_listed_short_number, why_regrouped
from generator.packs.site_names import check_site_names
from generator.packs.sites import site_pack
from generator.packs.units import (
    DRAFT,
    EASY,
    NOT_STAMPED,
    REVIEWED,
    STALE,
    UNTRANSLATED,
    Unit,
    read_translation,
    replacements,
    source_language,
    unreviewed_units,
)
from generator.reading.reader import problem_at
from generator.render.easy import easy_blocks
from generator.render.fonts import FontMissing, chain_coverage, font_chain, fonts_for, missing_families, where_to_get
from generator.render.markup import CONTACT_REFERENCE
from generator.render.pictograms import alt_key
from generator.render.templates import OutsideLayouts, template_environment

FRESHNESS_MONTHS = 12
ALLOWED_PAYLOAD_PREFIXES = ("tel:", "mailto:", "https://wa.me/", "https://")


def validate_pack(pack: Pack, today: date, release: bool = False) -> list[Problem]:
    """Every problem of a loaded pack; under release, drafts and stale facts are errors."""
    problems: list[Problem] = []
    problems += check_translations(pack, release)
    problems += check_freshness(pack, today, release)
    problems += check_payloads(pack)
    problems += check_glyphs(pack)
    problems += check_references(pack)
    problems += check_contrast(pack)
    problems += check_capacity(pack) if not pack.sites else []
    problems += check_sites(pack, today, release)
    problems += check_short_numbers(pack)
    problems += check_grouping(pack)
    problems += check_neutral(pack)
    problems += check_easy_read(pack)
    problems += check_numbers(pack)
    problems += check_images(pack)
    problems += check_own_wording(pack)
    return problems


def check_own_wording(pack: Pack) -> list[Problem]:
    """The pack's own English of a unit replaces the installed one: when an upgrade corrects the
    installed English, the NGO is told, so its wording does not keep what was corrected."""
    problems = []
    for replaced in replacements(pack):
        if replaced.recorded is None:
            message = (f"your wording of {replaced.unit!r} replaces respack's English: write beside it which one "
                       f"(based_on: {replaced.current}), so that a correction of it is said to you")
        elif replaced.recorded != replaced.current:
            message = (f"respack's English of {replaced.unit!r} has changed since your wording replaced it (a "
                       "correction of the guidance, perhaps): compare yours with the new one (respack list shows "
                       f"where it is installed), then set based_on: {replaced.current}")
        else:
            continue
        problems.append(_at(_in(replaced.file, replaced.origin), message, replaced.field, Severity.WARNING))
    return problems


def check_images(pack: Pack) -> list[Problem]:
    """Every number the pack's images show (its logo, its layouts' pictures) is a contact's:
    the check of the written page does not read inside an image (generator.packs.images)."""
    keys = contact_keys(pack.country.contacts)
    problems = []
    for path in pack_images(pack.path.parent, pack.branding.logo, pack.layouts.dirs):
        try:
            problems += [Problem(path, message) for message in image_problems(path, keys)]
        except OcrMissing as missing:
            problems.append(Problem(path, str(missing)))
        except (OSError, SyntaxError, ValueError) as error:
            problems.append(Problem(path, f"cannot be read as an image: {error}"))
    return problems


def check_numbers(pack: Pack) -> list[Problem]:
    """Every text the pack prints types no phone number and nothing that makes a number read
    other than it dials; each translated unit carries the figures of its English
    (generator.packs.numbers)."""
    keys = contact_keys((*pack.country.contacts, *pack.hidden))
    region = pack.country.code
    problems = [_at(path, f"{what}: {message}", field)
                for path, field, what, text, language in _texts(pack)
                for message in text_problems(text, keys, region, language)]
    for language in pack.languages:
        if language == source_language(pack):
            continue
        for unit in read_translation(pack, language).units:
            for english, translation in zip(unit.english, unit.translation):
                if translation.strip():
                    problems += [_at(_in(unit.file, unit.origin), f"{_name(unit)}: {message}", _field(unit))
                                 for message in figure_problems(english, translation)]
    return problems


def _texts(pack: Pack) -> Iterator[tuple[Place, str | None, str, str, str]]:
    """(where, field, what it is, text, its language) of every text the pack prints, in each of
    its languages."""
    for language in pack.languages:
        guidance, strings = pack.guidance[language], pack.strings[language]
        for key in ("title", "headline", "first_step"):
            yield guidance, key, f"the {key.replace('_', ' ')}", getattr(guidance, key), language
        for key, wording in guidance.contacts.items():
            # A contact no content file words is one the pack file adds, with its wording.
            own = guidance.origin is None or guidance.origin.given(f"contacts.{key}") is None
            for field, what in (("name", "name"), ("note", "note"), ("short", "short name"),
                                ("discreet", "discreet name")):
                where = (pack, "contacts.add") if own else \
                    (wording.origin.of(field) if wording.origin else guidance, f"contacts.{key}.{field}")
                yield *where, f"the {what} of contact {key!r}", getattr(wording, field), language
        for section in guidance.sections:
            for field in ("question", "answer", "easy"):
                at = section.origin.of(field) if section.origin else guidance.path  # the line of the text itself
                yield at, f"sections.{section.id}.{field}", f"the {field} of section {section.id!r}", \
                    getattr(section, field), language
        for key, value in strings.values.items():
            yield strings, f"strings.{key}", f"the string {key!r}", value, language
        if language in pack.intro:
            yield pack, f"intro.{language}", "the intro", pack.intro[language], language
    for language, name in pack.branding.organisation.items():
        yield pack, "branding.organisation", f"the organisation's name in {language!r}", name, language


def check_neutral(pack: Pack) -> list[Problem]:
    """A neutral pack whose name gives it away (it names every file), or with a language that
    has no giveaway terms, for which the check of its documents can find nothing."""
    if not pack.neutral:
        return []
    terms = [term for language in pack.languages for term in pack.giveaway_terms.get(language, ())]
    exceptions = [term for language in pack.languages for term in pack.giveaway_exceptions.get(language, ())]
    problems = [_at(pack, f"the pack's name {pack.name!r} is in every file's name and says {word!r}, "
                    "a giveaway term: choose a plain name", "name")
                for word in giveaway_words(pack.name, terms, exceptions)]
    problems += [_at(pack, f"no giveaway terms for {language!r}: its neutral documents cannot be checked; "
                     f"add content/safety/{language}.yaml or safety: giveaway_terms: {language}: in the pack",
                     "safety", Severity.WARNING)
                 for language in pack.languages if not pack.giveaway_terms.get(language)]
    return problems


def check_easy_read(pack: Pack) -> list[Problem]:
    """A format that prints the easy-read texts (layout.yaml's option `easy`) needs one for
    every section, in each language, and the alternative text of each of its pictures."""
    formats = dict.fromkeys(name for _, names in pack.editions_languages() for name in names)
    easy = [name for name in formats if _prints_easy_read(pack, name)]
    if not easy:
        return []
    problems = []
    for language in pack.languages:
        guidance, strings = pack.guidance[language], pack.strings[language]
        for section in guidance.sections:
            if not section.easy.strip():
                problems.append(_at(section.origin or guidance.path, f"section {section.id!r} has no easy-read "
                                    "text (easy:), which "
                                    f"{easy[0]} prints: write one (see docs/customizing.md), or leave {easy[0]} out "
                                    "of the pack's formats", f"sections.{section.id}"))
        for name in sorted({block.picture for s in guidance.sections for block in easy_blocks(s.easy)}):
            if alt_key(name) not in strings.values:
                problems.append(_at(strings, f"missing the string {alt_key(name)!r}: what the pictogram "
                                    f"{name!r} shows, its alternative text on {easy[0]}", "strings"))
    return problems


def _prints_easy_read(pack: Pack, name: str) -> bool:
    try:
        return bool(layout_of(pack, name).options.easy)
    except RespackError:
        return False  # check_layouts reports what is wrong with the layout.yaml


def check_capacity(pack: Pack) -> list[Problem]:
    """Each edition's contacts fit its format's capacity: past it, no step of the layout can
    hold them, and the user is told what to do before anything is rendered."""
    return [dataclasses.replace(_at(pack, message, "editions" if len(languages) > 1 else "formats"),
                                language="+".join(languages), format=name)
            for languages, name, message in _over_capacity(pack)]


def _over_capacity(pack: Pack) -> Iterator[tuple[tuple[str, ...], str, str]]:
    """(languages, format, what is too much) for each edition past its format's capacity."""
    for languages, formats in pack.editions_languages():
        for name in formats:
            try:
                edition = Edition(pack=pack, languages=languages, layout=layout_of(pack, name))
            except RespackError:
                continue  # check_layouts reports what is wrong with the layout.yaml
            for message in capacity_problems(edition):
                yield languages, name, message


def check_sites(pack: Pack, today: date, release: bool) -> list[Problem]:
    """Each site's editions, with its contact added, fit their formats; its contact is fresh
    and its words are in the font. Said at the site's row of the spreadsheet."""
    if not pack.sites_path:
        return []
    covered = frozenset().union(*(_covered(pack, language) for language in pack.languages))
    keys = contact_keys((*pack.country.contacts, *pack.hidden))
    problems = []
    for site in pack.sites:
        def at(message: str, field: str | None = None, severity: Severity = Severity.ERROR, site: Site = site
               ) -> Problem:
            """At the site's row, about its documents: alike problems of many sites are said once."""
            return Problem(pack.sites_path, message, line=site.line, field=field,  # type: ignore[arg-type]
                           severity=severity, sheet=site.sheet, site=site.id)

        problems += [Problem(pack.sites_path, message, line=site.line, sheet=site.sheet,
                             site=site.id, language="+".join(languages), format=name)
                     for languages, name, message in _over_capacity(site_pack(pack, site))]
        problems += [at(message, "as_of", severity)
                     for message, severity in _age(site.contact, today, release, "its contact")]
        words = " ".join([site.name, *(w.name + w.note for w in site.wording.values())])
        problems += [at(f"the character {char!r} (U+{ord(char):04X}) is not in the print font; it would print "
                        "as a box") for char in sorted({ch for ch in words if not ch.isspace()} - covered)]
        problems += [at(message) for message in character_problems(words)]
        # A note is wording, as a contact's note in the content: its numbers follow the content's rule.
        problems += [at(f"the note in {language!r}: {message}", f"note:{language}")
                     for language, wording in site.wording.items()
                     for message in text_problems(wording.note, {**keys, **contact_keys((site.contact,))},
                                                  pack.country.code, language)]
    problems += [Problem(pack.sites_path, notice.message, line=notice.line, field=notice.field, sheet=notice.sheet,
                         severity=Severity.WARNING) for notice in pack.sites_notices]
    return problems + check_site_names(pack)


# Text colour on ground colour, as the layouts use them (custom properties of base.css).
TEXT_ON_GROUND = (("ink", "white"), ("ink", "accent"), ("muted", "white"), ("primary", "white"),
                  ("primary", "on-primary"), ("on-primary", "primary"))
MIN_CONTRAST = 4.5
_CUSTOM_PROPERTY = re.compile(r"--([a-z-]+)\s*:\s*(#[0-9a-fA-F]{6})\b")


def check_contrast(pack: Pack) -> list[Problem]:
    """Text stays readable on a black-and-white photocopy: WCAG contrast of at least 4.5:1
    for every text colour on every ground it is printed on, from the layout's colours."""
    base_css = pack.layouts.find("base.css")
    if base_css is None:
        return []
    colours = {"white": "#ffffff", **dict(_CUSTOM_PROPERTY.findall(base_css.read_text(encoding="utf-8")))}
    colours.update({k: v for k, v in (("primary", pack.branding.primary), ("accent", pack.branding.accent)) if v})
    problems = []
    for text, ground in TEXT_ON_GROUND:
        if text in colours and ground in colours:
            ratio = contrast_ratio(colours[text], colours[ground])
            if ratio < MIN_CONTRAST:
                where = pack.path if text in ("primary", "accent") or ground in ("primary", "accent") else base_css
                problems.append(Problem(where, f"{text} text ({colours[text]}) on {ground} ({colours[ground]}) has "
                                        f"a contrast of {ratio:.1f}:1, below {MIN_CONTRAST}:1; it may not survive a "
                                        "photocopy. Choose a darker or lighter colour", field="branding"))
    return problems + _logo_on_band(pack, colours.get("primary"))


MIN_LOGO_CONTRAST = 3.0  # WCAG's for graphics: a logo below it vanishes into its ground
MIN_LOGO_SHOWING = 0.2  # of what the logo draws, the share that must stand out


def _logo_on_band(pack: Pack, band: str | None) -> list[Problem]:
    """The logo is printed on the band of the brand colour (posters, large-print and easy-read
    leaflets): a logo drawn in that colour, or one as light or dark, vanishes there."""
    logo = pack.branding.logo
    if logo is None or not band or not logo.is_file():
        return []
    inks = logo_inks(logo)
    showing = sum(share for colour, share in inks.items() if contrast_ratio(colour, band) >= MIN_LOGO_CONTRAST)
    if not inks or showing >= MIN_LOGO_SHOWING:
        return []
    main = max(inks, key=inks.__getitem__)
    return [_at(pack, f"the logo {logo.name} is drawn mostly in {main}, a contrast of "
                f"{contrast_ratio(main, band):.1f}:1 with the brand colour {band} of the band it is printed on "
                f"(at least {MIN_LOGO_CONTRAST:.0f}:1 is needed): it would vanish there. Give a logo in white or "
                "in a colour that stands out on the band, or choose another primary colour", "branding",
                Severity.WARNING)]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def check_references(pack: Pack) -> list[Problem]:
    """{contact:id} must name a contact the pack prints. In an answer or an easy-read text a line
    naming a hidden contact is left out; anywhere else (a name, a note, the first step, a string)
    the sentence would print with a gap where its number belongs ("in danger, call .")."""
    printed = {c.id for c in pack.country.contacts}
    hidden = {c.id for c in pack.hidden}
    worded = {c.wording_key for c in pack.country.contacts}
    problems = []
    for where, field, what, text, _ in _texts(pack):
        part, _, rest = (field or "").partition(".")
        lines_left_out = part == "sections" and rest.rpartition(".")[2] in ("answer", "easy")
        if not text or (part == "contacts" and rest.partition(".")[0] not in worded):
            continue  # the wording of a contact the pack does not print (hidden, or none) prints nowhere
        for reference in sorted(set(CONTACT_REFERENCE.findall(text)) - printed - (hidden if lines_left_out else set())):
            why = (f"which the pack hides (contacts.hide in {pack.path.name}): it would print without its number"
                   if reference in hidden else f"which is not in {pack.country.path.name}")
            problems.append(_at(where, f"{what} refers to contact {reference!r}, {why}; "
                                f"contacts: {', '.join(sorted(printed))}", field))
    return problems


def check_translations(pack: Pack, release: bool) -> list[Problem]:
    problems: list[Problem] = []
    source_language = pack.country.languages[0]
    source = pack.guidance.get(source_language)
    source_strings = pack.strings.get(source_language)
    for language in pack.languages:
        guidance, strings = pack.guidance[language], pack.strings[language]
        if source and language != source_language:
            problems += _compare_sections(source, guidance)
            for key in sorted(set(source.contacts) - set(guidance.contacts)):
                problems.append(_at(guidance, f"missing the wording of contact {key!r} "
                                    f"(it is in {source.path.name})", "contacts"))
        if source_strings and language != source_language:
            for key in sorted(set(source_strings.values) - set(strings.values)):
                problems.append(_at(strings, f"missing the string {key!r} "
                                    f"(it is in {source_strings.path.name})", "strings"))
        needed = {c.wording_key for c in pack.country.contacts}
        for key in sorted(needed - set(guidance.contacts)):
            problems.append(_at(guidance, f"no wording for contact {key!r} of {pack.country.path.name}",
                                "contacts"))
        if language != source_language:
            problems += check_units(pack, language, release)
    return problems


def check_units(pack: Pack, language: str, release: bool) -> list[Problem]:
    """Each unit against the English it was translated from, and whether a native speaker
    approved it. Units never stamped are one notice per file, not one per unit."""
    translation = read_translation(pack, language)
    source = translation.source
    problems = [_at(_shown(pack, unit.file, unit.origin), f"{_name(unit)} is out of date: the {source} text "
                    "changed since it was translated, so its documents print as drafts, saying so. Update the "
                    f"translation (respack translate export {language}, then import), or, if it still holds, set "
                    f"source_hash: {unit.fingerprint}", _field(unit), Severity.ERROR if release else Severity.WARNING)
                for unit in translation.units if unit.state == STALE]
    problems += [_at(_shown(pack, unit.file, unit.origin), f"{_name(unit)} was changed after "
                     f"{unit.record.reviewed_by} approved it on {unit.record.reviewed_on}: the approval holds for the "
                     "text approved only, so it prints as a draft. Have it reviewed again "
                     f"(respack translate review {language} --unit {unit.id})",
                     _field(unit), Severity.ERROR if release else Severity.WARNING)
                 for unit in translation.units if unit.state == DRAFT and unit.changed_since_approval]
    printed = {unit for layout in _layouts(pack) for unit in unreviewed_units(pack, language, layout, exact=True)} \
        if release else set()
    for file in dict.fromkeys(unit.file for unit in translation.units):
        units = [unit for unit in translation.units if unit.file == file]
        shown = _shown(pack, file)
        status = _shown(pack, file, origin.given("status") if (origin := translation.files.get(file)) else None)
        for state, what in ((UNTRANSLATED, "not translated"),
                            (NOT_STAMPED, f"not yet translated against the current {source} (no source_hash)")):
            named = [unit.id for unit in units if unit.state == state]
            if named:
                problems.append(_at(shown, f"{len(named)} units {what}: {', '.join(named)}. Translate them with "
                                    f"respack translate export {language}, then import, which records it",
                                    severity=Severity.ERROR if release else Severity.WARNING))
        waiting = [unit.id for unit in units if unit.state != REVIEWED]
        if release and printed & set(waiting):
            problems.append(_at(status, f"the {language} translation is a draft: a release needs every printed "
                                f"unit approved by a native speaker; not approved: "
                                f"{', '.join(u for u in waiting if u in printed)}", "status"))
        elif waiting and not release:
            problems.append(_at(status, f"the {language} translation is a draft: {len(waiting)} of {len(units)} units "
                                "not yet reviewed by a native speaker (respack translate sheet, then review)",
                                "status", Severity.WARNING))
    return problems


def _shown(pack: Pack, file: Path, origin: Origin | None = None) -> Path | Origin:
    """Where a problem of a unit's file is said: the pack's own file, where an import will write,
    once it exists, until then the installed one it would overlay; at the origin of what it is
    about when that is in the file said."""
    if not (file.is_file() or pack.own_content is None or not file.is_relative_to(pack.own_content)):
        file = pack.content.find(file.relative_to(pack.own_content)) or file
    return _in(file, origin)


def _in(file: Path, origin: Origin | None) -> Path | Origin:
    """The origin when it is in file; else the file, without a line."""
    return origin if origin is not None and origin.path == file else file


def _name(unit: Unit) -> str:
    kind, _, key = unit.id.partition(".")
    return {"sections": f"section {key!r}", EASY: f"the easy-read text of section {key!r}"}.get(kind, repr(unit.id))


def _field(unit: Unit) -> str:
    """Where the unit is: a section's source_hash, an easy-read text, or the unit's line in `units:`."""
    kind, _, key = unit.id.partition(".")
    return {"sections": f"{unit.id}.source_hash", EASY: f"sections.{key}.{EASY}"}.get(kind, unit.id)


def _layouts(pack: Pack) -> list[Layout]:
    return [layout_of(pack, name) for name in pack.formats]


def _compare_sections(source: Guidance, translation: Guidance) -> list[Problem]:
    problems: list[Problem] = []
    translated = {s.id: s for s in translation.sections}
    for section in source.sections:
        target = translated.get(section.id)
        if target is None:
            problems.append(_at(translation, f"missing section {section.id!r} "
                                f"(it is in {source.path.name})", "sections"))
    for extra in sorted(set(translated) - {s.id for s in source.sections}):
        problems.append(_at(translation, f"section {extra!r} is not in {source.path.name}", "sections"))
    return problems


def check_freshness(pack: Pack, today: date, release: bool) -> list[Problem]:
    """Facts older than the policy are a warning; a release refuses them."""
    return [_at_contact(pack, contact, message, severity)
            for contact in pack.country.contacts for message, severity in _age(contact, today, release)]


def _age(contact: Contact, today: date, release: bool, subject: str = "") -> list[tuple[str, Severity]]:
    """(message, severity) if the contact was last checked too long ago, or in the future.
    subject: what the message calls it ("its contact" of a site: the site is said apart, and
    sites alike read as one message)."""
    checked = contact.confirmed.on if contact.confirmed else contact.as_of
    age_months = (today.year - checked.year) * 12 + today.month - checked.month
    subject = subject or f"contact {contact.id!r}"
    found = []
    if age_months > FRESHNESS_MONTHS or (age_months == FRESHNESS_MONTHS and today.day > checked.day):
        found.append((f"{subject} was last checked on {checked.isoformat()}, more than "
                      f"{FRESHNESS_MONTHS} months ago; check it again and update as_of or confirmed",
                      Severity.ERROR if release else Severity.WARNING))
    if checked > today:
        found.append((f"{subject} has a date in the future ({checked.isoformat()})", Severity.ERROR))
    return found


def check_short_numbers(pack: Pack) -> list[Problem]:
    """A short number libphonenumber does not list is printed on the word of a named source:
    said every time, so that nobody takes it for a number the library checked."""
    problems = []
    for contact in pack.country.contacts:
        if contact.short_number_source and contact.dial and not is_listed_short_number(contact.dial, pack.country.code):
            problems.append(_at_contact(pack, contact, f"{contact.dial} is not a short number libphonenumber lists "
                                        f"for {pack.country.code}; it is printed on the word of source "
                                        f"{contact.short_number_source.id!r} ({contact.short_number_source.title})",
                                        Severity.WARNING))
    return problems


def check_grouping(pack: Pack) -> list[Problem]:
    """A number prints grouped as typed when that grouping is valid for its country; when it is
    not, the check says why it prints otherwise (generator.packs.phones.typed_grouping)."""
    return [problem_at(contact.origin, pack.country.path, reason, "number", Severity.WARNING)
            for contact in pack.country.contacts
            if contact.typed and contact.display and (reason := why_regrouped(contact.typed, contact.display))]


def check_payloads(pack: Pack) -> list[Problem]:
    problems = []
    for contact in pack.country.contacts:
        for channel in contact.channels:
            payload = contact.payload(channel, "x")
            if not payload.startswith(ALLOWED_PAYLOAD_PREFIXES) or any(ch.isspace() for ch in payload):
                problems.append(_at_contact(pack, contact, f"QR payload {payload!r} is not an allowed link "
                                            "(tel:, mailto:, https://wa.me/, https://)"))
    return problems


SHOWN_CHARACTERS = 12  # a problem names this many of the characters a font lacks, then counts the rest


def check_glyphs(pack: Pack) -> list[Problem]:
    """Every character a language prints must be in a font of its chain (its script's family,
    then the default), or it prints as a box: one problem per file and language, naming the
    characters and, when a family of the chain is not installed, where to get it."""
    problems = []
    for language in pack.languages:
        covered = _covered(pack, language)
        for document_path, text in ((pack.guidance[language].path, _guidance_text(pack.guidance[language])),
                                    (pack.strings[language].path, " ".join(pack.strings[language].values.values()))):
            lacking = sorted({ch for ch in text if not ch.isspace()} - covered)
            if lacking:
                problems.append(_at(document_path, _glyph_message(pack, language, lacking)))
    return problems


def _covered(pack: Pack, language: str) -> frozenset[str]:
    try:
        return chain_coverage(fonts_for(pack.branding, (language,)).chain(language))
    except FontMissing:  # the default family itself: said by _glyph_message
        return frozenset()


def _glyph_message(pack: Pack, language: str, lacking: list[str]) -> str:
    shown = ", ".join(f"{char!r} (U+{ord(char):04X})" for char in lacking[:SHOWN_CHARACTERS])
    more = f" and {len(lacking) - SHOWN_CHARACTERS} more" if len(lacking) > SHOWN_CHARACTERS else ""
    which = "character" if len(lacking) == 1 else "characters"
    chain = ", ".join(font_chain(language, pack.branding.fonts, pack.branding.font))
    one = len(lacking) == 1
    message = (f"the {which} {shown}{more} of language {language} {'is' if one else 'are'} in no font of its "
               f"chain ({chain}); {'it' if one else 'they'} would print as {'a box' if one else 'boxes'}")
    missing = missing_families(language, pack.branding.fonts, pack.branding.font)
    if missing:
        message += "; " + "; ".join(f"{family} is not installed: {where_to_get(family)}" for family in missing)
    return message


def _guidance_text(guidance: Guidance) -> str:
    parts: list[str] = [guidance.title, guidance.headline, guidance.first_step]
    parts += [w.name + w.note + w.short for w in guidance.contacts.values()]
    parts += [s.question + s.answer + s.easy for s in guidance.sections]
    return " ".join(parts)


def check_layouts(pack: Pack) -> list[Problem]:
    """Every layout.yaml a pack uses is right, and every template compiles; a problem names
    its file and line."""
    problems: list[Problem] = []
    for name in pack.formats:
        try:
            layout_of(pack, name)
        except RespackError as error:
            problems.extend(error.problems)
    environment = template_environment(pack.layouts.dirs)
    templates = ["base.html", *(f"partials/{n}" for n in pack.layouts.names("partials/*.html")),
                 *(f"{name}/{kind}.html" for name in pack.formats for kind in ("template", "bilingual"))]
    for template in templates:
        path = pack.layouts.find(template)
        if path is None:
            if not template.endswith("/bilingual.html"):  # optional: formats without one print in turn
                problems.append(Problem(pack.layouts.dirs[0] / template, "template not found"))
            continue
        try:
            environment.get_template(template)  # compiled once, then kept (generator.render.templates)
        except jinja2.TemplateSyntaxError as error:
            problems.append(Problem(error.filename or path, f"template syntax error: {error.message}",
                                    line=error.lineno))
        except OutsideLayouts as error:
            problems.append(Problem(path, f"template error: {error.message}"))
    return problems


Place = Path | Origin | Pack | Guidance | Strings


def _at(where: Place, message: str, field: str | None = None, severity: Severity = Severity.ERROR) -> Problem:
    """A problem in a YAML file, at the line the reader kept: of an origin, or of the field of
    what it read (the pack file; a guidance or strings file with its overlays: in the file that
    gives the field, or the mapping that would hold it); of a Path, the whole file, without a line."""
    if isinstance(where, (Pack, Guidance, Strings)):
        origin = (where.file.origin if where.file else None) if isinstance(where, Pack) else where.origin
        where = (origin.nearest(field) if origin and field else None) or where.path
    if isinstance(where, Path):
        return Problem(where, message, field=field, severity=severity)
    return Problem(where.path, message, line=where.line, field=field, severity=severity)


def _at_contact(pack: Pack, contact: Contact, message: str, severity: Severity = Severity.ERROR) -> Problem:
    """A problem of a contact at the file and line it was declared, named as its wording is (contacts.<id>)."""
    at = contact.origin or Origin(pack.country.path)
    return Problem(at.path, message, line=at.line, field=f"contacts.{contact.id}", severity=severity)


def validate_packs(packs: Iterable[Pack], today: date, release: bool = False) -> list[Problem]:
    """All problems of the packs and of the layouts they use, errors first."""
    return in_order([problem for pack in packs for problem in pack_problems(pack, today, release)])


def pack_problems(pack: Pack, today: date, release: bool = False) -> list[Problem]:
    """The problems of one pack and of the layouts it uses."""
    return check_layouts(pack) + validate_pack(pack, today, release)
