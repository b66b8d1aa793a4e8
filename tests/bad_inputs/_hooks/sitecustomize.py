"""Fault injection for the `respack` subprocesses of tests/packs/test_bad_inputs.py and tests/write/test_interrupt.py.

The tests put this folder on PYTHONPATH, so Python imports this module at start-up. It does
nothing unless one of these environment variables is set:

RESPACK_TEST_NETWORK_LOG=FILE
    Every attempt to resolve a host name or open an internet socket is written to FILE and
    fails, so a test can assert that a build never touched the network.
RESPACK_TEST_SLOW_FSYNC=SECONDS and RESPACK_TEST_FSYNC_MARKER=FILE
    Every os.fsync() appends a line to FILE (process id and file); the first one of each process
    then sleeps SECONDS: the test waits for the marker and interrupts the build while a
    temporary file is half-way to its final name. Later calls are not slowed down.
"""

from __future__ import annotations

import os
import time

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
_fsync_marker = os.environ.get("RESPACK_TEST_FSYNC_MARKER")
if _slow_fsync and _fsync_marker:
    _fsync = os.fsync
    _delay = [float(_slow_fsync)]

    def _name(fd: int) -> str:
        try:
            return os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return str(fd)

    def fsync(fd: int) -> None:
        with open(_fsync_marker, "a", encoding="utf-8") as marker:
            marker.write(f"{os.getpid()} fsync {_name(fd)}\n")
        delay, _delay[0] = _delay[0], 0.0
        time.sleep(delay)
        _fsync(fd)

    os.fsync = fsync
