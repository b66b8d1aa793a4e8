"""Print fonts: each language's chain of font families, and the static faces of each family.

A language prints with its script's Noto family first (Noto Sans Hebrew for `he`, Noto Sans
Armenian for `hy`), then the default family (Noto Sans: Latin, Cyrillic with every Kazakh
letter, Greek, the digits and punctuation): a Latin name or a number in a Hebrew sentence is
drawn by the default, each letter by a font that has it. A pack may give a language other
families (`branding.fonts`) and every language another default (`branding.font`).

A family comes from a font package (fontpkg-noto-sans, fontpkg-noto-sans-arabic: Python
dependencies) when one is installed, else from the machine's fonts (Debian's fonts-noto-core,
which scripts/setup-system.sh installs, has Noto Sans Hebrew, Georgian and Armenian). A
package's variable font is made into static Regular, Bold and Italic instances once per machine
and cached: WeasyPrint does not apply bold to a variable font, and subsets a static font for
each PDF much faster. Every glyph of the family is kept; each PDF embeds only what it prints.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontpkg

from generator.installation import machine_cache
from generator.model import Branding
from generator.render.scripts import script_of

DEFAULT_FAMILY = "Noto Sans"
FACES = (("regular", 400, "normal"), ("bold", 700, "normal"), ("italic", 400, "italic"))
# The family that draws each script (ISO 15924) the default family lacks. Latin, Cyrillic and
# Greek are the default's.
SCRIPT_FAMILIES = {
    "Arab": "Noto Sans Arabic", "Armn": "Noto Sans Armenian", "Beng": "Noto Sans Bengali",
    "Deva": "Noto Sans Devanagari", "Ethi": "Noto Sans Ethiopic", "Geor": "Noto Sans Georgian",
    "Gujr": "Noto Sans Gujarati", "Guru": "Noto Sans Gurmukhi", "Hebr": "Noto Sans Hebrew",
    "Khmr": "Noto Sans Khmer", "Knda": "Noto Sans Kannada", "Laoo": "Noto Sans Lao",
    "Mlym": "Noto Sans Malayalam", "Mymr": "Noto Sans Myanmar", "Sinh": "Noto Sans Sinhala",
    "Taml": "Noto Sans Tamil", "Telu": "Noto Sans Telugu", "Thaa": "Noto Sans Thaana", "Thai": "Noto Sans Thai",
}
# Families published on PyPI as font packages (fontpkg-<slug>): the advice for a missing one.
FONT_PACKAGES = frozenset({
    "Noto Sans", "Noto Serif", "Noto Sans Arabic", "Noto Kufi Arabic", "Noto Sans Devanagari",
    "Noto Sans Khmer", "Noto Sans Tamil", "Noto Sans Telugu", "Noto Sans Thai", "Noto Sans Display",
})
DEBIAN_PACKAGE = "fonts-noto-core"
# Where the machine's fonts are: Debian's packages, and a user's own; RESPACK_FONT_DIRS (folders
# separated by the path separator, ":") says where else, or instead, on another system.
MACHINE_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                     Path.home() / ".local" / "share" / "fonts", Path.home() / ".fonts")


def machine_font_dirs() -> tuple[Path, ...]:
    """The folders the machine's fonts are looked for in: RESPACK_FONT_DIRS if it is set."""
    chosen = os.environ.get("RESPACK_FONT_DIRS")
    if chosen is None:
        return MACHINE_FONT_DIRS
    return tuple(Path(folder) for folder in chosen.split(os.pathsep) if folder)
_RECIPE = "2"  # bump when the way fonts are made changes, to rebuild every cache


class FontMissing(LookupError):
    """A family a language needs is on neither a font package nor the machine."""

    def __init__(self, family: str) -> None:
        super().__init__(f"the font {family} is not installed: {where_to_get(family)}")
        self.family = family


def where_to_get(family: str) -> str:
    """How to install a family: its font package where one exists, else Debian's Noto fonts."""
    package = f"fontpkg-{fontpkg.slugify(family)}"
    if family in FONT_PACKAGES:
        return f"install the font package {package} (pip install {package})"
    if family.startswith("Noto "):
        return (f"install Debian's {DEBIAN_PACKAGE} (sh scripts/setup-system.sh as root does; or apt-get install "
                f"{DEBIAN_PACKAGE}), or a font package {package} if one is published")
    return f"install a font package of it ({package}) or the font on this machine"


@dataclass(frozen=True)
class Face:
    path: Path
    weight: int
    style: str


