"""Print fonts: static instances of an installed font package, prepared once and cached.

The font packages (fontpkg-noto-sans) ship a variable font. Two things go wrong when it
is given to WeasyPrint as it is: bold is not applied to a variable font (headings come
out regular), and subsetting a 2 MB variable font for every PDF takes seconds. So this
module cuts the scripts we print (Latin, Cyrillic with all Kazakh letters, Greek,
punctuation) out of the package's font and makes static Regular, Bold and Italic
instances from it, once per machine; every build then embeds small static fonts.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontpkg

from generator.installation import machine_cache

DEFAULT_FAMILY = "Noto Sans"
FACES = (("regular", 400, "normal"), ("bold", 700, "normal"), ("italic", 400, "italic"))
# Basic Latin to Latin Extended-B, Greek, Cyrillic and Cyrillic Supplement (Kazakh, Tatar,
# Bashkir...), Latin Extended Additional, punctuation, currency signs, arrows, №.
UNICODE_RANGES = ((0x0020, 0x024F), (0x0300, 0x036F), (0x0370, 0x03FF), (0x0400, 0x052F),
                  (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x21FF))
_RECIPE = "1"  # bump when the way fonts are made changes, to rebuild every cache


@dataclass(frozen=True)
class Face:
    path: Path
    weight: int
    style: str


@dataclass(frozen=True)
class FontSet:
    family: str
    faces: tuple[Face, ...]

    def files(self) -> list[Path]:
        return [face.path for face in self.faces]

    def coverage(self) -> frozenset[str]:
        """The characters every face has; read from the fonts once, then from a file beside them."""
        return _coverage(self.faces[0].path.parent / "coverage.txt", tuple(self.files()))


@lru_cache(maxsize=8)
def _coverage(record: Path, files: tuple[Path, ...]) -> frozenset[str]:
    try:
        return frozenset(chr(int(code, 16)) for code in record.read_text(encoding="ascii").split())
    except (OSError, ValueError):
        pass
    from fontTools.ttLib import TTFont

    codes = frozenset.intersection(*(frozenset(TTFont(path, lazy=True).getBestCmap()) for path in files))
    temporary = record.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(" ".join(f"{code:x}" for code in sorted(codes)), encoding="ascii")
    temporary.replace(record)  # other processes may be writing the same record
    return frozenset(map(chr, codes))


def fonts_ready(family: str = "") -> bool:
    """Whether the static faces of family are made already (print_fonts makes them otherwise)."""
    folder, faces = _faces(family or DEFAULT_FAMILY)
    return all(face.path.exists() for face in faces)


@lru_cache(maxsize=8)
def print_fonts(family: str = "") -> FontSet:
    """The static faces of family (Noto Sans if none), made on first use and reused after."""
    family = family or DEFAULT_FAMILY
    folder, faces = _faces(family)
    missing = [face for face in faces if not face.path.exists()]
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
        for face in missing:
            _make_static(fontpkg.path(family, 400, face.style), face)
    return FontSet(family=family, faces=faces)


def _faces(family: str) -> tuple[Path, tuple[Face, ...]]:
    """The folder of the machine's cache that holds family's static faces, and the faces: named
    by the package's fonts, so a new version of them makes new faces."""
    sources = {style: fontpkg.path(family, 400, style) for _, _, style in FACES}
    key = hashlib.sha256("|".join(
        [_RECIPE, family] + [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources.values()]
    ).encode()).hexdigest()[:16]
    folder = machine_cache("fonts") / f"{fontpkg.slugify(family)}-{key}"
    return folder, tuple(Face(folder / f"{name}.ttf", weight, style) for name, weight, style in FACES)


def _make_static(variable_font: Path, face: Face) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(variable_font)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[cp for start, end in UNICODE_RANGES for cp in range(start, end + 1)])
    subsetter.subset(font)
    if "fvar" in font:
        location = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
        location["wght"] = face.weight
        font = instancer.instantiateVariableFont(font, location, updateFontNames=True)
    temporary = face.path.with_suffix(f".{os.getpid()}.tmp")
    font.save(temporary)
    temporary.replace(face.path)  # other processes may be preparing the same font


def main() -> None:
    """`python -m generator.render.fonts`: prepare the default fonts (run by `make`)."""
    fonts = print_fonts()
    for face in fonts.faces:
        print(f"{fonts.family} {face.weight} {face.style}: {face.path}")


if __name__ == "__main__":
    main()
