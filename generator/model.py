"""The domain model every stage shares: facts, wording, packs and the editions to print."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

from generator.declared import Declared, Origin, option
from generator.reads import Reads


class Channel(StrEnum):
    """A way to reach a contact: each has its QR code (Contact.payload)."""

    VOICE = "voice"
    WHATSAPP = "whatsapp"
    EMAIL = "email"


class Status(StrEnum):
    """Where a language's file stands: the source (English), a draft translation, or reviewed."""

    SOURCE = "source"
    DRAFT = "draft"
    REVIEWED = "reviewed"


class Role(StrEnum):
    """What a service is to a reader: an emergency number, a service, or the address to write
    to about the pack itself."""

    EMERGENCY = "emergency"
    SERVICE = "service"
    FEEDBACK = "feedback"


CHANNELS = tuple(Channel)
# The contacts of the context a format prints as QR codes (see generator/render/context.py).
QR_CODE_GROUPS = ("emergency", "services", "feedback")
# What a print shop's file may be: CMYK with a CMYK output intent, as each of these standards
# allows (PDF/X-1a: CMYK alone, no transparency). Not offered: PDF/X-5g, whose point is graphics
# outside the file, and PDF/A, for archives, whose output intent here would be sRGB.
PRINT_VARIANTS = ("pdf/x-1a", "pdf/x-3", "pdf/x-4")
PRINT_SHOP_VARIANT = "pdf/x-4"
ROLLOUT_FOLDER = "all-sites"  # the print shop's sheets of every site's cards: never a site id


@dataclass(frozen=True)
class Source:
    """Where a fact was read, and when: printed as "Information as of <read_on>"."""

    id: str
    title: str
    read_on: date
    file: str | None = None  # the source note in the content folder: sources/<name>.md


@dataclass(frozen=True)
class ChannelNote:
    """What a way of contact leaves behind on a phone (a call in the call log), on a source's
    word; its words are a string of the layouts, `text`, translated like the others."""

    channel: Channel
    text: str
    source: Source


@dataclass(frozen=True)
class Confirmation:
    """Someone actually confirmed a contact: only then is "Checked on" printed."""

    by: str
    how: str
    on: date


@dataclass(frozen=True)
class Contact:
    """A number or address people can reach, with where it came from."""

    id: str
    channels: tuple[Channel, ...]
    source: Source
    as_of: date
    e164: str | None = None  # "+77152493158"; None for short codes and e-mail
    dial: str | None = None  # what you type: "102" or "+77152493158"
    display: str | None = None  # printed form: "102" or "+7 7152 49 31 58"
    email: str | None = None
    emergency: bool = False
    typed: str | None = None  # the number as the file writes it: `check` says why display groups it otherwise
    region: str | None = None
    group: str | None = None
    confirmed: Confirmation | None = None
    short_number_source: Source | None = None  # vouches for a short number libphonenumber does not list
    # Where it was declared (a country's content, a pack file, a site's row): a later check names its line.
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def wording_key(self) -> str:
        """Contacts of one group (two landlines of one service) share their wording."""
        return self.group or self.id

    def payload(self, channel: str, subject: str = "") -> str:
        """What a QR code for this contact encodes."""
        if channel == "voice":
            return f"tel:{self.e164 or self.dial}"
        if channel == "whatsapp":
            return f"https://wa.me/{(self.e164 or '').lstrip('+')}"
        if channel == "email":
            return f"mailto:{self.email}?subject={quote(subject)}" if subject else f"mailto:{self.email}"
        raise ValueError(f"unknown channel {channel!r}")


def service_role(contacts: tuple[Contact, ...]) -> Role:
    """An emergency service (short emergency numbers), the feedback address (the address to
    write to about the pack itself: a group whose first way in is e-mail) or a service."""
    if all(c.emergency for c in contacts):
        return Role.EMERGENCY
    return Role.FEEDBACK if contacts[0].channels[0] == Channel.EMAIL else Role.SERVICE


