"""Phone numbers as the content writes them: parsed by libphonenumber, printed in full form."""

from __future__ import annotations

import pytest

from generator.packs.phones import PhoneError, is_emergency, is_listed_short_number, parse_phone


@pytest.mark.parametrize(("text", "country", "display", "e164"), [
    ("+7 7152 49 31 58", "KZ", "+7 7152 49 31 58", "+77152493158"),
    ("+7 (7152) 49-31-58", "KZ", "+7 7152 49 31 58", "+77152493158"),
    ("102", "KZ", "102", None),
    ("997", "PL", "997", None),
    ("+44 20 7946 0958", "GB", "+44 20 7946 0958", "+442079460958"),
])
def test_numbers_are_printed_in_full_international_form(text: str, country: str, display: str,
                                                        e164: str | None) -> None:
    phone = parse_phone(text, country)
    assert (phone.display, phone.e164) == (display, e164)


def test_emergency_short_numbers_are_known_by_country() -> None:
    assert is_emergency(parse_phone("102", "KZ"), "KZ")
    assert is_emergency(parse_phone("112", "PL"), "PL")
    assert not is_emergency(parse_phone("+7 7152 49 31 58", "KZ"), "KZ")


def test_a_short_number_the_library_does_not_list_is_refused_unless_a_source_vouches() -> None:
    assert not is_listed_short_number("111", "KZ")  # the national contact centre, in no metadata yet
    with pytest.raises(PhoneError, match="short_number_source"):
        parse_phone("111", "KZ")
    phone = parse_phone("111", "KZ", vouched=True)
    assert (phone.dial, phone.display, phone.e164) == ("111", "111", None)
    assert not is_emergency(phone, "KZ")


def test_a_vouched_number_must_still_be_a_number() -> None:
    with pytest.raises(PhoneError):
        parse_phone("+7 7152 49 31", "KZ", vouched=True)


def test_a_number_of_another_country_names_it() -> None:
    with pytest.raises(PhoneError, match="valid phone number for GB, not a valid phone number for KZ"):
        parse_phone("+44 20 7946 0958", "KZ")


@pytest.mark.parametrize("written", ["+7\u20037152\u200349\u200331\u200358", "+7\u00a0\u00a07152 49 31 58",
                                     "+7\u30007152\u202f49-31-58"])
def test_a_number_in_any_spacing_is_the_same_number(written: str) -> None:
    assert parse_phone(written, "KZ") == parse_phone("+7 7152 49 31 58", "KZ")


@pytest.mark.parametrize(("text", "country", "display"), [
    ("+7 701 555 12 34", "KZ", "+7 701 555 12 34"),  # the NGO's pairs: kept
    ("8 701 555 12 34", "KZ", "+7 701 555 12 34"),  # the national prefix written: the groups kept
    ("+7 (701) 555-12-34", "KZ", "+7 701 555 12 34"),
    ("+7 708 432 45 61", "KZ", "+7 708 432 45 61"),
    ("+374 10 54 25 22", "AM", "+374 10 54 25 22"),
    ("+44 20 7946 03 21", "GB", "+44 20 7946 03 21"),
    ("+7 7015 551 234", "KZ", "+7 701 555 1234"),  # the operator code split: libphonenumber's grouping
    ("+7 701 555 1 234", "KZ", "+7 701 555 1234"),  # a group of one digit
    ("+77015551234", "KZ", "+7 701 555 1234"),  # no grouping typed
    ("+4420 7946 0321", "GB", "+44 20 7946 0321"),  # the country code run into the area code
])
def test_a_number_prints_grouped_as_typed_when_the_grouping_is_valid(text: str, country: str, display: str) -> None:
    assert parse_phone(text, country).display == display


def test_the_typed_grouping_is_kept_on_the_printed_card(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An NGO's own hotline (fictional: Ofcom's drama range) typed in pairs, read back from the PDF."""
    import yaml

    from generator.pipeline import build
    from shapes import FICTION, NGO_HOTLINE
    from support import page_texts

    pack = tmp_path / "pack.yaml"
    pack.write_text(yaml.safe_dump({
        "name": "grouping", "title": "Test", "country": "kz", "situation": "domestic-violence", "languages": ["en"],
        "formats": ["wallet-card"], "sources": FICTION,
        "contacts": {"hide": ["women-police-2"], "add": [{**NGO_HOTLINE, "number": "+44 20 7946 03 21"}]}},
        allow_unicode=True), encoding="utf-8")
    result = build((str(pack),), out_dir=tmp_path / "out")
    assert all(document.ok for document in result.documents), [d.report.problems for d in result.documents]
    text = " ".join(" ".join(page_texts(tmp_path / "out" / "grouping" / "en" / "wallet-card.pdf")).split())
    assert "+44 20 7946 03 21" in text, text
    assert "+44 20 7946 0321" not in text


@pytest.mark.parametrize(("text", "country", "reason"), [
    ("+7 7015 551 234", "KZ", "its groups do not keep the breaks of the country's numbering plan"),
    ("+7 701 555 1 234", "KZ", "a group of one digit is hard to read"),
    ("+7 701 5551234", "KZ", "the country's numbering plan groups it further"),
    ("+7 701 555 12 34", "KZ", None),  # printed as typed
    ("+77015551234", "KZ", None),  # no grouping typed
    ("020 7946 0321", "GB", None),  # the national prefix alone differs
])
def test_check_says_why_a_number_prints_grouped_otherwise(text: str, country: str, reason: str | None) -> None:
    from generator.packs.phones import why_regrouped

    said = why_regrouped(text, parse_phone(text, country).display)
    assert (said is None) if reason is None else (reason in said and said.startswith(repr(text))), said


def test_check_warns_of_an_ngo_number_regrouped_at_its_pack_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from generator.packs.load import load_pack
    from generator.packs.validate import check_grouping
    from shapes import FICTION, NGO_HOTLINE

    pack = tmp_path / "pack.yaml"
    pack.write_text(yaml.safe_dump({
        "name": "grouping", "title": "Test", "country": "kz", "situation": "domestic-violence", "languages": ["en"],
        "formats": ["wallet-card"], "sources": FICTION,
        "contacts": {"hide": ["women-police-2"], "add": [{**NGO_HOTLINE, "number": "+44 2079 460 321"}]}}),
        encoding="utf-8")
    warnings = [str(problem) for problem in check_grouping(load_pack(pack))]
    number_line = next(i for i, line in enumerate(pack.read_text().splitlines(), 1) if "+44 2079 460 321" in line)
    assert len(warnings) == 1, warnings
    assert f"pack.yaml:{number_line}: [contacts.add[0].number]" in warnings[0], warnings
    assert "'+44 2079 460 321' prints as '+44 20 7946 0321'" in warnings[0], warnings
