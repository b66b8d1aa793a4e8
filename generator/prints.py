"""What each document prints, page by page, and which documents print a number.

When a number changes, an NGO has to know which printed stock carries it. Each document's
manifest entry records, for every page, the numbers and addresses found in its text and
the payloads its QR codes decoded to, as the check read them; `respack where` reads the
manifests back. Numbers are compared by their digits alone, however they are spaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.write import MANIFEST


@dataclass(frozen=True)
class PagePrints:
    """What one page of a document carries: numbers as printed, and QR code payloads."""

    page: int
    numbers: tuple[str, ...]
    codes: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {"page": self.page, "numbers": list(self.numbers), "codes": list(self.codes)}


@dataclass(frozen=True)
class Found:
    """A page of a document that prints what was asked for."""

    file: Path  # relative to the output folder: <pack>/<site>/<lang>/<format>.pdf
    page: int
    how: str  # "text" or "QR code"
    printed: str  # the number as printed, or the payload
    copies: tuple[str, ...] = ()  # other files with the same pages: the card sheet, the print-shop file


def pages_printing(texts: Sequence[str], codes: Sequence[Sequence[str]], numbers: Iterable[str]
                   ) -> tuple[PagePrints, ...]:
    """Which of the known numbers and addresses (the contacts' printed forms) each page's text
    holds, with the page's decoded codes; pages with neither are left out."""
    patterns = {number: _pattern(number) for number in sorted(set(numbers)) if number}
    found = []
    for page, (text, page_codes) in enumerate(zip(texts, codes), 1):
        printed = tuple(number for number, pattern in patterns.items() if pattern.search(text))
        if printed or page_codes:
            found.append(PagePrints(page, printed, tuple(sorted(set(page_codes)))))
    return tuple(found)


def _pattern(number: str) -> re.Pattern[str]:
    """A number however the text spaces or breaks it, not inside a longer one; an address as is."""
    digits = [ch for ch in number if ch.isdigit()]
    if "@" in number or not digits:
        return re.compile(re.escape(number), re.IGNORECASE)
    return re.compile(r"(?<!\d)" + r"[\s\-().]*".join(digits) + r"(?!\d)")


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
