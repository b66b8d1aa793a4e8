"""`respack serve` without a browser: its routes, the files it refuses, what a second page
sees, errors on the page, and Ctrl-C.

The tests run in order against one server (tests/serving.py), each leaving the content as
it found it; the last one stops it.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import threading
import time
from typing import Any

import httpx

from running import NEW_TITLE, OLD_TITLE, RESPACK, edit, session_processes
from serving import LONG_SHORT, OLD_SHORT, UPDATE_S, serve_project

EN, RU = "kazakhstan/en/wallet-card", "kazakhstan/ru/wallet-card"


def raw_get(url: str, path: str) -> tuple[int, bytes]:
    """GET a path as written, not normalised as an HTTP library would (`/../` kept)."""
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer.partition(b"\r\n\r\n")[2]


def test_listens_on_loopback_and_serves_the_page(preview_server):
    assert preview_server.url.startswith("http://127.0.0.1:"), preview_server.url
    page = preview_server.client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for asset in ("/assets/preview.css", "/assets/preview.js"):
        assert preview_server.client.get(asset).status_code == 200, asset
    assert preview_server.client.get("/assets/nothing.js").status_code == 404


def test_every_document_with_its_pages_pdf_and_checks(preview_server):
    state = preview_server.state()
    assert [d["id"] for d in state["documents"]] == [EN, RU]
    assert not state["errors"]
    for document in state["documents"]:
        assert not document["failed"] and not document["problems"], document
        assert len(document["pages"]) == 2  # front and back
        for page in document["pages"]:
            response = preview_server.client.get(page)
            assert response.status_code == 200 and response.content.startswith(b"\x89PNG"), page
        pdf = preview_server.client.get(document["pdf"])
        assert pdf.content.startswith(b"%PDF"), document["pdf"]
        assert "tel:+77152493158" in document["verified"] and "https://wa.me/77084324561" in document["verified"]
        assert document["as_of"] == "2026-11-25"  # the oldest date of the facts it prints
    assert not preview_server.document(state, EN)["draft"]
    assert preview_server.document(state, RU)["draft"]


def test_no_path_outside_the_output_and_the_assets(preview_server):
    (preview_server.root / "output" / "secret.pdf").write_bytes(b"%PDF not of the pack")
    attempts = [
        "/files/../kazakhstan.yaml", "/files/kazakhstan/../../kazakhstan.yaml", "/files/kazakhstan/../secret.pdf",
        "/files/%2e%2e/kazakhstan.yaml", "/files/kazakhstan/%2e%2e/%2e%2e/content/kz/country.yaml",
        "/files/kazakhstan/en/..%2f..%2f..%2fkazakhstan.yaml", "/files//etc/passwd", "/files/%2fetc%2fpasswd",
        "/assets/../preview_server.py", "/assets/%2e%2e%2fpreview_server.py", "/assets/..%2f..%2fcli.py",
        "/failed/../../kazakhstan.yaml", "/files/kazakhstan/manifest.json", "/../../../etc/passwd",
    ]
    for path in attempts:
        status, body = raw_get(preview_server.url, path)
        assert status in (400, 404), (path, status)
        assert b"PDF" not in body and b"root:" not in body and b"contacts" not in body, (path, body[:200])


def _listen(url: str, received: queue.Queue[dict[str, Any]], connected: threading.Event, seconds: float) -> None:
    """One page's event stream: every state it is sent, for so many seconds."""
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=url, timeout=httpx.Timeout(10, read=15)) as client, \
            client.stream("GET", "/events") as response:
        for line in response.iter_lines():
            if line.startswith("data:"):
                received.put(json.loads(line[5:]))
                connected.set()
            if time.monotonic() > deadline:
                return


def _rebuilt(received: queue.Queue[dict[str, Any]], before: list[str], seconds: float) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        state = received.get(timeout=left)
        ru = next(d for d in state["documents"] if d["id"] == RU)
        if not state["building"] and ru["pages"] != before:
            return state
    raise AssertionError("no state with the Russian card rebuilt")


def test_two_pages_see_the_same_update(preview_server):
    before = preview_server.state()
    streams = [(queue.Queue(), threading.Event()) for _ in range(2)]
    threads = [threading.Thread(target=_listen, args=(preview_server.url, received, connected, UPDATE_S), daemon=True)
               for received, connected in streams]
    for thread in threads:
        thread.start()
    for _, connected in streams:
        assert connected.wait(10), "an event stream sent no state"
    edit(preview_server.guidance, OLD_TITLE, NEW_TITLE)
    try:
        seen = [_rebuilt(received, preview_server.document(before, RU)["pages"], UPDATE_S)
                for received, _ in streams]
    finally:
        edit(preview_server.guidance, NEW_TITLE, OLD_TITLE)
    first, second = (preview_server.document(state, RU) for state in seen)
    assert first["pages"] == second["pages"]
    # Only the changed document was rebuilt: the English card's pages are the same files.
    assert [preview_server.document(state, EN)["pages"] for state in seen] == \
        [preview_server.document(before, EN)["pages"]] * 2
    assert preview_server.client.get(first["pages"][0]).status_code == 200
    for thread in threads:
        thread.join(UPDATE_S + 20)
    preview_server.wait_state(lambda s: preview_server.document(s, RU)["pages"]
                              == preview_server.document(before, RU)["pages"] and not s["building"])


