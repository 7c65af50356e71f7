"""Markdown outside MkDocs (feeds, email): the same extensions the site uses."""

from __future__ import annotations

import markdown
from markdown.extensions.toc import slugify_unicode

EXTENSIONS = ["attr_list", "toc", "pymdownx.blocks.caption", "maagal.markdown.pullquote"]
CONFIGS = {"toc": {"slugify": slugify_unicode}}


def render_excerpt(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIGS)
