"""Screenshots of the built site in headless Chromium, both languages, narrow and wide.

    python scripts/screenshots.py [site_dir] [out_dir]

Uses Debian's chromium (never a Playwright download) and serves the site on localhost.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright


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
PAGES = {
    "home": "",
    "issue": "issues/{issue}/",
    "article": "issues/{issue}/{article}/",
    "paper": "papers/classification-2005/",
    "author": "authors/noa-barkai/",
    "archive": "issues/",
}
WIDTHS = (375, 1280)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium)")
    return path


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "test-artifacts/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    first = sorted((site / "issues").glob("*/*/index.html"))[0]
    issue, article = first.parent.parent.name, first.parent.name
    server, base = serve(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for lang_prefix in ("", "en/"):
            for name, path in PAGES.items():
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.goto(base + lang_prefix + path.format(issue=issue, article=article))
                    target = out / f"{(lang_prefix or 'he/').strip('/')}-{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=width == 1280)
                    page.close()
                    print(target)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
