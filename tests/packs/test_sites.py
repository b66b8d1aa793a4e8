"""A spreadsheet of sites: one checked card per clinic, one file for the print shop, an edited
row rebuilding only its site, and `respack where` naming the pages that print a number.

The clinics' numbers are fictional: Ofcom's drama range, +44 20 7946 0000-0999 (tests/shapes.py).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from generator.errors import RespackError
from generator.pipeline import build, build_editions, plan
from generator.write.manifest import find_printed
from shapes import (
    SITE_COLUMNS,
    Shape,
    kazakh_site_rows,
    site_rows,
    write_kazakhstan_sites_pack,
    write_sites,
    write_sites_pack,
)
from support import LANDLINES, PACK, decoded, e164, has_number, output_of, page_texts, respack, site_payload

RESPACK = Path(sys.executable).parent / "respack"
SAMPLE = (0, 4, 17, 49)  # the first and the last site, and two between (4: a WhatsApp chat)


def test_every_site_gets_its_own_card(sites_build) -> None:
    cards = sorted(sites_build.pack_dir.glob("*/en/wallet-card.pdf"))
    assert [card.parent.parent.name for card in cards] == [row["id"] for row in sites_build.rows]
    assert all(document.ok for document in sites_build.built)


@pytest.mark.parametrize("n", SAMPLE)
def test_a_sites_card_decodes_to_its_own_number(sites_build, n: int) -> None:
    row = sites_build.rows[n]
    card = sites_build.pack_dir / row["id"] / "en" / "wallet-card.pdf"
    front, back = decoded(card)
    assert site_payload(row) in back
    others = {site_payload(other) for other in sites_build.rows if other is not row}
    assert not (front | back) & others, "a card carries another site's number"
    text = "".join(ch for ch in "\n".join(page_texts(card)) if ch.isdigit())
    assert e164(row["number"]).lstrip("+") in text
    lines = [line.strip() for line in page_texts(card)[1].splitlines()]
    assert lines[lines.index(row["name"]) + 1].startswith(f"sites-test/{row['id']}/en · "), "the name above the line"


def test_a_long_kazakh_label_keeps_every_code_beside_its_own_number(tmp_path: Path) -> None:
    """The Kazakhstan card with a clinic whose label takes four lines: its row grows, and the
    next row's "111 contact centre" comes under the corner of the police group's code, nearer
    than that code's own number beside it, but nearer still to its own row's code."""
    rows = [{**row, "label:kk": f"{n}-емхананың әлеуметтік қызметкері"}
            for n, row in enumerate(site_rows(2, first_number=998), start=998)]
    pack = write_kazakhstan_sites_pack(tmp_path / "pack", rows)
    result = build((str(pack),), out_dir=tmp_path / "out")
    assert all(document.ok for document in result.documents), [d.report.problems for d in result.documents]
    for row in rows:
        card = tmp_path / "out" / "kz-sites" / row["id"] / "kk" / "wallet-card.pdf"
        assert site_payload(row) in decoded(card)[1]
        assert f"{row['number']}" in " ".join(page_texts(card)[1].split())


def test_a_clinic_named_with_its_number_builds_as_named(tmp_path: Path) -> None:
    """An NGO's clinic list as it is: "№102" is the clinic's number, not the police's 102 printed
    without its link, while the card's real 102 beside its code is still held to its own."""
    names = ("Городская поликлиника №102", "Емхана № 103",
             "Шымкент қаласы денсаулық сақтау басқармасының қалалық № 103")  # its line full at the mark
    rows = [{**row, "name": name} for row, name in zip(kazakh_site_rows(3), names)]
    pack = write_kazakhstan_sites_pack(tmp_path / "pack", rows)
    result = build((str(pack),), out_dir=tmp_path / "out")
    assert all(document.ok for document in result.documents), [d.report.problems for d in result.documents]
    for row in rows:
        card = tmp_path / "out" / "kz-sites" / row["id"] / "kk" / "wallet-card.pdf"
        assert row["name"] in " ".join(" ".join(page_texts(card)).split())
        assert site_payload(row) in decoded(card)[1]


def test_sites_cards_have_no_previews_on_disk(sites_build) -> None:
    """Nobody opens most of a rollout's previews: a site writes its checked PDF alone, and its
    manifest entry lists nothing else."""
    assert not list(sites_build.pack_dir.rglob("*.png"))
    assert all(b.pdf and [f.path.suffix for f in b.files] == [".pdf"] for b in sites_build.built)


