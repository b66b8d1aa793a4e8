"""For a print shop's imposition: every site's print-shop card (its `<format>.print.pdf`:
CMYK, bleed, crop marks, PDF/X) one after the other as one PDF/X file.

Print shops take variable-data cards this way and impose them N-up themselves. The file keeps
the first card's catalog: its one output intent (the ICC profile is referenced from there
alone, so it is in the file once, not once per card), its PDF/X version and XMP metadata,
which then name the rollout instead of the first site. Each page keeps its TrimBox and
BleedBox as the card's file had them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import pikepdf

# What describes one card's pages and not the rollout's: its tags' structure and bookmarks.
_CARD_CATALOG_ENTRIES = ("/StructTreeRoot", "/MarkInfo", "/Outlines")
_CARD_PAGE_ENTRIES = ("/StructParents", "/Tabs")


def join_print_cards(output: BinaryIO, cards: Sequence[Path], reference: str) -> int:
    """The cards' print files, in order, as one PDF/X file written to output; returns its page
    count. Each card's file is open only while its pages are copied (pikepdf copies the
    objects its pages use), so the memory is that of the file being written, not of every
    card's file. reference: the rollout's edition line (pack/all-sites/language/format/version),
    which the file's metadata carries in place of the first site's."""
    with pikepdf.open(cards[0]) as joined:
        for card in cards[1:]:
            with pikepdf.open(card) as source:
                joined.pages.extend(source.pages)
        for entry in _CARD_CATALOG_ENTRIES:
            if entry in joined.Root:
                del joined.Root[entry]
        for page in joined.pages:
            for entry in _CARD_PAGE_ENTRIES:
                if entry in page.obj:
                    del page.obj[entry]
        _name_the_rollout(joined, reference)
        joined.save(output, deterministic_id=True)
        return len(joined.pages)


def _name_the_rollout(document: pikepdf.Pdf, reference: str) -> None:
    """The document information and the XMP metadata say what the file is (as a card's file
    says which edition it is), with an id of its own, the same for the same rollout: the
    trailer's first /ID is the rollout's line (qpdf keeps it, and makes the second from the
    file's content), as a card's file has its edition's."""
    document.trailer.ID = pikepdf.Array([pikepdf.String(reference), pikepdf.String(reference)])
    document.docinfo["/Subject"] = document.docinfo["/Keywords"] = pikepdf.String(reference)
    with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
        metadata["dc:description"] = reference
        metadata["pdf:Keywords"] = reference
        metadata["xmpMM:DocumentID"] = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, reference)}"
