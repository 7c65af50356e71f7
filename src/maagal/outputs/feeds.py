"""Feeds subscribers follow: RSS 2.0 and an Atom twin per language, from one table of specs.

What reaches a subscriber cannot be recalled, so every item is built to be right the first
time: ids come from the document's permanent id (never its URL or title), every date comes
from content (never the clock), every URL is absolute, Hebrew content is marked right-to-left,
and characters that XML forbids are dropped. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from feedgen.feed import FeedGenerator
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from maagal.addresses import urls
from maagal.addresses.links import LinkResolver
from maagal.addresses.outputs import FeedSpec, feed_specs
from maagal.addresses.settings import Settings
from maagal.model.documents import (
    Article,
    Document,
    Event,
    EventSummary,
    Issue,
    Page,
    PositionPaper,
    pick,
)
from maagal.model.site import Site, direction
from maagal.model.when import in_israel
from maagal.outputs.pictures import Pictures
from maagal.text.i18n import strings
from maagal.text.render_markdown import render_excerpt
from maagal.views.site_views import Views

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Drop the characters XML 1.0 forbids (a vertical tab pasted from a word processor…)."""
    return _XML_FORBIDDEN.sub("", text)


def item_date(doc: Document) -> dt.date:
    if isinstance(doc, Issue):
        return doc.date.value
    if isinstance(doc, Article):
        return doc.sort_date
    if isinstance(doc, PositionPaper):
        return doc.date.value
    if isinstance(doc, Page) and doc.date:
        return doc.date.value
    if isinstance(doc, Event):
        return doc.announced or doc.start.day
    if isinstance(doc, EventSummary):
        return doc.sort_date
    return dt.date.min


def same_day_order(doc: Document) -> tuple[int, int, str]:
    """The order of items of the same day: the newer issue's articles first, each issue's in
    the order of its table of contents, then everything else."""
    if isinstance(doc, Article) and doc.issue is not None:
        place = next(
            (i for i, a in enumerate(doc.issue.articles) if a is doc), len(doc.issue.articles)
        )
        return (-doc.issue.number, place, doc.stable_id)
    return (0, 0, doc.stable_id)


# Whether a feed is written again: its RSS path and the keys of its items.
FeedFilter = Callable[[str, set[str]], bool]


@dataclass(frozen=True)
class KeptFeeds:
    """Where a build keeps its feeds for the next: a feed whose key (`key_of` its spec and
    items) was kept before is taken as it was, both files, without feedgen or a template."""

    key_of: Callable[[FeedSpec, list[Document]], str]
    get: Callable[[str], tuple[bytes, bytes] | None]
    put: Callable[[str, bytes, bytes], None]


