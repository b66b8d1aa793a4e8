"""For the print shop: every site's cards of one language and format, ten to a sheet, in the
order of the sites spreadsheet, as one file: a whole rollout prints as one job.

`output/<pack>/all-sites/<lang>/<format>-sheet.pdf`, made from the sites' checked card PDFs
(each card keeps its site id in its edition line), after every document of the build has
passed; it is staged and put in place with them, and skipped like a document when none of
its cards changed.

With the print shop's files (`build --print-shop`), also `all-sites/<lang>/<format>.print.pdf`
(`.print-x1a.pdf` and `.print-x3.pdf` for the other PDF/X variants, beside it): every site's
print-shop card, front and back, one after the other, as one PDF/X file
(generator.write.print_cards), for a shop that imposes the cards itself; it passes the same
preflight as each card's file before it is staged. Its job sheet (`.job.txt`) is beside it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from math import ceil
from pathlib import Path
from typing import BinaryIO

from generator.check.prints import PagePrints
from generator.errors import Problem, RespackError
from generator.model import ROLLOUT_FOLDER, Edition
from generator.write.files import StagedFile, stage_file, stage_writing
from generator.write.jobsheet import job_sheet, job_sheet_name, print_file_name
from generator.write.manifest import DocumentEntry, Manifest

CARDS_PER_SHEET = 10


@dataclass(frozen=True)
class SiteCard:
    """A site's card as the build made it: checked, or failed its check."""

    edition: Edition
    key: str  # of its inputs (generator.write.cache)
    prints: tuple[PagePrints, ...]
    ok: bool
    pdf: Path  # its checked PDF: staged under a temporary name, or in place when unchanged
    print_pdf: Path | None = None  # its print-shop file (`build --print-shop`), checked and preflighted, likewise


def rollout_path(language: str, format_name: str) -> Path:
    """The rollout file's path inside its pack's output folder."""
    return Path(ROLLOUT_FOLDER) / language / f"{format_name}-sheet.pdf"


def print_rollout_path(language: str, format_name: str, variant: str = "") -> Path:
    """The print shop's file of every site's print-shop cards of the PDF/X variant, inside its
    pack's output folder."""
    return Path(ROLLOUT_FOLDER) / language / print_file_name(format_name, variant)


def print_rollout_job_path(language: str, format_name: str, variant: str = "") -> Path:
    """The job sheet beside that file."""
    return Path(ROLLOUT_FOLDER) / language / job_sheet_name(print_file_name(format_name, variant))


# Makes each group of up to ten cards' PDFs (by path) into one sheet, in order: in the build's
# worker processes (generator.pipeline), or here, one after the other.
MakeSheets = Callable[[list[list[Path]], str], Iterable[bytes]]


def sheet_of(cards: list[Path], paper: str) -> bytes:
    """One sheet, from its cards' files: what a worker process is given to do."""
    from generator.write.impose import make_sheet

    return make_sheet([card.read_bytes() for card in cards], paper)


def sheets_here(groups: list[list[Path]], paper: str) -> Iterator[bytes]:
    """The sheets made in this process, one after the other."""
    return (sheet_of(group, paper) for group in groups)


def stage_rollouts(cards: Sequence[SiteCard], out_dir: Path, manifests: dict[str, Manifest],
                   force: bool = False, make_sheets: MakeSheets = sheets_here, print_variant: str = "",
                   ) -> list[tuple[str, DocumentEntry, StagedFile | None]]:
    """(pack, manifest entry, staged file or None when unchanged) for each rollout sheet the
    sites' cards of a format with a sheet make, every one of them checked; and with
    print_variant (the print shop's PDF/X variant), each format's file of their print-shop cards."""
    groups: dict[tuple[str, str, str], list[SiteCard]] = {}
    for card in cards:
        edition = card.edition
        groups.setdefault((edition.pack.name, edition.language, edition.format), []).append(card)
    staged: list[tuple[str, DocumentEntry, StagedFile | None]] = []
    try:
        for (pack, language, format_name), cards in groups.items():
            if all(card.ok for card in cards):  # else the shop's file would lack a site: the last one stays
                staged.append(_stage(pack, language, format_name, cards, out_dir, manifests[pack], force,
                                     make_sheets))
                if print_variant:
                    staged.append(_stage_print(pack, language, format_name, cards, out_dir, manifests[pack],
                                               force, print_variant))
                    staged.append(_stage_job_sheet(pack, language, format_name, cards, out_dir, manifests[pack],
                                                   force, print_variant))
    except BaseException:
        for _, _, file in staged:
            if file:
                file.discard()
        raise
    return staged


def _stage(pack: str, language: str, format_name: str, cards: list[SiteCard], out_dir: Path,
           manifest: Manifest, force: bool, make_sheets: MakeSheets) -> tuple[str, DocumentEntry, StagedFile | None]:
    """One format's sheets in one language: written straight into a temporary file, not held."""
    relative = rollout_path(language, format_name)
    edition = cards[0].edition
    key = hashlib.sha256(json.dumps([edition.pack.paper, *(card.key for card in cards)]).encode()).hexdigest()
    entry = DocumentEntry(path=relative.as_posix(), key=key, files=(relative.as_posix(),),
                          prints=_sheet_prints([card.prints for card in cards]))
    if not force and manifest.up_to_date(out_dir / pack, entry.path, key):
        return pack, entry, None
    from generator.write.impose import join_sheets

    groups = [[card.pdf for card in cards[start:start + CARDS_PER_SHEET]]
              for start in range(0, len(cards), CARDS_PER_SHEET)]

    def write(output: BinaryIO) -> int:
        return join_sheets(output, make_sheets(groups, edition.pack.paper), language, edition.title)

    file = stage_writing(out_dir / pack, relative, write)
    try:
        _check_pages(file, len(cards))
    except BaseException:
        file.discard()
        raise
    return pack, entry, file


