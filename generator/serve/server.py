"""`respack serve`: the pack's documents on a local web page, rebuilt at each save.

The people who make a pack edit YAML and look at the result: the page shows every
document's pages as images, with their draft status, "Information as of" and the QR codes
that were decoded, and puts each problem where it is (a red box over the text that
overlaps or runs off). A thread builds as `build --watch` does, with the same warm workers
and incremental cache, and every open page gets the new state as a server-sent event.

A rollout makes hundreds of documents: the page chooses a site, a language and a format, and
what it shows is rendered first and shown as soon as it is made; the rest follow. A save while
a build runs gives that build up (its documents not yet started are not rendered) for a new
one. A stop ends the build's workers at once, and a render that fails is said on the page.
PDFium runs in the build thread and in worker processes only (generator.serve.images).

Only the files of the served packs' manifests, the images of failed renders (kept in
memory: a failed document is not written), the page images of sites' documents (made from
their PDFs when asked for: a build writes no previews for sites, generator.write.previews) and
the page's own assets are served, and only to requests for the server's own names
(generator.serve.hosts). The page's state names files as generator.serve.shown says them,
never by their absolute paths.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import traceback
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import BrokenExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from generator.check.findings import Finding, Kind, Place
from generator.errors import Problem, RespackError
from generator.model import Edition, Pack
from generator.pipeline import BuiltDocument, Listener, Superseded, Workers, build, pdf_name
from generator.serve.hosts import AllowedHosts, HostGuard, allowed_hosts
from generator.serve.images import PageImages
from generator.serve.shown import Shown
from generator.serve.watch import changes, watched_folders
from generator.write.manifest import Manifest
from generator.write.previews import preview_dpi

ASSETS = files("generator.serve") / "page"
ASSET_TYPES = {"index.html": "text/html", "preview.css": "text/css", "preview.js": "text/javascript"}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
FILE_TYPES = (".pdf", ".png")
STOP_S = 5  # the build thread's time to return once its workers have ended: it is back within a second

State = dict[str, Any]  # what the page is sent, as JSON
PageSource = tuple[Path | bytes, int, float]  # a PDF on disk or in memory, a page of it, its dpi


@dataclass(frozen=True)
class Chosen:
    """What the page shows: a site, a language, a format ("": any)."""

    site: str = ""
    language: str = ""
    format: str = ""

    def shows(self, edition: Edition) -> bool:
        return ((not self.site or (edition.site is not None and edition.site.id == self.site))
                and self.language in ("", edition.language) and self.format in ("", edition.format))


class Preview:
    """The documents of the packs as the page shows them; run() keeps them current."""

    def __init__(self, packs: Sequence[str], out_dir: Path, languages: Sequence[str] = (),
                 formats: Sequence[str] = (), jobs: int = 1) -> None:
        self.packs, self.out_dir, self.languages, self.formats, self.jobs = packs, out_dir, languages, formats, jobs
        self.shown = Shown.for_packs(packs)  # how the page names files: never by their absolute paths
        self._lock = threading.Lock()
        self._state: State = {"version": 0, "building": True, "progress": [0, 0], "errors": [], "warnings": [],
                              "documents": [], "choices": {"sites": [], "languages": [], "formats": []}}
        self._files: dict[str, Path] = {}  # URL path → a file of a pack's output
        self._failed: dict[str, bytes] = {}  # URL path → a page of a failed render, as PNG
        self._interim: dict[str, bytes] = {}  # URL path → a page of a document built, before its build lands
        self._pages: dict[str, PageSource] = {}  # URL path → a page of a PDF without previews
        self._listeners: list[Callable[[State], None]] = []
        self._chosen = Chosen()
        self._images = PageImages()
        self._wanted = threading.Event()  # a build is wanted: a save since the last one started
        self._rewatch = threading.Event()  # the watcher starts again (other folders), or stops
        self._stop = threading.Event()
        self._workers: Workers | None = None
        self._watched: list[Pack] = []

    # What the web app asks for.

    def state(self) -> State:
        with self._lock:
            return self._state

    def subscribe(self, listener: Callable[[State], None]) -> None:
        with self._lock:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[State], None]) -> None:
        with self._lock:
            self._listeners.remove(listener)

    def file(self, url_path: str) -> Path | None:
        with self._lock:
            return self._files.get(url_path)

    def memory_image(self, url_path: str) -> bytes | None:
        """A page kept in memory: of a failed render, or of a document built whose build has not landed."""
        with self._lock:
            return self._failed.get(url_path) or self._interim.get(url_path)

    async def page_image(self, url_path: str) -> bytes | None:
        """The image of a page of a site's document, made now from its PDF (generator.serve.images)."""
        with self._lock:
            page = self._pages.get(url_path)
        if page is None or (isinstance(page[0], Path) and not page[0].is_file()):
            return None
        return await self._images.png(*page)

    def choose(self, chosen: Chosen) -> None:
        """What the page shows now: rendered before the others, from the next document on."""
        with self._lock:
            self._chosen = chosen

    def shown_first(self, edition: Edition) -> bool:
        with self._lock:
            return self._chosen.shows(edition)

    def stop(self) -> None:
        """Stop now, from any thread: the build's workers and the page images' process end,
        the build thread and the watcher return."""
        self._stop.set()
        self._rewatch.set()
        with self._lock:
            workers = self._workers
        if workers is not None:
            workers.stop()
        self._images.stop()

    # The build thread, and the watcher beside it.

    def run(self, packs: list[Pack]) -> None:
        """Build every document once (so each shows its checks), then again at each save of
        the packs' files, only what changed, until stop(); a save while it builds gives that
        build up for a new one."""
        with Workers(self.jobs, processes=True) as workers:
            workers.first, workers.stale = self.shown_first, self._wanted.is_set
            with self._lock:
                self._workers, self._watched = workers, packs
            if self._stop.is_set():  # stopped before it started
                return
            watcher = threading.Thread(target=self._watch, name="preview-watch", daemon=True)
            watcher.start()
            self._wanted.set()
            force = True  # until a build is done, so that each document shows its checks
            while not self._stop.is_set():
                if not self._wanted.wait(0.2):
                    continue
                self._wanted.clear()
                built = self._build(workers, force)
                if built is None:
                    continue
                force = False
                with self._lock:
                    folders, self._watched = watched_folders(self._watched), built
                if watched_folders(built) != folders:  # a pack file now names other folders
                    self._rewatch.set()
            watcher.join(2)

    def _watch(self) -> None:
        """Wants a build at each save of the packs' files, until stop()."""
        while True:
            self._rewatch.clear()
            if self._stop.is_set():
                return
            with self._lock:
                packs = self._watched
            for _ in changes(watched_folders(packs), self.out_dir, stop=self._rewatch):
                self._wanted.set()

    def _build(self, workers: Workers, force: bool = False) -> list[Pack] | None:
        """One build; the packs it loaded, or None when it has not landed: the content has an
        error, a render failed, a newer save came, or the server stops."""
        self._publish(building=True, progress=[0, 0])
        try:
            result = build(self.packs, self.languages, self.formats, self.out_dir, force=force, workers=workers,
                           listener=_EachAsBuilt(self))
        except Superseded:  # a newer save: its build starts now
            return None
        except RespackError as error:  # nothing was written: the last good pages stay, greyed
            notes = "; ".join(getattr(error, "__notes__", []))  # the document a worker was rendering
            self._publish_failed([self._problem_view(replace(p, message=f"{p.message} ({notes})") if notes else p)
                                  for p in error.problems])
            return None
        except BrokenExecutor:  # stopping: stop() ended the workers, or Ctrl-C reached them first
            if not self._stop.is_set():
                self._publish_failed([self._problem_view(Problem(
                    "respack", "a worker process ended while it rendered (killed? out of memory?); "
                               "save again to build again"))])
            return None
        except Exception as error:  # a render that fails: said on the page, and the next save builds again
            traceback.print_exc()
            where = "; ".join(getattr(error, "__notes__", []))
            problem = Problem("respack", f"{where or 'the build'} failed: {type(error).__name__}: {error} "
                                         "(the terminal has the details); fix it and save to build again")
            self._publish_failed([self._problem_view(problem)])
            return None
        with self._lock:
            previous = {d["id"]: d for d in self._state["documents"]}
            version = self._state["version"] + 1
        manifests = {pack.name: Manifest.read(self.out_dir / pack.name) for pack in result.packs}
        served: dict[str, Path] = {}
        failed: dict[str, bytes] = {}
        pages: dict[str, PageSource] = {}
        documents = []
        for document in result.documents:
            pack = document.edition.pack.name
            view = _document_view(document, manifests[pack], previous, version, self.shown)
            documents.append(view)
            entry = manifests[pack].documents.get(pdf_name(document.edition).as_posix())
            for name in entry.files if entry else ():
                served[f"/files/{pack}/{name}"] = self.out_dir / pack / name
            for number, url in enumerate(_made_pages(view), 1):
                pages[url] = (self.out_dir / pack / pdf_name(document.edition), number, preview_dpi(document.edition))
            for number, png in enumerate(document.failed_previews, 1):
                failed[f"/failed/{view['id']}-{number}.png"] = png
        with self._lock:
            self._files, self._failed, self._pages, self._interim = served, failed, pages, {}
        self._publish(building=False, errors=[], warnings=[self._problem_view(p) for p in result.warnings],
                      documents=documents)
        return result.packs

    def show_built(self, document: BuiltDocument, progress: list[int] | None = None) -> None:
        """A document the build has just made, shown at once from its pages in memory: its files
        land with the others when the build is done (a change shows within a second or two,
        not when every document is made). A site's document has no page images: they are made
        from its PDF when the page asks. progress: documents made, of those planned."""
        if document.unchanged or not document.ok:  # unchanged: said at once, with the others
            if progress and not document.unchanged:
                self._publish(progress=progress)
            return
        pages = sorted((file for file in document.staged if file.path.suffix == ".png"),
                       key=lambda file: int(file.path.stem.rsplit("-", 1)[1]))
        pdf = next((file for file in document.staged if file.path.name == pdf_name(document.edition).name), None)
        with self._lock:
            version = self._state["version"] + 1
            previous = {d["id"]: d for d in self._state["documents"]}
        view = _document_view(document, Manifest({}, {}), previous, version, self.shown)
        images = {f"/built/{view['id']}-{n}.png": (file.temporary or file.path).read_bytes()
                  for n, file in enumerate(pages, 1)}
        made: dict[str, PageSource] = {}
        if not pages and pdf is not None and document.report is not None:
            # What the page shows is kept in memory, as its file may land while the page asks
            # for it; the others are read where they are staged (a rollout's are hundreds).
            staged = pdf.temporary or pdf.path
            source: Path | bytes = staged.read_bytes() if self.shown_first(document.edition) else staged
            dpi = preview_dpi(document.edition)
            made = {f"/built/{view['id']}-{n}.png": (source, n, dpi) for n in range(1, document.pages + 1)}
        if not images and not made:
            if progress:
                self._publish(progress=progress)
            return
        # The PDF: once it lands.
        view = {**view, "pages": [f"{url}?v={version}" for url in [*images, *made]], "pdf": None}
        with self._lock:
            self._interim.update(images)
            self._pages.update(made)
            documents = [view if d["id"] == view["id"] else d for d in self._state["documents"]]
        self._publish(documents=documents if view["id"] in previous else [*documents, view],
                      **({"progress": progress} if progress else {}))

    def show_choices(self, editions: list[Edition]) -> None:
        """The sites, languages and formats the build will make, for the page's lists: a site is
        chosen before its documents are made, and rendered first."""
        sites = {edition.site.id: edition.site.name for edition in editions if edition.site}
        self._publish(choices={"sites": [[site, f"{name} ({site})"] for site, name in sites.items()],
                               "languages": list(dict.fromkeys(edition.language for edition in editions)),
                               "formats": list(dict.fromkeys(edition.format for edition in editions))})

    def _publish_failed(self, errors: list[State]) -> None:
        """Nothing was written: the errors, over the last good pages, greyed."""
        with self._lock:
            stale = [{**document, "stale": True} for document in self._state["documents"]]
        self._publish(building=False, errors=errors, documents=stale)

    def _problem_view(self, problem: Problem) -> State:
        """A problem for the page: its file and the paths of its message as self.shown says them."""
        shown = self.shown.problem(problem)
        return {"text": str(shown), "file": str(shown.file), "line": shown.line, "field": shown.field,
                "message": shown.message, "severity": str(shown.severity)}

    def _publish(self, **changes: Any) -> None:
        with self._lock:
            self._state = {**self._state, **changes, "version": self._state["version"] + 1}
            state, listeners = self._state, list(self._listeners)
        for listener in listeners:
            listener(state)


