"""`respack list`: the packs, languages and formats this tool knows."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from generator.installation import CONTENT_DIR, LAYOUTS_DIR
from generator.packs.capacity import describe_capacity
from generator.packs.load import bundled_layouts, bundled_packs, load_layout, load_pack


@click.command("list")
def list_command() -> None:
    """List the bundled packs, their languages and the formats."""
    console = Console()
    packs = Table(title="Packs", title_justify="left")
    for column in ("pack", "content", "languages", "formats"):
        packs.add_column(column, overflow="fold")
    for path in bundled_packs():
        pack = load_pack(path)
        languages = [f"{lang} ({pack.guidance[lang].status})" for lang in pack.languages]
        languages += [f"{tag} (together: {', '.join(names)})" for tag, names in pack.bilingual]
        packs.add_row(pack.name + ("\n(neutral)" if pack.neutral else ""),
                      f"{pack.country.code.lower()}/{pack.situation}\nversion {pack.country.version}",
                      "\n".join(languages), "\n".join(pack.formats))
    console.print(packs)
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
