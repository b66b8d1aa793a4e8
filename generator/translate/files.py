"""Writes translations and their records into the YAML files, keeping comments, order and layout.

ruamel.yaml's round trip changes only the values written: a reviewer's diff shows the
translation and its record, nothing else. Files are replaced atomically.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from generator.errors import Problem, RespackError
from generator.installation import is_installed
from generator.model import Pack
from generator.packs.overlay import layers
from generator.packs.units import (
    CONTACT_FIELDS,
    EASY,
    GUIDANCE_TEXTS,
    REVIEWED,
    SECTION_FIELDS,
    Record,
    Translation,
    check_language,
    language_paths,
    read_translation,
    source_language,
    translation_files,
)
from generator.translate.updates import Update
from generator.write.files import write_if_changed

UNITS_COMMENT = ("Per unit: the fingerprint of the English it translates (source_hash), who approved it, and the\n"
                 "fingerprint of the text approved (approved_hash): edit the text and it is a draft again.\n"
                 "Written by `respack translate import` and `respack translate review`.")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a translation
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"))
    yaml.representer.ignore_aliases = lambda *args: True  # one date in many records: never an &id001 anchor
    return yaml


def _load(path: Path, language: str = "") -> Any:
    """A content file to write into; a pack's own overlay file not made yet starts empty, with
    its language and a word on what it is."""
    if not path.exists() and language:
        document = CommentedMap(language=language)
        document.yaml_set_start_comment(f"{language}: this pack's own wording and translations, over the content "
                                        "installed with respack (which gives everything this file does not).")
        return document
    return _yaml().load(path.read_text(encoding="utf-8"))


def _save(path: Path, document: Any) -> None:
    text = io.StringIO()
    _yaml().dump(document, text)
    write_if_changed(path, text.getvalue().encode("utf-8"))


def _scalar(text: str, old: Any = None) -> str:
    """A text in the style of the one it replaces: a block for answers, quoted for lines."""
    if isinstance(old, LiteralScalarString) or "\n" in text.rstrip("\n"):
        return LiteralScalarString(text if text.endswith("\n") else text + "\n")
    return DoubleQuotedScalarString(text)


def refuse_installed(translation: Translation) -> None:
    """An import or a review never writes into the installed program: the next upgrade would
    throw the translation and its approvals away without a word."""
    for path in translation_files(translation.pack, translation.language):
        if is_installed(path):
            raise RespackError(Problem(path, f"is a file of the installed respack, which an upgrade replaces: the "
                                       f"{translation.language} translation would be lost. Keep it in a pack of your "
                                       "own: respack init my-pack, then import into it (respack translate import "
                                       "FILE my-pack/pack.yaml); its content/ folder holds your translations"))


def files_to_write(updates: Iterable[Update]) -> list[Path]:
    """The files write_updates writes for these updates, to name them before they are written."""
    return sorted({update.unit.file for update in updates})


def write_updates(translation: Translation, updates: Iterable[Update]) -> list[Path]:
    """Each update's texts and record into its file; then each file's status from its units.
    Returns files_to_write(updates)."""
    documents: dict[Path, Any] = {}
    refuse_installed(translation)
    for update in updates:
        path = update.unit.file
        if path not in documents:
            documents[path] = _load(path, translation.language)
        document = documents[path]
        own = translation.language if path == translation.pack.path else ""
        _put_texts(document, update.unit.id, update.unit.fields, update.texts, own)
        _put_record(document, update.unit.id, update.record, own)
    for path, document in documents.items():
        _save(path, document)
    after = read_translation(translation.pack, translation.language)
    for path in set(documents) - {translation.pack.path}:  # a pack file has no status
        document = _load(path, translation.language)
        document["status"] = "reviewed" if all(u.state == REVIEWED for u in after.units if u.file == path) \
            else "draft"
        _save(path, document)
    return sorted(documents)


def _put_texts(document: Any, unit_id: str, fields: tuple[str, ...], texts: tuple[str, ...], own: str) -> None:
    """own: the language, for a pack's own wording (in the pack file, beside its other languages)."""
    kind, _, key = unit_id.partition(".")
    if own:
        _put_own_texts(document, kind, key, fields, texts, own)
        return
    if kind in GUIDANCE_TEXTS:
        document[kind] = _scalar(texts[0], document.get(kind))
        return
    if kind == "strings":
        strings = document.setdefault("strings", CommentedMap())
        strings[key] = _scalar(texts[0], strings.get(key))
        return
    if kind == EASY:
        section = _section(document, key)
        section[EASY] = _scalar(texts[0], section.get(EASY))
        return
    container = _section(document, key) if kind == "sections" else _contact(document, key)
    for field, text in zip(fields, texts):
        container[field] = _scalar(text, container.get(field))


