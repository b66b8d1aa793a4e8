"""A pack's manifest.json: every file a build wrote, each document's key and what its pages print.

The manifest lands with the files it records (generator.write.landing); it is what tells a
later build which documents it can skip (generator.write.cache), and `respack where` which
printed stock carries a number. Numbers are compared by their digits alone, however spaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import phonenumbers

from generator.check.numbers import payload_key
from generator.check.prints import PagePrints
from generator.write.files import WrittenFile

MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """One document in the manifest: the key of its inputs (generator.write.cache) and its files."""

    path: str  # the PDF, relative to the pack's output folder
    key: str
    files: tuple[str, ...]  # the PDF and its previews
    prints: tuple[PagePrints, ...] = ()  # what each page carries, for `respack where`
    # The step its office files were laid out at, and the key they were made under (the key of
    # a build without a print shop's files): a print shop's files asked for later take that
    # step, and are made alone while the office files are up to date.
    step: str = ""
    office_key: str = ""


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """What the manifest says of one file of the pack."""

    path: str
    size: int
    sha256: str
    pages: int | None = None


@dataclass
class Manifest:
    """A pack's manifest.json as read back; empty when missing or unreadable."""

    files: dict[str, ManifestEntry]
    documents: dict[str, DocumentEntry]

    @classmethod
    def read(cls, pack_dir: Path) -> Manifest:
        try:
            text = (pack_dir / MANIFEST).read_text(encoding="utf-8")
            data = json.loads(text)
            files = {e["path"]: ManifestEntry(e["path"], int(e["size"]), str(e["sha256"]), e.get("pages"))
                     for e in data.get("files", [])}
            documents = {d["path"]: DocumentEntry(d["path"], str(d["key"]), tuple(d["files"]), tuple(
                PagePrints(int(p["page"]), tuple(p["numbers"]), tuple(p["codes"])) for p in d.get("prints", [])),
                str(d.get("step", "")), str(d.get("office_key", ""))) for d in data.get("documents", [])}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls({}, {})  # a missing or unreadable manifest: everything is rebuilt
        return cls(files, documents)

    def up_to_date(self, pack_dir: Path, pdf: str, key: str) -> list[ManifestEntry] | None:
        """The entries of the document's files if it needs no rebuild, else None."""
        record = self.documents.get(pdf)
        if record is None or record.key != key or pdf not in record.files:
            return None
        return self.on_disk(pack_dir, record.files)

    def on_disk(self, pack_dir: Path, names: Sequence[str]) -> list[ManifestEntry] | None:
        """The entries of files the manifest lists, if each is on disk as it records; else None."""
        entries = [self.files.get(name) for name in names]
        if not all(entry and _matches(pack_dir / entry.path, entry) for entry in entries):
            return None
        return entries  # type: ignore[return-value]


def _matches(path: Path, entry: ManifestEntry) -> bool:
    """The file on disk is the one the manifest records: same size, then same sha256."""
    try:
        return path.stat().st_size == entry.size and hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256
    except OSError:
        return False


def stale_files(previous: DocumentEntry | None, written: Iterable[str]) -> list[str]:
    """Files a document wrote last time and not this time (a preview of a page it lost)."""
    return sorted(set(previous.files) - set(written)) if previous else []


def write_manifest(output: BinaryIO, pack_dir: Path, pack: str, version: str, written: Iterable[WrittenFile],
                   documents: Iterable[DocumentEntry] = (), removed: Sequence[str] = (), country: str = "",
                   makes: Sequence[str] | None = None) -> None:
    """The manifest once this build's files land, written into output entry by entry: every
    file of the pack; entries of files this build did not touch are kept, unless it removes them.
    The text is json.dumps(manifest, indent=2, ensure_ascii=False) of it, byte for byte, without
    the whole of it in memory at once (5,000 site cards made a manifest of 27 MB in memory).

    documents: the documents this build made, with their keys; earlier ones are kept while
    their PDF is still listed. country: the pack's, for `respack where` to read a number as
    it is written there. makes: every document the pack makes, as built now (None: as the
    manifest said): the others are older files, which `build --clean` removes.
    """
    manifest_path = pack_dir / MANIFEST
    entries: dict[str, dict[str, object] | WrittenFile] = {}
    known_documents: dict[str, dict[str, object] | DocumentEntry] = {}
    if manifest_path.exists():
        try:
            previous = json.loads(manifest_path.read_text(encoding="utf-8"))
            entries = {e["path"]: e for e in previous.get("files", [])
                       if e["path"] not in removed and (pack_dir / e["path"]).exists()}
            known_documents = {d["path"]: d for d in previous.get("documents", [])}
            if makes is None and isinstance(previous.get("makes"), list):
                makes = previous["makes"]
        except (ValueError, KeyError, TypeError, AttributeError):
            entries, known_documents = {}, {}  # an unreadable manifest is rebuilt from what this build wrote
    for file in written:
        entries[file.path.as_posix()] = file
    for document in documents:
        known_documents[document.path] = document
    head: dict[str, object] = {"pack": pack, "content_version": version, **({"country": country} if country else {}),
                               **({"makes": sorted(makes)} if makes is not None else {})}
    chunks = [f"  {_json(name)}: {_json(value, 1)}" for name, value in head.items()]
    output.write(("{\n" + ",\n".join(chunks)).encode())
    _write_list(output, "files", (_file_json(entries[path]) for path in sorted(entries)))
    _write_list(output, "documents", (_document_json(known_documents[path]) for path in sorted(known_documents)
                                      if path in entries))
    output.write(b"\n}\n")


