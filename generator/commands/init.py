"""`respack init`: start an NGO's own pack, ready to build."""

from __future__ import annotations

from pathlib import Path
from string import Template

import click

from generator.errors import Problem, RespackError

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"


@click.command("init")
@click.argument("path", type=click.Path(path_type=Path))
def init_command(path: Path) -> None:
    """Write a commented pack file at PATH (a .yaml file or a folder) and an overrides folder."""
    pack_file = path if path.suffix in (".yaml", ".yml") else path / "pack.yaml"
    if pack_file.exists():
        raise RespackError(Problem(pack_file, "already exists; choose another path or edit it"))
    name = (pack_file.parent.name if pack_file.name == "pack.yaml" else pack_file.stem).lower()
    name = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-") or "my-pack"
    layouts = pack_file.parent / "layouts"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "README.md").write_text((SCAFFOLD / "layouts-README.md").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    text = Template((SCAFFOLD / "pack.yaml").read_text(encoding="utf-8")).safe_substitute(
        name=name, title=name.replace("-", " ").capitalize(), path=pack_file)
    pack_file.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {pack_file} and {layouts}/.\nNext: edit {pack_file}, then run: respack build {pack_file}")
