"""What every page's template gets besides its own view: language, links to the page in other
languages, the site's chrome (feeds, calendars, footer, contact) and the search page's addresses.

Built once per language (`SiteChrome`) and then per page; the engine's glue only hands the
result to its templates. Nothing here imports MkDocs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from maagal.addresses import urls
from maagal.addresses.outputs import SEARCH_BUNDLE, FeedSpec, feed_links, feed_specs, print_path
from maagal.addresses.settings import Settings
from maagal.model.documents import Issue, PositionPaper, noting_reads, pick
from maagal.model.site import Site, direction
from maagal.text.i18n import strings
from maagal.views.metadata import PageMetadata
from maagal.views.pages import UNTRANSLATED_ANCHOR, PageSpec, alternates
from maagal.views.site_views import KeyViews, Views

CONTENT_ANCHOR = "maagal-content"
FOOTER_PAGES = (
    ("about", "about/"),
    ("subscribe", "subscribe/"),
    ("accessibility", "accessibility/"),
    ("guide", "guide/"),
)
FEED_ORDER = {"bulletin": 0, "updates": 1, "papers": 2}  # on the subscribe page


class SiteChrome:
    """The context of every page of one language of one site."""

    def __init__(
        self, site: Site, lang: str, settings: Settings, *, editions: bool = False
    ) -> None:
        self.site = site
        self.lang = lang
        self.settings = settings
        self.t = strings(lang)
        self.address = urls.SiteAddress(settings.site_url, site.default_language)
        self.site_name = settings.name(lang)
        self.views = Views(site, lang, recent_papers=settings.recent_papers)
        self.key_views = KeyViews(site, lang, recent_papers=settings.recent_papers)
        self.feed_specs = feed_specs(site, lang, self.site_name)  # once, not per page
        self.metadata = PageMetadata(site, lang, settings, cards=editions)
        self.editions = editions  # the build draws print editions and cards
        # What every page of the language is given alike (the build cache keys it once).
        self.constants: dict[str, Any] = {
            "lang": lang,
            "dir": direction(lang),
            "t": self.t,
            "untranslated_anchor": UNTRANSLATED_ANCHOR,
            "content_anchor": CONTENT_ANCHOR,
            "contact": settings.contact_in(lang),
            "newsletter_action": settings.newsletter_action,
        }

    def page(self, spec: PageSpec) -> dict[str, Any]:
        """The `maagal` variable of the page `spec`, but for what only the engine knows, which
        its glue adds: the rendered Markdown (`content`) and the navigation's `nav_key`."""
        views = self.views
        views.here = self.here(spec)
        return {
            **self.constants,
            "view": spec.view(views),
            **self.languages(spec),
            "searchable": spec.searchable,
            "search_url": views.link(urls.SEARCH),
            "search_script": views.link("assets/javascripts/search.js"),
            "pagefind_url": urls.relative(views.here, views.path(SEARCH_BUNDLE)),
            "home_url": views.link(""),
            "archive_url": views.link(urls.ARCHIVE),
            "events_url": views.link(urls.EVENTS),
            "footer_links": self.footer_links(),
            "feeds": self.feed_links(spec),
            "calendar_links": self.calendar_links(spec),
            "calendar_list": self.calendar_list() if is_subscribe_page(spec) else [],
            "feed_list": self.feed_list() if is_subscribe_page(spec) else [],
            "meta": self.metadata.of(spec.doc, spec.path, spec.title, spec.languages),
            "print_edition": self.print_edition(spec),
        }

    def key_context(self, spec: PageSpec) -> tuple[dict[str, Any], frozenset[str]]:
        """What `page` gives, for the page's key: the same, but with links as paths from the
        site's root and each card written out once per document (`KeyViews`); and the keys
        of the documents whose words it read (their languages' fields, titles to excerpts: the
        page's own document always)."""
        views, self.views = self.views, self.key_views
        read = self.key_views.read = set() if spec.doc is None else {spec.doc.key}
        try:
            with noting_reads(read):
                context = self.page(spec)
            return context, frozenset(read)
        finally:
            self.views = views

    def print_edition(self, spec: PageSpec) -> dict[str, str] | None:
        """The link to the PDF of an issue or a paper, when the build draws it."""
        if not self.editions or not isinstance(spec.doc, (Issue, PositionPaper)):
            return None
        if spec.doc.variant(self.lang) is None:
            return None
        return {
            "url": self.views.link(print_path(spec.doc)),
            "label": self.t["print_edition"],
            "note": self.t["print_edition_note"],
        }

    def here(self, spec: PageSpec) -> str:
        """The page's path from the root of the whole site."""
        return urls.in_language(spec.path, self.lang, self.site.default_language)

    def languages(self, spec: PageSpec) -> dict[str, Any]:
        """hreflang links, the default-language link and the language switch of a page."""
        alt = alternates(spec, self.site, self.lang)
        here = self.here(spec)
        return {
            "hreflang": [
                {"lang": a["lang"], "url": self.address.url(a["path"])} for a in alt["links"]
            ],
            "x_default": self.address.url(alt["x_default"]),
            "switch": [
                {
                    **s,
                    "url": urls.relative(here, s["path"]),
                    "label": strings(s["lang"])["language_name"],
                }
                for s in alt["switch"]
            ],
        }

    def sitemap_alternates(self, spec: PageSpec) -> list[dict[str, str]]:
        """The page in every language, for the sitemap."""
        alt = alternates(spec, self.site, self.lang)
        links = [{"lang": a["lang"], "url": self.address.url(a["path"])} for a in alt["links"]]
        return [*links, {"lang": "x-default", "url": self.address.url(alt["x_default"])}]

    def footer_links(self) -> list[dict[str, str]]:
        return [
            {"label": self.t[key], "url": self.views.link(path)}
            for key, path in FOOTER_PAGES
            if self.site.page(path.rstrip("/") + ".md")
        ]

    def feed_links(self, spec: PageSpec) -> list[dict[str, str]]:
        """The feeds a page announces: its language's, and its topic's on a topic page."""
        topic = spec.path.split("/")[1] if spec.path.startswith(urls.TOPICS) else None
        return [
            {**f, "url": self.views.link(f["path"])} for f in feed_links(self.feed_specs, topic)
        ]

    def calendar_links(self, spec: PageSpec) -> list[dict[str, str]]:
        """Calendars a page of the events section announces in its <head>."""
        if not self.site.events or not spec.path.startswith(urls.EVENTS):
            return []
        link = self.views.link
        links = [
            {
                "title": self.t["calendar_name"].format(site=self.site_name),
                "url": link(urls.EVENTS + "calendar.ics"),
            }
        ]
        if spec.doc is not None and spec.doc.kind == "event":
            links.append({"title": spec.title, "url": link(spec.path + "event.ics")})
        elif spec.path != urls.EVENTS:
            links.append({"title": spec.title, "url": link(spec.path + "calendar.ics")})
        return links

    def calendar_list(self) -> list[dict[str, str]]:
        """Every calendar of this language, for the subscribe page (everything first)."""
        if not self.site.events:
            return []
        items = [
            {
                "title": self.t["calendar_name"].format(site=self.site_name),
                "url": self.address.of(urls.EVENTS + "calendar.ics", self.lang),
            }
        ]
        for series in self.site.series.values():
            items.append(
                {
                    "title": pick(series.label, self.lang, self.site.default_language),
                    "url": self.address.of(
                        urls.series_path(series.key) + "calendar.ics", self.lang
                    ),
                }
            )
        return items

    def feed_list(self) -> list[dict[str, str]]:
        """Every feed of this language, for the subscribe page (bulletin first)."""
        specs: list[FeedSpec] = sorted(self.feed_specs, key=lambda s: FEED_ORDER.get(s.key, 3))
        return [
            {
                "title": spec.title,
                "about": spec.description,
                "key": spec.key,
                "rss": self.address.of(spec.rss_path, self.lang),
                "atom": self.address.of(spec.atom_path, self.lang),
            }
            for spec in specs
        ]

    def not_found(self) -> dict[str, Any]:
        """What the page for an address with nothing at it says: in this language and then in
        the others, each with a way home and to the search page. It is served at any address
        (a host such as GitHub Pages serves the root's for the whole site, English included),
        so its links start at the server's root."""
        root = urlsplit(self.settings.site_url).path.rstrip("/") + "/"
        notes = []
        for lang in sorted(self.settings.languages, key=lambda lang: lang != self.lang):
            words = strings(lang)
            prefix = root + urls.language_root(lang, self.site.default_language)
            notes.append(
                {
                    "lang": lang,
                    "dir": direction(lang),
                    "title": words["not_found_title"],
                    "text": words["not_found_text"],
                    "home": {"label": words["not_found_home"], "url": prefix},
                    "search": {"label": words["not_found_search"], "url": prefix + urls.SEARCH},
                }
            )
        return {
            "notes": notes,
            "title": self.t["not_found_title"],
            "content_anchor": CONTENT_ANCHOR,
        }


def is_subscribe_page(spec: PageSpec) -> bool:
    return spec.src_uri.endswith("/subscribe.md")
