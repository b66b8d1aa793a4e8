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
from support import pack_with_template

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
