"""The number rule on a page: a page read in the order the eye reads it (small PDFs made here),
and each QR code's caption. Runs of digits and figures on their own: tests/test_digits.py."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from generator.check.findings import Kind
from generator.check.numbers import (
    Known,
    Printed,
    caption_problems,
    known_numbers,
    page_glyphs,
    payload_key,
    read_printed,
    unknown_numbers,
)
from generator.digits import number_runs
from generator.render.engine import HTML


def test_payload_keys_are_what_is_dialled_or_written_to() -> None:
    assert payload_key("tel:+77152493158") == "77152493158"
    assert payload_key("tel:116006") == "116006"
    assert payload_key("https://wa.me/77084324561") == "77084324561"
    assert payload_key("mailto:Help@Labirint.online?subject=x") == "help@labirint.online"


# --- a page read as the eye reads it --------------------------------------------------------

def page_lines(body: str) -> tuple[list[str], list[Printed]]:
    """The lines and numbers of a one-page PDF made from body."""
    html = f'<html><body style="font-family: sans-serif; font-size: 14pt">{body}</body></html>'
    document = pdfium.PdfDocument(HTML(string=html).write_pdf())
    try:
        printed, lines = read_printed(page_glyphs(document[0]))
    finally:
        document.close()
    return lines, printed


def numbers_of(body: str) -> list[str]:
    return [item.text for item in page_lines(body)[1]]


def test_a_number_a_direction_control_reverses_reads_as_it_looks() -> None:
    assert numbers_of("<p>Call &#x202E;102&#x202C; now</p>") == ["201"]


def test_groups_an_embedding_reorders_read_as_they_look() -> None:
    [number] = numbers_of("<p>Call &#x202B;+7 7152 49 31 58&#x202C; now</p>")
    assert number != "+7 7152 49 31 58"


def test_an_isolated_number_reads_in_order_in_a_right_to_left_paragraph() -> None:
    isolated = numbers_of('<p dir="rtl">שלום <bdi dir="ltr">+972 3-555-1234</bdi> עולם</p>')
    assert isolated == ["+972 3-555-1234"]
    left_to_the_paragraph = numbers_of('<p dir="rtl">שלום +972 3-555-1234 עולם</p>')
    assert "+972 3-555-1234" not in left_to_the_paragraph


def test_two_columns_and_two_numbers_set_apart_do_not_run_together() -> None:
    body = ('<div style="width: 40%; float: left">left 102</div><div style="float: left">103 right</div>'
            '<p style="clear: both"><span>102</span><span style="margin-left: 4em">103</span></p>'
            '<p>+7 7152 49 31 58<span style="margin-left: 1em">+7 7152 61 25 30</span></p>')
    assert numbers_of(body) == ["102", "103", "102", "103", "+7 7152 49 31 58", "+7 7152 61 25 30"]


@pytest.mark.parametrize("body", [
    "<p>Call 102&emsp;3</p>", "<p>Call 102&nbsp;&nbsp;3</p>", "<p>Call 102&ensp;&ensp;3</p>",
    "<p>Call 102&thinsp;&thinsp;&thinsp;&thinsp;3</p>",
    '<p>Call <span>102</span><span style="margin-left: 1em">3</span></p>',
    '<p>Call <span style="display: inline-block; transform: rotate(2deg)">102</span>'
    '<span style="display: inline-block; transform: rotate(-3deg); margin-left: 0.8em">3</span></p>',
])
def test_groups_a_reader_reads_across_are_one_number_whatever_their_spacing(body: str) -> None:
    assert [item.key for item in page_lines(body)[1]] == ["1023"]


def test_a_designation_on_a_page_is_no_number_and_the_phone_beside_it_is() -> None:
    assert numbers_of("<p>Городская поликлиника №102</p><p>Емхана №&nbsp;103, Clinic No. 111</p>") == []
    assert numbers_of("<p>Поликлиника №102 +7 701 555 12 34</p>") == ["+7 701 555 12 34"]
    assert numbers_of("<p>№ 8 800 080 7777</p>") == ["8 800 080 7777"]
    # a mark set far apart from the digits designates nothing a reader sees beside it
    assert numbers_of('<p>№<span style="margin-left: 4em">102</span></p>') == ["102"]


def test_a_number_spaced_as_printed_is_one_number() -> None:
    lines, printed = page_lines("<p>WhatsApp <b>+7 708 432 45 61</b>, <i>help@labirint.online</i></p>")
    assert [(item.text, item.key) for item in printed] == [("+7 708 432 45 61", "77084324561"),
                                                          ("help@labirint.online", "help@labirint.online")]


def test_numbers_that_are_no_contacts_or_figures_are_named() -> None:
    known = Known({"102": "102", "77152493158": "+7 7152 49 31 58"}, frozenset({"120", "2026"}))
    printed = [Printed(text, key, (0, 0, 1, 1), True, (0, 0, 1, 1)) for text, key in (
        ("102", "102"), ("+7 7152 49 31 58", "77152493158"), ("120", "120"), ("201", "201"), ("+120", "120"))]
    problems = unknown_numbers(printed, known)
    assert [p.kind for p in problems] == [Kind.NUMBER_UNKNOWN] * 2, problems
    assert "'201'" in problems[0].message and "'+120'" in problems[1].message


# --- each QR code and its caption -----------------------------------------------------------

KNOWN = Known({"102": "102", "103": "103", "111": "111"}, frozenset({"7152"}))


def item(text: str, x0: float, y0: float, x1: float, y1: float) -> Printed:
    return Printed(text, text, (x0, y0, x1, y1), True, (x0, y0, x1, y1))


def test_a_code_with_its_own_number_under_it_passes() -> None:
    code = ("tel:102", (0.0, 100.0, 30.0, 130.0))
    assert caption_problems([code], [item("102", 0, 85, 20, 95), item("103", 40, 85, 60, 95)], KNOWN) == []


def test_a_code_whose_caption_is_another_contacts_number_fails() -> None:
    codes = [("tel:102", (0.0, 100.0, 30.0, 130.0)), ("tel:103", (60.0, 100.0, 90.0, 130.0))]
    swapped = [item("103", 0, 85, 20, 95), item("102", 60, 85, 80, 95)]
    problems = caption_problems(codes, swapped, KNOWN)
    assert [(p.kind, p.payload) for p in problems] == [(Kind.CAPTION_WRONG, "tel:102"),
                                                       (Kind.CAPTION_WRONG, "tel:103")]
    assert "'103' printed nearest" in problems[0].message


def test_a_number_above_a_code_is_not_its_caption() -> None:
    code = ("tel:102", (0.0, 100.0, 30.0, 130.0))
    assert caption_problems([code], [item("103", 0, 131, 20, 141), item("102", 0, 80, 20, 90)], KNOWN) == []


def test_a_caption_beside_the_code_counts_and_a_figure_does_not() -> None:
    code = ("tel:111", (0.0, 100.0, 30.0, 130.0))
    beside = [item("7152", 33, 120, 50, 128), item("111", 33, 90, 50, 98)]  # area code in a name, then the number
    assert caption_problems([code], beside, KNOWN) == []


def test_a_code_with_no_number_near_it_fails() -> None:
    code = ("tel:102", (0.0, 100.0, 30.0, 130.0))
    [alone] = caption_problems([code], [item("102", 0, 0, 20, 10)], KNOWN)
    assert (alone.kind, alone.payload) == (Kind.CAPTION_MISSING, "tel:102")
    assert str(alone) == "the QR code for tel:102 has no number or address printed beside it"


def test_a_number_is_read_with_the_code_it_stands_level_with() -> None:
    # Two rows of codes, captions beside them: a long caption in the first row makes its row
    # tall, and the second row's name begins with a number ("111 contact centre") just under
    # the corner of the first code, nearer to it than its own number is, and than the smaller
    # code of its own row, level with it.
    first, second = ("tel:102", (128.2, 103.1, 156.5, 131.4)), ("tel:111", (128.2, 68.5, 152.2, 92.5))
    printed = [item("102", 163.2, 113.0, 218.6, 122.5), item("111", 158.7, 88.6, 170.7, 98.1)]
    assert caption_problems([first, second], printed, KNOWN) == []
    assert "'111' printed nearest" in caption_problems([first], printed, KNOWN)[0].message
    wrong = [item("103", 163.2, 113.0, 218.6, 122.5), item("111", 158.7, 88.6, 170.7, 98.1)]
    assert "'103' printed nearest" in caption_problems([first, second], wrong, KNOWN)[0].message


def test_the_caption_of_the_code_beside_is_not_this_codes() -> None:
    # Two codes side by side, each with its caption to its right: the left caption's last line
    # ends level with the right code, just before it; the right code's own number is under it.
    left, right = ("tel:111", (15.0, 200.0, 52.0, 237.0)), ("tel:102", (129.0, 200.0, 166.0, 237.0))
    beside = Printed("111", "111", (61.0, 205.0, 72.0, 214.0), True, (61.0, 205.0, 125.0, 214.0))
    assert caption_problems([left, right], [beside, item("102", 129, 170, 200, 180)], KNOWN) == []
    assert "'103' printed nearest" in caption_problems([left, right], [beside, item("103", 129, 170, 200, 180)],
                                                       KNOWN)[0].message


def test_a_caption_flowing_down_past_its_code_counts() -> None:
    code = ("tel:102", (0.0, 100.0, 30.0, 130.0))  # a long name beside it, its number under the code's edge
    assert caption_problems([code], [item("102", 33, 88, 60, 97), item("103", 0, 60, 20, 70)], KNOWN) == []


def test_a_time_range_printed_reversed_is_no_figure_of_the_words() -> None:
    """Hebrew hours "9:00–17:00" that the bidi algorithm printed as "17:00–9:00" are read as the
    eye reads them, a range of times no text has; in order, they are the text's figure."""
    known = known_numbers(["102"], ["פתוח א׳–ה׳ 9:00–17:00"])
    box = (0.0, 0.0, 10.0, 10.0)
    printed = [Printed(run.text, run.digits, box, True, box) for run in number_runs("17:00–9:00")]
    assert [p.text for p in printed] == ["17:00–9:00"]
    assert unknown_numbers(printed, known)
    in_order = [Printed(run.text, run.digits, box, True, box) for run in number_runs("9:00–17:00")]
    assert unknown_numbers(in_order, known) == []