def test_serve_makes_a_sites_pages_when_they_are_asked_for(sites_preview) -> None:
    row = sites_preview.rows[1]
    views = {view["id"]: view for view in sites_preview.state["documents"]}
    assert len(views) == len(sites_preview.rows), "each site's card is a document of its own on the page"
    view = views[f"sites-test/{row['id']}/en/wallet-card"]
    assert not view["failed"] and len(view["pages"]) == 2
    assert not list(sites_preview.out_dir.rglob("*.png")), "the build wrote previews"
    response = sites_preview.client.get(view["pages"][1])
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    back = Image.open(io.BytesIO(response.content))
    assert back.width > 1000, "not at the previews' resolution"
    assert {code.text for code in zxingcpp.read_barcodes(back)} >= {site_payload(row)}
    assert sites_preview.client.get(view["pages"][1].replace(row["id"], "clinic-9999")).status_code == 404


def test_the_print_shop_gets_every_sites_cards_in_row_order(sites_build) -> None:
    sheet = sites_build.pack_dir / "all-sites" / "en" / "wallet-card-sheet.pdf"
    pages = decoded(sheet, dpi=150)
    assert len(pages) == 10  # 50 cards, ten a sheet, fronts and backs
    for index, backs in enumerate(pages[1::2]):
        rows = sites_build.rows[index * 10:(index + 1) * 10]
        assert {site_payload(row) for row in rows} <= backs
    texts = page_texts(sheet)
    ids = [row["id"] for row in sites_build.rows]
    order = [word for word in " ".join(texts[0::2]).replace("/", " ").split() if word in ids]
    assert sorted(set(order), key=order.index) == ids, "cards are not in the order of the rows"


def test_where_names_exactly_the_pages_that_print_a_number(sites_build) -> None:
    row = sites_build.rows[17]
    found = find_printed(sites_build.out_dir, row["number"].replace(" ", ""))
    assert {(hit.file.as_posix(), hit.page, hit.how) for hit in found} == {
        (f"sites-test/{row['id']}/en/wallet-card.pdf", 2, "text"),
        (f"sites-test/{row['id']}/en/wallet-card.pdf", 2, "QR code"),
        ("sites-test/all-sites/en/wallet-card-sheet.pdf", 4, "text"),  # sheet 2, backs
        ("sites-test/all-sites/en/wallet-card-sheet.pdf", 4, "QR code"),
    }
    shared = find_printed(sites_build.out_dir, "102")  # an emergency number: the front of every card
    assert {hit.file.as_posix() for hit in shared if hit.page == 1} >= {
        f"sites-test/{r['id']}/en/wallet-card.pdf" for r in sites_build.rows}
    assert not find_printed(sites_build.out_dir, "+44 20 7946 0999")  # on no card


