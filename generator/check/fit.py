"""Fit check: read WeasyPrint's laid-out pages for text that overlaps, is cut off or is too small,
and for a layout that is not whole.

A fixed format cannot grow: when a translation is longer than the panel, WeasyPrint
still lays it out, over the footer or past the edge of the card. The PDF would look
"fine" to a page count; these checks find it from the positions of the line boxes. Content
shorter than the format's leaves holes instead: a panel of a folded sheet with nothing but its
footer (layout.yaml's `panels:`), a heading with nothing under it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from generator.check.findings import Finding, Kind, Place
from generator.model import Layout
from generator.render.engine import Document, boxes
from generator.render.qr import QUIET_ZONE, make_qr

PX_PER_PT = 4 / 3
PX_PER_MM = 96 / 25.4
TOLERANCE_PX = 0.75  # a quarter of a point: rounding, not overlap
CLEARANCE_PX = 1.5 * PX_PER_PT  # text of the flow keeps this far from a box placed over it (a footer's rule)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
HEADING = ":heading"  # the walk's mark of the boxes of a heading
FOOTER = "edition-footer"  # the class of a footer: printed on every panel, it fills none
SITE_NAME = "site-name"  # the class of a site's name in the footer, which may wrap onto a second line, not a third
SITE_NAME_LINES = 2


@dataclass(frozen=True)
class Item:
    what: str  # the text of a line, or "a QR code", and the section it belongs to
    x0: float
    y0: float
    x1: float
    y1: float
    inside: tuple[int, ...] = ()  # the positioned boxes it stands in (by id), its own first if it is one
    box: bool = False  # a positioned box, not a line or an image
    heading: bool = False  # a line of a heading
    footer: bool = False  # of a footer

    def contains(self, other: Item) -> bool:
        """A positioned box holds the items drawn inside it: they do not overlap it."""
        return bool(self.inside) and self.inside[0] in other.inside


def code_places(document: Document) -> dict[str, list[Place]]:
    """Where each QR code of a laid-out document is, by payload: to point at one that did
    not scan back."""
    places: dict[str, list[Place]] = {}
    for number, page in enumerate(document.pages, 1):
        for box in page._page_box.descendants():  # a code inline in a line too
            if isinstance(box, boxes.ReplacedBox) and box.element.get("data-payload"):
                item = _item(box, "")
                places.setdefault(box.element.get("data-payload"), []).append(
                    (number, (item.x0, item.y0, item.x1, item.y1), (page.width, page.height)))
    return places


def _classes(box: boxes.Box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def _walk(box: boxes.Box, classes: frozenset[str], where: str, parent: boxes.Box | None = None,
          inside: tuple[int, ...] = ()
          ) -> Iterator[tuple[boxes.Box, frozenset[str], str, boxes.Box | None, tuple[int, ...]]]:
    """Boxes in document order, with the classes of their ancestors, the id of the nearest
    one that has an id (a guidance section), the parent box, and the positioned boxes they
    stand in; skips transformed boxes, whose positions are given before the transform."""
    box = getattr(box, "_box", box)  # an absolutely positioned box stands in the tree behind a placeholder
    if box.style["transform"]:
        return
    element = getattr(box, "element", None)
    own = classes | _classes(box) if element is not None else classes
    if getattr(box, "element_tag", None) in HEADINGS:
        own |= {HEADING}
    if element is not None and element.get("id"):
        where = element.get("id")
    if _is_positioned_text_box(box):
        inside = (id(box), *inside)
    yield box, frozenset(own), where, parent, inside
    if not isinstance(box, boxes.LineBox):
        for child in getattr(box, "children", ()):
            yield from _walk(child, frozenset(own), where, box, inside)


def _is_positioned_text_box(box: boxes.Box) -> bool:
    """A block placed out of the flow (a footer at the bottom of a card) that holds text: the
    text of the flow must stay out of all of it, its borders included."""
    return (isinstance(box, boxes.BlockBox) and box.style["position"] in ("absolute", "fixed")
            and any(isinstance(b, boxes.TextBox) and b.text.strip() for b in box.descendants()))


def _item(box: boxes.Box, what: str, inside: tuple[int, ...] = ()) -> Item:
    """A text or replaced box's content box on its page."""
    x, y = box.content_box_x(), box.content_box_y()
    return Item(what, x, y, x + box.width, y + box.height, inside)


