"""Office PDFs a screen reader can read, builds that can be reproduced, colours that survive a copier.

- Tagged PDF/UA-1: marked, the edition's language, a structure tree with headings, a
  title in the edition's language, and every QR code a Figure whose alternative text
  gives the number or address it encodes.
- The same inputs give byte-identical files: two builds into two folders are compared.
- The layout's colours have a contrast of at least 4.5:1; `respack check` refuses a pack
  whose brand colour is too light.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import yaml
import zxingcpp

from generator.packs.validate import contrast_ratio
from support import CONTENT, DOCUMENTS, EMAIL, PACK, catalog, document_id, respack, role, structure_elements

DECODE_DPI = 150
# Headings each format must have, for a screen reader to jump between its parts.
HEADINGS = {"leaflet": {"/H1", "/H2", "/H3"}, "poster": {"/H1", "/H2"}, "wallet-card": {"/H1"}}


# --- the builds -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def pack_dir(office_build: Path) -> Path:
    return office_build


@pytest.fixture(scope="module")
def second_build(second_pack_build) -> Path:  # type: ignore[no-untyped-def]
    """The same pack built again, into another folder, at another time, in one process where
    the first took one per core (conftest's second_pack_build): for reproducibility. The
    folder of the pack."""
    failed = {b.edition.id: b.report.problems for b in second_pack_build.built if not b.ok}
    assert not failed, failed
    return second_pack_build.pack_dir


# --- reading the PDF ------------------------------------------------------------------

def reader(pack_dir: Path, language: str, name: str) -> pypdf.PdfReader:
    path = pack_dir / language / f"{name}.pdf"
    assert path.exists(), f"{path} was not written"
    return pypdf.PdfReader(path)


def decoded_payloads(path: Path) -> set[str]:
    document = pdfium.PdfDocument(path)
    try:
        payloads = set()
        for page in document:
            image = page.render(scale=DECODE_DPI / 72).to_pil()
            page.close()
            payloads |= {c.text for c in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)}
        return payloads
    finally:
        document.close()


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def guidance_title(language: str) -> str:
    """The guidance's title as printed: its small inline markup (**, *) taken away."""
    path = CONTENT / "kz" / "domestic-violence" / f"{language}.yaml"
    title = yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
    return re.sub(r"\*+", "", title).strip()


# --- tagged PDF/UA-1 ------------------------------------------------------------------

parametrize_documents = pytest.mark.parametrize("language, name", DOCUMENTS, ids=map(document_id, DOCUMENTS))


@parametrize_documents
def test_is_tagged(pack_dir, language, name):
    pdf = reader(pack_dir, language, name)
    mark_info = catalog(pdf).get("/MarkInfo")
    assert mark_info is not None, f"{language}/{name}.pdf has no /MarkInfo"
    assert mark_info.get_object().get("/Marked") == True, f"{language}/{name}.pdf: /MarkInfo {mark_info}"  # noqa: E712
    tree = catalog(pdf).get("/StructTreeRoot")
    assert tree is not None, f"{language}/{name}.pdf has no /StructTreeRoot"
    assert structure_elements(pdf), f"{language}/{name}.pdf: the structure tree is empty"


@parametrize_documents
def test_language_is_the_editions(pack_dir, language, name):
    pdf = reader(pack_dir, language, name)
    assert catalog(pdf).get("/Lang") == language, (
        f"{language}/{name}.pdf: /Lang is {catalog(pdf).get('/Lang')!r}, not {language!r}: "
        "a screen reader would read it in the wrong voice")


@parametrize_documents
def test_title_is_the_guidance_title(pack_dir, language, name):
    pdf = reader(pack_dir, language, name)
    title = (pdf.metadata or {}).get("/Title")
    assert title and str(title).strip(), f"{language}/{name}.pdf has no /Title"
    assert str(title).strip() == guidance_title(language), (
        f"{language}/{name}.pdf: /Title {str(title)!r} is not the {language} guidance title "
        f"{guidance_title(language)!r}")
    preferences = catalog(pdf).get("/ViewerPreferences")
    assert preferences is not None and preferences.get_object().get("/DisplayDocTitle") == True, (  # noqa: E712
        f"{language}/{name}.pdf: viewers must show the title, not the file name (/DisplayDocTitle true)")


@parametrize_documents
def test_every_qr_code_is_a_figure_whose_alt_text_gives_its_number(pack_dir, language, name):
    pdf = reader(pack_dir, language, name)
    elements = structure_elements(pdf)
    figures = [e for e in elements if role(e, pdf) == "/Figure"]
    without_alt = [e for e in figures if not str(e.get("/Alt", "")).strip()]
    assert not without_alt, f"{language}/{name}.pdf: {len(without_alt)} Figure elements have no /Alt text"
    alts = [str(e["/Alt"]) for e in figures]
    payloads = decoded_payloads(pack_dir / language / f"{name}.pdf")
    assert payloads, f"{language}/{name}.pdf: no QR code decodes"
    assert len(figures) >= len(payloads), (
        f"{language}/{name}.pdf: {len(payloads)} different QR codes but {len(figures)} Figure elements")
    for payload in sorted(payloads):
        if payload.startswith("mailto:"):
            wanted, found = EMAIL, any(EMAIL in alt for alt in alts)
        else:
            number = payload.removeprefix("tel:").removeprefix("https://wa.me/")
            wanted, found = number, any(digits(number) in digits(alt) for alt in alts)
        assert found, (f"{language}/{name}.pdf: no Figure's /Alt gives {wanted} (for the QR code {payload[:60]}); "
                       f"the Alt texts: {alts}")


@parametrize_documents
def test_headings(pack_dir, language, name):
    """The format's heading levels are there, the first is H1, and no level is skipped going down."""
    pdf = reader(pack_dir, language, name)
    levels = [int(kind[2]) for kind in (role(e, pdf) for e in structure_elements(pdf))
              if re.fullmatch(r"/H[1-6]", kind)]
    present = {f"/H{level}" for level in levels}
    missing = HEADINGS[name] - present
    assert not missing, (f"{language}/{name}.pdf: no {', '.join(sorted(missing))} in the structure tree "
                         f"(headings found: {levels or 'none'})")
    order = ", ".join(f"H{level}" for level in levels[:8]) + (", …" if len(levels) > 8 else "")
    # PDF/UA-1 (Matterhorn checkpoints 14-002, 14-003): numbered headings start at H1 and skip no level.
    assert levels[0] == 1, (f"{language}/{name}.pdf: the first heading in tag order is H{levels[0]}, not H1 "
                            f"(headings in tag order: {order})")
    for previous, level in zip(levels, levels[1:]):
        assert level <= previous + 1, f"{language}/{name}.pdf: H{previous} is followed by H{level} ({order})"


# --- reproducible builds --------------------------------------------------------------

def sha256_of_pdfs(pack_dir: Path) -> dict[str, str]:
    return {p.relative_to(pack_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(pack_dir.rglob("*.pdf"))}


def test_two_builds_give_identical_pdfs(pack_dir, second_build):
    first, second = sha256_of_pdfs(pack_dir), sha256_of_pdfs(second_build)
    assert len(first) >= len(DOCUMENTS)
    assert first.keys() == second.keys()
    differ = sorted(path for path in first if first[path] != second[path])
    assert not differ, f"the same inputs gave different bytes in: {', '.join(differ)}"


def test_two_builds_give_identical_manifests(pack_dir, second_build):
    first = json.loads((pack_dir / "manifest.json").read_text(encoding="utf-8"))
    second = json.loads((second_build / "manifest.json").read_text(encoding="utf-8"))
    assert first["files"], "the manifest lists no file"
    differ = [(a, b) for a, b in zip(first["files"], second["files"]) if a != b]
    assert first["files"] == second["files"], f"manifest entries differ: {differ or 'in number'}"


# --- contrast -------------------------------------------------------------------------

def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21, abs=0.01)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the usual borderline grey
    assert contrast_ratio("#3b82f6", "#3b82f6") == pytest.approx(1, abs=0.001)


def test_bundled_pack_colours_pass_the_contrast_check():
    result = respack("check", PACK)
    assert "contrast" not in result.stderr.lower(), result.stderr


def test_check_refuses_a_light_brand_colour(tmp_path):
    pack = yaml.safe_load((CONTENT / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8"))
    pack["name"] = "kazakhstan-light"
    pack["branding"] = {**(pack.get("branding") or {}), "primary": "#8888ff"}
    path = tmp_path / "kazakhstan-light.yaml"
    path.write_text(yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = respack("check", path)
    message = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1, f"respack check exited with {result.returncode}:\n{message}"
    assert "contrast" in message.lower() and "4.5" in message, message
    assert "#8888ff" in message.lower(), f"the message should name the colour: {message}"


def test_check_contrast_of_a_loaded_pack(tmp_path):
    from generator.packs.load import load_pack
    from generator.packs.validate import check_contrast

    assert check_contrast(load_pack(CONTENT / "packs" / f"{PACK}.yaml")) == []
    text = (CONTENT / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8")
    path = tmp_path / "light.yaml"
    path.write_text(text.replace(f"name: {PACK}", "name: light") + '\nbranding:\n  primary: "#8888ff"\n',
                    encoding="utf-8")
    problems = check_contrast(load_pack(path))
    assert problems and all("4.5" in str(p) for p in problems), problems
