"""Whether a font is variable is read from its table directory, without fontTools (a build
with nothing to do asks it of the print fonts): the same answer as fontTools' for every font
of the font packages, of the machine and of the cache, and for a collection or a file too
short to have a directory, fontTools' own answer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont, TTLibError

from generator.installation import machine_cache
from generator.render.fonts import MACHINE_FONT_DIRS, _is_variable

FOLDERS = (*MACHINE_FONT_DIRS, *(Path(p) for p in sys.path if p.endswith("site-packages")), machine_cache("fonts"))


def fonts() -> list[Path]:
    return sorted({path for folder in FOLDERS if folder.is_dir()
                   for pattern in ("*.ttf", "*.otf") for path in folder.rglob(pattern)})


def test_every_font_here_is_variable_as_fonttools_says() -> None:
    found = fonts()
    assert found
    variable = 0
    for path in found:
        _is_variable.cache_clear()
        expected = "fvar" in TTFont(path, lazy=True)
        assert _is_variable(path) is expected, path
        variable += expected
    assert 0 < variable < len(found), "no variable font and no static one: nothing compared"


def test_a_file_too_short_for_a_directory_is_read_by_fonttools(tmp_path: Path) -> None:
    short = tmp_path / "short.ttf"
    short.write_bytes(b"\x00\x01\x00\x00\x00")
    _is_variable.cache_clear()
    with pytest.raises(TTLibError):
        _is_variable(short)


def test_a_static_font_cut_after_its_directory_is_still_static(tmp_path: Path) -> None:
    static = next(path for path in fonts() if "fvar" not in TTFont(path, lazy=True))
    cut = tmp_path / "cut.ttf"
    data = static.read_bytes()
    cut.write_bytes(data[:12 + 16 * int.from_bytes(data[4:6], "big")])
    _is_variable.cache_clear()
    assert _is_variable(cut) is False
