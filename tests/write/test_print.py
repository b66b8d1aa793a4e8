"""Files for a print shop, a sheet of wallet cards, US Letter paper, and how the pages fold.

`respack build --print-shop` writes, beside each office PDF, `<format>.print.pdf` (3 mm
bleed, crop marks, TrimBox and BleedBox, fonts embedded, CMYK, PDF/X-4 or another variant
that passes the preflight of generator/check/preflight.py: the other variants are in
test_print_x1a.py and test_print_x3.py) and, beside each wallet card, `wallet-card-sheet.pdf`: ten cards
on a sheet, fronts then backs, the backs mirrored so that each card's back lands behind its
front when printed on both sides (flipped on the long edge). A pack with `paper: letter`
prints on US Letter and Tabloid.

Every file is read back independently of the generator: page boxes and fonts with pypdf,
text and its position with pypdfium2, QR codes with zxing-cpp.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from PIL import Image

from generator.check.findings import Kind
from generator.check.preflight import preflight
from generator.model import PRINT_SHOP_VARIANT
from generator.render.inks import DEFAULT_PROFILE
from printing import (
    DECODE_DPI,
    Build,
    Found,
    checked_print_files,
    decode_image,
    decode_page,
    document_payloads,
    print_shop_build,
    run_build,
)
from support import (
    CONTACT_CENTRE_PAYLOAD,
    CONTENT,
    EMAIL,
    FORMATS,
    LANDLINE_PAYLOADS,
    LANGUAGES,
    PACK,
    PAGES,
    WHATSAPP_PAYLOAD,
    font_descriptor,
    page_fonts,
    squash,
)

MM_PER_POINT = 25.4 / 72
BLEED_MM = 3.0
SIZE_TOLERANCE_MM = 0.5
BOX_TOLERANCE_MM = 0.1
CARD_MM = (85.6, 53.98)  # ID-1, on every paper
A4_MM = (210.0, 297.0)
LETTER_MM = (215.9, 279.4)
LETTER_PAGES = {"leaflet": (279.4, 215.9), "wallet-card": CARD_MM, "poster": (279.4, 431.8)}
SHEET_GRID = (2, 5)  # columns × rows of cards
SHEET_CARDS = SHEET_GRID[0] * SHEET_GRID[1]
CARD_BACK_PAYLOADS = (*LANDLINE_PAYLOADS, WHATSAPP_PAYLOAD, CONTACT_CENTRE_PAYLOAD)
SHEET_DPI = 200
POSTER_TABS = 8
LETTER_PACK = "kazakhstan-letter"
PRINT_DOCUMENTS = [(language, name) for name in FORMATS for language in LANGUAGES]


def print_id(param: tuple[str, str]) -> str:
    return f"{param[1]}-{param[0]}"


# --- the builds -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def print_build(tmp_path_factory: pytest.TempPathFactory, bundled_build: Path) -> Build:
    """Every bundled pack for a print shop (PDF/X-4), over their office files and card sheets
    (a copy of conftest's build of them): the tests read the Kazakhstan pack's, and every
    pack's print files pass the preflight. Print files made with their office files, in one
    build: test_print_shop_files_are_reproducible, the Letter pack's build."""
    return print_shop_build(tmp_path_factory, bundled_build)


@pytest.fixture(scope="module")
def letter_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled pack as a US NGO would print it: a copy of it that says paper: letter."""
    pack = yaml.safe_load((CONTENT / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8"))
    pack.update(name=LETTER_PACK, paper="letter")
    path = tmp_path_factory.mktemp("letter-pack") / f"{LETTER_PACK}.yaml"
    path.write_text(yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def letter_build(tmp_path_factory: pytest.TempPathFactory, letter_pack: Path) -> Build:
    """Office and print-shop files on Letter paper (English only, to keep the tests fast)."""
    return run_build(tmp_path_factory.mktemp("letter-build"), LETTER_PACK, letter_pack, "--lang", "en",
                     "--print-shop")


@pytest.fixture(scope="module")
def office_dir(office_build: Path) -> Path:
    """The bundled pack's office files (conftest's office build)."""
    return office_build


# --- reading PDFs ---------------------------------------------------------------------

def mm(value: float) -> float:
    return float(value) * MM_PER_POINT


def box_mm(box: pypdf.generic.RectangleObject) -> tuple[float, float, float, float]:
    return mm(box.left), mm(box.bottom), mm(box.right), mm(box.top)


def size_mm(box: pypdf.generic.RectangleObject) -> tuple[float, float]:
    return mm(box.width), mm(box.height)


def close(a: tuple[float, ...], b: tuple[float, ...], tolerance: float) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def decode_in_windows(page: pdfium.PdfPage, dpi: float, expected: int) -> list[Found]:
    """Every QR code of a busy page: the whole page, then, if fewer than expected were found,
    overlapping windows of about a card and a half, each code kept once (by its position)."""
    image = page.render(scale=dpi / 72).to_pil()
    found = decode_image(image, dpi)
    if len(found) >= expected:
        return found
    px_per_mm = dpi / 25.4
    w, h = int(1.5 * CARD_MM[0] * px_per_mm), int(1.5 * CARD_MM[1] * px_per_mm)
    step_x, step_y = w // 3, h // 3
    for top in range(0, max(image.height - h, 0) + step_y, step_y):
        for left in range(0, max(image.width - w, 0) + step_x, step_x):
            window = image.crop((left, top, left + w, top + h))
            for code in decode_image(window, dpi, left, top):
                if not any(f.payload == code.payload and abs(f.x_mm - code.x_mm) < 3 and abs(f.y_mm - code.y_mm) < 3
                           for f in found):
                    found.append(code)
    return found


def text_positions(page: pdfium.PdfPage, text: str) -> list[tuple[float, float]]:
    """Where each occurrence of text starts: its first character's top-left, in mm from the
    top-left corner of the rendered page."""
    left, _, _, top = page.get_cropbox()
    textpage = page.get_textpage()
    try:
        searcher = textpage.search(text)
        positions = []
        while (match := searcher.get_next()) is not None:
            char_left, _, _, char_top = textpage.get_charbox(match[0])
            positions.append((mm(char_left - left), mm(top - char_top)))
        return positions
    finally:
        textpage.close()


# --- the print-shop build -------------------------------------------------------------

def test_print_shop_build_succeeds(print_build):
    assert print_build.result.returncode == 0, print_build.describe()


def test_print_shop_build_over_the_office_files_makes_only_the_print_files(print_build):
    """An NGO's office files, built, then a print shop's asked for: none is written again."""
    assert print_build.office, "the print shop's build was not made over an office build"
    assert not print_build.office_rewritten(), print_build.office_rewritten()


@pytest.mark.parametrize("language", LANGUAGES)
def test_print_files_are_beside_the_office_files_and_in_the_manifest(print_build, language):
    for name in FORMATS:
        print_build.file(language, f"{name}.pdf")
        print_build.file(language, f"{name}.print.pdf")
    print_build.file(language, "wallet-card-sheet.pdf")
    manifest_path = print_build.out / PACK / "manifest.json"
    assert manifest_path.exists(), print_build.describe()
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    entries = {entry["path"]: entry for entry in manifest["files"]}
    for filename in [f"{name}.print.pdf" for name in FORMATS] + ["wallet-card-sheet.pdf"]:
        path = f"{language}/{filename}"
        assert path in entries, f"the manifest does not list {path}"
        data = (print_build.out / PACK / path).read_bytes()
        assert entries[path]["sha256"] == hashlib.sha256(data).hexdigest(), path


@pytest.mark.parametrize("language, name", PRINT_DOCUMENTS, ids=map(print_id, PRINT_DOCUMENTS))
def test_print_file_has_trim_and_bleed_boxes(print_build, language, name):
    """TrimBox: the format's size. BleedBox: 3 mm more on every side. MediaBox: holds both."""
    pages, width, height = PAGES[name]
    pdf = pypdf.PdfReader(print_build.file(language, f"{name}.print.pdf"))
    assert len(pdf.pages) == pages, f"{language}/{name}.print.pdf has {len(pdf.pages)} pages, not {pages}"
    for number, page in enumerate(pdf.pages, 1):
        where = f"{language}/{name}.print.pdf page {number}"
        assert "/TrimBox" in page and "/BleedBox" in page, f"{where}: no TrimBox or BleedBox"
        trim, bleed, media = box_mm(page.trimbox), box_mm(page.bleedbox), box_mm(page.mediabox)
        assert close(size_mm(page.trimbox), (width, height), SIZE_TOLERANCE_MM), (
            f"{where}: TrimBox is {size_mm(page.trimbox)} mm, not {width} × {height}")
        expected_bleed = (trim[0] - BLEED_MM, trim[1] - BLEED_MM, trim[2] + BLEED_MM, trim[3] + BLEED_MM)
        assert close(bleed, expected_bleed, BOX_TOLERANCE_MM), (
            f"{where}: BleedBox {bleed} is not the TrimBox {trim} with {BLEED_MM} mm on every side")
        tol = BOX_TOLERANCE_MM
        assert (media[0] <= bleed[0] + tol and media[1] <= bleed[1] + tol
                and media[2] >= bleed[2] - tol and media[3] >= bleed[3] - tol), (
            f"{where}: the MediaBox {media} does not hold the BleedBox {bleed}")


