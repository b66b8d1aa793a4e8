"""What the tests expect, and how they read a PDF back: independently of generator.check.pdfcheck.

The expected facts are hard-coded from the source (seed/000_23f9e2df47c1fd1f.txt), so a
wrong number in content/ is caught instead of copied into the expectation.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pypdf
import pypdfium2 as pdfium
import yaml
import zxingcpp
from click.testing import CliRunner, Result
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

PACK = "kazakhstan"
LANGUAGES = ("en", "ru", "kk")
FORMATS = ("leaflet", "wallet-card", "poster")
DOCUMENTS = [(language, name) for name in FORMATS for language in LANGUAGES]

# format: (pages, width mm, height mm), from the product brief.
PAGES = {
    "leaflet": (2, 297.0, 210.0),      # A4 landscape, tri-fold
    "wallet-card": (2, 85.6, 53.98),   # ID-1
    "poster": (1, 297.0, 420.0),       # A3 portrait
    "phone": (1, 90.0, 160.0),         # a phone's screen, 9:16 (tests/test_phone.py reads it)
}
SIZE_TOLERANCE_MM = 0.5
MM_PER_POINT = 25.4 / 72

# The facts of the source, as printed digits (no country code) and as QR payloads.
POLICE, AMBULANCE = "102", "103"
LANDLINES = ("+77152493158", "+77152612530")  # +7 (7152) 49-31-58, +7 (7152) 61-25-30
WHATSAPP = "+77084324561"                     # +7 (708) 432-45-61
EMAIL = "help@labirint.online"
LANDLINE_PAYLOADS = tuple(f"tel:{n}" for n in LANDLINES)
WHATSAPP_PAYLOAD = "https://wa.me/77084324561"
EMERGENCY_PAYLOADS = ("tel:102", "tel:103")
# The national contact centre, from shared/sources/kz-contact-centre-111.md: a short number
# libphonenumber does not list, printed on the word of the reports cited there.
CONTACT_CENTRE = "111"
CONTACT_CENTRE_PAYLOAD = "tel:111"
FIXED_PAYLOADS = frozenset(LANDLINE_PAYLOADS + (WHATSAPP_PAYLOAD, CONTACT_CENTRE_PAYLOAD) + EMERGENCY_PAYLOADS)

KAZAKH_LETTERS = "әғқңөұүһі"
CYRILLIC = re.compile(r"[\u0400-\u052f]")
BAD_CHARACTERS = {"\ufffd": "U+FFFD replacement character", "\u25a1": "white square (empty box)",
                  "\u25af": "white rectangle (empty box)", "\x00": "NUL"}


def content_version() -> str:
    return str(yaml.safe_load((CONTENT / "kz" / "country.yaml").read_text(encoding="utf-8"))["version"])


def strings(language: str) -> dict:
    return yaml.safe_load((CONTENT / "strings" / f"{language}.yaml").read_text(encoding="utf-8"))


def guidance_status(language: str) -> str:
    path = CONTENT / "kz" / "domestic-violence" / f"{language}.yaml"
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["status"])


def is_draft(language: str) -> bool:
    return guidance_status(language) == "draft" or strings(language)["status"] == "draft"


def edition_id(language: str, name: str) -> str:
    return f"{PACK}/{language}/{name}/{content_version()}"


def document_id(param: tuple[str, str]) -> str:
    language, name = param
    return f"{name}-{language}"


# --- text -----------------------------------------------------------------------------

def squash(text: str) -> str:
    """Text without whitespace or hyphens, so line breaks and hyphenation do not matter.

    pdfium reports a hyphen at the end of a line as U+FFFE and joins the lines.
    """
    return re.sub(r"[\s\ufffe\u00ad\-\u2010\u2011]", "", text)


def digit_lines(text: str) -> list[str]:
    """The digits of each line: "+7 (7152) 49-31-58" becomes "77152493158".

    Lines are kept apart, so a number is found only if it is printed on one line.
    """
    return ["".join(ch for ch in line if ch.isdigit()) for line in text.splitlines()]


def has_number(text: str, e164: str) -> bool:
    national = e164.removeprefix("+7")
    return any(national in line for line in digit_lines(text))


def has_short_number(text: str, number: str) -> bool:
    return re.search(rf"(?<!\d){number}(?!\d)", text) is not None


def parse_mailto(payload: str) -> str:
    """The subject of a feedback mailto: link; fails unless it is exactly to EMAIL."""
    parts = urlsplit(payload)
    assert parts.scheme == "mailto", payload
    assert parts.path == EMAIL, f"feedback goes to {parts.path!r}, not {EMAIL}: {payload}"
    assert not parts.fragment, payload
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert set(query) == {"subject"} and len(query["subject"]) == 1, f"unexpected query in {payload}"
    return query["subject"][0]


# --- PDF ------------------------------------------------------------------------------

@dataclass
class Code:
    payload: str
    ec_level: str
    version: int
    side_px: float


@dataclass
class Document:
    """One built PDF, read back with pypdf, pypdfium2 and zxing-cpp (never generator.check.pdfcheck)."""

    language: str
    format: str
    path: Path
    built: object  # generator.pipeline.BuiltDocument
    _codes: dict[int, list[list[Code]]] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        return f"{self.format}-{self.language}"

    @cached_property
    def pdf(self) -> bytes:
        return self.path.read_bytes()

    @cached_property
    def reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(io.BytesIO(self.pdf))

    @cached_property
    def page_texts(self) -> list[str]:
        return page_texts(self.pdf)

    @property
    def text(self) -> str:
        return "\n".join(self.page_texts)

    def codes(self, dpi: int) -> list[list[Code]]:
        """The QR codes zxing-cpp finds on each page rasterised at dpi (cached)."""
        if dpi not in self._codes:
            document = pdfium.PdfDocument(self.pdf)
            pages = []
            try:
                for page in document:
                    image = page.render(scale=dpi / 72).to_pil()
                    page.close()
                    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
                    pages.append([_code(barcode) for barcode in found])
                    del image
            finally:
                document.close()
            self._codes[dpi] = pages
        return self._codes[dpi]

    def payloads(self, dpi: int = 150) -> set[str]:
        return {code.payload for page in self.codes(dpi) for code in page}


def _code(barcode: zxingcpp.Barcode) -> Code:
    p = barcode.position
    corners = [(p.top_left.x, p.top_left.y), (p.top_right.x, p.top_right.y),
               (p.bottom_right.x, p.bottom_right.y), (p.bottom_left.x, p.bottom_left.y)]
    sides = [((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
             for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1])]
    extra = getattr(barcode, "extra", None)
    version = int(extra.get("Version", 0)) if isinstance(extra, dict) else 0
    return Code(payload=barcode.text, ec_level=str(barcode.ec_level), version=version,
                side_px=min(sides))


def page_fonts(page: pypdf.PageObject) -> list[pypdf.generic.DictionaryObject]:
    """The font dictionaries a page uses, including those of its form XObjects."""
    fonts: dict[int, pypdf.generic.DictionaryObject] = {}

    def walk(resources: object, seen: set[int]) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            fonts[id(font.get_object())] = font.get_object()
        for xobject in (resources.get("/XObject") or {}).values():
            obj = xobject.get_object()
            if obj.get("/Subtype") == "/Form" and id(obj) not in seen:
                seen.add(id(obj))
                walk(obj.get("/Resources"), seen)

    walk(page.get("/Resources"), set())
    return list(fonts.values())


def font_descriptor(font: pypdf.generic.DictionaryObject) -> pypdf.generic.DictionaryObject | None:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor.get_object() if descriptor is not None else None


def embedded_font_file(font: pypdf.generic.DictionaryObject) -> bytes | None:
    descriptor = font_descriptor(font)
    if descriptor is None:
        return None
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            return descriptor[key].get_object().get_data()
    return None


def to_unicode(font: pypdf.generic.DictionaryObject) -> dict[int, str]:
    """The font's ToUnicode CMap: character code (= glyph id for Identity fonts) → text."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping: dict[int, str] = {}

    def text(hexstring: str) -> str:
        return bytes.fromhex(hexstring).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, value in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(code, 16)] = text(value)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, rest in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)",
                                          block):
            low_, high_ = int(low, 16), int(high, 16)
            if rest.startswith("["):
                for offset, value in enumerate(re.findall(r"<([0-9a-fA-F]*)>", rest)):
                    mapping[low_ + offset] = text(value)
            else:
                start = bytes.fromhex(rest[1:-1])
                for offset in range(high_ - low_ + 1):
                    value = start[:-2] + (int.from_bytes(start[-2:], "big") + offset).to_bytes(2, "big")
                    mapping[low_ + offset] = value.decode("utf-16-be")
    return mapping


