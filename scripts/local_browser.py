"""A built site served on localhost, Debian's Chromium driven by Playwright, and small helpers
for talking to a local server.

Shared by the screenshot script, the benchmark and the browser tests. Chromium comes from
Debian's package (`make chromium`), never from Playwright's download, and starts with the flags
a closed network and a root user need.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import socket
import threading
import urllib.request
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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def free_port() -> int:
    """A localhost port nobody listens on (for a `maagal serve` to start on)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_text(url: str, timeout: float = 5) -> str | None:
    """The page at `url` as text, or None while nothing answers there."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


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


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium under Playwright."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise SystemExit("Debian's chromium is not installed (make chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
