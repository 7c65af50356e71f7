"""What templates print: ready-made texts, dates and relative links for one page.

Templates never compute; they loop over these plain dicts. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import islice
from typing import Any

from maagal.addresses import urls
from maagal.load.pictures import shown_as
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
    noting_reads,
    pick,
)
from maagal.model.site import Site
from maagal.text import dates
from maagal.text.i18n import count, join_names, reading_time, strings
from maagal.text.render_markdown import plain_text
from maagal.views.event_views import event_list, event_page, home_events, series_page

STATUS_ORDER = ("adopted", "discussion", "working-draft", "superseded")


class Views:
    """Builds the view of each page for one language of one site."""

    def __init__(
        self,
        site: Site,
        lang: str,
        *,
        address: urls.SiteAddress | None = None,
        recent_papers: int = 3,
    ) -> None:
        self.address = address  # when set, links are absolute (feeds, email)
        self.recent_papers = recent_papers  # how many position papers the home page shows
        self.site = site
        self.lang = lang
        self.default = site.default_language
        self.t = strings(lang)
        self.here = ""  # the current page's path in the whole site (with language prefix)
        self._prefix = urls.language_root(lang, self.default)
        self._memo: dict[Any, dict[str, Any]] = {}  # cards' words by document: see `_words`

    # -- links ---------------------------------------------------------------------------

    def path(self, local_path: str, lang: str | None = None) -> str:
        # (Asked for every link of every page: the language's own prefix is made once.)
        if lang is None or lang == self.lang:
            return self._prefix + local_path
        return urls.in_language(local_path, lang, self.default)

    def link(self, local_path: str, lang: str | None = None) -> str:
        path = self.path(local_path, lang)
        if self.address:
            return self.address.url(path)
        return urls.relative(self.here, path)

    def asset(self, rel: str) -> str:
        """Link to a content asset (`issues/4/cover.svg`); assets live in each language's tree."""
        return self.link(urls.asset_path(rel, self.site.layout))

    # -- small pieces --------------------------------------------------------------------

    def title(self, doc: Document) -> str:
        variant = doc.variant(self.lang) or doc.primary
        return variant.title

    def byline(self, authors: list[Author]) -> str:
        return join_names([pick(a.name, self.lang, self.default) for a in authors], self.lang)

    def topics(self, topics: list[Topic]) -> list[dict[str, str]]:
        return [
            {
                "label": pick(t.label, self.lang, self.default),
                "url": self.link(urls.topic_path(t.key)),
            }
            for t in topics
        ]

    def issue_label(self, issue: Issue) -> str:
        return self.t["issue_badge"].format(
            n=issue.number, month=dates.month_year(issue.date.value, self.lang)
        )

    def hebrew_date(self, day) -> str | None:
        return dates.hebrew_calendar_date(day) if self.lang == "he" else None

    # -- what the views read of a body ------------------------------------------------------

    def excerpt(self, doc: Document) -> str:
        """The document's excerpt, as lists and previews show it."""
        return plain_text((doc.variant(self.lang) or doc.primary).excerpt)

    def time_to_read(self, doc: Document) -> str:
        return reading_time((doc.variant(self.lang) or doc.primary).words, self.lang)

    # -- cards -----------------------------------------------------------------------------

    def card(self, doc: Document) -> dict[str, Any]:
        words = self._words(doc)
        card: dict[str, Any] = {
            **words["text"],
            "url": self.link(words["path"]),
            "authors": [{"name": n, "url": self.link(p)} for n, p in words["authors"]],
            "topics": [{"label": n, "url": self.link(p)} for n, p in words["topics"]],
        }
        if "status" in words:
            card["status"] = dict(words["status"])
        if "badge" in words:
            text, path = words["badge"]
            card["badge"] = {"text": text, "url": self.link(path)}
        if isinstance(doc, Issue):
            card.update(self.issue_summary(doc))
        return card

    def _words(self, doc: Document) -> dict[str, Any]:
        """A card's texts and the paths of its links, made once per document: pages differ
        only in their relative links, and thousands of pages show the same cards."""
        words = self._memo.get(id(doc))
        if words is not None:
            return words
        variant = doc.variant(self.lang) or doc.primary
        text: dict[str, Any] = {
            "kind": doc.kind,
            "title": variant.title,
            "subtitle": variant.subtitle,
            "excerpt": self.excerpt(doc),
        }
        words = {
            "text": text,
            "path": urls.document_path(doc),
            "authors": [
                (pick(a.name, self.lang, self.default), urls.author_path(a.key))
                for a in doc.authors
            ],
            "topics": [
                (pick(t.label, self.lang, self.default), urls.topic_path(t.key)) for t in doc.topics
            ],
        }
        if isinstance(doc, Article) and doc.issue:
            words["badge"] = (self.issue_label(doc.issue), urls.document_path(doc.issue))
            text["date"] = dates.content_date(doc.date or doc.issue.date, self.lang)
        elif isinstance(doc, PositionPaper):
            words["status"] = {"key": doc.status, "label": self.t[f"status_{doc.status}"]}
            text["team"] = variant.team
            text["date"] = dates.long_date(doc.date.value, self.lang)
        elif isinstance(doc, Event):
            text["date"] = dates.event_when(doc.start, doc.end, self.lang)
        elif isinstance(doc, Page) and doc.date:
            text["date"] = dates.long_date(doc.date.value, self.lang)
        self._memo[id(doc)] = words
        return words

    def card_words(self, doc: Document) -> str:
        """Everything a document's card says but its links, which follow from the paths in it
        and the page's address: the same words, the same card on any page."""
        if isinstance(doc, Issue):
            words = self._issue_words(doc)
            parts: Any = [
                words["text"],
                words["path"],
                doc.cover,
                [a.key for a in words["articles"]],
            ]
        else:
            parts = self._words(doc)
        return json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)

    def issue_summary(self, issue: Issue) -> dict[str, Any]:
        articles = self._issue_words(issue)["articles"]
        return {**self._tile(issue), "articles": [self.card(a) for a in articles]}

    def issue_tile(self, issue: Issue) -> dict[str, Any]:
        """An issue as a tile shows it (the archive, the home page's other issues): its
        number, theme, month, cover and how many articles, not their cards (making the 2,400
        cards of the archive's 300 tiles took half a second, and tied the archive to every
        article's excerpt). (`issue_summary` builds on `_tile`, which `KeyViews` leaves as it
        is: its `issue_tile` writes the tile out.)"""
        return self._tile(issue)

    def _tile(self, issue: Issue) -> dict[str, Any]:
        words = self._issue_words(issue)
        return {
            **words["text"],
            "url": self.link(words["path"]),
            # A photo's largest web copy (`load/pictures.py`), never a phone's original.
            "cover": self.asset(shown_as(self.site.root, issue.cover)) if issue.cover else None,
        }

    def _issue_words(self, issue: Issue) -> dict[str, Any]:
        words = self._memo.get(("issue", id(issue)))
        if words is not None:
            return words
        variant = issue.variant(self.lang) or issue.primary
        articles = [a for a in issue.articles if self.lang in a.variants]
        words = {
            "text": {
                "number": issue.number,
                "theme": variant.title,
                "label": self.issue_label(issue),
                "month": dates.month_year(issue.date.value, self.lang),
                "iso_month": f"{issue.date.value:%Y-%m}",  # the <time datetime> of the month
                "hebrew_month": dates.hebrew_calendar_month(issue.date.value)
                if self.lang == "he"
                else None,
                "cover_alt": variant.cover_alt,
                "articles_count": count(len(articles), "article", self.lang),
            },
            "path": urls.document_path(issue),
            "articles": articles,
        }
        self._memo[("issue", id(issue))] = words
        return words

    # -- pages -----------------------------------------------------------------------------

    def home(self) -> dict[str, Any]:
        latest = self.site.latest_issue(self.lang)
        papers = [p for p in self.site.papers if self.lang in p.variants]
        # (The few shown are taken before their cards are made: making all 300 issues' took
        # a third of a second of every build that remade the home page.)
        more = (i for i in self.site.issues if self.lang in i.variants and i is not latest)
        current = (p for p in papers if p.status != "superseded")
        return {
            "latest": self.issue_summary(latest) if latest else None,
            "more_issues": [self.issue_tile(i) for i in islice(more, 3)],
            "papers": [self.card(p) for p in islice(current, self.recent_papers)],
            "knowledge": [self.card(p) for p in self.site.knowledge if self.lang in p.variants],
            "archive_url": self.link(urls.ARCHIVE),
            "papers_url": self.link(urls.PAPERS),
            "knowledge_url": self.link(urls.KNOWLEDGE),
            "events": home_events(self),
            "events_url": self.link(urls.EVENTS),
        }

    def archive(self) -> dict[str, Any]:
        by_year: dict[int, list] = defaultdict(list)
        for issue in self.site.issues:
            if self.lang in issue.variants:
                by_year[issue.date.value.year].append(self.issue_tile(issue))
        return {"years": [{"year": y, "issues": by_year[y]} for y in sorted(by_year, reverse=True)]}

    def issue(self, issue: Issue) -> dict[str, Any]:
        return self.issue_summary(issue)

    def article(self, article: Article) -> dict[str, Any]:
        assert article.issue is not None
        siblings = [a for a in article.issue.articles if self.lang in a.variants]
        index = siblings.index(article)
        day = article.date or article.issue.date
        return {
            **self.card(article),
            "date": dates.content_date(day, self.lang),
            "iso_date": day.value.isoformat(),
            "hebrew_date": self.hebrew_date(day.value)
            if day.precision == "day"
            else (dates.hebrew_calendar_month(day.value) if self.lang == "he" else None),
            "byline": self.byline(article.authors),
            "reading_time": self.time_to_read(article),
            "previous": self.card(siblings[index - 1]) if index > 0 else None,
            "next": self.card(siblings[index + 1]) if index + 1 < len(siblings) else None,
        }

    def paper(self, paper: PositionPaper) -> dict[str, Any]:
        def ref(other: PositionPaper | None) -> dict[str, str] | None:
            if other is None:
                return None
            lang = self.lang if self.lang in other.variants else other.primary_lang
            return {
                "title": (other.variant(lang) or other.primary).title,
                "url": self.link(urls.document_path(other), lang),
                "lang": lang,
            }

        return {
            **self.card(paper),
            "iso_date": paper.date.value.isoformat(),
            "hebrew_date": self.hebrew_date(paper.date.value),
            "byline": self.byline(paper.authors),
            "supersedes": ref(paper.supersedes),
            "superseded_by": ref(paper.superseded_by),
        }

    def papers(self) -> dict[str, Any]:
        papers = [p for p in self.site.papers if self.lang in p.variants]
        by_status = [
            {
                "key": s,
                "label": self.t[f"status_{s}"],
                "papers": [self.card(p) for p in papers if p.status == s],
            }
            for s in STATUS_ORDER
        ]
        topics = []
        for topic in self.site.topics.values():
            tagged = [self.card(p) for p in papers if topic in p.topics]
            if tagged:
                topics.append(
                    {
                        "label": pick(topic.label, self.lang, self.default),
                        "url": self.link(urls.topic_path(topic.key)),
                        "papers": tagged,
                    }
                )
        return {"by_status": [s for s in by_status if s["papers"]], "by_topic": topics}

    def author(self, author: Author) -> dict[str, Any]:
        return {
            **self._person(author),
            "bio": pick(author.bio, self.lang, self.default) if author.bio else "",
            "entries": [self.card(d) for d in self.site.by_author(author.key, self.lang)],
        }

    def _person(self, author: Author) -> dict[str, str]:
        return {
            "name": pick(author.name, self.lang, self.default),
            "description": pick(author.description, self.lang, self.default)
            if author.description
            else "",
        }

    def authors_index(self) -> dict[str, Any]:
        """Each author's name, description and count, not their writings' cards (which the
        index never showed: 2,800 cards at archive-5k, and the index made again after any
        edit to a title or an excerpt)."""
        return {
            "authors": [
                {
                    **self._person(a),
                    "url": self.link(urls.author_path(a.key)),
                    "count": len(self.site.by_author(a.key, self.lang)),
                }
                for a in self.site.authors.values()
            ]
        }

    def topic(self, topic: Topic) -> dict[str, Any]:
        return {
            "label": pick(topic.label, self.lang, self.default),
            "entries": [self.card(d) for d in self.site.by_topic(topic.key, self.lang)],
        }

    def topics_index(self) -> dict[str, Any]:
        return {
            "topics": [
                {
                    "label": pick(t.label, self.lang, self.default),
                    "url": self.link(urls.topic_path(t.key)),
                    "count": len(self.site.by_topic(t.key, self.lang)),
                }
                for t in self.site.topics.values()
            ]
        }

    def page(self, page: Page) -> dict[str, Any]:
        view = self.card(page)
        view["byline"] = self.byline(page.authors)
        if page.date:
            view["hebrew_date"] = self.hebrew_date(page.date.value)
            view["iso_date"] = page.date.value.isoformat()
        if page.path == "knowledge/index.md":
            view["children"] = [
                self.card(p) for p in self.site.knowledge if self.lang in p.variants
            ]
        return view

    def events(self) -> dict[str, Any]:
        return event_list(self, self.site.events)

    def event(self, event: Event) -> dict[str, Any]:
        return event_page(self, event)

    def series(self, series: Series) -> dict[str, Any]:
        return series_page(self, series)


