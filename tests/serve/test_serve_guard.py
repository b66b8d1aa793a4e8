"""`respack serve` answers to its own names only, and its page holds no path of the machine.

A web page elsewhere can make the browser send requests to 127.0.0.1 under its own name
(DNS rebinding): such a request carries that name in its Host header and gets 400, on every
route. What the page is sent names files relative to the current folder or the pack's, never
by their absolute paths: the server here runs in one folder and serves a pack in another.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import installation
from serving import PreviewServer

RU = "kazakhstan/ru/wallet-card"
# A stylesheet that asks for an image that is not there: WeasyPrint says so, with its file:// URL.
MISSING_IMAGE = "\nbody { background-image: url(missing-texture.png); }\n"


def status(url: str, path: str, host: str | None, version: str = "1.1") -> int:
    """The status of a GET with this Host header (none if None), as a browser or a script sends it."""
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    header = f"Host: {host}\r\n" if host is not None else ""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"GET {path} HTTP/{version}\r\n{header}Connection: close\r\n\r\n".encode())
        answer = b""
        while b"\r\n" not in answer and (chunk := connection.recv(4096)):  # /events never ends: the status is enough
            answer += chunk
    return int(answer.split(b" ", 2)[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """`respack serve` of a project in one folder, started from another."""
    root = tmp_path_factory.mktemp("guard")
    (root / "elsewhere").mkdir()
    running = PreviewServer(root / "project", cwd=root / "elsewhere")
    try:
        yield running
    finally:
        running.kill()


def routes(server: PreviewServer) -> list[str]:
    """A path of each route: the page, an asset, the state, the events, a PDF, a page image."""
    document = server.document(server.state(), RU)
    return ["/", "/assets/preview.js", "/api/state", "/events", document["pdf"], document["pages"][0],
            "/failed/x-1.png", "/pages/x/1.png"]


def test_another_host_gets_400_on_every_route(server: PreviewServer) -> None:
    port = server.url.rstrip("/").rsplit(":", 1)[1]
    for path in routes(server):
        for host in ("evil.example", f"evil.example:{port}", f"localhost.evil.example:{port}", "127.0.0.1.nip.io",
                     f"[::2]:{port}", "[::1", f"localhost:{port}:{port}", "", f"192.0.2.1:{port}"):
            assert status(server.url, path, host) == 400, (path, host)
    assert status(server.url, "/api/state", None, version="1.0") == 400


def test_its_own_names_get_200(server: PreviewServer) -> None:
    port = server.url.rstrip("/").rsplit(":", 1)[1]
    for path in routes(server)[:6]:
        for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost", "127.0.0.1", f"[::1]:{port}",
                     f"LocalHost:{port}"):
            assert status(server.url, path, host) == 200, (path, host)


def no_machine_path(text: str, root: Path) -> None:
    for path in (str(root), str(root.resolve()), "/root", "/home", "/tmp", "file://", str(installation.CONTENT_DIR)):
        assert path not in text, f"{path} in {text}"


def test_warnings_and_the_engines_messages_hold_no_absolute_path(server: PreviewServer) -> None:
    style = server.root / "layouts" / "wallet-card" / "style.css"
    good = style.read_text(encoding="utf-8")
    style.write_text(good + MISSING_IMAGE, encoding="utf-8")
    try:
        state = server.wait_state(lambda s: bool(s["errors"]) or server.document(s, RU)["failed"])
        text = server.client.get("/api/state").text
        assert "missing-texture.png" in text and json.loads(text)["warnings"], text
        no_machine_path(text, server.root.parent)
        warning = next(w for w in state["warnings"] if "ru.yaml" in w["file"])
        assert warning["file"] == "content/kz/domestic-violence/ru.yaml", warning  # relative to the pack's folder
    finally:
        style.write_text(good, encoding="utf-8")
    server.wait_state(lambda s: not s["errors"] and not s["building"] and not any(d["failed"] for d in s["documents"]))


def test_a_broken_pack_file_outside_the_current_folder_holds_no_absolute_path(server: PreviewServer) -> None:
    good = server.pack.read_text(encoding="utf-8")
    server.pack.write_text(good.replace("languages: [en, ru]", "languages: [en, ru"), encoding="utf-8")
    try:
        state = server.wait_state(lambda s: bool(s["errors"]))
        text = server.client.get("/api/state").text
        no_machine_path(text, server.root.parent)
        assert state["errors"][0]["file"] == "kazakhstan.yaml", state["errors"]
        assert state["errors"][0]["text"].startswith("kazakhstan.yaml:"), state["errors"]
    finally:
        server.pack.write_text(good, encoding="utf-8")
    server.wait_state(lambda s: not s["errors"] and not s["building"])


def test_a_file_of_the_installed_program_is_named_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shown_path = installation.shown_path
    assert shown_path(installation.CONTENT_DIR / "kz" / "country.yaml") == "(respack) content/kz/country.yaml"
    assert shown_path(tmp_path / "pack.yaml") == "pack.yaml"
    assert shown_path(Path("/nowhere/else/pack.yaml")) == "…/pack.yaml"


def test_listening_on_every_address_answers_to_the_machines_names(tmp_path: Path) -> None:
    server = PreviewServer(tmp_path, "--host", "0.0.0.0", "--allow-host", "preview.example")
    try:
        port = server.url.rstrip("/").rsplit(":", 1)[1]
        for host in (f"{socket.gethostname()}:{port}", f"{socket.gethostname()}.local", f"192.0.2.1:{port}",
                     f"0.0.0.0:{port}", f"[2001:db8::1]:{port}", f"preview.example:{port}", f"localhost:{port}"):
            assert status(server.url, "/api/state", host) == 200, host
        assert status(server.url, "/api/state", f"evil.example:{port}") == 400
    finally:
        server.kill()
