"""The NGO's own workspace, as a volunteer meets it: what an NGO makes lives in its pack's
folder, over the content installed with respack; `check` says what `build` would refuse; a
number is found however it is written; outputs the pack no longer makes are said apart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
import yaml

from support import CONTENT, ROOT, output_of, page_texts, respack, squash

PACK = """name: own
title: Own
country: kz
situation: domestic-violence
languages: [kk, ru, en]
formats: [wallet-card]
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """An NGO's pack file, with no content of its own yet."""
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    return tmp_path / "pack.yaml"


def run(*args: object, code: int = 0) -> str:
    result = respack(*args)
    said = output_of(result)
    assert result.returncode == code, f"respack {' '.join(map(str, args))} exited {result.returncode}:\n{said}"
    assert "Traceback" not in said, said
    return said


def own_file(pack: Path, relative: str, data: dict) -> Path:
    path = pack.parent / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def printed(out: Path, language: str, name: str = "wallet-card", pack: str = "own") -> str:
    return squash(" ".join(page_texts(out / pack / language / f"{name}.pdf")))


# --- an overlay: the units an NGO changes, the rest installed -----------------------------------

def test_one_unit_of_ones_own_changes_that_unit_and_nothing_else(pack: Path, tmp_path: Path) -> None:
    own_file(pack, "kz/domestic-violence/ru.yaml", {"language": "ru", "title": "Наша помощь при насилии"})
    run("build", pack, "--lang", "ru", "--out", tmp_path / "out")
    text = printed(tmp_path / "out", "ru")
    assert squash("Наша помощь при насилии") in text
    installed = yaml.safe_load((CONTENT / "kz" / "domestic-violence" / "ru.yaml").read_text(encoding="utf-8"))
    assert squash(installed["title"]) not in text
    assert squash(installed["contacts"]["police"]["name"]) in text  # everything else is the installed wording


def test_a_changed_english_prints_the_translations_as_out_of_date_drafts_not_a_stop(pack: Path,
                                                                                   tmp_path: Path) -> None:
    own_file(pack, "kz/domestic-violence/en.yaml",
             {"language": "en", "first_step": "Call {contact:police} for the police, day or night."})
    said = run("check", pack)
    assert "'first_step' is out of date" in said and "0 errors" in said, said
    assert "your wording of 'first_step' replaces respack's English" in said and "based_on: " in said, said
    run("check", pack, "--release", code=1)
    run("build", pack, "--out", tmp_path / "out")
    english, russian = printed(tmp_path / "out", "en"), printed(tmp_path / "out", "ru")
    assert squash("day or night") in english
    strings = yaml.safe_load((CONTENT / "strings" / "ru.yaml").read_text(encoding="utf-8"))["strings"]
    assert squash(strings["stale_short"]) in russian, russian


def test_check_names_the_english_an_upgrade_corrected_under_ones_own(pack: Path) -> None:
    installed = yaml.safe_load((CONTENT / "kz" / "domestic-violence" / "en.yaml").read_text(encoding="utf-8"))
    own_file(pack, "kz/domestic-violence/en.yaml",
             {"language": "en", "headline": "Facing violence? We help.",
              "units": {"headline": {"based_on": "0123456789ab"}}})
    said = run("check", pack)
    assert "respack's English of 'headline' has changed since your wording replaced it" in said, said
    assert installed["headline"]  # the installed English it compares with


def test_a_fuzzy_text_the_translator_changed_comes_in_as_a_draft(pack: Path, tmp_path: Path) -> None:
    po = tmp_path / "ru.po"
    run("translate", "export", "ru", pack, "-o", po)
    catalogue = polib.pofile(str(po))
    entry = next(e for e in catalogue if e.msgctxt == "headline")
    assert "fuzzy" in entry.flags
    entry.msgstr = "Вам помогут, и это черновик."
    catalogue.save(str(po))
    said = run("translate", "import", po, pack)
    assert "Imported 1 units" in said, said
    written = (pack.parent / "content" / "kz" / "domestic-violence" / "ru.yaml").read_text(encoding="utf-8")
    assert "Вам помогут, и это черновик." in written and "reviewed_by" not in written