@dataclass(frozen=True)
class ContactWording(Declared):
    """What a language calls a contact (a guidance file's `contacts:`, a pack's added contact's
    `wording:`, a site's label)."""

    name: str = option("", required=True, help="the service's name")
    note: str = option("", help="a line about it: who may call, when")
    short: str = option("", help="its name on a tear-off tab")
    discreet: str = option("", help="its name on a card that must not reveal what it is for")


@dataclass(frozen=True)
class Record(Declared):
    """What a translated unit was made against, and who approved it: a section's own keys, or
    its entry under `units:` of its file."""

    source_hash: str | None = option(None, help="the fingerprint of the English it was translated from")
    reviewed_by: str | None = option(None, help="the native speaker who approved it")
    reviewed_on: date | None = option(None, help="when they did")
    approved_hash: str | None = option(None, help="the fingerprint of the translation approved")
    based_on: str | None = option(None, help=(
        "in a pack's own English: the fingerprint of the installed English it replaces"))


@dataclass(frozen=True)
class Section(Declared):
    """One question and its answer; the answer uses the small inline markup of markup.py.
    A translated section carries its unit's record (Record) among its own keys."""

    id: str = option("", required=True, help="names the section in translations and overlays")
    question: str = option("", required=True, help="the question, as a reader asks it")
    answer: str = option("", required=True, help="the answer, in the markup of generator.render.markup")
    easy: str = option("", help=(
        "the easy-read text (generator.render.easy): blocks of one idea, each with its picture; a unit "
        "of its own to translate, so not part of the fingerprint"))
    source_hash: str | None = option(None, help="translations: the fingerprint of the source text translated")
    reviewed_by: str | None = option(None, help="the native speaker who approved the translation")
    reviewed_on: date | None = option(None, help="when they did")
    approved_hash: str | None = option(None, help="the fingerprint of the translation approved")
    based_on: str | None = option(None, help="the pack's own English: the installed English's fingerprint")

    @property
    def fingerprint(self) -> str:
        """Changes whenever the question or answer changes; translations record it."""
        return hashlib.sha256(f"{self.question}\n{self.answer}".encode()).hexdigest()[:12]

    @property
    def record(self) -> Record:
        return Record(self.source_hash, self.reviewed_by, self.reviewed_on, self.approved_hash, self.based_on)


@dataclass(frozen=True, kw_only=True)
class Guidance(Declared):
    """Everything one language says about one situation in one country (its guidance file,
    with the pack's own overlays on it)."""

    path: Path
    layers: tuple[Path, ...] = ()  # the installed file and the pack's own overlays on it; path is the last
    language: str = option("", required=True, help="the file's language, as its name says it")
    status: Status = option(Status.DRAFT, required=True, help="source, draft or reviewed")
    reviewed_by: str | None = option(None, help="who reviewed the whole file")
    title: str = option("", required=True, help="the title of its documents")
    headline: str = option("", required=True, help="the line under the title")
    first_step: str = option("", required=True, help="what to do first, printed before anything else")
    contacts: dict[str, ContactWording] = option(required=True, factory=dict, help=(
        "what the language calls each contact (or group) of its country, by its id"))
    sections: tuple[Section, ...] = option((), required=True, help="the questions and their answers")
    units: dict[str, Record] = option(factory=dict, help="the record of each other unit, by its id")

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


@dataclass(frozen=True, kw_only=True)
class Strings(Declared):
    """The words of the layouts themselves ("Scan to call", "Checked on")."""

    path: Path
    layers: tuple[Path, ...] = ()  # the installed file and the pack's own overlays on it; path is the last
    language: str = option("", required=True, help="the file's language, as its name says it")
    status: Status = option(Status.DRAFT, required=True, help="source, draft or reviewed")
    strings: dict[str, str] = option(required=True, factory=dict, help="each string of the layouts, by its name")
    units: dict[str, Record] = option(factory=dict, help="the record of each string, by its unit's id")

    @property
    def values(self) -> dict[str, str]:
        return self.strings

    def __getitem__(self, key: str) -> str:
        return self.strings[key]


