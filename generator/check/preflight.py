"""A print shop's preflight of its file: what a prepress check would refuse, found before the
file is written.

Each page's content is read back with pikepdf's content-stream parser, forms and patterns
followed, with the colour of every fill, stroke and text as it is painted:

- no RGB colour (rg, RG, or sc/scn in an RGB, Lab or ICC-based colour space) and no RGB
  image: a print shop's file is CMYK;
- no rich black on text or on lines and shapes (QR codes, rules): black ink with cyan,
  magenta or yellow beside it blurs when the plates are slightly out of register;
- at most 300 % of ink anywhere;
- PDF/X-1a: no transparency either;
- the output intent of a CMYK profile, and the PDF/X version the file says it is, true to its
  variant; every font embedded; a TrimBox and a BleedBox around it on every page;
- nothing of the finishing inside the trim, and no text or code within 3 mm of it
  (generator/check/trim.py);
- no text under 12 pt in more than one ink, or in white out of a panel of several: warned of,
  and refused where a shift of the plates by 0.1 mm makes it unreadable (registration.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pikepdf

from generator.check.findings import Finding, Kind
from generator.check.registration import IDENTITY, Fill, Matrix, apply, inks, multiply, register_problem, scale
from generator.check.trim import trim_problems
from generator.errors import Severity
from generator.render.inks import INK_LIMIT

RICH_BLACK_K = 0.8  # black ink from which cyan, magenta or yellow beside it makes a rich black
_VERSIONS = {"pdf/x-1a": "PDF/X-1a:2003", "pdf/x-3": "PDF/X-3:2003", "pdf/x-4": "PDF/X-4"}
_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
_FILLS = {"f", "F", "f*", "B", "B*", "b", "b*"}
_STROKES = {"S", "s", "B", "B*", "b", "b*"}
_CMYK_SPACES = {"/DeviceCMYK", "/DeviceGray", "/Separation", "/DeviceN", "/Pattern"}
_MOST_PROBLEMS = 12  # of one file: the first say what is wrong, and where


@dataclass
class _Paint:
    """The graphic state's colours, as the operators set them."""

    fill_space: str = "/DeviceGray"
    stroke_space: str = "/DeviceGray"
    fill: tuple[float, ...] = (0.0,)
    stroke: tuple[float, ...] = (0.0,)
    ctm: Matrix = IDENTITY  # user space to the page's
    font_size: float = 0.0  # as Tf set it, in text space

    def copy(self) -> _Paint:
        return _Paint(self.fill_space, self.stroke_space, self.fill, self.stroke, self.ctm, self.font_size)


@dataclass
class _Findings:
    """What one file's pages showed, each problem once with the first page it is on."""

    x1a: bool
    problems: dict[tuple[Kind, str], int] = field(default_factory=dict)
    warnings: dict[tuple[Kind, str], int] = field(default_factory=dict)
    fills: list[Fill] = field(default_factory=list)  # of the page being read, in the order painted

    def add(self, page: int, kind: Kind, problem: str) -> None:
        self.problems.setdefault((kind, problem), page)

    def warn(self, page: int, kind: Kind, warning: str) -> None:
        self.warnings.setdefault((kind, warning), page)

    def found(self, warnings: bool = False) -> list[Finding]:
        """The first dozen, each on its page, and how many more."""
        severity = Severity.WARNING if warnings else Severity.ERROR
        found_on = [Finding(kind, problem, severity, page=page)
                    for (kind, problem), page in (self.warnings if warnings else self.problems).items()]
        more = len(found_on) - _MOST_PROBLEMS
        return found_on[:_MOST_PROBLEMS] + ([Finding(Kind.MORE, f"and {more} more of these", severity)]
                                            if more > 0 else [])


