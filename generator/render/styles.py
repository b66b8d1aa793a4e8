"""The stylesheets and fonts of a layout, parsed once per process instead of once per document.

Parsing a card's two stylesheets and registering its three @font-face rules took a third of
the card's render: the same files, every time. WeasyPrint lets a document be laid out with
`CSS` objects parsed beforehand and with a `FontConfiguration` kept from earlier documents
(an @font-face it has seen is registered once), so a render worker keeps both.

The stylesheets reach WeasyPrint as the user's stylesheets, not through the template's
<link> elements: everything the template writes itself (its <style> blocks, the pack's
colours, a block of an NGO's template) still comes after them in the cascade. Only an
`!important` of a stylesheet would now beat one of the template, where it lost before.

A stylesheet that @imports another is parsed for every document (an edit of the imported
file would not be seen); so is one whose file changed since it was parsed (`build --watch`).
WeasyPrint's warnings about a stylesheet are said again for every document that uses it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.render.engine import CSS, CounterStyle, FontConfiguration, URLFetcher
from generator.render.fonts import FontSet

LOGGER = logging.getLogger("weasyprint")


@dataclass(frozen=True)
class _Parsed:
    css: CSS
    warnings: tuple[str, ...]


@dataclass
class Styles:
    """What the documents of one print font and one layouts search path are laid out with:
    a font configuration, the counter styles, and the stylesheets parsed for them."""

    font_config: FontConfiguration = field(default_factory=FontConfiguration)
    counter_style: CounterStyle = field(default_factory=CounterStyle)
    _parsed: dict[tuple[Path, int, int, tuple[Path, ...]], _Parsed] = field(default_factory=dict)

    def stylesheets(self, paths: list[Path], fetcher: URLFetcher) -> list[CSS]:
        """The stylesheets at paths, in cascade order; fetcher confines what they may load,
        as it does for the document."""
        sheets = []
        for path in paths:
            stat = path.stat()
            key = (path, stat.st_size, stat.st_mtime_ns, tuple(getattr(fetcher, "roots", ())))
            parsed = self._parsed.get(key)
            if parsed is None:
                parsed = self._parse(path, fetcher)
                if b"@import" not in path.read_bytes():
                    self._parsed[key] = parsed
            else:
                for message in parsed.warnings:
                    LOGGER.warning(message)
            sheets.append(parsed.css)
        return sheets

    def _parse(self, path: Path, fetcher: URLFetcher) -> _Parsed:
        warnings = _Warnings()
        LOGGER.addHandler(warnings)
        try:
            css = CSS(url=path.as_uri(), url_fetcher=fetcher, font_config=self.font_config,
                      counter_style=self.counter_style)
        finally:
            LOGGER.removeHandler(warnings)
        return _Parsed(css, tuple(warnings.messages))


@lru_cache(maxsize=8)
def styles_for(fonts: tuple[FontSet, ...], layouts: tuple[Path, ...]) -> Styles:
    """One font configuration per set of print fonts and layouts search path: the @font-face
    rules of two packs' layouts may give the same family other files, and must not meet in one."""
    return Styles()


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
