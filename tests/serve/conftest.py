"""The browser of the preview page's tests: Debian's Chromium, driven by Playwright, one for
each module. Playwright's own browser download is not used: scripts/setup-system.sh installs
Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        # CI runs the setup as root, which installs it: there, a missing browser is a failure.
        if os.environ.get("CI") and os.geteuid() == 0 and shutil.which("apt-get"):
            pytest.fail(f"{CHROMIUM} is missing although scripts/setup-system.sh should have installed it")
        pytest.skip(f"{CHROMIUM} is not installed (run scripts/setup-system.sh as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def script_errors() -> list[str]:
    """What the page's script threw, in the module's tests (each page records it here)."""
    return []
