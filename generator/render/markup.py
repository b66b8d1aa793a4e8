"""The small inline markup content may use, turned into safe HTML.

Content is written by volunteers, not programmers: **strong**, *emphasis*, "- " lists,
line breaks and paragraphs, as in Markdown. markdown-it's "zero" preset with only those
rules enabled leaves everything else as text: raw HTML, links and images are escaped,
so content can never inject markup or make the renderer fetch a file.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@cache
def _markdown() -> MarkdownIt:
    """Made when a document is rendered: `check` and a no-op build, which only validate, do
    not import markdown-it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("zero").enable(["emphasis", "list", "newline"])


def blocks(text: str) -> Markup:
    """Paragraphs and lists of an answer, as HTML."""
    return Markup(_markdown().render(text))


def inline(text: str) -> Markup:
    """One line (a title, a note), as HTML without a paragraph around it."""
    return Markup(_markdown().renderInline(text))


CONTACT_REFERENCE = re.compile(r"\{contact:([A-Za-z0-9_-]+)\}")


def fill_contacts(text: str, numbers: dict[str, str]) -> str:
    """Put each contact's printed number where the text says {contact:id}.

    Numbers live once, in the country file; a translation cannot mistype them. A list
    item naming a contact the pack hides is left out, so the number is printed nowhere.
    """
    lines = []
    for line in text.splitlines():
        references = CONTACT_REFERENCE.findall(line)
        if any(r not in numbers for r in references) and line.lstrip().startswith("- "):
            continue
        lines.append(CONTACT_REFERENCE.sub(lambda m: f"**{numbers[m[1]]}**" if m[1] in numbers else "", line))
    return "\n".join(lines)
