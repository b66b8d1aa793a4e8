"""What a template sees: an edition turned into ready-to-print words, numbers and QR codes.

All decisions live here, in Python: which contacts are emergency numbers, what a QR code
encodes, which date a page may claim. Templates only place what they are given.

This module is the one place that says what a template may use (docs/customizing.md lists
it): document_context's keys, whose values are text, numbers, lists and the frozen
dataclasses below. Templates run in Jinja's sandbox and are passed around between NGOs, so
they get plain data only: no paths, no domain objects, nothing with a method that reads a file.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from types import MappingProxyType

from babel import Locale
from babel.dates import format_date, format_skeleton
from markupsafe import Markup

from generator.errors import Problem, RespackError
from generator.model import Contact, Edition, Layout, Section, Step, service_role
from generator.render.easy import easy_blocks, printed_sentences
from generator.render.fonts import EditionFonts, FontSet, fonts_for
from generator.render.inks import BLACK, PrintInks, device_cmyk
from generator.render.markup import (
    designations_unbroken,
    isolate_ltr,
    with_contacts,
    with_dialled_numbers,
    with_numbers,
)
from generator.render.pictograms import INK, alt_key, pictogram_uri
from generator.render.qr import QrCode, make_qr
from generator.render.scripts import script_of

BLEED_MM = 3  # what print shops ask for: colour that reaches the edge runs 3 mm past the trim
MARK_SPACE_MM = 6  # beyond the bleed, where the crop marks are drawn
_CAPTIONS = {"voice": "scan_to_call", "whatsapp": "scan_to_chat", "email": "scan_to_write"}


@dataclass(frozen=True)
class ContactLine:
    """One way to reach one contact: a number or address, with its QR code and caption."""

    id: str
    channel: str
    label: str  # "WhatsApp" for a chat, else empty: the number says the rest
    display: str
    payload: str
    caption: str
    checked: str  # "Checked on ..." when someone confirmed it, else empty
    # What tapping the printed number opens: the QR code's own target, so that a reader on a
    # phone, who cannot scan her own screen, dials the same; empty in a print shop's file.
    link: str = ""
    alt: str = ""  # the QR code's alternative text: what scanning does and what it dials, in words

    @property
    def qr(self) -> QrCode:
        """Made when a template shows it (and kept): a card leaves the feedback code out, and
        its subject, naming the edition, differs on every site's card."""
        return make_qr(self.payload)


@dataclass(frozen=True)
class ContactGroup:
    """A service as people know it ("Police", or one police group with three numbers)."""

    key: str
    name: str
    short: str
    discreet: str  # a plain name that does not say what the service is for
    note: Markup  # its numbers bold and isolated, as in the answers
    role: str  # "emergency", "service" or "feedback" (model.service_role)
    lines: tuple[ContactLine, ...]


@dataclass(frozen=True)
class ChannelNoteView:
    """What a way of contact leaves behind on a phone, and the source that says so."""

    channel: str
    text: str
    source: str  # "Source: Queensland Government, Technology safety planning"


@dataclass(frozen=True)
class SectionView:
    id: str
    question: Markup
    answer: Markup


@dataclass(frozen=True)
class EasyBlockView:
    """One idea of the easy-read texts: its pictogram, what the pictogram shows, and its
    sentences (one a paragraph)."""

    section: str  # the id of the section it comes from
    picture: str  # the pictogram's name, also a class for the stylesheet
    alt: str  # what the pictogram shows, in the page's language
    sentences: tuple[Markup, ...]
    ink: str = INK  # its colour: black ink alone in a print shop's file

    @property
    def image(self) -> str:
        """The pictogram as an SVG image, for <img src>: drawn only where a template shows it."""
        return pictogram_uri(self.picture, self.ink)


@dataclass(frozen=True)
class PackInfo:
    name: str
    title: str


@dataclass(frozen=True)
class EditionInfo:
    """Which document this is: the footer, the file's metadata and the feedback subject name it."""

    id: str  # "kazakhstan/kk/wallet-card/2026.11.25"
    pack: PackInfo
    language: str  # "kk", or "kk+ru" for two languages together
    format: str


@dataclass(frozen=True)
class LayoutInfo:
    """The format as layout.yaml declares it, for the paper of the pack."""

    name: str
    title: str
    page_width_mm: float
    page_height_mm: float
    pages: int  # 0: as many as the content needs
    min_font_pt: float


