"""The whole build, stage after stage: load → plan → render → check → write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.check import Report, check_pdf, rasterise
from generator.errors import Problem, RespackError
from generator.load import load_packs
from generator.model import Edition, Pack
from generator.plan import plan_editions
from generator.render import render_document
from generator.write import WrittenFile, png_bytes, write_file, write_manifest

PREVIEW_LONG_SIDE_PX = 1600
PREVIEW_MAX_DPI = 300


@dataclass
class BuiltDocument:
    edition: Edition
    report: Report
    files: list[WrittenFile] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.report.problems


def preview_dpi(edition: Edition) -> float:
    long_side_inches = max(edition.layout.page_width_mm, edition.layout.page_height_mm) / 25.4
    return min(PREVIEW_MAX_DPI, PREVIEW_LONG_SIDE_PX / long_side_inches)


def build_document(edition: Edition, pack_dir: Path) -> BuiltDocument:
    """Render, check, and only if the check passes, write the PDF and its previews."""
    rendered = render_document(edition)
    report = check_pdf(rendered.pdf, edition.layout, rendered.payloads, set(rendered.numbers))
    report.problems.extend(rendered.fit_problems)
    built = BuiltDocument(edition=edition, report=report)
    if not built.ok:
        return built
    relative = edition.relative_path.relative_to(edition.pack.name)
    built.files.append(write_file(pack_dir, relative, rendered.pdf, pages=len(report.pages)))
    for number, image in enumerate(rasterise(rendered.pdf, preview_dpi(edition)), 1):
        built.files.append(write_file(pack_dir, relative.with_name(f"{relative.stem}-{number}.png"),
                                      png_bytes(image)))
    return built


def build(editions: Sequence[Edition], out_dir: Path,
          progress: Callable[[Edition], None] = lambda edition: None) -> list[BuiltDocument]:
    built: list[BuiltDocument] = []
    for edition in editions:
        built.append(build_document(edition, out_dir / edition.pack.name))
        progress(edition)
    for pack in {e.pack.name: e.pack for e in editions}.values():
        written = [f for b in built if b.edition.pack is pack for f in b.files]
        if written:
            write_manifest(out_dir / pack.name, pack.name, pack.country.version, written)
    return built


def plan(names: Sequence[str], languages: Sequence[str], formats: Sequence[str]) -> list[Edition]:
    return plan_editions(load_packs(names), languages, formats)
