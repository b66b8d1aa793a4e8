"""The inks of a print shop's file: CMYK colours, black text and codes in black ink alone.

An office PDF is sRGB. A print shop prints four inks; an RGB colour it converts itself turns
black into all four (rich black), which blurs small type and QR modules when the plates are
slightly out of register. So its file is CMYK from the start: black and greys are black ink
alone, and every other colour is converted by the output profile (a colour-managed conversion,
LittleCMS through Pillow), unless the pack gives the values its printer asked for
(`branding.cmyk`).

The output profile is respack's own FOGRA39 profile (profiles/README.md: made from Fogra's
FOGRA39 characterization data, under the zlib licence, so every file may carry it anywhere),
and the output intent names the registered condition FOGRA39; or the profile is the one the
pack names (`branding.print_profile`), and the intent names what that profile calls itself.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tinycss2.color5 import parse_color

from generator.errors import Problem, RespackError

if TYPE_CHECKING:
    from PIL import ImageCms

DEFAULT_PROFILE = Path(__file__).parent / "profiles" / "FOGRA39-respack.icc"
BLACK = (0.0, 0.0, 0.0, 1.0)
INK_LIMIT = 3.0  # total of the four inks at any point: 300 %, what print shops ask for at most
Cmyk = tuple[float, float, float, float]
_SVG_PAINTS = ("fill", "stroke", "stop-color", "flood-color", "lighting-color", "color")


def device_cmyk(cmyk: Cmyk) -> str:
    """As CSS writes it (WeasyPrint 67+), each ink from 0 to 1."""
    return f"device-cmyk({' '.join(f'{value:g}' for value in cmyk)})"


def profile_problem(path: Path) -> str:
    """Why a file cannot be a CMYK output profile ("" when it can)."""
    from PIL import ImageCms  # Pillow's colour management: for a pack with its own profile, or the print shop

    try:
        profile = ImageCms.getOpenProfile(str(path)).profile
    except (OSError, ImageCms.PyCMSError) as error:
        return f"{path.name} cannot be read as an ICC profile: {error}"
    if profile.xcolor_space.strip() != "CMYK" or profile.device_class != "prtr":
        return (f"{path.name} is a profile of {profile.xcolor_space.strip()} ({profile.device_class}); "
                "expected a CMYK output profile, the one your printer asks for (e.g. ISO Coated v2)")
    return ""


@dataclass(frozen=True)
class PrintingCondition:
    """A printing condition of the ICC's registry of characterizations, as a PDF/X output
    intent names it: a shop's software recognises it by its identifier."""

    identifier: str
    registry: str
    condition: str


# The condition DEFAULT_PROFILE was made for (FOGRA39L.ti3's PRINT_CONDITIONS).
FOGRA39 = PrintingCondition("FOGRA39", "http://www.color.org",
                            "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = "
                            "coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)")


@dataclass(frozen=True)
class PrintInks:
    """How the colours of one pack's print-shop files are made."""

    profile: Path = DEFAULT_PROFILE
    given: Mapping[str, Cmyk] = field(default_factory=dict)  # branding.cmyk: by the name of the colour

    def cmyk(self, colour: str, name: str = "") -> Cmyk:
        """A colour as #rrggbb in CMYK: the pack's own values for a named one, black
        ink alone for black and greys, else the profile's conversion (relative colorimetric)."""
        if name in self.given:
            return self.given[name]
        red, green, blue = _rgb(colour)
        if red == green == blue:
            return (0.0, 0.0, 0.0, round(1 - red / 255, 2))
        return _converted(self.profile, (red, green, blue))

    def css(self, colour: str, name: str = "") -> str:
        return device_cmyk(self.cmyk(colour, name))

    def svg(self, data: bytes) -> bytes:
        """An SVG image (a logo) with the colour of each paint attribute and style declaration
        in device-cmyk(): WeasyPrint draws them in CMYK. A colour in a <style> element stays
        as it is, and the preflight names it."""
        root = ElementTree.fromstring(data)
        for element in root.iter():
            for attribute in _SVG_PAINTS:
                if attribute in element.attrib:
                    element.set(attribute, self._paint(element.get(attribute, "")))
            if "style" in element.attrib:
                element.set("style", ";".join(
                    f"{key}:{self._paint(value)}" if key.strip() in _SVG_PAINTS else f"{key}:{value}"
                    for key, _, value in (d.partition(":") for d in element.get("style", "").split(";") if d)))
        ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
        return ElementTree.tostring(root)

    def _paint(self, value: str) -> str:
        """An SVG paint in CMYK when it is a colour (#0b5d4b, white, rgb()); else as it is
        (none, url(#gradient), currentColor, a device-cmyk() already)."""
        colour = parse_color(value.strip())
        if getattr(colour, "space", None) not in ("srgb", "hsl", "hwb"):
            return value
        red, green, blue = (round(min(max(v, 0.0), 1.0) * 255) for v in colour.to("srgb").coordinates)
        inks = device_cmyk(self.cmyk(f"#{red:02x}{green:02x}{blue:02x}"))
        return inks if colour.alpha == 1 else f"{inks[:-1]} / {colour.alpha:g})"

    def png(self, data: bytes) -> bytes:
        """A PNG image (a logo) in CMYK, as a JPEG at its highest quality (the one raster
        format PDF carries in CMYK). Refused with transparency: PDF/X-1a has none, and a
        transparent logo flattened on white would print a white box on a coloured band."""
        from PIL import Image, ImageCms

        with Image.open(io.BytesIO(data)) as image:
            if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
                if image.convert("RGBA").getextrema()[3][0] < 255:  # type: ignore[misc]  # (low, high) of each band
                    raise ValueError("it has transparent pixels; give an SVG logo, or a PNG without transparency")
            rgb = image.convert("RGB")
        converted = ImageCms.applyTransform(rgb, _transform(self.profile))
        assert converted is not None  # a new image, not the given one changed in place
        output = io.BytesIO()
        converted.save(output, "JPEG", quality=100, subsampling=0)
        return output.getvalue()


def print_inks(profile: Path | None, given: Mapping[str, Cmyk]) -> PrintInks:
    """The pack's inks, with respack's FOGRA39 profile unless it names its own; a clear error
    when that profile is missing from the installation."""
    if profile is None:
        if not DEFAULT_PROFILE.is_file():
            raise RespackError(Problem(DEFAULT_PROFILE, "respack's CMYK profile, for the print shop's files, is "
                                       "missing: install respack again, or name your printer's profile in the "
                                       "pack (branding: print_profile)"))
        profile = DEFAULT_PROFILE
    return PrintInks(profile, dict(given))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@lru_cache(maxsize=8)
def _transform(profile: Path) -> ImageCms.ImageCmsTransform:
    from PIL import ImageCms

    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(profile)),
                                   "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


@lru_cache(maxsize=256)
def _converted(profile: Path, rgb: tuple[int, int, int]) -> Cmyk:
    from PIL import Image, ImageCms

    converted = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), _transform(profile))
    assert converted is not None  # a new image, not the given one changed in place
    pixel = converted.getpixel((0, 0))
    c, m, y, k = (round(value / 255, 2) for value in pixel)  # type: ignore[union-attr]
    return (c, m, y, k)
