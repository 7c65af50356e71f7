"""The web editor's sign-in screen in headless Chromium, with the network cut off: the pinned
script reads the generated configuration without an error (a configuration it rejects shows
"There is an error in the CMS configuration" in place of the sign-in choices, naming the
collection and field), and nothing leaves the site: its fonts come from /admin/, and what
Sveltia would still ask of other hosts the page's Content-Security-Policy refuses before it is
sent."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_support import require_chromium, served, track_external
from conftest import REPO
from maagal.addresses.project import find_project
from maagal.load.site_loader import load_site
from maagal.outputs.cms_config import admin_files

require_chromium()

# What Sveltia CMS 0.221.1 tries to ask of other hosts on its sign-in screen, and the page's
# policy refuses in the browser (no request is made): its check for a new version and GitHub's
# status. A new one here is seen (and refused) before it is allowed.
REFUSED = {"unpkg.com", "www.githubstatus.com"}
_REFUSED_MESSAGE = re.compile(r"^Connecting to '([^']+)' violates the following Content Security")


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    found = find_project(REPO / "mkdocs.yml")
    site, report = load_site(found.layout())
    assert not report, report.format()
    settings = dataclasses.replace(found.settings(), editor_repo="circle/site")
    root = tmp_path_factory.mktemp("admin")
    for rel, content in admin_files(site, settings).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


@pytest.mark.browser
@pytest.mark.slow
def test_the_sign_in_screen_reads_the_configuration_offline(admin: Path, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    external = track_external(page)
    errors: list[str] = []
    refused: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: refused.extend(_REFUSED_MESSAGE.findall(message.text)),
    )
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
        ),
    )
    with served(admin) as base:
        page.goto(base + "admin/")
        # The configuration is accepted: the sign-in choices, under the circle's name (the
        # script wraps names in bidi isolates: U+2068 … U+2069).
        page.get_by_role("button", name=re.compile("Sign In with .*GitHub")).wait_for(
            timeout=20_000
        )
        assert page.get_by_text("המעגל השיתופי").first.is_visible()
        assert page.get_by_role("button", name="Sign In Using Access Token").is_visible()
        page.wait_for_function("document.fonts.status === 'loaded'")
        fonts = page.evaluate("[...document.fonts].map(f => [f.family, f.status])")
        loaded = page.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(n => n.endsWith('.woff2'))"
        )
    assert errors == []
    # Nothing left the site; the interface's fonts and icons are the site's own copies.
    assert external == []
    assert ["Source Sans 3", "loaded"] in fonts and ["Material Symbols Outlined", "loaded"] in fonts
    assert sorted(urlsplit(url).path for url in loaded) == [
        "/admin/fonts/material-symbols-outlined-latin-wght-normal.woff2",
        "/admin/fonts/source-sans-3-latin-wght-normal.woff2",
    ]
    assert {urlsplit(url).hostname for url in refused} <= REFUSED, refused
    page.close()
