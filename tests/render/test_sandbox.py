"""Templates are code that NGOs pass to each other: they run sandboxed and see plain data.

Each probe is a pack's own wallet-card template; rendering it must fail with an error that
names that template, and nothing may reach the file system or a shell.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import RespackError
from generator.packs.load import load_pack
from generator.packs.plan import plan_editions
from generator.render.document import render_html
from support import output_of, pack_with_template, respack

PROBES = {
    "globals of a helper": "{{ cycler.__init__.__globals__.os.popen('touch ' ~ marker).read() }}",
    "globals of lipsum": "{{ lipsum.__globals__['os'].system('touch ' ~ marker) }}",
    "subclasses of str": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "the pack's path": "{{ edition.pack.path.parent.joinpath('x').write_text('x') }}",
    "a font's path": "{{ fonts.faces[0].path.read_bytes() }}",
    "a contact's methods": "{{ groups[0].lines[0].qr.__class__.__init__.__globals__ }}",
    "changing the context": "{% set _ = options.update({'tabs': 1000000}) %}{{ options }}",
    "changing a list": "{{ groups.append(1) }}",
    "a file outside the layouts": '{% include "../../../../../../../etc/passwd" %}',
    "an absolute file": '{% include "/etc/passwd" %}',
    "the template's module": "{{ self._TemplateReference__context.environment.loader }}",
}


@pytest.mark.parametrize("probe", PROBES, ids=list(PROBES))
def test_a_template_cannot_reach_the_machine(probe: str, tmp_path: Path) -> None:
    marker = tmp_path / "touched"
    template = '{% set marker = "' + str(marker) + '" %}' + PROBES[probe]
    pack = load_pack(pack_with_template(tmp_path, "wallet-card/template.html", template))
    edition = plan_editions([pack], ["en"], ["wallet-card"])[0]
    with pytest.raises(RespackError) as raised:
        render_html(edition)
    problem = raised.value.problems[0]
    assert Path(problem.file) == tmp_path / "layouts" / "wallet-card" / "template.html", str(problem)
    assert "template" in problem.message
    assert not marker.exists()
    assert "root:" not in str(problem)


def test_a_template_sees_plain_data(tmp_path: Path) -> None:
    """The names the templates use keep working, without the objects behind them."""
    template = ("{{ edition.id }}|{{ edition.pack.title }}|{{ layout.name }}|{{ layout.page_width_mm }}|"
                "{{ options.min_qr_module_mm }}|{{ fonts.faces[0].uri }}")
    pack = load_pack(pack_with_template(tmp_path, "wallet-card/template.html", template))
    edition = plan_editions([pack], ["en"], ["wallet-card"])[0]
    html, _ = render_html(edition)
    edition_id, title, name, width, module, font = html.split("|")
    assert (edition_id, title, name, width, module) == (edition.id, "Kazakhstan", "wallet-card", "85.6", "0.4")
    assert font.startswith("file:///") and font.endswith(".ttf")


def test_a_template_that_includes_a_link_to_a_file_outside_the_pack_is_refused(tmp_path: Path) -> None:
    """A link inside the layouts folder to another file of the machine: its text is not printed."""
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("the secret 8 800 080 7777", encoding="utf-8")
    pack_file = pack_with_template(tmp_path / "pack", "wallet-card/template.html", '{% include "partials/x.html" %}')
    (tmp_path / "pack" / "layouts" / "partials").mkdir()
    (tmp_path / "pack" / "layouts" / "partials" / "x.html").symlink_to(secret)
    edition = plan_editions([load_pack(pack_file)], ["en"], ["wallet-card"])[0]
    with pytest.raises(RespackError) as raised:
        render_html(edition)
    problem = raised.value.problems[0]
    assert Path(problem.file) == tmp_path / "pack" / "layouts" / "wallet-card" / "template.html", str(problem)
    assert "partials/x.html" in problem.message and "outside the pack's layouts" in problem.message, problem.message
    assert "secret" not in problem.message.replace(str(secret), "")


def test_a_format_template_that_is_a_link_outside_the_pack_is_refused_by_check(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.html"
    outside.write_text("<p>8 800 080 7777</p>", encoding="utf-8")
    pack_file = pack_with_template(tmp_path / "pack", "wallet-card/template.html", "x")
    (tmp_path / "pack" / "layouts" / "wallet-card" / "template.html").unlink()
    (tmp_path / "pack" / "layouts" / "wallet-card" / "template.html").symlink_to(outside)
    result = respack("check", pack_file)
    said = output_of(result)
    assert result.returncode == 1, said
    assert "wallet-card/template.html" in said and "outside the pack's layouts" in said and "Traceback" not in said


def test_a_link_that_stays_inside_the_layouts_is_followed(tmp_path: Path) -> None:
    pack_file = pack_with_template(tmp_path, "wallet-card/template.html", '{% include "partials/y.html" %}')
    (tmp_path / "layouts" / "partials").mkdir()
    (tmp_path / "layouts" / "shared.html").write_text("shared words", encoding="utf-8")
    (tmp_path / "layouts" / "partials" / "y.html").symlink_to(tmp_path / "layouts" / "shared.html")
    html, _ = render_html(plan_editions([load_pack(pack_file)], ["en"], ["wallet-card"])[0])
    assert html == "shared words"
