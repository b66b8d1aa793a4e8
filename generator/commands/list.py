"""`respack list`: the packs, languages and formats this tool knows."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from generator.installation import CONTENT_DIR, LAYOUTS_DIR

if TYPE_CHECKING:
    from rich.table import Table

    from generator.model import Branding, Pack


@click.command("list")
def list_command() -> None:
    """List the bundled packs, their languages and the formats."""
    from rich.console import Console
    from rich.table import Table

    from generator.packs.capacity import describe_capacity
    from generator.packs.layouts import bundled_layouts, load_layout
    from generator.packs.load import bundled_packs, load_pack

    console = Console()
    packs = Table(title="Packs", title_justify="left")
    for column in ("pack", "content", "languages", "formats"):
        packs.add_column(column, overflow="fold")
    loaded = [load_pack(path) for path in bundled_packs()]
    for pack in loaded:
        languages = [f"{lang} ({pack.guidance[lang].status})" for lang in pack.languages]
        languages += [f"{'+'.join(pair)} (together: {', '.join(names)})" for pair, names in pack.bilingual]
        packs.add_row(pack.name + ("\n(neutral)" if pack.neutral else ""),
                      f"{pack.country.code.lower()}/{pack.situation}\nversion {pack.country.version}",
                      "\n".join(languages), "\n".join(pack.formats))
    console.print(packs)
    console.print(_languages_table(loaded))
    formats = Table(title="Formats", title_justify="left")
    for column in ("format", "page", "pages", "smallest text", "holds (one language)", "holds (two languages)"):
        formats.add_column(column, overflow="fold")
    for folder in bundled_layouts():
        layout = load_layout(folder.name)
        formats.add_row(layout.name, f"{layout.page_width_mm:g} × {layout.page_height_mm:g} mm",
                        str(layout.pages or "as needed"), f"{layout.min_font_pt:g} pt",
                        describe_capacity(layout.capacity.limits(1)), describe_capacity(layout.capacity.limits(2)))
    console.print(formats)
    # Where to look for a template to copy or extend: installed with respack, not in this folder.
    console.print(f"Built-in layouts: {LAYOUTS_DIR}\nBuilt-in content: {CONTENT_DIR}", soft_wrap=True,
                  highlight=False)


def _languages_table(packs: list[Pack]) -> Table:
    """Each language of the packs: its script, its direction and the fonts it prints with
    (a family not installed is marked so)."""
    from rich.table import Table

    from generator.render.fonts import font_chain, missing_families
    from generator.render.scripts import script_of

    table = Table(title="Languages", title_justify="left")
    for column in ("language", "script", "direction", "fonts"):
        table.add_column(column, overflow="fold")
    seen: dict[str, Branding] = {}
    for pack in packs:
        for language in pack.languages:
            seen.setdefault(language, pack.branding)
    for language, branding in seen.items():
        script = script_of(language)
        missing = missing_families(language, branding.fonts, branding.font)
        fonts = [f"{family} (not installed)" if family in missing else family
                 for family in font_chain(language, branding.fonts, branding.font)]
        table.add_row(language, f"{script.name} ({script.code})",
                      "right to left" if script.rtl else "left to right", "\n".join(fonts))
    return table
