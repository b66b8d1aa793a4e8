"""What a pack is made from: every file its reader opens, noted as it is opened.

Sphinx's dependency notes are the model: the readers of files (generator.reading.yamlfile's
read_yaml, the overlays' search for a file's layers, a logo or a printer's profile found)
note each path into the record of the pack being read, so the cache (generator.write.cache)
keys a document by the files really read, not by a list kept apart from the reader. A file
read for one language (its guidance, strings, giveaway terms, and the English a translation
is compared with) is noted under that language: an edit to it rebuilds that language's
documents only. A path looked for and not found is noted too: a file made there later (an
NGO's own overlay) changes the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

EVERY_LANGUAGE = ""  # a file every document of the pack is made from (the pack file, the country file)


@dataclass
class Reads:
    """Per language (EVERY_LANGUAGE for all), the files read for a pack, as read."""

    files: dict[str, set[Path]] = field(default_factory=dict)

    @contextmanager
    def recording(self, language: str = EVERY_LANGUAGE) -> Iterator[None]:
        """Files read within are noted here, under language (within a pack's recording, a
        language's reads are its own)."""
        token = _current.set((self, language))
        try:
            yield
        finally:
            _current.reset(token)

    def of(self, languages: tuple[str, ...]) -> set[Path]:
        """The files a document in these languages is made from."""
        found = set(self.files.get(EVERY_LANGUAGE, ()))
        for language in languages:
            found |= self.files.get(language, set())
        return found


_current: ContextVar[tuple[Reads, str] | None] = ContextVar("reads", default=None)


def note(path: Path) -> None:
    """Note a file opened (or looked for) into the record being made, if any."""
    current = _current.get()
    if current is not None:
        reads, language = current
        reads.files.setdefault(language, set()).add(path)
