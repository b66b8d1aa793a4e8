"""Bold must look bold: headings use a real bold font, not the regular one under another name.

A variable font given to WeasyPrint as it is comes out regular everywhere; this catches that.
"""

from __future__ import annotations

import hashlib
import io

import pytest
from fontTools.ttLib import TTFont

from support import LANGUAGES, embedded_font_file, font_descriptor, page_fonts, to_unicode


@pytest.mark.parametrize("language", LANGUAGES)
def test_leaflet_embeds_a_regular_and_a_bold_font(pack_build, language):
    page = pack_build.document(language, "leaflet").reader.pages[0]
    files: dict[str, tuple[str, TTFont, dict[int, str]]] = {}
    for font in page_fonts(page):
        data = embedded_font_file(font)
        assert data is not None, f"{font.get('/BaseFont')} is not embedded"
        name = str(font_descriptor(font)["/FontName"])
        files[hashlib.sha256(data).hexdigest()] = (name, TTFont(io.BytesIO(data)), to_unicode(font))
    assert len(files) >= 2, f"leaflet-{language} page 1 embeds one font file only: {[f[0] for f in files.values()]}"

    bold = [f for f in files.values() if "Bold" in f[0]]
    regular = [f for f in files.values() if "Bold" not in f[0] and "Italic" not in f[0]]
    assert bold, f"no font named Bold among {[f[0] for f in files.values()]}"
    assert regular, f"no regular font among {[f[0] for f in files.values()]}"
    (bold_name, bold_font, bold_map), (regular_name, regular_font, regular_map) = bold[0], regular[0]

    assert bold_font["OS/2"].usWeightClass >= 600, f"{bold_name} has weight {bold_font['OS/2'].usWeightClass}"
    assert regular_font["OS/2"].usWeightClass <= 500

    # The same letters are wider in a real bold: compare the advance widths of the letters both draw.
    def advances(font: TTFont, mapping: dict[int, str]) -> dict[str, int]:
        order, metrics = font.getGlyphOrder(), font["hmtx"].metrics
        return {text: metrics[order[code]][0] for code, text in mapping.items()
                if text.isalpha() and code < len(order)}

    bold_advances, regular_advances = advances(bold_font, bold_map), advances(regular_font, regular_map)
    common = sorted(set(bold_advances) & set(regular_advances))
    assert len(common) >= 5, f"{bold_name} and {regular_name} share too few letters to compare: {common}"
    bold_total = sum(bold_advances[c] for c in common)
    regular_total = sum(regular_advances[c] for c in common)
    assert bold_total > regular_total * 1.02, (
        f"{bold_name} is no wider than {regular_name} over {''.join(common)}: {bold_total} vs {regular_total}")
