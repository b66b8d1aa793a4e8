"""A layout stays whole with little content, and text keeps clear of the boxes placed over it.

The fit check (generator/check/fit.py) refuses a panel of a folded sheet that prints nothing but
its footer, a heading with nothing under it, and text within 1.5 pt of a box placed over the
page (a footer's draft notice and its rule). Each is tried on a small page made here, then on
leaflets with little to say: the German fixture's three sections, and Hebrew and Georgian
guidance cut to three sections.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from generator.check.findings import Finding, Kind
from generator.check.fit import fit_problems
from generator.model import Layout, PageSize, Region
from generator.packs.load import load_packs
from generator.packs.plan import plan_editions
from generator.pipeline import render_fitted
from generator.render.context import flap_share
from generator.render.engine import HTML
from shapes import Shape, write_pack

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
THREE_SECTIONS = FIXTURES / "country-xx" / "pack.yaml"  # Germany in German: three short sections
PAGE = "<style>@page { size: 90mm 60mm; margin: 0 } body { margin: 0; font-size: 10pt }</style>"
PANELS = (Region(1, (0.0, 0.5)), Region(1, (0.5, 1.0)))


def layout_of(tmp_path: Path, panels: tuple[Region, ...] = ()) -> Layout:
    return Layout(name="test", directory=tmp_path, title="Test", page=PageSize(90, 60), pages=1,
                  min_font_pt=0, panels=panels)


def problems_of(body: str, layout: Layout) -> list[Finding]:
    return fit_problems(HTML(string=PAGE + body).render(), layout)


FOOTER = ('<div class="edition-footer" style="position: absolute; left: 5mm; right: 5mm; top: 40mm; '
          'border: 0.3mm solid black">Draft</div>')


@pytest.mark.parametrize(("gap_pt", "refused"), [(0.5, True), (0.0, True), (2.0, False)])
def test_text_touching_a_box_placed_over_the_page_is_refused(tmp_path: Path, gap_pt: float, refused: bool) -> None:
    """As the hy+ru card's "911", whose line ended 0.5 pt above the draft notice's rule."""
    # A line box of 12 pt that ends gap_pt above the footer's top (40 mm).
    body = (f'<p style="margin: 0 5mm; padding-top: calc(40mm - 12pt - {gap_pt}pt); line-height: 12pt">911</p>'
            + FOOTER)
    problems = problems_of(body, layout_of(tmp_path))
    touching = [p.message for p in problems if p.kind is Kind.TOUCHING]
    if refused:
        assert len(touching) == 1 and "'911'" in touching[0] and "keep 1.5 pt between them" in touching[0], problems
    else:
        assert problems == [], problems


def test_a_heading_with_nothing_under_it_is_refused(tmp_path: Path) -> None:
    body = "<h2>Your rights</h2>"
    problems = problems_of(body, layout_of(tmp_path))
    assert any(p.kind is Kind.HEADING_ALONE and p.too_little and "'Your rights'" in p.message
               for p in problems), problems
    assert problems_of(body + "<p>You can call 102.</p>", layout_of(tmp_path)) == []


def test_a_blank_panel_is_refused_and_its_footer_does_not_fill_it(tmp_path: Path) -> None:
    footers = ''.join(f'<div class="edition-footer" style="position: absolute; bottom: 5mm; left: {x}mm">'
                      'example/en</div>' for x in (5, 50))
    body = '<p style="width: 40mm; margin: 5mm">Call 102.</p>' + footers
    problems = problems_of(body, layout_of(tmp_path, PANELS))
    assert [(p.kind, p.page) for p in problems] == [(Kind.PANEL_BLANK, 1)], problems
    assert problems[0].too_little and problems[0].box is not None
    assert str(problems[0]) == ("page 1: the panel from 50% to 100% of the page's width prints nothing but its "
                                "footer: a layout with less to say fills its panels")
    both = '<div style="columns: 2; column-gap: 10mm; margin: 5mm"><p>Call 102.</p><p style="break-before: column">' \
           'Call 103.</p></div>' + footers
    assert problems_of(both, layout_of(tmp_path, PANELS)) == []


@pytest.mark.parametrize(("sections", "flap"), [(1, 0), (3, 0), (4, 1), (11, 3), (18, 5), (40, 5)])
def test_the_flap_takes_its_share_of_the_guidance(sections: int, flap: int) -> None:
    """None while the three inside panels hold one section each; then a quarter, at most five."""
    assert flap_share(sections, 5) == flap


# --- leaflets with little to say --------------------------------------------------------------

def panel_texts(pdf: bytes, page_index: int) -> list[str]:
    """The text of each third of a page, its footers' lines left out."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[page_index]
        left, bottom, right, top = page.get_trimbox()
        width = right - left
        text = page.get_textpage()
        footer_top = bottom + 23 * 72 / 25.4  # the leaflet's --footer
        return [text.get_text_bounded(left + width * i / 3, footer_top, left + width * (i + 1) / 3, top).strip()
                for i in range(3)]
    finally:
        document.close()


