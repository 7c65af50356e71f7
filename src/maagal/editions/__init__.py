"""What the site publishes beyond its web pages, drawn by a browser: the print editions (one
PDF per issue and per position paper) and the link-preview cards (one PNG per issue, article,
paper and meeting). `print_pages` and `cards` say what to draw; `render` draws it, with a cache.

They are kept in the build cache (`RunOptions.cache_root`; none with `maagal build
--no-cache`). `RunOptions.editions` off leaves them out (the preview of `maagal serve`, and
tests that are about something else); so does a machine without Chromium, which the build
says once.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from maagal.addresses.settings import Settings
from maagal.cache.build_cache import digest, stable_json
from maagal.editions.browser import missing_browser
from maagal.model.documents import Document
from maagal.model.site import Site
from maagal.run.options import RunOptions


def why_no_editions(options: RunOptions) -> str | None:
    """None when the build draws the editions; '' when they are switched off; else the reason."""
    if not options.editions:
        return ""
    reason = missing_browser(options.chromium)
    if reason is None:
        return None
    return f"the site is published without its PDF print editions and link-preview cards: {reason}"


def draw_editions(
    site: Site,
    lang: str,
    settings: Settings,
    bodies: Mapping[Document, str],
    site_dir: Path,
    options: RunOptions,
    page_keys: Mapping[Document, str] | None = None,
) -> None:
    """Draw one language's PDFs and cards into its built site. `page_keys`: the build cache's
    key of each document's page (a digest of everything its rendering reads)."""
    from maagal.editions.cards import Cards
    from maagal.editions.print_pages import PrintEditions
    from maagal.editions.render import EditionRenderer

    root = options.cache_root(settings.layout.root)
    folder = root / "editions" / lang if root else None
    renderer = EditionRenderer(site_dir, folder, options.chromium)
    prints = PrintEditions(site, lang, settings, bodies).sources()
    shared = stable_json([lang, settings.name(lang), settings.site_url])
    known = page_keys or {}
    recipe_keys = {
        source.path: digest(shared, *(known[doc] for doc in source.shows))
        for source in prints
        if source.shows and all(doc in known for doc in source.shows)
    }
    renderer.render(prints, Cards(site, lang, settings).jobs(), recipe_keys)
