"""`respack serve` of a rollout in a real browser (Debian's Chromium, driven by Playwright): the
Kazakhstan card of each of six clinics, in Kazakh and Russian.

The page chooses a site, a language and a format; after a save, what it shows is rendered
first (one worker: strictly first) and shown before the others are done; two saves in quick
succession end with the last; a render that fails is said on the page, and the server stays
up; page images asked for all at once while it builds are drawn (PDFium, which is not
thread-safe, once ended the server); SIGTERM, as `kill` sends it, ends the server and its
workers while it builds. The times are printed (`pytest -s`); bench/serving.py measures them.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from running import session_processes
from serving import CLINICS, KK_DUTY, KK_LABEL, KK_NIGHT, UPDATE_S, ClinicsServer
from support import page_texts, squash

pytestmark = pytest.mark.usefixtures("no_script_error")  # each test also fails when the page's script threw

CHOSEN = "kz-sites/clinic-0004/kk/wallet-card"
CHOSEN_CARD = f'.document[data-id="{CHOSEN}"]'
BUILD_S = 240  # every card of the rollout, on a loaded machine; a hang is still caught
STOP_S = 10  # generous: the server stops within a second or two (bench/serving.py measures it)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClinicsServer]:
    server = ClinicsServer(tmp_path_factory.mktemp("rollout"))
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture(scope="module")
def page(browser, server, script_errors):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    opened = context.new_page()
    opened.on("pageerror", lambda error: script_errors.append(str(error)))
    opened.set_default_timeout(UPDATE_S * 1000)
    opened.goto(server.url)
    server.wait_state(lambda state: len(state["documents"]) == 2 * CLINICS and not state["building"], BUILD_S)
    yield opened
    context.close()



def shown_cards(page) -> list[str]:
    return page.eval_on_selector_all(".document:not([hidden])", "(cards) => cards.map((card) => card.dataset.id)")


def wait_images(page, selector: str) -> None:
    page.wait_for_function("""(selector) => { const images = [...document.querySelectorAll(selector)];
        return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0); }""",
                           arg=selector)


def prints(server: ClinicsServer, ident: str, label: str) -> bool:
    """Whether a document's PDF, as the server serves it now, prints label (on one line or two)."""
    pdf = server.document(server.state(), ident)["pdf"]
    assert pdf, f"{ident} has no PDF"
    return squash(label) in squash(" ".join(page_texts(server.client.get(pdf).content)))


def settled(server: ClinicsServer, label: str) -> dict[str, Any]:
    """The state once a build is done whose chosen card prints label."""
    return server.wait_state(lambda state: not state["building"] and not state["errors"]
                             and prints(server, CHOSEN, label), BUILD_S)


class Events:
    """One page's event stream, kept in a thread: every state the server sends."""

    def __init__(self, url: str) -> None:
        self.states: queue.Queue[dict[str, Any]] = queue.Queue()
        self.connected = threading.Event()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._listen, args=(url,), daemon=True)
        self.thread.start()
        assert self.connected.wait(10), "the event stream sent no state"

    def _listen(self, url: str) -> None:
        try:
            with httpx.Client(base_url=url, timeout=httpx.Timeout(10, read=30)) as client, \
                    client.stream("GET", "/events") as response:
                for line in response.iter_lines():
                    if line.startswith("data:"):
                        self.states.put(json.loads(line[5:]))
                        self.connected.set()
                    if self.done.is_set():
                        return
        except httpx.HTTPError:  # the server stopped: built_order says what it saw
            pass

    def built_order(self, seconds: float) -> list[str]:
        """The documents shown from a build (their pages in memory, before their files land), in
        the order they were, until a state of a build done."""
        order: list[str] = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            state = self.states.get(timeout=left)
            order += [d["id"] for d in state["documents"]
                      if d["pages"] and d["pages"][0].startswith("/built/") and d["id"] not in order]
            if order and not state["building"]:
                self.done.set()
                return order
        raise AssertionError(f"no build was done in {seconds} s; shown so far: {order}")


def test_the_page_chooses_a_site_a_language_and_a_format(page, server):
    page.locator("#site-choice").wait_for()
    options = page.eval_on_selector_all("#site option", "(options) => options.map((o) => o.value)")
    assert options == ["", *(f"clinic-{n:04d}" for n in range(CLINICS))]
    # A rollout's cards one site at a time: the first, to begin with.
    assert page.input_value("#site") == "clinic-0000"
    assert shown_cards(page) == ["kz-sites/clinic-0000/kk/wallet-card", "kz-sites/clinic-0000/ru/wallet-card"]
    assert "Test clinic 0" in page.locator(".document:not([hidden]) h2").first.inner_text()
    page.select_option("#site", "clinic-0004")
    page.select_option("#language", "kk")
    assert shown_cards(page) == [CHOSEN]
    wait_images(page, f"{CHOSEN_CARD} img")  # a site's pages, drawn when asked for
    page.select_option("#format", "wallet-card")
    assert shown_cards(page) == [CHOSEN]
    page.select_option("#site", "")
    assert len(shown_cards(page)) == CLINICS  # every clinic's Kazakh card
    page.select_option("#site", "clinic-0004")