@dataclass(frozen=True)
class FontFace:
    family: str  # the name @font-face gives it: "Respack Noto Sans Hebrew"
    uri: str  # for @font-face src: url(...)
    weight: int
    style: str


@dataclass(frozen=True)
class Fonts:
    """The fonts of a page: its language's chain as a CSS font-family list (`family`), every
    face of the document (`faces`, for @font-face), and the chain of each of its languages
    (`languages`: (tag, font-family list), for the elements of that lang)."""

    family: Markup  # '"Respack Noto Sans Hebrew", "Respack Noto Sans"'
    faces: tuple[FontFace, ...]
    languages: tuple[tuple[str, Markup], ...]
    # What a number, an address or a Latin name set apart left to right is drawn with: the
    # default family first, so that every glyph of "+44 20 7946 0001" comes from one font
    # (an Arabic font has digits too, on other metrics).
    ltr_family: Markup


def edition_info(edition: Edition) -> EditionInfo:
    """A neutral document's template gets neither the pack's name nor its title: whatever it
    prints or puts in the file's properties cannot say them (its id is Edition.reference)."""
    pack = PackInfo(name="", title="") if edition.neutral else \
        PackInfo(name=edition.pack.name, title=edition.pack.title)
    return EditionInfo(id=edition.reference, pack=pack, language=edition.language, format=edition.format)


def layout_info(layout: Layout) -> LayoutInfo:
    return LayoutInfo(name=layout.name, title=layout.title, page_width_mm=layout.page_width_mm,
                      page_height_mm=layout.page_height_mm, pages=layout.pages, min_font_pt=layout.min_font_pt)


def fonts_info(fonts: EditionFonts, language: str) -> Fonts:
    return Fonts(family=_css_families(fonts.chain(language)),
                 faces=tuple(FontFace(family=font.css_family, uri=face.path.as_uri(), weight=face.weight,
                                      style=face.style) for font in fonts.families() for face in font.faces),
                 languages=tuple((tag, _css_families(chain)) for tag, chain in fonts.chains),
                 ltr_family=_css_families(_default_first(fonts.chain(language))))


def _default_first(chain: tuple[FontSet, ...]) -> tuple[FontSet, ...]:
    return (chain[-1], *chain[:-1])  # the default family closes every chain


def _css_families(chain: tuple[FontSet, ...]) -> Markup:
    """A CSS font-family list, each family a quoted CSS string (ready for a <style>)."""
    return Markup(", ".join(_css_string(font.css_family) for font in chain))


def _css_string(text: str) -> str:
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\<>{}' or not ch.isprintable() else ch for ch in text)
    return f'"{escaped}"'


def long_date(day: date, language: str) -> str:
    return format_date(day, "long", locale=Locale.parse(language, sep="-"))


def short_date(day: date, language: str) -> str:
    """A date in little room that nobody misreads: all digits where the language writes the day
    first ("30.11.2026": an abbreviated month, Kazakh «30 қар.», can be taken for January),
    else with the month's short name ("Nov 30, 2026": 11/30 reads as a day elsewhere)."""
    locale = Locale.parse(language, sep="-")
    day_first = locale.date_formats["short"].pattern.lstrip("\u200f\u200e").startswith("d")
    return format_skeleton("yMd" if day_first else "yMMMd", day, locale=locale)


def edition_label(edition: Edition) -> str:
    """The edition in a card's line: the pack, the site and the language ("kazakhstan/kk"); a
    neutral document leaves the pack's name out ("kk"), as its file's properties do."""
    where = f"{edition.site_folder}{edition.language}"
    return where if edition.neutral else f"{edition.pack.name}/{where}"


def feedback_subject(edition: Edition) -> str:
    """The edition's id, so a report can be traced to what was printed (a neutral one's
    reference, without the pack's name, as its file's properties). Plain ASCII keeps the
    mailto: code small, and so large enough per module to survive a photocopy."""
    return edition.reference


def contact_links(edition: Edition, links: bool = True) -> dict[str, str]:
    """What tapping {contact:id} in a text opens: its first way in, as its QR code encodes it;
    nothing without links (a print shop's file)."""
    if not links:
        return {}
    return {c.id: _payload(c, c.channels[0], edition) for c in edition.pack.country.contacts if c.channels}


def _payload(contact: Contact, channel: str, edition: Edition) -> str:
    """What a contact's code (and link) opens by one of its channels; the feedback address
    writes with the edition as its subject."""
    return contact.payload(channel, feedback_subject(edition) if channel == "email" else "")