@dataclass(frozen=True)
class FontSet:
    """One family's faces, as a page's @font-face rules name them (css_family)."""

    family: str
    faces: tuple[Face, ...]

    @property
    def css_family(self) -> str:
        return f"Respack {self.family}"

    def files(self) -> list[Path]:
        return list(dict.fromkeys(face.path for face in self.faces))

    def coverage(self) -> frozenset[str]:
        """The characters every face has; read from the fonts once, then from a record in the cache."""
        return _coverage(tuple(self.files()))


def font_chain(language: str, fonts: Mapping[str, tuple[str, ...]] | None = None, default: str = "") -> tuple[str, ...]:
    """The families a language prints with, in order: the pack's own for it (fonts), or its
    script's family; then the default family."""
    default = default or DEFAULT_FAMILY
    own = (fonts or {}).get(language)
    if own is None:
        family = SCRIPT_FAMILIES.get(script_of(language).code)
        own = (family,) if family else ()
    return tuple(dict.fromkeys((*own, default)))


def language_fonts(language: str, fonts: Mapping[str, tuple[str, ...]] | None = None, default: str = ""
                   ) -> tuple[FontSet, ...]:
    """The installed families of a language's chain (a missing one is left out: the glyph
    check says what it would have drawn); the default family is always there."""
    found = []
    for family in font_chain(language, fonts, default):
        try:
            found.append(print_fonts(family))
        except FontMissing:
            if family == (default or DEFAULT_FAMILY):
                raise
    return tuple(found)


@dataclass(frozen=True)
class EditionFonts:
    """The font chain of each language of one document (two for a "he+ru" edition)."""

    chains: tuple[tuple[str, tuple[FontSet, ...]], ...]

    def chain(self, language: str) -> tuple[FontSet, ...]:
        return dict(self.chains)[language]

    def families(self) -> tuple[FontSet, ...]:
        """Every family of the document, once, in the order of its languages' chains."""
        return tuple(dict.fromkeys(font for _, chain in self.chains for font in chain))

    def files(self) -> list[Path]:
        return list(dict.fromkeys(path for font in self.families() for path in font.files()))


def fonts_for(branding: Branding, languages: tuple[str, ...]) -> EditionFonts:
    """The chains of a document's languages, with the pack's own fonts (branding)."""
    own = tuple(sorted((language, tuple(families)) for language, families in branding.fonts.items()))
    return _edition_fonts(own, branding.font, languages)


@lru_cache(maxsize=64)
def _edition_fonts(own: tuple[tuple[str, tuple[str, ...]], ...], default: str, languages: tuple[str, ...]
                   ) -> EditionFonts:
    return EditionFonts(tuple((language, language_fonts(language, dict(own), default)) for language in languages))


def missing_families(language: str, fonts: Mapping[str, tuple[str, ...]] | None = None, default: str = ""
                     ) -> tuple[str, ...]:
    """The families of a language's chain that neither a font package nor the machine has."""
    missing = []
    for family in font_chain(language, fonts, default):
        try:
            print_fonts(family)
        except FontMissing:
            missing.append(family)
    return tuple(missing)


def chain_coverage(fonts: Iterable[FontSet]) -> frozenset[str]:
    """What a chain can print: the characters of any of its families."""
    return frozenset().union(*(font.coverage() for font in fonts))


@lru_cache(maxsize=32)
def print_fonts(family: str = "") -> FontSet:
    """The static faces of family (Noto Sans if none), made on first use and reused after;
    FontMissing when neither a font package nor the machine has it."""
    family = family or DEFAULT_FAMILY
    sources = _package_files(family) or _machine_files(family)
    if not sources:
        raise FontMissing(family)
    return _static_faces(family, sources)


def _package_files(family: str) -> dict[str, Path]:
    """The font package's files of family by style ("normal", "italic"), if it is installed."""
    try:
        files = fontpkg.family(family).files
    except fontpkg.FontpkgError:
        return {}
    found: dict[str, Path] = {}
    for wanted in ("normal", "italic"):
        try:
            found[wanted] = fontpkg.path(family, 400, wanted)
        except fontpkg.FontpkgError:
            continue
    if not found and files:
        found["normal"] = files[0].path
    if "normal" in found:
        try:  # a family of static files has its own bold
            bold = fontpkg.path(family, 700, "normal")
            if bold != found["normal"]:
                found["bold"] = bold
        except fontpkg.FontpkgError:
            pass
    return found


