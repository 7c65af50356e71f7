"""The email edition of a bulletin issue: a self-contained HTML page and its plain-text twin.

Email clients ignore stylesheets and scripts and many block SVG: styles are inlined
(css-inline; only the media queries stay in one <style>), the layout is a table at most
600 px wide, every URL is absolute, and only raster covers (JPEG, PNG, GIF) are shown.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from typing import Protocol

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined

from maagal.addresses import urls
from maagal.addresses.settings import Settings
from maagal.cache.build_cache import code_stamp, digest, stable_json
from maagal.model.documents import Issue
from maagal.model.site import Site, direction
from maagal.text.i18n import strings
from maagal.text.render_markdown import plain_text
from maagal.views.site_views import Views

EMAIL_SAFE_IMAGES = (".jpg", ".jpeg", ".png", ".gif")


@functools.cache
def _environment(html: bool) -> Environment:
    """Compiled once per process: every issue's edition renders the same two templates."""
    return Environment(
        loader=PackageLoader("maagal", "templates"),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class EmailEdition:
    """Renders `issues/<n>/email.html` and `email.txt` for one language."""

    def __init__(self, site: Site, lang: str, settings: Settings) -> None:
        self.site = site
        self.lang = lang
        self.address = urls.SiteAddress(settings.site_url, site.default_language)
        self.site_name = settings.name(lang)
        self.contact = settings.contact_in(lang)
        self.views = Views(site, lang, address=self.address)
        self.inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)

    def context(self, issue: Issue) -> dict:
        summary = self.views.issue_summary(issue)
        cover = (
            summary["cover"]
            if issue.cover and issue.cover.lower().endswith(EMAIL_SAFE_IMAGES)
            else None
        )
        t = strings(self.lang)
        home = self.address.of("", self.lang)
        return {
            "lang": self.lang,
            "dir": direction(self.lang),
            "t": t,
            "issue": summary,
            "cover": cover,
            "site_name": self.site_name,
            "home_url": home,
            "preheader": t["email_preheader"].format(n=issue.number, theme=summary["theme"]),
            "align": "right" if direction(self.lang) == "rtl" else "left",
            "contact": self.contact,
            "editorial": plain_text(issue.variants[self.lang].excerpt),
        }

    def html(self, issue: Issue, context: dict | None = None) -> str:
        context = context or self.context(issue)
        page = _environment(True).get_template("email.html").render(context)
        return self.inliner.inline(page)

    def text(self, issue: Issue, context: dict | None = None) -> str:
        context = {**(context or self.context(issue))}
        context["wrap"] = lambda text: textwrap.fill(text, width=72)
        return _environment(False).get_template("email.txt").render(context)

    def files(
        self, kept: Kept | None = None, outline_key: Callable[[Issue], str] | None = None
    ) -> dict[str, str]:
        """{path in the language's tree: text} for every issue in this language.

        `kept` (the build cache) gives back an edition made from the same context before:
        inlining the styles is the slow part. With `outline_key` (the key of what the issue's
        context is made from, which the caller can tell without making it), `kept` also
        remembers which context that was: while it holds, the context is not made again."""
        result = {}
        for issue in self.site.issues:
            if self.lang in issue.variants:
                folder = urls.document_path(issue)
                html, text = self._editions(issue, kept, outline_key)
                result[folder + "email.html"] = html
                result[folder + "email.txt"] = text
        return result

    def _editions(
        self, issue: Issue, kept: Kept | None, outline_key: Callable[[Issue], str] | None
    ) -> tuple[str, str]:
        if kept is None:
            made = self.context(issue)
            return self.html(issue, made), self.text(issue, made)
        context = None
        pointer = outline_key(issue) if outline_key is not None else ""
        remembered = kept.get(pointer) if pointer else None
        if remembered is not None:
            key = remembered[0]
        else:
            context = self.context(issue)  # made once: for the key and both editions
            key = digest("email", code_stamp(), stable_json(context))
            if pointer:
                kept.put(pointer, key, "")
        found = kept.get(key)
        if found is not None:
            return found
        context = context or self.context(issue)
        html, text = self.html(issue, context), self.text(issue, context)
        kept.put(key, html, text)
        return html, text


class Kept(Protocol):
    """Where finished outputs are kept by the digest of their inputs (`build_cache.PageStore`)."""

    def get(self, key: str) -> tuple[str, str] | None: ...

    def put(self, key: str, first: str, second: str) -> None: ...
