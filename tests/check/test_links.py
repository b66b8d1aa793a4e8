"""The link rule on its own: small PDFs made here with WeasyPrint, their links read back from the
file and held against the page as the eye reads it (generator.check.links)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from generator.check.findings import Finding, Kind
from generator.check.links import link_problems, link_texts, read_links, unlinked_problems
from generator.check.numbers import Known, figures, page_glyphs, read_printed
from generator.render.engine import HTML

KNOWN = Known({"102": "102", "103": "103", "77084324561": "+7 708 432 45 61",
               "help@labirint.online": "help@labirint.online"}, figures(["Article 120"]))
SUBJECT = "mailto:help@labirint.online?subject=kazakhstan/en/phone/2026.11.30"
TARGETS = frozenset({"tel:102", "tel:103", "https://wa.me/77084324561", SUBJECT})


def page_problems(body: str) -> list[Finding]:
    """The link problems of a one-page PDF of that body, read back from its bytes."""
    pdf = HTML(string=f"<html lang='en'><body style='font: 12pt sans-serif'>{body}</body></html>").write_pdf()
    document = pdfium.PdfDocument(pdf)
    try:
        printed, _ = read_printed(page_glyphs(document[0]))
    finally:
        document.close()
    return link_problems(read_links(pdf)[0], printed, KNOWN, TARGETS)


def test_links_over_their_own_numbers_pass() -> None:
    assert page_problems('<p>Police <a href="tel:102">102</a>, ambulance <a href="tel:103">103</a></p>'
                         '<p>WhatsApp <a href="https://wa.me/77084324561">+7 708 432 45 61</a></p>'
                         f'<p>Write to <a href="{SUBJECT}">help@labirint.online</a>. Article 120.</p>') == []


def test_a_link_to_another_number_is_refused_like_a_wrong_caption() -> None:
    problems = page_problems('<p>Police <a href="tel:103">102</a></p>')
    assert [(p.kind, p.payload) for p in problems] == [(Kind.LINK_WRONG, "tel:103")], problems
    assert str(problems[0]) == "the link to tel:103 stands over '102', not the number or address it dials"


@pytest.mark.parametrize(("body", "kind", "payload"), [
    ('<p><a href="tel:102">Police</a> 102</p>', Kind.LINK_OVER_NOTHING, "tel:102"),
    ('<p><a href="tel:102">102 and the police station nearby</a></p>', Kind.LINK_WIDE, "tel:102"),
    ('<p>Police 102</p>', Kind.LINK_MISSING, None),
    ('<p><a href="https://example.org/">102</a></p>', Kind.LINK_STRAY, "https://example.org/"),
    # A chat line dialled as a call, an address without the edition's subject: not what its code opens.
    ('<p><a href="tel:+77084324561">+7 708 432 45 61</a></p>', Kind.LINK_STRAY, "tel:+77084324561"),
    ('<p><a href="mailto:help@labirint.online">help@labirint.online</a></p>', Kind.LINK_STRAY,
     "mailto:help@labirint.online"),
], ids=["over-a-word", "too-wide", "no-link", "elsewhere", "chat-as-call", "no-subject"])
def test_what_a_careless_or_hostile_layout_links_is_refused(body: str, kind: Kind, payload: str | None) -> None:
    problems = page_problems(body)
    assert (kind, payload) in [(p.kind, p.payload) for p in problems], problems


def test_a_figure_of_the_words_needs_no_link() -> None:
    assert page_problems("<p>Article 120 of the Criminal Code</p>") == []


def test_a_print_shop_file_carries_no_link() -> None:
    pdf = HTML(string='<p><a href="tel:102">102</a></p>').write_pdf()
    [carried] = unlinked_problems(read_links(pdf))
    assert carried.kind is Kind.LINK_IN_PRINT
    assert str(carried) == "a print shop's file carries 1 link(s); it must carry none"
    assert unlinked_problems(read_links(HTML(string="<p>102</p>").write_pdf())) == []


def test_what_the_links_say_is_read_decoded() -> None:
    pdf = HTML(string='<p><a href="mailto:a@b.org?subject=Useful%20numbers">a@b.org</a></p>').write_pdf()
    assert "mailto:a@b.org?subject=Useful numbers" in link_texts(pdf)