class FeedBuilder:
    """Renders every feed of one language of a site."""

    def __init__(
        self,
        site: Site,
        lang: str,
        settings: Settings,
        *,
        today: dt.date | None = None,
        pictures: Pictures | None = None,
    ) -> None:
        if not settings.site_url:
            raise ValueError("feeds need an absolute site_url in mkdocs.yml")
        self.site = site
        self.lang = lang
        self.site_name = settings.name(lang)
        self.length = settings.feed_length
        self.namespace = settings.feed_id_namespace
        self.address = urls.SiteAddress(settings.site_url, site.default_language)
        self.links = LinkResolver(site)
        self.pictures = pictures  # a photo in an excerpt: its 960-pixel copy
        self.today = today or dt.date.today()
        self.t = strings(lang)
        self.views = Views(site, lang, address=self.address)
        # An item's content by document: the same in both formats and in every feed carrying
        # it (an article is in the bulletin's, its topics' and the updates' feeds).
        self._contents: dict[str, str] = {}
        self._ranks: dict[int, tuple[Document, tuple[dt.date, tuple[int, int, str]]]] = {}
        self.env = Environment(
            loader=PackageLoader("maagal", "templates"),
            autoescape=select_autoescape(default=True),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )

    def absolute(self, path: str, lang: str | None = None) -> str:
        return self.address.of(path, lang or self.lang)

    def item_id(self, doc: Document) -> str:
        """Opaque and permanent: the document's id, the language and the site's namespace."""
        name = f"{self.namespace}:{doc.stable_id}:{self.lang}"
        return uuid.uuid5(uuid.NAMESPACE_URL, name).urn

    def specs(self) -> list[FeedSpec]:
        return feed_specs(self.site, self.lang, self.site_name)

    def files(
        self, wanted: FeedFilter | None = None, kept: KeptFeeds | None = None
    ) -> dict[str, bytes]:
        """Every feed as {path in the language's tree: bytes}; with `wanted`, only the feeds
        it accepts (by the feed's RSS path and the keys of its items); `kept`: the feeds a
        build keeps."""
        result: dict[str, bytes] = {}
        for spec in self.specs():
            docs = self.items(spec)
            if wanted is not None and not wanted(spec.rss_path, {d.key for d in docs}):
                continue
            key = kept.key_of(spec, docs) if kept is not None else ""
            found = kept.get(key) if kept is not None else None
            if found is None:
                found = self._formats(spec, docs)
                if kept is not None:
                    kept.put(key, *found)
            result[spec.rss_path], result[spec.atom_path] = found
        return result

    def _formats(self, spec: FeedSpec, docs: list[Document]) -> tuple[bytes, bytes]:
        """The feed of `spec` as RSS and as Atom."""
        rss = self.generator(spec, spec.rss_path, "application/rss+xml", docs)
        atom = self.generator(spec, spec.atom_path, "application/atom+xml", docs)
        return rss.rss_str(pretty=True), atom.atom_str(pretty=True)

    def item_keys(self) -> dict[str, set[str]]:
        """The keys of each feed's items, by the feed's RSS path."""
        return {spec.rss_path: {d.key for d in self.items(spec)} for spec in self.specs()}

    def items(self, spec: FeedSpec) -> list[Document]:
        """Newest first; on one day, an issue's articles in the order of its contents."""
        selected = spec.select(self.site, self.lang)
        ranked = [(self._rank(d), place, d) for place, d in enumerate(selected)]
        published = [item for item in ranked if item[0][0] <= self.today]
        # By day, newest first, then `same_day_order`, then as selected.
        published.sort(key=lambda item: (-item[0][0].toordinal(), item[0][1], item[1]))
        return [d for _, _, d in published[: self.length]]

    def _rank(self, doc: Document) -> tuple[dt.date, tuple[int, int, str]]:
        """`item_date` and `same_day_order` of `doc`, worked out once per builder: every feed
        sorts its items, and the updates' and the bulletin's feeds hold the whole archive."""
        kept = self._ranks.get(id(doc))
        if kept is None or kept[0] is not doc:
            kept = self._ranks[id(doc)] = (doc, (item_date(doc), same_day_order(doc)))
        return kept[1]

    def generator(
        self, spec: FeedSpec, self_path: str, self_type: str, docs: list[Document]
    ) -> FeedGenerator:
        """The feed of `spec` in one format, carrying `docs` (its `items`)."""
        feed = FeedGenerator()
        feed.load_extension("dc")
        page_url = self.absolute(spec.path)
        feed.id(page_url)
        feed.title(xml_safe(spec.title))
        feed.subtitle(xml_safe(spec.description))
        feed.link(href=self.absolute(self_path), rel="self", type=self_type)
        # feedgen uses the last link as the RSS <link>: the page, not the feed.
        feed.link(href=page_url, rel="alternate", type="text/html")
        feed.language(self.lang)
        feed.generator("Maagal")
        feed.author(name=xml_safe(self.site_name))  # Atom: entries without authors inherit it
        newest = max((item_date(d) for d in docs), default=dt.date(2000, 1, 1))
        feed.updated(in_israel(newest))
        feed.lastBuildDate(in_israel(newest))
        for doc in reversed(docs):  # feedgen prepends: add oldest first, newest ends on top
            self._add_entry(feed, doc)
        return feed

    def _add_entry(self, feed: FeedGenerator, doc: Document) -> None:
        entry = feed.add_entry()
        variant = doc.variants[self.lang]
        url = self._url(doc)
        entry.id(self.item_id(doc))
        entry.guid(self.item_id(doc), permalink=False)
        entry.title(xml_safe(self._title(doc)))
        entry.link(href=url, rel="alternate", type="text/html")
        when = in_israel(item_date(doc))
        entry.published(when)
        entry.updated(when)
        for author in doc.authors:
            name = xml_safe(pick(author.name, self.lang, self.site.default_language))
            entry.author(name=name, uri=self.absolute(urls.author_path(author.key)))
            entry.dc.dc_creator(name)
        for topic in doc.topics:
            entry.category(
                term=topic.key,
                label=xml_safe(pick(topic.label, self.lang, self.site.default_language)),
            )
        team = doc.variants[self.lang].team
        if team and not doc.authors:
            entry.author(name=xml_safe(team))
            entry.dc.dc_creator(xml_safe(team))
        if isinstance(doc, PositionPaper):
            entry.category(term=f"status:{doc.status}", label=self.t[f"status_{doc.status}"])
        if isinstance(doc, Issue):
            email = self.absolute(urls.document_path(doc) + "email.html")
            entry.link(href=email, rel="related", type="text/html", title=self.t["email_edition"])
            if doc.cover:
                self._enclosure(entry, doc.cover)
        entry.content(xml_safe(self._content(doc, variant.rel_path)), type="html")

    def _url(self, doc: Document) -> str:
        url = self.absolute(urls.document_path(doc))
        return url + "#summary" if isinstance(doc, EventSummary) else url

    def _title(self, doc: Document) -> str:
        title = doc.variants[self.lang].title
        if isinstance(doc, Issue):
            return f"{self.views.issue_label(doc)} · {title}"
        if isinstance(doc, Event) and doc.status != "scheduled":
            # As its calendar entry says it: "נדחה: …" / "Postponed: …", "בוטל: …".
            return f"{self.t[doc.status]}: {title}"
        return title

    def _enclosure(self, entry, cover: str) -> None:
        path = self.site.root / cover
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        href = self.absolute(urls.asset_path(cover, self.site.layout))
        entry.enclosure(href, str(path.stat().st_size), kind)

    def _photos(self, html: str, rel_path: str) -> str:
        return self.pictures.feed_html(html, rel_path) if self.pictures else html

    def _content(self, doc: Document, rel_path: str) -> str:
        made = self._contents.get(doc.key)
        if made is None:
            made = self._contents[doc.key] = self._make_content(doc, rel_path)
        return made

    def _make_content(self, doc: Document, rel_path: str) -> str:
        variant = doc.variants[self.lang]
        self.views.here = urls.in_language(
            urls.document_path(doc), self.lang, self.site.default_language
        )
        context = {
            "lang": self.lang,
            "dir": direction(self.lang),
            "t": self.t,
            "doc": doc,
            "url": self._url(doc),
            "excerpt": self.links.absolutize(
                self._photos(render_excerpt(variant.excerpt), rel_path),
                rel_path,
                self.lang,
                self.address,
            ),
            "card": self.views.card(doc),
            # A cancelled or postponed meeting says so first, as its page does.
            "notice": self.t[f"event_status_{doc.status}"]
            if isinstance(doc, Event) and doc.status != "scheduled"
            else "",
        }
        if isinstance(doc, Issue):
            context["issue"] = self.views.issue_summary(doc)
            context["email_url"] = self.absolute(urls.document_path(doc) + "email.html")
        return self.env.get_template("feed_item.html").render(context)
