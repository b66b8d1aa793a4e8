"""Load stage: content, pack and layout files into the domain model.

Problems are collected, not raised one by one, so a volunteer sees every mistake at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from generator.check.giveaways import term_problem
from generator.declared import options_of
from generator.errors import Problem, RespackError, Severity
from generator.installation import CONTENT_DIR, LAYOUTS_DIR, PACKS_DIR, require_bundled
from generator.model import ChannelNote, Country, Guidance, Pack, SearchPath, Strings
from generator.packs.contacts import ChannelsFile, ContactEntry, CountryFile, checked_sources, read_contact
from generator.packs.customise import customise_contacts, read_bilingual, read_branding, read_intro
from generator.packs.layouts import bundled_layouts, read_layouts
from generator.packs.overlay import found, layers, read_layers
from generator.packs.pack_file import PackFile
from generator.packs.safety_list import SafetyList
from generator.packs.sites import read_sites
from generator.reading.reader import part, problem_at, read_declared, read_file_mapping
from generator.reading.yamlfile import Fields, did_you_mean, language_code_problem, nearest_language, read_yaml
from generator.reads import Reads
from generator.render.easy import easy_problems

T = TypeVar("T")


def bundled_packs() -> list[Path]:
    return require_bundled(PACKS_DIR, "*.yaml")


def find_pack(name_or_path: str) -> Path:
    """A pack is named (bundled), or given as its YAML file or the folder holding its pack.yaml."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return path
    if (path / "pack.yaml").is_file():
        return path / "pack.yaml"
    bundled = PACKS_DIR / f"{name_or_path}.yaml"
    if not bundled.exists():
        known = ", ".join(p.stem for p in bundled_packs())
        raise RespackError(Problem(name_or_path, f"no such pack; bundled packs are: {known}"))
    return bundled


def load_packs(names: Sequence[str]) -> list[Pack]:
    """The named packs (every bundled pack if none), with the problems of all of them."""
    problems: list[Problem] = []
    packs = []
    for name in names or [str(p) for p in bundled_packs()]:
        try:
            packs.append(load_pack(find_pack(name)))
        except RespackError as error:
            problems.extend(error.problems)
    if problems:
        raise RespackError(problems)
    return packs