def preflight(pdf: bytes, variant: str, warnings: list[Finding] | None = None) -> list[Finding]:
    """Why a print shop's preflight would refuse the file, each saying where (empty: nothing);
    what it would only warn of is added to warnings."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        problems = _document_problems(document, variant)
        findings = _Findings(x1a=variant == "pdf/x-1a")
        for number, page in enumerate(document.pages, 1):
            problems += [Finding(Kind.BOXES, problem, page=number) for problem in _box_problems(page)]
            findings.fills = []
            _walk(page, page.Resources, number, findings, _Paint(), set())
            if findings.x1a and "/Group" in page.obj:
                findings.add(number, Kind.TRANSPARENCY, "a transparency group, which PDF/X-1a does not allow")
        problems += _font_problems(document)
    if warnings is not None:
        warnings += findings.found(warnings=True)
    return problems + findings.found() + trim_problems(pdf)


def _document_problems(document: pikepdf.Pdf, variant: str) -> list[Finding]:
    """The output intent and the PDF/X version the file claims."""
    problems = []
    intents = document.Root.get("/OutputIntents", pikepdf.Array())
    intent = next((i for i in intents if i.get("/S") == "/GTS_PDFX"), None)
    if intent is None:
        problems.append(Finding(Kind.OUTPUT_INTENT, "no PDF/X output intent (OutputIntents with S /GTS_PDFX)"))
    else:
        profile = intent.get("/DestOutputProfile")
        if profile is None or int(profile.get("/N", 0)) != 4:
            problems.append(Finding(Kind.OUTPUT_INTENT, "the output intent's profile is not a CMYK profile"))
        if not str(intent.get("/OutputConditionIdentifier", "")).strip():
            problems.append(Finding(Kind.OUTPUT_INTENT, "the output intent names no output condition "
                                    "(OutputConditionIdentifier)"))
    expected = _VERSIONS[variant]
    claimed = pdfx_version(document)
    if claimed != expected:
        problems.append(Finding(Kind.PDFX_VERSION,
                                f"the file says it is {claimed}; expected {expected} (GTS_PDFXVersion)" if claimed
                                else f"the file names no PDF/X version; expected {expected} (GTS_PDFXVersion)"))
    return problems


def pdfx_version(document: pikepdf.Pdf) -> str:
    """GTS_PDFXVersion: in the document information (PDF/X-1a and X-3), else in the XMP metadata (X-4)."""
    version = document.docinfo.get("/GTS_PDFXVersion") if "/Info" in document.trailer else None
    if version is not None:
        return str(version)
    return str(document.open_metadata().get("pdfxid:GTS_PDFXVersion", ""))


def _box_problems(page: pikepdf.Page) -> list[str]:
    """A TrimBox, and a BleedBox around it within the media."""
    if "/TrimBox" not in page.obj or "/BleedBox" not in page.obj:
        return [f"no {'TrimBox' if '/TrimBox' not in page.obj else 'BleedBox'}"]
    trim, bleed, media = (tuple(float(v) for v in box) for box in (page.TrimBox, page.BleedBox, page.MediaBox))
    if not (_inside(trim, bleed) and _inside(bleed, media)):
        return [f"the BleedBox {_box(bleed)} does not hold the TrimBox {_box(trim)} within the MediaBox {_box(media)}"]
    return []


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _box(box: tuple[float, ...]) -> str:
    return "[" + " ".join(f"{v:.1f}" for v in box) + "]"


def _font_problems(document: pikepdf.Pdf) -> list[Finding]:
    """Every font of every page embedded (a Type 3 font is drawn by the file itself)."""
    missing = set()
    for page in document.pages:
        for font in _fonts(page.Resources):
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type3":
                continue
            if descriptor is None or not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont", "a font")).lstrip("/"))
    return [Finding(Kind.FONT_NOT_EMBEDDED, f"font {name} is not embedded") for name in sorted(missing)]


def _fonts(resources: pikepdf.Object) -> Iterator[pikepdf.Object]:
    for font in (resources.get("/Font") or pikepdf.Dictionary()).values():
        if font.get("/Subtype") == "/Type0":
            yield from font.get("/DescendantFonts", [])
        else:
            yield font


def _space_name(space: object, resources: pikepdf.Object) -> str:
    """A colour space as a family name (/DeviceCMYK, /DeviceRGB, /ICCBased-3 ...)."""
    if isinstance(space, pikepdf.Name):
        if str(space) in ("/DeviceCMYK", "/DeviceRGB", "/DeviceGray", "/Pattern"):
            return str(space)
        named = _named(resources, "/ColorSpace", space)
        return _space_name(named, resources) if named is not None else str(space)
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family == "/ICCBased":
            return f"/ICCBased-{int(space[1].get('/N', 0))}"
        if family == "/Indexed":
            return _space_name(space[1], resources)
        return family
    return str(space)


def _named(resources: pikepdf.Object, kind: str, name: object) -> pikepdf.Object | None:
    """A resource by its kind (/XObject, /Pattern, /ExtGState ...) and name; None: the resources have none."""
    of_kind = resources.get(kind)
    return of_kind.get(str(name)) if of_kind is not None else None


def _rgb_space(space: str) -> bool:
    return space not in _CMYK_SPACES and space != "/ICCBased-4" and space != "/ICCBased-1"


def _walk(content: pikepdf.Object | pikepdf.Page, resources: pikepdf.Object, page: int, findings: _Findings,
          paint: _Paint, seen: set[tuple[int, int]]) -> None:
    """Every operator of a content stream (a page's, a form's, a pattern's), forms followed."""
    if not content:
        return
    stack: list[_Paint] = []
    in_text = False
    text_matrix = line_matrix = IDENTITY
    leading = 0.0
    path: list[tuple[float, float]] = []  # the points of the path being built, on the page
    for instruction in pikepdf.parse_content_stream(content):
        operands, op = instruction.operands, str(instruction.operator)
        values = tuple(float(v) for v in operands if _is_number(v))
        if op in _PATH_POINTS:
            path += [apply(paint.ctm, x, y) for x, y in _PATH_POINTS[op](values)]
        elif op == "cm" and len(values) == 6:
            paint.ctm = multiply(values, paint.ctm)
        elif op == "Tf" and values:
            paint.font_size = values[-1]
        elif op in ("Tm", "Td", "TD", "T*", "TL", "'", '"'):
            text_matrix, line_matrix, leading = _text_position(op, values, line_matrix, leading, text_matrix)
        if op == "q":
            stack.append(paint.copy())
        elif op == "Q" and stack:
            paint = stack.pop()
        elif op in ("rg", "RG"):
            _set(paint, op.isupper(), "/DeviceRGB", values)
        elif op in ("k", "K"):
            _set(paint, op.isupper(), "/DeviceCMYK", values)
        elif op in ("g", "G"):
            _set(paint, op.isupper(), "/DeviceGray", values)
        elif op in ("cs", "CS"):
            _set(paint, op.isupper(), _space_name(operands[0], resources), ())
        elif op in ("sc", "scn", "SC", "SCN"):
            stroke = op.isupper()
            space = paint.stroke_space if stroke else paint.fill_space
            _set(paint, stroke, space, values)
            if isinstance(operands[-1], pikepdf.Name) if operands else False:
                _walk_pattern(operands[-1], resources, page, findings, seen)
        elif op == "BT":
            in_text = True
            text_matrix = line_matrix = IDENTITY
        elif op == "ET":
            in_text = False
        elif op in _TEXT_SHOWING and in_text:
            _check_paint(findings, page, paint.fill_space, paint.fill, "text")
            _check_register(findings, page, paint, text_matrix)
        elif op in _FILLS or op in _STROKES:
            if op in _FILLS:
                _check_paint(findings, page, paint.fill_space, paint.fill, "a shape")
                if path:
                    xs, ys = [x for x, _ in path], [y for _, y in path]
                    findings.fills.append(Fill((min(xs), min(ys), max(xs), max(ys)),
                                               inks(paint.fill_space, paint.fill)))
            if op in _STROKES:
                _check_paint(findings, page, paint.stroke_space, paint.stroke, "a line")
            path = []
        elif op == "n":
            path = []
        elif op == "gs" and findings.x1a:
            state = _named(resources, "/ExtGState", operands[0])
            if state is not None and _transparent(state):
                findings.add(page, Kind.TRANSPARENCY, f"transparency ({str(operands[0])} gs), which PDF/X-1a does "
                             "not allow")
        elif op == "sh":
            shading = _named(resources, "/Shading", operands[0])
            if shading is not None:
                _check_space(findings, page, _space_name(shading.get("/ColorSpace"), resources), "a gradient")
        elif op == "Do":
            _walk_xobject(operands[0], resources, page, findings, paint, seen)
        elif op == "INLINE IMAGE":
            inline = operands[0].obj.get("/ColorSpace")
            _check_space(findings, page, _space_name(inline, resources), "an inline image")


_PATH_POINTS = {
    "m": lambda v: [v[0:2]], "l": lambda v: [v[0:2]], "c": lambda v: [v[0:2], v[2:4], v[4:6]],
    "v": lambda v: [v[0:2], v[2:4]], "y": lambda v: [v[0:2], v[2:4]],
    "re": lambda v: [(v[0], v[1]), (v[0] + v[2], v[1] + v[3])] if len(v) == 4 else [],
}


def _text_position(op: str, values: tuple[float, ...], line: Matrix, leading: float, text: Matrix
                   ) -> tuple[Matrix, Matrix, float]:
    """The text and line matrices (and the leading) after a text-positioning operator."""
    if op == "Tm" and len(values) == 6:
        return values, values, leading
    if op == "TL" and values:
        return text, line, values[0]
    if op in ("Td", "TD") and len(values) == 2:
        line = multiply((1.0, 0.0, 0.0, 1.0, values[0], values[1]), line)
        return line, line, -values[1] if op == "TD" else leading
    if op in ("T*", "'", '"'):
        line = multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), line)
        return line, line, leading
    return text, line, leading