@dataclass(frozen=True)
class Country:
    path: Path
    code: str
    version: str
    languages: tuple[str, ...]
    sources: dict[str, Source]
    contacts: tuple[Contact, ...]

    @property
    def services(self) -> dict[str, tuple[Contact, ...]]:
        """Contacts grouped as people know them (a service and its numbers), in file order."""
        grouped: dict[str, list[Contact]] = {}
        for contact in self.contacts:
            grouped.setdefault(contact.wording_key, []).append(contact)
        return {key: tuple(contacts) for key, contacts in grouped.items()}

    @property
    def information_as_of(self) -> date:
        """The oldest date among the facts printed (the contacts, read with the guidance they
        came with): a page may not claim that a fact read earlier is as new as the newest."""
        return min(c.as_of for c in self.contacts)


def _between_0_and_1(value: list[object]) -> str | None:
    if all(isinstance(f, (int, float)) and not isinstance(f, bool) and 0 < f < 1 for f in value):
        return None
    return f"expected fractions of the page's width between 0 and 1, found {value!r}"


@dataclass(frozen=True)
class LayoutOptions(Declared):
    """layout.yaml's options (or a step's), each of a known name and type: a misspelt option
    must not switch a check off in silence (min_qr_modul_mm). None: not given; the templates
    see only those given (`given()`), with their own defaults."""

    flap_sections: int | None = option(None, help="the first sections of the guidance go on the inside flap")
    tabs: int | None = option(None, help="how many tear-off tabs a poster has")
    sheet: bool | None = option(None, help="a sheet of cards: with sites, one sheet for all of them")
    min_qr_module_mm: float | None = option(None, help="the smallest module of a QR code the fit check allows")
    min_qr_mm: float | None = option(None, help="the smallest QR code the fit check allows")
    min_font_pt_in: dict[str, float] | None = option(None, help="a smaller least text size in a class of box")
    easy: bool | None = option(None, help="the format prints the easy-read texts: every section needs one")
    notes: bool | None = option(None, help="the services' notes are printed")
    captions: bool | None = option(None, help="each QR code has its caption")
    short_names: bool | None = option(None, help="the services' short names, for a card")
    qr_module_mm: float | None = option(None, help="the size of a QR code's module")
    tab_lines: str | None = option(None, help="'all' lines of a service on a tear-off tab, or its first")
    tab_emergency_names: bool | None = option(None, help="a tab names the emergency numbers")
    neutral: bool | None = option(None, help="a format that is always neutral, whatever the pack")
    channel_notes: bool | None = option(None, help="what each way of contact leaves on a phone is printed")
    edition_version: bool | None = option(None, help="false: the short edition line leaves the content "
                                                     "version to the feedback code")
    short_footer: bool | None = option(None, help="the footer's short draft notice and edition line")
    balanced: bool | None = option(None, help="the leaflet's inside panels balanced rather than filled in order "
                                              "(set by the build when filled in order they leave one blank)")
    folds: tuple[float, ...] | None = option(None, check=_between_0_and_1, help=(
        "where the sheet folds, in fractions of its width: a print shop's file marks them in the slug"))

    def over(self, step: LayoutOptions) -> dict[str, object]:
        """These options with a step's put over them, as the templates read them."""
        return {**self.given(), **step.given()}


@dataclass(frozen=True)
class Capacity(Declared):
    """The most content a format's densest step lays out, in one language and in two.
    0: no limit declared."""

    emergency: int = option(0, help="emergency numbers")
    services: int = option(0, help="services (groups of contact lines), the feedback address not counted")
    lines: int = option(0, help="lines (numbers, chats, addresses) of one service")
    codes: int = option(0, help="QR codes of the services")
    two_languages: Capacity | None = option(None, help="what a two-language edition holds, where it is less")

    def limits(self, languages: int) -> dict[str, int]:
        """The limits that apply to an edition in that many languages."""
        own = {"emergency": self.emergency, "services": self.services, "lines": self.lines, "codes": self.codes}
        if languages > 1 and self.two_languages:
            own.update({k: v for k, v in self.two_languages.limits(1).items() if v})
        return own


