"""The whole site's content, related and validated, ready for any renderer."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from maagal.model.documents import (
    Article,
    Author,
    Document,
    Event,
    Issue,
    Page,
    PositionPaper,
    Series,
    Topic,
)
from maagal.model.layout import ContentLayout
from maagal.model.when import ContentDate

RTL_LANGUAGES = frozenset({"he", "ar", "fa", "ur", "yi"})


def direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr"


@dataclass
class Site:
    """Every published document, with authors and topics resolved to objects."""

    layout: ContentLayout
    issues: list[Issue] = field(default_factory=list)  # newest first
    papers: list[PositionPaper] = field(default_factory=list)  # newest first
    pages: list[Page] = field(default_factory=list)
    authors: dict[str, Author] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    assets: list[str] = field(default_factory=list)  # images etc., relative to root
    events: list[Event] = field(default_factory=list)  # by start, earliest first
    series: dict[str, Series] = field(default_factory=dict)
    # Documents dated after the build's day: not published yet (see `hold_back`).
    held_back: set[str] = field(default_factory=set)
    # The files and bodies of documents this build leaves out (drafts, and those held back):
    # the pictures and downloads only they show stay out too (`links.withhold_assets`).
    unpublished: list[tuple[str, str]] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.layout.root

    @property
    def languages(self) -> list[str]:
        return list(self.layout.languages)

    @property
    def default_language(self) -> str:
        return self.layout.languages[0]

    @property
    def articles(self) -> list[Article]:
        return [article for issue in self.issues for article in issue.articles]

    def documents(self) -> Iterator[Document]:
        yield from self.issues
        yield from self.articles
        yield from self.papers
        yield from self.pages
        yield from self.events

    @functools.cached_property
    def _by_key(self) -> dict[str, Document]:
        return {doc.key: doc for doc in self.documents()}

    def document(self, key: str) -> Document | None:
        """The document whose file is `key` (a path without `.md`, e.g. 'issues/4/x')."""
        return self._by_key.get(key)

    def in_language(self, lang: str) -> list[Document]:
        return [doc for doc in self.documents() if lang in doc.variants]

    def latest_issue(self, lang: str) -> Issue | None:
        return next((issue for issue in self.issues if lang in issue.variants), None)

    def by_author(self, key: str, lang: str) -> list[Document]:
        """The author's documents in `lang`, newest first."""
        return list(self._grouped(lang, "authors").get(key, ()))

    def by_topic(self, key: str, lang: str) -> list[Document]:
        """The documents of a topic in `lang`, newest first."""
        return list(self._grouped(lang, "topics").get(key, ()))

    def _grouped(self, lang: str, by: str) -> dict[str, list[Document]]:
        """Documents by author or topic key, made once: every author's and topic's page, the
        indexes and the feeds ask, and each asking would go through the whole archive."""
        groups: dict[tuple[str, str], dict[str, list[Document]]]
        groups = self.__dict__.setdefault("_groups", {})
        found = groups.get((lang, by))
        if found is None:
            found = {}
            for doc in self.in_language(lang):
                for key in dict.fromkeys(item.key for item in getattr(doc, by)):
                    found.setdefault(key, []).append(doc)
            for docs in found.values():
                docs.sort(key=lambda d: d.sort_date, reverse=True)
            groups[(lang, by)] = found
        return found

    @property
    def knowledge(self) -> list[Page]:
        return [p for p in self.pages if p.is_knowledge and p.path != "knowledge/index.md"]

    def page(self, path: str) -> Page | None:
        return next((p for p in self.pages if p.path == path), None)

    def series_events(self, key: str, lang: str) -> list[Event]:
        return [e for e in self.events if e.series and e.series.key == key and lang in e.variants]

    def hold_back(self, day: dt.date) -> None:
        """Take out what is dated after `day`: an issue (with its articles), an article, a
        position paper or a dated page goes live on its date, with the first build of that
        day. Events stay: announcing a meeting before it takes place is their purpose."""

        def later(doc: Document, date: ContentDate | None) -> bool:
            if date is not None and date.value > day:
                self.held_back.add(doc.key)
                return True
            return False

        before = list(self.documents())
        for issue in self.issues:
            if later(issue, issue.date):
                self.held_back.update(article.key for article in issue.articles)
        self.issues = [i for i in self.issues if i.key not in self.held_back]
        for issue in self.issues:
            issue.articles = [a for a in issue.articles if not later(a, a.date)]
        self.papers = [p for p in self.papers if not later(p, p.date)]
        self.pages = [p for p in self.pages if not later(p, p.date)]
        self.unpublished += [
            (variant.rel_path, variant.body)
            for doc in before
            if doc.key in self.held_back
            for variant in doc.variants.values()
        ]
        for paper in self.papers:  # a successor held back: no link to it until its day
            if paper.superseded_by is not None and paper.superseded_by.key in self.held_back:
                paper.superseded_by = None
        self.__dict__.pop("_by_key", None)  # the cached index of documents by key
        self.__dict__.pop("_groups", None)  # and by author and topic
