"""A pack's manifest.json: every file a build wrote, each document's key and what its pages print.

The manifest lands with the files it records (generator.write.landing); it is what tells a
later build which documents it can skip (generator.write.cache), and `respack where` which
printed stock carries a number. Numbers are compared by their digits alone, however spaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.check.prints import PagePrints
from generator.write.files import WrittenFile

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class DocumentEntry:
    """One document in the manifest: the key of its inputs (generator.write.cache) and its files."""

    path: str  # the PDF, relative to the pack's output folder
    key: str
    files: tuple[str, ...]  # the PDF and its previews
    prints: tuple[PagePrints, ...] = ()  # what each page carries, for `respack where`


@dataclass(frozen=True)
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
            data = json.loads((pack_dir / MANIFEST).read_text(encoding="utf-8"))
            files = {e["path"]: ManifestEntry(e["path"], int(e["size"]), str(e["sha256"]), e.get("pages"))
                     for e in data.get("files", [])}
            documents = {d["path"]: DocumentEntry(d["path"], str(d["key"]), tuple(d["files"]), tuple(
                PagePrints(int(p["page"]), tuple(p["numbers"]), tuple(p["codes"])) for p in d.get("prints", [])))
                for d in data.get("documents", [])}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls({}, {})  # a missing or unreadable manifest: everything is rebuilt
        return cls(files, documents)

    def up_to_date(self, pack_dir: Path, pdf: str, key: str) -> list[ManifestEntry] | None:
        """The entries of the document's files if it needs no rebuild, else None."""
        record = self.documents.get(pdf)
        if record is None or record.key != key or pdf not in record.files:
            return None
        entries = [self.files.get(name) for name in record.files]
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


def manifest_text(pack_dir: Path, pack: str, version: str, written: list[WrittenFile],
                  documents: Sequence[DocumentEntry] = (), removed: Sequence[str] = ()) -> str:
    """The manifest once this build's files land: every file of the pack; entries of files this
    build did not touch are kept, unless it removes them.

    documents: the documents this build made, with their keys; earlier ones are kept while
    their PDF is still listed.
    """
    manifest_path = pack_dir / MANIFEST
    entries: dict[str, dict[str, object]] = {}
    known_documents: dict[str, dict[str, object]] = {}
    if manifest_path.exists():
        try:
            previous = json.loads(manifest_path.read_text(encoding="utf-8"))
            entries = {e["path"]: e for e in previous.get("files", [])
                       if e["path"] not in removed and (pack_dir / e["path"]).exists()}
            known_documents = {d["path"]: d for d in previous.get("documents", [])}
        except (ValueError, KeyError, TypeError, AttributeError):
            entries, known_documents = {}, {}  # an unreadable manifest is rebuilt from what this build wrote
    for file in written:
        entry: dict[str, object] = {"path": file.path.as_posix(), "size": file.size, "sha256": file.sha256}
        if file.pages is not None:
            entry["pages"] = file.pages
        entries[file.path.as_posix()] = entry
    for document in documents:
        known_documents[document.path] = {"path": document.path, "key": document.key,
                                          "files": list(document.files),
                                          "prints": [page.as_json() for page in document.prints]}
    manifest = {
        "pack": pack, "content_version": version,
        "files": [entries[key] for key in sorted(entries)],
        "documents": [known_documents[key] for key in sorted(known_documents) if key in entries],
    }
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Found:
    """A page of a document that prints what was asked for."""

    file: Path  # relative to the output folder: <pack>/<site>/<lang>/<format>.pdf
    page: int
    how: str  # "text" or "QR code"
    printed: str  # the number as printed, or the payload
    copies: tuple[str, ...] = ()  # other files with the same pages: the card sheet, the print-shop file


def key_of(query: str) -> str:
    """What a number or address is compared by: its digits, or the address in small letters."""
    query = query.strip()
    if "@" in query:
        return query.removeprefix("mailto:").split("?")[0].lower()
    return "".join(ch for ch in query if ch.isdigit())


def payload_key(payload: str) -> str:
    """The number or address a QR code's payload reaches: tel:, wa.me and mailto: alike."""
    if payload.startswith("mailto:"):
        return unquote(payload[len("mailto:"):].split("?")[0]).lower()
    if payload.startswith("tel:"):
        return key_of(payload[len("tel:"):])
    parts = urlsplit(payload)
    if parts.hostname in ("wa.me", "api.whatsapp.com"):
        return key_of(parts.path)
    return payload


def find_printed(out_dir: Path, query: str) -> list[Found]:
    """Every page of every document in out_dir whose text or QR codes carry the number or
    address, from the manifests of each pack, in the order of their files."""
    wanted = key_of(query)
    if not wanted:
        return []
    found = []
    for manifest in sorted(out_dir.glob(f"*/{MANIFEST}")):
        try:
            documents = json.loads(manifest.read_text(encoding="utf-8")).get("documents", [])
        except (OSError, ValueError, AttributeError):
            continue  # not a manifest of this tool, or broken: nothing to say about it
        for document in documents:
            if not isinstance(document, dict):
                continue
            pdf = Path(manifest.parent.name) / str(document.get("path", ""))
            copies = tuple(str(Path(manifest.parent.name) / f) for f in document.get("files", [])
                           if f.endswith(".pdf") and f != document.get("path"))
            for page in document.get("prints", []):
                hits = [("text", n) for n in page.get("numbers", []) if key_of(n) == wanted]
                hits += [("QR code", c) for c in page.get("codes", []) if payload_key(c) == wanted]
                found += [Found(pdf, int(page.get("page", 0)), how, printed, copies) for how, printed in hits]
    return found
