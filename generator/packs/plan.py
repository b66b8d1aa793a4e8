"""Plan stage: which editions (pack × language × format) a build makes."""

from __future__ import annotations

from collections.abc import Sequence

from generator.errors import Problem, RespackError
from generator.model import Edition, Layout, Pack, Site
from generator.packs.layouts import layout_of
from generator.packs.sites import site_pack
from generator.packs.units import Translation, read_translation, source_language, stale_units, unreviewed_units
from generator.reading.yamlfile import did_you_mean


def plan_editions(packs: Sequence[Pack], languages: Sequence[str] = (),
                  formats: Sequence[str] = ()) -> list[Edition]:
    """Every edition of the packs, narrowed to the languages and formats asked for."""
    every_language = {"+".join(tags) for p in packs for tags, _ in p.editions_languages()}
    for asked, kind, known in ((languages, "language", every_language),
                               (formats, "format", {f for p in packs for f in p.formats})):
        unknown = sorted(set(asked) - known)
        if unknown:
            raise RespackError(Problem("command line", f"unknown {kind} {', '.join(unknown)}"
                                       f"{did_you_mean(unknown[0], sorted(known), kind)}; "
                                       f"the packs have: {', '.join(sorted(known))}"))
    layouts = {(pack.name, name): layout_of(pack, name)
               for pack in packs for name in pack.formats}
    wanted = [(pack, tags, name) for pack in packs for tags, names in pack.editions_languages() for name in names]
    chosen = [(pack, tags, name) for pack, tags, name in wanted
              if (not languages or "+".join(tags) in languages) and (not formats or name in formats)]
    read = _translations([(pack, tags) for pack, tags, _ in chosen])
    unreviewed = {(pack.name, tags, name): _unreviewed(pack, tags, layouts[pack.name, name], read)
                  for pack, tags, name in chosen}
    out_of_date = {(pack.name, tags): _out_of_date(pack, tags, read) for pack, tags, _ in chosen}
    return [Edition(pack=own_pack, languages=tags, layout=layouts[pack.name, name], site=site,
                    unreviewed=unreviewed[pack.name, tags, name],
                    out_of_date=bool(out_of_date[pack.name, tags] & set(unreviewed[pack.name, tags, name])))
            for pack in packs for own_pack, site in _sites(pack)
            for of_pack, tags, name in chosen if of_pack is pack]


def _sites(pack: Pack) -> list[tuple[Pack, Site | None]]:
    """With a spreadsheet of sites, each site's editions, in row order; else the pack's own."""
    return [(site_pack(pack, site), site) for site in pack.sites] or [(pack, None)]


def _translations(editions: list[tuple[Pack, tuple[str, ...]]]) -> dict[tuple[str, str], Translation]:
    """Each translated language of the packs, read once for all its formats (each format's
    reading of the same files was a sixth of a build with nothing to do). One that cannot be
    read is left out: each format then finds it so (all draft)."""
    read: dict[tuple[str, str], Translation] = {}
    tried: set[tuple[str, str]] = set()
    for pack, languages in editions:
        for language in languages:
            if (pack.name, language) in tried or language == source_language(pack):
                continue
            tried.add((pack.name, language))
            try:
                read[pack.name, language] = read_translation(pack, language)
            except RespackError:
                continue
    return read


def _out_of_date(pack: Pack, languages: tuple[str, ...], read: dict[tuple[str, str], Translation]) -> set[str]:
    """The units of the edition's languages translated from an English that has changed since."""
    return {unit for language in languages for unit in stale_units(pack, language, read.get((pack.name, language)))}


def _unreviewed(pack: Pack, languages: tuple[str, ...], layout: Layout,
                read: dict[tuple[str, str], Translation]) -> tuple[str, ...]:
    """A document is a draft while any unit it prints, in any of its languages, is not approved."""
    return tuple(unit for language in languages
                 for unit in unreviewed_units(pack, language, layout, translation=read.get((pack.name, language))))
