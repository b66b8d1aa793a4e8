"""Files land atomically, so a failed or interrupted build never damages a good one.

Each file is written to a temporary file in its own folder and renamed into place (the
manifest of a pack last, generator.write.manifest). A file whose bytes are already on disk is
not written again: a rebuild that changes nothing touches nothing (no new dates for a print
shop's sync to copy).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp makes files only their owner can read; output files get the usual permissions.
FILE_MODE = 0o666 & ~_umask()
_writing: set[str] = set()  # the temporary files this process is writing now


@dataclass(frozen=True)
class WrittenFile:
    path: Path  # relative to the pack's output folder
    size: int
    sha256: str
    pages: int | None = None


def write_temporary(path: Path, data: bytes) -> Path:
    """data in a hidden temporary file beside path, on disk (fsync), for a rename into place.
    Until then, abandon_writes() removes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    _writing.add(temporary)
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        _writing.discard(temporary)
        raise
    return Path(temporary)


def _rename(temporary: Path, path: Path) -> None:
    """A temporary file into its place; if that fails, it is removed."""
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        _writing.discard(str(temporary))


@dataclass
class StagedFile:
    """A checked file on disk under a temporary name beside its place, until commit() renames
    it; discard() removes it. A build stages each document's files as it arrives, so that it
    holds none of them in memory, and commits them all once every document has passed."""

    path: Path  # where it goes
    temporary: Path | None  # None: the file there already holds these bytes
    written: WrittenFile

    def commit(self) -> WrittenFile:
        if self.temporary is not None:
            _rename(self.temporary, self.path)
        return self.written

    def discard(self) -> None:
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)
            _writing.discard(str(self.temporary))


def stage_file(pack_dir: Path, relative: Path, data: bytes, pages: int | None = None) -> StagedFile:
    path = pack_dir / relative
    written = WrittenFile(path=relative, size=len(data), sha256=hashlib.sha256(data).hexdigest(), pages=pages)
    return StagedFile(path, None if _holds(path, data) else write_temporary(path, data), written)


def stage_writing(pack_dir: Path, relative: Path, write: Callable[[BinaryIO], int | None]) -> StagedFile:
    """Like stage_file, for a file too large to hold in memory: write(file) writes it (and may
    return its page count) straight into the temporary file."""
    path = pack_dir / relative
    temporary = write_temporary(path, b"")
    try:
        with temporary.open("r+b") as file:
            pages = write(file)
            file.flush()
            os.fsync(file.fileno())
        size, digest = temporary.stat().st_size, _sha256(temporary)
    except BaseException:
        temporary.unlink(missing_ok=True)
        _writing.discard(str(temporary))
        raise
    written = WrittenFile(path=relative, size=size, sha256=digest, pages=pages)
    if path.is_file() and path.stat().st_size == size and _sha256(path) == digest:
        temporary.unlink()  # the file there already holds these bytes
        _writing.discard(str(temporary))
        return StagedFile(path, None, written)
    return StagedFile(path, temporary, written)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def abandon_writes() -> None:
    """Remove the temporary files being written: for a signal handler about to exit at once."""
    for temporary in list(_writing):
        try:
            os.unlink(temporary)
        except OSError:
            pass


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files of writers that no longer run (a build killed with SIGKILL).

    The name of a temporary file carries the writer's process id; a file whose writer still
    runs (another build into the same folder) is left alone.
    """
    removed = []
    for path in folder.rglob(".*.tmp") if folder.is_dir() else ():
        parts = path.name.split(".")
        if len(parts) < 4 or not parts[-3].isdigit() or _running(int(parts[-3])):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _running(pid: int) -> bool:
    """Whether a process runs; a zombie (killed, not yet reaped) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write unless the file already holds exactly these bytes; True if it was written."""
    if _holds(path, data):
        return False
    _rename(write_temporary(path, data), path)
    return True


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
