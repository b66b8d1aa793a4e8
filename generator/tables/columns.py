"""The names a column of a spreadsheet of sites goes by: as an NGO writes its header, in any
bundled language, or as its pack file maps it.

A header cell is normalised first (small letters, one space for any run of spaces, "_" or
"-", no trailing ":" or "*"), then read as a column: `Название`, `наименование`, `Name` and
`name` are all the column `name`; a per-language column may name its language by its code or
its name after the column's (`name_kk`, `Атауы (kk)`, `label:ru`, `Подпись рус`). The words
in Russian, Kazakh and Armenian are drafts until a native speaker reviews them.
Pure functions: no file, no state.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

# The column, and what it is called in each bundled language (en, ru, kk, hy).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "site id", "code", "код", "идентификатор", "коды", "կոդ"),
    "name": ("name", "site", "site name", "clinic", "название", "наименование", "учреждение", "атауы", "атау",
             "мекеме", "անվանում", "անուն"),
    "short_name": ("short name", "short", "краткое название", "короткое название", "краткое наименование",
                   "сокращенное название", "қысқа атауы", "қысқаша атауы",
                   "կարճ անվանում"),
    "number": ("number", "phone", "telephone", "phone number", "телефон", "номер", "номер телефона", "тел",
               "нөмір", "телефон нөмірі", "հեռախոս", "հեռախոսահամար", "համար"),
    "channel": ("channel", "канал", "способ связи", "арна", "байланыс арнасы", "կապուղի"),
    "source": ("source", "источник", "дереккөз", "көзі", "աղբյուր"),
    "as_of": ("as of", "date", "checked on", "дата", "дата проверки", "проверено", "күні", "тексерілген күні",
              "ամսաթիվ"),
    "region": ("region", "регион", "область", "өңір", "облыс", "մարզ"),
    "country": ("country", "страна", "ел", "երկիր"),
    "label": ("label", "подпись", "надпись", "белгі", "жазу", "պիտակ"),
    "note": ("note", "примечание", "заметка", "ескерту", "нұсқау", "նշում"),
}
# Columns held once per language of the pack ("label:kk"); name and short_name may be both.
PER_LANGUAGE = ("label", "note", "name", "short_name")
# A language named after a column by its name rather than its code ("Название рус").
LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("english", "eng", "англ", "английский", "на английском", "ағылшынша", "անգլերեն"),
    "ru": ("russian", "рус", "русский", "на русском", "орысша", "орыс", "ռուսերեն"),
    "kk": ("kazakh", "каз", "қаз", "казахский", "на казахском", "қазақша", "қазақ", "ղազախերեն"),
    "hy": ("armenian", "арм", "армянский", "на армянском", "армянша", "հայ", "հայերեն"),
}
_SEPARATORS = re.compile(r"[\s_\-]+")
_LANGUAGE_AFTER = re.compile(r"\s*[:(]\s*|\s+")  # where a column's name may end and its language begin


def normalised(header: str) -> str:
    """A header cell as it is compared: "Short_Name:KK *" is "short name:kk"."""
    return _SEPARATORS.sub(" ", str(header).strip().lower().replace("ё", "е")).strip(" *:")


def column_of(header: str, languages: Sequence[str], mapped: Mapping[str, str] | None = None) -> str | None:
    """The column a header cell names ("name", "label:kk"), or None for a column respack does
    not know. A pack's own mapping (column: header as written) comes first."""
    text = normalised(header)
    if not text:
        return None
    for column, written in (mapped or {}).items():
        if normalised(written) == text:
            return column
    base = _base(text)
    if base and base not in PER_LANGUAGE[:2]:  # a label or a note is always of one language
        return base
    for match in _LANGUAGE_AFTER.finditer(text):
        base, language = _base(text[:match.start()].strip()), _language(text[match.end():].strip(" )"), languages)
        if base in PER_LANGUAGE and language:
            return f"{base}:{language}"
    return None


def known_columns(languages: Sequence[str]) -> list[str]:
    """Every column a spreadsheet of sites may have, as respack names it."""
    single = [column for column in ALIASES if column not in PER_LANGUAGE[:2]]
    return [*single, *(f"{kind}:{language}" for kind in PER_LANGUAGE for language in languages)]


def _base(text: str) -> str | None:
    return next((column for column, names in ALIASES.items() if text in names or text == normalised(column)), None)


def _language(text: str, languages: Sequence[str]) -> str | None:
    text = text.strip(" .")
    for language in languages:
        if text == language.lower() or text in LANGUAGE_WORDS.get(language.split("-")[0].lower(), ()):
            return language
    return None