class _EachAsBuilt(Listener):
    """Shows each document on the page as soon as it is built, and how many are done."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.progress = [0, 0]  # documents made (or found unchanged), of those planned

    def planned(self, editions: list[Edition]) -> None:
        self.progress = [0, len(editions)]
        self.preview.show_choices(editions)

    def built(self, document: BuiltDocument) -> None:
        self.progress[0] += 1
        self.preview.show_built(document, list(self.progress))


def _document_view(document: BuiltDocument, manifest: Manifest, previous: dict[str, State], version: int,
                   shown: Shown) -> State:
    """One document for the page: its written pages (the last good ones), and when it failed
    its check, the pages of the failed render with each problem where it is. A message's paths
    are shown, not absolute: WeasyPrint's name the files it could not load."""
    edition = document.edition
    pack = edition.pack.name
    ident = "/".join([pack, *([edition.site.id] if edition.site else []), edition.language, edition.format])
    pdf_path = pdf_name(edition).as_posix()
    entry = manifest.documents.get(pdf_path)
    written = {name: manifest.files[name] for name in (entry.files if entry else ()) if name in manifest.files}
    pngs = sorted((name for name in written if name.endswith(".png")), key=lambda n: int(n[:-4].rsplit("-", 1)[1]))
    pdf = written.get(pdf_path)
    report = document.report
    if report is not None:
        verified = sorted(report.payloads)
    else:  # unchanged since an earlier build of this server
        verified = previous.get(ident, {}).get("verified", [])
    pages = [f"/files/{pack}/{name}?v={written[name].sha256[:12]}" for name in pngs]
    if pdf and not pngs:  # a site's document: its page images are made when the page asks for them
        pages = [f"/pages/{pack}/{pdf.path}/{n}.png?v={pdf.sha256[:12]}" for n in range(1, (pdf.pages or 0) + 1)]
    problems = [_located(p, shown) for p in document.fit]
    for problem in (report.problems if report else []):
        if problem in document.fit:
            continue
        # A QR code of the document (not of its card sheet) that did not scan, or whose caption is
        # wrong: where it is drawn (on the page the caption was read on).
        places = [place for place in (document.code_places or {}).get(problem.payload or "", [])
                  if problem.page in (None, place[0])] \
            if problem.kind in _AT_ITS_CODE and problem.file is None and problem.box is None else []
        problems += [_located(problem, shown, place) for place in places] or [_located(problem, shown)]
    return {
        "id": ident,
        "pack": pack,
        "site": edition.site.id if edition.site else "",
        "site_name": edition.site.name if edition.site else "",
        "language": edition.language,
        "format": edition.format,
        "title": edition.layout.title,
        "page_mm": [edition.layout.page_width_mm, edition.layout.page_height_mm],
        "draft": edition.is_draft,
        "as_of": edition.pack.country.information_as_of.isoformat(),
        "verified": verified,
        "pdf": f"/files/{pack}/{pdf.path}?v={pdf.sha256[:12]}" if pdf else None,
        "pages": pages,
        "failed": not document.ok,
        "failed_pages": [f"/failed/{ident}-{n}.png?v={version}" for n in range(1, len(document.failed_previews) + 1)],
        "problems": problems,
        "stale": False,
    }