def page_texts(pdf: bytes | Path) -> list[str]:
    """The text of each page, as pdfium extracts it."""
    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


OWN_CONTENT_PACK = """name: {name}
title: Kazakhstan
country: kz
situation: domestic-violence
languages: [kk, ru, en]
formats: [wallet-card]
content_dir: content
"""


def pack_with_content(folder: Path, name: str = "kazakhstan") -> Path:
    """A pack file in folder (wallet cards in kk, ru and en) with its own copy of the
    Kazakhstan content, overlaying the installed one; the pack file."""
    shutil.copytree(CONTENT / "kz", folder / "content" / "kz")
    shutil.copytree(CONTENT / "strings", folder / "content" / "strings")
    pack = folder / "pack.yaml"
    pack.write_text(OWN_CONTENT_PACK.format(name=name), encoding="utf-8")
    return pack


def pack_with_template(folder: Path, name: str, text: str) -> Path:
    """The bundled pack as a pack file in folder, with one template of its own (name, e.g.
    "wallet-card/template.html", in folder/layouts)."""
    (folder / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / "layouts" / name).write_text(text, encoding="utf-8")
    pack = (CONTENT / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8")
    (folder / "pack.yaml").write_text(pack.replace(f"name: {PACK}", "name: own") + "\nlayouts_dir: layouts\n",
                                      encoding="utf-8")
    return folder / "pack.yaml"


# --- running the respack command, and what it leaves behind ------------------------------

RESPACK = Path(sys.executable).parent / "respack"
HOOKS = ROOT / "tests" / "bad_inputs" / "_hooks"  # sitecustomize.py: no network, slow fsync on demand


def respack(*args: object) -> subprocess.CompletedProcess[str]:
    """The respack command, run from the project's folder."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run([str(RESPACK), *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def invoke(*args: object, code: int = 0) -> Result:
    """The respack command run in this process (click's runner): the exit code it must end
    with, and never a traceback."""
    from generator.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == code, f"respack {' '.join(map(str, args))} exited {result.exit_code}:\n" \
                                     f"{result.output}{result.exception!r}"
    assert "Traceback" not in result.output
    return result


def respack_env(**extra: str) -> dict[str, str]:
    """The environment of a respack subprocess: wide columns so rich does not wrap paths,
    and the hooks of tests/bad_inputs/_hooks on the path."""
    return {**os.environ, "COLUMNS": "1000", "NO_COLOR": "1", "PYTHONPATH": str(HOOKS), **extra}


def output_of(result: subprocess.CompletedProcess[str]) -> str:
    return f"{result.stdout}\n{result.stderr}"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below folder (hidden temporary files too), by relative path."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest_problems(pack_dir: Path) -> list[str]:
    """What a pack's manifest.json gets wrong about the files beside it."""
    manifest_path = pack_dir / "manifest.json"
    if not manifest_path.exists():
        return []
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError as error:
        return [f"manifest.json is not valid JSON: {error}"]
    problems = []
    listed = set()
    for entry in manifest.get("files", []):
        path = pack_dir / entry["path"]
        listed.add(entry["path"])
        if not path.is_file():
            problems.append(f"manifest.json lists {entry['path']}, which is not there")
        elif path.stat().st_size != entry["size"] or hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            problems.append(f"manifest.json has the wrong size or sha256 for {entry['path']}")
    for path in sorted(pack_dir.rglob("*")):
        relative = path.relative_to(pack_dir).as_posix()
        if path.suffix in (".pdf", ".png") and not path.name.startswith(".") and relative not in listed:
            problems.append(f"{relative} is not in manifest.json")
    return problems


def pdf_text(path: Path) -> str:
    return "\n".join(page_texts(path))


def file_states(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file below folder with its inode, modification time and size."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the tagged structure and the drawn text sizes of a written PDF ----------------------

def catalog(pdf: pypdf.PdfReader) -> DictionaryObject:
    return pdf.trailer["/Root"].get_object()


def structure_elements(pdf: pypdf.PdfReader) -> list[DictionaryObject]:
    """Every structure element of the tree, in document order."""
    root = catalog(pdf).get("/StructTreeRoot")
    found: list[DictionaryObject] = []
    seen: set[tuple[int, int]] = set()

    def walk(node: object) -> None:
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                return
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                found.append(node)
            if node.get("/Type") in ("/MCR", "/OBJR"):
                return  # marked content or an annotation: a leaf
            if "/K" in node:
                walk(node["/K"])

    if root is not None:
        walk(root.get_object().get("/K"))
    return found


def role(element: DictionaryObject, pdf: pypdf.PdfReader) -> str:
    """The standard type of an element, through the tree's RoleMap if it has one."""
    kind = str(element["/S"])
    role_map = catalog(pdf)["/StructTreeRoot"].get_object().get("/RoleMap")
    if role_map is not None:
        kind = str(role_map.get_object().get(kind, kind))
    return kind


def text_sizes(pdf: Path) -> list[tuple[float, str]]:
    """(size in points, text) of every piece of text drawn, as its matrices scale it."""
    sizes: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.append((size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]), text.strip()[:30]))

    for page in pypdf.PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def e164(number: str) -> str:
    """A number as its digits after a +, as a tel: code carries it."""
    return "+" + "".join(ch for ch in number if ch.isdigit())


def site_payload(row: dict[str, str]) -> str:
    """What the QR code of a site of a sites spreadsheet (tests/shapes.py site_rows) encodes."""
    digits = e164(row["number"])
    return f"tel:{digits}" if row["channel"] == "voice" else f"https://wa.me/{digits.lstrip('+')}"


def decoded(pdf: Path, dpi: int = 200) -> list[set[str]]:
    """The payloads zxing-cpp reads on each page."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [{code.text for code in zxingcpp.read_barcodes(page.render(scale=dpi / 72).to_pil(),
                                                               formats=zxingcpp.BarcodeFormat.QRCode)}
                for page in document]
    finally:
        document.close()