def _check_register(findings: _Findings, page: int, paint: _Paint, text_matrix: Matrix) -> None:
    """Small text in more than one ink, or in white out of a panel of several (the last fill
    painted under its first letter)."""
    placed = multiply(text_matrix, paint.ctm)
    size = paint.font_size * scale(placed)
    x, y = apply(placed, 0.3 * paint.font_size, 0.3 * paint.font_size)
    under = next((fill for fill in reversed(findings.fills) if fill.holds(x, y)), None)
    found = register_problem(size, inks(paint.fill_space, paint.fill), under)
    if found is not None:
        sentence, refused = found
        (findings.add if refused else findings.warn)(page, Kind.REGISTER, sentence)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _set(paint: _Paint, stroke: bool, space: str, values: tuple[float, ...]) -> None:
    if stroke:
        paint.stroke_space, paint.stroke = space, values
    else:
        paint.fill_space, paint.fill = space, values


def _numbers(values: tuple[float, ...]) -> str:
    return " ".join(f"{v:g}" for v in values)


def _check_paint(findings: _Findings, page: int, space: str, values: tuple[float, ...], what: str) -> None:
    """What is painted now: in RGB (or, in PDF/X-1a, in an ICC-based space), in more ink than
    allowed, or in rich black."""
    if _rgb_space(space) or (findings.x1a and space.startswith("/ICCBased")):
        findings.add(page, Kind.NOT_CMYK, f"{what} in {space.lstrip('/')} ({_numbers(values)}): a print shop's file "
                     "is CMYK")
    elif space in ("/DeviceCMYK", "/ICCBased-4") and len(values) == 4:
        cyan, magenta, yellow, black = values
        if sum(values) > INK_LIMIT + 1e-6:
            findings.add(page, Kind.INK_LIMIT, f"{what} in {_percent(values)}: {sum(values) * 100:.0f} % of ink, "
                         f"more than {INK_LIMIT * 100:.0f} %")
        if black >= RICH_BLACK_K and cyan + magenta + yellow > 0:
            findings.add(page, Kind.RICH_BLACK, f"{what} in rich black ({_percent(values)}): black text, lines, "
                         "codes and shapes must be black ink alone (C M Y K 0 0 0 100)")