def _made_pages(view: State) -> list[str]:
    """The URL paths of the page images the view asks to be made from the PDF, page by page."""
    return [page.split("?")[0] for page in view["pages"] if page.startswith("/pages/")]


# What the preview draws at the QR code it concerns, when it has no box of its own.
_AT_ITS_CODE = frozenset({Kind.QR_UNREADABLE, Kind.CAPTION_MISSING, Kind.CAPTION_WRONG})


def _located(problem: Finding, shown: Shown, place: Place | None = None) -> State:
    """A problem for the page: its sentence (with the paths shown), what it is, and its box if it
    has one (its own, or place's), as fractions of its page, to draw over an image of any size
    (what runs off the page is drawn to its edge)."""
    page, box, page_size = place or (problem.page, problem.box, problem.page_size)
    fractions = None
    if box and page_size:
        width, height = page_size
        x0, y0, x1, y1 = box
        fractions = [min(max(value, 0.0), 1.0) for value in (x0 / width, y0 / height, x1 / width, y1 / height)]
    return {"message": shown.text(str(problem)), "kind": str(problem.kind), "severity": str(problem.severity),
            "contact": problem.contact, "payload": problem.payload, "page": page, "box": fractions}


def create_app(preview: Preview, packs: list[Pack], allowed: AllowedHosts | None = None) -> Starlette:
    """The web app: the page, its assets, the state, its events and the pack's files, for
    requests to the allowed hosts only (by default, this computer's loopback names). Its
    lifespan runs the build thread, and stops it when the server stops."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        thread = threading.Thread(target=preview.run, args=(packs,), name="preview-build", daemon=True)
        thread.start()
        try:
            yield
        finally:
            preview.stop()
            await asyncio.to_thread(thread.join, STOP_S)

    async def page(request: Request) -> Response:
        return await asset_response("index.html")

    async def asset(request: Request) -> Response:
        return await asset_response(request.path_params["name"])

    async def asset_response(name: str) -> Response:
        if name not in ASSET_TYPES:
            return Response("Not found", status_code=404)
        return Response((ASSETS / name).read_bytes(), media_type=ASSET_TYPES[name],
                        headers={"Cache-Control": "no-cache"})

    async def state(request: Request) -> Response:
        return JSONResponse(preview.state())

    async def choose(request: Request) -> Response:
        """What the page shows (JSON: site, language, format; "" for any), to be rendered first.
        JSON only: a form of another site's page cannot post it without the browser asking first."""
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return Response("Expected application/json", status_code=415)
        try:
            asked = json.loads(await request.body())
        except ValueError:
            return Response("Not JSON", status_code=400)
        values = {key: asked.get(key, "") if isinstance(asked, dict) else None
                  for key in ("site", "language", "format")}
        if not all(isinstance(value, str) and len(value) <= 200 for value in values.values()):
            return Response("Expected site, language and format as short strings", status_code=400)
        preview.choose(Chosen(**values))  # type: ignore[arg-type]  # each a str: tested above
        return Response(status_code=204)

    async def output_file(request: Request) -> Response:
        path = preview.file(request.url.path)
        if path is None or path.suffix not in FILE_TYPES or not path.is_file():
            return Response("Not found", status_code=404)
        return FileResponse(path, headers={"Cache-Control": "no-cache"})

    async def memory_image(request: Request) -> Response:
        png = preview.memory_image(request.url.path)
        if png is None:
            return await page_image(request)  # a site's document just built: from its PDF in memory
        return Response(png, media_type="image/png")

    async def page_image(request: Request) -> Response:
        try:
            png = await preview.page_image(request.url.path)
        except Exception as error:  # a PDF that does not draw, or the server stopping: this image only
            return Response(f"The page could not be drawn: {type(error).__name__}: {error}", status_code=500)
        if png is None:
            return Response("Not found", status_code=404)
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-cache"})

    async def events(request: Request) -> Response:
        from sse_starlette.sse import EventSourceResponse

        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[State] = asyncio.Queue()

        def send(new: State) -> None:  # called in the build thread
            try:
                loop.call_soon_threadsafe(queue.put_nowait, new)
            except RuntimeError:  # the loop is closed: the server has stopped
                pass

        async def stream() -> AsyncIterator[dict[str, str]]:
            preview.subscribe(send)
            try:
                yield {"event": "state", "data": json.dumps(preview.state())}
                while True:
                    yield {"event": "state", "data": json.dumps(await queue.get())}
            finally:
                preview.unsubscribe(send)

        return EventSourceResponse(stream(), ping=10)

    guard = Middleware(HostGuard, allowed=allowed or allowed_hosts("127.0.0.1"))
    return Starlette(lifespan=lifespan, middleware=[guard], routes=[
        Route("/", page),
        Route("/assets/{name}", asset),
        Route("/api/state", state),
        Route("/api/chosen", choose, methods=["POST"]),
        Route("/events", events),
        Route("/files/{path:path}", output_file),
        Route("/failed/{path:path}", memory_image),
        Route("/built/{path:path}", memory_image),
        Route("/pages/{path:path}", page_image),
    ])


def serve(preview: Preview, packs: list[Pack], host: str, port: int, ready: Callable[[str], None],
          extra_hosts: Sequence[str] = ()) -> None:
    """Run the server until Ctrl-C (or SIGTERM); ready(url) once it listens (port 0: any free port).
    It answers to the names of host (generator.serve.hosts) and to extra_hosts."""
    import uvicorn

    try:
        listening = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as error:
        raise RespackError(Problem("--port", f"cannot listen on {host}:{port}: {error.strerror or error} "
                                   "(is another server running there? choose another --port)")) from None
    address = f"[{host}]" if ":" in host else host
    url = f"http://{address}:{listening.getsockname()[1]}/"

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                ready(url)

        def handle_exit(self, sig: int, frame: object) -> None:
            """Ctrl-C or SIGTERM: the build stops at once, not once the open pages have let go."""
            preview.stop()
            super().handle_exit(sig, frame)  # type: ignore[arg-type]

    app = create_app(preview, packs, allowed_hosts(host, extra_hosts))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=2)
    try:
        Server(config).run(sockets=[listening])
    except KeyboardInterrupt:  # uvicorn stops cleanly, then raises the Ctrl-C it caught
        pass
    finally:
        listening.close()
