"""Load stage: the numbers a pack's images show, read when the pack loads.

A number drawn inside the NGO's logo, or inside a picture a layout of the pack paints, is
printed on every page that carries the image, and the check of the written page never reads
it: its text layer has no such characters. So each image is read here, once: an SVG's text as
text, a raster image (PNG, JPEG, GIF, WebP) by OCR. Every run of digits it shows must be the
number of one of the pack's contacts.

The OCR is Tesseract (Debian's tesseract-ocr, with its English model; scripts/setup-system.sh
installs it), run as a program: it reads printed digits in a logo well, needs no model
download, and takes about a second an image. What it read is kept in the machine's cache by
the image's hash, so a pack's images are read once per machine, not once per build.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from generator.digits import number_runs
from generator.installation import machine_cache

if TYPE_CHECKING:  # Pillow is loaded when an image is read, not by every pack's load
    from PIL import Image

RASTER_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
_RECIPE = "1"  # bump when the way images are read changes, to read every image again
_MIN_SIDE_PX = 600  # a small image is enlarged to this before it is read: Tesseract wants tall letters
INSTALL = ("install Tesseract: sh scripts/setup-system.sh as root does (or apt-get install tesseract-ocr "
           "tesseract-ocr-eng)")


class OcrMissing(LookupError):
    """Tesseract, which reads the numbers of a raster image, is not on this machine."""


def pack_images(pack_folder: Path, logo: Path | None, layouts: tuple[Path, ...]) -> Iterator[Path]:
    """The images of a pack that its pages may show: its logo, and the pictures in its own
    layouts' folders (not the bundled ones)."""
    if logo is not None:
        yield logo
    for folder in layouts:
        if folder.resolve().is_relative_to(pack_folder.resolve()):
            yield from sorted(path for path in folder.rglob("*")
                              if path.suffix.lower() in (*RASTER_TYPES, ".svg") and path.is_file())


def image_problems(path: Path, contacts: Mapping[str, str]) -> list[str]:
    """What an image shows that no contact is: each number it shows, read as text (SVG) or by
    OCR. contacts: the pack's contacts by their digits (generator.packs.numbers.contact_keys)."""
    if path.suffix.lower() == ".svg":
        text, how = svg_text(path.read_bytes()), "in its text"
    else:
        text, how = read_image_text(path.read_bytes()), "read by OCR"
    return [f"{path.name} shows the number {run.text!r} ({how}), which is no contact's of the pack: an image "
            "may show a contact's number, or none" for run in number_runs(text)
            if run.is_number and run.digits not in contacts]


def svg_text(data: bytes) -> str:
    """The text an SVG draws, a line each text element (its tspans joined)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return ""  # said by the logo's own check (generator.packs.assets)
    return "\n".join("".join(element.itertext()) for element in root.iter()
                     if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] == "text")


def read_image_text(data: bytes, use_cache: bool = True) -> str:
    """The text Tesseract reads in an image (and in its negative: light letters on a dark
    ground), from the machine's cache when this image was read before."""
    cached = machine_cache("ocr") / f"{hashlib.sha256(_RECIPE.encode() + data).hexdigest()}.txt"
    if use_cache and cached.is_file():
        return cached.read_text(encoding="utf-8")
    program = shutil.which("tesseract")
    if program is None:
        raise OcrMissing(f"reading the numbers of an image needs the OCR Tesseract, which is not installed: {INSTALL}")
    from PIL import ImageOps

    image = _prepared(data)
    text = "\n".join(_tesseract(program, picture) for picture in (image, ImageOps.invert(image)))
    if use_cache:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(cached)  # whole or not at all, for a build beside this one
    return text


def _prepared(data: bytes) -> Image.Image:
    """The image in grey on white (what is transparent prints as the paper), large enough to read."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGBA")
    flat = Image.new("RGBA", image.size, "white")
    flat.alpha_composite(image)
    grey = flat.convert("L")
    if min(grey.size) < _MIN_SIDE_PX:
        factor = _MIN_SIDE_PX / min(grey.size)
        grey = grey.resize((round(grey.width * factor), round(grey.height * factor)), Image.Resampling.LANCZOS)
    return grey


def _tesseract(program: str, image: Image.Image) -> str:
    """Tesseract's reading of sparse text (a logo's words stand anywhere), one thread."""
    png = io.BytesIO()
    image.save(png, format="PNG")
    try:
        done = subprocess.run([program, "stdin", "stdout", "--psm", "11", "-l", "eng"], input=png.getvalue(),
                              capture_output=True, timeout=120, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except (OSError, subprocess.TimeoutExpired) as error:
        raise OcrMissing(f"Tesseract could not read an image ({error}): {INSTALL}") from None
    if done.returncode != 0:
        raise OcrMissing(f"Tesseract could not read an image: {done.stderr.decode(errors='replace').strip()[:200]}; "
                         f"{INSTALL}")
    return done.stdout.decode("utf-8", errors="replace")
