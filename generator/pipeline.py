"""The whole build, stage after stage: load → validate → plan → render → check → write.

build() is the library's one entry point; the `respack build` command parses its arguments,
calls it and prints what it returns.

A build holds each pack's output folder for itself from start to end (a second build into
it waits: generator.write.landing), skips the documents whose inputs have not changed since
the files on disk were made (generator.write.cache), and renders and checks the others across
processes, one document per task, or ten of a rollout's cards, laid out together (build_cards).
The main process puts each document's files on disk under temporary names as they arrive (it
holds none in memory, and of each document a small record: BuiltDocument.let_go); only when
every document is done do a pack's files land, together with its manifest, written entry by
entry: a journal first, then the renames, so a landing stopped half-way is completed by
whoever next opens the folder. The build command's
SIGTERM handler (stop_now) removes the files no journal names yet. A full disk or a read-only
folder is a RespackError naming the folder, and leaves the previous files as they were.

WeasyPrint, pypdfium2 and zxing-cpp are imported only when a document is rendered, so a
build with nothing to do stays fast.
"""

from __future__ import annotations

import atexit
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from generator.check.prints import PagePrints, pages_printing
from generator.errors import RespackError, Severity, in_order
from generator.model import PRINT_SHOP_VARIANT, Edition, Pack, Step
from generator.packs.capacity import steps_to_try
from generator.packs.load import load_packs
from generator.packs.plan import plan_editions
from generator.write.cache import document_key, keep_warnings, kept_warnings, validation_key
from generator.write.files import StagedFile, WrittenFile, abandon_writes, stage_file, stage_writing
from generator.write.jobsheet import is_print_file, job_sheet, job_sheet_name, other_variants, print_file_name
from generator.write.landing import claim, land
from generator.write.manifest import MANIFEST, DocumentEntry, Manifest, stale_files, write_manifest
from generator.write.previews import png_bytes, preview_dpi, writes_previews
from generator.write.rollout import (
    SiteCard,
    print_rollout_job_path,
    print_rollout_path,
    rollout_path,
    sheet_of,
    sheets_here,
    stage_rollouts,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from generator.check.findings import Finding, Place
    from generator.check.pdfcheck import Report
    from generator.errors import Problem
    from generator.render.document import LaidOut, RenderedDocument

@dataclass(frozen=True, slots=True)
class Passed:
    """What the build keeps of a passed document's check once its files are staged: its pages
    and the QR codes decoded from them. The full report (each page's text, lines and what it
    prints) was most of what the main process held of a thousand site cards."""

    page_count: int
    verified: tuple[str, ...]  # each page's decoded payloads, page after page
    problems: tuple[Finding, ...] = ()

    @property
    def payloads(self) -> set[str]:
        return set(self.verified)

    @property
    def qr_count(self) -> int:
        return len(self.verified)


@dataclass(slots=True)
class BuiltDocument:
    edition: Edition
    report: Report | Passed | None  # None when skipped: it was checked when its files were written
    files: list[WrittenFile] = field(default_factory=list)
    key: str = ""  # of its inputs, see generator.write.cache
    unchanged: bool = False  # skipped: the files of an earlier build are still right
    outputs: list[tuple[Path, bytes, int | None]] = field(default_factory=list)  # checked, from the worker
    staged: list[StagedFile] = field(default_factory=list)  # the outputs on disk, not yet in place
    step: str = ""  # the step of its format it was laid out at (the first that fits)
    office_key: str = ""  # the key of its office files (key, unless a print shop's files are made too)
    prints: tuple[PagePrints, ...] = ()  # what each page carries, as the check read it
    steps_tried: int = 0
    # Empty tuples, not lists, by default: a rollout's thousands of passed cards share one.
    fit: tuple[Finding, ...] = ()  # the fit check's problems, with their pages and boxes
    failed_previews: Sequence[bytes] = ()  # PNG pages of a document that failed: not written
    code_places: Mapping[str, list[Place]] | None = None  # of a document that failed: its QR codes
    warnings: Sequence[Finding] = ()  # what a print shop's preflight only warns of
    worker: int = 0  # the process id of the worker that rendered it (0: this process)

    @property
    def ok(self) -> bool:
        return self.report is None or not self.report.problems

    @property
    def pdf(self) -> WrittenFile | None:
        return next((f for f in self.files if f.path.suffix == ".pdf"), None)

    @property
    def pages(self) -> int:
        """Pages of the PDF, known from the manifest when the document was skipped."""
        if self.report is None:
            return (self.pdf.pages or 0) if self.pdf else 0
        if isinstance(self.report, Passed):
            return self.report.page_count
        return len(self.report.pages)

    def let_go(self, alike: dict[object, object]) -> None:
        """Keep, of a document whose files are staged, only what landing and the summary need:
        a passed check's report as Passed, what its pages print and the codes it verified
        shared with the other documents that print the same (a rollout's cards print the
        same emergency numbers and services; alike holds one copy of each)."""
        self.prints = tuple(_shared(alike, PagePrints(page.page, tuple(_shared(alike, n) for n in page.numbers),
                                                      tuple(_shared(alike, c) for c in page.codes)))
                            for page in self.prints)
        if self.report is not None and not isinstance(self.report, Passed) and self.ok:
            self.report = Passed(len(self.report.pages), tuple(_shared(alike, payload) for page in self.report.pages
                                                               for payload in page.payloads))


Alike = TypeVar("Alike")


def _shared(alike: dict[object, object], value: Alike) -> Alike:
    """The one copy alike holds of value (value itself, the first time)."""
    return alike.setdefault(value, value)  # type: ignore[return-value]


def pdf_name(edition: Edition) -> Path:
    """The PDF's path inside its pack's output folder."""
    return edition.relative_path.relative_to(edition.pack.name)


@dataclass(frozen=True)
class Office:
    """A document's office files as an earlier build wrote them, on disk and up to date: a
    print shop's files asked for now are made alone, at their step, and must print what they
    print (each page's numbers and QR codes, as the check read them)."""

    step: str
    prints: tuple[PagePrints, ...]


@dataclass(frozen=True)
class Finishing:
    """What is made beside the office PDF: a print shop's file, and for cards, a sheet of ten."""

    print_shop: bool = False  # <format>.print.pdf: bleed, crop marks, PDF/X
    pdf_variant: str = ""  # of the print-shop file (model.PRINT_VARIANTS); empty: PDF/X-4
    office: Office | None = None  # one document's, made already: only the print shop's files are made

    def __str__(self) -> str:  # the build's options, in the documents' keys: not a document's office
        return f"print_shop={self.print_shop} variant={self.pdf_variant}"


@dataclass(frozen=True)
class Fitted:
    """A document written at the first step of its format whose pages pass the fit check."""

    rendered: RenderedDocument
    steps_tried: int
    fit: tuple[Finding, ...]  # of the step written: empty unless even the densest does not fit
    code_places: dict[str, list[Place]]  # where each QR code is drawn, by payload


def render_fitted(edition: Edition, print_shop: bool = False, pdf_variant: str = "",
                  step: Step | None = None) -> Fitted:
    """Lay the edition out at each step of its format, from roomy to dense, until its pages
    pass the fit check; write that one as a PDF (or `step`, when it is known already: a print
    shop's file takes the step of the office one)."""
    from generator.check.fit import fit_problems
    from generator.render.document import lay_out

    steps = (step,) if step else steps_to_try(edition)
    for tried, current in enumerate(steps, 1):  # noqa: B007  (how many, said after the loop)
        laid_out = lay_out(edition, current, print_shop)
        problems = fit_problems(laid_out.document, edition.layout, copies=laid_out.copies)
        if problems and all(problem.too_little for problem in problems) and not current.options.balanced:
            # Columns filled in order left a hole: the step again, its columns balanced
            # (options.balanced). Only then: WeasyPrint balances by laying them out many times.
            current = replace(current, options=replace(current.options, balanced=True))
            laid_out = lay_out(edition, current, print_shop)
            problems = fit_problems(laid_out.document, edition.layout, copies=laid_out.copies)
        if not problems:
            break
    return _written(laid_out, problems, tried, 1 if step else len(edition.layout.steps), pdf_variant)


def render_fitted_cards(editions: Sequence[Edition]) -> list[Fitted]:
    """render_fitted() of each edition (office PDFs), the editions laid out together at each
    step (generator.render.document.lay_out_batch: a rollout's cards): those that fit are
    written, the others tried at the next step together. Each card takes the step it would
    take alone, and is checked for fit on its own pages."""
    from generator.check.fit import fit_problems
    from generator.render.document import lay_out_batch

    fitted: dict[int, Fitted] = {}
    pending = list(range(len(editions)))
    steps = steps_to_try(editions[0]) if editions else ()
    if any(steps_to_try(edition) != steps for edition in editions):
        return [render_fitted(edition) for edition in editions]
    for tried, current in enumerate(steps, 1):
        if not pending:
            break
        laid = lay_out_batch([editions[n] for n in pending], current)
        still = []
        for n, laid_out in zip(pending, laid):
            problems = fit_problems(laid_out.document, editions[n].layout, copies=laid_out.copies)
            if problems and tried < len(steps):
                still.append(n)
            else:
                fitted[n] = _written(laid_out, problems, tried, len(editions[n].layout.steps))
        pending = still
    return [fitted[n] for n in range(len(editions))]


def _written(laid_out: LaidOut, problems: list[Finding], tried: int, steps: int, pdf_variant: str = "") -> Fitted:
    """The laid-out step tried last written as a PDF, with what the fit check found in it."""
    from generator.check.findings import Finding, Kind
    from generator.check.fit import code_places
    from generator.packs.capacity import capacity_advice
    from generator.render.document import write_document

    edition = laid_out.edition
    if problems and all(problem.too_little for problem in problems):
        problems.append(Finding(Kind.TOO_SHORT, f"the content is too short for the {edition.layout.title.lower()}'s "
                                "pages: add sections to the guidance, or print the pack's other formats (formats:)"))
    elif problems and steps > 1:
        problems.append(Finding(Kind.DOES_NOT_FIT, f"even the densest layout ({laid_out.step.name!r}) does not fit: "
                                f"{capacity_advice(edition)}"))
    places = code_places(laid_out.document)  # before the PDF is written, which changes the boxes
    return Fitted(write_document(laid_out, pdf_variant), tried, tuple(problems), places)


def build_cards(tasks: Sequence[tuple[Edition, Finishing]]) -> list[BuiltDocument]:
    """build_document() of each of a rollout's cards, laid out together (render_fitted_cards):
    each card is then written, checked and finished on its own, as strictly as a document alone.
    A card whose office files are made already (finishing.office) makes its print shop's alone."""
    fitted = iter(render_fitted_cards([edition for edition, finishing in tasks if finishing.office is None]))
    return [build_document(edition, finishing, None if finishing.office else next(fitted))
            for edition, finishing in tasks]


def build_document(edition: Edition, finishing: Finishing = Finishing(), fitted: Fitted | None = None
                   ) -> BuiltDocument:
    """Render and check every file of a document; its outputs are for build_editions() to write.
    fitted: its office PDF, when it was laid out already (build_cards). finishing.office: its
    office files are made already: only the print shop's are (print_shop_files_alone)."""
    from generator.check.drawn import trusted_faces
    from generator.check.findings import Finding, Kind
    from generator.check.links import link_problems, read_links
    from generator.check.neutral import giveaway_problems
    from generator.check.numbers import known_numbers
    from generator.check.pdfcheck import check_pdf
    from generator.check.sheet import sheet_problems
    from generator.render.context import link_targets
    from generator.render.fonts import fonts_for
    from generator.write.impose import CARDS_PER_SHEET, card_sheet, sheet_layout

    if finishing.office is not None:
        return print_shop_files_alone(edition, finishing, finishing.office)
    fitted = fitted or render_fitted(edition)
    rendered = fitted.rendered
    known = known_numbers([c.display for c in edition.pack.country.contacts if c.display], rendered.words)
    # The pages are rasterised once, at the previews' resolution; in grey, in half the time,
    # when there are no previews to write. That raster is what the codes are decoded from and
    # what each glyph of a number is held against, as the print fonts draw it. The print shop's
    # file sets the same pages again: its text is read, not its glyphs; the card sheet is proven
    # from what it draws (below).
    report = check_pdf(rendered.pdf, edition.layout, rendered.payloads, rendered.numbers, known,
                       dpi=preview_dpi(edition), copies=rendered.copies, grey=not writes_previews(edition),
                       trusted=trusted_faces(fonts_for(edition.pack.branding, edition.languages)))
    report.problems.extend([*fitted.fit, *(Finding(Kind.ENGINE, warned) for warned in rendered.engine_problems)])
    # Every number a tap away, and each tap dialling the number under it (check/links.py).
    targets = link_targets(edition)
    for index, (page, links) in enumerate(zip(report.pages, read_links(rendered.pdf)), 1):
        report.problems.extend(p.on_page(index) for p in link_problems(links, page.printed, known, targets))
    relative = pdf_name(edition)
    if edition.neutral:
        report.problems.extend(giveaway_problems(rendered.pdf, edition, edition.relative_path.as_posix()))
    extra: list[tuple[Path, bytes, int | None]] = []
    if edition.layout.options.sheet and edition.site is None:  # sites: one sheet for all (rollout.py)
        # The sheet is proven from what it draws: the checked card's pages, placed ten times
        # as they are, and cut marks that cross none of them (check/sheet.py).
        sheet = card_sheet(rendered.pdf, edition.pack.paper, edition.languages[0], edition.title)
        layout = sheet_layout(edition.pack.paper)
        sheet_findings = [*sheet_problems(sheet, [rendered.pdf] * CARDS_PER_SHEET,
                                          (layout.page_width_mm, layout.page_height_mm), CARDS_PER_SHEET),
                          *(giveaway_problems(sheet, edition, relative.stem + "-sheet.pdf") if edition.neutral else [])]
        report.problems.extend(p.in_file(f"{relative.stem}-sheet.pdf") for p in sheet_findings)
        extra.append((relative.with_name(f"{relative.stem}-sheet.pdf"), sheet, layout.pages))
    warnings: Sequence[Finding] = ()
    if finishing.print_shop:
        printed = print_shop_files(edition, finishing, rendered.step, rendered.words)
        report.problems.extend(printed.problems)
        extra += printed.outputs
        warnings = printed.warnings
    built = BuiltDocument(edition=edition, report=report, step=rendered.step.name if rendered.step else "",
                          steps_tried=fitted.steps_tried, fit=fitted.fit,
                          prints=_pages_printing(edition, report), warnings=warnings)
    # The previews are the very images whose QR codes were decoded; they are not sent back
    # from a worker process. A failed document's are always made, to show where it fails.
    previews = [png_bytes(page.image) for page in report.pages
                if page.image and (writes_previews(edition) or not built.ok)]
    for page in report.pages:  # what each page prints is in built.prints: the main process holds a
        page.image, page.text, page.printed, page.lines, page.codes = None, "", [], [], []  # thousand of these
    if not built.ok:
        built.failed_previews = previews  # to show where it fails (respack serve)
        built.code_places = dict(fitted.code_places)
        return built
    built.outputs.append((relative, rendered.pdf, len(report.pages)))
    built.outputs += [(relative.with_name(f"{relative.stem}-{n}.png"), png, None) for n, png in enumerate(previews, 1)]
    built.outputs += extra
    return built


@dataclass
class PrintShopFiles:
    """A document's print shop's file and its job sheet, checked (the report of the print file)."""

    report: Report
    problems: list[Finding]  # the print file's, named by its file
    outputs: list[tuple[Path, bytes, int | None]]
    warnings: list[Finding]  # what its preflight only warns of


def print_shop_files(edition: Edition, finishing: Finishing, step: Step | None, words: Sequence[str]
                     ) -> PrintShopFiles:
    """The print shop's file of a document, laid out at its office file's step, checked as the
    office file is (codes, numbers, engine: the numbers its office file's words allow),
    preflighted for its PDF/X variant, with no link."""
    from generator.check.findings import Finding, Kind
    from generator.check.links import read_links, unlinked_problems
    from generator.check.numbers import known_numbers
    from generator.check.pdfcheck import check_pdf
    from generator.check.preflight import preflight
    from generator.render.context import BLEED_MM

    printed = render_fitted(edition, print_shop=True, pdf_variant=finishing.pdf_variant, step=step).rendered
    known = known_numbers([c.display for c in edition.pack.country.contacts if c.display], words)
    report = check_pdf(printed.pdf, edition.layout, printed.payloads, printed.numbers, known,
                       copies=printed.copies, grey=True)
    name = print_file_name(edition.format, finishing.pdf_variant)
    warnings: list[Finding] = []
    problems = [p.in_file(name) for p in [
        *report.problems, *(Finding(Kind.ENGINE, warned) for warned in printed.engine_problems),
        *preflight(printed.pdf, finishing.pdf_variant or PRINT_SHOP_VARIANT, warnings),
        *unlinked_problems(read_links(printed.pdf))]]
    relative = pdf_name(edition)
    outputs: list[tuple[Path, bytes, int | None]] = [
        (relative.with_name(name), printed.pdf, len(report.pages)),
        (relative.with_name(job_sheet_name(name)),
         job_sheet(edition, name, finishing.pdf_variant, len(report.pages), BLEED_MM).encode(), None)]
    return PrintShopFiles(report, problems, outputs, [w.in_file(name) for w in warnings])


def print_shop_files_alone(edition: Edition, finishing: Finishing, office: Office) -> BuiltDocument:
    """A document whose office files are made and up to date: its print shop's files alone, at
    the office file's step, checked as strictly as with them, and printing each page's numbers
    and QR codes as the office file does (as the manifest records the check read them)."""
    from generator.check.findings import Finding, Kind
    from generator.render.document import office_words

    step = next(step for step in edition.layout.steps if step.name == office.step)
    printed = print_shop_files(edition, finishing, step, office_words(edition, step))
    report = printed.report
    report.problems = printed.problems
    prints = _pages_printing(edition, report)
    if prints != office.prints:
        kind = Kind.QR_STRAY if [p.codes for p in prints] != [p.codes for p in office.prints] else Kind.NUMBER_MISSING
        report.problems.append(Finding(kind, f"the print shop's file prints {_said(prints)}, its office file "
                                       f"{_said(office.prints)}: build again with --force").in_file(
            print_file_name(edition.format, finishing.pdf_variant)))
    built = BuiltDocument(edition=edition, report=report, step=office.step, prints=office.prints,
                          warnings=printed.warnings)
    for page in report.pages:  # as build_document's: the main process holds none of this
        page.image, page.text, page.printed, page.lines, page.codes = None, "", [], [], []
    if built.ok:
        built.outputs += printed.outputs
    return built


def _pages_printing(edition: Edition, report: Report) -> tuple[PagePrints, ...]:
    return pages_printing([page.printed for page in report.pages], [page.payloads for page in report.pages],
                          [c.display for c in edition.pack.country.contacts if c.display])


def _said(prints: Sequence[PagePrints]) -> str:
    return "; ".join(f"page {p.page}: {', '.join((*p.numbers, *p.codes))}" for p in prints) or "nothing"


class Listener:
    """What a build says as it goes: the command line shows it; a library caller may ignore it."""

    def warnings(self, problems: list[Problem]) -> None:
        """Warnings about the content, before anything is rendered."""

    def planned(self, editions: list[Edition]) -> None:
        """The documents the build will make (or find unchanged)."""

    def rendering(self, documents: int) -> None:
        """The documents found unchanged are said (built); these others are rendered now."""

    def built(self, document: BuiltDocument) -> None:
        """One document made, or found unchanged."""

    def waiting(self, folder: Path, holder: int | None) -> None:
        """Another build (process holder, when known) is writing into folder: this one waits for it."""


@dataclass
class BuildResult:
    packs: list[Pack]
    warnings: list[Problem]  # about the content; an error stops the build before anything is rendered
    documents: list[BuiltDocument]

    @property
    def failed(self) -> list[BuiltDocument]:
        """The documents that failed their check: not written, their previous files unchanged."""
        return [document for document in self.documents if not document.ok]


def build(packs: Sequence[str] = (), languages: Sequence[str] = (), formats: Sequence[str] = (),
          out_dir: Path = Path("output"), *, today: date | None = None, release: bool = False,
          force: bool = False, finishing: Finishing = Finishing(), jobs: int = 1,
          workers: Workers | None = None, listener: Listener = Listener(), clean: bool = False) -> BuildResult:
    """Load the packs (names of bundled packs or paths to pack files; every bundled pack if
    none), validate them, plan their editions, render, check and write them into out_dir.

    A problem in the content raises RespackError, and nothing is written. A document that
    fails its check is in the result's `failed`, and is not written either. Each pack's
    manifest records every document the pack makes (`respack where` tells the others apart as
    older files); clean: remove those older files.
    """
    loaded = load_packs(packs)
    problems = validated(loaded, today or date.today(), release)
    listener.warnings([p for p in problems if p.severity is Severity.WARNING])
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise RespackError(errors)
    editions = plan_editions(loaded, languages, formats)
    listener.planned(editions)
    every = plan_editions(loaded) if languages or formats else editions
    documents = build_editions(editions, out_dir, listener, jobs=jobs, force=force, finishing=finishing,
                               workers=workers, makes=documents_made(every, finishing), clean=clean)
    return BuildResult(packs=loaded, warnings=[p for p in problems if p.severity is Severity.WARNING],
                       documents=documents)


def validated(packs: Sequence[Pack], today: date, release: bool = False) -> list[Problem]:
    """validate_packs(), each pack validated only when what it is validated from changed since
    it last passed on this machine; else its warnings are said again (generator.write.cache)."""
    problems: list[Problem] = []
    for pack in packs:
        key = validation_key(pack, today, release)
        kept = kept_warnings(key)
        if kept is None:
            from generator.packs.validate import pack_problems  # not in render workers, which import this module

            kept = pack_problems(pack, today, release)
            keep_warnings(key, kept)
        problems += kept
    return in_order(problems)


def documents_made(editions: Sequence[Edition], finishing: Finishing = Finishing()) -> dict[str, set[str]]:
    """Per pack, the PDFs its editions make, and the print shop's sheets of its sites' cards
    (and with finishing.print_shop, the file of their print-shop cards)."""
    made: dict[str, set[str]] = {}
    for edition in editions:
        names = made.setdefault(edition.pack.name, set())
        names.add(pdf_name(edition).as_posix())
        if edition.site is not None and edition.layout.options.sheet:
            names.add(rollout_path(edition.language, edition.format).as_posix())
            if finishing.print_shop:
                names.add(print_rollout_path(edition.language, edition.format, finishing.pdf_variant).as_posix())
                names.add(print_rollout_job_path(edition.language, edition.format, finishing.pdf_variant).as_posix())
    return made


def build_editions(editions: Sequence[Edition], out_dir: Path, listener: Listener = Listener(),
                   jobs: int = 1, force: bool = False, finishing: Finishing = Finishing(),
                   workers: Workers | None = None, makes: Mapping[str, set[str]] | None = None,
                   clean: bool = False) -> list[BuiltDocument]:
    """Render, check and write editions already planned into out_dir (build()'s last stages);
    the result is in the order of editions.

    jobs: processes that render at once (1: in this process), unless workers, kept from an
    earlier build, are given. force: rebuild every document, even those whose inputs are
    unchanged. If a document raises, nothing is written. Each pack's folder is this build's
    until it returns: another build into it waits (and says so: listener.waiting). makes and
    clean: see build().
    """
    packs = {e.pack.name: e.pack for e in editions}
    with ExitStack() as held:
        for name in sorted(packs):  # in one order, so two builds of several packs cannot wait for each other
            held.enter_context(claim(out_dir / name, listener.waiting))
        return _build_claimed(editions, out_dir, packs, listener, jobs, force, finishing, workers, makes or {}, clean)


def _build_claimed(editions: Sequence[Edition], out_dir: Path, packs: dict[str, Pack], listener: Listener,
                   jobs: int, force: bool, finishing: Finishing, workers: Workers | None,
                   makes: Mapping[str, set[str]], clean: bool) -> list[BuiltDocument]:
    """build_editions, with the packs' folders held."""
    manifests = {name: Manifest.read(out_dir / name) for name in packs}
    done: dict[int, BuiltDocument] = {}
    todo: list[tuple[int, Edition, str, str, list[WrittenFile]]] = []  # ..., office key, office files kept
    tasks: list[tuple[Edition, Finishing]] = []
    layouts: dict[tuple[Path, ...], object] = {}  # walked once for every edition of this build
    for index, edition in enumerate(editions):
        key = document_key(edition, str(finishing), layouts)
        manifest, pdf = manifests[edition.pack.name], pdf_name(edition).as_posix()
        kept = None if force else manifest.up_to_date(out_dir / edition.pack.name, pdf, key)
        if kept is None:
            office_key = document_key(edition, str(Finishing()), layouts) if finishing.print_shop else key
            office = None if force or not finishing.print_shop else \
                _office_kept(manifest, out_dir / edition.pack.name, edition, office_key)
            todo.append((index, edition, key, office_key, office[1] if office else []))
            tasks.append((edition, replace(finishing, office=office[0]) if office else finishing))
            continue
        files = [WrittenFile(Path(e.path), e.size, e.sha256, e.pages) for e in kept]
        done[index] = BuiltDocument(edition=edition, report=None, files=files, key=key, unchanged=True,
                                    prints=manifest.documents[pdf].prints)
        listener.built(done[index])
    if tasks:
        listener.rendering(len(tasks))
    rollouts: list[tuple[str, DocumentEntry, StagedFile | None]] = []
    alike: dict[object, object] = {}  # what the documents print alike, kept once (BuiltDocument.let_go)
    pack_dirs = {name: out_dir / name for name in packs}  # one path each, shared by every staged file
    try:
        with nullcontext(workers) if workers else Workers(jobs) as running:
            for index, document in running.build_all(tasks):
                position, edition, key, office_key, office_files = todo[index]
                document.edition, document.key = edition, key  # the edition of this process, not a copy
                document.office_key, document.files = office_key, list(office_files)
                done[position] = document
                for path, data, pages in document.outputs:
                    document.staged.append(stage_file(pack_dirs[edition.pack.name], path, data, pages))
                document.outputs = []
                listener.built(document)
                document.let_go(alike)
            built = [done[index] for index in sorted(done)]
            # The print shop's sheets of every site, made by the workers, ten cards a task.
            rollouts = stage_rollouts(_site_cards(built, out_dir, finishing), out_dir, manifests, force,
                                      running.make_sheets, print_variant=finishing.pdf_variant or PRINT_SHOP_VARIANT
                                      if finishing.print_shop else "")
        # Only once every document is rendered and checked does a file take its name: a build
        # that crashes or is interrupted before this point leaves the previous outputs untouched.
        for name, pack in packs.items():
            _land(out_dir / name, pack, manifests[name], [b for b in built if b.edition.pack.name == name],
                  [(entry, staged) for of_pack, entry, staged in rollouts if of_pack == name and staged],
                  makes.get(name), clean)
    except BaseException:
        for document in done.values():
            for file in document.staged:
                file.discard()  # a file a journal names is left to land
        for _, _, staged in rollouts:
            if staged:
                staged.discard()
        raise
    return built


def _office_kept(manifest: Manifest, pack_dir: Path, edition: Edition, office_key: str
                 ) -> tuple[Office, list[WrittenFile]] | None:
    """The document's office files (its PDF, previews and card sheet), if the manifest says an
    earlier build made them under office_key, at a step its format still has, and each is on
    disk as it records: a print shop's files are then made alone."""
    record = manifest.documents.get(pdf_name(edition).as_posix())
    if record is None or not record.office_key or record.office_key != office_key or record.path not in record.files \
            or record.step not in {step.name for step in edition.layout.steps}:
        return None
    kept = manifest.on_disk(pack_dir, [name for name in record.files if not is_print_file(name, edition.format)])
    if kept is None:
        return None
    return (Office(record.step, record.prints),
            [WrittenFile(Path(entry.path), entry.size, entry.sha256, entry.pages) for entry in kept])


def _site_cards(documents: Sequence[BuiltDocument], out_dir: Path, finishing: Finishing = Finishing()
                ) -> list[SiteCard]:
    """The sites' cards of formats printed ten to a sheet, for the print shop's files of every
    site (finishing.print_shop: with each card's print-shop file, of its variant)."""
    cards = []
    for document in documents:
        edition = document.edition
        if edition.site is None or not edition.layout.options.sheet:
            continue
        cards.append(SiteCard(edition, document.key, document.prints, document.ok,
                              _card_file(document, out_dir, f"{edition.format}.pdf"),
                              _card_file(document, out_dir, print_file_name(edition.format, finishing.pdf_variant))
                              if finishing.print_shop else None))
    return cards


def _card_file(document: BuiltDocument, out_dir: Path, name: str) -> Path:
    """A file of a site's card: staged under a temporary name, or in place when unchanged."""
    staged = next((f for f in document.staged if f.path.name == name), None)
    return (staged.temporary or staged.path) if staged else out_dir / document.edition.relative_path.with_name(name)


def _land(pack_dir: Path, pack: Pack, manifest: Manifest, built: list[BuiltDocument],
          sheets: Sequence[tuple[DocumentEntry, StagedFile]] = (), makes: set[str] | None = None,
          clean: bool = False) -> None:
    """Land the files this build staged in the pack's folder with its manifest; drop the files
    its documents no longer have, and with clean, the documents the pack no longer makes.
    sheets: the rollout sheets it staged (generator.write.rollout)."""
    written = [b for b in built if b.staged]
    documents = [entry for entry, _ in sheets]
    removals: list[str] = []
    if clean and makes is not None:
        removals += [file for path, entry in manifest.documents.items() if path not in makes for file in entry.files]
    for document in written:
        document.files += [file.written for file in document.staged]
        pdf = pdf_name(document.edition).as_posix()
        files = tuple(f.path.as_posix() for f in document.files)
        previous = manifest.documents.get(pdf)
        files += other_variants(previous.files if previous else (), files, document.edition.format)
        removals += stale_files(previous, files)
        documents.append(DocumentEntry(path=pdf, key=document.key, files=files, prints=document.prints,
                                       step=document.step, office_key=document.office_key))
    staged = [file for b in written for file in b.staged] + [file for _, file in sheets]
    manifest_file = stage_writing(pack_dir, Path(MANIFEST), lambda output: write_manifest(
        output, pack_dir, pack.name, pack.country.version, [file.written for file in staged], documents, removals,
        pack.country.code, sorted(makes) if makes is not None else None))
    # A build with nothing to land records what the pack makes now, unless a document failed:
    # a failed build changes nothing that was there. A manifest with nothing new to say is left
    # as it is (stage_writing found it holds these bytes already).
    changed = manifest_file.temporary is not None
    if staged or removals or (changed and all(b.ok for b in built)):
        try:
            land(pack_dir, [*staged, manifest_file], removals)
        except BaseException:
            manifest_file.discard()
            raise
    else:
        manifest_file.discard()
    for document in written:
        document.staged = []


class Superseded(Exception):
    """A build given up for a newer one (Workers.stale): its documents were not written."""


class Workers:
    """The processes that render documents: started at the first build that needs them, and
    kept for the next builds of the same command (`respack build --watch`), whose documents
    then start at once, with imports, fonts and templates already loaded.

    jobs: processes that render at once; 1 renders in this process, unless processes (`respack
    serve`: a stop then ends a render at once, and PDFium runs in no thread of the server).
    first: the documents to render before the others, asked again each time a worker is free
    (the preview's chosen site changes while it builds). stale: whether a newer build is wanted;
    then the documents not yet started are not, and build_all raises Superseded.
    """

    def __init__(self, jobs: int = 1, processes: bool = False) -> None:
        self.jobs, self.processes = jobs, processes
        self.first: Callable[[Edition], bool] = lambda edition: False
        self.stale: Callable[[], bool] = lambda: False
        self._pool: ProcessPoolExecutor | None = None
        self._warm: dict[int, set[tuple[object, ...]]] = {}  # by process id: the formats each worker rendered

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._warm = {}

    def stop(self) -> None:
        """End the worker processes now, from any thread: a build in progress raises BrokenExecutor."""
        pool = self._pool
        if pool is not None:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                if process.is_alive():
                    process.terminate()  # SIGTERM: stop_now removes the half-written file
            pool.shutdown(wait=False, cancel_futures=True)

    def build_all(self, tasks: list[tuple[Edition, Finishing]]) -> Iterator[tuple[int, BuiltDocument]]:
        """(index of the task, its document) as each is done. A rollout's cards go to a worker
        a batch at a time (build_cards), laid out together; a document wanted first goes alone;
        a worker is given the documents of the formats it has rendered before others (_next)."""
        # The longest first, so a small card, not a leaflet, is what the last worker waits for.
        waiting = sorted(task_batches(tasks, self.jobs), key=lambda batch: _render_cost(tasks[batch[0]][0], len(batch)),
                         reverse=True)
        if not self.processes and (self.jobs <= 1 or (len(waiting) <= 1 and self._pool is None)):
            while waiting:
                batch = self._next(waiting, tasks)
                if self.stale():
                    raise Superseded
                yield from zip(batch, _build_batch([tasks[index] for index in batch]))
            return
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, wait

        pool = self._start()
        running: dict[Future[list[BuiltDocument]], list[int]] = {}
        error: BaseException | None = None
        freed: list[int] = []  # the workers free now, by process id, known from what they sent back
        given: set[tuple[object, ...]] = set()  # the formats some worker has been given
        arrived: list[tuple[list[int], list[BuiltDocument]]] = []
        try:
            while waiting or running or arrived:
                # A free worker is given its next batch before the documents that came back are
                # written, so it waits only for the choice: a batch of a format it has rendered.
                while waiting and len(running) < self.jobs and not self.stale():
                    worker = freed.pop(0) if freed else 0
                    batch = self._next(waiting, tasks, self._warm.get(worker, set()), given)
                    given.add(worker_affinity(tasks[batch[0]][0]))
                    with _sigint_ignored():  # workers start (at a submit) with Ctrl-C ignored, until start_worker
                        running[pool.submit(_build_batch, [tasks[index] for index in batch], True)] = batch
                for batch, documents in arrived:
                    for index, document in zip(batch, documents):
                        document.edition = tasks[index][0]  # not sent back: this process has it
                        yield index, document
                arrived = []
                if self.stale():
                    raise Superseded  # what the workers render now is done, and not read
                if not running:
                    continue
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    batch = running.pop(future)
                    try:
                        documents = future.result()
                    except Exception as raised:  # a RespackError comes back pickled, problems and all
                        if error is None:
                            error = raised  # documents already rendering finish and are recorded
                            waiting.clear()
                        continue
                    worker = documents[0].worker
                    self._warm.setdefault(worker, set()).add(worker_affinity(tasks[batch[0]][0]))
                    freed.append(worker)
                    arrived.append((batch, documents))
        except Superseded:
            raise
        except BaseException:  # Ctrl-C or SIGTERM here, or the caller stopped: stop the workers now
            for process in multiprocessing.active_children():
                process.terminate()  # SIGTERM: stop_now removes the half-written file
            self.close()
            raise
        if error is not None:
            if isinstance(error, BrokenExecutor):  # a worker died (killed, out of memory): new ones next time
                self.close()
            raise error

    def _next(self, waiting: list[list[int]], tasks: list[tuple[Edition, Finishing]],
              warm: Collection[tuple[object, ...]] = (), given: Collection[tuple[object, ...]] = ()) -> list[int]:
        """The next batch to render, taken from waiting (the longest first): a document wanted
        first, alone (the preview's chosen card is not kept waiting for nine others); else the
        first of a format the worker has rendered (warm: its stylesheets, fonts and the check's
        trusted glyphs are ready there), else of a format no worker was given yet (given), else
        the first: a worker is never kept waiting for a format of its own."""
        for position, batch in enumerate(waiting):
            wanted = next((index for index in batch if self.first(tasks[index][0])), None)
            if wanted is not None:
                rest = [index for index in batch if index != wanted]
                if rest:
                    waiting[position] = rest
                else:
                    del waiting[position]
                return [wanted]
        kinds = [worker_affinity(tasks[batch[0]][0]) for batch in waiting]
        position = next((n for n, kind in enumerate(kinds) if kind in warm),
                        next((n for n, kind in enumerate(kinds) if kind not in given), 0))
        return waiting.pop(position)

    def make_sheets(self, groups: list[list[Path]], paper: str) -> Iterator[bytes]:
        """The sheets of a rollout, in order, each made in a worker from its cards' files (in
        this process with one job): a sheet took 40 ms, and a thousand cards' sheets were
        the build's serial tail. A few are asked ahead, so the memory is that of a few sheets."""
        if self.jobs <= 1 or len(groups) <= 1:
            yield from sheets_here(groups, paper)
            return
        pool = self._start()
        ahead = 2 * self.jobs
        pending: deque[Future[bytes]] = deque()
        try:
            for group in groups:
                pending.append(pool.submit(sheet_of, group, paper))
                if len(pending) > ahead:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing  # not for a build with nothing to do
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            # spawn, not fork: the parent may run threads (the progress bar), which fork does not survive.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context, initializer=start_worker)
        return self._pool


def _render_cost(edition: Edition, documents: int = 1) -> tuple[float, int]:
    """A guess at how long a document takes to render: the paper it covers, then its pages
    (a two-page leaflet holds more text than a poster of the same paper); times the documents
    of a batch."""
    layout = edition.layout
    pages = max(layout.pages, 1)
    return layout.page_width_mm * layout.page_height_mm * pages * documents, pages


def worker_affinity(edition: Edition) -> tuple[object, ...]:
    """What a worker makes ready at its first document of a format, and keeps for the next:
    the format's stylesheets parsed and its templates loaded (per layouts search path), the
    fonts at its sizes, and the drawn check's trusted glyphs at those sizes (about 0.3 s for a
    leaflet or a poster, 0.15 s for a card): documents alike in this go to one worker."""
    return edition.format, tuple(edition.pack.layouts.dirs)


CARDS_PER_BATCH = 10  # a rollout's cards laid out together: the set-up of a document paid once for ten


def task_batches(tasks: Sequence[tuple[Edition, Finishing]], jobs: int) -> list[list[int]]:
    """The tasks' indices in batches: a rollout's cards of one pack, language and format
    together, up to CARDS_PER_BATCH (fewer when there are too few for every worker to have
    some); every other document alone."""
    batches: list[list[int]] = []
    cards: dict[tuple[str, tuple[str, ...], str], list[int]] = {}
    for index, (edition, _) in enumerate(tasks):
        if edition.site is None or len(edition.languages) != 1:
            batches.append([index])
        else:
            cards.setdefault((edition.pack.name, edition.languages, edition.format), []).append(index)
    for indices in cards.values():
        size = max(1, min(CARDS_PER_BATCH, len(indices) // max(jobs, 1)))
        batches += [indices[start:start + size] for start in range(0, len(indices), size)]
    return sorted(batches)


def _build_batch(tasks: list[tuple[Edition, Finishing]], sent: bool = False) -> list[BuiltDocument]:
    """A worker's task: one document, or a batch of cards (build_cards) of one finishing. sent:
    the documents go back to the main process without their editions, which it has (a site's
    edition, with its pack, pickles to 30 KB)."""
    try:
        documents = [build_document(*tasks[0])] if len(tasks) == 1 else build_cards(tasks)
    except Exception as raised:
        if len(tasks) > 1:  # a card of the batch failed: each alone, to fail at the card it is of
            documents = [_built_alone(task, sent) for task in tasks]
        else:
            if sent:  # the main process says where: which document of its many
                raised.add_note(f"rendering {tasks[0][0].relative_path}")
            raise
    if sent:
        for document in documents:
            document.edition = None  # type: ignore[assignment]  # build_all gives it back
            document.worker = os.getpid()
    return documents


def _built_alone(task: tuple[Edition, Finishing], sent: bool) -> BuiltDocument:
    try:
        return build_document(*task)
    except Exception as raised:
        if sent:
            raised.add_note(f"rendering {task[0].relative_path}")
        raise


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Processes started inside inherit an ignored SIGINT: a Ctrl-C while a worker is still
    importing would print its traceback. Only the main thread may change signal handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def start_worker() -> None:
    """Runs once in each worker process: imports and fonts are paid once, not per document.

    On Ctrl-C or SIGTERM, or when the main process dies, the worker stops at once and removes
    the file it was half-way through writing; it never takes another document.
    """
    import multiprocessing

    signal.signal(signal.SIGINT, stop_now)
    signal.signal(signal.SIGTERM, stop_now)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with_parent, args=(parent.sentinel,), daemon=True).start()
    from generator.check import pdfcheck  # noqa: F401  (imported for their start-up cost)
    from generator.render import document  # noqa: F401
    from generator.render.fonts import print_fonts

    print_fonts()
    # When the pool is done with it, the worker ends without tearing its interpreter down:
    # freeing WeasyPrint's objects one by one took half a second, and the build waits for it.
    atexit.register(os._exit, 0)


def stop_now(number: int, frame: object) -> None:
    """On a stop signal: remove the half-written file and exit at once. Not by raising an
    exception: one raised inside a callback of WeasyPrint's C libraries would be swallowed."""
    abandon_writes()
    os._exit(128 + number)


def _end_with_parent(sentinel: int, grace_s: float = 2.0) -> None:
    """A worker whose build was killed stops too, instead of rendering on for nobody."""
    import multiprocessing.connection

    multiprocessing.connection.wait([sentinel])
    os.kill(os.getpid(), signal.SIGTERM)  # stop_now, in the main thread
    time.sleep(grace_s)
    os._exit(1)


def default_jobs() -> int:
    return os.cpu_count() or 1


def plan(names: Sequence[str], languages: Sequence[str], formats: Sequence[str]) -> list[Edition]:
    return plan_editions(load_packs(names), languages, formats)