def _json(value: object, depth: int = 0) -> str:
    """value as json.dumps(indent=2) writes it at that depth of a larger text: its lines
    indented (a JSON string holds no line break of its own: they are escaped)."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


def _write_list(output: BinaryIO, name: str, items: Iterator[dict[str, object]]) -> None:
    """A list of the manifest's top level ("files": [...]), one item at a time."""
    output.write(f",\n  {_json(name)}: ".encode())
    first = True
    for item in items:
        output.write(("[\n    " if first else ",\n    ").encode() + _json(item, 2).encode())
        first = False
    output.write(b"[]" if first else b"\n  ]")


def _file_json(file: dict[str, object] | WrittenFile) -> dict[str, object]:
    if isinstance(file, dict):
        return file
    entry: dict[str, object] = {"path": file.path.as_posix(), "size": file.size, "sha256": file.sha256}
    if file.pages is not None:
        entry["pages"] = file.pages
    return entry


def _document_json(document: dict[str, object] | DocumentEntry) -> dict[str, object]:
    if isinstance(document, dict):
        return document
    return {"path": document.path, "key": document.key, "files": list(document.files),
            "prints": [page.as_json() for page in document.prints],
            **({"step": document.step} if document.step else {}),
            **({"office_key": document.office_key} if document.office_key else {})}


@dataclass(frozen=True)
class Found:
    """A page of a document that prints what was asked for."""

    file: Path  # relative to the output folder: <pack>/<site>/<lang>/<format>.pdf
    page: int
    how: str  # "text" or "QR code"
    printed: str  # the number as printed, or the payload
    copies: tuple[str, ...] = ()  # other files with the same pages: the card sheet, the print-shop file
    older: bool = False  # a file of an earlier build that the pack, as last built, no longer makes


def key_of(query: str, region: str = "") -> str:
    """What a number or address is compared by: the address in small letters, or the digits a
    phone dials from abroad, however the number is written (+7 701 555 12 34, 8 (701) 555-12-34
    and 87015551234 are one number in Kazakhstan: libphonenumber reads it for region); a short
    number by its digits."""
    query = " ".join(query.split())
    if "@" in query:
        return query.removeprefix("mailto:").split("?")[0].lower()
    digits = "".join(ch for ch in query if ch in "0123456789")
    if digits and region and not query.startswith("+"):
        try:
            number = phonenumbers.parse(query, region)
        except phonenumbers.NumberParseException:
            return digits
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).lstrip("+")
    return digits


def find_printed(out_dir: Path, query: str) -> list[Found]:
    """Every page of every document in out_dir whose text or QR codes carry the number or
    address, from the manifests of each pack, in the order of their files; the number read as
    the pack's country writes it."""
    found = []
    for manifest in sorted(out_dir.glob(f"*/{MANIFEST}")):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            documents = data.get("documents", [])
        except (OSError, ValueError, AttributeError):
            continue  # not a manifest of this tool, or broken: nothing to say about it
        wanted = key_of(query, str(data.get("country", "")))
        makes = set(data["makes"]) if isinstance(data.get("makes"), list) else None
        for document in documents if wanted else ():
            if not isinstance(document, dict):
                continue
            pdf = Path(manifest.parent.name) / str(document.get("path", ""))
            copies = tuple(str(Path(manifest.parent.name) / f) for f in document.get("files", [])
                           if f.endswith(".pdf") and f != document.get("path"))
            older = makes is not None and document.get("path") not in makes
            for page in document.get("prints", []):
                hits = [("text", n) for n in page.get("numbers", []) if key_of(n) == wanted]
                hits += [("QR code", c) for c in page.get("codes", []) if payload_key(c) == wanted]
                found += [Found(pdf, int(page.get("page", 0)), how, printed, copies, older) for how, printed in hits]
    return found
