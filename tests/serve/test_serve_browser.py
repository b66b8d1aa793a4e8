"""`respack serve` in a real browser: Debian's Chromium, driven by Playwright.

The page loads every document's pages; a saved edit changes the image in place, with no
reload and the scroll position kept; a line too long for the card is drawn as a red box
over the page where it runs off, with its message, and goes once fixed.
"""

from __future__ import annotations

import pytest

from running import NEW_TITLE, OLD_TITLE, edit
from serving import LONG_SHORT, OLD_SHORT, UPDATE_S

pytestmark = pytest.mark.usefixtures("no_script_error")  # each test also fails when the page's script threw

RU_CARD = '.document[data-id="kazakhstan/ru/wallet-card"]'
EN_CARD = '.document[data-id="kazakhstan/en/wallet-card"]'
WAIT_MS = UPDATE_S * 1000


@pytest.fixture(scope="module")
def page(browser, preview_server, script_errors):
    context = browser.new_context(viewport={"width": 700, "height": 500})
    opened = context.new_page()
    opened.on("pageerror", lambda error: script_errors.append(str(error)))
    opened.set_default_timeout(WAIT_MS)
    opened.goto(preview_server.url)
    opened.wait_for_function("window.previewState && !window.previewState.building")
    yield opened
    context.close()



def test_every_document_and_page_loads(page, preview_server):
    state = preview_server.state()
    expected = sum(len(document["pages"]) for document in state["documents"])
    page.wait_for_function("""(n) => document.querySelectorAll('.document img').length === n
        && [...document.querySelectorAll('.document img')].every((img) => img.complete && img.naturalWidth > 0)""",
                           arg=expected)
    assert page.locator(".document").count() == len(state["documents"]) == 2
    assert "Draft translation" in page.locator(RU_CARD).inner_text()
    assert "Information as of 2026-11-25" in page.locator(EN_CARD).inner_text()  # the oldest fact it prints
    assert "QR codes verified" in page.locator(EN_CARD).inner_text()
    page.locator(f"{EN_CARD} .qr summary").click()
    assert "tel:+77152493158" in page.locator(f"{EN_CARD} .qr ul").inner_text()
    # A click opens the page large, with its PDF.
    page.locator(f"{EN_CARD} .page").first.click()
    assert page.locator("#large .page-large img").is_visible()
    assert page.locator("#large a").get_attribute("href").startswith("/files/kazakhstan/en/wallet-card.pdf?v=")
    page.keyboard.press("Escape")
    page.locator("#large").wait_for(state="hidden")
    # The filters: one language at a time.
    page.select_option("#language", "ru")
    assert page.locator(EN_CARD).is_hidden() and page.locator(RU_CARD).is_visible()
    page.select_option("#language", "")
    assert page.locator(EN_CARD).is_visible()


def test_a_saved_edit_updates_the_image_without_reloading(page, preview_server):
    page.evaluate("window.loadedOnce = 'the same page'; window.scrollTo(0, 120)")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0, "the page is too short to scroll: the test would not show the scroll is kept"
    before = page.locator(f"{RU_CARD} img").first.get_attribute("src")
    english = page.locator(f"{EN_CARD} img").first.get_attribute("src")
    edit(preview_server.guidance, OLD_TITLE, NEW_TITLE)
    try:
        page.wait_for_function(
            """(before) => { const img = document.querySelector('[data-id="kazakhstan/ru/wallet-card"] img');
                return img.getAttribute('src') !== before && img.complete && img.naturalWidth > 0; }""", arg=before)
        assert page.evaluate("window.loadedOnce") == "the same page"  # no reload
        assert page.evaluate("window.scrollY") == scrolled
        assert page.locator(f"{EN_CARD} img").first.get_attribute("src") == english  # not rebuilt
    finally:
        edit(preview_server.guidance, NEW_TITLE, OLD_TITLE)
    page.wait_for_function("(before) => document.querySelector('[data-id=\"kazakhstan/ru/wallet-card\"] img')"
                           ".getAttribute('src') === before", arg=before)


def test_a_line_too_long_is_drawn_where_it_runs_off_and_goes_once_fixed(page, preview_server):
    edit(preview_server.guidance, OLD_SHORT, LONG_SHORT)
    try:
        box = page.locator(f"{RU_CARD} .failed-pages .page[data-page='2'] .problem-box").first
        box.wait_for(state="visible")
        assert "ЗащитаЖенщин" in box.get_attribute("title")
        assert "ЗащитаЖенщин" in page.locator(f"{RU_CARD} .problems").inner_text()
        page.wait_for_function("() => [...document.querySelectorAll('.failed-pages img')]"
                               ".every((img) => img.complete && img.naturalWidth > 0)")
        # Drawn over the page, inside its image.
        image = page.locator(f"{RU_CARD} .failed-pages .page[data-page='2'] img").bounding_box()
        drawn = box.bounding_box()
        assert image and drawn and drawn["width"] > 5 and drawn["height"] > 5
        assert image["x"] <= drawn["x"] and drawn["x"] + drawn["width"] <= image["x"] + image["width"] + 1
        assert image["y"] <= drawn["y"] and drawn["y"] + drawn["height"] <= image["y"] + image["height"] + 1
        # The last written pages stay, greyed.
        last = page.locator(f"{RU_CARD} .last-good img").first
        assert last.evaluate("(img) => getComputedStyle(img).filter").startswith("grayscale")
        assert page.locator(EN_CARD).locator(".problem-box").count() == 0
    finally:
        edit(preview_server.guidance, LONG_SHORT, OLD_SHORT)
    page.locator(f"{RU_CARD} .problem-box").first.wait_for(state="detached")
    assert page.locator(f"{RU_CARD}.failed").count() == 0
    assert page.evaluate("window.loadedOnce") == "the same page"


def test_a_mistake_in_a_file_is_shown_with_its_line_over_the_greyed_pages(page, preview_server):
    good = preview_server.guidance.read_text(encoding="utf-8")
    preview_server.guidance.write_text(good.replace("status: draft", "status: [draft"), encoding="utf-8")
    try:
        page.locator("#errors").wait_for(state="visible")
        assert "content/kz/domestic-violence/ru.yaml:" in page.locator("#errors li").first.inner_text()
        page.locator(f"{RU_CARD}.stale").wait_for()
        filtered = page.locator(f"{RU_CARD} img").first.evaluate("(img) => getComputedStyle(img).filter")
        assert filtered.startswith("grayscale")
    finally:
        preview_server.guidance.write_text(good, encoding="utf-8")
    page.locator("#errors").wait_for(state="hidden")
    assert page.locator(".document.stale").count() == 0
    assert page.evaluate("window.loadedOnce") == "the same page"


def test_ctrl_c_with_the_page_open_stops_the_server(page, preview_server):
    code = preview_server.stop()
    printed = "\n".join(preview_server.seen)
    assert code == 0 and printed.endswith("Stopped."), printed
    page.locator("#status.offline").wait_for()  # the page says it lost the server
