"""What a page shows is what a phone dials, whatever a layout passed between NGOs does: the
check reads the written PDF as the eye does and knows nothing of the template. And nothing a
pack or a layout says reaches past the pack's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.findings import Finding, Kind
from generator.errors import RespackError
from generator.packs.load import load_pack
from generator.packs.plan import plan_editions
from generator.pipeline import build_document
from support import CONTENT, PACK, output_of, pack_with_template, respack

# Each code's caption shows the number of the next code of the row: the codes still scan, and
# every number is a contact's.
SHIFTED_CAPTIONS = """{% extends "builtin/wallet-card/template.html" %}
{% from "partials/qr.html" import qr_image %}
{% block back %}<div class="qr-row">
{% for group, line in qr_lines %}{% set next = qr_lines[(loop.index0 + 1) % qr_lines|length][1] %}
<figure class="qr">{{ qr_image(line) }}<figcaption><span class="number" dir="ltr">{{ next.display }}</span></figcaption></figure>
{% endfor %}</div>{% endblock %}
"""  # noqa: E501  (a template as a layout would write it)
TYPED_NUMBER = """{% extends "builtin/wallet-card/template.html" %}
{% block front %}{{ super() }}<p>Or call 109.</p>{% endblock %}
"""
REVERSED_NUMBER = """{% extends "builtin/wallet-card/template.html" %}
{% block front %}<h1 class="band">{{ title }}</h1>
<div class="emergency">{% for group in emergency %}<div class="emergency-number"><span class="digits">&#x202E;{{ group.lines[0].display }}&#x202C;</span><span class="name">{{ group.name }}</span></div>{% endfor %}</div>
{% endblock %}
"""  # noqa: E501
ATTACHING = """{% extends "builtin/wallet-card/template.html" %}
{% block head %}{{ super() }}<link rel="attachment" href="../pack.yaml">{% endblock %}
"""


def card_problems(folder: Path, template: str) -> list[Finding]:
    pack = load_pack(pack_with_template(folder, "wallet-card/template.html", template))
    built = build_document(plan_editions([pack], ["en"], ["wallet-card"])[0])
    assert built.report is not None
    assert not built.outputs, "a document that fails its check is not written"
    return built.report.problems


def test_captions_moved_to_the_next_contacts_number_fail_though_every_code_scans(tmp_path: Path) -> None:
    problems = card_problems(tmp_path, SHIFTED_CAPTIONS)
    wrong = [p for p in problems if p.kind is Kind.CAPTION_WRONG and p.payload == "tel:+77152493158"]
    assert wrong and "'+7 7152 61 25 30'" in wrong[0].message, problems
    assert not [p for p in problems if p.kind is Kind.QR_UNREADABLE], problems


def test_a_number_the_template_types_itself_fails(tmp_path: Path) -> None:
    problems = card_problems(tmp_path, TYPED_NUMBER)
    assert [p for p in problems if p.kind is Kind.NUMBER_UNKNOWN and "'109'" in p.message], problems


def test_a_number_the_template_turns_right_to_left_fails(tmp_path: Path) -> None:
    unknown = "\n".join(p.message for p in card_problems(tmp_path, REVERSED_NUMBER) if p.kind is Kind.NUMBER_UNKNOWN)
    assert "'201'" in unknown and "'301'" in unknown, unknown


def test_a_template_may_not_attach_a_file(tmp_path: Path) -> None:
    head = (CONTENT.parent / "layouts" / "base.html").read_text(encoding="utf-8")
    assert "{% block head %}" in head, "the attack needs base.html's head block"
    with pytest.raises(RespackError, match="attaches a file"):
        card_problems(tmp_path, ATTACHING)


# --- nothing reaches past the pack ----------------------------------------------------------

def pack_file(folder: Path, extra: str, name: str = "own") -> Path:
    text = (CONTENT / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8").replace(f"name: {PACK}", f"name: {name}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(text + extra, encoding="utf-8")
    return folder / "pack.yaml"


@pytest.mark.parametrize("name", ["../escaped", "/tmp/absolute", "Own Pack", ".hidden", "a" * 65])
def test_a_pack_name_that_is_no_folder_name_is_refused(tmp_path: Path, name: str) -> None:
    result = respack("build", pack_file(tmp_path / "pack", "", f'"{name}"'), "--out", tmp_path / "out")
    said = output_of(result)
    assert result.returncode == 1 and "[name]" in said and "names a folder" in said, said
    assert not any((tmp_path / "out").rglob("*.pdf")) and not any(tmp_path.rglob("manifest.json"))
    assert not Path("/tmp/absolute").exists()


@pytest.mark.parametrize("key", ["content_dir", "layouts_dir"])
@pytest.mark.parametrize("folder", ["/", "..", "../..", "/etc"])
def test_a_packs_own_folders_stay_inside_it(tmp_path: Path, key: str, folder: str) -> None:
    result = respack("check", pack_file(tmp_path / "pack", f"\n{key}: {folder!r}\n"))
    said = output_of(result)
    assert result.returncode == 1 and f"[{key}]" in said and "outside the pack's folder" in said, said


@pytest.mark.parametrize(("key", "value"), [("country", "../kz"), ("situation", "../../kz/domestic-violence"),
                                            ("formats", "[../layouts/wallet-card]")])
def test_names_that_would_climb_out_of_the_content_are_refused(tmp_path: Path, key: str, value: str) -> None:
    text = pack_file(tmp_path, "").read_text(encoding="utf-8")
    lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in text.splitlines()]
    (tmp_path / "pack.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = respack("check", tmp_path / "pack.yaml")
    said = output_of(result)
    assert result.returncode == 1 and f"[{key}]" in said and "names a folder" in said, said


def test_a_sites_file_outside_the_pack_is_refused(tmp_path: Path) -> None:
    result = respack("check", pack_file(tmp_path / "pack", "\nsites: ../../sites.csv\n"))
    said = output_of(result)
    assert result.returncode == 1 and "[sites]" in said and "in the pack's folder" in said, said
