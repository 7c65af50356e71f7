"""Markdown outside MkDocs (excerpts, feeds, email): the same extensions the site uses."""

from __future__ import annotations

import functools

import markdown
from markdown.extensions.toc import slugify_unicode
from markupsafe import Markup

EXTENSIONS = [
    "attr_list",
    "toc",
    "tables",
    "footnotes",
    "pymdownx.blocks.caption",
    "maagal.markdown.pullquote",
]
CONFIGS = {"toc": {"slugify": slugify_unicode}}


_RENDERER = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)


@functools.lru_cache(maxsize=65536)
def render_excerpt(text: str) -> str:
    return _RENDERER.reset().convert(text)


@functools.lru_cache(maxsize=65536)
def plain_text(markdown_text: str) -> str:
    """Markdown to one line of text (for excerpts in lists and feeds). Cached: an excerpt
    appears on many pages (issue, home, author, topic pages, feeds, email)."""
    return " ".join(Markup(render_excerpt(markdown_text)).striptags().split())
