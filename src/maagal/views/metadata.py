"""What a page says about itself away from the site: link previews (Open Graph, Twitter cards)
where members paste it in WhatsApp, Telegram or Facebook, and structured data (JSON-LD) for
search engines: an article in its issue, an issue, a paper with its status, a meeting with its
date, place and status. Nothing here imports MkDocs; `page_context.py` hands the result to the
templates, which print it escaped.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from maagal.addresses import urls
from maagal.addresses.outputs import CARD_NAME, CARD_SIZE, card_path, has_card, preview_cover
from maagal.addresses.settings import Settings
from maagal.load.pictures import shown_as
from maagal.model.documents import (
    Article,
    Document,
    Event,
    Issue,
    Page,
    PositionPaper,
    pick,
)
from maagal.model.site import Site
from maagal.model.when import EventTime, in_israel
from maagal.text import dates
from maagal.text.i18n import strings
from maagal.text.render_markdown import plain_text

OG_LOCALES = {"he": "he_IL", "en": "en_GB", "ar": "ar_AR"}  # Open Graph wants language_TERRITORY
DESCRIPTION_LENGTH = 200
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


class PageMetadata:
    """The link preview and structured data of each page of one language."""

    def __init__(self, site: Site, lang: str, settings: Settings, *, cards: bool = False) -> None:
        self.site = site
        self.cards = cards  # the build draws a card for each issue, article, paper and meeting
        self.lang = lang
        self.address = urls.SiteAddress(settings.site_url, site.default_language)
        self.site_name = settings.name(lang)
        self.site_description = settings.description(lang) or ""
        self.t = strings(lang)

    def of(
        self, doc: Document | None, path: str, title: str, languages: tuple[str, ...]
    ) -> dict[str, Any]:
        """`og` and `twitter`: (property, content) pairs; `json_ld`: the JSON to embed, or ''."""
        url = self.address.of(path, self.lang)
        description = self._description(doc)
        og = [
            ("og:site_name", self.site_name),
            ("og:title", title),
            ("og:description", description),
            ("og:url", url),
            ("og:locale", _locale(self.lang)),
            *[("og:locale:alternate", _locale(lang)) for lang in languages if lang != self.lang],
        ]
        og += self._kind(doc)
        image = self._image(doc, title)
        if image:
            og += [("og:image", image[0]), ("og:image:alt", image[1])]
            if image[0].endswith(CARD_NAME):
                width, height = CARD_SIZE
                og += [("og:image:width", str(width)), ("og:image:height", str(height))]
        twitter = [
            ("twitter:card", "summary_large_image" if image else "summary"),
            ("twitter:title", title),
            ("twitter:description", description),
        ]
        data = self._structured(doc, url, title, description)
        json_ld = json.dumps(data, ensure_ascii=False, sort_keys=True) if data else ""
        # Inside <script>, '</script>' in a title would end the element: the characters HTML
        # reads are written as JSON escapes, which any JSON reader turns back.
        for character, escaped in _SCRIPT_SAFE:  # (str.replace: translate is 20 times slower)
            json_ld = json_ld.replace(character, escaped)
        return {"og": og, "twitter": twitter, "json_ld": json_ld}

    # -- preview ----------------------------------------------------------------------------

    def _description(self, doc: Document | None) -> str:
        if doc is None:
            return self.site_description
        variant = doc.variant(self.lang) or doc.primary
        text = variant.description or variant.subtitle or plain_text(variant.excerpt)
        text = " ".join(text.split())
        if len(text) > DESCRIPTION_LENGTH:
            text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        return text or self.site_description

    def _kind(self, doc: Document | None) -> list[tuple[str, str]]:
        if not isinstance(doc, (Article, PositionPaper, Page)) or (
            isinstance(doc, Page) and (doc.is_home or not doc.date)
        ):
            return [("og:type", "website")]
        published = _published(doc)
        tags = [("og:type", "article")]
        if published:
            tags.append(("article:published_time", published))
        tags += [
            ("article:author", self.address.of(urls.author_path(author.key), self.lang))
            for author in doc.authors
        ]
        if isinstance(doc, Article) and doc.issue:
            tags.append(("article:section", self._issue_label(doc.issue)))
        elif isinstance(doc, PositionPaper):
            tags.append(("article:section", self.t["papers"]))
        tags += [
            ("article:tag", pick(topic.label, self.lang, self.site.default_language))
            for topic in doc.topics
        ]
        return tags

    def _image(self, doc: Document | None, title: str) -> tuple[str, str] | None:
        """The document's card; an issue's cover when previews can show it (and, when the
        build draws no cards, an article shows its issue's)."""
        if self.cards and has_card(doc):
            assert doc is not None
            return self.address.of(card_path(doc), self.lang), title
        issue = doc if isinstance(doc, Issue) else getattr(doc, "issue", None)
        if not isinstance(issue, Issue) or issue.cover is None or not preview_cover(issue):
            return None
        variant = issue.variant(self.lang) or issue.primary
        cover = shown_as(self.site.root, issue.cover)  # a photo's largest copy, as pages show
        src = self.address.of(urls.asset_path(cover, self.site.layout), self.lang)
        return src, variant.cover_alt or ""

    def _issue_label(self, issue: Issue) -> str:
        return self.t["issue_badge"].format(
            n=issue.number, month=dates.month_year(issue.date.value, self.lang)
        )

    # -- structured data --------------------------------------------------------------------

    def _structured(
        self, doc: Document | None, url: str, title: str, description: str
    ) -> dict[str, Any] | None:
        common = {"@context": "https://schema.org", "url": url, "inLanguage": self.lang}
        if isinstance(doc, Article) and doc.issue:
            return {
                **common,
                "@type": "NewsArticle",
                "headline": title,
                "description": description,
                "datePublished": _published(doc),
                "author": [self._person(author) for author in doc.authors],
                "publisher": self._organization(),
                "isPartOf": self._issue(doc.issue),
            }
        if isinstance(doc, Issue):
            return {**common, **self._issue(doc), "description": description}
        if isinstance(doc, PositionPaper):
            variant = doc.variant(self.lang) or doc.primary
            authors = [self._person(a) for a in doc.authors] or (
                [{"@type": "Organization", "name": variant.team}] if variant.team else []
            )
            return {
                **common,
                "@type": "Report",
                "name": title,
                "description": description,
                "datePublished": doc.date.value.isoformat(),
                "author": authors,
                "publisher": self._organization(),
                "creativeWorkStatus": self.t[f"status_{doc.status}"],
            }
        if isinstance(doc, Event):
            return {**common, **self._event(doc, title, description)}
        return None

    def _person(self, author: Any) -> dict[str, str]:
        return {
            "@type": "Person",
            "name": pick(author.name, self.lang, self.site.default_language),
            "url": self.address.of(urls.author_path(author.key), self.lang),
        }

    def _organization(self) -> dict[str, str]:
        return {
            "@type": "Organization",
            "name": self.site_name,
            "url": self.address.of("", self.lang),
        }

    def _issue(self, issue: Issue) -> dict[str, Any]:
        variant = issue.variant(self.lang) or issue.primary
        return {
            "@type": "PublicationIssue",
            "issueNumber": str(issue.number),
            "name": variant.title,
            "datePublished": _iso(issue.date.value, issue.date.precision),
            "url": self.address.of(urls.document_path(issue), self.lang),
            "isPartOf": {"@type": "Periodical", "name": f"{self.site_name} · {self.t['bulletin']}"},
        }

    def _event(self, event: Event, title: str, description: str) -> dict[str, Any]:
        variant = event.variant(self.lang) or event.primary
        online = (variant.location or "").strip().lower() == "online"
        status = {"cancelled": "EventCancelled", "postponed": "EventPostponed"}.get(
            event.status, "EventScheduled"
        )
        data: dict[str, Any] = {
            "@type": "Event",
            "name": title,
            "description": description,
            "startDate": _when(event.start),
            "eventStatus": f"https://schema.org/{status}",
            "eventAttendanceMode": "https://schema.org/"
            + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
            "location": (
                {
                    "@type": "VirtualLocation",
                    "url": event.registration or self.address.of("", self.lang),
                }
                if online
                else {"@type": "Place", "name": variant.location, "address": variant.location}
            ),
            "organizer": self._organization(),
        }
        if event.end is not None:
            data["endDate"] = _when(event.end)
        return data


def _locale(lang: str) -> str:
    return OG_LOCALES.get(lang, lang)


def _published(doc: Document) -> str:
    date = getattr(doc, "date", None)
    if isinstance(doc, Article) and date is None and doc.issue:
        date = doc.issue.date
    return in_israel(date.value).isoformat() if date is not None else ""


def _iso(day: dt.date, precision: str) -> str:
    return day.strftime("%Y-%m") if precision == "month" else day.isoformat()


def _when(moment: EventTime) -> str:
    """'2027-07-12', or a day and time with Israel's offset: '2027-07-12T17:00:00+03:00'."""
    return (
        moment.day.isoformat() if moment.all_day else in_israel(moment.day, moment.time).isoformat()
    )
