"""iCalendar files members subscribe to, written with the `icalendar` library (RFC 5545).

- UID: from the event's permanent id (its path, or the `id:` an editor keeps when moving the
  file) and the site's namespace; the same in every language, so two subscriptions never
  duplicate a meeting.
- DTSTAMP / LAST-MODIFIED: the last commit that touched the event; SEQUENCE: minutes from
  2020-01-01 to that commit, so it grows with every change and a calendar app takes the newer
  version (a moved time, STATUS:CANCELLED). Without git history: the event's own day and 0.
- Times are local to Asia/Jerusalem, with the VTIMEZONE in the file; all-day events are dates
  (DTEND the day after the last day, as RFC 5545 wants).
"""

from __future__ import annotations

import datetime as dt
import uuid

from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar import Event as VEvent

from maagal.addresses import urls
from maagal.addresses.settings import Settings
from maagal.model.documents import Event, pick
from maagal.model.site import Site
from maagal.model.when import in_israel
from maagal.text.i18n import strings
from maagal.text.render_markdown import plain_text

SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def israel_timezone() -> Timezone:
    """Asia/Jerusalem as yearly rules (in force since 2013): summer time from the Friday before
    the last Sunday of March, 02:00, to the last Sunday of October, 02:00.

    Rules rather than the list of dates `add_missing_timezones()` writes: some readers (vobject
    among them) apply only the first date of such a list and put July meetings an hour off.
    """
    zone = Timezone()
    zone.add("tzid", "Asia/Jerusalem")
    zone.add("x-lic-location", "Asia/Jerusalem")
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(2013, 10, 27, 2, 0))
    standard.add("tzoffsetfrom", dt.timedelta(hours=3))
    standard.add("tzoffsetto", dt.timedelta(hours=2))
    standard.add("tzname", "IST")
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    daylight = TimezoneDaylight()
    daylight.add("dtstart", dt.datetime(2013, 3, 29, 2, 0))
    daylight.add("tzoffsetfrom", dt.timedelta(hours=2))
    daylight.add("tzoffsetto", dt.timedelta(hours=3))
    daylight.add("tzname", "IDT")
    daylight.add(
        "rrule",
        {"freq": "yearly", "bymonth": 3, "byday": "FR", "bymonthday": [23, 24, 25, 26, 27, 28, 29]},
    )
    zone.add_component(standard)
    zone.add_component(daylight)
    return zone


def event_uid(event: Event, namespace: str, host: str) -> str:
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, f'{namespace}:event:{event.stable_id}')}@{host}"


class CalendarBuilder:
    """Every calendar of one language: all events, each series, and one per event."""

    def __init__(self, site: Site, lang: str, settings: Settings) -> None:
        self.site = site
        self.lang = lang
        self.address = urls.SiteAddress(settings.site_url, site.default_language)
        self.site_name = settings.name(lang)
        self.namespace = settings.feed_id_namespace
        self.host = self.address.host
        self.t = strings(lang)

    def absolute(self, path: str) -> str:
        return self.address.of(path, self.lang)

    def files(self) -> dict[str, bytes]:
        events = [e for e in self.site.events if self.lang in e.variants]
        if not events:
            return {}
        name = self.t["calendar_name"].format(site=self.site_name)
        result = {urls.EVENTS + "calendar.ics": self.calendar(events, name, urls.EVENTS)}
        for series in self.site.series.values():
            members = [e for e in events if e.series is series]
            label = pick(series.label, self.lang, self.site.default_language)
            path = urls.series_path(series.key)
            result[path + "calendar.ics"] = self.calendar(
                members, f"{self.site_name} · {label}", path
            )
        for event in events:
            title = event.variants[self.lang].title
            path = urls.document_path(event)
            result[path + "event.ics"] = self.calendar([event], title, path)
        return result

    def calendar(self, events: list[Event], name: str, page_path: str) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", f"-//Maagal//{self.host}//{self.lang.upper()}")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Asia/Jerusalem")
        calendar.add("x-wr-caldesc", self.absolute(page_path))
        calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT12H")
        calendar.add_component(israel_timezone())
        for event in events:
            calendar.add_component(self.vevent(event))
        return calendar.to_ical()

    def vevent(self, event: Event) -> VEvent:
        variant = event.variants[self.lang]
        url = self.absolute(urls.document_path(event))
        stamp = event.last_modified or dt.datetime.combine(
            event.start.day, dt.time.min, tzinfo=dt.UTC
        )
        vevent = VEvent()
        vevent.add("uid", event_uid(event, self.namespace, self.host))
        vevent.add("dtstamp", stamp)
        if event.last_modified:
            vevent.add("last-modified", event.last_modified)
            minutes = (event.last_modified - SEQUENCE_EPOCH).total_seconds() // 60
            vevent.add("sequence", max(0, int(minutes)))
        else:
            vevent.add("sequence", 0)
        title = variant.title
        if event.status == "postponed":
            title = f"{self.t['postponed']}: {title}"
        vevent.add("summary", title)
        self._times(vevent, event)
        vevent.add("status", STATUS[event.status])
        location = variant.location or ""
        vevent.add("location", self.t["online"] if location.lower() == "online" else location)
        description = plain_text(variant.excerpt)
        vevent.add("description", f"{description}\n\n{url}".strip())
        vevent.add("url", url)
        categories = [self.t[f"kind_{event.event_kind}"]]
        categories += [pick(t.label, self.lang, self.site.default_language) for t in event.topics]
        vevent.add("categories", categories)
        return vevent

    def _times(self, vevent: VEvent, event: Event) -> None:
        start, end = event.start, event.end
        if start.all_day:
            vevent.add("dtstart", start.day)
            last = end.day if end else start.day
            vevent.add("dtend", last + dt.timedelta(days=1))
            return
        vevent.add("dtstart", in_israel(start.day, start.time))
        if end is not None:
            vevent.add("dtend", in_israel(end.day, end.time))