@pytest.mark.parametrize("language, name", PRINT_DOCUMENTS, ids=map(print_id, PRINT_DOCUMENTS))
def test_print_file_embeds_every_font(print_build, language, name):
    pdf = pypdf.PdfReader(print_build.file(language, f"{name}.print.pdf"))
    fonts = [font for page in pdf.pages for font in page_fonts(page)]
    assert fonts, f"{language}/{name}.print.pdf uses no font"
    for font in fonts:
        if font.get("/Subtype") == "/Type3":
            continue  # glyphs drawn by the PDF itself
        descriptor = font_descriptor(font)
        assert descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
            f"{language}/{name}.print.pdf: font {font.get('/BaseFont')} is not embedded")


@pytest.mark.parametrize("language, name", PRINT_DOCUMENTS, ids=map(print_id, PRINT_DOCUMENTS))
def test_print_file_is_pdf_x(print_build, language, name):
    """PDF/X: /GTS_PDFXVersion in the document info, or an OutputIntent /S /GTS_PDFX."""
    pdf = pypdf.PdfReader(print_build.file(language, f"{name}.print.pdf"))
    info = pdf.trailer.get("/Info")
    version = info.get_object().get("/GTS_PDFXVersion") if info is not None else None
    intents = pdf.trailer["/Root"].get_object().get("/OutputIntents") or []
    subtypes = [intent.get_object().get("/S") for intent in intents]
    assert version or "/GTS_PDFX" in subtypes, (
        f"{language}/{name}.print.pdf: no /GTS_PDFXVersion in the info and no OutputIntent /GTS_PDFX "
        f"(output intents: {subtypes}); PDF/X-4 also needs an OutputIntent with its DestOutputProfile")


