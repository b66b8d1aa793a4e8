"""Whether each site's name fits the documents that print it, checked before anything is rendered.

A site's name is printed with the edition line of each of its documents: in full in the
document's language (`name:kk`, else `name`), and on a card by its short name where it has one
(`short_name:kk`, `short_name`). It may wrap onto a second line, which only laying it out can
judge: so the longest name of each language is laid out in every format at the format's
densest step, and only when it does not fit is a name refused, with the most characters the
format takes in that language and the column that would fix it, once per site and format
(rather than each of a hundred cards failing after the build has run).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import replace

from generator.errors import Problem, RespackError
from generator.model import Edition, Layout, Pack, Site
from generator.packs.layouts import layout_of
from generator.packs.sites import site_pack


def check_site_names(pack: Pack) -> list[Problem]:
    """A problem for each site and format whose name does not fit, at the site's row."""
    if not pack.sites:
        return []
    too_long: dict[tuple[str, str], list[str]] = {}  # (site id, format title): the languages it fails in
    limits: dict[tuple[str, str], tuple[int, bool]] = {}  # (format title, language): most characters, a card's?
    for languages, formats in pack.editions_languages():
        language = "+".join(languages)
        by_length = sorted(pack.sites, key=lambda site: _printed_length(site, languages), reverse=True)
        for name in formats:
            try:
                layout = layout_of(pack, name)
            except RespackError:
                continue  # check_layouts reports it
            fits = functools.partial(_name_fits, pack, language, layout)
            if fits(by_length[0]):
                continue
            first = bisect.bisect_left(range(len(by_length)), True, key=lambda index: fits(by_length[index]))
            title = layout.title.lower()
            for site in by_length[:first]:
                too_long.setdefault((site.id, title), []).append(language)
            limits[(title, language)] = _limit(pack, language, layout, by_length[0])
    sites = {site.id: site for site in pack.sites}
    return [_refusal(pack, sites[site_id], title, languages, limits)
            for (site_id, title), languages in too_long.items()]


def _printed_length(site: Site, languages: tuple[str, ...]) -> int:
    return max(len(name) for language in languages for name in (site.name_in(language), site.card_name_in(language)))


def _name_fits(pack: Pack, language: str, layout: Layout, site: Site) -> bool:
    """Whether the site's documents in that format lay out at its densest step."""
    from generator.check.fit import fit_problems  # WeasyPrint: only for a pack of sites, not for a no-op build
    from generator.render.document import lay_out

    edition = Edition(pack=site_pack(pack, site), languages=tuple(language.split("+")), layout=layout, site=site)
    laid_out = lay_out(edition, layout.steps[-1])
    return not fit_problems(laid_out.document, layout, copies=laid_out.copies)


def _limit(pack: Pack, language: str, layout: Layout, site: Site) -> tuple[int, bool]:
    """The most characters of a name the format takes in that language (the site's name cut
    short until it fits), and whether the format prints a card's short name: a site with a
    one-letter short name fits it then."""
    name = site.name_in(language.split("+")[0])
    cut = [replace(site, name=name[:length], names={}, short_names={}) for length in range(len(name) + 1)]
    fits = functools.partial(_name_fits, pack, language, layout)
    most = bisect.bisect_left(range(len(cut)), True, key=lambda length: not fits(cut[length])) - 1
    short = replace(site, short_names={"": name[:1]})
    return max(most, 0), fits(short)


def _refusal(pack: Pack, site: Site, title: str, languages: list[str],
             limits: dict[tuple[str, str], tuple[int, bool]]) -> Problem:
    """Why the name does not fit, the limit in each language, and the column that would fix it."""
    said, columns = [], []
    for language in languages:
        most, card = limits.get((title, language), (0, False))
        first = language.split("+")[0]
        printed = site.card_name_in(first) if card else site.name_in(first)
        column = f"short_name:{first}" if card else (f"name:{first}" if first in site.names else "name")
        columns.append(column)
        if not most:
            said.append(f"in {language} the {title} has no room for a site's name at all (it fits only without "
                        "one): print its languages apart, or hide a contact of the pack (contacts.hide)")
            continue
        said.append(f"in {language} ({len(printed)} characters) the {title} takes at most {most}: write a shorter "
                    f"{'name for cards' if card else 'name'} in the column {column}"
                    + (" (or short_name, for every language)" if card and "" not in site.short_names else ""))
    return Problem(pack.sites_path, f"site {site.id}: its name does not fit the edition line of the {title}, even "  # type: ignore[arg-type]
                   f"on two lines at its densest layout: {'; '.join(said)}", line=site.line, field=columns[0],
                   sheet=site.sheet)
