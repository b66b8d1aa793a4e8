"""`respack translate`: catalogues for translators, review sheets and sign-offs for reviewers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

FORMAT_SUFFIXES = {"po": ".po", "xliff": ".xlf"}


@click.group("translate")
def translate_command() -> None:
    """Translate a language and record its review, unit by unit (see docs/translating.md)."""


@translate_command.command("export")
@click.argument("language")
@click.argument("pack", required=False, default="")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="The file to write (default: LANG.po).")
@click.option("--format", "kind", type=click.Choice(["po", "xliff"]), default="po", show_default=True,
              help="gettext PO, or XLIFF 2.0 for CAT tools.")
def export_command(language: str, pack: str, output: Path | None, kind: str) -> None:
    """Write every unit PACK prints (all bundled packs if none) in LANGUAGE to a catalogue."""
    from generator.translate.catalogue import write_catalogue
    from generator.translate.language import load_translation

    loaded = load_translation(language, pack)
    output = output or Path(f"{language}{FORMAT_SUFFIXES[kind]}")
    output.write_text(write_catalogue(kind, loaded.translation, pack, loaded.printed, loaded.small),
                      encoding="utf-8")
    counts = loaded.counts()
    click.echo(f"Wrote {output}: {len(loaded.translation.units)} units ({counts}).")


@translate_command.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("pack", required=False, default="")
@click.option("--reviewed-by", "reviewer", default="",
              help="A native speaker approved the catalogue: record NAME on each approved unit.")
def import_command(file: Path, pack: str, reviewer: str) -> None:
    """Write the translations of FILE (.po, or .xlf/.xliff) back into PACK's content files (the
    bundled packs' if none). FILE must have been exported from that pack, in one of its translations."""
    from generator.installation import shown_path
    from generator.translate.catalogue import read_catalogue
    from generator.translate.files import files_to_write, refuse_installed, write_updates
    from generator.translate.trust import import_target
    from generator.translate.updates import imported

    catalogue = read_catalogue(file)
    translation = import_target(catalogue, pack, file)
    refuse_installed(translation)
    updates, left = imported(translation, catalogue.entries, reviewer.strip(), date.today(), file)
    targets = files_to_write(updates)
    if targets:
        shown = (shown_path(path, (translation.pack.path.parent,)) for path in targets)
        click.echo(f"Writing {translation.language} units into {', '.join(shown)}")
    write_updates(translation, updates)
    approved = sum(1 for u in updates if u.record.reviewed_by and u.record.reviewed_on == date.today())
    click.echo(f"Imported {len(updates)} units" + ("" if targets else " (nothing changed)")
               + (f"; {approved} approved by {reviewer}" if reviewer else "") + ".")
    if left:
        click.echo(f"Left as they were, some of their texts empty: {', '.join(left)}")


@translate_command.command("review")
@click.argument("language")
@click.argument("pack", required=False, default="")
@click.option("--by", "reviewer", required=True, help="The native speaker who approved the units.")
@click.option("--unit", "units", multiple=True, help="Only this unit (repeat for more); default: every draft unit.")
def review_command(language: str, pack: str, reviewer: str, units: tuple[str, ...]) -> None:
    """Record a sign-off on paper: the draft units of LANGUAGE approved by a native speaker."""
    from generator.translate.files import refuse_installed, write_updates
    from generator.translate.language import load_translation
    from generator.translate.updates import reviewed

    translation = load_translation(language, pack, where=False).translation
    refuse_installed(translation)
    updates, refused = reviewed(translation, reviewer.strip(), date.today(), units)
    write_updates(translation, updates)
    click.echo(f"Recorded {len(updates)} units of {language} as approved by {reviewer}.")
    if refused:
        click.echo(f"Not approved, translate them first: {', '.join(refused)}")


@translate_command.command("sheet")
@click.argument("language")
@click.argument("pack", required=False, default="")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="The PDF to write (default: LANG-review.pdf).")
def sheet_command(language: str, pack: str, output: Path | None) -> None:
    """A review sheet (PDF): English and translation side by side, with room for remarks."""
    from generator.translate.language import load_translation
    from generator.translate.sheet import review_sheet

    output = output or Path(f"{language}-review.pdf")
    output.write_bytes(review_sheet(load_translation(language, pack)))
    click.echo(f"Wrote {output}.")


@translate_command.command("new")
@click.argument("language")
@click.argument("pack", required=False, default="")
def new_command(language: str, pack: str) -> None:
    """Start LANGUAGE from the English: the same files with every text empty."""
    from generator.packs.load import load_packs
    from generator.translate.files import start_language

    paths = start_language(load_packs([pack] if pack else [])[0], language)
    click.echo(f"Wrote {', '.join(map(str, paths))}.\nNext: respack translate export {language} "
               f"{pack}".rstrip() + f", translate {language}.po, then: respack translate import {language}.po "
               f"{pack}".rstrip())
