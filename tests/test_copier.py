"""Every QR code still scans after a cheap photocopy.

NGOs print one good copy and photocopy it. A copier blurs, adds noise, turns the page a
little and crushes grey to black or white. Each page of each office PDF of the bundled
pack goes through that here, and every code on it must still decode, to exactly what the
clean page decodes to.

(That no meaning is carried by colour alone cannot be tested directly; the contrast of
the layout's colours is checked in test_accessible.py.)
"""

from __future__ import annotations

import random
import zlib
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageFilter

from support import DOCUMENTS, document_id

COPIER_DPI = 150
BLUR_RADIUS_PX = 1.0
NOISE_AMPLITUDE = 40  # each pixel moves by up to ±40 of 255 grey levels
# Each page is copied several times, turned by each of these angles, with its own noise:
# a code that scans on one copy in two is not good enough for a page nobody can reprint.
ROTATIONS_DEG = (1.5, -1.5, 2.0, -1.0)
THRESHOLD = 128


# --- the build ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pack_dir(office_build: Path) -> Path:
    return office_build


# --- the copier -----------------------------------------------------------------------

def photocopy(page: Image.Image, seed: int, angle: float) -> Image.Image:
    """A page as a cheap copier gives it back: blurred, noisy, turned, black and white."""
    grey = page.convert("L").filter(ImageFilter.GaussianBlur(BLUR_RADIUS_PX))
    rng = random.Random(seed)
    # Uniform noise in [0, 2A], added, then shifted by -A: every pixel moves by -A..+A.
    noise = Image.frombytes("L", grey.size, rng.randbytes(grey.width * grey.height))
    noise = noise.point(lambda v: v * 2 * NOISE_AMPLITUDE // 255)
    noisy = ImageChops.add(grey, noise, scale=1.0, offset=-NOISE_AMPLITUDE)
    turned = noisy.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return turned.point(lambda v: 255 if v >= THRESHOLD else 0)


def decode(image: Image.Image) -> Counter[str]:
    return Counter(code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


def short(payload: str) -> str:
    """A payload for a message: a feedback link's long percent-encoded subject cut short."""
    return payload if len(payload) <= 48 else f"{payload[:45]}… ({len(payload)} characters)"


def test_photocopier_degrades_the_page(pack_dir):
    """The degradation is real: a copy differs from the page, is pure black and white, and is turned."""
    document = pdfium.PdfDocument(pack_dir / "en" / "wallet-card.pdf")
    try:
        clean = document[1].render(scale=COPIER_DPI / 72, grayscale=True).to_pil()
    finally:
        document.close()
    copy = photocopy(clean, seed=1, angle=ROTATIONS_DEG[0])
    assert set(copy.getdata()) <= {0, 255}
    assert copy.size != clean.size, "expand=True: a turned page is larger"
    again = photocopy(clean, seed=1, angle=ROTATIONS_DEG[0])
    assert copy.tobytes() == again.tobytes(), "the copier must be deterministic"


@pytest.mark.parametrize("language, name", DOCUMENTS, ids=map(document_id, DOCUMENTS))
def test_every_qr_code_survives_a_cheap_photocopy(pack_dir, language, name):
    path = pack_dir / language / f"{name}.pdf"
    assert path.exists(), f"{path} was not written"
    document = pdfium.PdfDocument(path)
    failures, total = [], 0
    try:
        for index, page in enumerate(document):
            clean = page.render(scale=COPIER_DPI / 72, grayscale=True).to_pil()
            page.close()
            expected = decode(clean)
            total += sum(expected.values())
            if not expected:
                continue  # a page without codes: nothing to lose
            for copy_number, angle in enumerate(ROTATIONS_DEG, 1):
                seed = zlib.crc32(f"{language}/{name}/{index}/{copy_number}".encode())
                copied = decode(photocopy(clean, seed, angle))
                if copied != expected:
                    lost = [short(p) for p in sorted((expected - copied).elements())]
                    stray = [short(p) for p in sorted((copied - expected).elements())]
                    failures.append(f"page {index + 1}, copy {copy_number} (turned {angle:+}°): lost {lost}"
                                    + (f", found instead {stray}" if stray else ""))
    finally:
        document.close()
    assert total > 0, f"{language}/{name}.pdf: no QR code decodes even on the clean page"
    assert not failures, (f"{language}/{name}.pdf after a photocopy ({COPIER_DPI} dpi, blur {BLUR_RADIUS_PX} px, "
                          f"noise ±{NOISE_AMPLITUDE}, threshold {THRESHOLD}): " + "; ".join(failures))
