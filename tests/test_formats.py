"""Page count and page size of every PDF, read with pypdf (not with the tool's own checker)."""

from __future__ import annotations

import pytest

from support import DOCUMENTS, LANGUAGES, MM_PER_POINT, PACK, PAGES, SIZE_TOLERANCE_MM, edition_id


def test_the_build_plans_every_language_in_every_format(pack_build):
    planned = sorted((b.edition.language, b.edition.format) for b in pack_build.built)
    # The phone page is read back by tests/test_phone.py; DOCUMENTS are those with QR codes.
    assert planned == sorted([*DOCUMENTS, *((language, "phone") for language in LANGUAGES)])
    for built in pack_build.built:
        assert built.edition.id == edition_id(built.edition.language, built.edition.format)
        assert built.edition.pack.name == PACK


@pytest.mark.parametrize("name", PAGES)
def test_layout_declares_the_size_of_the_brief(pack_build, name):
    pages, width, height = PAGES[name]
    layout = next(b.edition.layout for b in pack_build.built if b.edition.format == name)
    assert (layout.pages, layout.page_width_mm, layout.page_height_mm) == pytest.approx((pages, width, height))


def test_page_count(document):
    expected = PAGES[document.format][0]
    assert len(document.reader.pages) == expected, (
        f"{document.id} has {len(document.reader.pages)} pages, expected {expected}")


def test_page_size(document):
    _, width, height = PAGES[document.format]
    for number, page in enumerate(document.reader.pages, 1):
        box = page.trimbox  # the MediaBox unless the PDF declares a trim box (bleed)
        page_width, page_height = float(box.width) * MM_PER_POINT, float(box.height) * MM_PER_POINT
        if int(page.get("/Rotate", 0)) % 180:
            page_width, page_height = page_height, page_width
        assert page_width == pytest.approx(width, abs=SIZE_TOLERANCE_MM), (
            f"{document.id} page {number} is {page_width:.2f} mm wide, expected {width}")
        assert page_height == pytest.approx(height, abs=SIZE_TOLERANCE_MM), (
            f"{document.id} page {number} is {page_height:.2f} mm high, expected {height}")


def test_each_poster_leaflet_and_phone_is_laid_out_once(pack_build):
    """The first step tried has room: a roomy step that cannot hold the pack's content is not
    laid out for nothing (layout.yaml's holds:), and the poster's regular step leaves a Kazakh
    poster's taller tabs their room."""
    tried = {b.edition.id: (b.step, b.steps_tried) for b in pack_build.built
             if b.edition.format in ("poster", "leaflet", "phone")}
    assert tried and all(steps == 1 for _, steps in tried.values()), tried
