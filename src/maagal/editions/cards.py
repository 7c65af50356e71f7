"""The link-preview card of each issue, article, position paper and meeting: a 1200 × 630
picture with the title, the issue badge or kind, and the date, in the site's colours.

Drawn by Chromium from `templates/cards/card.html` (measured against Pillow with Raqm in
benchmarks/cards.md: Chromium takes about 2.8 × as long per card, but shapes and wraps mixed
Hebrew-English titles, and finds each letter in the site's own fonts, which are split by
script; Pillow set only one script per font and left boxes for the rest).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from maagal.addresses.outputs import card_path, has_card
from maagal.addresses.settings import Settings
from maagal.model.documents import Article, Document, Event, Issue, PositionPaper
from maagal.model.site import Site, direction
from maagal.text import dates
from maagal.text.i18n import strings
from maagal.views.site_views import Views


@dataclass(frozen=True)
class CardJob:
    """One card to draw: where it goes in the language's site, and what it says."""

    path: str  # 'issues/4/regional-purchasing/card.png'
    data: dict[str, str]


@functools.cache
def card_template() -> str:
    """The page every card is drawn on (`render.py` fills it in, card by card)."""
    from importlib.resources import files

    return (files("maagal") / "templates" / "cards" / "card.html").read_text(encoding="utf-8")


class Cards:
    """The cards of one language."""

    def __init__(self, site: Site, lang: str, settings: Settings) -> None:
        self.site = site
        self.lang = lang
        self.views = Views(site, lang)
        self.t = strings(lang)
        self.site_name = settings.name(lang)

    def jobs(self) -> list[CardJob]:
        documents = [
            *self.site.issues,
            *(a for i in self.site.issues for a in i.articles),
            *self.site.papers,
            *self.site.events,
        ]
        return [
            CardJob(card_path(doc), self.data(doc))
            for doc in documents
            if self.lang in doc.variants and has_card(doc)
        ]

    def data(self, doc: Document) -> dict[str, str]:
        variant = doc.variant(self.lang) or doc.primary
        kicker, when = self._kicker_and_date(doc)
        return {
            "lang": self.lang,
            "dir": direction(self.lang),
            "site": self.site_name,
            "kicker": kicker,
            "title": variant.title,
            "subtitle": variant.subtitle or "",
            "date": when,
        }

    def _kicker_and_date(self, doc: Document) -> tuple[str, str]:
        t = self.t
        if isinstance(doc, Issue):
            return f"{t['issue']} {doc.number}", dates.month_year(doc.date.value, self.lang)
        if isinstance(doc, Article) and doc.issue is not None:
            theme = self.views.title(doc.issue)
            return f"{t['issue']} {doc.issue.number} · {theme}", dates.content_date(
                doc.date or doc.issue.date, self.lang
            )
        if isinstance(doc, PositionPaper):
            return (
                f"{t['paper']} · {t[f'status_{doc.status}']}",
                dates.long_date(doc.date.value, self.lang),
            )
        if isinstance(doc, Event):
            kind = t.get(f"kind_{doc.event_kind}", t["event"])
            if doc.status != "scheduled":
                kind += f" · {t.get(doc.status, doc.status)}"
            return kind, dates.event_when(doc.start, doc.end, self.lang)
        return "", ""
