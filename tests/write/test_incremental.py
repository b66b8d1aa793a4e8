"""Incremental builds: a rebuild makes only the documents whose inputs changed.

The content and layouts are copied into a temporary folder, and generator.packs.load is pointed
at the copy, so a test can change a file without touching the project's own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import generator.packs.load
import generator.pipeline
from generator.check.preflight import preflight
from generator.pipeline import BuiltDocument, Finishing, build_editions, plan
from generator.render.document import office_words
from generator.write.jobsheet import is_print_file, print_file_name
from printing import document_payloads
from support import PACK, ROOT, file_states, pdf_text, squash

# Every format the bundled pack prints: an edit to one language's file rebuilds each of them.
PACK_FORMATS = generator.packs.load.load_pack(generator.packs.load.find_pack(PACK)).formats

LANGUAGES = ("en", "kk")  # two of the three: enough to see that only one is rebuilt
PRINT_FORMATS = ("wallet-card", "poster")  # a card with its sheet, and a poster: the print shop's tests
RESPACK = Path(sys.executable).parent / "respack"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@dataclass
class Project:
    root: Path  # a copy of content/ and layouts/
    out_dir: Path

    def build(self, languages: tuple[str, ...] = LANGUAGES, force: bool = False,
              jobs: int = 2) -> list[BuiltDocument]:
        built = build_editions(plan((PACK,), languages, ()), self.out_dir, jobs=jobs, force=force)
        failed = {b.edition.id: b.report.problems for b in built if not b.ok}
        assert not failed, failed
        return built

    def build_print_shop(self, variant: str = "pdf/x-4", renders: dict[str, int] | None = None
                         ) -> list[BuiltDocument]:
        """The print shop's files of PRINT_FORMATS in English, in this process, each render
        counted in renders (print_shop=True or False: how many documents were laid out)."""
        renders = {} if renders is None else renders

        def counted(edition, print_shop=False, **options):
            renders[str(print_shop)] = renders.get(str(print_shop), 0) + 1
            return render_fitted(edition, print_shop=print_shop, **options)

        render_fitted = generator.pipeline.render_fitted
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(generator.pipeline, "render_fitted", counted)
            built = build_editions(plan((PACK,), ("en",), PRINT_FORMATS), self.out_dir, jobs=1,
                                   finishing=Finishing(print_shop=True, pdf_variant=variant))
        failed = {b.edition.id: b.report.problems for b in built if not b.ok}
        assert not failed, failed
        return built

    def manifest(self) -> dict:
        return json.loads((self.out_dir / PACK / "manifest.json").read_text(encoding="utf-8"))

    def keys(self) -> dict[str, str]:
        return {d["path"]: d["key"] for d in self.manifest()["documents"]}


def rebuilt(built: list[BuiltDocument]) -> set[str]:
    return {f"{b.edition.language}/{b.edition.format}" for b in built if not b.unchanged}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The bundled pack (two languages) built once from a copy of the content; tests rebuild it."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generator.packs.load, "CONTENT_DIR", root / "content")
        patch.setattr(generator.packs.load, "PACKS_DIR", root / "content" / "packs")
        patch.setattr(generator.packs.load, "LAYOUTS_DIR", root / "layouts")
        project = Project(root=root, out_dir=root / "output")
        built = project.build()
        assert not any(b.unchanged for b in built)
        yield project


def test_the_manifest_records_a_key_for_every_document(project):
    manifest = project.manifest()
    pdfs = sorted(e["path"] for e in manifest["files"]
                  if e["path"].endswith(".pdf") and not e["path"].endswith("-sheet.pdf"))  # a card's sheet
    assert sorted(d["path"] for d in manifest["documents"]) == pdfs                         # is its file
    listed = {e["path"] for e in manifest["files"]}
    for document in manifest["documents"]:
        assert len(document["key"]) == 64
        assert document["path"] in document["files"] and set(document["files"]) <= listed


def test_a_rebuild_with_nothing_changed_writes_nothing(project):
    project.build()  # up to date, whatever an earlier test changed
    before = file_states(project.out_dir)
    manifest = (project.out_dir / PACK / "manifest.json").read_bytes()
    built = project.build()
    assert rebuilt(built) == set()
    assert all(b.ok and b.pdf and b.pages for b in built)
    assert file_states(project.out_dir) == before, "a rebuild with nothing to do touched a file"
    assert (project.out_dir / PACK / "manifest.json").read_bytes() == manifest


def test_a_changed_language_file_rebuilds_only_that_languages_documents(project):
    project.build()
    keys = project.keys()
    guidance = project.root / "content" / "kz" / "domestic-violence" / "kk.yaml"
    guidance.write_text(guidance.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")

    built = project.build()
    assert rebuilt(built) == {f"kk/{name}" for name in PACK_FORMATS}
    changed = {path for path, key in project.keys().items() if keys[path] != key}
    assert changed == {f"kk/{name}.pdf" for name in PACK_FORMATS}
    assert rebuilt(project.build()) == set(), "the new keys were not recorded"


def test_a_changed_channel_source_is_printed_by_the_rebuild(project):
    """The source of a channel's note is printed on the leaflet: a new title is printed at once."""
    project.build()
    channels = project.root / "content" / "safety" / "channels.yaml"
    old = "Queensland Government, Technology safety planning"
    new = "Queensland Government, Technology safety planning (revised)"
    text = channels.read_text(encoding="utf-8")
    assert old in text
    channels.write_text(text.replace(old, new), encoding="utf-8")
    assert rebuilt(project.build()) == {f"{language}/{name}" for language in LANGUAGES
                                        for name in PACK_FORMATS}
    assert "(revised)" in squash(pdf_text(project.out_dir / PACK / "en" / "leaflet.pdf"))


