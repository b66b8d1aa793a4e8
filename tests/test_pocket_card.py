"""The pocket card: two copies of a strip of four ID-1 panels on one A4 or Letter sheet.

Read back independently of the generator: page boxes and metadata with pypdf, text and its
position with pypdfium2, QR codes with zxing-cpp, ruled lines from the rasterised page. The
strip is centred on the sheet, one copy in each half; its panels are ID-1 cards, top to bottom:
the cover (outside when folded), the emergency numbers, the services' codes, "My numbers".
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from support import (
    CONTACT_CENTRE_PAYLOAD,
    CONTENT,
    LANDLINE_PAYLOADS,
    LANGUAGES,
    WHATSAPP_PAYLOAD,
    has_number,
    squash,
    strings,
)

MM_PER_POINT = 25.4 / 72
PANEL_MM = (85.6, 53.98)  # ID-1: each panel is the folded card
PANELS = 4
A4_MM, LETTER_MM = (210.0, 297.0), (215.9, 279.4)
SAFE_MM = 5.0  # office printers do not print closer to the sheet's edge
WRITE_IN_LINES = 5
SERVICE_PAYLOADS = {*LANDLINE_PAYLOADS, WHATSAPP_PAYLOAD, CONTACT_CENTRE_PAYLOAD}
SHEETS = [(language, False) for language in LANGUAGES] + [("en", True)]


def sheet_id(param: tuple[str, bool]) -> str:
    return f"{param[0]}-{'letter' if param[1] else 'a4'}"


@pytest.fixture(params=SHEETS, ids=sheet_id)
def sheet(request: pytest.FixtureRequest, pocket_build) -> tuple[str, Path]:  # type: ignore[no-untyped-def]
    """(language, path) of each written pocket card; fails with the build's problems if missing."""
    language, letter = request.param
    path = pocket_build.path(language, letter)
    if not path.exists():
        problems = [str(p) for b in pocket_build.built for p in b.report.problems]
        pytest.fail(f"{path.name} ({sheet_id(request.param)}) was not written: {problems}")
    return language, path


def guidance(language: str) -> dict:
    import yaml

    path = CONTENT / "kz" / "domestic-violence" / f"{language}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def panel_box(page_mm: tuple[float, float], copy: int, panel: int) -> tuple[float, float, float, float]:
    """Left, top, right, bottom in mm from the sheet's top-left corner of one panel of one copy
    (0: the left half of the sheet, 1: the right half), the strip centred on the sheet."""
    width, height = page_mm
    top = (height - PANELS * PANEL_MM[1]) / 2 + panel * PANEL_MM[1]
    return copy * width / 2, top, (copy + 1) * width / 2, top + PANEL_MM[1]


def panel_texts(path: Path) -> list[list[str]]:
    """The text of each copy's panels, top to bottom, as pdfium extracts it from their area."""
    document = pdfium.PdfDocument(path)
    try:
        page = document[0]
        left, bottom, right, top = page.get_mediabox()
        size = ((right - left) * MM_PER_POINT, (top - bottom) * MM_PER_POINT)
        textpage = page.get_textpage()
        copies = []
        for copy in (0, 1):
            texts = []
            for panel in range(PANELS):
                x0, y0, x1, y1 = (v / MM_PER_POINT for v in panel_box(size, copy, panel))
                texts.append(textpage.get_text_bounded(left + x0, top - y1, left + x1, top - y0).replace("\x02", ""))
            copies.append(texts)
        textpage.close()
        return copies
    finally:
        document.close()


def raster(path: Path, dpi: int) -> Image.Image:
    document = pdfium.PdfDocument(path)
    try:
        return document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


# --- the sheet ---------------------------------------------------------------------------

def test_one_page_of_the_papers_size(sheet) -> None:  # type: ignore[no-untyped-def]
    language, path = sheet
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1, f"{path}: {len(reader.pages)} pages"
    box = reader.pages[0].trimbox
    size = (float(box.width) * MM_PER_POINT, float(box.height) * MM_PER_POINT)
    expected = LETTER_MM if "letter" in str(path) else A4_MM
    assert size == pytest.approx(expected, abs=0.5), f"{path} is {size[0]:.1f} × {size[1]:.1f} mm, not {expected}"


def test_nothing_is_printed_within_5_mm_of_the_edge(sheet) -> None:  # type: ignore[no-untyped-def]
    _, path = sheet
    dpi = 100
    image = raster(path, dpi)
    inked = image.point(lambda v: 255 if v < 245 else 0).getbbox()
    assert inked, f"{path} is blank"
    margin = SAFE_MM * dpi / 25.4
    left, top, right, bottom = inked
    assert left >= margin and top >= margin, f"{path}: ink at {left / dpi * 25.4:.1f}, {top / dpi * 25.4:.1f} mm"
    assert image.width - right >= margin and image.height - bottom >= margin, (
        f"{path}: ink {(image.width - right) / dpi * 25.4:.1f} mm from the right, "
        f"{(image.height - bottom) / dpi * 25.4:.1f} mm from the bottom")