def _check_pages(file: StagedFile, cards: int) -> None:
    """The file opens, with two pages (fronts, backs) per ten cards: the cards themselves were
    checked one by one, and their places on a sheet are those of a card sheet (generator.write.impose)."""
    import pypdfium2 as pdfium

    expected = 2 * ceil(cards / CARDS_PER_SHEET)
    try:
        document = pdfium.PdfDocument(file.temporary or file.path)
        pages = len(document)
        document.close()
    except pdfium.PdfiumError as error:
        raise RespackError(Problem(file.path, f"the sheets do not open as a PDF ({error})")) from None
    if pages != expected or file.written.pages != expected:
        raise RespackError(Problem(file.path, f"{pages} pages for {cards} cards instead of {expected}"))


def _sheet_prints(cards: list[tuple[PagePrints, ...]]) -> tuple[PagePrints, ...]:
    """What each page of the sheets carries: the fronts or the backs of its ten cards."""
    pages = []
    for sheet in range(ceil(len(cards) / CARDS_PER_SHEET)):
        for side in (1, 2):
            on_page = [page for card in cards[sheet * CARDS_PER_SHEET:(sheet + 1) * CARDS_PER_SHEET]
                       for page in card if page.page == side]
            numbers = tuple(sorted({n for page in on_page for n in page.numbers}))
            codes = tuple(sorted({c for page in on_page for c in page.codes}))
            if numbers or codes:
                pages.append(PagePrints(2 * sheet + side, numbers, codes))
    return tuple(pages)


def _stage_print(pack: str, language: str, format_name: str, cards: list[SiteCard], out_dir: Path,
                 manifest: Manifest, force: bool, variant: str) -> tuple[str, DocumentEntry, StagedFile | None]:
    """Every site's print-shop card one after the other, as one PDF/X file of the variant,
    preflighted before it is staged; skipped when none of its cards changed."""
    relative = print_rollout_path(language, format_name, variant)
    if any(card.print_pdf is None for card in cards):
        raise RespackError(Problem(relative, "a site's card has no print-shop file to join"))
    key = hashlib.sha256(json.dumps([variant, *(card.key for card in cards)]).encode()).hexdigest()
    entry = DocumentEntry(path=relative.as_posix(), key=key, files=(relative.as_posix(),),
                          prints=joined_prints([(card.prints, card.edition.layout.pages) for card in cards]))
    if not force and manifest.up_to_date(out_dir / pack, entry.path, key):
        return pack, entry, None
    from generator.check.findings import Finding, Kind
    from generator.check.preflight import preflight
    from generator.write.print_cards import join_print_cards

    reference = rollout_reference(cards[0].edition)
    file = stage_writing(out_dir / pack, relative, lambda output: join_print_cards(
        output, [card.print_pdf for card in cards if card.print_pdf], reference))
    try:
        pages = sum(card.edition.layout.pages for card in cards)
        problems = [Finding(Kind.SHEET_PAGES, f"{file.written.pages} pages for {len(cards)} cards instead of {pages}")
                    ] if file.written.pages != pages else []
        problems += preflight((file.temporary or file.path).read_bytes(), variant)
        if problems:
            raise RespackError([Problem(file.path, str(problem), kind=problem.kind) for problem in problems])
    except BaseException:
        file.discard()
        raise
    return pack, entry, file


def _stage_job_sheet(pack: str, language: str, format_name: str, cards: list[SiteCard], out_dir: Path,
                     manifest: Manifest, force: bool, variant: str) -> tuple[str, DocumentEntry, StagedFile | None]:
    """The print shop's job sheet of the rollout's print file (generator.write.jobsheet)."""
    from generator.render.context import BLEED_MM

    relative = print_rollout_job_path(language, format_name, variant)
    edition = cards[0].edition
    text = job_sheet(edition, print_rollout_path(language, format_name, variant).name, variant,
                     sum(card.edition.layout.pages for card in cards), BLEED_MM,
                     tuple(card.edition.site.id for card in cards if card.edition.site))
    key = hashlib.sha256(text.encode()).hexdigest()
    entry = DocumentEntry(path=relative.as_posix(), key=key, files=(relative.as_posix(),))
    if not force and manifest.up_to_date(out_dir / pack, entry.path, key):
        return pack, entry, None
    return pack, entry, stage_file(out_dir / pack, relative, text.encode())


def rollout_reference(edition: Edition) -> str:
    """How the rollout's file names itself: a site's reference, with the rollout's folder in
    place of the site's (a neutral edition's leaves out the pack's name, as its cards do)."""
    pack = "" if edition.neutral else f"{edition.pack.name}/"
    return f"{pack}{ROLLOUT_FOLDER}/{edition.language}/{edition.format}/{edition.pack.country.version}"


def joined_prints(cards: Sequence[tuple[tuple[PagePrints, ...], int]]) -> tuple[PagePrints, ...]:
    """What each page of cards joined one after the other carries: each card's (prints, page
    count), its pages numbered on from the pages before it."""
    pages: list[PagePrints] = []
    before = 0
    for prints, count in cards:
        pages += [PagePrints(before + page.page, page.numbers, page.codes) for page in prints]
        before += count
    return tuple(pages)
