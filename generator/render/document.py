"""Render stage: an edition through its Jinja2 template to HTML, then WeasyPrint to PDF."""

from __future__ import annotations

import html as htmllib
import io
import logging
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import jinja2
import pikepdf

from generator.errors import Problem, RespackError
from generator.model import PRINT_SHOP_VARIANT, Edition, Layout, Step
from generator.render.context import BLEED_MM, ContactGroup, document_context, printed_words
from generator.render.engine import (
    HTML,
    ColorProfile,
    Document,
    DocumentMetadata,
    FatalURLFetchingError,
    URLFetcher,
    get_html_metadata,
)
from generator.render.fonts import EditionFonts, FontMissing, fonts_for
from generator.render.inks import FOGRA39, PrintingCondition, PrintInks, print_inks
from generator.render.qr import drawings
from generator.render.screen import finish_for_screen, has_margin_boxes, links_printed
from generator.render.styles import styles_for
from generator.render.templates import template_environment

logging.getLogger("fontTools").setLevel(logging.ERROR)
# WeasyPrint's warnings are problems of the document being made (EngineWarnings), not lines
# on the terminal.
logging.getLogger("weasyprint").addHandler(logging.NullHandler())
logging.getLogger("weasyprint").propagate = False


@dataclass(frozen=True)
class RenderedDocument:
    edition: Edition
    pdf: bytes
    payloads: Mapping[str, str]  # what its QR codes must decode to, each with its contact's id
    numbers: Mapping[str, str]  # the plain numbers and addresses it must print, with their contacts' ids
    engine_problems: tuple[str, ...] = ()  # what WeasyPrint warned of: an image or font it could not load
    copies: int = 1  # page sets one after the other: a bilingual leaflet has one per language
    step: Step | None = None  # the format's step it was laid out at
    words: tuple[str, ...] = ()  # every text of the edition a template could print (context.printed_words)


_PAYLOAD = re.compile(r'data-payload="([^"]*)"')
DEVICE_CMYK = "device-cmyk"  # WeasyPrint's name of the CMYK output profile


