"""Plan stage: which editions (pack × language × format) a build makes."""

from __future__ import annotations

from collections.abc import Sequence

from generator.errors import Problem, RespackError
from generator.load import load_layout
from generator.model import Edition, Pack


def plan_editions(packs: Sequence[Pack], languages: Sequence[str] = (),
                  formats: Sequence[str] = ()) -> list[Edition]:
    """Every edition of the packs, narrowed to the languages and formats asked for."""
    for asked, kind, known in ((languages, "language", {l for p in packs for l in p.languages}),
                               (formats, "format", {f for p in packs for f in p.formats})):
        unknown = sorted(set(asked) - known)
        if unknown:
            raise RespackError(Problem("command line", f"unknown {kind} {', '.join(unknown)}; "
                                       f"the packs have: {', '.join(sorted(known))}"))
    layouts = {(pack.name, name): load_layout(name, pack.layouts) for pack in packs for name in pack.formats}
    return [
        Edition(pack=pack, language=language, layout=layouts[pack.name, name])
        for pack in packs
        for language in pack.languages if not languages or language in languages
        for name in pack.formats if not formats or name in formats
    ]
