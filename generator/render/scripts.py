"""What a language is written in: its script and its direction, as CLDR (through Babel) knows them.

A pack names languages, never scripts: "he" is written in Hebrew letters, right to left; "hy"
in Armenian letters; "sr-Latn" in Latin ones. The script chooses the font a language prints
with (generator.render.fonts), the direction the way its pages are laid out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.core import get_global


@dataclass(frozen=True)
class Script:
    code: str  # ISO 15924: "Latn", "Cyrl", "Hebr", "Arab", "Geor", "Armn"
    language: str  # the tag it is the script of

    @property
    def direction(self) -> str:
        """"ltr" or "rtl": read from CLDR's data of the language only when asked (a build with
        nothing to do needs only the code, for the fonts; the direction is the layout's)."""
        return _direction(self.language)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def name(self) -> str:
        """In English ("Hebrew"), for `respack list`: read from CLDR only when asked, as a
        build needs only the code and the direction."""
        return Locale("en").scripts.get(self.code, self.code)


@lru_cache(maxsize=64)
def script_of(language: str) -> Script:
    """The script and direction of a language tag: the tag's own script if it names one
    ("sr-Latn"), else the one CLDR gives the language as likely ("he" → Hebr)."""
    locale = Locale.parse(language, sep="-")
    return Script(code=locale.script or _likely_script(locale), language=language)


@lru_cache(maxsize=64)
def _direction(language: str) -> str:
    return str(Locale.parse(language, sep="-").text_direction)


def _likely_script(locale: Locale) -> str:
    likely: Mapping[str, str] = get_global("likely_subtags")
    for key in (str(locale), f"{locale.language}_{locale.territory}" if locale.territory else "", locale.language):
        subtags = likely.get(key, "").split("_")
        if key and len(subtags) > 1 and len(subtags[1]) == 4:
            return subtags[1]
    return "Latn"


def direction_of(language: str) -> str:
    """"rtl" for a language written right to left (Hebrew, Arabic, Persian), else "ltr"."""
    return script_of(language).direction