def _raise_errors(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise RespackError(errors)


def load_pack(path: Path) -> Pack:
    """A pack, with a note of every file read for it (generator.reads)."""
    reads = Reads()
    with reads.recording():
        return _read_pack(path, reads)


def _read_pack(path: Path, reads: Reads) -> Pack:
    problems: list[Problem] = []
    fields = Fields(read_yaml(path), path, problems, allowed=tuple(options_of(PackFile)))
    pack_file = read_declared(PackFile, fields)
    name, title, situation, paper = pack_file.name, pack_file.title, pack_file.situation, pack_file.paper
    country_code = pack_file.country
    content = SearchPath((_own_dirs(fields, "content_dir", pack_file.content_dir) or _own_content(path))
                         + (CONTENT_DIR,))
    country_path = content.find(f"{country_code}/country.yaml") if country_code else None
    country_read = read_country_file(country_path) if country_path else None  # read once: languages, then contacts
    languages = _pack_languages(fields, list(pack_file.languages), country_read, country_code)
    formats = list(pack_file.formats)
    branding = read_branding(fields, pack_file.branding, languages)
    intro = read_intro(fields, languages)
    bilingual = read_bilingual(pack_file.editions, path, problems, languages, formats)
    layouts = SearchPath(_own_dirs(fields, "layouts_dir", pack_file.layouts_dir) + (LAYOUTS_DIR,))
    bundled_layouts()  # a missing bundled folder is said as such, not as "unknown format"
    require_bundled(CONTENT_DIR, "*/country.yaml")
    known_formats = [n for n in layouts.names("*") if layouts.find(f"{n}/layout.yaml")]
    for format_name in formats:
        if format_name not in known_formats:
            fields.problem(f"unknown format {format_name!r}{did_you_mean(format_name, known_formats)} "
                           f"Available: {', '.join(known_formats)}", "formats")
    countries = [n for n in content.names("*") if content.find(f"{n}/country.yaml")]
    if country_code and country_code not in countries:
        fields.problem(f"no content for country {country_code!r}{did_you_mean(country_code, countries)} "
                       f"Available: {', '.join(countries)}", "country")
    situation_dir = content.find(f"{country_code}/{situation}") if country_code and situation else None
    if country_code in countries and situation and not (situation_dir and situation_dir.is_dir()):
        situations = [n for n in content.names(f"{country_code}/*") if n != "country.yaml"]
        fields.problem(f"no situation {situation!r} for {country_code}; available: {', '.join(situations)}",
                       "situation")
    _raise_errors(problems)

    country = load_country(found(content, f"{country_code}/country.yaml"), country_read)  # type: ignore[arg-type]
    assert situation_dir is not None
    guidance = _collect(problems, reads, {
        lang: (load_guidance, _layers(content, f"{country_code}/{situation}/{lang}.yaml")) for lang in languages})
    strings = _collect(problems, reads, {
        lang: (load_strings, _layers(content, f"strings/{lang}.yaml")) for lang in languages})
    _raise_errors(problems)
    country, guidance, hidden = customise_contacts(fields, pack_file, country, guidance)
    sites_path, sites, sites_notices = read_sites(fields, pack_file.sites, country.code, languages, country.sources)
    neutral, own_terms = pack_file.safety.neutral, read_own_terms(fields, languages)
    terms, exceptions = {}, {}
    for lang in languages:
        with reads.recording(lang):
            safety = load_safety_list(content, lang)
            terms[lang], exceptions[lang] = (*safety.giveaway_terms, *own_terms.get(lang, ())), safety.exceptions
    channels_path = found(content, "safety/channels.yaml")
    channel_notes = load_channel_notes(channels_path) if channels_path else ()
    _raise_errors(problems)
    return Pack(path=path, name=name, title=title, country=country, situation=situation,
                languages=tuple(languages), formats=tuple(formats), guidance=guidance, strings=strings,
                content=content, layouts=layouts, branding=branding, intro=intro, hidden=hidden,
                bilingual=bilingual, paper=paper, sites_path=sites_path, sites=sites, sites_notices=sites_notices,
                neutral=neutral, giveaway_terms=terms, giveaway_exceptions=exceptions, channel_notes=channel_notes,
                layout_files=read_layouts((*formats, *(name for _, names in bilingual for name in names)), layouts,
                                          paper),
                reads=reads, file=pack_file)


def read_own_terms(fields: Fields, languages: list[str]) -> dict[str, tuple[str, ...]]:
    """`safety: {giveaway_terms: {kk: [...]}}`: the pack's own terms add to the content's."""
    own = part(fields, "safety").child("giveaway_terms", allowed=tuple(languages), required=False)
    return {lang: _terms(own, lang) for lang in own.data}


def load_channel_notes(path: Path) -> tuple[ChannelNote, ...]:
    """content/safety/channels.yaml: per channel, the string that says what it leaves behind, and
    the source that says so (a note without a source is an error, not left to chance)."""
    problems: list[Problem] = []
    channels = read_file_mapping(ChannelsFile, read_yaml(path), path, problems)
    sources = checked_sources(channels.sources, path, problems, path.parent.parent, web=True)
    known = ", ".join(sources) or "none"
    problems.extend(problem_at(note.origin, path, f"unknown source {note.source!r}; known: {known}", "source")
                    for note in channels.notes.values() if note.source and note.source not in sources)
    _raise_errors(problems)
    return tuple(ChannelNote(channel=channel, text=note.text, source=sources[note.source])
                 for channel, note in channels.notes.items() if note.text and note.source in sources)


def load_safety_list(content: SearchPath, language: str) -> SafetyList:
    """content/safety/<lang>.yaml; none (no terms) for a language without the file (validate warns)."""
    path = found(content, f"safety/{language}.yaml")
    if path is None:
        return SafetyList()
    problems: list[Problem] = []
    safety = read_file_mapping(SafetyList, read_yaml(path), path, problems)
    _raise_errors(problems)
    return safety


def _terms(fields: Fields, key: str) -> tuple[str, ...]:
    """A list of the pack's own giveaway terms, each that breaks the rule said at its line."""
    terms = fields.text_list(key)
    items = fields.data.get(key)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, str) and (problem := term_problem(item)):
            fields.item_problem(key, index, problem)
    return tuple(terms)


def _own_dirs(fields: Fields, key: str, relative: str | None) -> tuple[Path, ...]:
    """A pack's own folder of content or layouts, relative to the pack file, and inside the
    pack file's folder: a pack passed between NGOs can name nothing else of the machine."""
    if not relative:
        return ()
    try:
        folder = (fields.path.parent / relative).resolve()
    except (OSError, ValueError):
        fields.problem(f"{relative!r} is not a folder name", key)
        return ()
    if not folder.is_relative_to(fields.path.parent.resolve()):
        fields.problem(f"{relative!r} is outside the pack's folder: a pack's own {key.replace('_', ' ')} "
                       "is a folder beside its pack file (e.g. content)", key)
        return ()
    if not folder.is_dir():
        fields.problem(f"folder {relative!r} not found (looked for {folder})", key)
        return ()
    return (folder,)


def _own_content(pack_file: Path) -> tuple[Path, ...]:
    """Without content_dir, the `content/` folder beside a pack file, made when the NGO first
    imports a translation: where its own wording and translations go (generator.packs.overlay).
    Not for the packs installed with respack, whose content is the installed one."""
    folder = pack_file.parent.resolve() / "content"
    return () if pack_file.resolve().is_relative_to(CONTENT_DIR.resolve()) else (folder,)


