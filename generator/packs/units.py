"""Translation units: what a translator translates and a reviewer approves, one piece at a time.

A unit is a piece of English that a pack prints (the title, a section's question and answer, a
section's easy-read text, a contact's wording, a string of the layouts) and its translation.
Each translated unit records the fingerprint of the English it was translated against
(`source_hash`) and, once a native speaker approved it, who did and when (`reviewed_by`,
`reviewed_on`) and the fingerprint of the translation approved (`approved_hash`): a text changed
after its approval, by an import or by hand in the YAML, is a draft again, whatever its record
says. Sections carry their record inline; every other unit (an easy-read text too)
has one under `units:` at the end of its file.

Units are read from the files as they stand, leniently, so that a language just started
(every unit empty) can be exported before it can be built.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from babel import Locale, UnknownLocaleError

from generator.declared import Origin, options_of
from generator.errors import Problem, RespackError
from generator.model import ContactWording, Edition, Guidance, Layout, Pack, Record, Section, Strings
from generator.packs.overlay import layers, read_layers, read_started
from generator.packs.pack_file import PackFile
from generator.reading.yamlfile import nearest_language

GUIDANCE_TEXTS = ("title", "headline", "first_step")
CONTACT_FIELDS = tuple(options_of(ContactWording))
SECTION_FIELDS = ("question", "answer")
EASY = "easy"  # a section's easy-read text (generator.render.easy): the unit easy.<section id>
PLACEHOLDER = re.compile(r"\{[a-z_:.0-9-]*\}")

# What a unit is, to its translation: states in the order a unit goes through them.
class UnitState(StrEnum):
    UNTRANSLATED = "untranslated"
    NOT_STAMPED = "not stamped"  # translated, with no record of the English it was made from
    STALE = "stale"  # translated from an English that has changed since
    DRAFT = "draft"
    REVIEWED = "reviewed"


UNTRANSLATED, NOT_STAMPED, STALE, DRAFT, REVIEWED = UnitState


def fingerprint(texts: tuple[str, ...]) -> str:
    """Changes whenever the English of a unit changes; a section's is Section.fingerprint."""
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Unit:
    """One piece of English and its translation, with its record."""

    id: str  # "title", "sections.rape", "contacts.police", "strings.scan_to_call"
    file: Path  # the translation's file, where import writes it
    fields: tuple[str, ...]  # ("",) for one text; ("question", "answer") for a section
    english: tuple[str, ...]
    translation: tuple[str, ...]  # "" where not translated
    record: Record = Record()
    origin: Origin | None = field(default=None, compare=False)  # where its translation was read, for problems

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.english)

    def context(self, field: str) -> str:
        """The stable id of one text of the unit: a catalogue's msgctxt."""
        return f"{self.id}.{field}" if field else self.id

    @property
    def translation_fingerprint(self) -> str:
        """Changes whenever the translation changes: what an approval is bound to."""
        return fingerprint(self.translation)

    @property
    def state(self) -> UnitState:
        if not all(text.strip() for text in self.translation):
            return UNTRANSLATED
        if not self.record.source_hash:
            return NOT_STAMPED
        if self.record.source_hash != self.fingerprint:
            return STALE
        return REVIEWED if self.approval_holds else DRAFT

    @property
    def approval_holds(self) -> bool:
        """Approved, and the text is the one approved (an approval without its fingerprint, or of
        another text, holds for nothing)."""
        return bool(self.record.reviewed_by) and self.record.approved_hash == self.translation_fingerprint

    @property
    def changed_since_approval(self) -> bool:
        """Recorded as approved, but its text is not the one approved: edited since, by hand or import."""
        return bool(self.record.reviewed_by) and not self.approval_holds


@dataclass(frozen=True)
class Translation:
    """Every unit a pack prints, in one language, and the files they are written to."""

    pack: Pack
    language: str
    source: str  # the source language, "en"
    units: tuple[Unit, ...]
    files: dict[Path, Origin | None] = field(default_factory=dict, compare=False)  # each file's mapping, read

    def by_context(self) -> dict[str, tuple[Unit, str]]:
        return {unit.context(field): (unit, field) for unit in self.units for field in unit.fields}


def source_language(pack: Pack) -> str:
    return pack.country.languages[0]


def language_paths(pack: Pack, language: str) -> tuple[str, str]:
    """Where a language's guidance and strings files are, relative to a content folder."""
    return f"{pack.country.path.parent.name}/{pack.situation}/{language}.yaml", f"strings/{language}.yaml"


