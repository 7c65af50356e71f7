"""Shared browser fixtures: the sample site served on localhost, Debian's chromium, axe-core."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from local_browser import chromium, chromium_path, served

CHROMIUM = chromium_path()
# What the readers' side of the tests runs in (pages, search, the web editor): Debian's build of
# Chromium's headless shell, the same Blink as `chromium` without the desktop browser around it
# (Playwright's own default for headless runs). The browser tests took two thirds of the time in
# it (73 s against 49 s for test_browser.py and test_cms_browser.py, 2026-12-04). The print
# editions and cards are still drawn by the product's Chromium (`chromium`): its pixels differ.
READER_BROWSER = "chromium-headless-shell"
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_chromium() -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError("Debian's chromium is missing: `make test` installs it")
        pytest.skip("chromium is not installed (make test installs it)", allow_module_level=True)
    if os.environ.get("CI") and shutil.which(READER_BROWSER) is None:
        raise RuntimeError(f"Debian's {READER_BROWSER} is missing: `make test` installs it")


def reader_browser() -> str | None:
    """The headless shell when it is installed (`make test` installs it), else the product's."""
    return READER_BROWSER if shutil.which(READER_BROWSER) else None


@pytest.fixture(scope="module")
def server(sample_site: Path) -> Iterator[str]:
    with served(sample_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium(reader_browser()) as launched:
        yield launched


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def track_external(page) -> list[str]:
    """Collects every request that leaves localhost."""
    external: list[str] = []
    page.on(
        "request",
        lambda r: (
            external.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )
    return external
