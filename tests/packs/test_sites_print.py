"""The print shop's file of a rollout (`build --print-shop`): every site's print-shop card, one
after the other, as one PDF/X file that passes the preflight, its QR codes still scanning.

The clinics' numbers are fictional: Ofcom's drama range (tests/shapes.py).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from generator.check.preflight import pdfx_version, preflight
from generator.check.prints import PagePrints
from generator.pipeline import Finishing, build_editions, plan
from generator.write.manifest import find_printed
from generator.write.rollout import joined_prints
from shapes import site_rows, write_sites_pack
from support import decoded, page_texts, site_payload

COMBINED = Path("all-sites") / "en" / "wallet-card.print.pdf"


def cmyk_profiles(pdf: pikepdf.Pdf) -> int:
    """The ICC profiles of four inks the file holds: an output intent's, or a colour space's."""
    return sum(1 for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/N") == 4)


def test_the_print_shop_gets_every_sites_print_card_in_row_order(print_sites_build) -> None:
    combined = print_sites_build.pack_dir / COMBINED
    rows = print_sites_build.rows
    with pikepdf.open(combined) as pdf:
        assert len(pdf.pages) == 2 * len(rows)
        for page in pdf.pages:  # the cards' own boxes: the shop cuts each page at its TrimBox
            assert "/TrimBox" in page.obj and "/BleedBox" in page.obj
    texts = [" ".join(text.split()) for text in page_texts(combined)]
    for index, row in enumerate(rows):
        for side in (0, 1):
            assert f"{row['name']} sites-test/{row['id']}/en · " in texts[2 * index + side], (index, side)


@pytest.mark.parametrize("site", [0, 4, 7])  # the first and the last site, and a WhatsApp chat
def test_every_page_of_a_site_scans_to_that_sites_number(print_sites_build, site: int) -> None:
    rows = print_sites_build.rows
    pages = decoded(print_sites_build.pack_dir / COMBINED, dpi=150)
    front, back = pages[2 * site], pages[2 * site + 1]
    assert site_payload(rows[site]) in back
    others = {site_payload(row) for row in rows if row is not rows[site]}
    assert not (front | back) & others, "a site's page carries another site's number"


def test_the_combined_file_passes_the_preflight_with_one_output_intent(print_sites_build) -> None:
    combined = print_sites_build.pack_dir / COMBINED
    assert preflight(combined.read_bytes(), "pdf/x-4") == []
    with pikepdf.open(combined) as pdf:
        assert len(pdf.Root.OutputIntents) == 1 and cmyk_profiles(pdf) == 1
        assert pdfx_version(pdf) == "PDF/X-4"
        assert str(pdf.docinfo["/Subject"]) == "sites-test/all-sites/en/wallet-card/2026.11.25"
        assert "/StructTreeRoot" not in pdf.Root, "the first card's tags would describe its pages alone"
        joined_ids = (bytes(pdf.trailer.ID[0]), str(pdf.open_metadata().get("xmpMM:DocumentID")))
    card = print_sites_build.pack_dir / print_sites_build.rows[0]["id"] / "en" / "wallet-card.print.pdf"
    with pikepdf.open(card) as first:
        card_ids = (bytes(first.trailer.ID[0]), str(first.open_metadata().get("xmpMM:DocumentID")))
    assert joined_ids[0] == b"sites-test/all-sites/en/wallet-card/2026.11.25", joined_ids
    assert joined_ids[0] != card_ids[0] and joined_ids[1] != card_ids[1], "the joined file has the first site's id"
    assert combined.stat().st_size < len(print_sites_build.rows) * card.stat().st_size / 3


def test_where_names_the_combined_files_pages(print_sites_build) -> None:
    row = print_sites_build.rows[5]
    found = {(hit.file.as_posix(), hit.page, hit.how) for hit in find_printed(print_sites_build.out_dir, row["number"])}
    assert ("sites-test/all-sites/en/wallet-card.print.pdf", 12, "QR code") in found  # the back of the sixth


def test_an_unchanged_rollout_keeps_its_print_file(print_sites_build) -> None:
    combined = print_sites_build.pack_dir / COMBINED
    before = combined.stat().st_mtime_ns
    again = build_editions(plan((str(print_sites_build.pack),), (), ()), print_sites_build.out_dir,
                           finishing=Finishing(print_shop=True))
    assert all(document.unchanged for document in again)
    assert combined.stat().st_mtime_ns == before


def test_a_pdf_x_1a_rollout(tmp_path: Path) -> None:
    rows = site_rows(3)
    pack = write_sites_pack(tmp_path / "pack", rows)
    built = build_editions(plan((str(pack),), (), ()), tmp_path / "out",
                           finishing=Finishing(print_shop=True, pdf_variant="pdf/x-1a"))
    assert all(document.ok for document in built)
    combined = tmp_path / "out" / "sites-test" / COMBINED.with_name("wallet-card.print-x1a.pdf")  # beside X-4's
    assert not (tmp_path / "out" / "sites-test" / COMBINED).exists()
    assert preflight(combined.read_bytes(), "pdf/x-1a") == []
    with pikepdf.open(combined) as pdf:
        assert pdfx_version(pdf) == "PDF/X-1a:2003" and cmyk_profiles(pdf) == 1 and len(pdf.pages) == 6


def test_without_the_print_shop_a_rollout_has_no_print_file(sites_build) -> None:
    assert (sites_build.pack_dir / "all-sites" / "en" / "wallet-card-sheet.pdf").is_file()
    assert not (sites_build.pack_dir / COMBINED).exists()


def test_joined_prints_number_each_cards_pages_on() -> None:
    first = (PagePrints(1, ("102",), ()), PagePrints(2, ("+44 20 7946 0100",), ("tel:+442079460100",)))
    second = (PagePrints(2, ("+44 20 7946 0101",), ()),)
    assert joined_prints([(first, 2), (second, 2)]) == (*first, PagePrints(4, ("+44 20 7946 0101",), ()))
