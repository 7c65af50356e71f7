"""What the events pages print. Which events are upcoming is decided in the reader's browser
(each card carries its start and end as UTC instants), so that a page built weeks ago is right
on the day it is read and two builds of the same sources stay identical."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Protocol

from maagal.addresses import urls
from maagal.model.documents import REGIONS, Event, Series, Topic, pick
from maagal.model.site import Site
from maagal.text import dates

HOME_EVENTS = 24  # the latest events by date, among which the browser finds the next three


class Views(Protocol):
    """What the events' views need of `maagal.views.site_views.Views` (which calls them)."""

    site: Site
    lang: str
    default: str
    t: dict[str, str]

    def link(self, local_path: str, lang: str | None = None) -> str: ...

    def topics(self, topics: list[Topic]) -> list[dict[str, str]]: ...

    def excerpt(self, doc: Event) -> str: ...


def event_card(views: Views, event: Event) -> dict[str, Any]:
    t = views.t
    variant = event.variant(views.lang) or event.primary
    begins, ends = dates.event_instants(event.start, event.end)
    location = variant.location or ""
    return {
        "kind": "event",
        "title": variant.title,
        "url": views.link(urls.document_path(event)),
        "event_kind": event.event_kind,
        "kind_label": t[f"kind_{event.event_kind}"],
        "region": event.region or "",
        "region_label": t[f"region_{event.region}"] if event.region else "",
        "status": event.status,
        "status_label": t.get(event.status, "") if event.status != "scheduled" else "",
        "when": dates.event_when(event.start, event.end, views.lang),
        "hebrew_date": dates.event_hebrew_date(event.start, event.end)
        if views.lang == "he"
        else None,
        "location": t["online"] if location.lower() == "online" else location,
        "begins": begins,
        "ends": ends,
        "year": event.start.day.year,
        "series": series_ref(views, event.series),
        "excerpt": views.excerpt(event),
        "has_summary": bool(variant.summary),
        "topics": views.topics(event.topics),
    }


def series_ref(views: Views, series: Series | None) -> dict[str, str] | None:
    if series is None:
        return None
    return {
        "label": pick(series.label, views.lang, views.default),
        "url": views.link(urls.series_path(series.key)),
    }


def event_list(views: Views, events: list[Event]) -> dict[str, Any]:
    """Every event, grouped by year (newest year first, newest first within it); the browser
    moves the upcoming ones to the top, soonest first."""
    cards = [event_card(views, e) for e in events if views.lang in e.variants]
    by_year: dict[int, list] = defaultdict(list)
    for card in sorted(cards, key=lambda c: c["begins"], reverse=True):
        by_year[card["year"]].append(card)
    regions = sorted(
        {c["region"] for c in cards if c["region"]},
        key=REGIONS.index,
    )
    kinds = sorted({c["event_kind"] for c in cards})
    t = views.t
    return {
        "years": [{"year": y, "events": by_year[y]} for y in sorted(by_year, reverse=True)],
        "regions": [{"key": r, "label": t[f"region_{r}"]} for r in regions],
        "kinds": [{"key": k, "label": t[f"kind_{k}"]} for k in kinds],
        "calendar": views.link(urls.EVENTS + "calendar.ics"),
    }


def event_page(views: Views, event: Event) -> dict[str, Any]:
    card = event_card(views, event)
    card["registration"] = event.registration
    card["calendar"] = views.link(urls.document_path(event) + "event.ics")
    card["status_notice"] = (
        views.t[f"event_status_{event.status}"] if event.status != "scheduled" else ""
    )
    return card


def series_page(views: Views, series: Series) -> dict[str, Any]:
    listing = event_list(views, views.site.series_events(series.key, views.lang))
    listing["label"] = pick(series.label, views.lang, views.default)
    listing["calendar"] = views.link(urls.series_path(series.key) + "calendar.ics")
    return listing


def home_events(views: Views) -> list[dict[str, Any]]:
    events = [e for e in views.site.events if views.lang in e.variants]
    latest = events[-HOME_EVENTS:]
    return [event_card(views, e) for e in latest]