def _line_text(line: boxes.LineBox) -> str:
    return "".join(b.text for b in line.descendants() if isinstance(b, boxes.TextBox)).strip()


def starts_inside_a_letter(text: str) -> bool:
    """A line that starts with a combining mark (a vowel sign of Devanagari, a harakat of
    Arabic) or a joiner: the line break fell inside a letter shaped with its marks."""
    return bool(text) and (unicodedata.category(text[0]) in ("Mn", "Mc", "Me") or text[0] in "\u200c\u200d")


def _text_extent(line: boxes.LineBox) -> tuple[float, float]:
    """Where a line's text starts and ends across the page: a word longer than its line runs
    past the line box, to the right in a left-to-right line, to the left in a right-to-left one."""
    texts = [b for b in line.descendants() if isinstance(b, boxes.TextBox) and b.text.strip()]
    left = min((b.position_x for b in texts), default=line.position_x)
    right = max((b.position_x + b.width for b in texts), default=line.position_x + line.width)
    return left, right


def _qr_size_problems(box: boxes.ReplacedBox, layout: Layout) -> list[str]:
    """A QR code must be big enough to scan from where it hangs, and after a photocopy."""
    code = make_qr(box.element.get("data-payload"))
    width_mm = box.width / PX_PER_MM
    module_mm = width_mm / code.modules
    symbol_mm = module_mm * (code.modules - 2 * QUIET_ZONE)
    problems = []
    min_module = layout.options.min_qr_module_mm or 0.0
    min_symbol = layout.options.min_qr_mm or 0.0
    if module_mm < min_module - 0.005:
        problems.append(f"the QR code for {code.payload} has modules of {module_mm:.2f} mm, below "
                        f"{min_module:g} mm: make it larger or its payload shorter")
    if symbol_mm < min_symbol - 0.05:
        problems.append(f"the QR code for {code.payload} is {symbol_mm:.1f} mm across, below {min_symbol:g} mm")
    return problems


def _clipped_lines(page_box: boxes.Box) -> Iterator[Item]:
    """Lines of text that reach past a box that clips what overflows it (overflow: hidden, as
    a pocket card's panels, cut and folded at their edges): WeasyPrint would draw them cut off."""
    for box in page_box.descendants():
        if box.style["overflow"] == "visible" or isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            continue
        x0, y0 = box.padding_box_x(), box.padding_box_y()
        x1, y1 = x0 + box.padding_width(), y0 + box.padding_height()
        for line in box.descendants():
            if isinstance(line, boxes.LineBox) and (text := _line_text(line)):
                left, right = _text_extent(line)
                left = min(left, line.position_x)
                if (line.position_y + line.height > y1 + TOLERANCE_PX or right > x1 + TOLERANCE_PX
                        or line.position_y < y0 - TOLERANCE_PX or left < x0 - TOLERANCE_PX):
                    yield Item(repr(text[:40]), left, line.position_y, right, line.position_y + line.height)