def _span(value: list[object]) -> str | None:
    if len(value) == 2 and all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in value) \
            and value[0] < value[1]:  # type: ignore[operator]
        return None
    return f"expected [from, to], two fractions of the page from 0 to 1, found {value!r}"


def _page(value: int) -> str | None:
    return "expected a page from 1, or from the end from -1 (the last page), found 0" if value == 0 else None


@dataclass(frozen=True)
class Step(Declared):
    """One density of a format, from roomy to dense: its name is a class of the page's body,
    for the stylesheet, and its options replace the layout's for the templates."""

    name: str = option(help="a class of the page's body (body.step-dense) for style.css")
    options: LayoutOptions = option(LayoutOptions(), help="the options that replace the layout's in this step")
    holds: Capacity | None = option(None, help=(
        "the most content this step is tried on: a roomy step for light content only; content past "
        "it goes to the next step without being laid out at this one"))


@dataclass(frozen=True)
class Region(Declared):
    """Part of a page, in fractions of its width and height from the top left: what a folded
    leaflet shows outside, a poster's tear-off tabs."""

    page: int = option(check=_page, help="from 1; from the end when negative (-1: the last page, of a "
                                         "format of as many pages as needed)")
    x: tuple[float, float] = option((0.0, 1.0), check=_span, help="from, to: fractions of the page's width")
    y: tuple[float, float] = option((0.0, 1.0), check=_span, help="from, to: fractions of the page's height")

    def mirrored(self) -> Region:
        """The same part of a page laid out right to left: a leaflet's cover is then on the left."""
        return Region(self.page, (1.0 - self.x[1], 1.0 - self.x[0]), self.y)


@dataclass(frozen=True)
class PageSize(Declared):
    width_mm: float = option(0.0, required=True, help="the page's width, trimmed")
    height_mm: float = option(0.0, required=True, help="the page's height, trimmed")


@dataclass(frozen=True, kw_only=True)
class Layout(Declared):
    """A format: its folder of templates and what its pages must be (its layout.yaml)."""

    name: str
    directory: Path
    title: str = option(help="the format's name, as `respack list` and advice say it")
    page: PageSize = option(PageSize(), required=True, help="its page on A4 paper, trimmed")
    letter: PageSize | None = option(None, help="its page on US Letter paper, where it differs")
    pages: int = option(0, help="its number of pages; 0: as many as the content needs")
    min_font_pt: float = option(help="the least size of its text")
    stylesheets: tuple[str, ...] = option((), help="paths in the layouts search path; base.css comes first")
    options: LayoutOptions = option(LayoutOptions(), help="what its templates and checks read")
    steps: tuple[Step, ...] = option((Step("regular"),), help=(
        "from roomy to dense: the first that fits is taken"))
    capacity: Capacity = option(Capacity(), help="the most its densest step holds (checked before rendering)")
    qr_codes: tuple[str, ...] = option(("services",), check=lambda groups: next((
        f"unknown contacts {group!r}; expected some of {', '.join(QR_CODE_GROUPS)}"
        for group in groups if group not in QR_CODE_GROUPS), None), help=(
        "the contacts the document must carry as QR codes; none: a page read on the phone that would scan it"))
    outside: tuple[Region, ...] = option((), help=(
        "what anyone who finds the document sees without opening it; none: every page, whole"))
    panels: tuple[Region, ...] = option((), help=(
        "the panels of a folded sheet: the fit check refuses one that prints nothing but its footer"))

    @property
    def page_width_mm(self) -> float:
        return self.page.width_mm

    @property
    def page_height_mm(self) -> float:
        return self.page.height_mm


