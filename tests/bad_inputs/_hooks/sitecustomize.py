"""Fault injection for the `respack` subprocesses of tests/packs/test_bad_inputs.py, tests/write/test_interrupt.py
and tests/write/test_landing.py.

The tests put this folder on PYTHONPATH, so Python imports this module at start-up. It does
nothing unless one of these environment variables is set:

RESPACK_TEST_NETWORK_LOG=FILE
    Every attempt to resolve a host name or open an internet socket is written to FILE and
    fails, so a test can assert that a build never touched the network.
RESPACK_TEST_SLOW_FSYNC=SECONDS and RESPACK_TEST_FSYNC_MARKER=FILE
    Every os.fsync() appends a line to FILE (process id and file); the first one of each process
    then sleeps SECONDS: the test waits for the marker and interrupts the build while a
    temporary file is half-way to its final name. Later calls are not slowed down.
RESPACK_TEST_FSYNC_GATE=FILE and RESPACK_TEST_FSYNC_MARKER=FILE
    The same, but the first os.fsync() of each process waits until FILE exists, however long.
RESPACK_TEST_KILL_AFTER_PLACING=FOLDER (and RESPACK_TEST_KILL_SIGNAL=SIGTERM, say; SIGKILL if not set)
    The process sends itself the signal right after the first os.replace() that gives a file
    below FOLDER its visible name (not a hidden one): a build stopped during its landing.
RESPACK_TEST_OSERROR=ERRNO:PATH
    Opening a file to write, making a folder, renaming (os.replace) or fsync-ing a path that starts with PATH
    fails with that errno (ENOSPC, EROFS...): a full disk or a read-only folder, even as root.
"""

from __future__ import annotations

import os
import time


def _name(fd: int) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return str(fd)


_network_log = os.environ.get("RESPACK_TEST_NETWORK_LOG")
if _network_log:
    import socket

    def _record(what: str) -> None:
        with open(_network_log, "a", encoding="utf-8") as log:
            log.write(f"{what}\n")

    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex

    def _is_internet(sock: socket.socket) -> bool:
        return sock.family in (socket.AF_INET, socket.AF_INET6)

    def connect(self: socket.socket, address: object) -> None:
        if _is_internet(self):
            _record(f"connect {address!r}")
            raise OSError(f"the test forbids network access (connect {address!r})")
        return _connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if _is_internet(self):
            _record(f"connect_ex {address!r}")
            raise OSError(f"the test forbids network access (connect_ex {address!r})")
        return _connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        _record(f"getaddrinfo {host!r}")
        raise socket.gaierror(f"the test forbids network access (getaddrinfo {host!r})")

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]

_slow_fsync = os.environ.get("RESPACK_TEST_SLOW_FSYNC")
_fsync_gate = os.environ.get("RESPACK_TEST_FSYNC_GATE")
_fsync_marker = os.environ.get("RESPACK_TEST_FSYNC_MARKER")
if (_slow_fsync or _fsync_gate) and _fsync_marker:
    _fsync = os.fsync
    _first = [True]

    def fsync(fd: int) -> None:
        with open(_fsync_marker, "a", encoding="utf-8") as marker:
            marker.write(f"{os.getpid()} fsync {_name(fd)}\n")
        first, _first[0] = _first[0], False
        if first and _fsync_gate:
            while not os.path.exists(_fsync_gate):
                time.sleep(0.02)
        elif first and _slow_fsync:
            time.sleep(float(_slow_fsync))
        _fsync(fd)

    os.fsync = fsync

_kill_below = os.environ.get("RESPACK_TEST_KILL_AFTER_PLACING")
if _kill_below:
    import signal

    _replace = os.replace
    _signal = signal.Signals[os.environ.get("RESPACK_TEST_KILL_SIGNAL", "SIGKILL")]

    def replace(source: object, target: object, **kwargs: object) -> None:
        _replace(source, target, **kwargs)
        path = os.path.abspath(os.fspath(target))  # type: ignore[arg-type]
        if path.startswith(os.path.abspath(_kill_below) + os.sep) and not os.path.basename(path).startswith("."):
            os.kill(os.getpid(), _signal)

    os.replace = replace

_oserror = os.environ.get("RESPACK_TEST_OSERROR")
if _oserror:
    import errno

    _number_name, _prefix = _oserror.split(":", 1)
    _number = getattr(errno, _number_name)
    _open, _mkdir, _os_replace, _os_fsync = os.open, os.mkdir, os.replace, os.fsync
    _WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def _refuse(*paths: object) -> None:
        for path in paths:
            if os.path.abspath(os.fspath(path)).startswith(os.path.abspath(_prefix)):  # type: ignore[arg-type]
                raise OSError(_number, os.strerror(_number), os.fspath(path))  # type: ignore[arg-type]

    def open_(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & _WRITING:
            _refuse(path)
        return _open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def mkdir(path: object, *args: object, **kwargs: object) -> None:
        _refuse(path)
        _mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    def replace_(source: object, target: object, **kwargs: object) -> None:
        _refuse(source, target)
        _os_replace(source, target, **kwargs)  # type: ignore[arg-type]

    def fsync_(fd: int) -> None:
        _refuse(_name(fd))
        _os_fsync(fd)

    os.open, os.mkdir, os.replace, os.fsync = open_, mkdir, replace_, fsync_  # type: ignore[assignment]