def three_section_pack(tmp_path: Path, language: str) -> Path:
    """A leaflet in a script of the test content (tests/fixtures/scripts), its guidance cut to
    its first three sections."""
    pack = write_pack(Shape(2, (2,), (language,)), tmp_path / "pack", ("leaflet",))
    guidance = pack.parent / "content" / "shape" / "guidance" / f"{language}.yaml"
    data = yaml.safe_load(guidance.read_text(encoding="utf-8"))
    data["sections"] = data["sections"][:3]
    guidance.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pack


@pytest.mark.parametrize("language", ["de", "he", "ka"])
def test_a_leaflet_of_three_sections_fills_every_panel(tmp_path: Path, language: str) -> None:
    """Print-shop file: every panel of both pages prints something beyond its footer, the
    inside heading has its sections under it, and the flap is the reader's list of numbers."""
    pack = THREE_SECTIONS if language == "de" else three_section_pack(tmp_path, language)
    edition = plan_editions(load_packs([str(pack)]), [language], ["leaflet"])[0]
    fitted = render_fitted(edition, print_shop=True)
    assert not fitted.fit, [str(p) for p in fitted.fit]
    outside, inside = panel_texts(fitted.rendered.pdf, 0), panel_texts(fitted.rendered.pdf, 1)
    blank = [f"page {page} panel {i + 1}" for page, texts in ((1, outside), (2, inside))
             for i, text in enumerate(texts) if not text]
    assert not blank, (blank, outside, inside)
    strings = yaml.safe_load((edition.pack.strings[language].path).read_text(encoding="utf-8"))["strings"]
    flap = outside[-1] if language == "he" else outside[0]  # right to left, the flap is on the right
    assert strings["my_numbers"].split()[0] in flap, outside
    if language != "he":  # one section a panel, in order
        for section, text in zip(edition.pack.guidance[language].sections, inside, strict=True):
            assert section.question.split()[0] in text, (section.question, inside)


def test_a_leaflet_whose_inside_fills_one_panel_in_order_is_balanced_over_three(tmp_path: Path) -> None:
    """Six short sections: the flap takes two, and the four inside, filled in order, would stand
    in the first panel with two blank ones beside it; the build lays the step out again with
    its columns balanced (options.balanced), and every panel prints some of the guidance."""
    pack = write_pack(Shape(2, (2,), ("en",)), tmp_path / "pack", ("leaflet",))
    guidance = pack.parent / "content" / "shape" / "guidance" / "en.yaml"
    data = yaml.safe_load(guidance.read_text(encoding="utf-8"))
    data["sections"] = data["sections"][:6]
    guidance.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    edition = plan_editions(load_packs([str(pack)]), ["en"], ["leaflet"])[0]
    fitted = render_fitted(edition)
    assert not fitted.fit, [str(p) for p in fitted.fit]
    assert fitted.rendered.step is not None and fitted.rendered.step.options.balanced, fitted.rendered.step
    inside = panel_texts(fitted.rendered.pdf, 1)
    assert all(inside), inside
    questions = [s.question for s in edition.pack.guidance["en"].sections[2:]]
    assert all(q.split()[0] in "".join(inside) for q in questions), (questions, inside)


def test_a_leaflet_with_guidance_enough_fills_its_panels_in_order() -> None:
    """The bundled pack's Russian leaflet fills the inside panels without balancing (WeasyPrint's
    balancing lays the columns out again and again): each section follows the one before it
    across the panels."""
    edition = plan_editions(load_packs(["kazakhstan"]), ["ru"], ["leaflet"])[0]
    fitted = render_fitted(edition)
    assert not fitted.fit, [str(p) for p in fitted.fit]
    assert fitted.rendered.step is not None and not fitted.rendered.step.options.balanced
    inside = "".join(panel_texts(fitted.rendered.pdf, 1))
    positions = [inside.find(s.question.split("?")[0][:20]) for s in edition.pack.guidance["ru"].sections
                 if s.question.split("?")[0][:20] in inside]
    assert len(positions) >= 3 and positions == sorted(positions), positions