def _put_own_texts(document: Any, kind: str, key: str, fields: tuple[str, ...], texts: tuple[str, ...],
                   language: str) -> None:
    if kind == "intro":
        document["intro"][language] = _scalar(texts[0], document["intro"].get(language))
        return
    for contact in document["contacts"]["add"]:
        if (contact.get("group") or contact.get("id")) == key:
            wording = contact["wording"]
            if not isinstance(wording.get(language), dict):
                wording[language] = CommentedMap()
                wording[language].fa.set_flow_style()
            for field, text in zip(fields, texts):
                wording[language][field] = _scalar(text, wording[language].get(field))


def _section(document: Any, section_id: str) -> CommentedMap:
    sections = document.setdefault("sections", CommentedSeq())
    for section in sections:
        if section.get("id") == section_id:
            return section
    section = CommentedMap(id=section_id)
    sections.append(section)
    return section


def _contact(document: Any, key: str) -> CommentedMap:
    contacts = document.setdefault("contacts", CommentedMap())
    if not isinstance(contacts.get(key), dict):
        contacts[key] = CommentedMap()
    return contacts[key]


def _put_record(document: Any, unit_id: str, record: Record, own: str = "") -> None:
    """Sections hold their record inline, after their id; other units under `units:` (in a
    pack file, under `units:` and the language)."""
    # based_on, of a pack's own English, is the NGO's to write
    values = {"source_hash": record.source_hash, "reviewed_by": record.reviewed_by,
              "reviewed_on": record.reviewed_on, "approved_hash": record.approved_hash}
    if unit_id.startswith("sections."):
        section = _section(document, unit_id.removeprefix("sections."))
        for position, key in enumerate(values, start=1):
            if values[key] is None:
                section.pop(key, None)
            elif key in section:
                section[key] = values[key]
            else:
                section.insert(position, key, values[key])
                if key == "source_hash":
                    section.yaml_add_eol_comment("the English text this translates", key)
        return
    if "units" not in document:
        document["units"] = CommentedMap()
        document.yaml_set_comment_before_after_key("units", before="\n" + UNITS_COMMENT)
    entry = CommentedMap((k, v) for k, v in values.items() if v is not None)
    entry.fa.set_flow_style()
    records = document["units"]
    if own:
        records = records.setdefault(own, CommentedMap())
    records[unit_id] = entry


def start_language(pack: Pack, language: str) -> tuple[Path, Path]:
    """A new language's files beside the English: its structure and comments, every text empty."""
    check_language(pack, language)  # rus when ru is there: a misspelling, not a new language
    try:
        Locale.parse(language, sep="-")
    except (ValueError, UnknownLocaleError):
        raise RespackError(Problem("command line", f"{language!r} is not a language code Babel knows "
                                   "(BCP 47, e.g. kk, ru, en, pt-BR)")) from None
    paths = translation_files(pack, language)
    for path in paths:
        if is_installed(path):
            raise RespackError(Problem(path, "is a file of the installed respack, which an upgrade replaces: start "
                                       f"{language} in a pack of your own (respack init my-pack, then respack "
                                       f"translate new {language} my-pack/pack.yaml)"))
        if path.exists():
            raise RespackError(Problem(path, f"already exists: {language} is started; "
                                       f"export it with: respack translate export {language}"))
    installed = (layers(pack.content, relative)[0] for relative in language_paths(pack, source_language(pack)))
    for english, path in zip(installed, paths):  # the whole English, with its comments, as the skeleton
        document = _load(english)
        document["language"] = language
        document["status"] = "draft"
        document.pop("reviewed_by", None)
        document.pop("units", None)
        for key in GUIDANCE_TEXTS:
            if key in document:
                document[key] = DoubleQuotedScalarString("")
        for wording in (document.get("contacts") or {}).values():
            for field in CONTACT_FIELDS:
                if field in wording:
                    wording[field] = DoubleQuotedScalarString("")
        for section in document.get("sections") or []:
            section.pop("source_hash", None)
            for field in SECTION_FIELDS:
                section[field] = DoubleQuotedScalarString("")
            if EASY in section:
                section[EASY] = DoubleQuotedScalarString("")
        for key in document.get("strings") or {}:
            document["strings"][key] = DoubleQuotedScalarString("")
        document.ca.comment = None  # the English file's header
        document.yaml_set_start_comment(f"{language}: a translation of {english.name}, started empty by "
                                        "`respack translate new`; translate it with `respack translate export`.")
        path.parent.mkdir(parents=True, exist_ok=True)
        _save(path, document)
    return paths