class Skeleton(Views):
    """A page's view with every card replaced by its document's key: which documents a
    listing shows, in what order, with what else it says, but not what the cards say.

    `maagal serve` compares a listing's skeleton before and after an edit: when it is the same
    and none of the documents it shows was edited, the listing is the same page. So a card
    shows its own document's words only (an article's, its issue's too)."""

    def __init__(self, site: Site, lang: str, *, recent_papers: int = 3) -> None:
        super().__init__(site, lang, recent_papers=recent_papers)
        self.shown: set[str] = set()  # the documents whose cards the views built

    def card(self, doc: Document) -> dict[str, Any]:
        if isinstance(doc, Issue):
            return self.issue_summary(doc)
        self.shown.add(doc.key)
        return {"card": doc.key}

    def issue_summary(self, issue: Issue) -> dict[str, Any]:
        articles = [a.key for a in issue.articles if self.lang in a.variants]
        self.shown.update([issue.key, *articles])
        return {"issue": issue.key, "articles": articles}


class KeyViews(Views):
    """The views as a page's key needs them (`SiteChrome.key_context`): links as paths from the
    site's root instead of relative to the page (the page's own path is in its key, and a
    relative link follows from the two), so a card is the same on every page, and is made and
    written out once per document, not once per page that shows it.

    `read` holds the documents whose words (a title, an excerpt, a reading time) the view took.
    The model notes each document whose language is taken (`noting_reads`) in the set of the
    page, or of the card being written out (which every page showing the card takes in). The
    site's outline leaves those words out of its frame (`views/site_outline.py`), and a page's
    context is made again when one of them changes."""

    def __init__(self, site: Site, lang: str, *, recent_papers: int = 3) -> None:
        super().__init__(site, lang, recent_papers=recent_papers)
        self._cards: dict[tuple[str, int], tuple[dict[str, str], frozenset[str]]] = {}
        self.read: set[str] = set()

    def link(self, local_path: str, lang: str | None = None) -> str:
        return self.path(local_path, lang)

    def card(self, doc: Document) -> dict[str, Any]:
        return self._written("card", doc, super().card)

    def issue_summary(self, issue: Issue) -> dict[str, Any]:
        return self._written("issue", issue, super().issue_summary)

    def issue_tile(self, issue: Issue) -> dict[str, Any]:
        return self._written("tile", issue, super().issue_tile)

    def _written(self, kind: str, doc: Any, make: Any) -> dict[str, str]:
        """The card written out, made once: what it read is noted on every page it is on."""
        found = self._cards.get((kind, id(doc)))
        if found is None:
            outer, self.read = self.read, {doc.key}  # (a card shows its document's words)
            try:
                with noting_reads(self.read):
                    text = json.dumps(make(doc), ensure_ascii=False, sort_keys=True, default=str)
            finally:
                read, self.read = self.read, outer
            found = self._cards[(kind, id(doc))] = ({kind: text}, frozenset(read))
        self.read.update(found[1])
        return found[0]