def translation_files(pack: Pack, language: str) -> tuple[Path, Path]:
    """The files an import or a review of a language writes: the pack's own (its content
    folder's, an overlay of the installed ones: generator.packs.overlay), or, for a pack
    without one, the content's own files, as found."""
    relative = language_paths(pack, language)
    if pack.own_content is not None:
        return pack.own_content / relative[0], pack.own_content / relative[1]
    found = [pack.content.find(path) for path in relative]
    if None not in found:
        return found[0], found[1]  # type: ignore[return-value]
    source = source_language(pack)
    if language == source:
        missing = next(path for path, at in zip(relative, found) if at is None)
        raise RespackError(Problem(pack.path, f"the source language's file {missing} is in none of the "
                                   f"content folders: {', '.join(map(str, pack.content.dirs))}"))
    english = translation_files(pack, source)
    guidance, strings = (path or beside.with_name(f"{language}.yaml") for path, beside in zip(found, english))
    return guidance, strings


def check_language(pack: Pack, language: str) -> None:
    """A language the command line names, where it is first read: refused with the nearest of
    the country's languages when it is not one of them and one is near (kz: kk; rus: ru), so
    that nothing goes on to offer to start a language that was only misspelt."""
    known = list(pack.country.languages)
    if language in known:
        return
    near = nearest_language(language, known)
    if near:
        raise RespackError(Problem("command line", f"{language!r} is not a language of the {pack.country.code} "
                                   f"content; did you mean {near!r}? Its languages: {', '.join(known)}"))
    try:
        Locale.parse(language, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        raise RespackError(Problem("command line", f"{language!r} is not a language code Babel knows (BCP 47, "
                                   f"e.g. kk, ru, pt-BR); the {pack.country.code} content's languages: "
                                   f"{', '.join(known)}")) from None


def read_translation(pack: Pack, language: str, own: bool = True) -> Translation:
    """The units of a language, read from its files as they stand (empty ones included), each
    file with its overlays; own: with the pack's own wording, where the pack file gives its English.
    The files read are noted as the language's (generator.reads): whether its documents are
    drafts, or out of date, depends on the English too."""
    with pack.reads.recording(language):
        return _read_translation(pack, language, own)


def _read_translation(pack: Pack, language: str, own: bool) -> Translation:
    source = source_language(pack)
    if language == source:
        raise RespackError(Problem(pack.path, f"{language} is the source language: it is not translated"))
    check_language(pack, language)
    guidance_file, strings_file = translation_files(pack, language)
    guidance_path, strings_path = language_paths(pack, language)
    english_guidance, english_strings = language_paths(pack, source)
    target, target_strings = read_started(Guidance, pack.content, guidance_path), \
        read_started(Strings, pack.content, strings_path)
    if target is None or target_strings is None:
        raise RespackError(Problem(guidance_file if target is None else strings_file,
                                   f"no {language} translation yet; start one with: respack translate new {language}"))
    en = read_started(Guidance, pack.content, english_guidance) or Guidance(path=guidance_file)
    en_strings = read_started(Strings, pack.content, english_strings) or Strings(path=strings_file)
    units: list[Unit] = []
    records = target.units
    for key in GUIDANCE_TEXTS:
        units.append(Unit(key, guidance_file, ("",), (getattr(en, key),), (getattr(target, key),),
                          records.get(key, Record()), _at(target.origin, key)))
    for key, wording in en.contacts.items():
        fields = tuple(f for f in CONTACT_FIELDS if getattr(wording, f))
        theirs = target.contacts.get(key, ContactWording())
        units.append(Unit(f"contacts.{key}", guidance_file, fields, tuple(getattr(wording, f) for f in fields),
                          tuple(getattr(theirs, f) for f in fields), records.get(f"contacts.{key}", Record()),
                          _at(target.origin, f"contacts.{key}")))
    target_sections = {s.id: s for s in target.sections}
    for section in en.sections:
        mine = target_sections.get(section.id, Section(section.id, "", ""))
        units.append(Unit(f"sections.{section.id}", guidance_file, SECTION_FIELDS, (section.question, section.answer),
                          (mine.question, mine.answer), mine.record,
                          _in_section(mine, "source_hash") or _at(target.origin, "sections")))
    for section in en.sections:  # after every section: a unit of its own, its record under units:
        if section.easy:
            mine = target_sections.get(section.id, Section(section.id, "", ""))
            units.append(Unit(f"{EASY}.{section.id}", guidance_file, ("",), (section.easy,), (mine.easy,),
                              records.get(f"{EASY}.{section.id}", Record()),
                              _in_section(mine, EASY) or _at(target.origin, "sections")))
    for key, english in en_strings.strings.items():
        units.append(Unit(f"strings.{key}", strings_file, ("",), (english,), (target_strings.strings.get(key, ""),),
                          target_strings.units.get(f"strings.{key}", Record()),
                          _at(target_strings.origin, f"strings.{key}")))
    if own:
        units += _pack_units(pack, language, source)
    return Translation(pack, language, source, tuple(units), {guidance_file: target.origin,
                                                              strings_file: target_strings.origin})


def _at(origin: Origin | None, key: str) -> Origin | None:
    return origin.nearest(key) if origin else None


def _in_section(section: Section, key: str) -> Origin | None:
    """Where a key of a section is, else the section itself, in the file that names it last
    (an overlay's section that leaves out its record: where the record goes)."""
    if section.origin is None:
        return None
    at = section.origin.of(key)
    return at if at.path == section.origin.path else section.origin


def _pack_units(pack: Pack, language: str, source: str) -> list[Unit]:
    """A pack's own wording, its intro and the contacts it adds, wherever the pack file gives
    the English; their records are under `units:` of the pack file, per language. The added
    contacts are a part with a reader of its own (generator.packs.customise), kept as the file
    gives them, wording in every language."""
    file = pack.file
    if not isinstance(file, PackFile):
        return []
    records = file.units.get(language, {})
    units = []

    def add(key: str, fields: tuple[str, ...], english: tuple[str, ...], theirs: tuple[str, ...]) -> None:
        units.append(Unit(key, pack.path, fields, english, theirs, records.get(key, Record()),
                          _at(file.origin, key)))

    if pack.intro.get(source):
        add("intro", ("",), (pack.intro[source],), (pack.intro.get(language, ""),))
    added = file.contacts.add if file.contacts and isinstance(file.contacts.add, list) else []
    for contact in added:
        key = f"contacts.{contact.get('group') or contact.get('id')}" if isinstance(contact, dict) else ""
        english, theirs = (_mapping(_mapping(contact).get("wording"), lang) for lang in (source, language))
        fields = tuple(f for f in CONTACT_FIELDS if _text(english, f))
        if fields and key not in {unit.id for unit in units}:
            add(key, fields, tuple(_text(english, f) for f in fields), tuple(_text(theirs, f) for f in fields))
    return units


@dataclass(frozen=True)
class Replacement:
    """A unit of the pack's own English (an overlay) and the installed English it replaces."""

    unit: str
    file: Path  # the overlay that gives it
    field: str  # where its record is: "sections.rape.based_on" or "units.title"
    origin: Origin | None  # where that is in the file, or the mapping that would hold it
    recorded: str | None  # its based_on: the installed English's fingerprint when it was written
    current: str  # the installed English's fingerprint now


def replacements(pack: Pack) -> list[Replacement]:
    """The units the pack's own English files replace, each with the fingerprint of the English
    below it as recorded and as it is now: an upgrade may have corrected the installed one."""
    found = []
    for kind, relative in zip((Guidance, Strings), language_paths(pack, source_language(pack))):
        paths = layers(pack.content, relative)
        for index, path in enumerate(paths[1:], 1):
            below = unit_texts(read_layers(kind, paths[:index], None))
            own = read_layers(kind, [path], None)
            sections = {s.id: s for s in own.sections} if isinstance(own, Guidance) else {}
            for unit, texts in unit_texts(own).items():
                if unit not in below or all(below[unit].get(field, "").strip() == text.strip()
                                            for field, text in texts.items()):
                    continue  # a unit of the pack's own, or the very English it would replace
                kind_of, _, key = unit.partition(".")
                section = sections.get(key) if kind_of == "sections" else None
                record = section.record if section else own.units.get(unit, Record())
                field, origin = ((f"{unit}.based_on", section.origin.of("based_on") if section.origin else None)
                                 if section else (f"units.{unit}", _at(own.origin, f"units.{unit}")))
                found.append(Replacement(unit, path, field, origin, record.based_on,
                                         fingerprint(tuple(below[unit].values()))))
    return found


def unit_texts(document: Guidance | Strings) -> dict[str, dict[str, str]]:
    """The texts a guidance or strings file (or an overlay) gives, by unit and field, in the
    order a unit's fingerprint takes them (a section's question, then its answer)."""
    texts: dict[str, dict[str, str]] = {}

    def add(unit: str, given: dict[str, str]) -> None:
        if any(given.values()):
            texts[unit] = {field: text for field, text in given.items() if text}

    if isinstance(document, Strings):
        for key, text in document.strings.items():
            add(f"strings.{key}", {"": text})
        return texts
    for key in GUIDANCE_TEXTS:
        add(key, {"": getattr(document, key)})
    for key, wording in document.contacts.items():
        add(f"contacts.{key}", {f: getattr(wording, f) for f in CONTACT_FIELDS})
    for section in document.sections:
        add(f"sections.{section.id}", {"question": section.question, "answer": section.answer})
        add(f"{EASY}.{section.id}", {EASY: section.easy})
    return texts


def _mapping(data: object, key: str | None = None) -> dict[str, object]:
    value = data.get(key) if key is not None and isinstance(data, dict) else data
    return value if isinstance(value, dict) else {}


def _text(data: dict[str, object], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


# --- where a unit is printed ------------------------------------------------------------

def printed_units(pack: Pack, language: str, layout: Layout) -> set[str]:
    """The texts (by context id) that a format prints in a language.

    Found by laying the format out (Jinja only, no PDF) with each text replaced by a marker:
    whatever the templates and the context do, a marker in the HTML was printed.
    """
    from generator.render.document import render_html

    marked, markers = _marked_pack(pack, language)
    edition = Edition(pack=marked, languages=(language,), layout=layout, unreviewed=("?",))  # with its draft notice
    html, _ = render_html(edition)
    return {context for context in markers if _marker(context) in html}


def _marker(context: str) -> str:
    return f"qq{hashlib.sha256(context.encode()).hexdigest()[:10]}qq"


def _marked_pack(pack: Pack, language: str) -> tuple[Pack, set[str]]:
    """The pack with every text of a language replaced by a marker that survives the markup
    and the placeholders; and the context ids marked."""
    markers: set[str] = set()

    def mark(context: str, text: str) -> str:
        markers.add(context)
        return " ".join([_marker(context), *PLACEHOLDER.findall(text)])

    guidance, strings = pack.guidance[language], pack.strings[language]
    contacts = {key: ContactWording(**{f: mark(f"contacts.{key}.{f}", getattr(w, f)) if getattr(w, f) else ""
                                       for f in CONTACT_FIELDS})  # type: ignore[arg-type]  # each a str
                for key, w in guidance.contacts.items()}
    sections = tuple(replace(s, question=mark(f"sections.{s.id}.question", s.question),
                             answer=mark(f"sections.{s.id}.answer", s.answer),
                             easy=mark(f"{EASY}.{s.id}", s.easy) if s.easy else "") for s in guidance.sections)
    marked_guidance = replace(guidance, contacts=contacts, sections=sections,
                              **{key: mark(key, getattr(guidance, key)) for key in GUIDANCE_TEXTS})  # type: ignore[arg-type]
    marked_strings = replace(strings, strings={k: mark(f"strings.{k}", v) for k, v in strings.values.items()})
    intro = {**pack.intro, language: mark("intro", pack.intro[language])} if language in pack.intro else pack.intro
    return replace(pack, guidance={**pack.guidance, language: marked_guidance},
                   strings={**pack.strings, language: marked_strings}, intro=intro), markers


# --- what a document may print as final --------------------------------------------------

def stale_units(pack: Pack, language: str, translation: Translation | None = None) -> tuple[str, ...]:
    """Units of a language translated from an English that has changed since: still printed,
    as drafts that say they are out of date. translation: the language's, read already."""
    if language == source_language(pack):
        return ()
    try:
        translation = translation or read_translation(pack, language)
    except RespackError:
        return ()
    return tuple(unit.id for unit in translation.units if unit.state == STALE)


def unreviewed_units(pack: Pack, language: str, layout: Layout, exact: bool = False,
                     translation: Translation | None = None) -> tuple[str, ...]:
    """Units of a language that a format prints and no native speaker approved yet; while none
    is approved, all of them unless exact (then the format is laid out to know). The source
    language has none; a language whose files cannot be read is all draft. translation: the
    language's, read already."""
    if language == source_language(pack):
        return ()
    try:
        translation = translation or read_translation(pack, language)
    except RespackError:
        return ("*",)
    waiting = tuple(u.id for u in translation.units if u.state != REVIEWED)
    if not waiting or (len(waiting) == len(translation.units) and not exact):
        return waiting  # all or nothing reviewed: no need to lay the format out
    printed = {context.rsplit(".", 1)[0] if context.startswith(("sections.", "contacts.")) else context
               for context in printed_units(pack, language, layout)}
    return tuple(u for u in waiting if u in printed)
