"""The one reading of digits (generator.digits), case by case: how a reader groups a run, which
letters pass for digits, which runs are figures by their form or their words in each language,
and what a translation's figures are worth."""

from __future__ import annotations

import pytest

from generator.digits import (
    as_read,
    ascii_digits,
    character_problems,
    date_value,
    figure_kind,
    figure_values,
    figures,
    is_address,
    is_digits,
    look_alike_words,
    number_runs,
)


def runs(text: str) -> list[str]:
    return [run.text for run in number_runs(text) if run.is_number]


def kinds(text: str, language: str) -> list[tuple[str, str]]:
    return [(run.text, figure_kind(text, run, language)) for run in number_runs(text) if run.is_number]


# --- a run as a reader groups it ------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Call +7 7152 49 31 58 now", ["+7 7152 49 31 58"]),
    ("8 (701) 555-12-34", ["8 (701) 555-12-34"]),
    ("Georgia's line 116 006.", ["116 006"]),
    ("Call 102 (24 hours) or 103", ["102", "103"]),
    ("Articles 120 and 121; 5 to 8 years", ["120", "121"]),
    ("Call102", ["102"]),  # glued to a word, still a number
    ("+7", ["+7"]),  # "+" makes it a number, however short
    ("Or call 1О9", ["1О9"]),  # a Cyrillic О between digits reads as 0: the number is 109
    ("Call 8\u00a0\u00a0800\u00a0\u00a0080\u00a0\u00a07777.", ["8\u00a0\u00a0800\u00a0\u00a0080\u00a0\u00a07777"]),
    ("Call 8\u2003800\u2003080\u20037777.", ["8\u2003800\u2003080\u20037777"]),  # em spaces
    ("Call 8  800  080  7777.", ["8  800  080  7777"]),
    ("Call 8\u3000800\u205f080\u200a7777.", ["8\u3000800\u205f080\u200a7777"]),  # any space of Unicode
    ("Call 8 - 800 - 080.", ["8 - 800 - 080"]),
    ("Call 8.800.080.7777.", ["8.800.080.7777"]),  # dots between digits
    ("Call 8/800/080/7777.", ["8/800/080/7777"]),
    ("Call 102. 103 is the ambulance.", ["102", "103"]),  # a full stop and a space end a run
    ("Call:1409", ["1409"]),
])
def test_a_run_is_read_across_what_a_reader_reads_across(text: str, expected: list[str]) -> None:
    assert runs(text) == expected


@pytest.mark.parametrize(("text", "digits"), [
    ("Or call 1О9", ["109"]), ("Call 11І.", ["111"]), ("ngo1/ru", []), ("ngo2026", ["2026"]),
    ("Call102", ["102"]), ("call ІОЗ", ["103"]), ("call lОl", ["101"]), ("call ІО2", ["102"]),
    ("call 8 800 О 80 7777", ["88000807777"]), ("call 1 О 9", ["109"]),
])
def test_a_letter_in_a_numbers_place_is_read_as_the_digit_it_passes_for(text: str, digits: list[str]) -> None:
    assert [run.digits for run in number_runs(text) if run.is_number] == digits


@pytest.mark.parametrize("text", ["обо мне", "Part III", "ООО «Дом»", "I said no", "Іле", "zoo", "Call me",
                                  "od 8 o godzinie"])
def test_words_of_look_alike_letters_that_are_words_stay_words(text: str) -> None:
    assert as_read(text) == text and look_alike_words(text) == []


def test_as_read_keeps_every_place_of_the_text() -> None:
    text = "call ІОЗ or 1О9 now"
    assert len(as_read(text)) == len(text) and as_read(text) == "call 103 or 109 now"


# --- figures by their form ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind", "values"), [
    ("9:00", "time", ("9:00",)),
    ("24/7", "time", ("24/7",)),
    ("09:00–17:00", "time", ("9:00", "17:00")),
    ("9:00 - 17:00", "time", ("9:00", "17:00")),
    ("9:00\u00a0–\u00a017:00", "time", ("9:00", "17:00")),
    ("30.11.2026", "date", ("2026-11-30",)),
    ("30/11/2026", "date", ("2026-11-30",)),
    ("2026-11-30", "date", ("2026-11-30",)),
    ("2026.11.30", "date", ("2026-11-30",)),
    ("15 %", "percent", ("15%",)),
    ("12,5%", "percent", ("12.5%",)),
    ("120–125", "range", ("120", "125")),
    ("5-8", "range", ("5", "8")),
])
def test_a_figure_is_known_by_its_form_and_has_values(text: str, kind: str, values: tuple[str, ...]) -> None:
    [run] = number_runs(text)
    assert (run.text, run.kind, run.values) == (text, kind, values)


