"""Write stage: files land atomically, so a failed or interrupted build never damages a good one.

Each file is written to a temporary file in its own folder and renamed into place; the
manifest of a pack is replaced last.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image


@dataclass(frozen=True)
class WrittenFile:
    path: Path  # relative to the pack's output folder
    size: int
    sha256: str
    pages: int | None = None


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def write_file(pack_dir: Path, relative: Path, data: bytes, pages: int | None = None) -> WrittenFile:
    write_atomic(pack_dir / relative, data)
    return WrittenFile(path=relative, size=len(data), sha256=hashlib.sha256(data).hexdigest(), pages=pages)


def write_manifest(pack_dir: Path, pack: str, version: str, written: list[WrittenFile]) -> Path:
    """Record every file of the pack; entries of files this build did not touch are kept."""
    manifest_path = pack_dir / "manifest.json"
    entries: dict[str, dict[str, object]] = {}
    if manifest_path.exists():
        try:
            previous = json.loads(manifest_path.read_text(encoding="utf-8"))
            entries = {e["path"]: e for e in previous.get("files", []) if (pack_dir / e["path"]).exists()}
        except (ValueError, KeyError, TypeError, AttributeError):
            entries = {}  # an unreadable manifest is rebuilt from what this build wrote
    for file in written:
        entry: dict[str, object] = {"path": file.path.as_posix(), "size": file.size, "sha256": file.sha256}
        if file.pages is not None:
            entry["pages"] = file.pages
        entries[file.path.as_posix()] = entry
    manifest = {"pack": pack, "content_version": version,
                "files": [entries[key] for key in sorted(entries)]}
    write_atomic(manifest_path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
    return manifest_path
