"""Every bundled pack is built once per test run, with the Python API, into a temporary folder.

Every test then reads the files that build wrote, the way a user or a print shop would.

`make test` runs the tests in parallel processes (pytest-xdist): each build of a session
fixture is made once for the whole run, by the first process that needs it, and read by the
others (shared_build), so parallel processes do not render the same documents twice.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

from generator.pipeline import BuiltDocument, Finishing, build, build_editions, plan
from serving import PreviewServer
from shapes import Shape, shape_matrix, site_rows, write_neutral_packs, write_pack, write_sites_pack
from support import CONTENT, DOCUMENTS, PACK, Document, document_id, respack

T = TypeVar("T")

# The test files that take longest, longest first (`pytest --durations`, summed per file, on
# this project's two-core machine): run first, so that no worker is left with one of them at
# the end while the other has nothing to do. pytest-xdist would otherwise order files by how
# many tests they hold, which puts the one-test print builds last (`make test` passes
# --no-loadscope-reorder so that it keeps this order). The other files follow as collected.
LONGEST_FIRST = (
    "tests/write/test_print.py",  # the bundled build, its print shop's files, and US Letter's build
    "tests/test_capacity.py",  # the shapes' build (shape_build)
    "tests/write/test_incremental.py",  # its builds again, and a print shop's files after the office ones
    "tests/test_phone.py",
    "tests/test_install.py",
    "tests/write/test_print_x1a.py",  # every bundled pack's print files in PDF/X-1a, over the bundled build
    "tests/write/test_print_x3.py",  # and in PDF/X-3
    "tests/serve/test_serve_rollout_browser.py",
    "tests/test_workspace.py",
    "tests/test_customising.py",
    "tests/packs/test_bad_inputs.py",
    "tests/check/test_neutral.py",
    "tests/packs/test_sites_as_kept.py",
    "tests/test_figures.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """LONGEST_FIRST's files first, each file's tests in their own order (a stable sort)."""
    if missing := [path for path in LONGEST_FIRST if not (config.rootpath / path).is_file()]:
        raise pytest.UsageError(f"tests/conftest.py: LONGEST_FIRST names no such file: {', '.join(missing)}")
    rank = {path: index for index, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """make(folder), once per test run: in one process, at once; under pytest-xdist, by the
    first worker that asks, in a folder all the run's workers see, its result kept (pickled)
    for the others, which wait on a lock meanwhile. What a build returns is what a render
    worker already sends back to the main process, so it pickles."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    result = root / f"{name}.pickle"
    with FileLock(root / f"{name}.lock"):
        if result.exists():
            return pickle.loads(result.read_bytes())
        folder = root / name
        shutil.rmtree(folder, ignore_errors=True)  # what a worker's failed build left: made again, from nothing
        folder.mkdir()
        made = make(folder)
        result.write_bytes(pickle.dumps(made))
        return made


@dataclass
class PackBuild:
    out_dir: Path
    built: list[BuiltDocument]

    @property
    def pack_dir(self) -> Path:
        return self.out_dir / PACK

    def __post_init__(self) -> None:
        self._documents: dict[tuple[str, str], Document] = {}

    def built_document(self, language: str, name: str) -> BuiltDocument:
        for document in self.built:
            if document.edition.language == language and document.edition.format == name:
                return document
        pytest.fail(f"the build made no {PACK}/{language}/{name}; it made: "
                    + ", ".join(b.edition.id for b in self.built))

    def document(self, language: str, name: str) -> Document:
        """The written PDF of one edition; fails with the tool's own problems if it was not written."""
        key = (language, name)
        if key not in self._documents:
            built = self.built_document(language, name)
            path = self.pack_dir / language / f"{name}.pdf"
            if not built.ok or not path.exists():
                pytest.fail(f"{path.relative_to(self.out_dir)} was not written; the generator's check said: "
                            + "; ".join(map(str, built.report.problems or ["nothing"])))
            self._documents[key] = Document(language=language, format=name, path=path, built=built)
        return self._documents[key]

    def documents(self) -> list[Document]:
        return [self.document(language, name) for language, name in DOCUMENTS]


@dataclass
class BundledBuild:
    out_dir: Path
    built: list[BuiltDocument]


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> BundledBuild:
    """Every edition of every bundled pack, as `respack build` makes them (generator.pipeline's
    build(), the command's own, in a process per core), once for the whole run: the bundled
    pack's tests, the phone page's, the facts', the letters', the customising tests' (the
    example NGO's pack, the plain pack) and the no-op build's (a copy) read it, each pack in
    its folder."""
    def make(out_dir: Path) -> BundledBuild:
        result = build(out_dir=out_dir, jobs=max(2, os.cpu_count() or 1))  # two at least: test_parallel
        return BundledBuild(out_dir=out_dir, built=result.documents)

    return shared_build(tmp_path_factory, "bundled", make)


