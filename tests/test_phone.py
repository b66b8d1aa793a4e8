"""On a phone, too: every number a tap away, and a page made for a phone's screen.

The PDFs of `respack build` (every bundled pack) are read back with PDFium's own link reader
(respack's check reads them with qpdf's): each link's target must dial the very number printed
under it, every contact's number printed must carry one, and the phone page must exist for every
language of every pack, small, its fonts subset. A hostile layout whose link dials another
number than it prints is refused, and a print shop's file carries no link.
"""

from __future__ import annotations

import ctypes
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from generator.packs.layouts import load_layout
from generator.packs.load import load_packs
from generator.packs.plan import plan_editions
from generator.pipeline import build_editions, plan
from shapes import Shape, _fill, write_pack
from support import e164, output_of, pack_with_template, respack

BUNDLED = ("armenia", "example-ngo", "kazakhstan", "safe-to-carry")
MAX_BYTES = 150 * 1024
MM_PER_POINT = 25.4 / 72


def office_pdfs(out: Path) -> list[Path]:
    """Every office PDF of a build: not the card sheets (for a paper cutter) nor a print shop's."""
    return sorted(path for path in out.rglob("*.pdf") if not path.name.endswith(("-sheet.pdf", ".print.pdf")))


def pdfium_links(pdf: bytes) -> list[list[tuple[str, tuple[float, float, float, float], str]]]:
    """(target, box, text under the box) of every link of every page, as PDFium reads them."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            textpage = page.get_textpage()
            position, link, found = ctypes.c_int(0), pdfium_c.FPDF_LINK(), []
            while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
                rect = pdfium_c.FS_RECTF()
                pdfium_c.FPDFLink_GetAnnotRect(link, rect)
                action = pdfium_c.FPDFLink_GetAction(link)
                size = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
                buffer = ctypes.create_string_buffer(size)
                pdfium_c.FPDFAction_GetURIPath(document.raw, action, buffer, size)
                box = (rect.left, min(rect.bottom, rect.top), rect.right, max(rect.bottom, rect.top))
                found.append((buffer.value.decode(), box, text_within(textpage, box)))
            textpage.close()
            pages.append(found)
    finally:
        document.close()
    return pages


def text_within(textpage: pdfium.PdfTextPage, box: tuple[float, float, float, float]) -> str:
    """The characters whose middle is inside box, in the order the page draws them."""
    chars = []
    for index in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(index)
        x, y = (left + right) / 2, (bottom + top) / 2
        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            chars.append(textpage.get_text_range(index, 1))
    return "".join(chars)


def dialled(target: str) -> str:
    """What a tap on a link reaches: the digits a phone dials, or the address it writes to."""
    parts = urlsplit(target)
    if parts.scheme == "mailto":
        return unquote(parts.path).lower()
    assert parts.scheme == "tel" or parts.hostname == "wa.me", f"a link opens {target}"
    return "".join(ch for ch in parts.path if ch.isdigit())


def printed_key(text: str) -> str:
    return text.strip().lower() if "@" in text else "".join(ch for ch in text if ch.isdigit())


# --- every office PDF: links read back ------------------------------------------------------

def test_every_link_of_every_office_pdf_dials_the_number_printed_under_it(bundled_build: Path) -> None:
    paths = office_pdfs(bundled_build)
    assert len(paths) > 60
    for path in paths:
        pages = pdfium_links(path.read_bytes())
        assert any(pages), f"{path} has no link"
        for links in pages:
            for target, _, text in links:
                assert printed_key(text) == dialled(target), f"{path}: a link to {target} stands over {text!r}"


def test_every_number_a_document_prints_is_a_tap_away(bundled_build: Path) -> None:
    """Each contact's number or address in the text of a page has a link that dials it on that page."""
    for pack in load_packs(BUNDLED):
        contacts = [c.display for c in pack.country.contacts if c.display]
        for path in office_pdfs(bundled_build / pack.name):
            document = pdfium.PdfDocument(path)
            texts = [page.get_textpage().get_text_range() for page in document]
            document.close()
            for text, links in zip(texts, pdfium_links(path.read_bytes())):
                tapped = {dialled(target) for target, _, _ in links}
                for display in contacts:
                    if display in text:
                        assert printed_key(display) in tapped, f"{path}: {display} is printed with no link"


def test_a_print_shop_file_carries_no_link(tmp_path: Path) -> None:
    result = respack("build", "kazakhstan", "--lang", "en", "--format", "wallet-card", "--format", "phone",
                     "--print-shop", "--jobs", "1", "--out", tmp_path)  # two small documents: one process
    assert result.returncode == 0, output_of(result)
    for name in ("wallet-card", "phone"):
        office = (tmp_path / "kazakhstan" / "en" / f"{name}.pdf").read_bytes()
        printed = (tmp_path / "kazakhstan" / "en" / f"{name}.print.pdf").read_bytes()
        assert any(pdfium_links(office)) and not any(pdfium_links(printed)), name


