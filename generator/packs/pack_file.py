"""The pack file, declared (generator.declared): every key an NGO may write in it, with its
type, default and help, in one place. `load.read_pack_file` reads it with the one reader
(generator.reading.reader); what needs other files to be checked (a language against its
country's content, a format against the layouts) is checked after, at each value's origin.

A key of type `object` is a part with a reader of its own, which the declaration names; it
is left as the file gives it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from generator.declared import Declared, option
from generator.model import Record
from generator.packs.contacts import SourceEntry
from generator.reading.yamlfile import slug_problem

PAPERS = ("a4", "letter")


def _slugs(names: tuple[str, ...]) -> str | None:
    return next((problem for name in names if (problem := slug_problem(name))), None)


def _paper(value: str) -> str | None:
    return None if value in PAPERS else f"expected one of {', '.join(PAPERS)}, found {value!r}"


def _encoding(value: str) -> str | None:
    try:
        codecs.lookup(value)
    except LookupError:
        return f"unknown encoding {value!r}; e.g. utf-8, windows-1251, windows-1252"
    return None


def _colour(value: str) -> str | None:
    return None if re.fullmatch(r"#[0-9a-fA-F]{6}", value) else f"expected a colour as #rrggbb, found {value!r}"


@dataclass(frozen=True)
class Inks(Declared):
    """`cmyk: {primary: [90, 20, 75, 35]}`: a brand colour in a printer's inks (read by generator.packs.customise)."""

    primary: object = option(None, help="the inks of the primary colour")
    accent: object = option(None, help="the inks of the accent colour")


@dataclass(frozen=True)
class BrandingEntry(Declared):
    """`branding:` an NGO's own look, the layout's where left out (its files checked by generator.packs.customise)."""

    organisation: object = option(None, help="its name: one for every language, or one per language "
                                             "({kk: ..., ru: ...}), each of the pack's then")
    logo: str | None = option(None, help="an SVG or PNG file inside the pack's folder")
    primary: str = option("", check=_colour, help="#rrggbb: headings, bands, big numbers")
    accent: str = option("", check=_colour, help="#rrggbb: a light ground")
    font: str = option("", help="the default font family of every language, installed")
    fonts: object = option(None, help="a language's own families, first in its chain ({ar: \"Noto Kufi Arabic\"})")
    cmyk: Inks = option(Inks(), help="the print shop's file: the brand colours in the printer's inks")
    print_profile: str | None = option(None, help="the printer's ICC profile (.icc or .icm) inside the pack's folder")


@dataclass(frozen=True)
class SitesFile(Declared):
    """`sites: {file: sites.csv, encoding: windows-1251, sheet: Clinics, columns: {...}}`."""

    file: str = option("", required=True, help="the spreadsheet of sites, in the pack's folder: .xlsx, .ods or .csv")
    sheet: str | None = option(None, help="the sheet of a workbook the sites are on; else its first")
    encoding: str | None = option(None, check=_encoding, help="a CSV file's encoding, where it is not found by itself")
    columns: object = option(None, help=(
        "the NGO's own header of a column, by the column's name (`{name: \"Наименование учреждения\"}`); "
        "the columns are generator.tables.columns', read by generator.packs.sites"))


@dataclass(frozen=True)
class Safety(Declared):
    """`safety: {neutral: true, giveaway_terms: {kk: [...]}}`."""

    neutral: bool = option(False, help="outsides, tear-off tabs and metadata say nothing of the purpose")
    giveaway_terms: object = option(None, help=(
        "per language of the pack, its own words a neutral outside must not print, added to the content's"))


@dataclass(frozen=True)
class TwoLanguages(Declared):
    """An entry of `editions:`: two languages printed together, side by side or one after the other."""

    languages: tuple[str, ...] = option((), required=True, help="two different languages of the pack, e.g. [kk, ru]")
    formats: tuple[str, ...] = option((), required=True, help="the pack's formats that print them together")


@dataclass(frozen=True)
class ContactChanges(Declared):
    """`contacts: {add: [...], hide: [...]}`."""

    add: object = option(None, help=(
        "the pack's own contacts, each checked as the country's are and worded in every language of the pack "
        "(generator.packs.customise)"))
    hide: tuple[str, ...] = option((), help="contacts (or groups) of the country this pack prints nowhere")


@dataclass(frozen=True)
class PackFile(Declared):
    """A pack file: what to print, of which content, for whom."""

    name: str = option("", required=True, check=slug_problem, help="names the pack's output folder")
    title: str = option("", required=True, help="the pack's title, printed where a document names its pack")
    country: str = option("", required=True, check=slug_problem, help="the content's country folder, e.g. kz")
    situation: str = option("", required=True, check=slug_problem, help="the country's situation folder")
    languages: tuple[str, ...] = option((), required=True, help="the languages to print, each of its country's")
    formats: tuple[str, ...] = option((), required=True, check=_slugs, help="the formats to print (layouts/)")
    content_dir: str | None = option(None, help="the pack's own content, a folder beside its pack file")
    layouts_dir: str | None = option(None, help="the pack's own layouts, a folder beside its pack file")
    paper: str = option("a4", check=_paper, help="the office paper: a4 or letter")
    branding: BrandingEntry = option(BrandingEntry(), help="the NGO's name, logo, colours and fonts")
    contacts: ContactChanges | None = option(None, help="the NGO's own contacts added, national ones hidden")
    sources: dict[str, SourceEntry] = option(factory=dict, help="the sources of the pack's own contacts, by id")
    intro: object = option(None, help="per language, a few words of the NGO printed first")
    editions: tuple[TwoLanguages, ...] = option((), help="two languages printed together")
    units: dict[str, dict[str, Record]] = option(factory=dict, help=(
        "per language, the record of each unit of the pack's own wording (generator.packs.units)"))
    sites: str | SitesFile | None = option(None, help="the spreadsheet of sites, each printed on editions of its own")
    safety: Safety = option(Safety(), help="whether the pack is neutral, safe to carry, and its own giveaway terms")
