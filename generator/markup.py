"""The small inline markup content may use, turned into safe HTML.

Content is written by volunteers, not programmers: **strong**, *emphasis*, "- " lists,
line breaks and paragraphs, as in Markdown. markdown-it's "zero" preset with only those
rules enabled leaves everything else as text: raw HTML, links and images are escaped,
so content can never inject markup or make the renderer fetch a file.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_MARKDOWN = MarkdownIt("zero").enable(["emphasis", "list", "newline"])


def blocks(text: str) -> Markup:
    """Paragraphs and lists of an answer, as HTML."""
    return Markup(_MARKDOWN.render(text))


def inline(text: str) -> Markup:
    """One line (a title, a note), as HTML without a paragraph around it."""
    return Markup(_MARKDOWN.renderInline(text))