def _percent(values: tuple[float, ...]) -> str:
    return "C M Y K " + " ".join(f"{v * 100:.0f}" for v in values)


def _check_space(findings: _Findings, page: int, space: str, what: str) -> None:
    if _rgb_space(space) or (findings.x1a and space.startswith("/ICCBased")):
        findings.add(page, Kind.NOT_CMYK, f"{what} in {space.lstrip('/')}: a print shop's file is CMYK")


def _transparent(state: pikepdf.Object) -> bool:
    soft_mask = state.get("/SMask")
    blend = state.get("/BM")
    return (float(state.get("/CA", 1)) < 1 or float(state.get("/ca", 1)) < 1
            or (soft_mask is not None and soft_mask != pikepdf.Name.None_)
            or (blend is not None and str(blend) not in ("/Normal", "/Compatible")))


def _walk_xobject(name: object, resources: pikepdf.Object, page: int, findings: _Findings, paint: _Paint,
                  seen: set[tuple[int, int]]) -> None:
    """An image's colour space (and its mask: transparency), or a form's content."""
    xobject = _named(resources, "/XObject", name)
    if xobject is None:
        return
    if xobject.get("/Subtype") == "/Image":
        if not xobject.get("/ImageMask", False):
            _check_space(findings, page, _space_name(xobject.get("/ColorSpace"), resources), f"an image ({name})")
        if findings.x1a and "/SMask" in xobject:
            findings.add(page, Kind.TRANSPARENCY, f"an image with transparency ({name}), which PDF/X-1a does not "
                         "allow")
    elif xobject.get("/Subtype") == "/Form":
        if findings.x1a and "/Group" in xobject:
            findings.add(page, Kind.TRANSPARENCY, f"a transparency group ({name}), which PDF/X-1a does not allow")
        _walk(xobject, xobject.get("/Resources", resources), page, findings, paint.copy(), seen)


def _walk_pattern(name: object, resources: pikepdf.Object, page: int, findings: _Findings,
                  seen: set[tuple[int, int]]) -> None:
    """A pattern's own content (a tiling pattern) or its shading, once per file."""
    pattern = _named(resources, "/Pattern", name)
    if pattern is None or pattern.objgen in seen:
        return
    seen.add(pattern.objgen)
    if "/Shading" in pattern:
        _check_space(findings, page, _space_name(pattern.Shading.get("/ColorSpace"), resources), "a gradient")
    elif isinstance(pattern, pikepdf.Stream):
        _walk(pattern, pattern.get("/Resources", resources), page, findings, _Paint(), seen)
