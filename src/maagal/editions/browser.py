"""Debian's Chromium driven by Playwright, and a built site served to it on localhost.

The print editions (PDF) and the link-preview cards are drawn by the browser that shapes
Hebrew right: Chromium, from the system's package (Debian's `chromium`), never Playwright's own
download. It starts with the flags a closed network needs (and `--no-sandbox` only when it
runs as root, which Chromium's sandbox refuses; GitHub's runners are not root). A site served
over HTTP, not opened from `file://`, so that the self-hosted fonts load as they do on the web.

The pages it draws hold what editors and outsiders wrote, so the build's browser is locked
down (`chromium(locked=True)` and `locked_context`): no page script runs (Maagal fills the card
in through Playwright, not a script of the page), every request that is not for the served site
is aborted, no name but the served site's resolves (so neither a preconnect nor a DNS lookup
leaves the machine), and the server sends a Content-Security-Policy that allows the site's own
files only.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# The name the locked browser knows the served site by: the only name it resolves.
SITE_HOST = "maagal.invalid"
LOCKED_ARGS = [
    f"--host-resolver-rules=MAP {SITE_HOST} 127.0.0.1 , MAP * ~NOTFOUND",
    "--dns-prefetch-disable",
]
# The site's own files, its inline styles, pictures and fonts in data: URLs; nothing else.
CONTENT_SECURITY_POLICY = (
    "default-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'none'; "
    "object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class LockedHandler(QuietHandler):
    """Serves the built site to the build's browser, with a policy that allows no script and
    nothing from elsewhere."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()


def chromium_args(locked: bool = False) -> list[str]:
    """The flags Chromium starts with; `--no-sandbox` only for root, which the sandbox refuses."""
    sandbox = ["--no-sandbox"] if os.geteuid() == 0 else []
    return [*sandbox, *CHROMIUM_ARGS, *(LOCKED_ARGS if locked else [])]


def chromium_path(chosen: str | None = None) -> str | None:
    """The Chromium to use: `chosen` when given (empty: none), else Debian's."""
    if chosen is not None:
        return shutil.which(chosen) if chosen else None
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def missing_chromium(chosen: str | None = None) -> str | None:
    """What was looked for and not found, and how to fix it; None when Chromium is there."""
    if chromium_path(chosen) is not None:
        return None
    if chosen is None:
        names = " or ".join(f"'{name}'" for name in CHROMIUM_NAMES)
        return (
            f"Chromium is not installed: no {names} on the PATH — install it (Debian: "
            "apt-get install chromium), or set MAAGAL_CHROMIUM to the Chromium or Chrome you have"
        )
    if not chosen:
        return "MAAGAL_CHROMIUM is set empty, which means no Chromium — unset it to use chromium"
    return (
        f"MAAGAL_CHROMIUM={chosen}, but no '{chosen}' was found on the PATH or at that path — "
        "install it, set MAAGAL_CHROMIUM to the Chromium you have, or unset it to use chromium"
    )


def missing_browser(chosen: str | None = None) -> str | None:
    """Why the browser outputs cannot be made here, or None when they can."""
    missing = missing_chromium(chosen)
    if missing is not None:
        return missing
    # (Found, not imported: importing it took 0.12 s of every build, which draws nothing when
    # every edition is kept; `render` imports it when it draws.)
    try:
        found = importlib.util.find_spec("playwright.sync_api") is not None
    except (ImportError, ValueError):
        found = False
    return None if found else "the Python package 'playwright' is not installed"


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
def chromium(chosen: str | None = None, *, locked: bool = False) -> Iterator[Any]:
    """A headless Chromium under Playwright (see `missing_browser` for when there is none).
    `locked`: it resolves no name but `SITE_HOST` (see `locked_context`)."""
    from playwright.sync_api import sync_playwright

    path = chromium_path(chosen)
    if path is None:
        raise RuntimeError(missing_chromium(chosen))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=chromium_args(locked))
        try:
            yield browser
        finally:
            browser.close()


def locked_base(base: str) -> str:
    """The served site's address (`served`) as a locked browser reaches it: by `SITE_HOST`."""
    return base.replace("//127.0.0.1:", f"//{SITE_HOST}:", 1)


def locked_context(browser: Any, base: str, **options: Any) -> Any:
    """A browser context for pages that hold content: no page script, no service worker, and
    every request that is not for `base` (the served site, see `locked_base`) aborted."""
    context = browser.new_context(java_script_enabled=False, service_workers="block", **options)

    def only_the_site(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", only_the_site)
    return context
