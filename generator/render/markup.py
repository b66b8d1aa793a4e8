"""The small inline markup content may use, turned into safe HTML.

Content is written by volunteers, not programmers: **strong**, *emphasis*, "- " lists,
line breaks and paragraphs, as in Markdown. markdown-it's "zero" preset with only those
rules enabled leaves everything else as text: raw HTML, links and images are escaped,
so content can never inject markup or make the renderer fetch a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.digits import MIN_DIGITS, SPACES, number_runs

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
# Where a number goes, while the markup is read: characters of Unicode's private use area,
# which content may not hold (generator.check.numbers), around the number's index.
_NUMBER_MARK = re.compile("\ue000(\\d+)\ue001")
_NUMBER_HTML = Markup('<strong class="number"><bdi dir="ltr">{}</bdi></strong>')
# The same, tappable: a link over exactly the number, to what its contact's QR code dials.
_LINKED_HTML = Markup('<strong class="number"><bdi dir="ltr"><a href="{}">{}</a></bdi></strong>')


def with_contacts(text: str, numbers: Mapping[str, str], block: bool = False,
                  links: Mapping[str, str] | None = None) -> Markup:
    """A text of content as HTML (paragraphs and lists if block, else one line), each
    {contact:id} the contact's number, bold and isolated from the direction of the text around
    it, so that its digits read in order in any language; with links (contact id → what its QR
    code encodes), a link to that target over the number, so that a reader on a phone taps it.

    Numbers live once, in the country file; a translation cannot mistype them. A line (a list
    item, a paragraph's line) naming a contact the pack hides is left out, so neither its number
    nor what is said of it is printed; in one line of text, such a reference prints nothing.

    Made once per text and the numbers it names: every site's card has the same sections,
    and reading their markup again for each was a twentieth of a card's time.
    """
    links = links or {}
    named = tuple((key, numbers.get(key), links.get(key, ""))
                  for key in dict.fromkeys(CONTACT_REFERENCE.findall(text)))
    return _with_contacts(text, named, block)


@lru_cache(maxsize=4096)
def _with_contacts(text: str, named: tuple[tuple[str, str | None, str], ...], block: bool) -> Markup:
    numbers = {key: (number, link) for key, number, link in named if number is not None}
    marked: list[tuple[str, str]] = []

    def mark(match: re.Match[str]) -> str:
        if match[1] not in numbers:
            return ""
        marked.append(numbers[match[1]])
        return f"\ue000{len(marked) - 1}\ue001"

    text = text.replace("\ue000", "").replace("\ue001", "")  # refused in content; never taken for a mark
    lines = [CONTACT_REFERENCE.sub(mark, line) for line in text.splitlines()
             if not (block and any(r not in numbers for r in CONTACT_REFERENCE.findall(line)))]
    html = isolate_figures((blocks if block else inline)("\n".join(lines)))
    return Markup(_NUMBER_MARK.sub(lambda m: _number_html(*marked[int(m[1])]), html))


def _number_html(number: str, link: str) -> Markup:
    return _LINKED_HTML.format(link, number) if link else _NUMBER_HTML.format(number)


_TAG = re.compile(r"(<[^>]*>)")


def isolate_figures(html: str) -> str:
    """HTML with each figure of its text that has groups (a time or a range of times, a date, a
    range of numbers, a number in groups) set apart left to right: in a right-to-left paragraph the
    bidi algorithm would print "9:00–17:00" as "17:00–9:00". Tags are left as they are."""
    parts = _TAG.split(html)
    for index in range(0, len(parts), 2):
        text = designations_unbroken(parts[index])
        runs = number_runs(text)
        for run in reversed([r for r in runs if r.text.lstrip("+") != r.digits]):
            text = f"{text[:run.start]}{_ISOLATED.format(run.text)}{text[run.end:]}"
        parts[index] = text
    return "".join(parts)


def designations_unbroken(text: str) -> str:
    """The text with the spaces of each designation long enough to dial ("№ 103", "No. 111")
    no-break ones: a line broken after its mark would print "103" alone, a number a reader dials."""
    for run in reversed([r for r in number_runs(text) if r.kind == "designation" and len(r.digits) >= MIN_DIGITS]):
        text = f"{text[:run.start]}{re.sub(_SPACE, chr(0xA0), run.text)}{text[run.end:]}"
    return text


_SPACE = "[" + re.escape(SPACES) + "]"


def with_numbers(text: str, numbers: Mapping[str, str]) -> str:
    """A name as plain text, each {contact:id} the contact's number ("Contact centre 111")."""
    return CONTACT_REFERENCE.sub(lambda m: numbers.get(m[1], ""), text)


_DIAL_HTML = Markup('<bdi dir="ltr"><a href="{}">{}</a></bdi>')


def with_dialled_numbers(text: str, numbers: Mapping[str, str], links: Mapping[str, str],
                         plain: Callable[[str], str]) -> Markup:
    """A name as printed ("Contact centre 111"), each {contact:id} its contact's number set apart
    left to right and, with its link, tappable; the rest printed as plain (as it is, or with a
    right-to-left page's Latin runs isolated)."""
    parts, last = [], 0
    for match in CONTACT_REFERENCE.finditer(text):
        parts.append(Markup.escape(plain(text[last:match.start()])))
        number, link = numbers.get(match[1], ""), links.get(match[1], "")
        if number:
            parts.append(_DIAL_HTML.format(link, number) if link else _ISOLATED.format(number))
        last = match.end()
    parts.append(Markup.escape(plain(text[last:])))
    return Markup("").join(parts)


# A run that reads left to right whatever surrounds it: letters of Latin, Greek or Cyrillic,
# digits, and what joins them inside a name, a number, a time or an address ("WhatsApp",
# "+972 3-555-1234", "9:00–17:00", "help@labirint.online", "Noa Cohen").
_LTR = "0-9A-Za-z\u00c0-\u02af\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff"
LTR_RUN = re.compile(rf"\+?[{_LTR}](?:(?:[{_LTR} ./@+()'’_\u00a0\u2009\u202f\u2013-]|(?<=\d):(?=\d))*[{_LTR})])?")
_ISOLATED = Markup('<bdi dir="ltr">{}</bdi>')


def isolate_ltr(text: str) -> Markup:
    """A plain text of a right-to-left page (a contact's name, the edition line) as HTML, each
    number, address and Latin name set apart in its own left-to-right run: the bidi algorithm
    would otherwise reorder the groups of "+972 3-555-1234" or a name's words round it."""
    parts, last = [], 0
    for match in LTR_RUN.finditer(text):
        parts += [Markup.escape(text[last:match.start()]), _ISOLATED.format(match.group())]
        last = match.end()
    parts.append(Markup.escape(text[last:]))
    return Markup("").join(parts)
