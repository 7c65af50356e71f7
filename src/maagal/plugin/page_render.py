"""Maagal's pages converted from Markdown by one converter per build, reset between pages.

MkDocs' `Page.render` makes a new `markdown.Markdown` with every extension for each page and
registers its four processors on it (a third of the time of converting an article). This does
the same work with one converter: MkDocs' processors are registered once and given the page
they work for before each conversion. The result is the same HTML, table of contents, title
and anchors as MkDocs' own.

A converter is reused only when every extension the site's `mkdocs.yml` loads is one whose
state Python-Markdown's `reset()` clears (`RESETTABLE`); a site that adds another one gets
MkDocs' own rendering for every page.
"""

from __future__ import annotations

import logging
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

from maagal.text.render_markdown import EXTENSIONS

# Extensions that keep nothing from one page to the next once `Markdown.reset()` ran: the
# ones every Maagal site loads, and MkDocs' own.
RESETTABLE = frozenset([*EXTENSIONS, "toc", "tables", "fenced_code", "pymdownx.blocks.html"])

_log = logging.getLogger("mkdocs.structure.pages")


def reusable(config: MkDocsConfig) -> bool:
    """Whether every extension of `config` is one a reused converter renders alike."""
    return all(isinstance(name, str) and name in RESETTABLE for name in config.markdown_extensions)


class PageRenderer:
    """One converter for the pages of one build (its `files`), given to each page in turn."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        self.files = files
        self.md = markdown.Markdown(
            extensions=config["markdown_extensions"],
            extension_configs=config["mdx_configs"] or {},
        )
        self.raw_html = _RawHTMLPreprocessor()
        self.raw_html._register(self.md)
        # (The processors are made for a file; `render` gives them each page's in turn.)
        self.anchors = _ExtractAnchorsTreeprocessor(None, files, config)  # type: ignore[arg-type]
        self.anchors._register(self.md)
        self.relative = _RelativePathTreeprocessor(None, files, config)  # type: ignore[arg-type]
        self.relative._register(self.md)
        self.title = _ExtractTitleTreeprocessor()
        self.title._register(self.md)

    def render(self, page: Page) -> None:
        """What `Page.render` does, with this renderer's converter."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.md.reset()
        self.raw_html.present_anchor_ids = set()
        self.anchors.present_anchor_ids = set()
        self.relative.file = page.file
        self.relative.links_to_anchors = {}
        self.title.title = None
        page.content = self.md.convert(page.markdown)
        page.toc = get_toc(getattr(self.md, "toc_tokens", []))
        page._title_from_render = self.title.title
        page.present_anchor_ids = self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids
        if _log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = self.relative.links_to_anchors

    def install(self, page: Page) -> None:
        """Make `page.render` this renderer's (MkDocs calls it with the config and files)."""

        def render(config: Any, files: Files) -> None:
            self.render(page)

        page.render = render  # type: ignore[method-assign]
