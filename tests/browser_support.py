"""Shared browser fixtures: the sample site served on localhost, Debian's chromium, axe-core."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import HEADLESS_SHELL, REPO, TEST_CHROMIUM

sys.path.insert(0, str(REPO / "scripts"))
from local_browser import chromium, chromium_path, served

CHROMIUM = chromium_path()
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_chromium() -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError("Debian's chromium is missing: `make test` installs it")
        pytest.skip("chromium is not installed (make test installs it)", allow_module_level=True)
    if os.environ.get("CI") and TEST_CHROMIUM is None:
        raise RuntimeError(f"Debian's {HEADLESS_SHELL} is missing: `make test` installs it")


@pytest.fixture(scope="module")
def server(sample_site: Path) -> Iterator[str]:
    with served(sample_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # The readers' side (pages, search, the web editor) in the headless shell: test_browser.py
    # and test_cms_browser.py took 49 s in it, 73 s in `chromium` (2026-12-04).
    with chromium(TEST_CHROMIUM) as launched:
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