def _machine_files(family: str) -> dict[str, Path]:
    """The machine's static files of family, named as Noto's are (NotoSansHebrew-Bold.ttf)."""
    stem = family.replace(" ", "")
    found: dict[str, Path] = {}
    for folder in machine_font_dirs():
        if not folder.is_dir():
            continue
        for role, name in (("normal", "Regular"), ("bold", "Bold"), ("italic", "Italic")):
            if role not in found:
                match = next(iter(sorted(folder.rglob(f"{stem}-{name}.[ot]tf"))), None)
                if match:
                    found[role] = match
        if "normal" in found:
            return found
    return {}


def fonts_ready(family: str = "") -> bool:
    """Whether the static faces of family are made already (print_fonts makes them otherwise)."""
    family = family or DEFAULT_FAMILY
    sources = _package_files(family) or _machine_files(family)
    return bool(sources) and all(face.path.exists() for face, _ in _planned_faces(family, sources))


def _static_faces(family: str, sources: dict[str, Path]) -> FontSet:
    """Regular, bold and italic faces: static files as they are, a variable font's instances
    made into the machine's cache."""
    faces = []
    for face, variable_font in _planned_faces(family, sources):
        if variable_font is not None and not face.path.exists():
            face.path.parent.mkdir(parents=True, exist_ok=True)
            _make_static(variable_font, face.weight, face.path)
        faces.append(face)
    return FontSet(family=family, faces=tuple(faces))


def _planned_faces(family: str, sources: dict[str, Path]) -> list[tuple[Face, Path | None]]:
    """Each face, with the variable font its static instance is made from (None: a static file,
    used as it is). A family without an italic prints upright (Hebrew, Arabic and Armenian have
    none), one without a bold at its regular weight; an instance serves every face of its
    source and weight."""
    normal = sources["normal"]
    key = hashlib.sha256("|".join(
        [_RECIPE, family] + [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources.values()]
    ).encode()).hexdigest()[:16]
    folder = machine_cache("fonts") / f"{fontpkg.slugify(family)}-{key}"
    planned: list[tuple[Face, Path | None]] = []
    made: dict[tuple[Path, int], Path] = {}
    for name, weight, style in FACES:
        source = sources.get("italic" if style == "italic" else "bold" if weight == 700 else "normal", normal)
        if not _is_variable(source):
            planned.append((Face(source, weight, style), None))
        else:
            planned.append((Face(made.setdefault((source, weight), folder / f"{name}.ttf"), weight, style), source))
    return planned


@lru_cache(maxsize=64)
def _is_variable(path: Path) -> bool:
    """Whether the font has an fvar table: read from its table directory, which a build with
    nothing to do needs without fontTools (a collection's is read by fontTools)."""
    with path.open("rb") as file:
        header = file.read(12)
        if header[:4] != b"ttcf" and len(header) == 12:
            directory = file.read(16 * int.from_bytes(header[4:6], "big"))
            return any(directory[at:at + 4] == b"fvar" for at in range(0, len(directory), 16))
    from fontTools.ttLib import TTFont

    return "fvar" in TTFont(path, lazy=True)


@lru_cache(maxsize=32)
def _coverage(files: tuple[Path, ...]) -> frozenset[str]:
    key = hashlib.sha256("|".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files).encode())
    record = machine_cache("fonts") / f"coverage-{key.hexdigest()[:16]}.txt"
    try:
        return frozenset(chr(int(code, 16)) for code in record.read_text(encoding="ascii").split())
    except (OSError, ValueError):
        pass
    from fontTools.ttLib import TTFont

    codes = frozenset.intersection(*(frozenset(TTFont(path, lazy=True).getBestCmap()) for path in files))
    record.parent.mkdir(parents=True, exist_ok=True)
    temporary = record.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(" ".join(f"{code:x}" for code in sorted(codes)), encoding="ascii")
    temporary.replace(record)  # other processes may be writing the same record
    return frozenset(map(chr, codes))


def _make_static(variable_font: Path, weight: int, path: Path) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(variable_font)
    location = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    location["wght"] = weight
    font = instancer.instantiateVariableFont(font, location, updateFontNames=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    font.save(temporary)
    temporary.replace(path)  # other processes may be preparing the same font


def main() -> None:
    """`python -m generator.render.fonts`: prepare the static faces of the default family and
    of each script's family that a font package installed, once (run by `make`); the machine's
    static fonts need no preparing."""
    for family in (DEFAULT_FAMILY, *sorted(set(SCRIPT_FAMILIES.values()))):
        if family == DEFAULT_FAMILY or _package_files(family):
            fonts = print_fonts(family)
            for face in fonts.faces:
                print(f"{fonts.family} {face.weight} {face.style}: {face.path}")


if __name__ == "__main__":
    main()
