"""Files go to disk under temporary names beside their places, so a failed or interrupted
build never damages a good one.

A build stages each checked file (stage_file, stage_writing): on disk, fsync'd, under a
hidden temporary name; generator.write.landing renames them into place together. A file
whose bytes are already on disk is not written again: a rebuild that changes nothing touches
nothing (no new dates for a print shop's sync to copy). An OSError writing into a pack's
folder (a full disk, a read-only folder) is said as the folder's problem (writing_into).
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from generator.errors import Problem, RespackError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp makes files only their owner can read; output files get the usual permissions.
FILE_MODE = 0o666 & ~_umask()
# What abandon_writes() removes if this process stops at once: its temporary files that no
# journal names yet (generator.write.landing), and the lock files of the folders it holds. By absolute
# path: a staged file's temporary path is made again when asked for, from a folder maybe relative.
_owned: set[str] = set()


@dataclass(frozen=True, slots=True)
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
    _owned.add(os.path.abspath(temporary))
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        _remove(Path(temporary))
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
        _owned.discard(os.path.abspath(temporary))


def own(paths: Iterable[Path]) -> None:
    """For abandon_writes() to remove if this process stops at once."""
    _owned.update(map(os.path.abspath, paths))


def disown(paths: Iterable[Path]) -> None:
    """No longer this process's to remove: a journal names them, or a lock is let go."""
    _owned.difference_update(map(os.path.abspath, paths))


@dataclass(slots=True)
class StagedFile:
    """A checked file on disk under a temporary name beside its place, until the build lands
    (generator.write.landing); discard() removes it. A build stages each document's files as it
    arrives, so that it holds none of them in memory, and lands them once every document has passed.
    Its paths are made when asked for: a rollout's thousands of staged cards held three each."""

    pack_dir: Path  # the same for every file of a pack
    written: WrittenFile  # its path relative to pack_dir
    temporary_name: str | None  # of the hidden file beside its place; None: the file there holds these bytes

    @property
    def path(self) -> Path:
        """Where it goes."""
        return self.pack_dir / self.written.path

    @property
    def temporary(self) -> Path | None:
        return self.path.with_name(self.temporary_name) if self.temporary_name else None

    def discard(self) -> None:
        """Remove the temporary file, unless a journal names it now: then it lands."""
        temporary = self.temporary
        if temporary is not None:
            _remove(temporary)


def _remove(temporary: Path) -> None:
    """Remove a temporary file of this process's, unless a journal names it."""
    if os.path.abspath(temporary) in _owned:
        temporary.unlink(missing_ok=True)
        _owned.discard(os.path.abspath(temporary))


def stage_file(pack_dir: Path, relative: Path, data: bytes, pages: int | None = None) -> StagedFile:
    path = pack_dir / relative
    written = WrittenFile(path=relative, size=len(data), sha256=hashlib.sha256(data).hexdigest(), pages=pages)
    with writing_into(pack_dir):
        return StagedFile(pack_dir, written, None if _holds(path, data) else write_temporary(path, data).name)


def stage_writing(pack_dir: Path, relative: Path, write: Callable[[BinaryIO], int | None]) -> StagedFile:
    """Like stage_file, for a file too large to hold in memory: write(file) writes it (and may
    return its page count) straight into the temporary file."""
    path = pack_dir / relative
    with writing_into(pack_dir):
        temporary = write_temporary(path, b"")
        try:
            with temporary.open("r+b") as file:
                pages = write(file)
                file.flush()
                os.fsync(file.fileno())
            size, digest = temporary.stat().st_size, _sha256(temporary)
        except BaseException:
            _remove(temporary)
            raise
    written = WrittenFile(path=relative, size=size, sha256=digest, pages=pages)
    if path.is_file() and path.stat().st_size == size and _sha256(path) == digest:
        _remove(temporary)  # the file there already holds these bytes
        return StagedFile(pack_dir, written, None)
    return StagedFile(pack_dir, written, temporary.name)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def abandon_writes() -> None:
    """Remove the temporary files no journal names yet, and the locks held: for a signal
    handler about to exit at once."""
    for path in list(_owned):
        try:
            os.unlink(path)
        except OSError:
            pass


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files of builds that no longer run (a build killed with SIGKILL).

    Only with the folder's lock held and its last landing completed (generator.write.landing):
    then no build writes there and no journal names a temporary file, so every one is left over.
    """
    removed = sorted(folder.rglob(".*.tmp")) if folder.is_dir() else []
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


_FULL = "free some space or choose another --out"
_READ_ONLY = "make it writable or choose another --out"
_ADVICE = {errno.ENOSPC: _FULL, errno.EDQUOT: _FULL, errno.EFBIG: _FULL,
           errno.EROFS: _READ_ONLY, errno.EACCES: _READ_ONLY, errno.EPERM: _READ_ONLY}


@contextmanager
def writing_into(folder: Path) -> Iterator[None]:
    """An OSError while writing into folder (a full disk, a read-only folder) as the one
    problem a user can fix, naming the folder, instead of a traceback."""
    try:
        yield
    except OSError as error:
        advice = _ADVICE.get(error.errno or 0, "choose another --out")
        raise RespackError(Problem(folder, f"cannot write into this folder: {error.strerror or error}; {advice}")) \
            from error


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
