"""Every QR code on every page scans, at 300 and at 150 dpi, to exactly what it should."""

from __future__ import annotations

from collections import Counter

import pytest

from support import (
    EMAIL,
    FIXED_PAYLOADS,
    FORMATS,
    LANDLINE_PAYLOADS,
    LANGUAGES,
    WHATSAPP_PAYLOAD,
    edition_id,
    has_number,
    has_short_number,
    parse_mailto,
    squash,
    strings,
)

DPIS = (300, 150)
POSTER_MIN_QR_MM = 30
QUIET_ZONE_MODULES = 4


def assert_intended(payload: str, document) -> None:
    """A payload is one of the source's contacts, or feedback naming this very edition."""
    if payload.startswith("mailto:"):
        assert payload.isascii() and " " not in payload, f"{payload!r} is not percent-encoded"
        subject = parse_mailto(payload)
        expected = edition_id(document.language, document.format)
        assert expected in subject, f"{document.id}: feedback subject {subject!r} does not name {expected}"
    else:
        assert payload in FIXED_PAYLOADS, f"{document.id}: a QR code decodes to {payload!r}"


@pytest.mark.parametrize("dpi", DPIS)
def test_every_qr_code_decodes_to_an_intended_payload(document, dpi):
    pages = document.codes(dpi)
    assert sum(len(codes) for codes in pages) > 0, f"{document.id}: no QR code found at {dpi} dpi"
    for codes in pages:
        for code in codes:
            assert_intended(code.payload, document)


def test_no_qr_code_is_lost_at_150_dpi(document):
    high, low = document.codes(300), document.codes(150)
    for number, (at_300, at_150) in enumerate(zip(high, low), 1):
        assert len(at_150) == len(at_300), (
            f"{document.id} page {number}: {len(at_300)} QR codes at 300 dpi, {len(at_150)} at 150 dpi")
        assert Counter(c.payload for c in at_150) == Counter(c.payload for c in at_300)


def test_error_correction_is_m_or_higher(document):
    for codes in document.codes(300):
        for code in codes:
            assert code.ec_level in ("M", "Q", "H"), f"{document.id}: {code.payload} has EC level {code.ec_level}"


def test_every_qr_code_has_its_caption_and_plain_number(document):
    """Beside each code: what scanning does, and the number or address for those who cannot scan."""
    t = strings(document.language)["strings"]
    captions = {"tel": squash(t["scan_to_call"]), "https": squash(t["scan_to_chat"]),
                "mailto": squash(t["scan_to_write"])}
    for number, (codes, text) in enumerate(zip(document.codes(300), document.page_texts), 1):
        wanted = Counter(code.payload.split(":")[0] for code in codes)
        printed = {kind: squash(text).count(caption) for kind, caption in captions.items()}
        for kind, caption in captions.items():
            assert printed[kind] >= wanted[kind], (
                f"{document.id} page {number}: {wanted[kind]} {kind} QR codes but the caption "
                f"{caption!r} is printed {printed[kind]} times")
        for code in codes:
            if code.payload.startswith("tel:+") or code.payload == WHATSAPP_PAYLOAD:
                e164 = "+" + code.payload.removeprefix("tel:+").removeprefix("https://wa.me/")
                assert has_number(text, e164), f"{document.id} page {number}: {e164} is not printed as text"
            elif code.payload.startswith("tel:"):
                assert has_short_number(text, code.payload[4:])
            else:
                assert EMAIL in text, f"{document.id} page {number}: {EMAIL} is not printed as text"


@pytest.mark.parametrize("language", LANGUAGES)
def test_leaflet_contacts_panel_has_every_code(pack_build, language):
    payloads = pack_build.document(language, "leaflet").payloads(300)
    assert set(LANDLINE_PAYLOADS) | {WHATSAPP_PAYLOAD} <= payloads
    assert any(p.startswith(f"mailto:{EMAIL}?") for p in payloads), payloads


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_codes_for_landlines_whatsapp_and_feedback(pack_build, language):
    union: set[str] = set()
    for name in FORMATS:
        union |= pack_build.document(language, name).payloads(300)
    missing = (set(LANDLINE_PAYLOADS) | {WHATSAPP_PAYLOAD}) - union
    assert not missing, f"{language}: no QR code for {sorted(missing)}"
    feedback = [p for p in union if p.startswith("mailto:")]
    assert feedback, f"{language}: no feedback QR code in any format"
    for payload in feedback:
        parse_mailto(payload)


def test_feedback_subject_differs_per_edition(documents):
    owner: dict[str, str] = {}
    for document in documents:
        subjects = {parse_mailto(p) for p in document.payloads(300) if p.startswith("mailto:")}
        assert len(subjects) <= 1, f"{document.id} has different feedback subjects: {subjects}"
        for subject in subjects:
            assert subject not in owner, f"{document.id} and {owner[subject]} share the subject {subject!r}"
            owner[subject] = document.id
    assert len(owner) >= len(LANGUAGES), f"feedback codes in too few documents: {owner}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_poster_qr_codes_are_at_least_30_mm(pack_build, language):
    """Measured on the page, the quiet zone of four modules included."""
    dpi = 300
    for codes in pack_build.document(language, "poster").codes(dpi):
        for code in codes:
            assert code.version, "zxing-cpp did not report the QR version"
            modules = 17 + 4 * code.version
            side_mm = code.side_px / dpi * 25.4 * (modules + 2 * QUIET_ZONE_MODULES) / modules
            assert side_mm >= POSTER_MIN_QR_MM - 0.5, f"poster-{language}: {code.payload} is {side_mm:.1f} mm"
