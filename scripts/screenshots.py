"""Screenshots of the built site in headless Chromium, both languages, narrow and wide.

    python scripts/screenshots.py [site_dir] [out_dir]

Uses Debian's chromium (never a Playwright download) and serves the site on localhost.
"""

from __future__ import annotations

import sys
from pathlib import Path

from local_browser import chromium, served

PAGES = {
    "home": "",
    "issue": "issues/{issue}/",
    "article": "issues/{issue}/{article}/",
    "paper": "papers/classification-2005/",
    "author": "authors/noa-barkai/",
    "archive": "issues/",
}
WIDTHS = (375, 1280)


LOAD_LAZY_PICTURES = """() => Promise.all([...document.querySelectorAll('img[loading=lazy]')]
    .map(img => { img.loading = 'eager'; return img.decode().catch(() => null); }))"""


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "test-artifacts/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    first = sorted((site / "issues").glob("*/*/index.html"))[0]
    issue, article = first.parent.parent.name, first.parent.name
    with served(site) as base, chromium() as browser:
        for lang_prefix in ("", "en/"):
            for name, path in PAGES.items():
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.goto(base + lang_prefix + path.format(issue=issue, article=article))
                    # A whole page's picture shows what a reader sees by scrolling: pictures
                    # that load as they come into view are loaded first.
                    page.evaluate(LOAD_LAZY_PICTURES)
                    target = out / f"{(lang_prefix or 'he/').strip('/')}-{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=width == 1280)
                    page.close()
                    print(target)


if __name__ == "__main__":
    main()