@pytest.mark.parametrize("language, name", PRINT_DOCUMENTS, ids=map(print_id, PRINT_DOCUMENTS))
def test_print_file_has_the_office_files_qr_codes(print_build, language, name):
    office = document_payloads(print_build.file(language, f"{name}.pdf"))
    printed = document_payloads(print_build.file(language, f"{name}.print.pdf"))
    assert office, f"{language}/{name}.pdf: no QR code decodes"
    assert printed == office, \
        f"{language}/{name}.print.pdf decodes to {dict(printed)}, the office file to {dict(office)}"


def test_every_bundled_packs_print_files_pass_the_preflight(print_build):
    checked_print_files(print_build, PRINT_SHOP_VARIANT)


@pytest.mark.parametrize("language", LANGUAGES)
def test_print_file_names_its_cmyk_output_profile(print_build, language):
    """The output intent: respack's FOGRA39 profile, embedded, and the registered condition
    FOGRA39 named by its identifier and registry, the profile's own name as its Info."""
    pdf = pypdf.PdfReader(print_build.file(language, "wallet-card.print.pdf"))
    intents = pdf.trailer["/Root"].get_object()["/OutputIntents"]
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    assert intent["/Info"].startswith("FOGRA39 (ISO 12647-2:2004/Amd 1, coated paper), made with ArgyllCMS")
    assert intent["/DestOutputProfile"].get_object()["/N"] == 4
    assert intent["/DestOutputProfile"].get_object().get_data() == DEFAULT_PROFILE.read_bytes()


@pytest.mark.parametrize("language", LANGUAGES)
def test_office_files_stay_rgb(print_build, language):
    """What people print at their desk is sRGB, as before: the preflight finds it RGB."""
    problems = preflight(print_build.file(language, "wallet-card.pdf").read_bytes(), PRINT_SHOP_VARIANT)
    assert any(p.kind is Kind.NOT_CMYK and "text in DeviceRGB" in p.message for p in problems), problems


