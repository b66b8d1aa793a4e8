"""What a screen reader says of a QR code: words, in the page's language, with the number."""

from __future__ import annotations

from generator.render.context import qr_alt
from generator.render.markup import isolate_ltr, with_contacts, with_dialled_numbers

WORDS = {"scan_to_call": "Scan to call", "scan_to_call_alt": "QR code: scan it to call {name}, on {number}"}


def test_the_alternative_text_says_what_scanning_does_for_whom_and_the_number() -> None:
    assert qr_alt(WORDS, "voice", "Police", "102") == "QR code: scan it to call Police, on 102"


def test_a_language_without_the_words_yet_says_its_caption_and_the_name() -> None:
    assert qr_alt({"scan_to_call": "סרקי כדי להתקשר"}, "voice", "משטרה", "102") == "סרקי כדי להתקשר: משטרה, 102"


def test_a_number_in_running_text_and_in_a_name_is_a_link_to_its_target() -> None:
    numbers, links = {"police": "102", "centre": "111"}, {"police": "tel:102", "centre": "tel:111"}
    assert '<bdi dir="ltr"><a href="tel:102">102</a></bdi>' in with_contacts("Call {contact:police}.", numbers,
                                                                            links=links)
    assert '<a href' not in with_contacts("Call {contact:police}.", numbers)  # a print shop's: no link
    assert with_dialled_numbers("Contact centre {contact:centre} <24h>", numbers, links, str) == \
        'Contact centre <bdi dir="ltr"><a href="tel:111">111</a></bdi> &lt;24h&gt;'
    assert "<bdi dir=\"ltr\">Centre</bdi>" in with_dialled_numbers("מוקד Centre {contact:centre}", numbers, {},
                                                                     isolate_ltr)