def contact_numbers(edition: Edition) -> dict[str, str]:
    """What {contact:id} prints in a text: each contact's number or address as printed."""
    return {c.id: c.display or "" for c in edition.pack.country.contacts}


def link_targets(edition: Edition) -> frozenset[str]:
    """Everything a link of the edition may open: what its contacts' QR codes encode."""
    return frozenset(_payload(c, channel, edition) for c in edition.pack.country.contacts for channel in c.channels)


def contact_groups(edition: Edition, language: str, links: bool = True) -> list[ContactGroup]:
    """The pack's contacts grouped by service, in the order the country file lists them; with
    links, each number tappable (not in a print shop's file)."""
    groups = []
    numbers = contact_numbers(edition)
    targets = contact_links(edition, links)
    plain = as_plain_text(language)
    for key, contacts in edition.pack.country.services.items():
        wording = edition.pack.guidance[language].contacts[key]
        spoken = with_numbers(wording.discreet or wording.name if edition.neutral else wording.name, numbers)
        lines = tuple(_line(contact, channel, edition, language, links, spoken)
                      for contact in contacts for channel in contact.channels)
        full = with_dialled_numbers(wording.name, numbers, targets, plain)
        discreet = with_dialled_numbers(wording.discreet or wording.name, numbers, targets, plain)
        # A neutral document names every service by its plain name: a card is all outside,
        # and a folded leaflet shows its contacts panel.
        name, short = (discreet, discreet) if edition.neutral else (
            full, with_dialled_numbers(wording.short, numbers, targets, plain) or full)
        groups.append(ContactGroup(key=key, name=name, short=short, discreet=discreet,
                                   note=with_contacts(wording.note, numbers, links=targets),
                                   role=service_role(contacts), lines=lines))
    return groups


def as_plain_text(language: str) -> Callable[[str], str]:
    """How a plain text (a name, the edition line) is printed in a language: as it is, or, on a
    right-to-left page, with its numbers, addresses and Latin names isolated (markup.isolate_ltr);
    a designation ("№ 103") is never broken after its mark."""
    if script_of(language).rtl:
        return lambda text: isolate_ltr(designations_unbroken(text))
    return designations_unbroken


def _line(contact: Contact, channel: str, edition: Edition, language: str, links: bool, name: str) -> ContactLine:
    t = edition.pack.strings[language]
    payload = _payload(contact, channel, edition)
    checked = ""
    if contact.confirmed:
        checked = t["checked_on"].format(date=long_date(contact.confirmed.on, language))
    display = contact.display or ""
    return ContactLine(
        id=contact.id, channel=channel, label=as_plain_text(language)(t["whatsapp"]) if channel == "whatsapp" else "",
        display=display, payload=payload, caption=t[_CAPTIONS[channel]],
        checked=checked, link=payload if links else "", alt=qr_alt(t.values, channel, name, display))


def qr_alt(words: Mapping[str, str], channel: str, name: str, number: str) -> str:
    """What a screen reader says of a QR code, in the page's language: what scanning does, for
    whom, and the number or address as it is dialled ("Scan to call Police: 102"). A
    neutral document's name is its plain one already."""
    key = f"{_CAPTIONS[channel]}_alt"
    if key in words and name:
        return words[key].format(name=name, number=number)
    # A language without the words yet: its caption ("Scan to call"), and the name in full.
    return f"{words[_CAPTIONS[channel]]}: {name}, {number}" if name else f"{words[_CAPTIONS[channel]]}: {number}"


GUIDANCE_PANELS = 4  # of a tri-fold leaflet's six: the inside flap and the three inside