def fit_problems(document: Document, layout: Layout, copies: int = 1) -> list[Finding]:
    """Every overlap, cut-off line and too-small text of a rendered document, and pages it
    has beyond the format's (copies: page sets one after the other); each with its page and
    box, so a preview can draw it."""
    problems: list[Finding] = []
    if layout.pages and len(document.pages) > layout.pages * copies:
        problems.append(Finding(Kind.PAGES_OVER, f"the text runs onto {len(document.pages) - layout.pages * copies} "
                                f"more page(s) than the format's {layout.pages * copies}"))
    minimums = dict(layout.options.min_font_pt_in or {})
    for number, page in enumerate(document.pages, 1):
        def at(kind: Kind, message: str, *where: Item, payload: str | None = None, number: int = number,
               size: tuple[float, float] = (page.width, page.height)) -> Finding:
            x0, y0 = min(i.x0 for i in where), min(i.y0 for i in where)
            x1, y1 = max(i.x1 for i in where), max(i.y1 for i in where)
            return Finding(kind, message, page=number, box=(x0, y0, x1, y1), page_size=size, payload=payload)

        items: list[Item] = []
        small: dict[str, Item] = {}
        name_lines: dict[int, list[Item]] = {}  # a site's name: its lines, by the block that holds them
        for box, classes, where, parent, inside in _walk(page._page_box, frozenset(), ""):
            if inside and inside[0] == id(box):
                name = " ".join(sorted(_classes(box))) or box.element_tag
                items.append(Item(f"the {name} box", box.border_box_x(), box.border_box_y(),
                                  box.border_box_x() + box.border_width(), box.border_box_y() + box.border_height(),
                                  inside, box=not box.element_tag.endswith("::marker"), footer=FOOTER in classes))
            section = f" (section {where!r})" if where else ""
            if isinstance(box, boxes.TextBox) and box.text.strip():
                minimum = min([minimums[c] for c in classes if c in minimums], default=layout.min_font_pt)
                if box.style["font_size"] / PX_PER_PT < minimum - 0.01:
                    small.setdefault(f"{box.style['font_size'] / PX_PER_PT:.1f} pt < {minimum:g} pt: "
                                     f"{box.text.strip()[:40]!r}{section}", _item(box, ""))
            if isinstance(box, boxes.LineBox):
                text = _line_text(box)
                if text:
                    # A word longer than its line runs past the line box: the text's own extent counts.
                    left, right = _text_extent(box)
                    line = Item(repr(text[:40]) + section, min(left, box.position_x), box.position_y,
                                max(right, box.position_x + box.width), box.position_y + box.height, inside,
                                heading=HEADING in classes, footer=FOOTER in classes)
                    items.append(line)
                    if SITE_NAME in classes:
                        name_lines.setdefault(id(parent), []).append(line)
                    if starts_inside_a_letter(text):
                        problems.append(at(Kind.LETTER_BROKEN, f"{text[:40]!r}{section} starts with a mark of the "
                                           "letter on the line before: the line breaks inside a shaped letter", line))
                    if parent is not None and (right > parent.content_box_x() + parent.width + TOLERANCE_PX
                                               or left < parent.content_box_x() - TOLERANCE_PX):
                        problems.append(at(Kind.TOO_WIDE, f"{text[:40]!r}{section} is wider than its box "
                                           "and runs into what stands beside it", line))
            if isinstance(box, boxes.ReplacedBox):
                image = _item(box, ("a QR code" if "qr" in classes else "an image") + section, inside)
                items.append(Item(image.what, image.x0, image.y0, image.x1, image.y1, inside, footer=FOOTER in classes))
        problems.extend(at(Kind.TEXT_SMALL, f"text too small, {entry}", small[entry]) for entry in sorted(small))
        problems.extend(at(Kind.SITE_NAME_LINES, f"the site's name takes {len(lines)} lines; it may wrap onto "
                           f"{SITE_NAME_LINES}", *lines)
                        for lines in name_lines.values() if len(lines) > SITE_NAME_LINES)
        for box in page._page_box.descendants():  # codes inline in a line too, as on the card
            if isinstance(box, boxes.ReplacedBox) and box.element.get("data-payload"):
                problems.extend(at(Kind.QR_SMALL, p, _item(box, ""), payload=box.element.get("data-payload"))
                                for p in _qr_size_problems(box, layout))
        problems.extend(at(Kind.CLIPPED, f"{item.what} runs past the edge of its box, which cuts it off", item)
                        for item in _clipped_lines(page._page_box))
        for item in items:
            if (item.x0 < -TOLERANCE_PX or item.y0 < -TOLERANCE_PX
                    or item.x1 > page.width + TOLERANCE_PX or item.y1 > page.height + TOLERANCE_PX):
                problems.append(at(Kind.CUT_OFF, f"{item.what} is cut off at the edge of the page", item))
        items.sort(key=lambda i: i.y0)
        for index, first in enumerate(items):
            for second in items[index + 1:]:
                if second.y0 >= first.y1 - TOLERANCE_PX:
                    break
                if first.contains(second) or second.contains(first):
                    continue
                if min(first.x1, second.x1) - max(first.x0, second.x0) > TOLERANCE_PX:
                    problems.append(at(Kind.OVERLAP, f"{first.what} overlaps {second.what}", first, second))
        problems.extend(at(Kind.TOUCHING, message, *where) for message, where in _touching(items))
        problems.extend(at(kind, message, *where)
                        for kind, message, where in _holes(items, layout, number, copies, (page.width, page.height)))
    return problems


