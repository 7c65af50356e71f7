"""What the site publishes beyond its web pages, drawn by a browser: the print editions (one
PDF per issue and per position paper) and the link-preview cards (one PNG per issue, article,
paper and meeting). `print_pages` and `cards` say what to draw; `render` draws it, with a cache.

They are kept in the build cache (`.cache/maagal/`, or MAAGAL_CACHE_DIR; none with
`maagal build --no-cache`). `MAAGAL_EDITIONS=off` leaves them out (the preview of `maagal
serve`, and tests that are about something else); so does a machine without Chromium, which
the build says once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from maagal.addresses.settings import Settings
from maagal.editions.browser import missing_browser
from maagal.model.documents import Document
from maagal.model.site import Site

CACHE_FOLDER = ".cache/maagal"  # beside mkdocs.yml; MAAGAL_CACHE_DIR moves it
OFF_VALUES = {"off", "0", "no", "false"}


def why_no_editions() -> str | None:
    """None when the build draws the editions; '' when they are switched off; else the reason."""
    if os.environ.get("MAAGAL_EDITIONS", "").strip().lower() in OFF_VALUES:
        return ""
    reason = missing_browser()
    if reason is None:
        return None
    return f"the site is published without its PDF print editions and link-preview cards: {reason}"


def cache_root(project_root: Path) -> Path | None:
    """The build cache's folder; None when `maagal build --no-cache` (MAAGAL_NO_CACHE) runs."""
    if os.environ.get("MAAGAL_NO_CACHE"):
        return None
    chosen = os.environ.get("MAAGAL_CACHE_DIR")
    return Path(chosen) if chosen else project_root / CACHE_FOLDER


def draw_editions(
    site: Site, lang: str, settings: Settings, bodies: Mapping[Document, str], site_dir: Path
) -> None:
    """Draw one language's PDFs and cards into its built site."""
    from maagal.editions.cards import Cards
    from maagal.editions.print_pages import PrintEditions
    from maagal.editions.render import EditionRenderer

    root = cache_root(settings.layout.root)
    renderer = EditionRenderer(site_dir, root / "editions" / lang if root else None)
    prints = PrintEditions(site, lang, settings, bodies).jobs()
    renderer.render(prints, Cards(site, lang, settings).jobs())