@pytest.fixture(scope="session")
def second_pack_build(tmp_path_factory: pytest.TempPathFactory) -> PackBuild:
    """The bundled pack built again, into a folder of its own, in one process (no workers): the
    same inputs as `bundled`'s, for the tests that two builds give the same bytes, in one
    process and in several (tests/write/test_parallel.py, tests/test_accessible.py)."""
    def make(out_dir: Path) -> PackBuild:
        return PackBuild(out_dir=out_dir, built=build_editions(plan((PACK,), (), ()), out_dir, jobs=1))

    return shared_build(tmp_path_factory, "second-pack-build", make)


@pytest.fixture(scope="session")
def pack_build(bundled: BundledBuild) -> PackBuild:
    """Every edition of the bundled pack, from the build of every bundled pack."""
    return PackBuild(out_dir=bundled.out_dir, built=[b for b in bundled.built if b.edition.pack.name == PACK])


@pytest.fixture(scope="session")
def office_build(bundled: BundledBuild) -> Path:
    """The bundled pack's folder, as `respack build kazakhstan` writes it, for the copier,
    accessibility and print tests."""
    return bundled.out_dir / PACK


@pytest.fixture(scope="session")
def bundled_build(bundled: BundledBuild) -> Path:
    """`respack build`: every bundled pack, every language and format, as `make demo` makes
    them; the output folder. For the phone page and the accessibility checker."""
    return bundled.out_dir


@pytest.fixture(params=DOCUMENTS, ids=document_id)
def document(request: pytest.FixtureRequest, pack_build: PackBuild) -> Document:
    """Each of the nine PDFs (3 languages × 3 formats) in turn; ids like "leaflet-kk"."""
    language, name = request.param
    return pack_build.document(language, name)


@pytest.fixture(scope="session")
def documents(pack_build: PackBuild) -> list[Document]:
    return pack_build.documents()


@dataclass
class ShapeBuild:
    """Documents of generated packs of many shapes, each format within its declared capacity."""

    out_dir: Path
    built: dict[tuple[str, str], BuiltDocument]  # (format, pack name)

    def path(self, format_name: str, shape: Shape) -> Path:
        return self.out_dir / shape.pack_name / "+".join(shape.languages) / f"{format_name}.pdf"


@pytest.fixture(scope="session")
def shape_build(tmp_path_factory: pytest.TempPathFactory) -> ShapeBuild:
    """Every format built for the shapes of shapes.shape_matrix(), in two processes (under a minute)."""
    from generator.packs.load import load_packs
    from generator.packs.plan import plan_editions

    def make(folder: Path) -> ShapeBuild:
        packs_dir, out_dir = folder / "shapes", folder / "shape-output"
        wanted: dict[Shape, set[str]] = {}
        for format_name, shape in shape_matrix():
            wanted.setdefault(shape, set()).add(format_name)
        editions = []
        for shape, formats in wanted.items():
            pack = write_pack(shape, packs_dir / shape.id, tuple(sorted(formats)))
            editions += plan_editions(load_packs([str(pack)]), ["+".join(shape.languages)], sorted(formats))
        built = build_editions(editions, out_dir, jobs=2)
        return ShapeBuild(out_dir=out_dir, built={(b.edition.format, b.edition.pack.name): b for b in built})

    return shared_build(tmp_path_factory, "shape-build", make)


SITES = 50


@dataclass
class SitesBuild:
    """A pack whose spreadsheet holds SITES clinics, built once: one wallet card per clinic."""

    pack: Path
    out_dir: Path
    rows: list[dict[str, str]]
    built: list[BuiltDocument]

    @property
    def pack_dir(self) -> Path:
        return self.out_dir / "sites-test"


@pytest.fixture(scope="session")
def sites_build(tmp_path_factory: pytest.TempPathFactory) -> SitesBuild:
    """50 sites' wallet cards and their sheets for the print shop, in two processes (about 20 s)."""
    def make(folder: Path) -> SitesBuild:
        rows = site_rows(SITES)
        pack = write_sites_pack(folder / "sites" / "pack", rows)
        out_dir = folder / "sites-output"
        return SitesBuild(pack=pack, out_dir=out_dir, rows=rows,
                          built=build_editions(plan((str(pack),), (), ()), out_dir, jobs=2))

    return shared_build(tmp_path_factory, "sites-build", make)


PRINT_SITES = 8


@pytest.fixture(scope="session")
def print_sites_build(tmp_path_factory: pytest.TempPathFactory) -> SitesBuild:
    """PRINT_SITES sites' wallet cards with the print shop's files (`build --print-shop`,
    PDF/X-4), in two processes."""
    def make(folder: Path) -> SitesBuild:
        rows = site_rows(PRINT_SITES)
        pack = write_sites_pack(folder / "print-sites" / "pack", rows)
        out_dir = folder / "print-sites-output"
        return SitesBuild(pack=pack, out_dir=out_dir, rows=rows, built=build_editions(
            plan((str(pack),), (), ()), out_dir, jobs=2, finishing=Finishing(print_shop=True)))

    return shared_build(tmp_path_factory, "print-sites-build", make)