@pytest.mark.parametrize("text", ["31.02.2026", "45.11.2026"])
def test_a_date_that_is_no_day_of_the_calendar_is_a_number(text: str) -> None:
    [run] = number_runs(text)
    assert run.kind == "" and date_value(text) == ""


@pytest.mark.parametrize("text", ["25:00", "9:75", "8 800-080-77-77"])
def test_what_is_no_time_is_no_time(text: str) -> None:
    assert all(run.kind != "time" for run in number_runs(text))


@pytest.mark.parametrize(("text", "designation"), [
    ("Городская поликлиника №102", "№102"),
    ("Емхана № 103", "№ 103"),
    ("Емхана №\u00a0103", "№\u00a0103"),
    ("Clinic No. 111", "No. 111"),
    ("clinic no.112", "no.112"),
    ("Klinik Nr. 112", "Nr. 112"),
    ("École N° 102", "N° 102"),
    ("Школа Nº 5", "Nº 5"),
])
def test_the_digits_after_a_number_sign_are_a_designation_nobody_dials(text: str, designation: str) -> None:
    [run] = number_runs(text)
    assert (run.text, run.kind, run.is_number, run.values) == (designation, "designation", False,
                                                               (ascii_digits(designation),))
    assert figure_kind(text, run, "ru") == "designation"


@pytest.mark.parametrize(("text", "numbers"), [
    ("№102 +7 701 555 12 34", ["+7 701 555 12 34"]),  # the phone beside it is still read
    ("Поликлиника №102, тел. 701 555 12 34", ["701 555 12 34"]),
    ("№ 8 800 080 7777", ["8 800 080 7777"]),  # a phone number's groups: the number it looks like
    ("№ 102 103", ["102 103"]),
    ("№ 102-103", ["102-103"]),
    ("№ 87015551234", ["87015551234"]),
    ("№ 52345", ["52345"]),  # a local landline's length, not a clinic's
    ("Casino. 102", ["102"]),  # the end of a word, no "No."
    ("Piano. 103", ["103"]),
    ("No 102", ["102"]),  # no mark without its full stop
    ("# 102", ["102"]),
    ("N°102, 103", ["103"]),  # a list after a designation: only the first is designated
])
def test_a_number_sign_designates_one_short_group_only(text: str, numbers: list[str]) -> None:
    assert runs(text) == numbers


# --- figures by their words, in every language printed -------------------------------------

@pytest.mark.parametrize(("text", "language", "kind"), [
    ("Articles **120** and **121** of the Criminal Code.", "en", "article"),
    ("Under Article 120, rape is", "en", "article"),
    ("Об этом говорят статьи **120** и **121** Уголовного кодекса.", "ru", "article"),
    ("Подробнее: ст. 120 УК.", "ru", "article"),
    ("Қылмыстық кодексінің **120** және **121**-баптарында айтылған.", "kk", "article"),
    ("120-бап бойынша", "kk", "article"),
    ("Քրեական օրենսգրքի 120-րդ հոդված", "hy", "article"),
    ("հոդված 120", "hy", "article"),
    ("לפי סעיף 120 לחוק", "he", "article"),
    ("וסעיף 121", "he", "article"),
    ("وفقا للمادة 120 من القانون", "ar", "article"),
    ("المادة 120", "ar", "article"),
    ("სისხლის სამართლის კოდექსის 120-ე მუხლი", "ka", "article"),
    ("zgodnie z art. 207 kodeksu karnego", "pl", "article"),
    ("Artykuł 207 i 208", "pl", "article"),
    ("The landline numbers have area code 7152.", "en", "area code"),
    ("Қалалық нөмірлердің коды — 7152.", "kk", "area code"),
    ("У городских номеров код 7152.", "ru", "area code"),
    ("numer kierunkowy 22", "pl", ""),  # two digits: no number, no kind needed
    ("since 2015", "en", "year"),
    ("In 2024 the law changed.", "en", "year"),
    ("as of 30 November 2026", "en", "year"),
    ("с 2015 года", "ru", "year"),
    ("2015 жылы", "kk", "year"),
    ("od 2015 roku", "pl", "year"),
    ("2015 წლიდან", "ka", "year"),
    ("an order lasts 180 days", "en", "duration"),
    ("до 180 суток", "ru", "duration"),
    ("180 күн", "kk", "duration"),
    ("180 օր", "hy", "duration"),
    ("180 ימים", "he", "duration"),
    ("180 يوم", "ar", "duration"),
    ("180 დღე", "ka", "duration"),
    ("przez 180 dni", "pl", "duration"),
    ("Articles 120–125", "en", "article"),
])
def test_a_figure_is_known_by_its_words_in_its_language(text: str, language: str, kind: str) -> None:
    assert {found for _, found in kinds(text, language)} <= {kind} and (kind == "" or kinds(text, language))


