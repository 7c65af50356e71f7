"""The built site in headless Chromium (Debian's package): direction, layout, screenshots."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO

CHROMIUM = shutil.which("chromium")
ARTIFACTS = REPO / "test-artifacts" / "screenshots"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("Debian's chromium is missing: `make test` installs it")
    pytest.skip("chromium is not installed (make test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(sample_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(sample_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


PAGES = {
    "home": "",
    "issue": "issues/1/",
    "paper": "papers/classification-2012/",
    "author": "authors/noa-barkai/",
}


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["he", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_render_in_their_direction(
    server: str, browser, lang: str, name: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    external: list[str] = []
    page.on(
        "request",
        lambda r: (
            external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None
        ),
    )
    prefix = "" if lang == "he" else "en/"
    page.goto(server + prefix + PAGES[name], wait_until="networkidle")
    direction = page.evaluate("getComputedStyle(document.documentElement).direction")
    assert direction == ("rtl" if lang == "he" else "ltr")
    # The header's logo sits at the start of the line: right in Hebrew, left in English.
    start = ".md-header__button.md-logo:visible, label.md-header__button[for=__drawer]:visible"
    box = page.locator(start).first
    x = box.bounding_box()
    assert x is not None
    at_right = x["x"] > width / 2
    assert at_right == (lang == "he")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Heebo" in font
    assert external == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{lang}-{name}-{width}.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("lang", ["he", "en"])
def test_email_edition_renders_in_its_direction(server: str, browser, lang: str) -> None:
    page = browser.new_page(viewport={"width": 700, "height": 900})
    prefix = "" if lang == "he" else "en/"
    page.goto(server + prefix + "issues/4/email.html", wait_until="networkidle")
    heading = page.locator("h1")
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == (
        "rtl" if lang == "he" else "ltr"
    )
    box = heading.bounding_box()
    table = page.locator("table.container").bounding_box()
    assert box is not None and table is not None
    assert table["width"] <= 600
    # Text hugs the start edge: right in Hebrew, left in English.
    heading_width = page.evaluate(
        "(() => { const r = document.createRange();"
        " r.selectNodeContents(document.querySelector('h1'));"
        " const b = r.getBoundingClientRect(); return [b.left, b.right]; })()"
    )
    left, right = heading_width
    if lang == "he":
        assert table["x"] + table["width"] - right < 40
    else:
        assert left - table["x"] < 40
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{lang}-email-700.png"), full_page=True)
    page.close()