@pytest.fixture(scope="module")
def preview_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """`respack serve` of a copy of the content (two wallet cards), for the tests of one
    module, in order; killed at its end if a test has not stopped it."""
    server = PreviewServer(tmp_path_factory.mktemp("serve"))
    try:
        yield server
    finally:
        server.kill()


@dataclass
class NeutralBuild:
    out_dir: Path
    result: subprocess.CompletedProcess[str]

    def pdf(self, pack: str, language: str, name: str) -> Path:
        return self.out_dir / pack / language / f"{name}.pdf"


@pytest.fixture(scope="session")
def neutral_build(tmp_path_factory: pytest.TempPathFactory) -> NeutralBuild:
    """Two neutral packs built by one `respack build`: every language's wallet card and poster; an
    English leaflet and large print leaflet with an NGO's hotline (8 documents)."""
    def make(folder: Path) -> NeutralBuild:
        packs = write_neutral_packs(folder)
        result = respack("build", *packs, "--out", folder / "output")
        if result.returncode != 0:
            pytest.fail(f"respack build exited with {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return NeutralBuild(out_dir=folder / "output", result=result)

    return shared_build(tmp_path_factory, "neutral", make)


POCKET_PACK = "safe-to-carry"  # the bundled pack that prints the pocket card


@dataclass
class PocketBuild:
    """The pocket card of the safe-to-carry pack: every language on A4, English on US Letter."""

    out_dir: Path
    built: list[BuiltDocument]

    def path(self, language: str, letter: bool = False) -> Path:
        pack = f"{POCKET_PACK}-letter" if letter else POCKET_PACK
        return self.out_dir / pack / language / "pocket-card.pdf"


@pytest.fixture(scope="session")
def pocket_build(tmp_path_factory: pytest.TempPathFactory) -> PocketBuild:
    """Four sheets, built once in two processes (about 10 s)."""
    def make(folder: Path) -> PocketBuild:
        letter = folder / f"{POCKET_PACK}-letter.yaml"
        bundled = (CONTENT / "packs" / f"{POCKET_PACK}.yaml").read_text(encoding="utf-8")
        letter.write_text(bundled.replace(f"name: {POCKET_PACK}", f"name: {POCKET_PACK}-letter")
                          + "paper: letter\n", encoding="utf-8")
        editions = [*plan((POCKET_PACK,), (), ("pocket-card",)), *plan((str(letter),), ("en",), ("pocket-card",))]
        return PocketBuild(out_dir=folder / "out", built=build_editions(editions, folder / "out", jobs=2))

    return shared_build(tmp_path_factory, "pocket", make)


@dataclass
class SitesPreview:
    """The preview page's app over a pack of SERVED_SITES sites, its first build done."""

    client: object  # starlette.testclient.TestClient
    rows: list[dict[str, str]]
    out_dir: Path
    state: dict[str, object]


SERVED_SITES = 3


@pytest.fixture(scope="session")
def sites_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesPreview]:
    """`respack serve`'s web app for a pack with sites, in this process (its build thread
    renders in one worker process, one document at a time)."""
    from starlette.testclient import TestClient

    from generator.packs.load import load_packs
    from generator.serve.server import Preview, create_app

    rows = site_rows(SERVED_SITES, first_number=0)
    pack = write_sites_pack(tmp_path_factory.mktemp("served-sites") / "pack", rows)
    out_dir = tmp_path_factory.mktemp("served-sites-output")
    preview = Preview([str(pack)], out_dir)
    with TestClient(create_app(preview, load_packs([str(pack)])), base_url="http://127.0.0.1") as client:
        deadline = time.monotonic() + 120
        state = client.get("/api/state").json()
        while state["building"] and time.monotonic() < deadline:
            time.sleep(0.2)
            state = client.get("/api/state").json()
        assert not state["building"], "the first build of the preview did not end in 2 minutes"
        yield SitesPreview(client=client, rows=rows, out_dir=out_dir, state=state)


# --- the browser of the preview page's tests ------------------------------------------------
# Debian's Chromium, driven by Playwright, one for each module. Playwright's own browser
# download is not used: scripts/setup-system.sh installs Chromium. (Here, not in a conftest of
# tests/serve: a second module named conftest would hide this one from the pickled builds.)

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


@pytest.fixture
def no_script_error(script_errors: list[str]) -> Iterator[None]:
    """A browser test also fails when the page's script threw (a module asks for it with
    `pytestmark = pytest.mark.usefixtures("no_script_error")`)."""
    yield
    assert not script_errors, f"the page's script failed: {script_errors}"
