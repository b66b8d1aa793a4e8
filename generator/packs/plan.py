"""Plan stage: which editions (pack × language × format) a build makes."""

from __future__ import annotations

from collections.abc import Sequence

from generator.errors import Problem, RespackError
from generator.model import Edition, Layout, Pack, Site
from generator.packs.load import load_layout
from generator.packs.sites import site_pack
from generator.packs.units import stale_units, unreviewed_units
from generator.packs.yamlfile import did_you_mean


def plan_editions(packs: Sequence[Pack], languages: Sequence[str] = (),
                  formats: Sequence[str] = ()) -> list[Edition]:
    """Every edition of the packs, narrowed to the languages and formats asked for."""
    every_language = {tag for p in packs for tag in (*p.languages, *(tag for tag, _ in p.bilingual))}
    for asked, kind, known in ((languages, "language", every_language),
                               (formats, "format", {f for p in packs for f in p.formats})):
        unknown = sorted(set(asked) - known)
        if unknown:
            raise RespackError(Problem("command line", f"unknown {kind} {', '.join(unknown)}"
                                       f"{did_you_mean(unknown[0], sorted(known), kind)}; "
                                       f"the packs have: {', '.join(sorted(known))}"))
    layouts = {(pack.name, name): load_layout(name, pack.layouts, pack.paper)
               for pack in packs for name in pack.formats}
    wanted = [(pack, language, name)
              for pack in packs
              for language, names in [*((lang, pack.formats) for lang in pack.languages), *pack.bilingual]
              for name in names]
    chosen = [(pack, language, name) for pack, language, name in wanted
              if (not languages or language in languages) and (not formats or name in formats)]
    unreviewed = {(pack.name, language, name): _unreviewed(pack, language, layouts[pack.name, name])
                  for pack, language, name in chosen}
    out_of_date = {(pack.name, language): _out_of_date(pack, language) for pack, language, _ in chosen}
    return [Edition(pack=own_pack, language=language, layout=layouts[pack.name, name], site=site,
                    unreviewed=unreviewed[pack.name, language, name],
                    out_of_date=bool(out_of_date[pack.name, language] & set(unreviewed[pack.name, language, name])))
            for pack in packs for own_pack, site in _sites(pack)
            for of_pack, language, name in chosen if of_pack is pack]


def _sites(pack: Pack) -> list[tuple[Pack, Site | None]]:
    """With a spreadsheet of sites, each site's editions, in row order; else the pack's own."""
    return [(site_pack(pack, site), site) for site in pack.sites] or [(pack, None)]


def _out_of_date(pack: Pack, language: str) -> set[str]:
    """The units of the edition's languages translated from an English that has changed since."""
    return {unit for part in language.split("+") for unit in stale_units(pack, part)}


def _unreviewed(pack: Pack, language: str, layout: Layout) -> tuple[str, ...]:
    """A document is a draft while any unit it prints, in any of its languages, is not approved."""
    return tuple(unit for part in language.split("+") for unit in unreviewed_units(pack, part, layout))
