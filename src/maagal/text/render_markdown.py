"""Markdown outside MkDocs (excerpts, feeds, email): the same extensions the site uses."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from html import unescape as html_unescape

import markdown
from markdown.extensions.toc import slugify_unicode
from markupsafe import Markup

from maagal.text.sanitize import sanitize

# The extensions every Maagal page is written with, on the site (the plugin adds them to what
# mkdocs.yml lists) and outside it: the one list.
EXTENSIONS: dict[str, dict] = {
    # Python-Markdown's default slugify drops Hebrew: every heading would be '_1', '_2'.
    "toc": {"slugify": slugify_unicode},
    "attr_list": {},
    "tables": {},  # tables imported from Word (maagal import)
    "fenced_code": {},  # MkDocs always loads it
    "footnotes": {},  # footnotes imported from Word
    "pymdownx.blocks.caption": {},
    "maagal.text.pullquote": {},
    "maagal.text.lists": {},  # numbered from the first item's number, each kind a list
}
SITE_ONLY = {"toc": {"permalink": True, "permalink_title": ""}}  # a heading's link on a page

_RENDERER = markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSIONS)


# Excerpts rendered in this process, and those the build cache brought from the last build
# (`maagal.cache.parse_cache` keeps them with the parsed files): 2,800 excerpts take a second.
_excerpts: dict[str, str] = {}
_used: set[str] = set()


def render_as_written(text: str) -> str:
    """The HTML `text` becomes, before the allow-list (`sanitize.py`): for checks only."""
    return _RENDERER.reset().convert(text)


_ID = re.compile(r'\sid="([^"]*)"')


def page_anchors(text: str) -> tuple[list[str], set[str]]:
    """The anchors of the page `text` makes: its headings' (in order), and every id on it
    (headings, footnotes, ids written with `{#…}`), as the site's own Markdown makes them."""
    html = render_as_written(text)
    headings: list[str] = []
    tokens = list(getattr(_RENDERER, "toc_tokens", []))
    while tokens:
        token = tokens.pop(0)
        headings.append(token["id"])
        tokens[:0] = token.get("children", [])
    return headings, {html_unescape(found) for found in _ID.findall(html)}


def render_excerpt(text: str) -> str:
    """An excerpt's HTML, as feeds and email show it: through the allow-list."""
    _used.add(text)
    html = _excerpts.get(text)
    if html is None:
        html = _excerpts[text] = sanitize(render_as_written(text))
    return html


def used_excerpts(current: Iterable[str] = ()) -> dict[str, str]:
    """The excerpts this process rendered or asked for, and those of `current` it knows (a
    build that took every page from the cache asks for none: the next, after an edit, would
    render all 2,800 again for the archive), to keep for the next build."""
    wanted = _used.union(current)
    return {text: _excerpts[text] for text in wanted if text in _excerpts}


def remember_excerpts(kept: dict[str, str]) -> None:
    """Excerpts rendered by the same code before (see `used_excerpts`)."""
    for text, html in kept.items():
        _excerpts.setdefault(text, html)


@functools.lru_cache(maxsize=65536)
def plain_text(markdown_text: str) -> str:
    """Markdown to one line of text (for excerpts in lists and feeds). Cached: an excerpt
    appears on many pages (issue, home, author, topic pages, feeds, email)."""
    return " ".join(Markup(render_excerpt(markdown_text)).striptags().split())
