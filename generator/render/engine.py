"""WeasyPrint, which lays out and writes every PDF: the other modules take it from here.

It is imported with a shorter search for its native libraries. WeasyPrint opens Pango,
HarfBuzz, fontconfig and GLib under each name they have on any platform, in turn; cffi
asks ctypes.util.find_library about every name that does not open, and on Linux ctypes
runs ldconfig, then gcc, then ld for it: a third of a second of every process's start,
spent on names such as "libgobject-2.0-0" that only Windows has. While WeasyPrint is
imported, the search ends with ldconfig's list. Nothing is lost: gcc and ld only ever
answer a soname, and WeasyPrint also tries every library by its soname, which the loader
opens without any search.
"""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def _library_search_in_loader_cache() -> Iterator[None]:
    loader_cache_search = getattr(ctypes.util, "_findSoname_ldconfig", None)  # ctypes' first step on Linux
    if not sys.platform.startswith("linux") or loader_cache_search is None:
        yield
        return
    full_search = ctypes.util.find_library
    ctypes.util.find_library = loader_cache_search
    try:
        yield
    finally:
        ctypes.util.find_library = full_search


with _library_search_in_loader_cache():
    from weasyprint import CSS, HTML
    from weasyprint.css import ColorProfile
    from weasyprint.css.counters import CounterStyle
    from weasyprint.document import Document, DocumentMetadata
    from weasyprint.formatting_structure import boxes
    from weasyprint.html import get_html_metadata
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

__all__ = ["CSS", "HTML", "ColorProfile", "CounterStyle", "Document", "DocumentMetadata", "FatalURLFetchingError",
           "FontConfiguration", "URLFetcher", "boxes", "get_html_metadata"]
