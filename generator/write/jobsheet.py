"""A print shop's job sheet: a short text beside each print-shop file saying what it is.

`<format>.print.pdf` (PDF/X-4, the default) or `<format>.print-x1a.pdf` / `-x3` (another
variant, beside it: no variant writes over another) comes with `<its name>.job.txt`: the
edition, trim size, bleed, PDF/X variant and output profile, the page order, and for a
rollout how many cards it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.model import PRINT_SHOP_VARIANT, Edition


def print_file_name(format_name: str, variant: str = "") -> str:
    """`wallet-card.print.pdf` for PDF/X-4, `wallet-card.print-x1a.pdf` for PDF/X-1a."""
    if not variant or variant == PRINT_SHOP_VARIANT:
        return f"{format_name}.print.pdf"
    return f"{format_name}.print-{variant.removeprefix('pdf/').replace('-', '')}.pdf"


def other_variants(previous: Sequence[str], written: Sequence[str], format_name: str) -> tuple[str, ...]:
    """The print-shop files (and job sheets) of other PDF/X variants that a document wrote
    before, kept beside this build's: a build of one variant never removes another's. Only
    when this build writes a print-shop file: a build without one drops them, as before."""
    if not any(is_print_file(file, format_name) for file in written):
        return ()
    return tuple(file for file in previous if is_print_file(file, format_name) and file not in written)


def is_print_file(file: str, format_name: str) -> bool:
    """A print shop's file of the format (any variant's), or its job sheet; not an office file."""
    return Path(file).name.startswith(f"{format_name}.print")


def job_sheet_name(print_name: str) -> str:
    """`wallet-card.print.pdf` → `wallet-card.print.job.txt`."""
    return f"{Path(print_name).stem}.job.txt"


def job_sheet(edition: Edition, print_name: str, variant: str, pages: int, bleed_mm: float,
              sites: tuple[str, ...] = ()) -> str:
    """The job sheet of one print-shop file, in plain words. sites: the sites whose cards a
    rollout's file holds, in order (empty: one edition's file)."""
    layout = edition.layout
    profile = edition.pack.branding.print_profile
    per_copy = layout.pages or pages
    lines = [
        f"Print job: {print_name}",
        "",
        f"What it is:   {layout.title}, {edition.language}, of the pack {edition.pack.name!r}"
        + (f", every site's card one after the other ({len(sites)} sites)" if sites else "")
        + (", draft translation: not for a print run" if edition.is_draft else ""),
        f"Trim size:    {layout.page_width_mm:g} × {layout.page_height_mm:g} mm",
        f"Bleed:        {bleed_mm:g} mm on every side (TrimBox and BleedBox set; crop marks outside the bleed)",
        f"PDF variant:  PDF/X-{(variant or PRINT_SHOP_VARIANT).removeprefix('pdf/x-')}",
        f"Profile:      {profile.name if profile else 'FOGRA39 (coated paper, ISO 12647-2), the output intent'}",
        f"Pages:        {pages}" + (f", {per_copy} per {'card' if sites else 'copy'}" if pages != per_copy else ""),
        f"Page order:   {_order(per_copy, bool(layout.panels))}"
        + (f"; then the next site's, in the order of the sites spreadsheet: {', '.join(sites)}" if sites else ""),
    ]
    return "\n".join(lines) + "\n"


def _order(pages: int, folded: bool) -> str:
    if pages == 1:
        return "one side"
    if pages == 2:
        return ("page 1 outside, page 2 inside, printed back to back" if folded else
                "page 1 front, page 2 back, printed back to back")
    return f"pages 1 to {pages} in reading order"
