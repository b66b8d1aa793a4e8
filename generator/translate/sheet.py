"""A review sheet: a language's units on paper, English and translation side by side.

A native speaker who will not open a translator's tool reads it, writes remarks, ticks what
is right and signs; `respack translate review` then records the sign-off. It is laid out
with the project's print fonts and WeasyPrint, like every document.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2
from babel import Locale

from generator.packs.units import DRAFT, NOT_STAMPED, REVIEWED, STALE, UNTRANSLATED, Unit
from generator.render.fonts import fonts_for
from generator.render.scripts import direction_of
from generator.translate.language import Loaded

TEMPLATE = Path(__file__).resolve().parent / "review-sheet.html"
STATES = {UNTRANSLATED: "not translated yet", NOT_STAMPED: "draft, never checked against this English",
          STALE: "the English changed since it was translated", DRAFT: "draft, not yet approved"}


def review_sheet(loaded: Loaded, today: date | None = None) -> bytes:
    from generator.render.engine import HTML

    translation = loaded.translation
    try:
        language_name = Locale.parse(translation.language, sep="-").get_display_name("en") or translation.language
    except (ValueError, LookupError):
        language_name = translation.language
    title = f"Review of the {language_name} translation, {(today or date.today()).isoformat()}"
    how = ("Read each translation against the English. Write corrections under Remarks and tick "
           "\"approved\" where the translation is right. Sign at the end. The approvals are then recorded "
           f"with: respack translate review {translation.language} --by NAME")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    html = environment.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        title=title, how=how, language=translation.language, language_name=language_name,
        direction=direction_of(translation.language), fonts=_fonts(loaded),
        rows=[_row(unit, loaded) for unit in translation.units])
    return HTML(string=html, base_url=TEMPLATE.as_uri()).write_pdf()


def _fonts(loaded: Loaded) -> dict[str, object]:
    """The faces of the language's font chain (its script's family, then the default), and the
    chain as a CSS font-family list: the English is drawn by the default family."""
    chain = fonts_for(loaded.translation.pack.branding, (loaded.translation.language,)).chain(
        loaded.translation.language)
    return {"faces": [(font.css_family, face) for font in chain for face in font.faces],
            "family": ", ".join(f'"{font.css_family}"' for font in chain)}


def _row(unit: Unit, loaded: Loaded) -> dict[str, object]:
    formats = sorted({name for field in unit.fields for name in loaded.printed.get(unit.context(field), set())})
    state = (f"approved by {unit.record.reviewed_by} on {unit.record.reviewed_on}" if unit.state == REVIEWED
             else STATES[unit.state])
    return {"id": unit.id, "state": state,
            "printed": f"Printed on: {', '.join(formats)}" if formats else "Not printed at present",
            "english": [(field, text.strip()) for field, text in zip(unit.fields, unit.english)],
            "translation": [(field, text.strip()) for field, text in zip(unit.fields, unit.translation)]}
