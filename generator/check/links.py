"""Every link is a number too: what a tap on a page opens is what is printed under it.

A woman who got the PDF by messenger reads it on the phone she would call from, and cannot scan
a code on her own screen: she taps the number. So each link of an office PDF is read back from
the file (its annotations: where each is, and what it opens) and held against the page as the
eye reads it (generator.check.numbers): under each link one number or address, the very one it
dials (a link to another number is the same failure as a wrong caption), the link no wider than
that text, and opening nothing but what the contact's QR code opens. Every contact's number or
address printed on the page carries one. A print shop's file carries none: paper is not tapped.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

import pikepdf

from generator.check.findings import Finding, Kind
from generator.check.numbers import Box, Known, Printed, payload_key

# How far a link's box may reach past the text it stands over, in heights of that text's line:
# WeasyPrint's box of a link is its inline box, a little taller than the glyphs' and as wide.
REACH = 0.5


@dataclass(frozen=True)
class Link:
    """A link annotation of a page: what it opens and where it can be tapped."""

    uri: str
    box: Box  # left, bottom, right, top, in PDF points (y runs up), as the glyphs' boxes
    contents: str  # the annotation's own text (a screen reader's description of it)


def read_links(pdf: bytes) -> list[list[Link]]:
    """The link annotations of every page, in the order the file lists them. A link that opens
    no URI (a jump inside the document) has an empty uri."""
    pages: list[list[Link]] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            links = []
            for annotation in page.obj.get("/Annots") or []:
                if annotation.get("/Subtype") != "/Link":
                    continue
                x1, y1, x2, y2 = (float(value) for value in annotation.Rect)
                action = annotation.get("/A")
                uri = str(action.get("/URI", "")) if action is not None else ""
                links.append(Link(uri, (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)),
                                  str(annotation.get("/Contents", ""))))
            pages.append(links)
    return pages


def link_texts(pdf: bytes) -> str:
    """What the links of a file say to anyone who looks at them (their targets, decoded, and
    their descriptions): a neutral document's must give nothing away."""
    return " · ".join(dict.fromkeys(text for page in read_links(pdf) for link in page
                                    for text in (unquote(link.uri), link.contents) if text))


def link_problems(links: Sequence[Link], printed: Sequence[Printed], known: Known,
                  targets: Collection[str]) -> list[Finding]:
    """What is wrong with the links of one page: a link over no number or over another number
    than it dials, one wider than its text or opening what no contact's QR code opens, and a
    contact's number or address printed with no link over it.

    printed: the page's numbers and addresses as the eye reads them (numbers.read_printed);
    known: what the edition may print; targets: what its contacts' QR codes open (tel:,
    https://wa.me/..., mailto: with the edition's subject)."""
    problems: list[Finding] = []
    covered: set[int] = set()
    for link in links:
        under = [n for n, item in enumerate(printed) if _inside(item.box, link.box)]
        covered.update(under)
        if link.uri not in targets:
            problems.append(Finding(Kind.LINK_STRAY, f"a link opens {link.uri or 'no address'}, which is no "
                                    "contact's (a link opens only what a contact's QR code opens)", payload=link.uri))
            continue
        if not under:
            problems.append(Finding(Kind.LINK_OVER_NOTHING, f"the link to {link.uri} stands over no printed number "
                                    "or address", payload=link.uri))
            continue
        wrong = [printed[n] for n in under if printed[n].key != payload_key(link.uri)]
        if wrong:
            problems.append(Finding(Kind.LINK_WRONG, f"the link to {link.uri} stands over {wrong[0].text!r}, not "
                                    "the number or address it dials", payload=link.uri))
        elif _wider(link.box, [printed[n].box for n in under]):
            problems.append(Finding(Kind.LINK_WIDE, f"the link to {link.uri} reaches past "
                                    f"{printed[under[0]].text!r}: a link covers exactly its printed number",
                                    payload=link.uri))
    for n, item in enumerate(printed):
        if n not in covered and item.key in known.contacts:
            problems.append(Finding(Kind.LINK_MISSING, f"{item.text!r} is printed with no link over it: on a phone "
                                    "it cannot be tapped (a layout prints a contact's number with {{ dial(line) }}, "
                                    "partials/dial.html)"))
    return list(dict.fromkeys(problems))


def unlinked_problems(pages: Iterable[Sequence[Link]]) -> list[Finding]:
    """A print shop's file carries no link (nothing to tap on paper, and a link is an
    annotation a preflight may refuse)."""
    count = sum(len(links) for links in pages)
    return [Finding(Kind.LINK_IN_PRINT, f"a print shop's file carries {count} link(s); it must carry none")
            ] if count else []


def _inside(text: Box, link: Box) -> bool:
    """The middle of the text's box is within the link's."""
    x, y = (text[0] + text[2]) / 2, (text[1] + text[3]) / 2
    return link[0] <= x <= link[2] and link[1] <= y <= link[3]


def _wider(link: Box, texts: Sequence[Box]) -> bool:
    """The link reaches further than REACH of a line's height past the text under it."""
    left, bottom = min(box[0] for box in texts), min(box[1] for box in texts)
    right, top = max(box[2] for box in texts), max(box[3] for box in texts)
    slack = REACH * (top - bottom)
    return link[0] < left - slack or link[2] > right + slack or link[1] < bottom - slack or link[3] > top + slack