@dataclass(frozen=True)
class SearchPath:
    """Folders looked in turn, as MkDocs themes are: a pack's own folder first, the bundled
    one last, so a pack overrides one file and inherits the rest."""

    dirs: tuple[Path, ...]

    def find(self, relative: str | Path) -> Path | None:
        """The first folder's file at relative; never a file outside the folders (an absolute
        path, or one that climbs out with "..", is found nowhere)."""
        if Path(relative).is_absolute() or ".." in Path(relative).parts:
            return None
        return next((d / relative for d in self.dirs if (d / relative).exists()), None)

    def names(self, pattern: str) -> list[str]:
        """Names of the entries matching pattern in any of the folders."""
        return sorted({p.name for d in self.dirs for p in d.glob(pattern)})


@dataclass(frozen=True)
class Branding:
    """An NGO's own look; empty values keep the layout's defaults."""

    organisation: dict[str, str] = field(default_factory=dict)  # per language: its name as that language writes it
    logo: Path | None = None
    primary: str = ""  # "#rrggbb"
    accent: str = ""
    font: str = ""  # the default font family of every language, e.g. "Noto Serif"
    # A language's own families, before the default (branding.fonts: {ar: "Noto Kufi Arabic"}):
    # instead of its script's (generator.render.fonts).
    fonts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The print shop's file (generator/render/inks.py): the brand colours in CMYK as the printer
    # gave them ({primary: (c, m, y, k)}, each ink 0 to 1), and the printer's output profile.
    cmyk: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    print_profile: Path | None = None


@dataclass(frozen=True)
class Site:
    """One row of a pack's sites spreadsheet (a clinic): its own contact and its name, printed
    on editions of its own."""

    id: str  # a folder name: output/<pack>/<site id>/
    name: str  # printed small, above the edition line (the first language's, with no column "name")
    contact: Contact  # a service added to the pack's contacts for this site's editions
    wording: dict[str, ContactWording]  # the contact's label (and note) in each language of the pack
    line: int  # of the row in the spreadsheet, for problems found after loading
    row: str  # the row as read: the document key holds this row alone, so an edit rebuilds one site
    region: str | None = None
    sheet: str | None = None  # of the workbook the row is in (None for a CSV file)
    names: dict[str, str] = field(default_factory=dict)  # its name in a language, where it has one of its own
    short_names: dict[str, str] = field(default_factory=dict)  # for cards: by language, "" for every language

    def name_in(self, language: str) -> str:
        """Its name as a document in that language prints it in full."""
        return self.names.get(language) or self.name

    def card_name_in(self, language: str) -> str:
        """Its name as a card in that language prints it: the short name, where there is one."""
        return self.short_names.get(language) or self.short_names.get("") or self.name_in(language)


@dataclass(frozen=True)
class SheetNotice:
    """What reading a spreadsheet of sites did that its keeper should know, though it builds:
    a column no document prints, a merged cell read for each of its rows. Said as a warning."""

    line: int  # the row it is at
    sheet: str | None
    message: str
    field: str | None = None


