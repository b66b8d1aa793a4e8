"""A running `respack serve`, as a person starts it, for the preview page's tests.

It serves a copy of the bundled content and layouts, named by a pack file of two wallet
cards (English, and the Russian draft), on a free port of 127.0.0.1 only.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from running import RESPACK, RunningCommand, project

UPDATE_S = 30  # for one rebuild after a save; a hang is still caught
RU_GUIDANCE = Path("content") / "kz" / "domestic-violence" / "ru.yaml"
# The special police group's short name on the card, and one word too long for its column.
OLD_SHORT = 'short: "Полиция: защита женщин"'
LONG_SHORT = 'short: "Полиция: ЗащитаЖенщинПетропавловскаСевероКазахстанскойОбласти"'


def serve_project(root: Path) -> Path:
    """project(root), its pack file cut to the wallet card in English and Russian."""
    pack = project(root)
    text = re.sub(r"(?m)^languages: .*$", "languages: [en, ru]", pack.read_text(encoding="utf-8"))
    pack.write_text(re.sub(r"(?m)^formats: .*$", "formats: [wallet-card]", text), encoding="utf-8")
    return pack


class PreviewServer(RunningCommand):
    """`respack serve` of a project made by serve_project, once its first build is done; run
    in the project's folder, or in cwd."""

    def __init__(self, root: Path, *options: str, cwd: Path | None = None) -> None:
        self.root = root
        self.pack = serve_project(root)
        super().__init__([str(RESPACK), "serve", str(self.pack), "--port", "0", "--jobs", "1", *options],
                         cwd=cwd or root)
        self.url = self.wait_for("Serving the preview on ").split(" on ", 1)[1].split()[0]
        self.client = httpx.Client(base_url=self.url, timeout=10)
        self.wait_state(lambda state: bool(state["documents"]) and not state["building"], 120)

    @property
    def guidance(self) -> Path:
        return self.root / RU_GUIDANCE

    def state(self) -> dict[str, Any]:
        return self.client.get("/api/state").json()

    def document(self, state: dict[str, Any], ident: str) -> dict[str, Any]:
        return next(d for d in state["documents"] if d["id"] == ident)

    def wait_state(self, ready: Callable[[dict[str, Any]], bool], timeout: float = UPDATE_S) -> dict[str, Any]:
        """The first state for which ready() is true, polled."""
        deadline = time.monotonic() + timeout
        state: dict[str, Any] = {}
        while time.monotonic() < deadline:
            state = self.state()
            if ready(state):
                return state
            time.sleep(0.2)
        pytest.fail(f"the page's state never became ready in {timeout} s; the last:\n{state}")

    def stop(self) -> int:
        self.client.close()
        return super().stop()