@pytest.mark.parametrize(("text", "language"), [
    ("call 1409", "en"), ("Call 1409 now.", "en"), ("in 1409", "en"), ("звоните 1409", "ru"),
    ("Call 102 (24 hours)", "en"), ("1409", "he"), ("Code red. Then 1409", "en"), ("Call 2026", "en"),
    ("Articles 120 and 121. Call 130", "en"),
])
def test_a_run_without_the_words_of_a_figure_is_a_number(text: str, language: str) -> None:
    assert [kind for _, kind in kinds(text, language)][-1] == ""


# --- values compared between a translation and its English ----------------------------------

@pytest.mark.parametrize(("english", "translation"), [
    ("Open 11:00 to 19:00.", "Otwarte 11:00–19:00."),
    ("Open 9:00 to 17:00.", "פתוח א׳–ה׳ 09:00–17:00."),
    ("As of 30.11.2026.", "Stan na 2026-11-30."),
    ("Articles 120 and 121.", "Статьи 121 и 120."),
    ("Articles 120 to 125.", "Статьи 120–125."),
    ("5 to 8 years", "5–8 лет"),  # one digit: not compared
])
def test_figures_are_compared_by_value(english: str, translation: str) -> None:
    assert sorted(figure_values(english)) == sorted(figure_values(translation))


def test_a_changed_hour_is_a_changed_value() -> None:
    assert sorted(figure_values("9:00 to 17:00")) != sorted(figure_values("19:00–17:00"))


def test_figures_are_the_digits_of_runs_of_their_groups_and_of_each_time() -> None:
    assert figures(["Article 120, 1 000 tenge"]) >= {"120", "1000", "000", "1"}
    assert figures(["9:00–17:00"]) >= {"9001700", "900", "1700"}


# --- characters that make a number read other than it dials -----------------------------------

@pytest.mark.parametrize(("text", "named"), [
    ("Call ١٠٣", "U+0661 ARABIC-INDIC DIGIT ONE"),
    ("Call ۱۰۲", "EXTENDED ARABIC-INDIC DIGIT ONE"),
    ("Call 𝟏𝟎𝟐", "MATHEMATICAL BOLD DIGIT ONE"),
    ("Call \u202e102\u202c", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("Call \u20661 02\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("Call 1\u200b02", "U+200B ZERO WIDTH SPACE"),
    ("Call 10\u200e2", "U+200E LEFT-TO-RIGHT MARK"),
    ("Call 11І", "U+0406 CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I"),
    ("Call 1О2", "U+041E CYRILLIC CAPITAL LETTER O"),
    ("call ІОЗ", "U+0417 CYRILLIC CAPITAL LETTER ZE"),
    ("call ІОЗ", "reads as 103 in a number's place"),
    ("Call \ue000", "U+E000"),
])
def test_what_makes_a_number_read_other_than_it_dials_is_named(text: str, named: str) -> None:
    problems = character_problems(text)
    assert any(named in problem for problem in problems), problems


@pytest.mark.parametrize("text", [
    "Зорлық-зомбылық 5 күн", "Kazakh і and Latin I stand apart from 102", "a\u200bb", "№ 1", "3-ші",
    "Call 102 or 103.", "обо мне", "ООО «Дом»", "Part III", "א׳–ה׳ 9:00–17:00",
])
def test_ordinary_text_is_let_through(text: str) -> None:
    assert character_problems(text) == []


def test_a_page_reads_a_look_alike_as_its_digit_instead_of_naming_it() -> None:
    assert character_problems("call ІОЗ", page=True) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("102", True), ("", False), ("١٠٢", False), ("²", False), ("10 2", False),
])
def test_digits_are_0_to_9(text: str, expected: bool) -> None:
    assert is_digits(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("help@labirint.online", True), ("a.b+c@example.org", True), ("@example.org", False), ("help@", False),
    ("help @labirint.online", False), ("help@localhost", False),
])
def test_an_address_is_one_rule_everywhere(text: str, expected: bool) -> None:
    assert is_address(text) is expected