class EngineWarnings(logging.Handler):
    """Collects WeasyPrint's warnings (see _engine_warnings)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class ConfinedFetcher(URLFetcher):
    """Serves only files below the allowed folders, and data: URIs; nothing else.

    Content, a pack or a layout override could otherwise make the PDF embed any file of
    the machine (file:///etc/passwd) or fetch from the network.
    """

    def __init__(self, roots: list[Path], document: str) -> None:
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.roots = [root.resolve() for root in roots]
        self.document = document

    def fetch(self, url: str, headers: dict[str, str] | None = None):
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots):
                return super().fetch(url, headers)
        elif parsed.scheme == "data":
            return super().fetch(url, headers)
        raise FatalURLFetchingError(
            f"{self.document} refers to {url}, outside the project's content, layouts and fonts")


def render_html(edition: Edition, fonts: EditionFonts | None = None, language: str = "",
                template: str = "template.html", inks: PrintInks | None = None, step: Step | None = None
                ) -> tuple[str, dict[str, object]]:
    """The edition's HTML in one language; with inks, a print shop's (bleed, CMYK colours)."""
    layouts = edition.pack.layouts
    context = document_context(edition, fonts, language, step, inks)
    context["stylesheets"] = [path.as_uri() for path in stylesheet_paths(edition, inks is not None)]
    environment = template_environment(layouts.dirs)
    template_name = f"{edition.format}/{template}"
    try:
        html = environment.get_template(template_name).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise RespackError(Problem(error.filename or template_name, f"template error: {error.message}",
                                   line=error.lineno)) from None
    except RecursionError:
        raise RespackError(Problem(layouts.find(template_name) or template_name,
                                   "the template extends itself; to extend the built-in one, write "
                                   f'{{% extends "builtin/{template_name}" %}}')) from None
    except jinja2.TemplateNotFound as error:
        file, line = _traceback_frame(error) or (layouts.find(template_name) or layouts.dirs[0], None)
        raise RespackError(Problem(file, f"template {error.name} not found", line=line)) from None
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as error:
        # A sandbox refusal (SecurityError), an undefined name, or a filter given the wrong thing.
        file, line = _traceback_frame(error) or (layouts.find(template_name) or template_name, None)
        message = error.message if isinstance(error, jinja2.TemplateError) and error.message else str(error)
        raise RespackError(Problem(file, f"template error: {message}", line=line)) from None
    return html, context


def stylesheet_paths(edition: Edition, print_shop: bool = False) -> list[Path]:
    """The format's stylesheets, base.css first, as the layouts search path finds them; a print
    shop's file ends with print.css, its colours in CMYK."""
    names = ("base.css", *edition.layout.stylesheets, *(("print.css",) if print_shop else ()))
    found = [edition.pack.layouts.find(name) for name in names]
    return [path for path in found if path]


def must_carry(context: Mapping[str, object], layout: Layout,
               pages: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """What the document must carry, from the content, not from what the template printed:
    (QR payload, plain number or address) → the id of its contact. The emergency numbers are
    printed as text; the contacts layout.yaml names under qr_codes as QR codes and as text. A
    QR code of the pack's contacts that the HTML (pages) shows beyond those must scan too."""
    feedback = context["feedback"]
    groups: dict[str, list[ContactGroup]] = {
        "emergency": context["emergency"], "services": context["services"],  # type: ignore[dict-item]
        "feedback": [feedback] if feedback else []}  # type: ignore[list-item]
    lines = [line for key in layout.qr_codes for g in groups[key] for line in g.lines]
    numbers = {g.lines[0].display: g.lines[0].id for g in groups["emergency"]}
    numbers.update((line.display, line.id) for line in lines)
    payloads = {line.payload: line.id for line in lines}
    every_line = {line.payload: line.id for g in context["groups"] for line in g.lines}  # type: ignore[attr-defined]
    for printed in _shown_payloads(pages):
        if printed in every_line:
            payloads.setdefault(printed, every_line[printed])
    return payloads, numbers


def _shown_payloads(pages: list[str]) -> list[str]:
    """What the QR codes of the HTML encode, as their <img> says (data-payload)."""
    return list(dict.fromkeys(htmllib.unescape(p) for html in pages for p in _PAYLOAD.findall(html)))


def _finish_for_print(pdf: bytes, folds: Sequence[float] = (),
                      condition: PrintingCondition | None = None) -> bytes:
    """The BleedBox is the trim plus the bleed (WeasyPrint sets it to the whole media, which
    here also holds the crop marks), and the crop marks and the fold marks (folds: fractions
    of the width) are drawn in the slug, in black ink alone (WeasyPrint's own are RGB). The
    output intent names its registered printing condition, when the profile is made for one."""
    bleed = BLEED_MM * POINTS_PER_MM
    with pikepdf.open(io.BytesIO(pdf)) as document:
        _drop_unused_colour_spaces(document)
        if condition is not None:
            _name_the_condition(document, condition)
        for page in document.pages:
            left, bottom, right, top = (float(value) for value in page.trimbox)
            page.BleedBox = pikepdf.Array([left - bleed, bottom - bleed, right + bleed, top + bleed])
            page.contents_add(document.make_stream(b"q"), prepend=True)  # the page's own state ends
            page.contents_add(document.make_stream(b"Q\n" + _crop_marks(page) + _fold_marks(page, folds)),
                              prepend=False)  # before the marks
        output = io.BytesIO()
        # The same inputs give the same file; WeasyPrint's streams are kept as they were.
        document.save(output, deterministic_id=True, compress_streams=False)
    return output.getvalue()


_SET_SPACE = re.compile(rb"/([^\s/\[\]()<>{}]+)\s+(?:cs|CS)\b")


def _drop_unused_colour_spaces(document: pikepdf.Pdf) -> None:
    """WeasyPrint declares its Lab spaces and the output profile's ICC space on every page, used
    or not; a print shop's preflight may refuse a PDF/X-1a file for holding them at all."""
    streams = [stream for page in document.pages for stream in
               ([page.Contents] if isinstance(page.Contents, pikepdf.Stream) else page.Contents)]
    streams += [obj for obj in document.objects if isinstance(obj, pikepdf.Stream)
                and (obj.get("/Subtype") == "/Form" or "/PatternType" in obj)]  # forms, tiles
    used = {name.decode() for stream in streams for name in _SET_SPACE.findall(stream.read_bytes())}
    for page in document.pages:
        spaces = page.Resources.get("/ColorSpace")
        if spaces is None:
            continue
        for name in list(spaces.keys()):
            if name.lstrip("/") not in used:
                del spaces[name]


def _crop_marks(page: pikepdf.Page) -> bytes:
    """A line on each edge of the trim at each corner, from the edge of the media through half
    of the space beyond the trim (where WeasyPrint draws its own), in black ink alone."""
    left, bottom, right, top = (float(value) for value in page.trimbox)
    media_left, media_bottom, media_right, media_top = (float(value) for value in page.mediabox)
    reach = (left - media_left) / 2
    lines = [(media_left, y, media_left + reach, y) for y in (bottom, top)]
    lines += [(media_right - reach, y, media_right, y) for y in (bottom, top)]
    lines += [(x, media_bottom, x, media_bottom + reach) for x in (left, right)]
    lines += [(x, media_top - reach, x, media_top) for x in (left, right)]
    path = " ".join(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l" for x1, y1, x2, y2 in lines)
    return f"q 0 0 0 1 K {CROP_MARK_PT} w {path} S Q".encode()


def _name_the_condition(document: pikepdf.Pdf, condition: PrintingCondition) -> None:
    """The PDF/X output intent by the registry's identifier (FOGRA39), which a shop's RIP and
    preflight recognise, with the profile's own name as its Info."""
    for intent in document.Root.get("/OutputIntents", []):
        if intent.get("/S") == "/GTS_PDFX":
            intent.Info = intent.get("/OutputConditionIdentifier", pikepdf.String(condition.identifier))
            intent.OutputConditionIdentifier = pikepdf.String(condition.identifier)
            intent.RegistryName = pikepdf.String(condition.registry)
            intent.OutputCondition = pikepdf.String(condition.condition)


def _fold_marks(page: pikepdf.Page, folds: Sequence[float]) -> bytes:
    """A dashed line at each fold, above and below the trim, where the crop marks are: outside
    the trim and the bleed, so nothing of it prints on the finished piece."""
    left, bottom, right, top = (float(value) for value in page.trimbox)
    media_bottom, media_top = float(page.mediabox[1]), float(page.mediabox[3])
    reach = (bottom - media_bottom) / 2
    xs = [left + fold * (right - left) for fold in folds]
    lines = [(x, y1, x, y2) for x in xs
             for y1, y2 in ((media_bottom, media_bottom + reach), (media_top - reach, media_top))]
    if not lines:
        return b""
    path = " ".join(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l" for x1, y1, x2, y2 in lines)
    return f" q 0 0 0 1 K {CROP_MARK_PT} w [2 1.5] 0 d {path} S Q".encode()


def _stable_document_id(pdf: bytes, edition: Edition) -> bytes:
    """PDF/X files carry random ids (in the XMP metadata and the trailer): the same inputs
    must give the same file, so both are replaced by ids derived from the edition. Both
    stand in uncompressed parts of the file, and keep their length."""
    stable = uuid.uuid5(uuid.NAMESPACE_URL, edition.id)
    pdf = re.sub(rb"xmp\.did:[0-9a-f-]{36}", f"xmp.did:{stable}".encode(), pdf)
    return re.sub(rb"(/ID \[\([^)]*\) \()[0-9a-f]{32}(\)\])", rb"\g<1>" + stable.hex.encode() + rb"\g<2>", pdf)


def _traceback_frame(error: Exception) -> tuple[str, int] | None:
    """The template file and line where rendering failed, from Jinja's rewritten traceback."""
    found = None
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css", ".j2")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


OFFICE_VARIANT = "pdf/ua-1"
POINTS_PER_MM = 72 / 25.4
CROP_MARK_PT = 0.5  # the width of a crop mark's line


@dataclass(frozen=True)
class LaidOut:
    """An edition laid out into pages at one step of its format: not yet a PDF. The pipeline
    has its pages checked for fit (generator.check.fit) before it is written, or the next
    step is tried."""

    edition: Edition
    step: Step
    parts: list[tuple[str, dict[str, object]]]  # the HTML of each part, with its context
    document: Document
    template: Path  # the format's template, as the layouts search path found it
    print_shop: bool
    warnings: tuple[str, ...]  # WeasyPrint's, while laying it out

    @property
    def copies(self) -> int:
        """Page sets one after the other: a bilingual leaflet has one per language."""
        return len(self.parts)


@contextmanager
def _engine_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings while a document is made (an image that did not load, a font
    not found): each fails the document, instead of a page printed without it."""
    warned = EngineWarnings()
    logging.getLogger("weasyprint").addHandler(warned)
    try:
        yield warned.messages
    finally:
        logging.getLogger("weasyprint").removeHandler(warned)


def lay_out(edition: Edition, step: Step, print_shop: bool = False) -> LaidOut:
    """The edition's pages at one step of its format (WeasyPrint's layout, no PDF). A bilingual
    edition is laid out by the format's bilingual.html (two languages side by side) when the
    format has one, else as each language's document one after the other."""
    try:
        fonts = fonts_for(edition.pack.branding, edition.languages)
    except FontMissing as error:
        raise RespackError(Problem(edition.pack.path, str(error))) from None
    template = edition.pack.layouts.find(f"{edition.format}/template.html") or edition.layout.directory
    inks = print_inks(edition.pack.branding.print_profile, edition.pack.branding.cmyk) if print_shop else None
    with _engine_warnings() as warned:
        parts, document = _lay_out(edition, fonts, step, template, inks)
    return LaidOut(edition, step, parts, document, template, print_shop, tuple(warned))


def lay_out_batch(editions: Sequence[Edition], step: Step) -> list[LaidOut]:
    """Each edition's pages at one step, as lay_out() makes them; a rollout's cards (one
    format, one language, one page head: sites of a pack) laid out together, as one WeasyPrint
    document whose pages are then split into each card's. What a document costs before its
    first box (WeasyPrint's set-up, its stylesheets' cascade prepared, its fonts found) is paid
    once for the batch. Editions that cannot be laid out together, or whose layout together
    warns of anything, are laid out one by one: each warning then belongs to its own card."""
    if len(editions) > 1:
        together = _lay_out_together(editions, step)
        if together is not None:
            return together
    return [lay_out(edition, step) for edition in editions]


# On the first element of each card of a batch but the first: its pages start there.
_CARD_START = "data-respack-card"
_CARD_BREAK = f"<style>[{_CARD_START}] {{ break-before: page !important; }}</style>"
_PARTS = re.compile(r"(.*?<body\b[^>]*>)(.*)(</body>\s*</html>\s*)", re.DOTALL)
_PER_CARD = re.compile(r"<title>.*?</title>|<meta\b[^>]*>", re.DOTALL)  # the head's metadata: each card's own
_NOT_IN_A_CARD = re.compile(r"<(?:style|link|meta|title|base|html|head|body)\b", re.IGNORECASE)


def _lay_out_together(editions: Sequence[Edition], step: Step) -> list[LaidOut] | None:
    """lay_out_batch's one document, or None when the editions are not cards alike, or the
    layout warned of anything."""
    first = editions[0]
    if any(len(e.languages) != 1 or e.format != first.format or e.languages != first.languages
           or e.pack.layouts.dirs != first.pack.layouts.dirs or e.pack.content.dirs != first.pack.content.dirs
           or e.pack.path.parent != first.pack.path.parent or e.pack.branding != first.pack.branding
           for e in editions):
        return None
    try:
        fonts = fonts_for(first.pack.branding, first.languages)
    except FontMissing:
        return None
    template = first.pack.layouts.find(f"{first.format}/template.html") or first.layout.directory
    parts = [render_html(edition, fonts, step=step) for edition in editions]
    split = [_PARTS.fullmatch(html) for html, _ in parts]
    if any(match is None for match in split):
        return None
    heads = {_PER_CARD.sub("", match[1]) for match in split if match}
    bodies = [match[2] for match in split if match]
    if len(heads) != 1 or len({match[3] for match in split if match}) != 1 \
            or any(_NOT_IN_A_CARD.search(body) or not body.lstrip().startswith("<div") for body in bodies):
        return None
    head = split[0][1].replace("</head>", f"{_CARD_BREAK}</head>", 1)  # type: ignore[index]
    marked = [body if n == 0 else body.replace("<div", f'<div {_CARD_START}="{n}"', 1)
              for n, body in enumerate(bodies)]
    with _engine_warnings() as warned:
        _, document = _lay_out(first, fonts, step, template, None,
                               html=head + "".join(marked) + split[0][3])  # type: ignore[index]
    if warned:
        return None
    pages = _pages_by_card(document, len(editions))
    if pages is None:
        return None
    laid_out = []
    for edition, (html, context), match, own in zip(editions, parts, split, pages):
        card = document.copy(own)
        card.metadata = DocumentMetadata(**get_html_metadata(HTML(string=match[1] + "</body></html>")))  # type: ignore[index]
        if _attaches(card):
            raise RespackError(Problem(template, _ATTACHMENT))
        laid_out.append(LaidOut(edition, step, [(html, context)], card, template, False, ()))
    return laid_out


def _pages_by_card(document: Document, cards: int) -> list[list[object]] | None:
    """The pages of each card of a batch: a card's start the first box of its page's body."""
    pages: list[list[object]] = []
    for page in document.pages:
        start = _card_start(page._page_box)  # noqa: SLF001  (the laid-out boxes: WeasyPrint has no other way in)
        if start is not None:
            if start != len(pages):
                return None
            pages.append([])
        elif not pages:
            pages.append([])  # the first card
        pages[-1].append(page)
    return pages if len(pages) == cards and all(pages) else None


def _card_start(page_box: object) -> int | None:
    """The card whose first element opens the page's body, if one does."""
    for root in getattr(page_box, "children", ()):
        if getattr(getattr(root, "element", None), "tag", None) != "html":
            continue
        for body in getattr(root, "children", ()):
            if getattr(getattr(body, "element", None), "tag", None) != "body":
                continue
            children = getattr(body, "children", ())
            marked = [n for n, child in enumerate(children)
                      if getattr(child, "element", None) is not None and child.element.get(_CARD_START)]
            if not marked:
                return None
            return int(children[marked[0]].element.get(_CARD_START)) if marked == [0] else -1
    return None


def write_document(laid_out: LaidOut, pdf_variant: str = "") -> RenderedDocument:
    """The laid-out edition as a PDF, with what its QR codes and text must show.

    Office PDFs are tagged PDF/UA-1: screen readers get the language, headings in order and
    the alternative text of every QR code (what it does, and the number). Print-shop PDFs are
    CMYK, PDF/X-4 by default, with bleed, crop marks, TrimBox and BleedBox, and the output
    intent of the pack's CMYK profile.
    """
    edition, print_shop = laid_out.edition, laid_out.print_shop
    variant = pdf_variant or (PRINT_SHOP_VARIANT if print_shop else OFFICE_VARIANT)
    try:
        with _engine_warnings() as warned:
            pdf = laid_out.document.write_pdf(pdf_identifier=edition.reference.encode(), custom_metadata=True,
                                              pdf_variant=variant, pdf_tags=True,
                                              output_intent=DEVICE_CMYK if print_shop else None,
                                              finisher=None if print_shop else links_printed)
    except FatalURLFetchingError as error:
        raise RespackError(Problem(laid_out.template, str(error))) from None
    pdf = _stable_document_id(pdf, edition)
    if print_shop:
        folds = edition.layout.options.folds or ()
        pdf = _finish_for_print(pdf, folds, FOGRA39 if edition.pack.branding.print_profile is None else None)
    elif has_margin_boxes(laid_out.document):
        pdf = finish_for_screen(pdf)
    payloads, numbers = must_carry(laid_out.parts[0][1], edition.layout, [html for html, _ in laid_out.parts])
    words = tuple(word for _, context in laid_out.parts for word in printed_words(context))
    return RenderedDocument(edition=edition, pdf=pdf, payloads=payloads, numbers=numbers, copies=laid_out.copies,
                            step=laid_out.step, words=words, engine_problems=tuple(
                                f"WeasyPrint: {m}" for m in dict.fromkeys([*laid_out.warnings, *warned])))


def html_parts(edition: Edition, fonts: EditionFonts, step: Step, inks: PrintInks | None = None
               ) -> list[tuple[str, dict[str, object]]]:
    """The HTML of each part of the edition at one step, with its context: one, or each
    language's when the format has no bilingual.html."""
    side_by_side = len(edition.languages) > 1 and edition.pack.layouts.find(f"{edition.format}/bilingual.html")
    if len(edition.languages) == 1 or side_by_side:
        return [render_html(edition, fonts, template="bilingual.html" if side_by_side else "template.html",
                            inks=inks, step=step)]
    return [render_html(edition, fonts, language, inks=inks, step=step) for language in edition.languages]


def office_words(edition: Edition, step: Step) -> tuple[str, ...]:
    """The words of the edition's office file at step (its RenderedDocument.words), from its
    templates alone, not laid out: what a print shop's file made alone is checked against."""
    return tuple(word for _, context in html_parts(edition, fonts_for(edition.pack.branding, edition.languages), step)
                 for word in printed_words(context))


def _lay_out(edition: Edition, fonts: EditionFonts, step: Step, template: Path, inks: PrintInks | None,
             html: str = "") -> tuple[list[tuple[str, dict[str, object]]], Document]:
    """The HTML of each part of the edition at one step, laid out into pages as one document
    (html: the HTML to lay out instead, made of the edition's: a batch of cards)."""
    parts = [(html, {})] if html else html_parts(edition, fonts, step, inks)
    roots = [*edition.pack.content.dirs, *edition.pack.layouts.dirs, edition.pack.path.parent,
             *dict.fromkeys(path.parent for path in fonts.files())]
    fetcher = ConfinedFetcher(roots, document=f"{edition.relative_path}")
    base_url = template.as_uri()  # relative links resolve next to the template that makes them
    styles = styles_for(fonts.families(), tuple(edition.pack.layouts.dirs))
    # A print shop's file is CMYK: its output intent is the pack's CMYK profile, as PDF/X requires.
    profiles = {DEVICE_CMYK: cmyk_profile(inks.profile)} if inks else None
    try:
        stylesheets = styles.stylesheets(stylesheet_paths(edition, inks is not None), fetcher)
        documents = [HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=stylesheets, font_config=styles.font_config, counter_style=styles.counter_style,
            output_intent=DEVICE_CMYK if inks else None, color_profiles=profiles,
            cache=drawings(_shown_payloads([html]), black_ink=inks is not None))
            for html, _ in parts]
    except FatalURLFetchingError as error:
        raise RespackError(Problem(template, str(error))) from None
    if any(map(_attaches, documents)):
        raise RespackError(Problem(template, _ATTACHMENT))
    document = documents[0].copy([page for d in documents for page in d.pages]) if len(documents) > 1 \
        else documents[0]
    return parts, document


_ATTACHMENT = ("the template attaches a file to the PDF (rel=\"attachment\"); a layout may not: a printed "
               "help pack carries nothing but its pages")


def _attaches(document: Document) -> bool:
    return bool(document.metadata.attachments) or any(
        link[0] == "attachment" for page in document.pages for link in page.links)


class EmbeddedProfile(ColorProfile):
    """An ICC profile that WeasyPrint embeds as the bytes of its file. WeasyPrint embeds what
    LittleCMS writes back, and LittleCMS writes a tag that has been read (the name the output
    intent gives) anew: the second document of a process would carry other bytes than the first."""

    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        super().__init__(io.BytesIO(self.data), path.as_uri(), "relative-colorimetric", ["c", "m", "y", "k"])

    @property
    def content(self) -> bytes:
        return self.data


@lru_cache(maxsize=4)
def cmyk_profile(path: Path) -> EmbeddedProfile:
    """The output profile as WeasyPrint embeds it (read once per process)."""
    return EmbeddedProfile(path)
