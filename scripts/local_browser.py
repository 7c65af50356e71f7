"""A built site served on localhost, Debian's Chromium driven by Playwright, and small helpers
for talking to a local server.

Shared by the screenshot script, the benchmark and the browser tests; the browser and the
server themselves are the product's (`maagal.editions.browser`), which draws the print editions.
"""

from __future__ import annotations

import socket
import urllib.request

from maagal.editions.browser import CHROMIUM_ARGS, QuietHandler, chromium, chromium_path, served

__all__ = ["CHROMIUM_ARGS", "QuietHandler", "chromium", "chromium_path", "served"]


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