def _touching(items: list[Item]) -> Iterator[tuple[str, tuple[Item, ...]]]:
    """Text or a code of the flow that ends (or starts) within CLEARANCE_PX of a box placed over
    the page (a footer, its draft notice's rule), without overlapping it by more than rounding:
    it reads as part of the box."""
    for box in (item for item in items if item.box):
        for item in items:
            if item.box or box.contains(item) or item.contains(box):
                continue
            across = min(item.x1, box.x1) - max(item.x0, box.x0)
            gap = max(box.y0 - item.y1, item.y0 - box.y1)
            if across > TOLERANCE_PX and -TOLERANCE_PX <= gap < CLEARANCE_PX:
                yield (f"{item.what} touches {box.what} ({gap / PX_PER_PT:.1f} pt apart): keep "
                       f"{CLEARANCE_PX / PX_PER_PT:g} pt between them"), (item, box)


def _holes(items: list[Item], layout: Layout, page: int, copies: int, size: tuple[float, float]
           ) -> Iterator[tuple[Kind, str, tuple[Item, ...]]]:
    """What is not whole on a page for want of content: a heading with nothing under it, a panel
    (layout.panels) that prints nothing but its footer."""
    content = [item for item in items if not item.footer and not item.box]
    width, height = size
    per_copy = layout.pages or 0
    panels = [(region.x[0] * width, region.x[1] * width, region.y[0] * height, region.y[1] * height)
              for region in layout.panels
              if page in ({region.page + per_copy * copy for copy in range(copies)} if per_copy else {region.page})]

    def panel_of(item: Item) -> tuple[float, float, float, float]:
        """The panel an item stands in (its centre), else the whole page."""
        x, y = (item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2
        return next((p for p in panels if p[0] <= x <= p[1] and p[2] <= y <= p[3]), (0.0, width, 0.0, height))

    for heading in (item for item in content if item.heading):
        x0, x1, _, y1 = panel_of(heading)
        below = [item for item in content if item is not heading and heading.y1 - TOLERANCE_PX <= item.y0 <= y1
                 and x0 <= (item.x0 + item.x1) / 2 <= x1]
        if not below:
            yield Kind.HEADING_ALONE, (f"the heading {heading.what} has nothing under it: its text runs on "
                                       "elsewhere, or there is none"), (heading,)
    for x0, x1, y0, y1 in panels:
        if not any(x0 <= (item.x0 + item.x1) / 2 <= x1 and y0 <= (item.y0 + item.y1) / 2 <= y1 for item in content):
            yield Kind.PANEL_BLANK, (f"the panel from {x0 / width:.0%} to {x1 / width:.0%} of the page's width "
                                     "prints nothing but its footer: a layout with less to say fills its panels"), \
                (Item("the panel", x0, y0, x1, y1),)
