"""An NGO's own pack, end to end, through the command line an NGO would use.

Covers what docs/customizing.md promises: branding (colours, logo), contacts added and
hidden, the discreet card, bilingual editions, template overrides (and the errors of a
broken one), `respack init`, and a new country and language added as content files only.

Every build of a fixture's pack is a real `respack` run in a subprocess, into a temporary
folder. The builds are slow (WeasyPrint, then every QR code decoded), so they are all
started at once when the module begins, each in its own process, and every test waits only
for the build it reads. Each pack is built once per module. The bundled packs (the example
NGO's, and the bundled Kazakhstan pack as it prints without an NGO's branding) are read from
the run's one build of every bundled pack (`bundled` in tests/conftest.py: `respack build`'s
own function), not built here again.

The fixtures are in tests/fixtures/: ngo/ (an NGO's pack with a logo, an added contact, a
hidden one, a bilingual poster and a wallet card whose front block is overridden) and
country-xx/ (Germany in German, as content files of the pack's own content_dir).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pytest
import yaml
import zxingcpp
from phonenumbers import shortnumberinfo
from PIL import Image, ImageChops

from support import page_texts

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
NGO_PACK = FIXTURES / "ngo" / "pack.yaml"
COUNTRY_PACK = FIXTURES / "country-xx" / "pack.yaml"
EXAMPLE_PACK = ROOT / "content" / "packs" / "example-ngo.yaml"
KZ_GUIDANCE = ROOT / "content" / "kz" / "domestic-violence"
BUILD_TIMEOUT_S = 600

PRIMARY = (0x0B, 0x5D, 0x4B)      # branding.primary of both NGO packs: #0b5d4b
LOGO_ORANGE = (0xE0, 0x7A, 0x10)  # tests/fixtures/ngo/logo.svg, used nowhere else
COLOUR_TOLERANCE = 12             # per channel: anti-aliasing, colour management
MIN_BRAND_PIXELS = 300            # a band or a big number at 150 dpi is thousands
DPI = 150

ADDED_PAYLOAD = "tel:+442079460958"  # the fictional UK drama number added by the fixture
ADDED_DIGITS = "442079460958"
HIDDEN_DIGITS = "7152612530"         # women-police-2, +7 7152 61 25 30, hidden by both NGO packs

# Words a discreet card must not carry: it may be found by the person it protects against.
DISCREET_WORDS = {
    "en": ("violence", "abuse", "domestic", "rape", "sexual", "assault", "women"),
    "ru": ("насили", "домашн", "сексуальн", "изнасил", "женщин", "защит"),
    "kk": ("зорлық", "зомбылық", "жыныстық", "әйел", "қорға"),
}


# --- running the command line -------------------------------------------------------------

def respack_command() -> list[str]:
    """The installed `respack` beside this Python (the venv's), else `python -m generator`."""
    script = Path(sys.executable).with_name("respack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "generator"]


def command_env() -> dict[str, str]:
    """Wide, plain output: rich would wrap a long path:line, or colour it, otherwise."""
    return {**os.environ, "COLUMNS": "400", "NO_COLOR": "1", "TERM": "dumb", "PYTHONUNBUFFERED": "1"}


@dataclass
class Result:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return (f"`respack {' '.join(self.args)}` exited {self.returncode}\n"
                f"--- stderr (last 3000 characters) ---\n{self.stderr[-3000:]}\n"
                f"--- stdout (last 1500 characters) ---\n{self.stdout[-1500:]}")


def run(*args: str | Path) -> Result:
    """Run respack and wait (for the quick commands: init, check)."""
    arguments = [str(a) for a in args]
    done = subprocess.run(respack_command() + arguments, cwd=ROOT, env=command_env(), capture_output=True,
                          text=True, timeout=BUILD_TIMEOUT_S, check=False)
    return Result(arguments, done.returncode, done.stdout, done.stderr)


class Built:
    """A build already made, by the run's build of every bundled pack: result() is what
    `respack build` would have said of it (its exit code, each refused document's problems)."""

    def __init__(self, bundled: Any, pack: str) -> None:
        built = [b for b in bundled.built if b.edition.pack.name == pack]
        problems = [f"error: {b.edition.id}: {problem}" for b in built if not b.ok for problem in b.report.problems]
        self._result = Result(["build", pack], 1 if problems or not built else 0, "", "\n".join(problems))

    def result(self) -> Result:
        return self._result

    def stop(self) -> None:
        """Nothing runs."""


class Started:
    """A respack command running in the background; result() waits for it (once)."""

    def __init__(self, *args: str | Path, log_dir: Path) -> None:
        self.args = [str(a) for a in args]
        log_dir.mkdir(parents=True, exist_ok=True)
        self._stdout = open(log_dir / "stdout.txt", "w+", encoding="utf-8")  # noqa: SIM115
        self._stderr = open(log_dir / "stderr.txt", "w+", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(respack_command() + self.args, cwd=ROOT, env=command_env(),
                                        stdout=self._stdout, stderr=self._stderr, text=True)
        self._result: Result | None = None

    def result(self) -> Result:
        if self._result is None:
            try:
                code = self.process.wait(timeout=BUILD_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                code = self.process.wait()
            texts = []
            for stream in (self._stdout, self._stderr):
                stream.seek(0)
                texts.append(stream.read())
                stream.close()
            self._result = Result(self.args, code, *texts)
        return self._result

    def stop(self) -> None:
        """Kill the command if it still runs (a test run stopped early) and close its logs."""
        if self.process.poll() is None:
            self.process.terminate()  # respack cleans up on SIGTERM like on Ctrl-C
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self._stdout, self._stderr):
            if not stream.closed:
                stream.close()


# --- reading what a build wrote ------------------------------------------------------------

def squash(text: str) -> str:
    """Text without whitespace or hyphens, so line breaks and hyphenation do not matter.

    pdfium reports a hyphen at the end of a line as U+FFFE.
    """
    return re.sub(r"[\s\ufffe\u00ad\-\u2010\u2011]", "", text)


def number_digits(text: str) -> str:
    """The text without the characters a phone number is spaced with, so "+7 7152 61 25 30"
    is found as 77152612530 even across a line break; letters still separate numbers."""
    return re.sub(r"[\s+()\-.\u00a0\u202f\u2009\ufffe]", "", text)


@dataclass
class Pdf:
    path: Path

    @cached_property
    def page_texts(self) -> list[str]:
        return page_texts(self.path.read_bytes())

    @property
    def text(self) -> str:
        return "\n".join(self.page_texts)

    @cached_property
    def images(self) -> list[Image.Image]:
        """Every page at 150 dpi, RGB."""
        document = pdfium.PdfDocument(self.path.read_bytes())
        try:
            return [page.render(scale=DPI / 72).to_pil().convert("RGB") for page in document]
        finally:
            document.close()

    @cached_property
    def payloads(self) -> set[str]:
        return {code.text for image in self.images
                for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)}

    def pixels_of(self, colour: tuple[int, int, int]) -> int:
        """How many pixels of all pages are within COLOUR_TOLERANCE of colour, per channel."""
        return sum(_count_colour(image, colour) for image in self.images)

    @cached_property
    def metadata(self) -> dict[str, str]:
        info = pypdf.PdfReader(self.path).metadata or {}
        return {str(k): str(v) for k, v in info.items()}


def _count_colour(image: Image.Image, colour: tuple[int, int, int]) -> int:
    difference = ImageChops.difference(image, Image.new("RGB", image.size, colour))
    near = [channel.point(lambda v: 255 if v <= COLOUR_TOLERANCE else 0) for channel in difference.split()]
    both = ImageChops.multiply(ImageChops.multiply(near[0], near[1]), near[2])
    return both.histogram()[255]


@dataclass
class Build:
    """One `respack build` into its own folder, and the files it wrote."""

    name: str  # the pack's name: its folder in out_dir
    out_dir: Path
    started: Started | Built
    _pdfs: dict[str, Pdf] = field(default_factory=dict)

    @property
    def result(self) -> Result:
        return self.started.result()

    @property
    def pack_dir(self) -> Path:
        return self.out_dir / self.name

    def pdf(self, language: str, format_name: str) -> Pdf:
        """A written PDF; the test fails with the tool's own words if it was not written."""
        relative = f"{language}/{format_name}.pdf"
        if relative not in self._pdfs:
            result = self.result
            path = self.pack_dir / relative
            if not path.is_file():
                said = [line for line in result.stderr.splitlines()
                        if line.startswith("error:") and f"{self.name}/{relative}:" in line]
                pytest.fail(f"{self.name}/{relative} was not written; respack said:\n"
                            + ("\n".join(said) if said else result.describe()))
            self._pdfs[relative] = Pdf(path)
        return self._pdfs[relative]

    def all_pdfs(self) -> list[Pdf]:
        self.result  # noqa: B018 - wait for the build
        return [Pdf(path) for path in sorted(self.pack_dir.glob("*/*.pdf"))]


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected_documents(pack_file: Path) -> list[str]:
    """language/format of every PDF a pack file asks for, bilingual editions included."""
    pack = read_yaml(pack_file)
    documents = [f"{language}/{name}" for language in pack["languages"] for name in pack["formats"]]
    for edition in pack.get("editions") or []:
        documents += [f"{'+'.join(edition['languages'])}/{name}" for name in edition["formats"]]
    return documents


def headline(language: str, key: str = "headline") -> str:
    return read_yaml(KZ_GUIDANCE / f"{language}.yaml")[key].replace("*", "")


# --- broken and overriding copies -----------------------------------------------------------

SYNTAX_ERROR_LINE = 3
UNDEFINED_LINE = 4
BROKEN_TEMPLATES = {
    # A variable that is never closed ("}" for "}}"): Jinja cannot parse the file.
    "syntax": '{% extends "wallet-card/template.html" %}\n'
              "{% block front %}\n"
              '<div class="band">{{ title }</div>\n'
              "{% endblock %}\n",
    # A variable no template is given: rendering stops at it.
    "undefined": '{% extends "wallet-card/template.html" %}\n'
                 "{% block front %}\n"
                 '<div class="band">{{ title }}</div>\n'
                 "<p>{{ no_such_variable }}</p>\n"
                 "{% endblock %}\n",
}
SELF_EXTENDING = ('{% extends "wallet-card/template.html" %}\n'
                  '{% block front %}<div class="band">OVERRIDDEN FRONT</div>{% endblock %}\n')


def broken_copy(root: Path, kind: str) -> Path:
    """A copy of the NGO fixture whose overriding template is broken."""
    folder = root / f"broken-{kind}"
    shutil.copytree(FIXTURES / "ngo", folder)
    (folder / "layouts" / "wallet-card-ours" / "template.html").write_text(BROKEN_TEMPLATES[kind], encoding="utf-8")
    return folder / "pack.yaml"


# --- the builds, all started at once --------------------------------------------------------

@dataclass
class Builds:
    root: Path
    example: Build
    ngo: Build
    default: Build
    country: Build
    init_result: Result
    init_dir: Path
    init: Build
    broken: dict[str, Build]
    self_extending: Build
    unknown_font: Build

    def all(self) -> list[Build]:
        return [self.example, self.ngo, self.default, self.country, self.init, *self.broken.values(),
                self.self_extending, self.unknown_font]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    root = tmp_path_factory.mktemp("customising")

    def build(key: str, name: str, pack: str | Path, *options: str) -> Build:
        out = root / "out" / key
        return Build(name, out, Started("build", pack, "--out", out, "--jobs", "1", *options,
                                        log_dir=root / "logs" / key))

    init_dir = root / "mypack"
    init_result = run("init", init_dir)
    # The scaffold with a template that extends the bundled template of its own path, as
    # layouts/README.md (written by init) shows.
    self_extending = root / "self-extending"
    run("init", self_extending)
    (self_extending / "layouts" / "wallet-card").mkdir(parents=True, exist_ok=True)
    (self_extending / "layouts" / "wallet-card" / "template.html").write_text(SELF_EXTENDING, encoding="utf-8")
    # The scaffold with a font that is not installed.
    unknown_font = root / "unknown-font"
    run("init", unknown_font)
    pack_text = (unknown_font / "pack.yaml").read_text(encoding="utf-8")
    (unknown_font / "pack.yaml").write_text(re.sub(r"(?m)^  # font: .*$", "  font: No Such Font Family",
                                                   pack_text), encoding="utf-8")

    # Largest first: the fixture NGO's pack is the long pole.
    ngo = build("ngo", "test-ngo", NGO_PACK)
    init = build("init", "mypack", init_dir / "pack.yaml")
    country = build("country", "test-country-xx", COUNTRY_PACK)
    broken = {kind: build(f"broken-{kind}", "test-ngo", broken_copy(root, kind), "--lang", "ru",
                          "--format", "wallet-card-ours") for kind in BROKEN_TEMPLATES}
    self_extending_build = build("self-extending", "self-extending", self_extending / "pack.yaml",
                                 "--lang", "en", "--format", "wallet-card")
    unknown_font_build = build("unknown-font", "unknown-font", unknown_font / "pack.yaml",
                               "--lang", "en", "--format", "wallet-card")
    # Asked for once the builds above run: the run's build of every bundled pack, which this
    # process may have to wait for (another process makes it) or make.
    bundled = request.getfixturevalue("bundled")
    started = Builds(
        root=root,
        example=Build("example-ngo", bundled.out_dir, Built(bundled, "example-ngo")),
        ngo=ngo,
        init_result=init_result,
        init_dir=init_dir,
        init=init,
        default=Build("kazakhstan", bundled.out_dir, Built(bundled, "kazakhstan")),
        country=country,
        broken=broken,
        self_extending=self_extending_build,
        unknown_font=unknown_font_build,
    )
    yield started
    for each in started.all():
        each.started.stop()


def assert_built(build: Build, pack_file: Path) -> None:
    result = build.result
    assert "Traceback" not in result.output, result.describe()
    assert result.returncode == 0, result.describe()
    missing = [d for d in expected_documents(pack_file) if not (build.pack_dir / f"{d}.pdf").is_file()]
    assert not missing, f"not written: {missing}\n{result.describe()}"
    for document in expected_documents(pack_file):
        assert (build.pack_dir / f"{document}-1.png").is_file(), f"no preview of {document}"
    assert (build.pack_dir / "manifest.json").is_file()


# --- the packs build ------------------------------------------------------------------------

def test_example_ngo_pack_builds(builds):
    assert_built(builds.example, EXAMPLE_PACK)


def test_fixture_ngo_pack_builds(builds):
    assert_built(builds.ngo, NGO_PACK)


@pytest.mark.parametrize("pack_file", [NGO_PACK, COUNTRY_PACK], ids=["ngo", "country-xx"])
def test_fixture_packs_pass_check(pack_file):
    result = run("check", pack_file)
    assert "Traceback" not in result.output, result.describe()
    assert result.returncode == 0, result.describe()


# --- branding -------------------------------------------------------------------------------

NGO_PACKS = ["example", "ngo"]
# The fixture NGO adds a service and hides a number; both packs print kk+ru posters.
BILINGUAL = {"example": "poster", "ngo": "poster"}
BRANDED = [(pack, language, name) for pack in NGO_PACKS
           for language, name in (("kk", "wallet-card"), ("ru", "wallet-card"), ("ru", "poster"),
                                  ("kk+ru", BILINGUAL[pack]))]


@pytest.mark.parametrize(("pack", "language", "name"), BRANDED, ids=lambda v: str(v))
def test_primary_colour_is_printed(builds, pack, language, name):
    pixels = getattr(builds, pack).pdf(language, name).pixels_of(PRIMARY)
    assert pixels >= MIN_BRAND_PIXELS, (
        f"{pack} {language}/{name}: only {pixels} pixels of the primary colour #0b5d4b at {DPI} dpi")


@pytest.mark.parametrize(("language", "name"), [("kk", "wallet-card"), ("ru", "poster")])
def test_default_pack_does_not_have_the_brand_colours(builds, language, name):
    pdf = builds.default.pdf(language, name)
    assert pdf.pixels_of(PRIMARY) == 0, "the bundled pack prints the NGO's primary colour"
    assert pdf.pixels_of(LOGO_ORANGE) == 0, "the bundled pack prints the orange of the fixture logo"


@pytest.mark.parametrize(("language", "name"), [("kk", "poster"), ("ru", "poster"), ("kk+ru", "leaflet")])
def test_logo_is_drawn(builds, language, name):
    pixels = builds.ngo.pdf(language, name).pixels_of(LOGO_ORANGE)
    assert pixels >= MIN_BRAND_PIXELS, f"the logo's orange: {pixels} pixels on {language}/{name} at {DPI} dpi"


def test_organisation_is_named_on_the_poster(builds):
    assert "Test Organisation (fictional)" in builds.ngo.pdf("ru", "poster").text


# --- contacts added and hidden --------------------------------------------------------------

ADDED_IN = [(language, name) for language in ("kk", "ru", "kk+ru") for name in ("wallet-card", "poster")] + [
    ("kk+ru", "leaflet")]


@pytest.mark.parametrize(("language", "name"), ADDED_IN, ids=lambda v: str(v))
def test_added_contact_is_printed_and_scans(builds, language, name):
    pdf = builds.ngo.pdf(language, name)
    assert ADDED_PAYLOAD in pdf.payloads, f"{language}/{name}: QR codes decode to {sorted(pdf.payloads)}"
    assert ADDED_DIGITS in number_digits(pdf.text), f"{language}/{name}: +44 20 7946 0958 not in the text"


@pytest.mark.parametrize("pack", NGO_PACKS)
def test_hidden_contact_is_printed_nowhere(builds, pack):
    build = getattr(builds, pack)
    pack_file = EXAMPLE_PACK if pack == "example" else NGO_PACK
    pdfs = build.all_pdfs()
    written = {f"{p.path.parent.name}/{p.path.stem}" for p in pdfs}
    missing = sorted(set(expected_documents(pack_file)) - written)
    assert not missing, f"{build.name}: not written, so not checked: {missing}\n{build.result.describe()}"
    for pdf in pdfs:
        assert HIDDEN_DIGITS not in number_digits(pdf.text), (
            f"{pdf.path.relative_to(build.out_dir)} prints the hidden number +7 7152 61 25 30")


# --- the discreet card ----------------------------------------------------------------------

DISCREET = [(pack, language) for pack in NGO_PACKS for language in ("kk", "ru")]


@pytest.mark.parametrize(("pack", "language"), DISCREET, ids=lambda v: str(v))
def test_discreet_card_does_not_say_what_it_is_for(builds, pack, language):
    text = getattr(builds, pack).pdf(language, "wallet-card-discreet").text.lower()
    found = [word for words in DISCREET_WORDS.values() for word in words if word in text]
    assert not found, f"the discreet {language} card says {found}:\n{text}"


@pytest.mark.parametrize(("pack", "language"), DISCREET, ids=lambda v: str(v))
def test_discreet_card_file_does_not_say_what_it_is_for(builds, pack, language):
    """The PDF's title and subject show in a phone's file list and in every PDF viewer."""
    metadata = getattr(builds, pack).pdf(language, "wallet-card-discreet").metadata
    found = {key: word for key, value in metadata.items() for words in DISCREET_WORDS.values()
             for word in words if word in value.lower()}
    assert not found, f"the discreet {language} card's PDF metadata says {found}: {metadata}"


# --- bilingual editions ---------------------------------------------------------------------

def test_bilingual_poster_has_both_headlines(builds):
    text = squash(builds.example.pdf("kk+ru", "poster").text)
    for language in ("kk", "ru"):
        assert squash(headline(language)) in text, f"the {language} headline is not on the kk+ru poster"


def test_bilingual_leaflet_has_both_languages_one_after_the_other(builds):
    pdf = builds.ngo.pdf("kk+ru", "leaflet")
    assert len(pdf.page_texts) == 4, "a kk+ru leaflet is the kk leaflet, then the ru leaflet"
    for pages, language in ((pdf.page_texts[:2], "kk"), (pdf.page_texts[2:], "ru")):
        assert squash(headline(language, "title")) in squash("".join(pages)), f"{language} title not in its half"


# --- template overrides ---------------------------------------------------------------------

@pytest.mark.parametrize("language", ["kk", "ru"])
def test_override_of_one_block_changes_only_that_block(builds, language):
    """wallet-card-ours replaces the front block of the bundled card: the first step gives way
    to the organisation's name and "keep this card safe"; everything else stays."""
    bundled = builds.ngo.pdf(language, "wallet-card").page_texts
    ours = builds.ngo.pdf(language, "wallet-card-ours").page_texts
    assert len(ours) == len(bundled) == 2
    assert ours[1] == bundled[1], "the back of the card changed, but only the front block was overridden"
    numbers = {"police": "102", "ambulance": "103"}  # what {contact:...} prints: the source's numbers
    first_step = squash(re.sub(r"\{contact:([a-z-]+)\}", lambda m: numbers[m[1]],
                               read_yaml(KZ_GUIDANCE / f"{language}.yaml")["first_step"]))
    keep_safe = read_yaml(ROOT / "content" / "strings" / f"{language}.yaml")["strings"]["keep_safe"]
    replacement = squash(f"Test Organisation (fictional) · {keep_safe}")
    front, our_front = squash(bundled[0]), squash(ours[0])
    assert first_step in front and first_step not in our_front
    assert replacement in our_front
    assert front.replace(first_step, "") == our_front.replace(replacement, ""), (
        f"the front differs beyond the overridden block:\nbundled: {bundled[0]}\noverride: {ours[0]}")


@pytest.mark.parametrize(("kind", "line"), [("syntax", SYNTAX_ERROR_LINE), ("undefined", UNDEFINED_LINE)])
def test_broken_override_is_reported_with_file_and_line(builds, kind, line):
    result = builds.broken[kind].result
    assert result.returncode == 1, result.describe()
    assert "Traceback" not in result.output, result.describe()
    where = re.findall(r"(\S*wallet-card-ours/template\.html):(\d+)", result.stderr)
    assert where, f"the error does not name the template file and line:\n{result.describe()}"
    assert any(int(number) == line for _, number in where), (
        f"expected line {line}, respack said {where}:\n{result.describe()}")
    assert not list((builds.broken[kind].pack_dir).glob("**/*.pdf")), "a broken template still wrote a PDF"


def test_override_extending_the_template_of_its_own_path(builds):
    """layouts/README.md (written by `respack init`) shows a layouts/wallet-card/template.html
    that extends "wallet-card/template.html" to replace one block. Either that works, or
    respack says what is wrong, in the file's words, without a traceback."""
    build = builds.self_extending
    result = build.result
    assert "Traceback" not in result.output and "RecursionError" not in result.output, (
        "a template that extends the template of its own path recurses until Python gives up:\n"
        + result.describe())
    if result.returncode == 0:
        front = build.pdf("en", "wallet-card").page_texts[0]
        assert "OVERRIDDEN FRONT" in front
    else:
        assert "wallet-card/template.html" in result.stderr, result.describe()


def test_unknown_font_is_reported_without_a_traceback(builds):
    result = builds.unknown_font.result
    assert result.returncode == 1, result.describe()
    assert "Traceback" not in result.output, result.describe()
    assert "No Such Font Family" in result.stderr and "pack.yaml" in result.stderr, result.describe()


# --- respack init ---------------------------------------------------------------------------

def test_init_writes_a_pack_file_and_a_layouts_folder(builds):
    assert builds.init_result.returncode == 0, builds.init_result.describe()
    assert (builds.init_dir / "pack.yaml").is_file()
    assert (builds.init_dir / "layouts" / "README.md").is_file()
    pack = read_yaml(builds.init_dir / "pack.yaml")
    assert pack["name"] == "mypack"


def test_init_pack_builds_as_written(builds):
    assert_built(builds.init, builds.init_dir / "pack.yaml")


# --- a new country and language, as content files only ----------------------------------------

def test_fixture_country_has_only_real_emergency_numbers():
    """The fixture invents no number: its emergency numbers are libphonenumber's own, and the
    one other is from Ofcom's range for drama."""
    country = read_yaml(COUNTRY_PACK.parent / "content" / "de" / "country.yaml")
    for contact in country["contacts"]:
        if contact.get("emergency"):
            assert shortnumberinfo.is_emergency_number(contact["number"], country["code"]), contact
        else:
            assert contact["number"].replace(" ", "") == "+442079460958", contact


def test_new_country_builds_in_its_own_language(builds):
    build = builds.country
    assert_built(build, COUNTRY_PACK)
    strings = read_yaml(COUNTRY_PACK.parent / "content" / "strings" / "de.yaml")["strings"]
    card, poster = build.pdf("de", "wallet-card"), build.pdf("de", "poster")
    assert "Test fixture, not real guidance." in poster.text
    assert squash(strings["scan_to_call"]) in squash(card.text)
    assert "Deutschland · Deutsch" in poster.text, "Babel's names of the country and language are not printed"
    for number in ("110", "112"):
        assert re.search(rf"(?<!\d){number}(?!\d)", card.text), f"{number} is not on the card"
    assert ADDED_PAYLOAD in card.payloads
