"""What each page of a document prints, as the check read it: its numbers and addresses, and
the payloads of its QR codes.

When a number changes, an NGO has to know which printed stock carries it: each document's
manifest entry records this (generator.write.manifest), and `respack where` reads it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PagePrints:
    """What one page of a document carries: numbers as printed, and QR code payloads."""

    page: int
    numbers: tuple[str, ...]
    codes: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {"page": self.page, "numbers": list(self.numbers), "codes": list(self.codes)}


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
