"""A language of a pack, for the translate commands: its units, and where the pack's formats
print each of their texts."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Pack
from generator.packs.layouts import layout_of
from generator.packs.load import load_packs
from generator.packs.units import (
    DRAFT,
    NOT_STAMPED,
    REVIEWED,
    STALE,
    UNTRANSLATED,
    Translation,
    printed_units,
    read_translation,
)


@dataclass(frozen=True)
class Loaded:
    """A language's units, and where the pack's formats print each of their texts."""

    translation: Translation
    printed: dict[str, set[str]]  # context id: the formats that print it
    small: set[str]  # formats with little room (cards): their texts must fit

    def counts(self) -> str:
        states = [unit.state for unit in self.translation.units]
        return ", ".join(f"{states.count(s)} {s}" for s in (UNTRANSLATED, NOT_STAMPED, STALE, DRAFT, REVIEWED)
                         if s in states)


SMALL_PAGE_MM2 = 105 * 148  # smaller than A6: a card


def load_translation(language: str, pack_ref: str = "", where: bool = True) -> Loaded:
    """PACK (or every bundled pack), its units in a language and, with where, the formats
    that print each text (the packs' formats merged)."""
    packs = load_packs([pack_ref] if pack_ref else [])
    translation = read_translation(packs[0], language, own=bool(pack_ref))  # a pack's own wording: when named
    printed: dict[str, set[str]] = {}
    small: set[str] = set()
    for pack in packs if where else ():
        for context, formats in where_printed(pack, language).items():
            printed.setdefault(context, set()).update(formats)
        for name in pack.formats:
            layout = layout_of(pack, name)
            if layout.page_width_mm * layout.page_height_mm < SMALL_PAGE_MM2:
                small.add(name)
    return Loaded(translation, printed, small)


def where_printed(pack: Pack, language: str) -> dict[str, set[str]]:
    """For each text (by context id), the formats that print it."""
    printed: dict[str, set[str]] = {}
    stand_in = language if language in pack.languages else pack.languages[0]  # a language not yet built
    for name in pack.formats:
        for context in printed_units(pack, stand_in, layout_of(pack, name)):
            printed.setdefault(context, set()).add(name)
    return printed