def test_both_copies_codes_decode_to_the_services(sheet) -> None:  # type: ignore[no-untyped-def]
    _, path = sheet
    image = raster(path, 200)
    for copy, name in ((0, "left"), (1, "right")):
        half = image.crop((copy * image.width // 2, 0, (copy + 1) * image.width // 2, image.height))
        decoded = {c.text for c in zxingcpp.read_barcodes(half, formats=zxingcpp.BarcodeFormat.QRCode)}
        assert decoded == SERVICE_PAYLOADS, f"{path}, {name} copy: decoded {sorted(decoded)}"


# --- the panels, in the order they fold --------------------------------------------------

def test_panels_fold_in_order_the_cover_outside(sheet) -> None:  # type: ignore[no-untyped-def]
    """Top to bottom in each copy: the cover, the emergency numbers (under "Emergency numbers":
    the safe-to-carry pack is neutral), the services' codes and numbers, the write-in panel; each
    heading on its panel only."""
    language, path = sheet
    t = strings(language)["strings"]
    markers = [squash(t["discreet_title"]), squash(t["emergency_numbers"]), None, squash(t["my_numbers"])]
    names = ["the cover", "the emergency numbers", "the services' codes", "my numbers"]
    for copy, panels in enumerate(panel_texts(path)):
        where = f"{path} ({'left' if copy == 0 else 'right'} copy)"
        squashed = [squash(text) for text in panels]
        for index, marker in enumerate(markers):
            if marker is None:
                continue
            holding = [i for i, text in enumerate(squashed) if marker in text]
            assert holding == [index], f"{where}: {names[index]} heading is on panels {holding}, not {index}"
        for payload in sorted(LANDLINE_PAYLOADS):
            assert has_number(panels[2], payload.removeprefix("tel:")), f"{where}: panel 2 lacks {payload}"
        assert re.search(r"(?<!\d)102(?!\d)", panels[0]), f"{where}: the cover lacks 102"


def test_the_cover_says_nothing_of_what_the_card_is_for(sheet) -> None:  # type: ignore[no-untyped-def]
    language, path = sheet
    content = guidance(language)
    giveaway = set(re.findall(r"\w+", f"{content['title']} {content['headline']}".lower()))
    for copy, panels in enumerate(panel_texts(path)):
        words = set(re.findall(r"\w+", panels[0].lower()))
        assert not words & giveaway, f"{path}: the cover of copy {copy + 1} says {sorted(words & giveaway)}"
    metadata = pypdf.PdfReader(path).metadata or {}
    assert metadata.get("/Title") == strings(language)["strings"]["discreet_title"]
    assert not metadata.get("/Author"), f"{path}: the file names its author {metadata.get('/Author')!r}"


def test_a_neutral_card_says_neither_first_steps_nor_its_pack_name(sheet) -> None:  # type: ignore[no-untyped-def]
    """Handled unfolded, every panel of a neutral card is outside: the emergency numbers stand
    under a plain heading, and the edition line and the file's properties name no pack."""
    language, path = sheet
    t = strings(language)["strings"]
    text = squash(pdfium_text(path))
    assert squash(t["first_panel_heading"]) not in text, f"{path} prints {t['first_panel_heading']!r}"
    assert squash(t["emergency_numbers"]) in text
    raw = path.read_bytes().decode("latin-1")
    metadata = " ".join(str(v) for v in (pypdf.PdfReader(path).metadata or {}).values())
    name = "safe-to-carry"  # and safe-to-carry-letter
    assert squash(name) not in text and name not in metadata and name not in raw, f"{path} names its pack"


def pdfium_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_the_write_in_panel_has_ruled_lines_to_write_on(sheet) -> None:  # type: ignore[no-untyped-def]
    """Lines across the last panel of each copy, two to a row (a name, a number), at least
    7 mm apart: room to write by hand."""
    _, path = sheet
    dpi = 150
    image = raster(path, dpi)
    px = dpi / 25.4
    size = (image.width / px, image.height / px)
    for copy in (0, 1):
        x0, y0, x1, y1 = panel_box(size, copy, PANELS - 1)
        panel = image.crop((int(x0 * px), int((y0 + 1) * px), int(x1 * px), int((y1 - 1) * px)))
        rows = [y for y in range(panel.height) if _long_runs(panel, y, 25 * px) >= 2]
        lines = [y for i, y in enumerate(rows) if i == 0 or y - rows[i - 1] > 1]
        assert len(lines) >= WRITE_IN_LINES, \
            f"{path}: copy {copy + 1} has {len(lines)} ruled lines, not {WRITE_IN_LINES}"
        gaps = [(b - a) / px for a, b in zip(lines, lines[1:])]
        assert min(gaps) >= 7, f"{path}: ruled lines {min(gaps):.1f} mm apart"


def _long_runs(image: Image.Image, y: int, length: float) -> int:
    """How many dark runs of at least length pixels row y of a grey image has."""
    runs, run = 0, 0
    for x in range(image.width):
        if image.getpixel((x, y)) < 128:
            run += 1
        else:
            runs, run = runs + (run >= length), 0
    return runs + (run >= length)


# --- the fit check of clipping panels (no PDF) --------------------------------------------

@pytest.mark.parametrize(("words", "clipped"), [(3, False), (200, True)])
def test_text_past_a_clipping_box_fails_the_fit_check(words: int, clipped: bool) -> None:
    from generator.check.findings import Kind
    from generator.check.fit import fit_problems
    from generator.model import Layout, PageSize
    from generator.render.engine import HTML

    html = f'<div style="overflow: hidden; width: 40mm; height: 10mm">{"word " * words}</div>'
    layout = Layout(name="test", directory=Path("."), title="Test", page=PageSize(210, 297),
                    pages=1, min_font_pt=1)
    problems = fit_problems(HTML(string=html).render(), layout)
    assert (Kind.CLIPPED in {p.kind for p in problems}) == clipped, problems
