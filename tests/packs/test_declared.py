"""The one reader of declared files: each key by its declared type, default and check, every
problem at its file, line and field, and every value's origin kept for later checks."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest

from generator.declared import Declared, options_of
from generator.errors import Problem
from generator.model import Layout, LayoutOptions, Region
from generator.packs.contacts import ContactEntry, read_contact
from generator.packs.pack_file import PackFile, SitesFile
from generator.reading.reader import read_file_mapping
from generator.reading.yamlfile import read_yaml

D = TypeVar("D", bound=Declared)
LAYOUT = """title: Card
page: {width_mm: 85.6, height_mm: 53.98}
min_font_pt: 7
options:
  sheet: true
  qr_module_mm: 1
steps:
  - name: regular
  - name: dense
    options: {notes: false}
outside:
  - {page: 1, x: [0.5, 1]}
"""


def read(tmp_path: Path, kind: type[D], text: str, **given: object) -> tuple[D, list[Problem]]:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    return read_file_mapping(kind, read_yaml(path), path, problems, **given), problems


def test_a_layout_is_read_by_its_declared_types_with_its_defaults(tmp_path: Path) -> None:
    layout, problems = read(tmp_path, Layout, LAYOUT, name="card", directory=tmp_path)
    assert not problems
    assert isinstance(layout, Layout)
    assert (layout.page_width_mm, layout.page_height_mm, layout.pages) == (85.6, 53.98, 0)
    assert layout.options.sheet is True and layout.options.qr_module_mm == 1.0
    assert [step.name for step in layout.steps] == ["regular", "dense"]
    assert layout.steps[1].options.notes is False
    assert layout.outside == (Region(1, (0.5, 1.0), (0.0, 1.0)),)
    assert layout.qr_codes == ("services",)  # the default when the file names none
    assert layout.capacity.limits(2) == {"emergency": 0, "services": 0, "lines": 0, "codes": 0}


def test_the_templates_see_only_the_options_the_file_gives(tmp_path: Path) -> None:
    layout, _ = read(tmp_path, Layout, LAYOUT, name="card", directory=tmp_path)
    assert isinstance(layout, Layout)
    assert layout.options.given() == {"sheet": True, "qr_module_mm": 1.0}
    assert layout.options.over(layout.steps[1].options) == {"sheet": True, "qr_module_mm": 1.0, "notes": False}
    assert LayoutOptions().given() == {}


def test_every_value_keeps_the_line_it_was_read_at(tmp_path: Path) -> None:
    layout, _ = read(tmp_path, Layout, LAYOUT, name="card", directory=tmp_path)
    assert isinstance(layout, Layout) and layout.origin is not None
    assert layout.origin.of("min_font_pt").line == 3
    dense = layout.steps[1]
    assert dense.origin is not None and (dense.origin.line, dense.origin.field) == (9, "steps[1]")
    assert dense.options.origin is not None and dense.options.origin.of("notes").field == "steps[1].options.notes"


@pytest.mark.parametrize(("line", "expected"), [
    ("  min_qr_modul_mm: 0.4", "[options.min_qr_modul_mm] unknown key 'min_qr_modul_mm'; did you mean "
                               "'min_qr_module_mm'?"),
    ("  tabs: eight", "[options.tabs] expected a whole number, found text"),
    ("  folds: [0.5, 2]", "[options.folds] expected fractions of the page's width between 0 and 1, found [0.5, 2]"),
    ("  min_font_pt_in: {tabs: small}", "[options.min_font_pt_in.tabs] expected a whole number or a number"),
])
def test_a_wrong_option_is_said_at_its_line_and_field(tmp_path: Path, line: str, expected: str) -> None:
    _, problems = read(tmp_path, Layout, "title: Card\npage: {width_mm: 1, height_mm: 1}\nmin_font_pt: 7\n"
                       f"options:\n{line}\n", name="card", directory=tmp_path)
    assert [str(p) for p in problems if expected in str(p) and ":5:" in str(p)], problems


def test_a_required_key_left_out_is_said_and_a_wrong_one_falls_back_to_its_default(tmp_path: Path) -> None:
    layout, problems = read(tmp_path, Layout, "page: {width_mm: 1, height_mm: 1}\nmin_font_pt: 7\n"
                            "qr_codes: [service]\npanels:\n  - {page: 0}\n", name="card", directory=tmp_path)
    messages = [str(p) for p in problems]
    assert any("missing required key 'title'" in m for m in messages), messages
    assert any(":3: [qr_codes] unknown contacts 'service'" in m for m in messages), messages
    assert any(":5: [panels[0].page] expected a page from 1" in m for m in messages), messages
    assert isinstance(layout, Layout) and layout.qr_codes == ("services",) and layout.panels == ()


def test_a_pack_file_declares_every_key_it_may_hold() -> None:
    assert {"name", "languages", "formats", "branding", "contacts", "sites", "safety", "editions"} \
        <= set(options_of(PackFile))
    assert set(options_of(SitesFile)) == {"file", "sheet", "encoding", "columns"}


@pytest.mark.parametrize(("sites", "kind"), [("sites: sites.csv", str), ("sites: {file: sites.csv}", SitesFile)])
def test_sites_are_a_file_name_or_a_mapping(tmp_path: Path, sites: str, kind: type) -> None:
    pack, _ = read(tmp_path, PackFile, f"name: x\n{sites}\n")
    assert isinstance(pack, PackFile) and isinstance(pack.sites, kind)


def test_an_unknown_encoding_of_the_sites_is_said_at_its_line(tmp_path: Path) -> None:
    pack, problems = read(tmp_path, PackFile, "name: x\nsites:\n  file: s.csv\n  encoding: windows-1215\n")
    assert isinstance(pack, PackFile) and isinstance(pack.sites, SitesFile) and pack.sites.encoding is None
    assert any(":4: [sites.encoding] unknown encoding 'windows-1215'" in str(p) for p in problems), problems


def test_a_folder_name_that_could_leave_its_folder_is_refused(tmp_path: Path) -> None:
    pack, problems = read(tmp_path, PackFile, "name: ../x\nformats: [leaflet, ../y]\n")
    assert isinstance(pack, PackFile) and pack.name == "" and pack.formats == ()
    assert [str(p) for p in problems if "'../x' names a folder" in str(p)]
    assert [str(p) for p in problems if "'../y' names a folder" in str(p)]


def test_a_contact_is_read_by_one_declaration_wherever_it_is_written(tmp_path: Path) -> None:
    from datetime import date

    from generator.model import Source
    from generator.reading.yamlfile import Fields

    path = tmp_path / "country.yaml"
    path.write_text("id: line\nchannels: [voice, sms]\nsource: s\nas_of: 2026-01-01\n", encoding="utf-8")
    problems: list[Problem] = []
    sources = {"s": Source("s", "A source", date(2026, 1, 1))}
    contact = read_contact(Fields(read_yaml(path), path, problems, allowed=tuple(options_of(ContactEntry))),
                           "KZ", sources)
    messages = [str(p) for p in problems]
    assert any(":2: [channels] unknown channel 'sms'" in m for m in messages), messages
    assert any(":1: missing required key 'number'" in m for m in messages), messages
    assert contact is not None and contact.channels == ("voice",)


def test_a_part_with_a_reader_of_its_own_is_left_as_the_file_gives_it(tmp_path: Path) -> None:
    pack, problems = read(tmp_path, PackFile, "name: x\ncontacts:\n  add:\n    - {id: a, number: '1'}\n  hide: [b]\n")
    assert not [p for p in problems if "contacts" in str(p)], problems
    assert pack.contacts is not None and pack.contacts.hide == ("b",)
    assert isinstance(pack.contacts.add, list) and pack.contacts.add[0]["id"] == "a"
