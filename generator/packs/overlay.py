"""An NGO's own wording on top of the bundled content, unit by unit.

A pack's own content folder (its `content_dir`, or a `content/` folder beside its pack file)
holds only what the NGO made: a language file there may hold one section's answer, a contact's
note, the translations it imported and the approvals of its reviewers. Everything else comes
from the content installed with respack, and follows its corrections at every upgrade: the
files of one path along the content search path are read from the installed one up, each
later one replacing what it names (a mapping key by key, the sections by their id).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.model import SearchPath
from generator.reading.yamlfile import Mapping, read_yaml
from generator.reads import note


def layers(content: SearchPath, relative: str) -> list[Any]:
    """The files at relative along the search path, the installed one first: each later one is
    an overlay on those before it."""
    _look(content, relative)
    return list(reversed([folder / relative for folder in content.dirs if (folder / relative).is_file()]))


def found(content: SearchPath, relative: str) -> Path | None:
    """content.find, with the places looked in noted."""
    _look(content, relative)
    return content.find(relative)


def _look(content: SearchPath, relative: str) -> None:
    """Note each place a file is looked for (generator.reads): a file made later in a folder
    the search passed changes what is read."""
    for folder in content.dirs:
        note(folder / relative)


def merged(documents: Sequence[Any]) -> Any:
    """The documents as one, each later one replacing what it names: mappings merge key by key,
    a list of mappings with ids item by item (an item of a new id is added at the end), anything
    else is replaced. Lines are kept where they were read (Mapping.key_lines), for problems."""
    result: Any = None
    for document in documents:
        result = _merge(result, document)
    return result


def read_merged(content: SearchPath, relative: str) -> Any:
    """The merged YAML of a file along the search path; None when no folder has it."""
    paths = layers(content, relative)
    return merged([read_yaml(path) for path in paths]) if paths else None


def _merge(base: Any, own: Any) -> Any:
    if isinstance(base, dict) and isinstance(own, dict):
        result = Mapping({**base})
        result.line = getattr(base, "line", 0)
        result.key_lines = {**getattr(base, "key_lines", {}), **getattr(own, "key_lines", {})}
        for key, value in own.items():
            result[key] = _merge(base.get(key), value)
        return result
    if _by_id(base) and _by_id(own):
        merged_items = {item["id"]: item for item in base}
        for item in own:
            merged_items[item["id"]] = _merge(merged_items.get(item["id"]), item)
        return list(merged_items.values())
    return own


def _by_id(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) and "id" in item for item in value)
