"""A layout is checked like content: its layout.yaml field by field, and what its template
prints against what the content says the document must carry, not against the template's
own HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.findings import Finding, Kind
from generator.errors import RespackError
from generator.packs.load import load_pack
from generator.packs.plan import plan_editions
from generator.pipeline import build_document
from support import pack_with_template

WITHOUT_QR_CODES = """{% extends "builtin/wallet-card/template.html" %}
{% block back %}<div class="service-name">{{ services_heading }}</div>{% endblock %}
"""
WITHOUT_EMERGENCY = """{% extends "builtin/wallet-card/template.html" %}
{% block front %}<h1 class="band">{{ title }}</h1>{% endblock %}
"""


def card_problems(folder: Path, template: str) -> list[Finding]:
    pack = load_pack(pack_with_template(folder, "wallet-card/template.html", template))
    built = build_document(plan_editions([pack], ["en"], ["wallet-card"])[0])
    assert built.report is not None
    return built.report.problems


def test_a_template_that_drops_the_qr_codes_fails_naming_each_contact(tmp_path: Path) -> None:
    problems = card_problems(tmp_path, WITHOUT_QR_CODES)
    unreadable = {(p.contact, p.payload) for p in problems if p.kind is Kind.QR_UNREADABLE}
    missing = {p.contact for p in problems if p.kind is Kind.NUMBER_MISSING}
    for contact, payload in (("women-police-1", "tel:+77152493158"), ("women-police-2", "tel:+77152612530"),
                             ("women-police-whatsapp", "https://wa.me/77084324561")):
        assert (contact, payload) in unreadable, problems
        assert contact in missing, problems
    # what the user reads names the contact and its code
    assert "contact women-police-1: the QR code for tel:+77152493158 is missing or did not scan" in map(str, problems)


def test_a_template_that_drops_the_emergency_numbers_fails(tmp_path: Path) -> None:
    problems = card_problems(tmp_path, WITHOUT_EMERGENCY)
    assert {"police", "ambulance"} <= {p.contact for p in problems if p.kind is Kind.NUMBER_MISSING}, problems
    assert "contact police: 102 is not in the text of the document" in map(str, problems), problems


@pytest.mark.parametrize(("options", "expected"), [
    ("  min_qr_modul_mm: 0.4", "unknown key 'min_qr_modul_mm'; did you mean 'min_qr_module_mm'?"),
    ("  tabs: eight", "[options.tabs]"),
    ("  sheet: 1", "[options.sheet]"),
    ("  min_font_pt_in: {tabs: small}", "[options.min_font_pt_in.tabs]"),
])
def test_layout_options_are_checked(tmp_path: Path, options: str, expected: str) -> None:
    layout = ("title: Our card\npage: {width_mm: 85.6, height_mm: 53.98}\npages: 2\nmin_font_pt: 7\n"
              "stylesheets: [wallet-card/style.css]\noptions:\n" + options + "\n")
    pack_file = pack_with_template(tmp_path, "our-card/layout.yaml", layout)
    (tmp_path / "layouts" / "our-card" / "template.html").write_text(
        '{% extends "wallet-card/template.html" %}', encoding="utf-8")
    pack_file.write_text(pack_file.read_text(encoding="utf-8").replace("formats: [", "formats: [our-card, "),
                         encoding="utf-8")
    with pytest.raises(RespackError) as raised:
        plan_editions([load_pack(pack_file)], ["en"], ["our-card"])
    messages = [str(p) for p in raised.value.problems]
    assert any(expected in m and "our-card/layout.yaml:" in m for m in messages), messages


def test_unknown_qr_codes_group(tmp_path: Path) -> None:
    layout = "title: Our card\npage: {width_mm: 85.6, height_mm: 53.98}\nmin_font_pt: 7\nqr_codes: [service]\n"
    pack_file = pack_with_template(tmp_path, "our-card/layout.yaml", layout)
    pack_file.write_text(pack_file.read_text(encoding="utf-8").replace("formats: [", "formats: [our-card, "),
                         encoding="utf-8")
    with pytest.raises(RespackError) as raised:
        plan_editions([load_pack(pack_file)], ["en"], ["our-card"])
    assert any("unknown contacts 'service'" in str(p) for p in raised.value.problems), raised.value.problems


def test_respack_check_reads_layout_files_and_sources_without_contacts(tmp_path: Path) -> None:
    from datetime import date

    from generator.packs.validate import validate_packs

    layout = "title: Our card\npage: {width_mm: 85.6, height_mm: 53.98}\nmin_font_pt: 7\noptions: {tab: 3}\n"
    pack_file = pack_with_template(tmp_path, "our-card/layout.yaml", layout)
    text = pack_file.read_text(encoding="utf-8").replace("formats: [", "formats: [our-card, ")
    pack_file.write_text(text + "sources:\n  ours: {title: Our records, read_on: last week}\n", encoding="utf-8")
    with pytest.raises(RespackError) as raised:
        load_pack(pack_file)
    assert any("[sources.ours.read_on]" in str(p) for p in raised.value.problems), raised.value.problems
    pack_file.write_text(text, encoding="utf-8")
    problems = [str(p) for p in validate_packs([load_pack(pack_file)], date(2026, 12, 1))]
    assert any("unknown key 'tab'; did you mean 'tabs'?" in p for p in problems), problems