def test_a_review_writes_plain_records_with_no_yaml_anchors(pack: Path, tmp_path: Path) -> None:
    run("translate", "review", "ru", pack, "--by", "Olga", "--unit", "title", "--unit", "headline")
    written = (pack.parent / "content" / "kz" / "domestic-violence" / "ru.yaml").read_text(encoding="utf-8")
    assert "&id" not in written and "*id" not in written, written
    assert written.count("reviewed_by: Olga") == 2, written


# --- YAML as people write it, and names as people mistype them ------------------------------------

def test_a_colour_yaml_reads_as_a_comment_is_said_with_the_fix(pack: Path) -> None:
    pack.write_text(PACK + "branding:\n  primary: #6b1d3a\n", encoding="utf-8")
    said = run("check", pack, code=1)
    assert "pack.yaml:8: [branding.primary]" in said and 'primary: "#6b1d3a"' in said, said


@pytest.mark.parametrize(("args", "hint"), [
    (("--format", "walet-card"), "did you mean 'wallet-card'?"),
    (("--lang", "kz"), "did you mean 'kk'?"),
    (("--lang", "rus"), "did you mean 'ru'?"),
])
def test_a_mistyped_format_or_language_gets_a_suggestion(pack: Path, args: tuple[str, ...], hint: str) -> None:
    said = run("build", pack, *args, code=1)
    assert hint in said, said


def test_a_mistyped_format_in_the_pack_file_gets_a_suggestion(pack: Path) -> None:
    pack.write_text(PACK.replace("[wallet-card]", "[walet-card]"), encoding="utf-8")
    assert "did you mean 'wallet-card'?" in run("check", pack, code=1)


def test_problems_are_said_by_file_and_line(pack: Path) -> None:
    pack.write_text(PACK.replace("[wallet-card]", "[walet-card]") + "branding:\n  primary: #6b1d3a\n",
                    encoding="utf-8")
    lines = [line for line in run("check", pack, code=1).splitlines() if line.startswith("error:")]
    numbers = [int(line.split("pack.yaml:")[1].split(":")[0]) for line in lines if "pack.yaml:" in line]
    assert numbers == sorted(numbers) and len(numbers) == 2, lines


def test_a_pack_with_no_content_of_its_own_is_told_of_the_installed_files(pack: Path) -> None:
    """Its own content folder does not exist yet: a draft translation is said at the installed
    file, the one there is to read, not at the own file an import would write."""
    said = [line for line in run("check", pack).splitlines() if "translation is a draft" in line]
    named = [Path(line.removeprefix("warning: ").split(":")[0]) for line in said]  # respack runs in ROOT
    assert named and all((ROOT / path).resolve().is_relative_to(CONTENT) for path in named), said


def test_the_organisation_is_named_in_each_language(pack: Path, tmp_path: Path) -> None:
    pack.write_text(PACK.replace("[wallet-card]", "[poster]")
                    + 'branding:\n  organisation: {kk: "Біздің ұйым", ru: "Наша организация", en: "Our group"}\n',
                    encoding="utf-8")
    run("build", pack, "--lang", "kk", "--lang", "ru", "--out", tmp_path / "out")
    assert squash("Біздің ұйым") in printed(tmp_path / "out", "kk", "poster")
    russian = printed(tmp_path / "out", "ru", "poster")
    assert squash("Наша организация") in russian and squash("Біздің ұйым") not in russian
    pack.write_text(pack.read_text(encoding="utf-8").replace(', en: "Our group"', ""), encoding="utf-8")
    assert "no name in 'en'" in run("check", pack, code=1)


# --- a hidden contact is printed nowhere ----------------------------------------------------------

