"""What the preview page says of files: paths relative to the current folder or a pack's,
never the machine's absolute ones.

The page may be open on another computer (`--host`), or read by a page elsewhere, and a
path tells who uses the machine and how it is laid out (/home/<name>/...). Problems name
their files, and their messages quote paths and file:// URLs (WeasyPrint names the image it
could not load): each is said as generator.installation.shown_path says it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import Problem, RespackError
from generator.installation import shown_path
from generator.packs.load import find_pack

_FILE_URL = re.compile(r"file://[^\s'\"<>()\[\]{}]+")
# A slash that starts a word (not the slash of a URL, "and/or" or "…/name"), up to a space or quote.
_ABSOLUTE = re.compile(r"(?<![\w.~/\\:…-])/[^\s'\"<>:,;()\[\]{}]+")


@dataclass(frozen=True)
class Shown:
    """Says paths relative to the current folder, else to one of the packs' folders."""

    folders: tuple[Path, ...] = ()

    @classmethod
    def for_packs(cls, packs: Sequence[str]) -> Shown:
        """For the packs as the command line names them (a bundled pack's name, a pack file)."""
        return cls(tuple(folder for ref in packs if (folder := _pack_folder(ref)) is not None))

    def path(self, path: Path | str) -> str:
        return shown_path(path, self.folders)

    def text(self, text: str) -> str:
        """text with every file:// URL and absolute path of this machine said as a shown path."""
        text = _FILE_URL.sub(lambda found: self._url(found[0]), text)
        return _ABSOLUTE.sub(lambda found: self._absolute(found[0]), text)

    def problem(self, problem: Problem) -> Problem:
        return replace(problem, file=self.path(problem.file), message=self.text(problem.message),
                       field=self.text(problem.field) if problem.field else problem.field)

    def _url(self, url: str) -> str:
        body, end = _sentence_end(url)
        return self.path(Path(unquote(urlsplit(body).path))) + end

    def _absolute(self, found: str) -> str:
        """A path whose first folder this machine has; anything else (a "/" in a text) as it is."""
        body, end = _sentence_end(found)
        first = body.strip("/").split("/", 1)[0]
        if not first or not (Path("/") / first).exists():
            return found
        return self.path(body) + end


def _sentence_end(text: str) -> tuple[str, str]:
    """text without the full stops that end a sentence after it, and those full stops."""
    body = text.rstrip(".")
    return body, text[len(body):]


def _pack_folder(ref: str) -> Path | None:
    try:
        return find_pack(ref).resolve().parent
    except RespackError:
        return None
