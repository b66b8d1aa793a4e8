"""Channel notes: what a call leaves behind on a phone, printed only with the source that says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import RespackError
from generator.packs.load import load_channel_notes
from support import CONTENT, pdf_text, squash, strings

SOURCE = "Queensland Government, Technology safety planning"


def test_the_bundled_notes_each_have_a_source():
    notes = load_channel_notes(CONTENT / "safety" / "channels.yaml")
    assert [(note.channel, note.source.title) for note in notes] == [("voice", SOURCE)]


def test_no_note_for_a_chat_or_a_scanned_code_without_a_source():
    """Left out until a source says what a WhatsApp chat or a scanned link leaves behind."""
    channels = {note.channel for note in load_channel_notes(CONTENT / "safety" / "channels.yaml")}
    assert "whatsapp" not in channels and "email" not in channels


def test_a_note_without_a_source_is_refused(tmp_path: Path):
    path = tmp_path / "channels.yaml"
    path.write_text("sources: {}\nnotes:\n  whatsapp: {text: channel_note_whatsapp}\n", encoding="utf-8")
    with pytest.raises(RespackError, match=r"channels.yaml:3: \[notes.whatsapp\] missing required key 'source'"):
        load_channel_notes(path)


def test_a_note_of_an_unknown_source_is_refused(tmp_path: Path):
    path = tmp_path / "channels.yaml"
    path.write_text("sources: {}\nnotes:\n  voice: {text: channel_note_voice, source: a-blog}\n", encoding="utf-8")
    with pytest.raises(RespackError, match="unknown source 'a-blog'"):
        load_channel_notes(path)


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_leaflet_prints_the_call_note_with_its_source(pack_build, language):
    text = squash(pdf_text(pack_build.document(language, "leaflet").path))
    words = strings(language)["strings"]
    assert squash(words["channel_note_voice"]) in text
    assert squash(words["channel_note_source"].format(source=SOURCE)) in text