def test_a_changed_strings_file_rebuilds_that_language(project):
    project.build()
    strings = project.root / "content" / "strings" / "kk.yaml"
    strings.write_text(strings.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rebuilt(project.build()) == {f"kk/{name}" for name in PACK_FORMATS}


def test_a_missing_or_altered_output_file_is_rebuilt(project):
    project.build()
    pack_dir = project.out_dir / PACK
    (pack_dir / "en" / "poster-1.png").unlink()
    card = pack_dir / "kk" / "wallet-card.pdf"
    card.write_bytes(card.read_bytes().replace(b"%%EOF", b"%%EOX"))  # same size, other bytes
    assert rebuilt(project.build()) == {"en/poster", "kk/wallet-card"}
    assert (pack_dir / "en" / "poster-1.png").exists()
    assert b"%%EOX" not in card.read_bytes()


def test_force_rebuilds_every_document(project):
    project.build(languages=("en",))
    built = project.build(languages=("en",), force=True)
    assert rebuilt(built) == {f"en/{name}" for name in PACK_FORMATS}


def test_a_changed_layout_rebuilds_the_documents_using_it(project):
    project.build(languages=("en",))
    stylesheet = project.root / "layouts" / "base.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    assert rebuilt(project.build(languages=("en",))) == {f"en/{name}" for name in PACK_FORMATS}


def test_an_unreadable_manifest_means_a_full_rebuild(project):
    project.build(languages=("kk",))
    (project.out_dir / PACK / "manifest.json").write_text("{not json", encoding="utf-8")
    assert rebuilt(project.build(languages=("kk",))) == {f"kk/{name}" for name in PACK_FORMATS}
    assert project.manifest()["documents"], "the manifest was not rebuilt"


def test_the_command_shows_skipped_documents_as_unchanged(tmp_path):
    out = tmp_path / "out"  # not tmp_path itself: a folder named like the pack would be taken for it
    args = (str(RESPACK), "build", PACK, "--lang", "en", "--format", "wallet-card", "--out", str(out))
    first = run(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "unchanged" not in first.stdout
    again = run(*args, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "unchanged" in again.stdout, again.stdout
    forced = run(*args, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "unchanged" not in forced.stdout, forced.stdout


# --- a print shop's files asked for after the office files --------------------------------

def office_files(project: Project) -> dict[str, tuple[int, int, int]]:
    """The English office files of PRINT_FORMATS on disk (PDF, previews, card sheet), with their states."""
    return {path: state for path, state in file_states(project.out_dir / PACK).items()
            if path.startswith("en/") and any(path.startswith(f"en/{name}") and not is_print_file(path, name)
                                              for name in PRINT_FORMATS)}


def print_files(project: Project, variant: str) -> dict[str, tuple[int, int, int]]:
    names = {f"en/{print_file_name(name, variant)}" for name in PRINT_FORMATS}
    return {path: state for path, state in file_states(project.out_dir / PACK).items() if path in names}


def test_a_print_shops_files_asked_for_after_the_office_files_are_made_alone(project):
    """An NGO built its files; a print shop asks for its own: only the print files are laid
    out, the office files stay as they are, and each print file passes its preflight and
    carries its office file's QR codes. A second variant beside it likewise."""
    project.build(languages=("en",))
    office = office_files(project)
    assert len(office) >= 2 * len(PRINT_FORMATS), office  # a PDF and its previews each, and the sheet
    renders: dict[str, int] = {}
    built = project.build_print_shop(renders=renders)
    assert not any(b.unchanged for b in built)
    assert renders == {"True": len(PRINT_FORMATS)}, renders
    assert office_files(project) == office, "a print shop's build wrote the office files again"
    steps = {d["path"]: d["step"] for d in project.manifest()["documents"]}
    listed = {e["path"] for e in project.manifest()["files"]}
    for name in PRINT_FORMATS:
        assert steps[f"en/{name}.pdf"], f"no step recorded for en/{name}.pdf"
        for variant in ("pdf/x-4",):
            printed = project.out_dir / PACK / "en" / print_file_name(name, variant)
            assert preflight(printed.read_bytes(), variant) == [], printed
            assert document_payloads(printed) == document_payloads(project.out_dir / PACK / "en" / f"{name}.pdf")
            assert f"en/{print_file_name(name, variant)}" in listed

    first_variant = print_files(project, "pdf/x-4")
    renders = {}
    project.build_print_shop("pdf/x-1a", renders=renders)
    assert renders == {"True": len(PRINT_FORMATS)}, renders
    assert office_files(project) == office and print_files(project, "pdf/x-4") == first_variant
    for name in PRINT_FORMATS:
        printed = project.out_dir / PACK / "en" / print_file_name(name, "pdf/x-1a")
        assert preflight(printed.read_bytes(), "pdf/x-1a") == [], printed
        assert document_payloads(printed) == document_payloads(project.out_dir / PACK / "en" / f"{name}.pdf")
    assert all(b.unchanged for b in project.build_print_shop("pdf/x-1a"))


def test_print_files_made_alone_are_those_made_with_their_office_files(project, tmp_path):
    """The same bytes, whether a print shop's files are made with the office files or after them."""
    project.build(languages=("en",))
    project.build_print_shop()
    together = tmp_path / "together"
    build_editions(plan((PACK,), ("en",), PRINT_FORMATS), together, jobs=1, finishing=Finishing(print_shop=True))
    for name in PRINT_FORMATS:
        for filename in (f"{name}.pdf", print_file_name(name), f"{name}.print.job.txt"):
            assert (together / PACK / "en" / filename).read_bytes() == \
                (project.out_dir / PACK / "en" / filename).read_bytes(), filename


def test_a_changed_input_makes_the_office_and_print_files_again(project):
    project.build(languages=("en",))
    project.build_print_shop()
    guidance = project.root / "content" / "kz" / "domestic-violence" / "en.yaml"
    guidance.write_text(guidance.read_text(encoding="utf-8") + "\n# edited again\n", encoding="utf-8")
    renders: dict[str, int] = {}
    project.build_print_shop(renders=renders)
    assert renders == {"False": len(PRINT_FORMATS), "True": len(PRINT_FORMATS)}, renders


def test_an_office_file_replaced_or_missing_on_disk_is_made_again_with_the_print_file(project):
    """A hostile or careless hand: the card's office PDF replaced by another PDF (the poster's),
    a poster's preview deleted. The print shop's build makes both documents whole again."""
    project.build(languages=("en",))
    pack_dir = project.out_dir / PACK / "en"
    card = (pack_dir / "wallet-card.pdf").read_bytes()
    (pack_dir / "wallet-card.pdf").write_bytes((pack_dir / "poster.pdf").read_bytes())
    (pack_dir / "poster-1.png").unlink()
    renders: dict[str, int] = {}
    project.build_print_shop(renders=renders)
    assert renders == {"False": len(PRINT_FORMATS), "True": len(PRINT_FORMATS)}, renders
    assert (pack_dir / "wallet-card.pdf").read_bytes() == card
    assert (pack_dir / "poster-1.png").exists()
    assert document_payloads(pack_dir / "wallet-card.print.pdf") == document_payloads(pack_dir / "wallet-card.pdf")


@pytest.mark.parametrize("edit", ["older-manifest", "step-gone", "another-key"])
def test_a_manifest_that_does_not_vouch_for_the_office_files_makes_them_again(project, edit):
    """A manifest of an older build (no step, no key of the office files), a step the format no
    longer has, an office key not this build's: the office files are made again, not trusted."""
    project.build(languages=("en",))
    path = project.out_dir / PACK / "manifest.json"
    manifest = project.manifest()
    for document in manifest["documents"]:
        if edit == "older-manifest":
            document.pop("step"), document.pop("office_key")
        else:
            document["step" if edit == "step-gone" else "office_key"] = "nonesuch"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    renders: dict[str, int] = {}
    project.build_print_shop(renders=renders)
    assert renders == {"False": len(PRINT_FORMATS), "True": len(PRINT_FORMATS)}, renders


def test_a_print_file_that_does_not_print_what_its_office_file_does_is_not_written(project):
    """The manifest says the office card carries a code it does not: the print file made alone
    is held against it, fails, and nothing is written."""
    project.build(languages=("en",))
    path = project.out_dir / PACK / "manifest.json"
    manifest = project.manifest()
    card = next(d for d in manifest["documents"] if d["path"] == "en/wallet-card.pdf")
    card["prints"][-1]["codes"] = [*card["prints"][-1]["codes"], "tel:+77000000000"]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    before = file_states(project.out_dir / PACK)
    built = build_editions(plan((PACK,), ("en",), ("wallet-card",)), project.out_dir, jobs=1,
                           finishing=Finishing(print_shop=True, pdf_variant="pdf/x-3"))
    problems = [str(p) for p in built[0].report.problems]
    assert not built[0].ok and any("its office file" in p and "tel:+77000000000" in p for p in problems), problems
    assert file_states(project.out_dir / PACK) == before


def test_a_print_file_made_alone_is_checked_against_its_office_files_words():
    """The figures a print file may print besides its contacts' are its office file's words':
    made alone, they are read from the templates at the office file's step, not laid out."""
    editions = [*plan((PACK,), ("en",), ("wallet-card",)),
                *(e for e in plan(("example-ngo",), (), ("wallet-card",)) if len(e.languages) > 1)]
    assert len(editions) == 2, [e.id for e in editions]
    for edition in editions:
        rendered = generator.pipeline.render_fitted(edition).rendered
        assert office_words(edition, rendered.step) == rendered.words, edition.id