@dataclass(frozen=True)
class Pack:
    """What to print: a country's content in some languages and formats."""

    path: Path
    name: str
    title: str
    country: Country
    situation: str
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    guidance: dict[str, Guidance]
    strings: dict[str, Strings]
    content: SearchPath
    layouts: SearchPath
    branding: Branding = Branding()
    intro: dict[str, str] = field(default_factory=dict)
    hidden: tuple[Contact, ...] = ()  # contacts of the country this pack leaves out: printed nowhere
    bilingual: tuple[tuple[tuple[str, str], tuple[str, ...]], ...] = ()  # (("kk", "ru"), formats) printed together
    paper: str = "a4"  # the office paper: "a4" or "letter"
    sites_path: Path | None = None  # the spreadsheet of sites (sites: in the pack file)
    sites: tuple[Site, ...] = ()  # in row order; with sites, each edition is one site's
    sites_notices: tuple[SheetNotice, ...] = ()  # what the spreadsheet's reading warns of
    neutral: bool = False  # safety: {neutral: true}: outsides, tabs and metadata say nothing of the purpose
    # Per language, words a neutral document's outside must not print (content/safety/<lang>.yaml,
    # and the pack's own), and the innocent words and phrases let through among them (the rule is
    # generator.check.giveaways').
    giveaway_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    giveaway_exceptions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    channel_notes: tuple[ChannelNote, ...] = ()  # content/safety/channels.yaml
    # Its formats' layouts, read once with it, or what is wrong with one (generator.packs.layouts).
    layout_files: Mapping[str, Layout | Exception] = field(default_factory=dict, compare=False, repr=False)
    # Every file read for the pack, per language (generator.reads): what its documents are keyed by.
    reads: Reads = field(default_factory=Reads, compare=False, repr=False)
    # The pack file as declared (generator.packs.pack_file.PackFile), each value with its origin.
    file: Declared | None = field(default=None, compare=False, repr=False)

    def editions_languages(self) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """The languages of each kind of edition, and its formats: each language alone in every
        format, then each pair printed together in its own."""
        return [*(((language,), self.formats) for language in self.languages), *self.bilingual]

    @property
    def own_content(self) -> Path | None:
        """The pack's own content folder, first of its search path (the installed content is
        last): where its own wording, translations and approvals are written."""
        return self.content.dirs[0] if len(self.content.dirs) > 1 else None


@dataclass(frozen=True)
class Edition:
    """One document to print: a pack in one language (or two, printed together) and one format."""

    pack: Pack
    languages: tuple[str, ...]  # ("kk",), or ("kk", "ru") printed together
    layout: Layout
    # Units printed on it that no native speaker approved yet (planned by translation.py; all of a
    # language's units while none is approved);
    # None: not planned, the files' status decides.
    unreviewed: tuple[str, ...] | None = None
    site: Site | None = None  # the pack's contacts then include the site's (generator.packs.sites)
    out_of_date: bool = False  # some unit it prints was translated from an English that has changed since

    @property
    def language(self) -> str:
        """The edition's languages as its folder and its id name them: "kk", "kk+ru"."""
        return "+".join(self.languages)

    @property
    def format(self) -> str:
        return self.layout.name

    @property
    def id(self) -> str:
        """Names the edition in feedback, so a report can be traced to what was printed."""
        return f"{self.pack.name}/{self.site_folder}{self.language}/{self.format}/{self.pack.country.version}"

    @property
    def reference(self) -> str:
        """How the document names its edition, in its file's properties: its id, but a neutral
        document leaves out the pack's name, the organisation's own word for what it is for."""
        if not self.neutral:
            return self.id
        return f"{self.site_folder}{self.language}/{self.format}/{self.pack.country.version}"

    @property
    def neutral(self) -> bool:
        """Safe to carry: a neutral pack's every document, or a format that is always neutral
        (the discreet wallet card)."""
        return self.pack.neutral or bool(self.layout.options.neutral)

    @property
    def title(self) -> str:
        """The document's title, printed and in its file's metadata: a neutral one says only
        "Useful numbers"."""
        return self.strings["discreet_title"] if self.neutral else self.guidance.title

    @property
    def site_folder(self) -> str:
        return f"{self.site.id}/" if self.site else ""

    @property
    def relative_path(self) -> Path:
        return Path(self.pack.name) / self.site_folder / self.language / f"{self.format}.pdf"

    @property
    def guidance(self) -> Guidance:
        return self.pack.guidance[self.languages[0]]

    @property
    def strings(self) -> Strings:
        return self.pack.strings[self.languages[0]]

    @property
    def is_draft(self) -> bool:
        if self.unreviewed is not None:
            return bool(self.unreviewed)
        return any(self.pack.guidance[lang].is_draft or self.pack.strings[lang].status == Status.DRAFT
                   for lang in self.languages)
