"""Every format lays out whatever content it is given, up to the capacity it declares.

Packs of generated shapes (tests/shapes.py: 1 to 4 emergency numbers, services of 1 to 3
lines, one language or two, short or long wording) are built for real; every document
within its format's capacity must be written, its codes decode at 150 dpi to their payloads
and its numbers be in its text. Just past the capacity, the build refuses the edition with
what to do, and writes nothing.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from generator.model import Capacity
from generator.packs.capacity import capacity_problems, content_counts, describe_capacity, steps_to_try
from generator.packs.layouts import load_layout
from generator.packs.load import load_packs
from generator.packs.plan import plan_editions
from shapes import EMERGENCY_NUMBERS, Shape, expected_payloads, service_number, shape_matrix, write_pack
from support import Document, has_number, has_short_number

ROOT = Path(__file__).resolve().parent.parent
MATRIX = shape_matrix()


# Pure functions: counting content against a capacity, no rendering.

def test_two_language_limits_lower_only_what_they_name() -> None:
    capacity = Capacity(emergency=4, services=4, lines=3, codes=8, two_languages=Capacity(codes=6))
    assert capacity.limits(1) == {"emergency": 4, "services": 4, "lines": 3, "codes": 8}
    assert capacity.limits(2) == {"emergency": 4, "services": 4, "lines": 3, "codes": 6}
    assert Capacity(codes=8).limits(2)["codes"] == 8


def test_capacity_is_described_in_words() -> None:
    assert describe_capacity({"emergency": 2, "services": 0, "lines": 0, "codes": 4}) == \
        "2 emergency numbers, 4 QR codes of services"
    assert describe_capacity({"emergency": 0, "services": 0, "lines": 0, "codes": 0}) == "no declared limit"


@pytest.mark.parametrize("shape", [Shape(3, (3, 1), ("en",)), Shape(1, (), ("ru",)), Shape(4, (1, 1, 2), ("kk", "ru"))],
                         ids=lambda s: s.id)
def test_content_is_counted_by_service(tmp_path: Path, shape: Shape) -> None:
    pack = write_pack(shape, tmp_path)
    edition = plan_editions(load_packs([str(pack)]), ["+".join(shape.languages)], ["poster"])[0]
    assert content_counts(edition) == {"emergency": shape.emergency, "services": len(shape.services),
                                       "lines": max(shape.services, default=0), "codes": shape.codes}


@pytest.mark.parametrize(("format_name", "shape", "first"), [
    ("poster", Shape(1, (), ("en",)), "roomy"), ("poster", Shape(2, (1, 1), ("kk",)), "roomy"),
    ("poster", Shape(2, (3,), ("kk",)), "regular"), ("poster", Shape(4, (1, 1, 1, 1), ("kk", "ru")), "regular"),
    ("phone", Shape(4, (2,), ("ru",)), "regular"), ("phone", Shape(1, (1, 1), ("en",)), "regular"),
    ("phone", Shape(2, (1, 1, 1), ("en",)), "compact"),
    ("leaflet", Shape(4, (3, 3, 1, 1), ("kk",)), "regular")], ids=lambda v: getattr(v, "id", v))
def test_a_step_is_tried_only_on_the_content_it_holds(tmp_path: Path, format_name: str, shape: Shape,
                                                      first: str) -> None:
    edition = plan_editions(load_packs([str(write_pack(shape, tmp_path, (format_name,)))]),
                            ["+".join(shape.languages)], [format_name])[0]
    steps = [step.name for step in steps_to_try(edition)]
    every = [step.name for step in edition.layout.steps]
    assert steps[0] == first and steps == [step for step in every if step in steps], steps
    assert steps[1:] == every[every.index(first) + 1:]  # only roomy steps are skipped, the densest always tried


def test_the_densest_step_is_tried_even_past_what_it_holds(tmp_path: Path) -> None:
    shape = Shape(2, (1, 1, 1), ("en",))
    edition = plan_editions(load_packs([str(write_pack(shape, tmp_path, ("phone",)))]), ["en"], ["phone"])[0]
    held = Capacity(services=1)
    layout = replace(edition.layout, steps=tuple(replace(step, holds=held) for step in edition.layout.steps))
    assert [step.name for step in steps_to_try(replace(edition, layout=layout))] == [layout.steps[-1].name]


def test_content_past_capacity_names_the_limit_and_the_remedy(tmp_path: Path) -> None:
    limits = load_layout("wallet-card").capacity.limits(2)
    shape = Shape(1, (1,) * (limits["codes"] + 1), ("kk", "ru"))
    edition = plan_editions(load_packs([str(write_pack(shape, tmp_path))]), ["kk+ru"], ["wallet-card"])[0]
    problems = capacity_problems(edition)
    assert any(f"a two-language edition of this format holds at most {limits['codes']} QR codes of services; "
               f"this edition has {limits['codes'] + 1}: hide one (`contacts.hide`" in p for p in problems), problems


# The matrix: real builds of every format, within its capacity.

@pytest.mark.parametrize(("format_name", "shape"), MATRIX, ids=[f"{f}-{s.id}" for f, s in MATRIX])
def test_content_within_capacity_builds(shape_build, format_name: str, shape: Shape) -> None:  # type: ignore[no-untyped-def]
    built = shape_build.built[format_name, shape.pack_name]
    path = shape_build.path(format_name, shape)
    assert built.ok and path.exists(), f"{path.name} of {shape.id} was not written: {built.report.problems}"
    document = Document(language="+".join(shape.languages), format=format_name, path=path, built=built)
    assert document.payloads(150) == expected_payloads(shape, format_name)
    text = document.text
    for number in EMERGENCY_NUMBERS[:shape.emergency]:
        assert has_short_number(text, number), f"{number} is not in the text of {path}"
    for s, lines in enumerate(shape.services):
        for line in range(lines):
            assert has_number(text, service_number(s, line).replace(" ", "").lstrip("+")), \
                f"{service_number(s, line)} is not in the text of {path}"


def test_light_content_takes_the_roomy_step_and_the_most_a_denser_one(shape_build) -> None:  # type: ignore[no-untyped-def]
    for format_name in ("wallet-card", "poster"):
        steps = [step.name for step in load_layout(format_name).steps]
        least = shape_build.built[format_name, Shape(1, (), ("en",)).pack_name]
        most = [b for (f, _), b in shape_build.built.items() if f == format_name and b.edition.language == "kk+ru"]
        assert least.step == steps[0]
        assert all(steps.index(b.step) > 0 for b in most), [(b.edition.id, b.step) for b in most]


# Just past the capacity: the command refuses, with what to do, and writes nothing.

@pytest.mark.parametrize("format_name",
                         ["leaflet", "wallet-card", "poster", "pocket-card", "leaflet-easy-read", "phone"])
def test_content_past_capacity_is_refused_before_rendering(tmp_path: Path, format_name: str) -> None:
    limits = load_layout(format_name).capacity.limits(1)
    shape = Shape(limits["emergency"], (1,) * (limits["codes"] + 1), ("en",))
    pack = write_pack(shape, tmp_path / "pack", formats=(format_name,))
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(pack), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert f"holds at most {limits['codes']} QR codes of services; this edition has {limits['codes'] + 1}" \
        in " ".join(output.split()), output
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_a_country_of_three_emergency_numbers_and_a_new_language_builds_every_format(tmp_path: Path) -> None:
    """Content only: Poland's 112, 997 and 999, a (fictional) helpline, Polish text."""
    pack = ROOT / "tests" / "fixtures" / "country-pl" / "pack.yaml"
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(pack), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for format_name in ("leaflet", "wallet-card", "wallet-card-discreet", "poster", "leaflet-easy-read"):
        path = tmp_path / "test-country-pl" / "pl" / f"{format_name}.pdf"
        document = Document(language="pl", format=format_name, path=path, built=None)
        assert "tel:+442079460958" in document.payloads(150), format_name
        for number in ("112", "997", "999"):
            assert has_short_number(document.text, number), f"{number} is not in {format_name}"
        if format_name != "wallet-card-discreet":  # whose outside says only "Przydatne numery"
            assert set("ąćęłńóśźż") & set(document.text), f"no Polish letter in the text of {format_name}"
