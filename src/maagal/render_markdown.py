"""Markdown outside MkDocs (feeds, email): the same extensions the site uses."""

from __future__ import annotations

import functools

import markdown
from markdown.extensions.toc import slugify_unicode

EXTENSIONS = ["attr_list", "toc", "pymdownx.blocks.caption", "maagal.markdown.pullquote"]
CONFIGS = {"toc": {"slugify": slugify_unicode}}


_RENDERER = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)


@functools.lru_cache(maxsize=65536)
def render_excerpt(text: str) -> str:
    return _RENDERER.reset().convert(text)