def test_a_hidden_feedback_address_is_printed_nowhere(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK.replace("[wallet-card]", "[leaflet, poster]") + """contacts:
  hide: [feedback]
  add:
    - id: our-feedback
      email: mail@example.org
      channels: [email]
      source: ours
      as_of: 2026-11-25
      wording:
        kk: {name: "Бізге жазыңыз"}
        ru: {name: "Напишите нам"}
        en: {name: "Write to us"}
sources:
  ours: {title: "Our own records", read_on: 2026-11-25}
""", encoding="utf-8")
    run("build", pack, "--lang", "en", "--out", tmp_path / "out")
    for name in ("leaflet", "poster"):
        text = " ".join(page_texts(tmp_path / "out" / "own" / "en" / f"{name}.pdf"))
        assert "labirint" not in text and "mail@example.org" in text, text


# --- where, and what the pack no longer makes -----------------------------------------------------

def test_where_reads_a_number_as_its_country_writes_it_and_says_older_files_apart(pack: Path,
                                                                                   tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("build", pack, "--lang", "ru", "--lang", "en", "--out", out)
    for written in (("+7 7152 49 31 58",), ("8", "7152", "49", "31", "58"), ("8 (7152) 49-31-58",), ("87152493158",)):
        said = run("where", *written, "--out", out)
        assert "is printed in 2 documents" in said, said
    pack.write_text(PACK.replace("[kk, ru, en]", "[kk, en]"), encoding="utf-8")
    run("build", pack, "--lang", "en", "--out", out)
    said = run("where", "102", "--out", out)
    assert "own/ru/wallet-card.pdf page 1: text 102" in said and "[an older file: the pack no longer makes it]" in said
    assert "printed in 1 document in" in said and "1 older file" in said, said
    run("build", pack, "--lang", "en", "--out", out, "--clean")
    assert not (out / "own" / "ru" / "wallet-card.pdf").exists()
    manifest = json.loads((out / "own" / "manifest.json").read_text(encoding="utf-8"))
    assert not any(entry["path"].startswith("ru/") for entry in manifest["files"])
    assert "older file" not in run("where", "102", "--out", out)


# --- check predicts build: a site's name -----------------------------------------------------------

def test_check_says_once_which_site_names_do_not_fit_before_anything_is_built(tmp_path: Path) -> None:
    shutil.copy(CONTENT / "packs" / "kazakhstan.yaml", tmp_path / "pack.yaml")
    text = (tmp_path / "pack.yaml").read_text(encoding="utf-8").replace("name: kazakhstan", "name: clinics")
    (tmp_path / "pack.yaml").write_text(text.replace("[leaflet, wallet-card, poster, phone]", "[leaflet]")
                                        + "sites: sites.csv\n", encoding="utf-8")
    long_name = "Областная клиническая больница скорой медицинской помощи имени Ахметова, корпус 2"
    rows = [("clinic-1", "Городская поликлиника № 1"), ("clinic-2", long_name)]
    (tmp_path / "sites.csv").write_text(
        "id,name,number,channel,source,as_of,country,label:kk,label:ru,label:en\n" + "".join(
            f"{site},{name!r},+44 20 7946 01{n}0,voice,ours,2026-11-25,GB,Әлеуметтік қызметкер,Социальный работник,"
            f"Social worker\n".replace("'", '"') for n, (site, name) in enumerate(rows)), encoding="utf-8")
    (tmp_path / "pack.yaml").write_text((tmp_path / "pack.yaml").read_text(encoding="utf-8")
                                        + "sources:\n  ours: {title: Our records, read_on: 2026-11-25}\n",
                                        encoding="utf-8")
    said = run("check", tmp_path / "pack.yaml", code=1)
    assert "sites.csv:3: [name] site clinic-2" in said and "does not fit the edition line of the leaflet" in said
    assert "clinic-1" not in said.split("error:", 1)[1], said
    built = run("build", tmp_path / "pack.yaml", "--out", tmp_path / "out", code=1)
    assert built.count("does not fit the edition line") == 1 and not (tmp_path / "out").exists(), built