def test_where_command(sites_build) -> None:
    row = sites_build.rows[4]  # a WhatsApp chat: found by its wa.me code and its printed number
    result = subprocess.run([str(RESPACK), "where", row["number"], "--out", str(sites_build.out_dir)],
                            capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"sites-test/{row['id']}/en/wallet-card.pdf page 2: QR code https://wa.me/" in result.stdout
    assert "is printed in 2 documents" in result.stdout
    missing = subprocess.run([str(RESPACK), "where", "+44 20 7946 0999", "--out", str(sites_build.out_dir)],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "is printed in 0 documents" in missing.stdout


def test_an_edited_row_rebuilds_only_its_site(sites_build, tmp_path: Path) -> None:
    pack_dir, out_dir = tmp_path / "pack", tmp_path / "out"
    shutil.copytree(sites_build.pack.parent, pack_dir)
    shutil.copytree(sites_build.out_dir, out_dir)
    rows = [dict(row) for row in sites_build.rows]
    rows[7]["label:en"] = "Clinic 7 night nurse"
    write_sites(pack_dir / "sites.csv", rows)
    built = build_editions(plan((str(pack_dir / "pack.yaml"),), (), ()), out_dir, jobs=1)
    assert [b.edition.site.id for b in built if not b.unchanged] == [rows[7]["id"]]
    assert "Clinic 7 night nurse" in page_texts(out_dir / "sites-test" / rows[7]["id"] / "en" / "wallet-card.pdf")[1]
    sheet = out_dir / "sites-test" / "all-sites" / "en" / "wallet-card-sheet.pdf"
    assert sheet.read_bytes() != (sites_build.pack_dir / "all-sites" / "en" / "wallet-card-sheet.pdf").read_bytes()


def bad_rows() -> list[dict[str, str]]:
    rows = site_rows(4)
    rows[1]["number"] = "+7 701 55"
    rows[1]["country"] = ""
    rows[2]["id"] = rows[0]["id"]
    rows[3]["label:en"] = ""
    return rows


def refused(pack: Path) -> list[str]:
    """The problems a build of the pack stops at, each as printed, after checking it wrote nothing."""
    out_dir = pack.parent.parent / "out"
    with pytest.raises(RespackError) as raised:
        build((str(pack),), out_dir=out_dir)
    assert not out_dir.exists()
    return [str(problem).removeprefix(f"{pack.parent}/") for problem in raised.value.problems]


def test_bad_rows_are_said_at_their_line_and_nothing_is_written(tmp_path: Path) -> None:
    messages = sorted(refused(write_sites_pack(tmp_path / "pack", bad_rows())))
    assert messages == [
        "sites.csv:3: [number] '+7 701 55' is not a valid phone number for KZ "
        "(libphonenumber rejects it; check the digits)",
        "sites.csv:4: [id] site id 'clinic-0000' is already used on line 2",
        "sites.csv:5: [label:en] is empty: the label of the site's contact in 'en', one of the pack's "
        "languages, is required",
    ]


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    pack = write_sites_pack(tmp_path / "pack", [])
    columns = tuple("chanel" if c == "channel" else c for c in SITE_COLUMNS if c != "label:en")
    write_sites(tmp_path / "pack" / "sites.csv", [{**r, "chanel": r["channel"]} for r in site_rows(2)], columns)
    text = "\n".join(refused(pack))
    assert "sites.csv:1: missing column 'channel' (a required column; its header may also read" in text
    assert "sites.csv:1: missing column 'label:en' (the site's label in 'en', one of the pack's languages)" in text


def test_a_site_past_the_formats_capacity_is_refused(tmp_path: Path) -> None:
    """A card holds four services: a pack with four, and a site's own, is one too many."""
    text = "\n".join(refused(write_sites_pack(tmp_path / "pack", site_rows(2), shape=Shape(2, (1, 1, 1, 1), ("en",)))))
    assert "sites.csv:2: site clinic-0000: en/wallet-card: this format holds at most 4 services" in text
    assert "sites.csv:3: site clinic-0001:" in text


def test_where_in_the_bundled_pack_matches_what_each_page_shows(pack_build, documents) -> None:
    """The landline of the special police group, found page by page in the PDFs themselves
    (text, and QR codes read by zxing-cpp), against what `where` reads from the manifests."""
    landline = LANDLINES[0]
    expected = set()
    for document in documents:
        file = f"{PACK}/{document.language}/{document.format}.pdf"
        for page, (text, codes) in enumerate(zip(document.page_texts, document.codes(150)), 1):
            if has_number(text, landline):
                expected.add((file, page, "text"))
            if f"tel:{landline}" in {code.payload for code in codes}:
                expected.add((file, page, "QR code"))
    # The other bundled packs are built beside it (conftest): their pages are theirs.
    found = [hit for hit in find_printed(pack_build.out_dir, "+7 (7152) 49-31-58") if hit.file.parts[0] == PACK]
    read = {document.format for document in documents}  # the nine documents (the phone's page has its own tests)
    assert expected and {(hit.file.as_posix(), hit.page, hit.how) for hit in found if hit.file.stem in read} == expected
    cards = [hit for hit in found if hit.file.name == "wallet-card.pdf"]
    assert all(f"{PACK}/{hit.file.parent.name}/wallet-card-sheet.pdf" in hit.copies for hit in cards)


def test_a_sites_note_that_types_a_number_and_a_name_with_letters_for_digits_are_refused_at_their_row(
        tmp_path: Path) -> None:
    rows = site_rows(3)
    rows[1]["note:en"] = "Or call 8\u00a0\u00a0800\u00a0\u00a0080\u00a0\u00a07777, 9:00–17:00."
    rows[2]["name"] = "Test clinic ІОЗ"
    pack = write_sites_pack(tmp_path, rows)
    result = respack("check", pack)
    said = output_of(result)
    assert result.returncode == 1, said
    assert "sites.csv:3:" in said and r"'8\xa0\xa0800\xa0\xa0080\xa0\xa07777' looks like a phone number" in said, said
    assert "sites.csv:4:" in said and "'ІОЗ' reads as 103 in a number's place" in said, said
    assert "9:00" not in said.replace("9:00–17:00.", "")  # the hours are a figure
