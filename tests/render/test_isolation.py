"""On a right-to-left page, numbers, addresses and Latin names in plain texts (a contact's name,
the edition line) are set apart left to right, so that the bidi algorithm cannot turn their
groups round; a left-to-right page prints them as they are."""

from __future__ import annotations

from pathlib import Path

from generator.packs.load import load_packs
from generator.packs.plan import plan_editions
from generator.render.context import document_context
from generator.render.markup import designations_unbroken, isolate_figures, isolate_ltr
from generator.render.scripts import script_of
from shapes import Shape, write_pack

ISOLATED = '<bdi dir="ltr">{}</bdi>'


def test_numbers_addresses_and_latin_names_are_set_apart() -> None:
    html = isolate_ltr("קו סיוע 116 006, WhatsApp: +972 3-555-1234 או help@labirint.online")
    for run in ("116 006", "WhatsApp", "+972 3-555-1234", "help@labirint.online"):
        assert ISOLATED.format(run) in html, html
    assert "קו סיוע" in html and "<bdi dir=\"ltr\">קו" not in html


def test_a_designation_is_never_broken_after_its_mark() -> None:
    """A line broken after "№" would print "103" alone, a number a reader dials."""
    assert designations_unbroken("Емхана № 103, Clinic No.\u2009111 +7 701 555 12 34") == (
        "Емхана №\u00a0103, Clinic No.\u00a0111 +7 701 555 12 34")
    assert "№\u00a0103" in isolate_figures("<p>Емхана № 103</p>")
    assert designations_unbroken("№ 8 800 080 7777") == "№ 8 800 080 7777"  # a number, not a designation
    assert designations_unbroken("Поликлиника № 6") == "Поликлиника № 6"  # "6" alone is no number


def test_markup_in_a_name_stays_text() -> None:
    assert "<b>" not in isolate_ltr("שם <b>x</b>") and "&lt;" in isolate_ltr("שם <b>x</b>")


def test_scripts_and_directions_come_from_the_language() -> None:
    assert (script_of("he").code, script_of("he").direction) == ("Hebr", "rtl")
    assert (script_of("ar").code, script_of("ar").direction) == ("Arab", "rtl")
    assert (script_of("hy").code, script_of("ka").code, script_of("kk").code) == ("Armn", "Geor", "Cyrl")
    assert script_of("sr-Latn").code == "Latn"


def test_names_and_edition_line_are_isolated_on_a_right_to_left_page_only(tmp_path: Path) -> None:
    pack = write_pack(Shape(1, (2,), ("he", "ru")), tmp_path / "pack", ("wallet-card",))
    edition = plan_editions(load_packs([str(pack)]), ["he+ru"], ["wallet-card"])[0]
    hebrew = document_context(edition)
    russian = hebrew["parts"][1]  # type: ignore[index]
    assert hebrew["direction"] == "rtl" and russian["direction"] == "ltr"
    service = hebrew["services"][0]  # type: ignore[index]
    assert ISOLATED.format("1") in service.short, service.short  # "קו סיוע 1"
    assert ISOLATED.format("WhatsApp") in service.lines[1].label
    assert ISOLATED.format(f"{edition.pack.name}/he+ru") in hebrew["edition_line_short"]
    assert "<bdi" not in russian["services"][0].short and "<bdi" not in russian["edition_line_short"]
