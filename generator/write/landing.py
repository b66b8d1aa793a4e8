"""A build's files land in a pack's folder all at once, and one build at a time.

claim() holds a pack's output folder for a whole build, from reading its manifest (to know
what to skip) to the landing: a lock (fcntl.flock on .build.lock), so a second build into the
folder waits for the first. land() puts a build's staged files (generator.write.files) in place
with the manifest that records them, staged as the last of its files (its text never held
whole in memory): it writes a journal first (.landing.json: the renames, the manifest's last,
and the files the build no longer makes), fsync'd, then does what it says and removes it.
Whoever claims the folder next (the next build, `respack where`) completes a journal
it finds before anything else, so a landing stopped half-way (kill -9, a power cut) is finished,
never left half done: the files and the manifest always end up agreeing.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from generator.errors import Problem, RespackError
from generator.write.files import (
    FILE_MODE,
    StagedFile,
    disown,
    own,
    remove_stale_temporaries,
    write_if_changed,
    write_temporary,
    writing_into,
)
from generator.write.manifest import MANIFEST

LOCK = ".build.lock"
JOURNAL = ".landing.json"

Waiting = Callable[[Path, int | None], None]  # the folder, and the process that holds it when known


@contextmanager
def claim(pack_dir: Path, waiting: Waiting = lambda folder, holder: None) -> Iterator[None]:
    """The pack's folder for one build: locked (waiting for another build to let go, after
    waiting() says so), with the last landing completed and the temporary files of builds
    killed before their landing removed."""
    lock = pack_dir / LOCK
    with writing_into(pack_dir):
        pack_dir.mkdir(parents=True, exist_ok=True)
        handle = _lock(lock, lambda: waiting(pack_dir, _holder(lock)))
    own([lock])
    try:
        with writing_into(pack_dir):
            os.ftruncate(handle, 0)
            os.write(handle, f"{os.getpid()}\n".encode())
            _complete(pack_dir)
            remove_stale_temporaries(pack_dir)
        yield
    finally:
        disown([lock])
        lock.unlink(missing_ok=True)  # while still held: see _lock
        os.close(handle)


def _lock(path: Path, waiting: Callable[[], None]) -> int:
    """A descriptor of the file at path, locked; waiting() is called once if another process holds it.

    The holder removes the file as it lets go (no lock file stays in the output), so a lock
    taken on a file that is no longer at path is worth nothing: it is taken again on the new one.
    """
    said = False
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not said:
                    waiting()
                    said = True
                fcntl.flock(handle, fcntl.LOCK_EX)
            if _still_at(handle, path):
                return handle
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)


def _still_at(handle: int, path: Path) -> bool:
    """Whether the file at path is still the one handle opened."""
    try:
        here, there = os.fstat(handle), os.stat(path)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _holder(lock: Path) -> int | None:
    """The process that holds the lock, as it wrote there (not yet, in its first instants)."""
    try:
        return int(lock.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None


def land(pack_dir: Path, staged: Sequence[StagedFile], removals: Sequence[str]) -> None:
    """Put the staged files in place (the manifest among them, staged last) and remove the
    files of the last build this one no longer makes: all of it, or (until the journal is on
    disk) none of it."""
    moving = [(file.temporary, file.path) for file in staged if file.temporary is not None]
    journal = {"renames": [[_inside(pack_dir, place.with_name(temporary.name)), _inside(pack_dir, place)]
                           for temporary, place in moving],
               "removals": list(removals)}
    with writing_into(pack_dir):
        _write_journal(pack_dir, journal, [temporary for temporary, _ in moving])
        _perform(pack_dir, journal)


def finish_landings(out_dir: Path, waiting: Waiting = lambda folder, holder: None) -> None:
    """Complete the landings stopped builds left in out_dir's packs, for a reader of their manifests."""
    for journal in sorted(out_dir.glob(f"*/{JOURNAL}")):
        with claim(journal.parent, waiting):
            pass  # claiming a folder completes its landing


def _write_journal(pack_dir: Path, journal: dict[str, object], temporaries: list[Path]) -> None:
    """The journal on disk (fsync'd, then renamed into place); from then on, the temporary files
    it names are for it to land, not for a stop (abandon_writes) or a failure to remove."""
    written = write_temporary(pack_dir / JOURNAL, json.dumps(journal, ensure_ascii=False).encode())
    disown(temporaries)
    try:
        os.replace(written, pack_dir / JOURNAL)
    except OSError:
        written.unlink(missing_ok=True)
        own(temporaries)  # nothing landed: they are the caller's to discard
        raise
    finally:
        disown([written])
    _sync(pack_dir)


def _complete(pack_dir: Path) -> None:
    """Do what a journal left in the folder says, if there is one."""
    path = pack_dir / JOURNAL
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except ValueError:
        journal = None
    if not _readable(journal):
        raise RespackError(Problem(path, "a stopped build left this record of its last files, and it cannot be "
                                         "read: remove it, and build again with --force"))
    _perform(pack_dir, journal)


def _perform(pack_dir: Path, journal: dict) -> None:
    """What the journal says, then its removal. A rename already done is skipped, so a landing
    stopped half-way is completed by doing it again."""
    for temporary, place in journal["renames"]:
        if (pack_dir / temporary).exists():
            os.replace(pack_dir / temporary, pack_dir / place)
    for name in journal["removals"]:
        (pack_dir / name).unlink(missing_ok=True)
    if "manifest" in journal:  # the text itself, in the journal of an earlier version's landing
        write_if_changed(pack_dir / MANIFEST, journal["manifest"].encode())
    for folder in sorted({(pack_dir / place).parent for _, place in journal["renames"]}):
        _sync(folder)  # every rename on disk before the journal goes
    (pack_dir / JOURNAL).unlink()
    _sync(pack_dir)


def _readable(journal: object) -> bool:
    """A journal as land() writes it, naming files inside the pack's folder only."""
    if not isinstance(journal, dict):
        return False
    try:
        names = [*journal["removals"], *(name for pair in journal["renames"] for name in pair)]
        renames_are_pairs = all(len(pair) == 2 for pair in journal["renames"])
    except (TypeError, KeyError):
        return False
    manifest = journal.get("manifest", "")  # an earlier version's journal holds the manifest's text
    return renames_are_pairs and isinstance(manifest, str) and all(
        isinstance(name, str) and name and not name.startswith("/") and ".." not in PurePosixPath(name).parts
        for name in names)


def _inside(pack_dir: Path, path: Path) -> str:
    return path.relative_to(pack_dir).as_posix()


def _sync(folder: Path) -> None:
    """The folder's entries (names made, renamed, removed) on disk."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
