"""Translators' files: a language's units as a gettext PO catalogue or an XLIFF 2.0 file, and back.

PO is read and written by polib, XLIFF by lxml: the files are what Poedit, Weblate, Crowdin
and CAT tools open. In both, a unit's text is identified by its stable id (PO `msgctxt`,
XLIFF unit and segment ids), the English is the source, and the state says what the
translator or reviewer decided: in PO a text that is not fuzzy is approved, in XLIFF a
segment whose state is `final`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib
from lxml import etree

from generator.errors import Problem, RespackError
from generator.packs.units import (
    DRAFT,
    NOT_STAMPED,
    PLACEHOLDER,
    REVIEWED,
    STALE,
    UNTRANSLATED,
    Translation,
    Unit,
)
from generator.translate.updates import Entry

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
PACK_HEADER = "X-Respack-Pack"
FORMATS = ("po", "xliff")
MARKUP = ("**", "\n- ", "\n\n", "{contact:")


@dataclass(frozen=True)
class Catalogue:
    language: str
    pack: str  # as export was given it: a bundled pack's name or a pack file
    entries: tuple[Entry, ...]


# --- notes for translators ----------------------------------------------------------------

def notes(unit: Unit, field: str, printed: dict[str, set[str]], small: set[str]) -> list[str]:
    """What a translator needs beside the English: where it prints, how much room, the markup."""
    context = unit.context(field)
    formats = sorted(printed.get(context, ()))
    english = unit.english[unit.fields.index(field)]
    said = [f"Printed on: {', '.join(formats)}." if formats else "Not printed by this pack's formats at present."]
    tight = sorted(set(formats) & small)
    if field == "short" and formats:
        said.append(f"Must fit a tear-off tab: the English has {len(english)} characters.")
    elif tight:
        said.append(f"Must fit a small space on the {', '.join(tight)}: the English has {len(english)} characters. "
                    "The build checks that text fits and names what does not.")
    if any(mark in english for mark in MARKUP):
        said.append("Keep the markup: **bold**, a line starting with '- ' for a list item, a blank line between "
                    "paragraphs; copy {contact:...} unchanged, it prints a number.")
    placeholders = sorted({p for p in PLACEHOLDER.findall(english) if not p.startswith("{contact:")})
    if placeholders:
        said.append(f"Keep {', '.join(placeholders)} unchanged: the layout puts a value there.")
    said.append({UNTRANSLATED: "Not translated yet.",
                 NOT_STAMPED: "Translated, never checked against this English: needs review.",
                 STALE: "The English changed since this was translated: update the translation.",
                 DRAFT: "Draft: not yet approved by a native speaker.",
                 REVIEWED: f"Approved by {unit.record.reviewed_by} on {unit.record.reviewed_on}."}[unit.state])
    return said


# --- PO -------------------------------------------------------------------------------------

def write_po(translation: Translation, pack_ref: str, printed: dict[str, set[str]], small: set[str]) -> str:
    catalogue = polib.POFile(wrapwidth=78)
    catalogue.metadata = {
        "Project-Id-Version": f"respack {pack_ref}".strip(),
        "Language": translation.language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": translation.source,
        PACK_HEADER: pack_ref,
    }
    for unit in translation.units:
        for index, field in enumerate(unit.fields):
            english = unit.english[index]
            flags = ["python-brace-format"] if PLACEHOLDER.search(english) else []
            if unit.state != REVIEWED and unit.translation[index]:
                flags.append("fuzzy")  # approving a unit is taking this flag off
            catalogue.append(polib.POEntry(
                msgctxt=unit.context(field), msgid=english, msgstr=unit.translation[index], flags=flags,
                comment="\n".join(notes(unit, field, printed, small))))
    return str(catalogue)


def read_po(path: Path) -> Catalogue:
    try:
        catalogue = polib.pofile(str(path), wrapwidth=78)
    except (OSError, ValueError) as error:
        raise RespackError(Problem(path, f"not a PO catalogue: {error}")) from None
    entries = tuple(Entry(context=entry.msgctxt or "", english=entry.msgid, translation=entry.msgstr,
                          translated=bool(entry.msgstr) and not entry.fuzzy,
                          approved=bool(entry.msgstr) and not entry.fuzzy, line=entry.linenum)
                    for entry in catalogue if not entry.obsolete)
    return Catalogue(catalogue.metadata.get("Language", ""), catalogue.metadata.get(PACK_HEADER, ""),
                     entries)


# --- XLIFF 2.0 ------------------------------------------------------------------------------

_STATES = {UNTRANSLATED: "initial", NOT_STAMPED: "translated", STALE: "initial", DRAFT: "translated",
           REVIEWED: "final"}


def write_xliff(translation: Translation, pack_ref: str, printed: dict[str, set[str]], small: set[str]) -> str:
    def element(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
        child = etree.SubElement(parent, f"{{{XLIFF_NS}}}{tag}", attributes)
        child.text = text
        return child

    root = etree.Element(f"{{{XLIFF_NS}}}xliff", {"version": "2.0", "srcLang": translation.source,
                                                   "trgLang": translation.language}, nsmap={None: XLIFF_NS})
    file = element(root, "file", id="f1", **({"original": pack_ref} if pack_ref else {}))
    for unit in translation.units:
        node = element(file, "unit", id=unit.id)
        unit_notes = element(node, "notes")
        for field in unit.fields:
            for text in notes(unit, field, printed, small):
                element(unit_notes, "note", text, category=field or "text")
        for index, field in enumerate(unit.fields):
            segment = element(node, "segment", id=field or "text", state=_STATES[unit.state])
            element(segment, "source", unit.english[index]).set("{http://www.w3.org/XML/1998/namespace}space",
                                                                "preserve")
            if unit.translation[index]:
                element(segment, "target", unit.translation[index]).set(
                    "{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()


def read_xliff(path: Path) -> Catalogue:
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise RespackError(Problem(path, f"not an XLIFF file: {error}")) from None
    if root.tag != f"{{{XLIFF_NS}}}xliff":
        raise RespackError(Problem(path, f"not an XLIFF 2.0 file: the root element is {root.tag}, "
                                   f"expected xliff in {XLIFF_NS}"))
    ns = {"x": XLIFF_NS}
    entries = []
    for unit in root.iterfind(".//x:unit", ns):
        for segment in unit.iterfind("x:segment", ns):
            field = segment.get("id", "text")
            target = segment.findtext("x:target", default="", namespaces=ns)
            state = segment.get("state", "initial")
            entries.append(Entry(
                context=unit.get("id", "") + ("" if field == "text" else f".{field}"),
                english=segment.findtext("x:source", default="", namespaces=ns), translation=target,
                translated=bool(target) and state in ("translated", "reviewed", "final"),
                approved=bool(target) and state == "final"))
    file = root.find("x:file", ns)
    return Catalogue(root.get("trgLang", ""), file.get("original", "") if file is not None else "",
                     tuple(entries))


def read_catalogue(path: Path) -> Catalogue:
    if not path.is_file():
        raise RespackError(Problem(path, "file not found"))
    return read_xliff(path) if path.suffix.lower() in (".xlf", ".xliff") else read_po(path)


def write_catalogue(kind: str, translation: Translation, pack_ref: str, printed: dict[str, set[str]],
                    small: set[str]) -> str:
    return (write_xliff if kind == "xliff" else write_po)(translation, pack_ref, printed, small)
