"""What Material is given and what it gives back, per page: the front matter a generated page
would have, and the fixes its finished page needs (`lang`/`dir` on <html>, a skip link)."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape

from maagal.model.site import direction
from maagal.text.i18n import strings
from maagal.views.page_context import CONTENT_ANCHOR
from maagal.views.pages import PageSpec

_HTML_TAG = re.compile(r"<html\b[^>]*>")
_SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.S)


def page_meta(spec: PageSpec) -> dict[str, Any]:
    """What the page's Markdown would say in its front matter: its title, template, hidden
    parts and description, as Material reads them."""
    meta: dict[str, Any] = {
        "title": escape(spec.title),
        "template": spec.template,
        "hide": list(spec.hide),
    }
    if spec.description:
        meta["description"] = escape(spec.description)
    return meta


def fix_page_chrome(output: str, lang: str) -> str:
    """`lang`/`dir` on <html>, and a skip link on every page, in Material's finished page."""
    # Material puts `dir` on <body>; screen readers and browsers want it on <html>.
    tag = f'<html lang="{lang}" dir="{direction(lang)}" class="no-js">'
    output = _HTML_TAG.sub(tag, output, count=1)
    # Material offers "skip to content" only on pages with headings, and skips to the first
    # heading (past the title). Every page gets one, to the start of the content.
    skip = (
        f'<div data-md-component="skip"><a href="#{CONTENT_ANCHOR}" class="md-skip">'
        f"{strings(lang)['skip']}</a></div>"
    )
    return _SKIP.sub(skip, output, count=1)