def test_a_save_shows_the_chosen_site_first(page, server):
    events = Events(server.url)
    before = page.locator(f"{CHOSEN_CARD} img").first.get_attribute("src")
    start = time.monotonic()
    server.relabel(KK_NIGHT)  # every Kazakh card changes
    page.wait_for_function("""([selector, before]) => { const img = document.querySelector(selector);
        return img.getAttribute('src') !== before && img.complete && img.naturalWidth > 0; }""",
                           arg=[f"{CHOSEN_CARD} img", before], timeout=BUILD_S * 1000)
    shown = time.monotonic() - start
    order = events.built_order(BUILD_S)
    print(f"\nthe chosen clinic's card shown {shown:.1f} s after the save; every card {time.monotonic() - start:.1f} s")
    assert order[0] == CHOSEN, order
    # A site's row is in the key of each of its cards: the Russian ones are made again too, after.
    assert sorted(order) == sorted(f"kz-sites/clinic-{n:04d}/{language}/wallet-card"
                                   for n in range(CLINICS) for language in ("kk", "ru")), order
    assert prints(server, CHOSEN, KK_NIGHT)
    # Still the chosen card, and only it, on the page.
    assert shown_cards(page) == [CHOSEN]
    wait_images(page, f"{CHOSEN_CARD} img")


def test_two_saves_in_quick_succession_the_last_wins(page, server):
    server.relabel(KK_DUTY)
    time.sleep(0.3)
    server.relabel(KK_LABEL)
    state = settled(server, KK_LABEL)
    assert not any(d["failed"] or d["stale"] for d in state["documents"]), state["documents"]
    for number in range(CLINICS):
        card = f"kz-sites/clinic-{number:04d}/kk/wallet-card"
        assert prints(server, card, KK_LABEL) and not prints(server, card, KK_DUTY), card
    assert server.process.poll() is None
    assert not [line for line in server.quiet_for(0.5) + server.seen if "Traceback" in line]
    wait_images(page, f"{CHOSEN_CARD} img")


def test_page_images_asked_for_at_once_while_it_builds(page, server):
    """Every card's pages, eight at a time, while a build renders and joins the rollout's sheets."""
    pages = [url for d in server.state()["documents"] for url in d["pages"]]
    server.relabel(KK_NIGHT)
    server.wait_state(lambda state: state["building"], UPDATE_S)
    with ThreadPoolExecutor(8) as pool:
        for _ in range(3):
            answers = list(pool.map(lambda url: server.client.get(url), pages))
            assert all(a.status_code == 200 and a.content.startswith(b"\x89PNG") for a in answers), \
                [(a.status_code, a.text[:100]) for a in answers if a.status_code != 200]
    settled(server, KK_NIGHT)
    assert server.process.poll() is None, "the server died"


def test_a_render_that_fails_is_on_the_page_and_the_server_stays_up(page, server):
    template = server.root / "layouts" / "wallet-card" / "template.html"
    good = template.read_text(encoding="utf-8")
    # Compiles, and the check's card of the longest name passes it: it fails as one clinic's card renders.
    failing = '{{ title }}{% if site_name == "Test clinic 3" %}{{ 1 // 0 }}{% endif %}'
    template.write_text(good.replace("{{ title }}", failing, 1), encoding="utf-8")
    try:
        page.locator("#errors").wait_for(state="visible", timeout=BUILD_S * 1000)
        error = page.locator("#errors li").first.inner_text()
        assert "layouts/wallet-card/template.html:9: template error: integer division" in error, error
        assert "rendering kz-sites/clinic-0003/" in error, error  # which card
        page.locator(f"{CHOSEN_CARD}.stale").wait_for()  # the last good pages, greyed
        assert server.client.get("/api/state").status_code == 200
        assert server.client.get("/").status_code == 200
        assert server.process.poll() is None
    finally:
        template.write_text(good, encoding="utf-8")
    page.locator("#errors").wait_for(state="hidden", timeout=BUILD_S * 1000)
    server.wait_state(lambda state: not state["building"] and not state["errors"], BUILD_S)
    assert page.locator(".document.stale").count() == 0


def test_a_worker_killed_while_it_renders_is_said_and_the_next_save_builds(page, server):
    server.relabel(KK_DUTY)
    server.wait_state(lambda state: state["building"] and any(
        d["pages"] and d["pages"][0].startswith("/built/") for d in state["documents"]), UPDATE_S)
    workers = [pid for pid in session_processes(server.process.pid)
               if pid != server.process.pid and b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    page.locator("#errors").wait_for(state="visible")
    assert "a worker process ended" in page.locator("#errors li").first.inner_text()
    assert server.process.poll() is None
    server.relabel(KK_NIGHT)
    settled(server, KK_NIGHT)
    page.locator("#errors").wait_for(state="hidden")


def test_sigterm_while_it_builds_stops_the_server_and_its_workers(page, server):
    server.relabel(KK_LABEL)
    server.wait_state(lambda state: state["building"], UPDATE_S)
    time.sleep(1)  # the workers render
    assert len(session_processes(server.process.pid)) > 1
    start = time.monotonic()
    server.process.send_signal(signal.SIGTERM)  # to the server alone, as `kill` sends it
    server.process.wait(timeout=STOP_S)
    stopped = time.monotonic() - start
    deadline = time.monotonic() + STOP_S
    while session_processes(server.process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = time.monotonic() - start
    print(f"\nstopped {stopped:.2f} s after SIGTERM, with every worker {left:.2f} s")
    assert not session_processes(server.process.pid), "processes outlived the server"
    page.locator("#status.offline").wait_for()


def test_a_server_killed_outright_leaves_no_process(tmp_path):
    """SIGKILL: no handler runs; its render workers and its page images' process end by themselves."""
    server = ClinicsServer(tmp_path)
    try:
        document = server.state()["documents"][0]
        assert server.client.get(document["pages"][0]).status_code == 200  # the page images' process runs
        server.relabel(KK_NIGHT)
        server.wait_state(lambda state: state["building"], UPDATE_S)
        assert len(session_processes(server.process.pid)) >= 3  # the server, a render worker, the images'
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=STOP_S)
        deadline = time.monotonic() + STOP_S
        while session_processes(server.process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not session_processes(server.process.pid), "processes outlived the server"
    finally:
        server.kill()
