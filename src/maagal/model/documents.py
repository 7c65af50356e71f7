"""The circle's documents as plain values: issues, articles, papers, pages, authors, topics.

Nothing here imports MkDocs. A document is one piece of content in one or more languages;
each language is a `Variant` read from its own file (`NAME.md`, `NAME.en.md`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal, get_args

from maagal.model.when import ContentDate, EventTime

Localized = dict[str, str]

# Where an editor splits a body: the excerpt above `<!-- more -->`; an event's summary, written
# after the meeting, below `<!-- summary -->`.
MORE_MARKER = "<!-- more -->"
SUMMARY_MARKER = "<!-- summary -->"

# An event's kind and region (DESIGN.md's content contract): the front matter allows these
# words only, and the events pages list the regions in this order.
EventKind = Literal["forum", "study-day", "workshop", "course", "conference"]
Region = Literal["north", "center", "south", "national"]
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)
REGIONS: tuple[str, ...] = get_args(Region)


# The sets noting, while a page's context is made for its key, which documents' languages it
# took (`noting_reads`): the innermost open set notes each. A page's key in the build cache
# then follows the words of those documents only (`maagal.cache.context_digests`).
_noting: list[set[str]] = []


@contextmanager
def noting_reads(into: set[str]) -> Iterator[set[str]]:
    """Note in `into` the key of every document whose language (`variant`, `primary`) is
    taken until the block ends: a page's view reads a document's fields only through them."""
    _noting.append(into)
    try:
        yield into
    finally:
        _noting.pop()


def pick(text: Localized, lang: str, fallback: str) -> str:
    """Text in `lang`, else in the fallback language, else any."""
    return text.get(lang) or text.get(fallback) or next(iter(text.values()), "")


@dataclass(eq=False)
class Author:
    key: str
    name: Localized
    description: Localized = field(default_factory=dict)
    bio: Localized = field(default_factory=dict)
    avatar: str | None = None


@dataclass(eq=False)
class Topic:
    key: str
    label: Localized


@dataclass(eq=False)
class Series:
    """A run of meetings (a regional forum, a course), from events/series.yml."""

    key: str
    label: Localized


@dataclass(eq=False)
class Variant:
    """One language of a document: its file, its text and its per-language fields."""

    lang: str
    rel_path: str
    title: str
    body: str
    body_line: int
    excerpt: str
    subtitle: str | None = None
    description: str | None = None
    team: str | None = None
    cover_alt: str | None = None
    location: str | None = None
    summary: str | None = None  # an event's summary, written after it took place

    @property
    def words(self) -> int:
        return len(self.body.split())


@dataclass(eq=False)
class Document:
    """Something with a page per language. `key` is its permanent identity (see docs)."""

    key: str
    variants: dict[str, Variant]
    primary_lang: str
    authors: list[Author] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    stable_id: str = ""  # permanent identity for feeds: front-matter 'id', else `key`

    kind = "document"

    @property
    def primary(self) -> Variant:
        if _noting:
            _noting[-1].add(self.key)
        return self.variants[self.primary_lang]

    def variant(self, lang: str) -> Variant | None:
        if _noting:
            _noting[-1].add(self.key)
        return self.variants.get(lang)

    @property
    def sort_date(self) -> dt.date:
        return dt.date.min


@dataclass(eq=False)
class Issue(Document):
    number: int = 0
    date: ContentDate = field(default=ContentDate(dt.date.min, "month"))
    cover: str | None = None  # path relative to the repository root
    articles: list[Article] = field(default_factory=list)

    kind = "issue"

    @property
    def sort_date(self) -> dt.date:
        return self.date.value


@dataclass(eq=False)
class Article(Document):
    issue: Issue | None = None
    slug: str = ""
    order: int = 0
    date: ContentDate | None = None

    kind = "article"

    @property
    def sort_date(self) -> dt.date:
        if self.date:
            return self.date.value
        return self.issue.date.value if self.issue else dt.date.min


@dataclass(eq=False)
class PositionPaper(Document):
    slug: str = ""
    status: str = "working-draft"
    date: ContentDate = field(default=ContentDate(dt.date.min, "day"))
    supersedes_slug: str | None = None  # as the front matter names it, known or not
    supersedes: PositionPaper | None = None
    superseded_by: PositionPaper | None = None

    kind = "paper"

    @property
    def sort_date(self) -> dt.date:
        return self.date.value


@dataclass(eq=False)
class Page(Document):
    """A page under docs/: the home page, site pages and knowledge-base articles."""

    path: str = ""  # relative to docs/, e.g. "knowledge/mutual-aid-fund.md"
    date: ContentDate | None = None

    kind = "page"

    @property
    def is_home(self) -> bool:
        return self.path == "index.md"

    @property
    def is_knowledge(self) -> bool:
        return self.path.startswith("knowledge/")

    @property
    def sort_date(self) -> dt.date:
        return self.date.value if self.date else dt.date.min


@dataclass(eq=False)
class Event(Document):
    """A forum meeting, study day, workshop, course session or conference (Israel time)."""

    slug: str = ""
    event_kind: str = "forum"
    series: Series | None = None
    start: EventTime = field(default=EventTime(dt.date.min))
    end: EventTime | None = None
    region: str | None = None
    status: str = "scheduled"
    registration: str | None = None
    # From the repository's history when there is one (see maagal.load.history):
    announced: dt.date | None = None  # first commit: when the event was published
    summarized: dt.date | None = None  # last commit, once a summary is written
    last_modified: dt.datetime | None = None

    kind = "event"

    @property
    def sort_date(self) -> dt.date:
        return self.start.day

    @property
    def last_day(self) -> dt.date:
        return self.end.day if self.end else self.start.day

    @property
    def has_summary(self) -> bool:
        return any(v.summary for v in self.variants.values())


@dataclass(eq=False)
class EventSummary(Document):
    """The summary of a meeting, announced in the updates feed as an item of its own."""

    event: Event | None = None

    kind = "summary"

    @property
    def sort_date(self) -> dt.date:
        assert self.event is not None
        return self.event.summarized or self.event.last_day


def summary_of(event: Event, title: dict[str, str]) -> EventSummary:
    """A feed item for `event`'s summary, in the languages that have one."""
    variants = {
        lang: Variant(
            lang=lang,
            rel_path=v.rel_path,
            title=title[lang].format(title=v.title),
            body=v.summary or "",
            body_line=v.body_line,
            excerpt=v.summary or "",
        )
        for lang, v in event.variants.items()
        if v.summary
    }
    return EventSummary(
        key=event.key + "#summary",
        variants=variants,
        primary_lang=next(iter(variants)),
        topics=event.topics,
        stable_id=event.stable_id + "#summary",
        event=event,
    )