HOSTILE = """{% extends "base.html" %}
{% block body %}<h1>{{ title }}</h1>
{% for group in emergency %}<p>{{ group.name }} <a href="tel:103">{{ group.lines[0].display }}</a></p>{% endfor %}
{% endblock %}"""


def test_a_layout_whose_link_dials_another_number_is_refused(tmp_path: Path) -> None:
    """The police's 102 printed, a tap dialling 103: the same failure as a wrong caption."""
    pack = pack_with_template(tmp_path, "phone/template.html", HOSTILE)
    result = respack("build", pack, "--lang", "en", "--format", "phone", "--out", tmp_path / "out")
    output = " ".join(output_of(result).split())
    assert result.returncode == 1, output
    assert "the link to tel:103 stands over '102', not the number or address it dials" in output
    assert not list((tmp_path / "out").rglob("*.pdf"))


# --- the phone page ---------------------------------------------------------------------

def test_the_phone_page_is_made_for_every_language_of_every_bundled_pack(bundled_build: Path) -> None:
    editions = plan(BUNDLED, (), ("phone",))
    made = {(edition.pack.name, edition.language) for edition in editions}
    for pack in load_packs(BUNDLED):
        assert {(pack.name, language) for language in pack.languages} <= made
    assert ("armenia", "hy+ru") in made and ("example-ngo", "kk+ru") in made
    for edition in editions:
        path = bundled_build / edition.relative_path
        assert path.exists(), f"{path} was not written"
        assert path.stat().st_size <= MAX_BYTES, f"{path} is {path.stat().st_size} bytes"
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == len(edition.languages)  # a page per language
        for page in reader.pages:
            width, height = float(page.mediabox.width) * MM_PER_POINT, float(page.mediabox.height) * MM_PER_POINT
            assert abs(width - 90) < 0.5 and abs(height - 160) < 0.5 and abs(height / width - 16 / 9) < 0.01
            for font in page["/Resources"]["/Font"].values():
                name = str(font.get_object()["/BaseFont"])
                assert name[7:8] == "+" and name[1:7].isupper(), f"{path}: the font {name} is not a subset"


def test_the_phone_page_is_in_the_manifest_and_found_by_where(bundled_build: Path) -> None:
    manifest = json.loads((bundled_build / "kazakhstan" / "manifest.json").read_text(encoding="utf-8"))
    assert "kk/phone.pdf" in json.dumps(manifest)
    result = respack("where", "+7 7152 49 31 58", "--out", bundled_build)
    assert result.returncode == 0, output_of(result)
    assert "kazakhstan/kk/phone.pdf" in output_of(result)
    assert "phone" in output_of(respack("list"))


def test_a_neutral_phone_page_and_its_links_say_nothing(bundled_build: Path) -> None:
    for path in sorted((bundled_build / "safe-to-carry").glob("*/phone.pdf")):
        targets = [target for page in pdfium_links(path.read_bytes()) for target, _, _ in page]
        assert targets and not any("safe-to-carry" in unquote(t) or "violence" in unquote(t) for t in targets), targets
        assert f"subject={path.parent.name}/phone/" in " ".join(targets)  # the edition, without the pack's name
        assert "Useful numbers" in str(pypdf.PdfReader(path).metadata.title) or path.parent.name != "en"


# Both ends of the phone's capacity, one language and two, in scripts of both directions.
SHAPES = [Shape(1, (), ("en",)), Shape(1, (), ("he",)),
          *(Shape(4, _fill(4, 3, 5), languages, True) for languages in (("kk",), ("kk", "ru"), ("ar", "en"), ("ka",)))]


def test_the_phone_page_lays_out_the_least_and_the_most_it_holds(tmp_path: Path) -> None:
    assert load_layout("phone").capacity.limits(2) == {"emergency": 4, "services": 4, "lines": 3, "codes": 5}
    editions = []
    for shape in SHAPES:
        pack = write_pack(shape, tmp_path / shape.id, ("phone",))
        editions += plan_editions(load_packs([str(pack)]), ["+".join(shape.languages)], ["phone"])
    built = build_editions(editions, tmp_path / "out", jobs=2)
    for document, shape in zip(sorted(built, key=lambda b: editions.index(b.edition)), SHAPES):
        assert document.ok, f"{shape.id}: {document.report.problems}"
        path = tmp_path / "out" / document.edition.relative_path
        assert path.stat().st_size <= MAX_BYTES
        pages = pdfium_links(path.read_bytes())
        assert len(pages) == len(shape.languages)
        tapped = {dialled(target) for links in pages for target, _, _ in links}
        assert all(e164(f"+44 20 7946 0{s}{line}{line + 1}").lstrip("+") in tapped
                   for s, lines in enumerate(shape.services) for line in range(lines)), (shape.id, tapped)
