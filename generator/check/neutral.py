"""Safe to carry: what anyone who finds a neutral document sees says nothing of what it is for.

The outside of its pages (layout.yaml's `outside:`; every page, whole, when it names none),
its file's metadata, what its links open (a tap on a number) and its file name are searched for
the giveaway terms of each language it prints (content/safety/<lang>.yaml, and the pack's own
`safety: giveaway_terms:`), by the rule
of generator.check.giveaways, which lets each language's exceptions through.
"""

from __future__ import annotations

from collections.abc import Sequence

import pypdfium2 as pdfium

from generator.check.findings import Finding, Kind
from generator.check.giveaways import giveaway_words
from generator.check.links import link_texts
from generator.model import Edition, Region
from generator.render.scripts import direction_of


def outside_texts(pdf: bytes, regions: Sequence[Region]) -> list[tuple[int, str]]:
    """(page number, text) of each region of the document; every page, whole, without regions.
    A region's page counts from the end when it is negative (-1: the last page); a page the
    document does not have is left out, and a page named twice is read once."""
    document = pdfium.PdfDocument(pdf)
    try:
        regions = regions or [Region(page=number) for number in range(1, len(document) + 1)]
        texts = []
        for region in dict.fromkeys(_counted(region, len(document)) for region in regions):
            if not 1 <= region.page <= len(document):
                continue
            page = document[region.page - 1]
            left, bottom, right, top = page.get_mediabox()
            width, height = right - left, top - bottom
            textpage = page.get_textpage()
            texts.append((region.page, textpage.get_text_bounded(
                left=left + region.x[0] * width, bottom=top - region.y[1] * height,
                right=left + region.x[1] * width, top=top - region.y[0] * height)))
            textpage.close()
        return texts
    finally:
        document.close()


def outside_regions(edition: Edition) -> tuple[Region, ...]:
    """The format's outside, mirrored when the document is laid out right to left (its first
    language's direction): a right-to-left leaflet's cover and back are the left two thirds."""
    if direction_of(edition.languages[0]) == "rtl":
        return tuple(region.mirrored() for region in edition.layout.outside)
    return edition.layout.outside


def _counted(region: Region, pages: int) -> Region:
    """The region on its page counted from the start: -1 is the last page of a document."""
    return region if region.page > 0 else Region(page=pages + 1 + region.page, x=region.x, y=region.y)


def metadata_text(pdf: bytes) -> str:
    """Title, author, subject, keywords: what a phone or a viewer shows of a file."""
    document = pdfium.PdfDocument(pdf)
    try:
        return " · ".join(value for value in document.get_metadata_dict(skip_empty=True).values())
    finally:
        document.close()


def giveaway_problems(pdf: bytes, edition: Edition, file_name: str) -> list[Finding]:
    """What gives a neutral document away, each with where it is printed."""
    terms = [term for language in edition.languages for term in edition.pack.giveaway_terms.get(language, ())]
    exceptions = [term for language in edition.languages
                  for term in edition.pack.giveaway_exceptions.get(language, ())]
    places = [(f"the outside of page {page}", text) for page, text in outside_texts(pdf, outside_regions(edition))]
    places += [("the file's metadata", metadata_text(pdf)), ("the file's links", link_texts(pdf)),
               ("the file's name", file_name)]
    problems = []
    for place, text in places:
        words = list(dict.fromkeys(giveaway_words(text, terms, exceptions)))
        if words:
            problems.append(Finding(Kind.GIVEAWAY, f"neutral: {place} says {', '.join(map(repr, words))}: giveaway "
                                    "terms (content/safety/<lang>.yaml); give services a plain `discreet:` name, and "
                                    "the pack, its organisation and intro plain words"))
    return problems
