"""The Jinja2 environment of a pack's layouts: one per search path and process.

Templates are code that NGOs pass to each other, so they run in Jinja's immutable sandbox:
no attribute that starts with an underscore (no way from `cycler` to `os`), no method that
changes a list or a dict, and the context holds plain data only (generator/render/context.py).

A template is read only from inside the pack's layouts or respack's own: every path is resolved,
links followed, and one that lands elsewhere is refused (a link to another file of the machine
would print its text).

The environment keeps the templates it compiled, and compiles a file again when it
changes. Compiled templates are also kept on disk (Jinja's bytecode cache, in
~/.cache/respack/templates-…), so that each new process, a build's workers too, loads
them instead of compiling every template again.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.installation import LAYOUTS_DIR, machine_cache

# What the compiled code depends on besides the source: it names the folder of the cache.
OPTIONS = {"autoescape": True, "undefined": jinja2.StrictUndefined, "trim_blocks": True, "lstrip_blocks": True}


class OutsideLayouts(jinja2.TemplateError):
    """A template whose file, its links followed, is outside the layouts it is looked up in."""


class _InsideLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses a file whose real path is outside its folders."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        roots = [Path(folder).resolve() for folder in self.searchpath]
        if not any(real.is_relative_to(root) for root in roots):
            raise OutsideLayouts(f"{filename} leads to {real}, outside the pack's layouts and respack's: a template "
                                 "may use only files inside the layouts folder (copy the file there instead of "
                                 "linking to it)")
        return source, filename, uptodate


@lru_cache(maxsize=16)
def template_environment(search_path: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    """Templates are looked up in each folder in turn: an override folder comes first.

    "builtin/<path>" always names the bundled template, so an override can extend the
    template it replaces: {% extends "builtin/wallet-card/template.html" %}.
    """
    recipe = hashlib.sha256(f"{jinja2.__version__} {ImmutableSandboxedEnvironment.__name__} "
                            f"{sorted(OPTIONS.items(), key=str)}".encode()).hexdigest()[:12]
    compiled = machine_cache(f"templates-{recipe}")
    compiled.mkdir(parents=True, exist_ok=True)
    environment = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader([
            jinja2.PrefixLoader({"builtin": _InsideLoader(str(LAYOUTS_DIR))}),
            _InsideLoader([str(p) for p in search_path]),
        ]),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)), **OPTIONS)
    environment.filters["zip"] = lambda lists: list(zip(*lists))
    return environment
