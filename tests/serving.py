"""A running `respack serve`, as a person starts it, for the preview page's tests.

It serves a copy of the bundled content and layouts, named by a pack file of two wallet
cards (English, and the Russian draft), on a free port of 127.0.0.1 only; or a rollout: the
Kazakhstan card of each clinic of a spreadsheet, in Kazakh and Russian (ClinicsServer).
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from running import RESPACK, RunningCommand, project
from shapes import KAZAKH_SITE_COLUMNS, kazakh_site_rows, write_kazakhstan_sites_pack, write_sites
from support import ROOT

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

    def __init__(self, root: Path, *options: str, cwd: Path | None = None, pack: Path | None = None) -> None:
        self.root = root
        self.pack = pack or serve_project(root)
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


CLINICS = 6
CLINIC_COLUMNS = (*KAZAKH_SITE_COLUMNS, "label:ru")
# The clinic's contact on its card, in Kazakh ("social worker"), and two others that fit as well
# ("night duty", "duty specialist").
KK_LABEL, KK_NIGHT, KK_DUTY = "Әлеуметтік қызметкер", "Түнгі кезекші", "Кезекші маман"


def clinic_rows(kazakh_label: str = KK_LABEL) -> list[dict[str, str]]:
    return [{**row, "label:kk": kazakh_label, "label:ru": "Социальный работник"}
            for row in kazakh_site_rows(CLINICS)]


def clinics_project(root: Path) -> Path:
    """The Kazakhstan card of each of CLINICS clinics in Kazakh and Russian (fictional numbers),
    with a copy of the layouts of its own (layouts_dir)."""
    pack = write_kazakhstan_sites_pack(root, clinic_rows(), CLINIC_COLUMNS)
    shutil.copytree(ROOT / "layouts", root / "layouts")
    text = pack.read_text(encoding="utf-8").replace("- kk\n", "- kk\n- ru\n", 1)
    pack.write_text(text + "layouts_dir: layouts\n", encoding="utf-8")
    return pack


class ClinicsServer(PreviewServer):
    """`respack serve` of clinics_project, in its folder, with one worker: what the page
    shows is then rendered strictly first."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, "--jobs", "1", pack=clinics_project(root))

    def relabel(self, kazakh_label: str) -> None:
        """Every clinic's contact relabelled in Kazakh, as one save of the spreadsheet: every
        Kazakh card changes."""
        write_sites(self.root / "sites.csv", clinic_rows(kazakh_label), CLINIC_COLUMNS)
