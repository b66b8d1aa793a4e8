"""A card sheet proven from what it draws (generator/check/sheet.py): the checked card's pages
placed ten times as they are, nothing over them but cut marks. Every way a sheet can lie about
its copies is tried on a real card's sheet, changed after PDFium wrote it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pikepdf
import pypdfium2 as pdfium
import pytest

from generator.check.findings import Finding, Kind
from generator.check.sheet import sheet_problems
from generator.pipeline import plan, render_fitted
from generator.write.impose import CARDS_PER_SHEET, PAPER_MM, card_sheet, make_sheet, write_sheets

A4 = PAPER_MM["a4"]


@pytest.fixture(scope="module")
def cards() -> dict[str, bytes]:
    """The Kazakhstan pack's wallet card in English and in Russian, as the build writes them."""
    editions = {e.language: e for e in plan(("kazakhstan",), ("en", "ru"), ("wallet-card",))}
    return {language: render_fitted(edition).rendered.pdf for language, edition in editions.items()}


def sheet_of_ten(card: bytes) -> bytes:
    return card_sheet(card, "a4", "en", "Wallet card")


def changed(pdf: bytes, change: Callable[[pikepdf.Pdf], None]) -> bytes:
    """The PDF after change() is made to it."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        change(document)
        output = io.BytesIO()
        document.save(output)
        return output.getvalue()


def drawing(page: pikepdf.Page) -> bytes:
    return page.obj.Contents.read_bytes()


def redraw(page_number: int, edit: Callable[[bytes], bytes]) -> Callable[[pikepdf.Pdf], None]:
    """A change to the drawing of one page of a sheet."""
    def change(document: pikepdf.Pdf) -> None:
        page = document.pages[page_number]
        page.obj.Contents = document.make_stream(edit(drawing(page)))
    return change


def kinds(problems: list[Finding]) -> set[Kind]:
    return {problem.kind for problem in problems}


def said(problems: list[Finding]) -> str:
    return " | ".join(str(problem) for problem in problems)


def test_a_sheet_of_ten_true_copies_passes(cards):
    for card in cards.values():
        assert sheet_problems(sheet_of_ten(card), [card] * CARDS_PER_SHEET, A4, CARDS_PER_SHEET) == []


def test_a_rollouts_sheets_of_different_cards_pass_in_their_order(cards):
    order = [cards["en"], cards["ru"]] * 6  # twelve cards: a full sheet and one of two
    output = io.BytesIO()
    write_sheets(output, order, "a4", "en", "Rollout")
    assert sheet_problems(output.getvalue(), order, A4, CARDS_PER_SHEET) == []
    swapped = [cards["ru"], cards["en"]] * 6
    problems = sheet_problems(output.getvalue(), swapped, A4, CARDS_PER_SHEET)
    assert kinds(problems) == {Kind.SHEET_COPY}
    assert "card 1 is not the checked card" in said(problems)


def test_a_sheet_whose_one_copy_differs_is_refused(cards):
    sheet = make_sheet([cards["en"]] * 9 + [cards["ru"]], "a4")
    problems = sheet_problems(sheet, [cards["en"]] * CARDS_PER_SHEET, A4, CARDS_PER_SHEET)
    assert "page 1: card 10 is not the checked card" in said(problems)
    assert "page 2: card 10 is not the checked card" in said(problems)
    assert not any("card 9 " in str(problem) for problem in problems)


def test_a_copy_with_another_font_is_refused(cards):
    """The same drawing, its font's glyphs changed: a copy that would print other shapes."""
    def other_font(document: pikepdf.Pdf) -> None:
        fonts = document.pages[0].Resources.Font
        descriptor = fonts[next(iter(fonts.keys()))].get("/FontDescriptor") or \
            fonts[next(iter(fonts.keys()))].DescendantFonts[0].FontDescriptor
        font_file = next(descriptor[key] for key in ("/FontFile2", "/FontFile3", "/FontFile") if key in descriptor)
        data = bytearray(font_file.read_bytes())
        data[len(data) // 2] ^= 0xFF
        font_file.write(bytes(data))

    other = changed(cards["en"], other_font)
    sheet = make_sheet([cards["en"]] * 4 + [other] + [cards["en"]] * 5, "a4")
    problems = sheet_problems(sheet, [cards["en"]] * CARDS_PER_SHEET, A4, CARDS_PER_SHEET)
    assert "card 5 is not the checked card: its fonts, images or colours are not the card's" in said(problems)


def test_a_white_box_over_a_digit_of_one_copy_is_refused(cards):
    card = cards["en"]
    sheet = sheet_of_ten(card)
    # Where the card prints the police's 102, and where the sheet places its third copy.
    document = pdfium.PdfDocument(card)
    text = document[0].get_textpage()
    found = text.get_text_range().find("102")
    assert found >= 0
    left, bottom, right, top = text.get_charbox(found)
    document.close()
    with pikepdf.open(io.BytesIO(sheet)) as opened:
        placements = re.findall(rb"1 0 0 1 ([\d.]+) ([\d.]+) cm", drawing(opened.pages[0]))
    x, y = (float(value) for value in placements[2])
    box = b"q 1 g %.2f %.2f %.2f %.2f re f Q\n" % (x + left, y + bottom, right - left, top - bottom)
    covered = changed(sheet, redraw(0, lambda content: content.rstrip()[:-1] + box + b"Q\n"))
    problems = sheet_problems(covered, [card] * CARDS_PER_SHEET, A4, CARDS_PER_SHEET)
    assert kinds(problems) == {Kind.SHEET_COPY}
    assert "page 1: the sheet draws more than its cards and cut marks" in said(problems)


@pytest.mark.parametrize(("edit", "says"), [
    (lambda content: content.replace(b"1 0 0 1 ", b"0.5 0 0 0.5 ", 1), "scaled"),
    (lambda content: re.sub(rb"(1 0 0 1 [\d.]+ )([\d.]+)( cm /FXX3)", rb"\g<1>600\g<3>", content), "overlap"),
    (lambda content: re.sub(rb"1 0 0 1 [\d.]+ ([\d.]+) cm /FXX2", rb"1 0 0 1 500 \1 cm /FXX2", content),
     "runs off the sheet"),
    (lambda content: content.replace(b"0 0 0 rg", b"1 0 0 rg"), "which the cards were not checked in"),
    (lambda content: content.replace(b"q 1 0 0 1 ", b"q 0 0 100 100 re W n 1 0 0 1 ", 1), "(re)"),
    (lambda content: re.sub(rb"q 1 0 0 1 [^Q]*/FXX11 Do Q\n", b"", content), "9 cards drawn where 10 belong"),
    (lambda content: content.rstrip()[:-1] + b"q 1 0 0 1 100 700 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \xff EI Q\nQ\n",
     "(INLINE IMAGE)"),
])
def test_a_copy_moved_scaled_clipped_coloured_or_missing_is_refused(cards, edit, says):
    card = cards["en"]
    sheet = changed(sheet_of_ten(card), redraw(0, edit))
    assert says in said(sheet_problems(sheet, [card] * CARDS_PER_SHEET, A4, CARDS_PER_SHEET))


def test_a_back_not_behind_its_front_is_refused(cards):
    card = cards["en"]

    def unmirrored(document: pikepdf.Pdf) -> None:  # the backs placed as the fronts, their order kept
        fronts = re.findall(rb"1 0 0 1 ([\d.]+) ([\d.]+) cm", drawing(document.pages[0]))
        backs = iter(fronts)
        redraw(1, lambda content: re.sub(rb"1 0 0 1 [\d.]+ [\d.]+ cm",
                                         lambda _: b"1 0 0 1 %s %s cm" % next(backs), content))(document)

    problems = sheet_problems(changed(sheet_of_ten(card), unmirrored), [card] * CARDS_PER_SHEET, A4,
                              CARDS_PER_SHEET)
    assert "the back of card 1 is not behind its front" in said(problems)


def test_a_front_drawn_as_a_back_is_refused(cards):
    card = cards["en"]

    def fronts_twice(document: pikepdf.Pdf) -> None:
        fronts, backs = document.pages[0], document.pages[1]
        backs.Resources.XObject = fronts.Resources.XObject
        backs.obj.Contents = document.make_stream(drawing(fronts))

    problems = sheet_problems(changed(sheet_of_ten(card), fronts_twice), [card] * CARDS_PER_SHEET, A4,
                              CARDS_PER_SHEET)
    assert "page 2: card 1 is not the checked card" in said(problems)


def test_cut_marks_drawn_over_the_cards_are_refused(cards):
    card = cards["en"]

    def thick(document: pikepdf.Pdf) -> None:
        marks = next(form for form in document.pages[0].Resources.XObject.values() if b" m " in form.read_bytes())
        marks.write(marks.read_bytes().replace(b"0.567 w", b"60 w"))

    problems = sheet_problems(changed(sheet_of_ten(card), thick), [card] * CARDS_PER_SHEET, A4, CARDS_PER_SHEET)
    assert "a cut mark crosses a card" in said(problems)


def test_a_sheet_of_other_pages_or_paper_is_refused(cards):
    card = cards["en"]
    sheet = sheet_of_ten(card)
    assert kinds(sheet_problems(sheet, [card] * CARDS_PER_SHEET, PAPER_MM["letter"], CARDS_PER_SHEET)) == \
        {Kind.PAGE_SIZE}
    one_page = changed(sheet, lambda document: document.pages.__delitem__(1))
    assert kinds(sheet_problems(one_page, [card] * CARDS_PER_SHEET, A4, CARDS_PER_SHEET)) == {Kind.SHEET_PAGES}
    assert kinds(sheet_problems(b"%PDF-1.7 not a PDF", [card] * CARDS_PER_SHEET, A4, CARDS_PER_SHEET)) == \
        {Kind.SHEET_PAGES}


def test_a_card_whose_page_is_turned_is_not_taken_for_its_unturned_form(cards):
    """A form carries no page's turn: a sheet drawing it would print the card the other way."""
    card = cards["en"]
    turned = changed(card, lambda document: document.pages[0].obj.__setattr__("Rotate", 90))
    problems = sheet_problems(sheet_of_ten(card), [turned] * CARDS_PER_SHEET, A4, CARDS_PER_SHEET)
    assert "card 1 is not the checked card: the card's page is turned or scaled" in said(problems)
