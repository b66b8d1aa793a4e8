"""What a check found, as data: its kind, how grave it is, where it is (which of a document's
files, the page, the box), the contact or QR code it concerns, and the sentence a person reads.

The preview points at a finding by its page, box and payload, the build's messages group
findings by their kind and sentence, and the tests ask what was found by its kind: none of
them reads the sentence, which is for people only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from generator.errors import Severity

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in CSS px on its page, y downwards
Place = tuple[int, Box, tuple[float, float]]  # where a QR code is drawn: its page (from 1), its box, the page's size


class Kind(StrEnum):
    """What a check found."""

    # the PDF against its format and what it must carry (pdfcheck.py, numbers.py)
    PAGE_COUNT = "page-count"  # more or fewer pages than the format's
    PAGE_SIZE = "page-size"
    QR_UNREADABLE = "qr-unreadable"  # a contact's code missing, or it did not scan
    QR_STRAY = "qr-stray"  # a code decodes to what the document does not print
    NUMBER_MISSING = "number-missing"  # a contact's number or address not in the text
    NUMBER_UNKNOWN = "number-unknown"  # a number or address printed that is no contact's
    CHARACTER = "character"  # a digit other than 0-9, an invisible or reordering character, a look-alike letter
    CAPTION_MISSING = "caption-missing"  # a QR code with no number or address beside it
    CAPTION_WRONG = "caption-wrong"  # a QR code with another number printed nearest to it
    # how its numbers are drawn (drawn.py)
    NUMBER_UNSEEN = "number-unseen"  # cut off by the page's edge, clipped, covered, drawn in nothing
    LOW_CONTRAST = "low-contrast"
    DRAWN_MISMATCH = "drawn-mismatch"  # a glyph that looks like another character than the text's
    # its links (links.py)
    LINK_STRAY = "link-stray"  # opens what no contact's QR code opens
    LINK_OVER_NOTHING = "link-over-nothing"
    LINK_WRONG = "link-wrong"  # over another number than it dials
    LINK_WIDE = "link-wide"  # reaches past its number
    LINK_MISSING = "link-missing"  # a contact's number with no link over it
    LINK_IN_PRINT = "link-in-print"  # a print shop's file with links
    # a neutral document's outside (neutral.py)
    GIVEAWAY = "giveaway"
    # the laid-out pages (fit.py, and the pipeline's steps)
    PAGES_OVER = "pages-over"  # text running onto pages past the format's
    TEXT_SMALL = "text-small"
    SITE_NAME_LINES = "site-name-lines"
    QR_SMALL = "qr-small"
    CLIPPED = "clipped"  # runs past the edge of its box
    CUT_OFF = "cut-off"  # at the edge of the page
    OVERLAP = "overlap"
    TOUCHING = "touching"  # text too close to a box placed over the page
    LETTER_BROKEN = "letter-broken"  # a line that breaks inside a shaped letter
    TOO_WIDE = "too-wide"  # a line wider than its box
    HEADING_ALONE = "heading-alone"  # a heading with nothing under it
    PANEL_BLANK = "panel-blank"
    TOO_SHORT = "too-short"  # the content too short for the format's pages
    DOES_NOT_FIT = "does-not-fit"  # not even at the format's densest step
    # the renderer's own warnings: an image or font it could not load
    ENGINE = "engine"
    # a print shop's file (preflight.py, trim.py, registration.py)
    OUTPUT_INTENT = "output-intent"
    PDFX_VERSION = "pdfx-version"
    BOXES = "boxes"  # its trim and bleed boxes
    FONT_NOT_EMBEDDED = "font-not-embedded"
    NOT_CMYK = "not-cmyk"
    INK_LIMIT = "ink-limit"
    RICH_BLACK = "rich-black"
    TRANSPARENCY = "transparency"
    TRIM = "trim"  # a mark inside the trim, text or a code too near it
    REGISTER = "register"  # small text in more than one ink
    MORE = "more"  # "and 3 more of these": a file's findings past the first dozen
    SHEET_PAGES = "sheet-pages"  # a print shop's sheet of cards with other pages than its cards need
    SHEET_COPY = "sheet-copy"  # a sheet's card not the checked card, misplaced, or drawn over (sheet.py)


# Where the page is said by the sentence itself ("page 2 is 99 × 210 mm"), not before it.
_SAYS_ITS_PAGE = frozenset({Kind.PAGE_SIZE})
# Holes a denser step of the format cannot fill: more content can.
_TOO_LITTLE = frozenset({Kind.HEADING_ALONE, Kind.PANEL_BLANK})


@dataclass(frozen=True)
class Finding:
    """One thing a check found in a document; str() is the line the build prints."""

    kind: Kind
    message: str  # the sentence, without its file or page
    severity: Severity = Severity.ERROR
    page: int | None = None  # from 1; None: the whole file
    box: Box | None = None  # on the laid-out page, when known
    page_size: tuple[float, float] | None = None  # width, height in CSS px, with box
    file: str | None = None  # of the document's files, when not its PDF: its card sheet, its print shop's file
    contact: str | None = None  # the id of the contact it concerns
    payload: str | None = None  # of the QR code or link it concerns

    def __str__(self) -> str:
        file = f"{self.file}: " if self.file else ""
        page = f"page {self.page}: " if self.page and self.kind not in _SAYS_ITS_PAGE else ""
        return file + page + self.message

    @property
    def too_little(self) -> bool:
        """A hole a denser step cannot fill: a blank panel, a heading with nothing under it."""
        return self.kind in _TOO_LITTLE

    def on_page(self, page: int) -> Finding:
        """The finding of a page's check, on that page."""
        return replace(self, page=page)

    def in_file(self, file: str) -> Finding:
        """The finding of one of a document's other files (its card sheet, its print shop's file)."""
        return replace(self, file=file)