def flap_share(sections: int, most: int) -> int:
    """How many sections of the guidance a leaflet's inside flap takes: its share of the four
    panels of guidance, at most `most` (layout.yaml's flap_sections); none when there are no
    more sections than the three inside panels, which then take one each, and the flap is the
    reader's own list of numbers. The inside never stands empty under its heading."""
    if sections < GUIDANCE_PANELS:
        return 0
    return min(most, -(-sections // GUIDANCE_PANELS))


def _sections(sections: tuple[Section, ...], numbers: dict[str, str], links: dict[str, str]) -> list[SectionView]:
    """The questions and answers; one whose whole answer names a contact the pack hides is left out."""
    views = [SectionView(s.id, with_contacts(s.question, numbers, links=links),
                         with_contacts(s.answer, numbers, block=True, links=links))
             for s in sections]
    return [view for view in views if view.answer.strip()]


def _notice(edition: Edition, words: Mapping[str, str], length: str) -> str:
    """The draft notice of a draft edition ("notice" or "short"), empty for a final one."""
    if not edition.is_draft:
        return ""
    stale = f"stale_{length}"
    return words[stale] if edition.out_of_date and stale in words else words[f"draft_{length}"]


def _logo(edition: Edition, inks: PrintInks | None) -> str:
    """The pack's logo for <img src>: its file, or, in a print shop's file, the logo in CMYK."""
    logo = edition.pack.branding.logo
    if not logo or not inks:
        return logo.as_uri() if logo else ""
    try:
        if logo.suffix.lower() == ".svg":
            return _data_uri("image/svg+xml", inks.svg(logo.read_bytes()))
        return _data_uri("image/jpeg", inks.png(logo.read_bytes()))
    except ValueError as error:
        raise RespackError(Problem(edition.pack.path, f"{logo.name} cannot be printed in CMYK for the print shop: "
                                   f"{error}", field="branding.logo")) from None


def _data_uri(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


def easy_read(sections: tuple[Section, ...], numbers: dict[str, str], alts: dict[str, str], ink: str = INK,
              links: dict[str, str] | None = None) -> list[EasyBlockView]:
    """The easy-read blocks of the sections, in order; a block whose every sentence names a
    hidden contact is left out."""
    views = []
    for section in sections:
        for block in easy_blocks(section.easy):
            sentences = printed_sentences(block, numbers)
            if sentences:
                views.append(EasyBlockView(section=section.id, picture=block.picture,
                                           alt=alts.get(alt_key(block.picture), ""),
                                           sentences=tuple(with_contacts(s, numbers, links=links) for s in sentences),
                                           ink=ink))
    return views


def document_context(edition: Edition, fonts: EditionFonts | None = None, language: str = "",
                     step: Step | None = None, inks: PrintInks | None = None) -> dict[str, object]:
    """Everything the templates of one edition may use, in one of its languages, laid out at
    one of its format's steps (the roomiest by default); with inks, for a print shop's file:
    its colours in CMYK (generator/render/inks.py).

    A bilingual edition ("kk+ru") also gets `parts`: the same context in each language,
    for templates that set the two side by side.
    """
    language = language or edition.languages[0]
    fonts = fonts or fonts_for(edition.pack.branding, edition.languages)
    step = step or edition.layout.steps[0]
    pack = edition.pack
    guidance, t = pack.guidance[language], pack.strings[language]
    locale = Locale.parse(language, sep="-")
    links = inks is None  # a print shop's file carries no link
    groups = contact_groups(edition, language, links)
    services = [g for g in groups if g.role == "service"]
    numbers = contact_numbers(edition)
    targets = contact_links(edition, links)
    as_of = t["information_as_of"].format(date=long_date(pack.country.information_as_of, language))
    # A clinic's own documents name the clinic, in the document's language where it has a name
    # in it; a card (the short edition line) by its short name, where it has one.
    site_name = edition.site.name_in(language) if edition.site else ""
    site_short = edition.site.card_name_in(language) if edition.site else ""
    edition_line = " · ".join([
        *filter(None, [locale.territories.get(pack.country.code, "" if edition.neutral else pack.title)]),
        locale.get_display_name() or language,
        t["content_version"].format(version=pack.country.version),
        as_of,
    ])
    options = edition.layout.options.over(step.options)
    if isinstance(most := options.get("flap_sections"), int):
        options["flap_sections"] = flap_share(len(guidance.sections), most)
    context: dict[str, object] = {
        "edition": edition_info(edition),
        "lang": language,
        "direction": script_of(language).direction,
        "t": MappingProxyType(t.values),
        "fonts": fonts_info(fonts, language),
        "layout": layout_info(edition.layout),
        "step": step.name,
        "options": MappingProxyType(options),
        # A neutral document's title, printed and in its metadata, says only "Useful numbers".
        "title": t["discreet_title"] if edition.neutral else with_contacts(guidance.title, numbers, links=targets),
        "neutral": edition.neutral,
        "author": "" if edition.neutral else pack.branding.organisation.get(language) or pack.title,
        "headline": with_contacts(guidance.headline, numbers, links=targets),
        "first_step": with_contacts(guidance.first_step, numbers, links=targets),
        "groups": groups,
        "emergency": [g for g in groups if g.role == "emergency"],
        "services": services,
        # All services' numbers in one row of QR codes; with several services, each code
        # is labelled with its service's short name under one common heading.
        "service_lines": [(g, line) for g in services for line in g.lines],
        # What a format with room for one set of codes shows: the services' lines, or, when the
        # content has no service, the emergency numbers'.
        "qr_lines": [(g, line) for g in (services or [g for g in groups if g.role == "emergency"]) for line in g.lines],
        "services_heading": services[0].name if len(services) == 1 else t["contacts_heading"],
        "services_heading_short": services[0].short if len(services) == 1 else t["contacts_heading"],
        "label_lines": len(services) > 1,
        "feedback": next((g for g in groups if g.role == "feedback"), None),
        # Only for the ways of contact the document prints, and in the languages that have the words.
        "channel_notes": [ChannelNoteView(note.channel, t[note.text], t["channel_note_source"].format(
                              source=note.source.title))
                          for note in pack.channel_notes
                          if all(key in t.values for key in (note.text, "channel_note_source", "channel_notes_heading"))
                          and any(line.channel == note.channel for g in groups for line in g.lines)],
        "sections": _sections(guidance.sections, numbers, targets),
        "easy": easy_read(guidance.sections, numbers, t.values, device_cmyk(BLACK) if inks else INK, targets),
        "information_as_of": as_of,
        "edition_line": as_plain_text(language)(edition_line),
        # Above the edition line, on a line of its own that may wrap onto a second (check/fit.py).
        "site_name": as_plain_text(language)(site_name),
        "site_name_short": as_plain_text(language)(site_short),
        # A card's densest step leaves the content version to the feedback code's subject.
        "edition_line_short": as_plain_text(language)(" · ".join([
            edition_label(edition),
            *([pack.country.version] if options.get("edition_version", True) else []),
            t["information_as_of"].format(date=short_date(pack.country.information_as_of, language))])),
        # A draft says so; one printing a text translated from an older English says it is out of date.
        "draft_notice": _notice(edition, t.values, "notice"),
        "draft_short": _notice(edition, t.values, "short"),
        "organisation": pack.branding.organisation.get(language, ""),
        "logo": _logo(edition, inks),
        "intro": with_contacts(pack.intro[language], numbers, links=targets) if language in pack.intro else "",
        "print_shop": inks is not None,
        "content_date": f"{pack.country.information_as_of.isoformat()}T00:00:00Z",
        "bleed_mm": BLEED_MM,
        "mark_space_mm": MARK_SPACE_MM,
        "css_variables": {name: inks.css(value, name) if inks else value for name, value in
                          (("primary", pack.branding.primary), ("accent", pack.branding.accent)) if value},
    }
    if len(edition.languages) > 1 and language == edition.languages[0]:
        parts = [context] + [document_context(edition, fonts, other, step, inks) for other in edition.languages[1:]]
        context["parts"] = parts
        # The same contact in each language, side by side: versions[i] is in parts[i]'s language.
        context["together"] = {key: list(zip(*(part[key] for part in parts)))
                               for key in ("emergency", "services", "service_lines", "qr_lines")}
    return context


# Keys of the context that hold no words a page prints: paths, styles, files, settings.
_NOT_WORDS = frozenset({"stylesheets", "fonts", "logo", "css_variables", "content_date", "options", "layout", "parts",
                        "together", "direction", "lang", "step", "print_shop", "bleed_mm", "mark_space_mm"})
_NOT_WORD_FIELDS = frozenset({"id", "payload", "link", "channel", "picture", "key", "role"})


def printed_words(context: Mapping[str, object]) -> list[str]:
    """Every text of a context that a template can print (and of the other languages' parts):
    the figures a page may show besides its contacts' numbers are the figures of these words
    (generator.check.numbers). A template's own words are not among them."""
    words: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, str):
            words.append(str(value))
        elif isinstance(value, Mapping):
            for item in value.values():
                collect(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)
        elif is_dataclass(value) and not isinstance(value, type):
            for field in fields(value):
                if field.name not in _NOT_WORD_FIELDS:
                    collect(getattr(value, field.name))

    for part in context.get("parts", [context]):  # type: ignore[attr-defined]
        for key, value in part.items():
            if key not in _NOT_WORDS:
                collect(value)
    return words