def _pack_languages(fields: Fields, languages: list[str], country_read: tuple[CountryFile, Fields] | None,
                    country_code: str) -> list[str]:
    """The pack's languages, each checked where it is first read: against the languages its
    country's content has, with the nearest one suggested (kz: kk; rus: ru). A language said
    wrong stands for the one suggested in the rest of the file (or is dropped), so that no later
    message (an edition, an intro) takes it for a language of the pack."""
    country, said = (country_read[0], country_read[1].problems) if country_read else (None, [])
    # the country file's own problems are said when it is loaded
    if not (country and country.origin and "languages" in country.origin.key_lines) or any(
            p.field == "languages" for p in said):
        for language in languages:  # the country is said wrong elsewhere: the codes' form only
            if problem := language_code_problem(language):
                fields.problem(problem, "languages")
        return languages
    known, named = list(country.languages), country.code or country_code
    checked = []
    for language in languages:
        if language not in known:
            hint = did_you_mean(language, known, "language")
            if not hint and language_code_problem(language):
                fields.problem(f"{language!r} is not a language code (BCP 47, e.g. kk, ru, en, pt-BR); the content "
                               f"for {named} has: {', '.join(known)}", "languages")
            else:
                fields.problem(f"language {language!r} has no content for {named}"
                               f"{hint}{' ' if hint else '. '}Available: {', '.join(known)}", "languages")
            language = nearest_language(language, known) or ""  # the rest of the file read as meant
        if language and language not in checked:
            checked.append(language)
    return checked


def _collect(problems: list[Problem], reads: Reads,
             loads: dict[str, tuple[Callable[..., T], Callable[[], list[Path]]]]) -> dict[str, T]:
    """Load each language's file (with its overlays), noting what it read as that language's,
    gathering the problems of all of them before giving up."""
    loaded: dict[str, T] = {}
    for language, (load, files) in loads.items():
        with reads.recording(language):
            try:
                loaded[language] = load(*files())
            except RespackError as error:
                problems.extend(error.problems)
    return loaded


def _layers(content: SearchPath, relative: str) -> Callable[[], list[Path]]:
    """The file and its overlays along the content search path (the missing installed file, to
    be said as such, when no folder has it), found when called: within a language's recording."""
    return lambda: layers(content, relative) or [CONTENT_DIR / relative]


def read_country_file(path: Path) -> tuple[CountryFile, Fields]:
    """A country file read by its declaration, with its problems so far (in the Fields)."""
    fields = Fields(read_yaml(path), path, [], allowed=tuple(options_of(CountryFile)))
    return read_declared(CountryFile, fields), fields


def load_country(path: Path, read: tuple[CountryFile, Fields] | None = None) -> Country:
    """read: the file's declaration, read already (read_country_file) for the pack's languages."""
    country, fields = read or read_country_file(path)
    problems = fields.problems
    for language in country.languages:
        if problem := language_code_problem(language):
            fields.problem(problem, "languages")
    sources = checked_sources(country.sources, path, problems, path.parent.parent)
    contacts = fields.each("contacts", lambda entry: read_contact(entry, country.code, sources),
                           allowed=tuple(options_of(ContactEntry)))
    ids = [c.id for c in contacts]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        fields.problem(f"contact id {duplicate!r} is used twice", "contacts")
    _raise_errors(problems)
    return Country(path=path, code=country.code, version=country.version, languages=country.languages,
                   sources=sources, contacts=tuple(contacts))


def load_guidance(*layers: Path) -> Guidance:
    """A language's guidance: the installed file, then each overlay on it (generator.packs.overlay)."""
    problems: list[Problem] = []
    guidance = read_layers(Guidance, layers, problems, _guidance_problems)
    _raise_errors(problems)
    return guidance


def _guidance_problems(guidance: Guidance, overlay: bool) -> list[Problem]:
    """What a guidance file's declaration cannot say: an overlay's section names the one it
    changes, an easy-read text keeps its rules, the language is the file's name's."""
    problems = []
    for section in guidance.sections:
        if overlay and section.origin and "id" not in section.origin.key_lines:
            problems.append(problem_at(section.origin, guidance.path,
                                       "missing required key 'id': an overlay names the section it changes"))
        problems += [problem_at(section.origin, guidance.path, problem, "easy")
                     for problem in easy_problems(section.easy)]
    if guidance.language and guidance.language != guidance.path.stem:
        problems.append(problem_at(guidance.origin, guidance.path, f"language {guidance.language!r} does not match "
                                   f"the file name {guidance.path.name}", "language"))
    return problems


def load_strings(*layers: Path) -> Strings:
    """A language's strings of the layouts: the installed file, then each overlay on it."""
    problems: list[Problem] = []
    strings = read_layers(Strings, layers, problems)
    _raise_errors(problems)
    return strings
