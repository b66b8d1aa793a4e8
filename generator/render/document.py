"""Render stage: an edition through its Jinja2 template to HTML, then WeasyPrint to PDF."""

from __future__ import annotations

import html as htmllib
import io
import logging
import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import jinja2
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, RectangleObject

from generator.errors import Problem, RespackError
from generator.model import Edition, Layout, Step
from generator.render.context import BLEED_MM, ContactGroup, document_context, printed_words
from generator.render.engine import HTML, Document, FatalURLFetchingError, URLFetcher
from generator.render.fonts import EditionFonts, FontMissing, fonts_for
from generator.render.qr import drawings
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

    def fetch(self, url: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
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
                template: str = "template.html", print_shop: bool = False, step: Step | None = None
                ) -> tuple[str, dict[str, object]]:
    layouts = edition.pack.layouts
    context = document_context(edition, fonts, language, step)
    context["print_shop"] = print_shop
    context["stylesheets"] = [path.as_uri() for path in stylesheet_paths(edition)]
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


def stylesheet_paths(edition: Edition) -> list[Path]:
    """The format's stylesheets, base.css first, as the layouts search path finds them."""
    found = [edition.pack.layouts.find(name) for name in ("base.css", *edition.layout.stylesheets)]
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


def _bleed_boxes(pdf: bytes, edition: Edition) -> bytes:
    """The BleedBox is the trim plus the bleed; WeasyPrint sets it to the whole media, which
    here also holds the crop marks."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    # pypdf would give the file a random identifier; the same inputs must give the same file.
    identifier = ByteStringObject(uuid.uuid5(uuid.NAMESPACE_URL, edition.id).bytes)
    writer._ID = ArrayObject((identifier, identifier))
    writer.generate_file_identifiers = lambda: None  # type: ignore[method-assign]
    bleed = BLEED_MM * 72 / 25.4
    for page in writer.pages:
        trim = page.trimbox
        page.bleedbox = RectangleObject([float(trim.left) - bleed, float(trim.bottom) - bleed,
                                         float(trim.right) + bleed, float(trim.top) + bleed])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


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
PRINT_SHOP_VARIANT = "pdf/x-4"


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
    with _engine_warnings() as warned:
        parts, document = _lay_out(edition, fonts, step, template, print_shop)
    return LaidOut(edition, step, parts, document, template, print_shop, tuple(warned))


def write_document(laid_out: LaidOut, pdf_variant: str = "") -> RenderedDocument:
    """The laid-out edition as a PDF, with what its QR codes and text must show.

    Office PDFs are tagged PDF/UA-1: screen readers get the language, headings in order and
    the alternative text of every QR code (what it does, and the number). Print-shop PDFs are
    PDF/X-4 by default, with bleed, crop marks, TrimBox and BleedBox.
    """
    edition, print_shop = laid_out.edition, laid_out.print_shop
    variant = pdf_variant or (PRINT_SHOP_VARIANT if print_shop else OFFICE_VARIANT)
    try:
        with _engine_warnings() as warned:
            pdf = laid_out.document.write_pdf(pdf_identifier=edition.reference.encode(), custom_metadata=True,
                                              pdf_variant=variant, pdf_tags=True,
                                              output_intent="srgb" if print_shop else None)
    except FatalURLFetchingError as error:
        raise RespackError(Problem(laid_out.template, str(error))) from None
    if print_shop:
        pdf = _bleed_boxes(pdf, edition)
    pdf = _stable_document_id(pdf, edition)
    payloads, numbers = must_carry(laid_out.parts[0][1], edition.layout, [html for html, _ in laid_out.parts])
    words = tuple(word for _, context in laid_out.parts for word in printed_words(context))
    return RenderedDocument(edition=edition, pdf=pdf, payloads=payloads, numbers=numbers, copies=laid_out.copies,
                            step=laid_out.step, words=words, engine_problems=tuple(
                                f"WeasyPrint: {m}" for m in dict.fromkeys([*laid_out.warnings, *warned])))


def _lay_out(edition: Edition, fonts: EditionFonts, step: Step, template: Path, print_shop: bool
             ) -> tuple[list[tuple[str, dict[str, object]]], Document]:
    """The HTML of each part of the edition at one step, laid out into pages as one document."""
    side_by_side = len(edition.languages) > 1 and edition.pack.layouts.find(f"{edition.format}/bilingual.html")
    if len(edition.languages) == 1 or side_by_side:
        parts = [render_html(edition, fonts, template="bilingual.html" if side_by_side else "template.html",
                             print_shop=print_shop, step=step)]
    else:
        parts = [render_html(edition, fonts, language, print_shop=print_shop, step=step)
                 for language in edition.languages]
    roots = [*edition.pack.content.dirs, *edition.pack.layouts.dirs, edition.pack.path.parent,
             *dict.fromkeys(path.parent for path in fonts.files())]
    fetcher = ConfinedFetcher(roots, document=f"{edition.relative_path}")
    base_url = template.as_uri()  # relative links resolve next to the template that makes them
    styles = styles_for(fonts.families(), tuple(edition.pack.layouts.dirs))
    try:
        stylesheets = styles.stylesheets(stylesheet_paths(edition), fetcher)
        # A print shop's file declares its colours as sRGB (an output intent), as PDF/X requires.
        documents = [HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=stylesheets, font_config=styles.font_config, counter_style=styles.counter_style,
            output_intent="srgb" if print_shop else None, cache=drawings(_shown_payloads([html])))
            for html, _ in parts]
    except FatalURLFetchingError as error:
        raise RespackError(Problem(template, str(error))) from None
    if any(d.metadata.attachments or any(link[0] == "attachment" for page in d.pages for link in page.links)
           for d in documents):
        raise RespackError(Problem(template, "the template attaches a file to the PDF (rel=\"attachment\"); "
                                   "a layout may not: a printed help pack carries nothing but its pages"))
    document = documents[0].copy([page for d in documents for page in d.pages]) if len(documents) > 1 \
        else documents[0]
    return parts, document