def mark_visible(image: Image.Image, line: tuple[int, int, int, int], vertical: bool, px_per_mm: float) -> bool:
    """Whether a crop mark runs along line (x0, y0, x1, y1; along x = x0 when vertical, y = y0
    otherwise), darker by 60 grey levels or more than the paper 1 mm beside it, for 1 mm or more."""
    x0, y0, x1, y1 = line
    side = round(px_per_mm)
    visible = 0
    for t in range(min(y0, y1) if vertical else min(x0, x1), (max(y0, y1) if vertical else max(x0, x1)) + 1):
        if vertical:
            mark = min(image.getpixel((x, t)) for x in range(x0 - 2, x0 + 3) if 0 <= x < image.width)
            beside = [image.getpixel((x, t)) for x in (x0 - side, x0 + side) if 0 <= x < image.width]
        else:
            mark = min(image.getpixel((t, y)) for y in range(y0 - 2, y0 + 3) if 0 <= y < image.height)
            beside = [image.getpixel((t, y)) for y in (y0 - side, y0 + side) if 0 <= y < image.height]
        if beside and max(beside) - mark >= 60:
            visible += 1
    return visible >= px_per_mm


@pytest.mark.parametrize("language, name", PRINT_DOCUMENTS, ids=map(print_id, PRINT_DOCUMENTS))
def test_print_file_has_visible_crop_marks(print_build, language, name):
    """At each corner of the trim, both trim lines are continued outside it by a visible mark."""
    dpi = 150
    px_per_mm = dpi / 25.4
    document = pdfium.PdfDocument(print_build.file(language, f"{name}.print.pdf"))
    missing = []
    try:
        for number, page in enumerate(document, 1):
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            crop_left, _, _, crop_top = page.get_cropbox()
            t_left, t_bottom, t_right, t_top = page.get_trimbox()

            def px(x: float, y: float, crop_left: float = crop_left, crop_top: float = crop_top) -> tuple[int, int]:
                return round((x - crop_left) * dpi / 72), round((crop_top - y) * dpi / 72)

            left, top = px(t_left, t_top)
            right, bottom = px(t_right, t_bottom)
            gap = round(0.5 * px_per_mm)  # the mark may stop short of the corner
            for corner, (x, y, out_x, out_y) in {
                "top left": (left, top, 0, 0), "top right": (right, top, image.width - 1, 0),
                "bottom left": (left, bottom, 0, image.height - 1),
                "bottom right": (right, bottom, image.width - 1, image.height - 1),
            }.items():
                beyond_y = (out_y, y - gap) if out_y < y else (y + gap, out_y)
                beyond_x = (out_x, x - gap) if out_x < x else (x + gap, out_x)
                if abs(beyond_y[1] - beyond_y[0]) < px_per_mm or abs(beyond_x[1] - beyond_x[0]) < px_per_mm:
                    missing.append(f"page {number} {corner}: no room outside the trim for a mark")
                    continue
                if not mark_visible(image, (x, beyond_y[0], x, beyond_y[1]), True, px_per_mm):
                    missing.append(f"page {number} {corner}: vertical trim line")
                if not mark_visible(image, (beyond_x[0], y, beyond_x[1], y), False, px_per_mm):
                    missing.append(f"page {number} {corner}: horizontal trim line")
            page.close()
    finally:
        document.close()
    assert not missing, (f"{language}/{name}.print.pdf: no visible crop mark for: {'; '.join(missing)} "
                         "(a mark drawn under a coloured bleed cannot be seen)")


def test_print_shop_files_are_reproducible(print_build, tmp_path):
    """The same command again, later, into another folder: the same bytes."""
    again = run_build(tmp_path, PACK, PACK, "--print-shop", "--lang", "en", "--format", "wallet-card")
    assert again.result.returncode == 0, again.describe()
    differ = []
    for filename in ("wallet-card.pdf", "wallet-card.print.pdf", "wallet-card-sheet.pdf"):
        first = hashlib.sha256(print_build.file("en", filename).read_bytes()).hexdigest()
        second = hashlib.sha256(again.file("en", filename).read_bytes()).hexdigest()
        if first != second:
            differ.append(filename)
    assert not differ, (f"two builds of the same inputs differ in en/{', en/'.join(differ)} "
                        "(dates of the build or random IDs in the PDF?)")


