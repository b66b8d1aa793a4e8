"""What a check finds, as data: the line a user reads is made from its fields, the same as
the sentences the checks said before they were data."""

from __future__ import annotations

import pickle

from generator.check.findings import Finding, Kind
from generator.errors import Severity


def test_the_line_said_is_its_file_then_its_page_then_its_sentence() -> None:
    found = Finding(Kind.CAPTION_WRONG, "the QR code for tel:102 has '103' printed nearest to it", payload="tel:102")
    assert str(found) == "the QR code for tel:102 has '103' printed nearest to it"
    assert str(found.on_page(2)) == "page 2: the QR code for tel:102 has '103' printed nearest to it"
    assert str(found.on_page(2).in_file("wallet-card-sheet.pdf")) == \
        "wallet-card-sheet.pdf: page 2: the QR code for tel:102 has '103' printed nearest to it"
    assert found.on_page(2).payload == "tel:102" and found.on_page(2).kind is Kind.CAPTION_WRONG


def test_a_sentence_that_names_its_page_is_not_given_it_twice() -> None:
    size = Finding(Kind.PAGE_SIZE, "page 3 is 99.0 × 210.0 mm, expected 99 × 210 mm", page=3)
    assert str(size) == "page 3 is 99.0 × 210.0 mm, expected 99 × 210 mm" and size.page == 3


def test_an_error_unless_said_otherwise_and_holes_are_too_little_content() -> None:
    assert Finding(Kind.OVERLAP, "x").severity is Severity.ERROR
    assert Finding(Kind.PANEL_BLANK, "x").too_little and Finding(Kind.HEADING_ALONE, "x").too_little
    assert not Finding(Kind.OVERLAP, "x").too_little


def test_a_finding_crosses_processes_whole() -> None:
    """Workers send their reports back pickled: the kind, severity and box arrive as they left."""
    found = Finding(Kind.QR_SMALL, "the QR code for tel:102 is 9.0 mm across, below 12 mm", Severity.WARNING, 1,
                    (1.0, 2.0, 3.0, 4.0), (300.0, 200.0), payload="tel:102")
    assert pickle.loads(pickle.dumps(found)) == found
