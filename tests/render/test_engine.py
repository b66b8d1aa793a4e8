"""WeasyPrint as respack imports it (generator.render.engine, with the shorter library search)
opens the very native libraries a plain `import weasyprint` opens."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Prints the shared objects of the text stack the process has mapped, and whether
# ctypes.util.find_library is ctypes' own again.
LOADED = """
import ctypes.util, re
full_search = ctypes.util.find_library
import {module}
names = set()
for line in open("/proc/self/maps"):
    path = line.split()[-1]
    if re.search(r"lib(pango|harfbuzz|fontconfig|gobject|glib)[^/]*\\.so", path):
        names.add(path.rsplit("/", 1)[-1])
print(sorted(names))
print(ctypes.util.find_library is full_search)
"""


def loaded(module: str) -> tuple[str, str]:
    result = subprocess.run([sys.executable, "-c", LOADED.format(module=module)],
                            capture_output=True, text=True, timeout=120, check=True)
    libraries, restored = result.stdout.splitlines()
    return libraries, restored


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shorter search is only used on Linux")
def test_engine_opens_the_libraries_a_plain_import_opens():
    plain, _ = loaded("weasyprint")
    engine, restored = loaded("generator.render.engine")
    assert "libpango-1.0.so" in plain and "libharfbuzz" in plain, plain
    assert engine == plain
    assert restored == "True", "ctypes.util.find_library was not given back after the import"
