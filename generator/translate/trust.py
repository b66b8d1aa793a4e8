"""What an import takes from a catalogue, and what it never does.

A catalogue comes back from outside: a translator's tool, a CAT tool, an e-mail. It carries
texts, and says its language and the pack it was exported from, but neither decides where the
import writes. The pack is the one named on the command line; the catalogue's language must be
a language tag (nothing that can name a path) and one of that pack's translations (a language
whose files its content has, never the source); a catalogue exported from another pack is
refused, with the command that imports it there. One exception, by name only: a catalogue of a
bundled pack (it says kazakhstan) imports into the bundled content when no pack is named, since
that is where `translate export kk kazakhstan` read it.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from babel import Locale, UnknownLocaleError

from generator.errors import Problem, RespackError
from generator.model import Pack
from generator.packs.load import bundled_packs, find_pack, load_packs
from generator.packs.units import Translation, read_translation, source_language
from generator.translate.catalogue import Catalogue

# BCP 47 as catalogues write it: a language, then subtags; PO files often use '_' (pt_BR).
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def import_target(catalogue: Catalogue, pack_ref: str, file: Path) -> Translation:
    """The units a catalogue's import may write: of the pack named on the command line (every
    bundled pack's shared content if none), in the catalogue's language once it is checked."""
    if not pack_ref and catalogue.pack in bundled_pack_names():
        pack_ref = catalogue.pack  # a bundled pack's catalogue: its content is the bundled packs' own
    check_origin(catalogue.pack, pack_ref, file)
    pack = load_packs([pack_ref] if pack_ref else [])[0]
    return read_translation(pack, import_language(catalogue.language, pack, file), own=bool(pack_ref))


def bundled_pack_names() -> set[str]:
    """The names of the packs installed with respack: a catalogue naming one of them (a name,
    never a path) imports into the bundled content without the pack named again."""
    return {path.stem for path in bundled_packs()}


def translated_languages(pack: Pack) -> list[str]:
    """The languages the pack's content has both translation files of (its guidance and the
    layouts' strings), the source language excepted."""
    situation = f"{pack.country.path.parent.name}/{pack.situation}"
    guidance = {Path(name).stem for name in pack.content.names(f"{situation}/*.yaml")}
    strings = {Path(name).stem for name in pack.content.names("strings/*.yaml")}
    source = source_language(pack)
    return sorted(code for code in guidance & strings if code != source and LANGUAGE_TAG.fullmatch(code))


def import_language(language: str, pack: Pack, file: Path) -> str:
    """The catalogue's language as the pack's files spell it; refused, naming the file, unless
    it is a well-formed tag Babel knows and one of the pack's translations."""
    translations = translated_languages(pack)
    expected = f"expected one of its translations: {', '.join(translations) or 'none yet'}"
    if not language:
        raise RespackError(Problem(file, "the catalogue does not say its language (PO header Language:, "
                                   f"XLIFF trgLang); {expected}"))
    tag = language.replace("_", "-")
    if not LANGUAGE_TAG.fullmatch(language) or not _babel_knows(tag):
        raise RespackError(Problem(file, f"the catalogue's language {language!r} is not a language tag Babel "
                                   f"knows (BCP 47, such as kk, ru or pt-BR); {expected}"))
    source = source_language(pack)
    if tag.lower() == source.lower():
        raise RespackError(Problem(file, f"{source} is the source language of the pack, not a translation; "
                                   f"{expected}"))
    found = next((code for code in translations if code.lower() == tag.lower()), None)
    if found is None:
        raise RespackError(Problem(file, f"the pack has no {tag} translation; {expected} "
                                   f"(start {tag} with: respack translate new {tag})"))
    return found


def _babel_knows(tag: str) -> bool:
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return False
    return True


def check_origin(exported_from: str, pack_ref: str, file: Path) -> None:
    """Refuses a catalogue exported from another pack than the one the import writes into
    (pack_ref as the command line gives it; empty: the bundled packs)."""
    if same_pack(exported_from, pack_ref):
        return
    origin = f"the pack {_said(exported_from)}" if exported_from else "the bundled packs"
    target = _said(pack_ref) if pack_ref else "the bundled packs"
    command = (shlex.join(["respack", "translate", "import", str(file), *([exported_from] if exported_from else [])])
               if exported_from.isprintable() else "respack translate import FILE PACK")
    raise RespackError(Problem(file, f"exported from {origin}, not from {target}; import it there with: {command}"))


def same_pack(exported_from: str, pack_ref: str) -> bool:
    """Whether two references name one pack: the same words, or the same pack file (a bundled
    pack's name and the path of its file, say). The catalogue's reference is only looked up,
    never loaded."""
    if exported_from == pack_ref:
        return True
    if not exported_from or not pack_ref:
        return False
    claimed, given = _pack_file(exported_from), _pack_file(pack_ref)
    return claimed is not None and claimed == given


def _pack_file(ref: str) -> Path | None:
    try:
        return find_pack(ref).resolve()
    except (RespackError, OSError, ValueError):
        return None


def _said(text: str) -> str:
    """A reference from a file, safe to print on one line of a terminal."""
    return text if text.isprintable() else repr(text)
