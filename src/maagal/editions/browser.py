"""Debian's Chromium driven by Playwright, and a built site served to it on localhost.

The print editions (PDF) and the link-preview cards are drawn by the browser that shapes
Hebrew right: Chromium, from the system's package (Debian's `chromium`), never Playwright's own
download. It starts with the flags a closed network and a root user need. A site served over
HTTP, not opened from `file://`, so that the self-hosted fonts load as they do on the web.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]
CHROMIUM_NAMES = ("chromium", "chromium-browser")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def chromium_path(chosen: str | None = None) -> str | None:
    """The Chromium to use: `chosen` when given (empty: none), else Debian's."""
    if chosen is not None:
        return shutil.which(chosen) if chosen else None
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def missing_browser(chosen: str | None = None) -> str | None:
    """Why the browser outputs cannot be made here, or None when they can."""
    if chromium_path(chosen) is None:
        return "Chromium is not installed (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package 'playwright' is not installed"
    return None


@functools.cache
def chromium_version(chosen: str | None = None) -> str:
    """'Chromium 156.0.8078.114 …': part of what a cached PDF or card was made with."""
    path = chromium_path(chosen)
    if path is None:
        return ""
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return path
    return done.stdout.strip() or path


@contextlib.contextmanager
def served(root: Path, handler_class: type = QuietHandler) -> Iterator[str]:
    """Serve `root` on a free localhost port; yields the base URL (ending in '/')."""
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium(chosen: str | None = None) -> Iterator[Any]:
    """A headless Chromium under Playwright (see `missing_browser` for when there is none)."""
    from playwright.sync_api import sync_playwright

    path = chromium_path(chosen)
    if path is None:
        raise RuntimeError("Chromium is not installed (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
