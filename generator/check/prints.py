"""What each page of a document prints, as the check read it: its numbers and addresses, and
the payloads of its QR codes.

When a number changes, an NGO has to know which printed stock carries it: each document's
manifest entry records this (generator.write.manifest), and `respack where` reads it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.check.numbers import Printed, printed_key


@dataclass(frozen=True, slots=True)
class PagePrints:
    """What one page of a document carries: numbers as printed, and QR code payloads."""

    page: int
    numbers: tuple[str, ...]
    codes: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {"page": self.page, "numbers": list(self.numbers), "codes": list(self.codes)}


def pages_printing(printed: Sequence[Sequence[Printed]], codes: Sequence[Sequence[str]], numbers: Iterable[str]
                   ) -> tuple[PagePrints, ...]:
    """Which of the known numbers and addresses (the contacts' printed forms) each page prints,
    as the eye reads it (generator.check.numbers), with the page's decoded codes; pages with
    neither are left out."""
    known = {printed_key(number): number for number in numbers if number}
    found = []
    for page, (items, page_codes) in enumerate(zip(printed, codes), 1):
        numbers_on_page = tuple(sorted({known[item.key] for item in items if item.key in known}))
        if numbers_on_page or page_codes:
            found.append(PagePrints(page, numbers_on_page, tuple(sorted(set(page_codes)))))
    return tuple(found)