def test_a_mistake_in_a_file_is_on_the_page_with_its_line(preview_server):
    good = preview_server.document(preview_server.state(), RU)
    text = preview_server.guidance.read_text(encoding="utf-8")
    preview_server.guidance.write_text(text.replace("status: draft", "status: [draft"), encoding="utf-8")
    try:
        state = preview_server.wait_state(lambda s: bool(s["errors"]))
        error = state["errors"][0]
        assert error["file"].endswith("ru.yaml") and error["line"], error
        assert error["text"].startswith("content/kz/domestic-violence/ru.yaml:"), error
        # The last good pages stay, marked stale, and are still served.
        ru = preview_server.document(state, RU)
        assert ru["stale"] and ru["pages"] == good["pages"]
        assert preview_server.client.get(ru["pages"][0]).status_code == 200
    finally:
        preview_server.guidance.write_text(text, encoding="utf-8")
    state = preview_server.wait_state(lambda s: not s["errors"] and not s["building"])
    assert not preview_server.document(state, RU)["stale"]


def test_a_fit_error_is_located_on_its_page(preview_server):
    good = preview_server.document(preview_server.state(), RU)
    edit(preview_server.guidance, OLD_SHORT, LONG_SHORT)
    try:
        state = preview_server.wait_state(lambda s: preview_server.document(s, RU)["failed"])
        ru = preview_server.document(state, RU)
        located = [p for p in ru["problems"] if p["box"]]
        assert located, ru["problems"]
        assert all(p["page"] == 2 and "ЗащитаЖенщин" in p["message"] for p in located), located
        assert {p["kind"] for p in located} <= {"overlap", "cut-off", "clipped", "too-wide", "touching"}, located
        for problem in located:
            x0, y0, x1, y1 = problem["box"]
            assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1, problem
        # The failed render's pages are served from memory; the last good ones stay in place.
        assert len(ru["failed_pages"]) == 2
        assert preview_server.client.get(ru["failed_pages"][1]).content.startswith(b"\x89PNG")
        assert ru["pages"] == good["pages"]
        assert not preview_server.document(state, EN)["failed"]
    finally:
        edit(preview_server.guidance, LONG_SHORT, OLD_SHORT)
    state = preview_server.wait_state(lambda s: not preview_server.document(s, RU)["failed"])
    assert not preview_server.document(state, RU)["problems"]


def test_a_code_that_did_not_scan_is_located_and_a_layout_save_rebuilds(preview_server):
    style = preview_server.root / "layouts" / "wallet-card" / "style.css"
    good = style.read_text(encoding="utf-8")
    style.write_text(good + "\n.qr.whatsapp img { visibility: hidden; }\n", encoding="utf-8")
    try:
        state = preview_server.wait_state(lambda s: all(d["failed"] for d in s["documents"]))
        for document in state["documents"]:
            located = [p for p in document["problems"] if p["box"]]
            assert [(p["kind"], p["contact"], p["payload"]) for p in located] == \
                [("qr-unreadable", "women-police-whatsapp", "https://wa.me/77084324561")], located
            assert located[0]["page"] == 2
            x0, y0, x1, y1 = located[0]["box"]
            assert 0 < x0 < x1 < 1 and 0 < y0 < y1 < 1 and abs((x1 - x0) * 85.6 - (y1 - y0) * 53.98) < 1  # square
            assert "https://wa.me/77084324561" not in document["verified"]
    finally:
        style.write_text(good, encoding="utf-8")
    preview_server.wait_state(lambda s: not any(d["failed"] or d["problems"] for d in s["documents"]))


def test_ctrl_c_stops_the_server(preview_server):
    code = preview_server.stop()
    printed = "\n".join(preview_server.seen)
    assert code == 0, printed
    assert printed.endswith("Stopped."), printed
    assert "Traceback" not in printed and "ERROR" not in printed, printed
    deadline = time.monotonic() + 10
    while session_processes(preview_server.process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not session_processes(preview_server.process.pid), "processes outlived the server"


def test_another_host_is_warned_of_and_a_taken_port_is_a_clear_error(tmp_path):
    pack = serve_project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.2", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([str(RESPACK), "serve", str(pack), "--host", "127.0.0.2", "--port", str(port)],
                                capture_output=True, text=True, timeout=60, cwd=tmp_path,
                                env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("warning: listening on 127.0.0.2: other computers"), lines
    assert lines[1].startswith(f"error: --port: cannot listen on 127.0.0.2:{port}:"), lines
    assert "Traceback" not in result.stderr
