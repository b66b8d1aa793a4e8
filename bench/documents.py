"""One document at a time, in this process, warm: each format, the step it fits at, each
script, and the font subsetters."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from measure import KB, PACK, ROOT
from report import heading, line, record


def one_document_warm(work: Path, runs: int) -> None:
    """Each format: rendering alone (HTML to PDF), then the whole of a document's build:
    rendering, the check (rasterise, decode, extract), the previews and the card sheet."""
    sys.path.insert(0, str(ROOT))  # the generator of this tree
    from generator.pipeline import build_document, plan, render_fitted

    editions = plan((PACK,), ("en",), ())
    for edition in editions:  # imports, fonts, compiled templates, first-use caches
        build_document(edition)
    heading("One document, warm process (English); min / median / max")
    for name, make in (("render", render_fitted), ("render + check + previews", build_document)):
        every: list[float] = []
        for edition in editions:
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                make(edition)
                times.append(time.perf_counter() - start)
            every += times
            line(f"{name}: {edition.format}", times, "s")
        line(f"{name}: all formats", every, "s", "target ≤ 0.25 s (median)")


def steps_taken() -> None:
    """Which step of its format each bundled document is laid out at, and how many renders
    finding it took: a step that does not fit costs a render, so the first should fit."""
    sys.path.insert(0, str(ROOT))
    from generator.pipeline import plan, render_fitted

    heading("Steps: each bundled document, the step it fits at (renders tried)")
    taken: dict[str, int] = {}
    for edition in plan((), (), ()):
        fitted = render_fitted(edition)
        name = fitted.rendered.step.name if fitted.rendered.step else "?"
        print(f"  {edition.relative_path}: {name} ({fitted.steps_tried})")
        taken[name] = taken.get(name, 0) + 1
    print("  " + ", ".join(f"{count} at {name}" for name, count in taken.items()))


# A language of each script, and the shape of its content: the bundled packs for Latin, Cyrillic
# and Armenian, the tests' content (tests/fixtures/scripts) for Georgian, Hebrew and Arabic.
SCRIPT_LANGUAGES = (("Latin", "en"), ("Cyrillic", "kk"), ("Armenian", "hy"), ("Georgian", "ka"),
                    ("Hebrew", "he"), ("Arabic", "ar"))


def per_script(work: Path, runs: int) -> None:
    """One document per script, warm: the wallet card and the leaflet with two emergency numbers
    and two services, each built whole (render, check, previews); its PDF's size. What a script
    costs: its font's glyphs to lay out, shape and subset, and, right to left, the bidi runs."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    from generator.packs.load import load_packs
    from generator.packs.plan import plan_editions
    from generator.pipeline import build_document, plan
    from shapes import Shape, write_pack  # fictional numbers, as the tests'

    heading("Per script: one document, warm, render + check + previews; median (min-max), PDF size")
    for script, language in SCRIPT_LANGUAGES:
        formats = ["wallet-card", "leaflet"]
        if language == "hy":
            editions = [e for e in plan(("armenia",), ("hy",), ()) if e.format in formats]
        else:
            pack = write_pack(Shape(2, (2, 1), (language,)), work / f"script-{language}", tuple(formats))
            editions = plan_editions(load_packs([str(pack)]), [language], formats)
        cells = []
        for edition in editions:
            build_document(edition)  # fonts, templates, first-use caches
            times, cpus, size = [], [], 0
            for _ in range(runs):
                start, cpu = time.perf_counter(), time.process_time()
                built = build_document(edition)
                times.append(time.perf_counter() - start)
                cpus.append(time.process_time() - cpu)  # on a loaded machine, what the build itself costs
                size = len(built.outputs[0][1]) if built.outputs else 0
            median = statistics.median(times)
            was = record(f"{script} ({language}) {edition.format}", median, "s")
            cells.append(f"{edition.format} {median:.3f} s ({min(times):.3f}-{max(times):.3f})"
                         f"{' ' + was if was else ''}, "
                         f"CPU {statistics.median(cpus):.3f} s, {size // KB} KB")
        print(f"  {script} ({language}): " + "; ".join(cells))


def font_subsetting(runs: int) -> None:
    """Writing one PDF (the English leaflet, laid out once) with each font and subsetter.

    WeasyPrint subsets every embedded font with HarfBuzz when libharfbuzz-subset is on the
    machine, else with fontTools, in Python. The fonts we embed are static instances made
    once (generator/render/fonts.py); the font package's variable font is what a setup without
    them would embed. Both subsetters are timed in this process: the HarfBuzz one is
    switched off by hiding it from WeasyPrint's PDF writer.
    """
    import fontpkg
    import weasyprint.pdf.fonts as pdf_fonts
    from weasyprint import HTML

    from generator.pipeline import plan
    from generator.render.document import ConfinedFetcher, render_html
    from generator.render.fonts import print_fonts

    edition = next(e for e in plan((PACK,), ("en",), ()) if e.format == "leaflet")
    fonts = print_fonts()
    static_html, _ = render_html(edition)
    variable_html = static_html
    for face in fonts.faces:
        variable_html = variable_html.replace(face.path.as_uri(), fontpkg.path(fonts.family, 400, face.style).as_uri())
    roots = [*edition.pack.layouts.dirs, fonts.faces[0].path.parent, fontpkg.path(fonts.family, 400, "normal").parent]
    base_url = edition.layout.directory.as_uri() + "/"
    heading("Font subsetting: writing the English leaflet's PDF (laid out once); min / median / max")
    harfbuzz = pdf_fonts.harfbuzz_subset
    for font_name, html in (("static fonts (what respack embeds)", static_html),
                            ("the package's variable font", variable_html)):
        for subsetter, library in (("HarfBuzz", harfbuzz), ("fontTools", None)):
            if subsetter == "HarfBuzz" and library is None:
                print(f"  {font_name}, HarfBuzz: libharfbuzz-subset is not on this machine")
                continue
            pdf_fonts.harfbuzz_subset = library
            try:
                times, size = [], 0
                for _ in range(runs):  # a document is written once: writing subsets its fonts in place
                    document = HTML(string=html, base_url=base_url,
                                    url_fetcher=ConfinedFetcher(roots, "bench")).render()
                    start = time.perf_counter()
                    size = len(document.write_pdf())
                    times.append(time.perf_counter() - start)
            finally:
                pdf_fonts.harfbuzz_subset = harfbuzz
            line(f"{font_name}, {subsetter} ({size // KB} KB)", times, "s")