# --- the card sheet -------------------------------------------------------------------

@dataclass
class Sheet:
    """A card sheet read back: page sizes, cards found on each side (top-left corners, mm)."""

    sizes: list[tuple[float, float]]
    fronts: list[tuple[float, float]]  # where each card's front is, found from its text
    backs: list[tuple[float, float]]  # where each card's back is, found from its QR codes
    back_codes: list[Found]
    front_count: int  # occurrences of "102" on the fronts
    card_count: int  # occurrences of "102" on the front of one card


def cluster(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    groups: list[list[tuple[float, float]]] = []
    for point in points:
        for group in groups:
            if close(point, group[0], tolerance):
                group.append(point)
                break
        else:
            groups.append([point])
    return [(statistics.fmean(p[0] for p in g), statistics.fmean(p[1] for p in g)) for g in groups]


@lru_cache(maxsize=8)
def read_sheet(sheet_path: Path, card_path: Path) -> Sheet:
    card = pdfium.PdfDocument(card_path)
    sheet = pdfium.PdfDocument(sheet_path)
    try:
        sizes = [(mm(w), mm(h)) for w, h in (page.get_size() for page in sheet)]
        # The front: where the card's "102"s are on one card, and on the sheet.
        on_card = text_positions(card[0], "102")
        on_sheet = text_positions(sheet[0], "102") if len(sheet) else []
        fronts = []
        if on_card:
            for x, y in on_sheet:
                origin = (x - on_card[0][0], y - on_card[0][1])
                if all(any(close((origin[0] + cx, origin[1] + cy), s, 0.5) for s in on_sheet) for cx, cy in on_card):
                    fronts.append(origin)
        # The back: where each QR code is on one card's back, and on the sheet's second page.
        on_card_back = {f.payload: (f.x_mm, f.y_mm) for f in decode_page(card[1], SHEET_DPI)}
        codes = decode_in_windows(sheet[1], SHEET_DPI, SHEET_CARDS * len(on_card_back)) if len(sheet) > 1 else []
        backs = [(c.x_mm - on_card_back[c.payload][0], c.y_mm - on_card_back[c.payload][1])
                 for c in codes if c.payload in on_card_back]
        return Sheet(sizes=sizes, fronts=cluster(fronts, 1.0), backs=cluster(backs, 1.5), back_codes=codes,
                     front_count=len(on_sheet), card_count=len(on_card))
    finally:
        sheet.close()
        card.close()


def sheet_of(build: Build, language: str) -> Sheet:
    return read_sheet(build.file(language, "wallet-card-sheet.pdf"), build.file(language, "wallet-card.pdf"))


def check_sheet_paper(sheet: Sheet, paper: tuple[float, float], where: str) -> None:
    assert len(sheet.sizes) == 2, f"{where}: {len(sheet.sizes)} pages, not 2 (fronts, then backs)"
    for number, size in enumerate(sheet.sizes, 1):
        assert close(size, paper, SIZE_TOLERANCE_MM), f"{where} page {number} is {size} mm, not {paper}"


def check_sheet_codes(sheet: Sheet, where: str) -> None:
    counts = Counter(code.payload for code in sheet.back_codes)
    expected = Counter({payload: SHEET_CARDS for payload in CARD_BACK_PAYLOADS})
    assert counts == expected, f"{where}: the backs decode to {dict(counts)}, not {dict(expected)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_card_sheet_is_two_a4_pages(print_build, language):
    check_sheet_paper(sheet_of(print_build, language), A4_MM, f"{language}/wallet-card-sheet.pdf")


@pytest.mark.parametrize("language", LANGUAGES)
def test_card_sheet_backs_carry_ten_of_each_qr_code(print_build, language):
    check_sheet_codes(sheet_of(print_build, language), f"{language}/wallet-card-sheet.pdf")


@pytest.mark.parametrize("language", LANGUAGES)
def test_card_sheet_fronts_are_ten_cards_in_two_columns_and_five_rows(print_build, language):
    sheet = sheet_of(print_build, language)
    where = f"{language}/wallet-card-sheet.pdf page 1"
    assert sheet.front_count == SHEET_CARDS * sheet.card_count, (
        f"{where}: '102' is printed {sheet.front_count} times; one card's front prints it {sheet.card_count} times")
    assert len(sheet.fronts) == SHEET_CARDS, f"{where}: {len(sheet.fronts)} whole card fronts found: {sheet.fronts}"
    columns = cluster([(x, 0) for x, _ in sheet.fronts], 0.5)
    rows = cluster([(0, y) for _, y in sheet.fronts], 0.5)
    assert (len(columns), len(rows)) == SHEET_GRID, f"{where}: {len(columns)} columns × {len(rows)} rows"
    width, height = sheet.sizes[0]
    for x, y in sheet.fronts:
        assert -0.1 <= x and x + CARD_MM[0] <= width + 0.1 and -0.1 <= y and y + CARD_MM[1] <= height + 0.1, (
            f"{where}: the card at ({x:.1f}, {y:.1f}) mm runs off the sheet")


@pytest.mark.parametrize("language", LANGUAGES)
def test_card_sheet_backs_are_mirrored_behind_their_fronts(print_build, language):
    """Printed on both sides and flipped on the long edge, x becomes W − x: the back of the card
    at (x, y) on page 1 must be at (W − x − card width, y) on page 2."""
    sheet = sheet_of(print_build, language)
    where = f"{language}/wallet-card-sheet.pdf"
    width = sheet.sizes[1][0]
    assert len(sheet.backs) == SHEET_CARDS, f"{where} page 2: {len(sheet.backs)} card backs found: {sheet.backs}"
    assert len(sheet.fronts) == SHEET_CARDS, f"{where} page 1: {len(sheet.fronts)} card fronts found"
    for x, y in sheet.backs:
        behind = (width - x - CARD_MM[0], y)
        assert any(close(behind, front, 1.0) for front in sheet.fronts), (
            f"{where}: the back at ({x:.1f}, {y:.1f}) mm lands at ({behind[0]:.1f}, {behind[1]:.1f}) when "
            f"turned over, behind no front; fronts: {[(round(a, 1), round(b, 1)) for a, b in sorted(sheet.fronts)]}")
    # And the other way round: every front has its back.
    mirrored = [(width - x - CARD_MM[0], y) for x, y in sheet.backs]
    for front in sheet.fronts:
        assert any(close(front, m, 1.0) for m in mirrored), f"{where}: the front at {front} has no back behind it"


@pytest.mark.parametrize("language", LANGUAGES)
def test_card_sheet_has_cut_marks_at_every_card_edge(print_build, language):
    """Outside the block of cards, every cutting line (each card edge) is marked in the margin."""
    sheet = sheet_of(print_build, language)
    where = f"{language}/wallet-card-sheet.pdf page 1"
    assert len(sheet.fronts) == SHEET_CARDS, f"{where}: {len(sheet.fronts)} card fronts found"
    px_per_mm = SHEET_DPI / 25.4
    document = pdfium.PdfDocument(print_build.file(language, "wallet-card-sheet.pdf"))
    try:
        image = document[0].render(scale=SHEET_DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    xs = sorted({round(v, 1) for x, _ in sheet.fronts for v in (x, x + CARD_MM[0])})
    ys = sorted({round(v, 1) for _, y in sheet.fronts for v in (y, y + CARD_MM[1])})
    block = (min(xs), min(ys), max(xs), max(ys))
    gap = round(0.5 * px_per_mm)
    missing = []
    for x in cluster([(v, 0) for v in xs], 0.3):
        column = round(x[0] * px_per_mm)
        above = (0, round(block[1] * px_per_mm) - gap)
        below = (round(block[3] * px_per_mm) + gap, image.height - 1)
        for label, (start, end) in (("above", above), ("below", below)):
            if end - start < px_per_mm or not mark_visible(image, (column, start, column, end), True, px_per_mm):
                missing.append(f"x = {x[0]:.1f} mm {label} the cards")
    for y in cluster([(0, v) for v in ys], 0.3):
        row = round(y[1] * px_per_mm)
        left = (0, round(block[0] * px_per_mm) - gap)
        right = (round(block[2] * px_per_mm) + gap, image.width - 1)
        for label, (start, end) in (("left of", left), ("right of", right)):
            if end - start < px_per_mm or not mark_visible(image, (start, row, end, row), False, px_per_mm):
                missing.append(f"y = {y[1]:.1f} mm {label} the cards")
    assert not missing, f"{where}: no cut mark at {'; '.join(missing)}"


# --- US Letter ------------------------------------------------------------------------

def test_letter_pack_builds(letter_build):
    assert letter_build.result.returncode == 0, letter_build.describe()


@pytest.mark.parametrize("name", FORMATS)
def test_letter_office_page_sizes(letter_build, name):
    pages, *_ = PAGES[name]
    pdf = pypdf.PdfReader(letter_build.file("en", f"{name}.pdf"))
    assert len(pdf.pages) == pages, f"{LETTER_PACK}/en/{name}.pdf has {len(pdf.pages)} pages, not {pages}"
    for number, page in enumerate(pdf.pages, 1):
        assert close(size_mm(page.mediabox), LETTER_PAGES[name], SIZE_TOLERANCE_MM), (
            f"{LETTER_PACK}/en/{name}.pdf page {number} is {size_mm(page.mediabox)} mm, not {LETTER_PAGES[name]}")


@pytest.mark.parametrize("name", FORMATS)
def test_letter_print_trim_sizes(letter_build, name):
    pdf = pypdf.PdfReader(letter_build.file("en", f"{name}.print.pdf"))
    for number, page in enumerate(pdf.pages, 1):
        assert close(size_mm(page.trimbox), LETTER_PAGES[name], SIZE_TOLERANCE_MM), (
            f"{LETTER_PACK}/en/{name}.print.pdf page {number}: TrimBox {size_mm(page.trimbox)} mm, "
            f"not {LETTER_PAGES[name]}")


def test_letter_card_sheet(letter_build):
    sheet = sheet_of(letter_build, "en")
    where = f"{LETTER_PACK}/en/wallet-card-sheet.pdf"
    check_sheet_paper(sheet, LETTER_MM, where)
    check_sheet_codes(sheet, where)
    assert len(sheet.fronts) == SHEET_CARDS, f"{where}: {len(sheet.fronts)} card fronts found"


@pytest.mark.parametrize("filename", [f"{name}.pdf" for name in FORMATS] + [f"{name}.print.pdf" for name in FORMATS])
def test_letter_qr_codes_decode(letter_build, filename):
    name = filename.split(".")[0]
    document = pdfium.PdfDocument(letter_build.file("en", filename))
    try:
        payloads = {f.payload for page in document for f in decode_page(page, DECODE_DPI)}
    finally:
        document.close()
    expected = set(CARD_BACK_PAYLOADS)
    if name != "wallet-card":
        feedback = [p for p in payloads if p.startswith(f"mailto:{EMAIL}?")]
        assert len(feedback) == 1 and f"{LETTER_PACK}/en/{name}/" in feedback[0], (
            f"{LETTER_PACK}/en/{filename}: feedback codes {feedback}")
        expected |= set(feedback)
    assert payloads == expected, f"{LETTER_PACK}/en/{filename} decodes to {sorted(payloads)}, not {sorted(expected)}"


# --- how the leaflet folds ------------------------------------------------------------

def guidance(language: str) -> dict:
    path = CONTENT / "kz" / "domestic-violence" / f"{language}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def plain(text: str) -> str:
    """Text as compared: no markup, whitespace or hyphens (see squash)."""
    return squash(text.replace("*", ""))


def extracted(text: str) -> str:
    """Extracted text as compared: pdfium also reports a hyphen at a line break as U+0002."""
    return squash(text.replace("\x02", ""))


def panel_texts(path: Path) -> list[list[str]]:
    """The text of each page's three panels (thirds of the trimmed page), left to right."""
    document = pdfium.PdfDocument(path)
    try:
        pages = []
        for page in document:
            left, bottom, right, top = page.get_trimbox()
            third = (right - left) / 3
            textpage = page.get_textpage()
            pages.append([extracted(textpage.get_text_bounded(left + i * third, bottom, left + (i + 1) * third, top))
                          for i in range(3)])
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def check_fold_order(path: Path, language: str, where: str) -> None:
    content = guidance(language)
    pages = panel_texts(path)
    assert len(pages) == 2, f"{where}: {len(pages)} pages"
    (flap, back, cover), inside = pages
    assert plain(content["title"]) in cover, f"{where}: the right panel of page 1 (the cover) lacks the title"
    assert plain(EMAIL) in back, f"{where}: the middle panel of page 1 (the back) lacks {EMAIL}"
    questions = [(s["id"], plain(s["question"])) for s in content["sections"]]
    assert questions[0][1] in flap, f"{where}: the left panel of page 1 (the inside flap) lacks the first question"
    reading_order = [flap, *inside]  # the flap is read first, then the inside, left to right
    names = ["page 1 left (flap)", "page 2 left", "page 2 middle", "page 2 right"]
    previous = 0
    for section, question in questions:
        panel = next((i for i, text in enumerate(reading_order) if question in text), None)
        assert panel is not None, f"{where}: the question of {section!r} is in no panel (or split across two)"
        assert panel >= previous, (f"{where}: {section!r} is on {names[panel]}, before a section that comes "
                                   f"earlier, on {names[previous]}")
        previous = panel


@pytest.mark.parametrize("language", LANGUAGES)
def test_leaflet_folds_in_order(office_dir, language):
    check_fold_order(office_dir / language / "leaflet.pdf", language, f"{language}/leaflet.pdf")


@pytest.mark.parametrize("language", LANGUAGES)
def test_print_leaflet_folds_in_order(print_build, language):
    check_fold_order(print_build.file(language, "leaflet.print.pdf"), language, f"{language}/leaflet.print.pdf")


def test_letter_leaflet_folds_in_order(letter_build):
    check_fold_order(letter_build.file("en", "leaflet.pdf"), "en", f"{LETTER_PACK}/en/leaflet.pdf")


# --- the poster's tear-off tabs -------------------------------------------------------

TAB_BAND_MM = 65  # the tabs (each number with its name on a line above it: about 60 mm), below the footer


@pytest.mark.parametrize("language", LANGUAGES)
def test_poster_tabs_are_upright_and_carry_the_numbers(office_dir, language):
    document = pdfium.PdfDocument(office_dir / language / "poster.pdf")
    try:
        page = document[0]
        assert page.get_rotation() == 0
        left, bottom, right, _ = page.get_trimbox()
        width = (right - left) / POSTER_TABS
        band_top = bottom + TAB_BAND_MM / MM_PER_POINT
        textpage = page.get_textpage()
        for tab in range(POSTER_TABS):
            text = textpage.get_text_bounded(left + tab * width, bottom, left + (tab + 1) * width, band_top)
            digits = "".join(ch for ch in text if ch.isdigit())
            for payload in CARD_BACK_PAYLOADS:
                number = "".join(ch for ch in payload if ch.isdigit())[1:]  # without the country code 7
                assert number in digits, f"{language}/poster.pdf tab {tab + 1} lacks {number}: {text!r}"
        tilted = []
        for index in range(textpage.count_chars()):
            _, char_bottom, _, _ = textpage.get_charbox(index)
            if char_bottom < band_top and abs(pdfium_c.FPDFText_GetCharAngle(textpage.raw, index)) > 0.01:
                tilted.append(textpage.get_text_range(index, 1))
        textpage.close()
        assert not tilted, f"{language}/poster.pdf: the tabs' text is not upright: {''.join(tilted)!r}"
    finally:
        document.close()


def dashed(values: list[int]) -> bool:
    """A dashed line: at least 8 dark runs of regular length along it, with light gaps."""
    runs, current = [], 0
    for value in values:
        if value < 128:
            current += 1
        elif current:
            runs.append(current)
            current = 0
    inner = runs[1:-1]  # the first and last may be cut short
    if len(inner) < 8:
        return False
    dark = sum(runs) / len(values)
    return max(inner) <= 1.6 * min(inner) and 0.2 <= dark <= 0.8


@pytest.mark.parametrize("language", LANGUAGES)
def test_poster_tabs_have_dashed_cut_lines(office_dir, language):
    dpi = 150
    px_per_mm = dpi / 25.4
    document = pdfium.PdfDocument(office_dir / language / "poster.pdf")
    try:
        image = document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    rows = range(image.height - round(38 * px_per_mm), image.height - round(2 * px_per_mm))
    missing = []
    for tab in range(1, POSTER_TABS):
        centre = tab * image.width / POSTER_TABS
        columns = range(round(centre - 1.5 * px_per_mm), round(centre + 1.5 * px_per_mm) + 1)
        if not any(dashed([image.getpixel((x, y)) for y in rows]) for x in columns):
            missing.append(str(tab))
    assert not missing, f"{language}/poster.pdf: no dashed cut line after tab(s) {', '.join(missing)}"
