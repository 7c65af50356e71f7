"""Dates as readers read them: Babel for the Gregorian calendar, pyluach for the Hebrew one."""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date, format_interval, format_skeleton
from pyluach import dates as hebrew_dates

from maagal.model.when import ContentDate, EventTime, in_israel

# Day-month-year English, as readers in Israel write it ("20 September 2005").
_BABEL_LOCALES = {"en": "en_GB", "he": "he_IL"}


def babel_locale(lang: str) -> str:
    return _BABEL_LOCALES.get(lang, lang)


@functools.lru_cache(maxsize=8192)
def long_date(day: dt.date, lang: str) -> str:
    """'20 בספטמבר 2005' / '20 September 2005'."""
    return format_date(day, "long", locale=babel_locale(lang))


@functools.lru_cache(maxsize=8192)
def month_year(day: dt.date, lang: str) -> str:
    """'נובמבר 2017' / 'November 2017'."""
    return format_skeleton("yMMMM", day, locale=babel_locale(lang))


def content_date(date: ContentDate, lang: str) -> str:
    return (
        month_year(date.value, lang) if date.precision == "month" else long_date(date.value, lang)
    )


@functools.lru_cache(maxsize=8192)
def hebrew_calendar_date(day: dt.date) -> str:
    """'ט״ז באלול תשס״ה': day, month with the prefix ב, year, in Hebrew numerals."""
    hebrew = hebrew_dates.HebrewDate.from_pydate(day)
    return f"{hebrew.hebrew_day()} ב{hebrew.month_name(hebrew=True)} {hebrew.hebrew_year()}"


@functools.lru_cache(maxsize=8192)
def hebrew_calendar_month(day: dt.date) -> str:
    """'חשוון–כסלו תשע״ח' style is ambiguous for a month; give the month of the 1st and 28th."""
    first = hebrew_dates.HebrewDate.from_pydate(day.replace(day=1))
    last = hebrew_dates.HebrewDate.from_pydate(day.replace(day=28))
    if first.month == last.month:
        return f"{first.month_name(hebrew=True)} {first.hebrew_year()}"
    year = first.hebrew_year() if first.year == last.year else None
    if year:
        return f"{first.month_name(hebrew=True)}–{last.month_name(hebrew=True)} {year}"
    return (
        f"{first.month_name(hebrew=True)} {first.hebrew_year()}–"
        f"{last.month_name(hebrew=True)} {last.hebrew_year()}"
    )


def event_when(start: EventTime, end: EventTime | None, lang: str) -> str:
    """'יום שלישי, 13 ביולי 2027, 17:00–20:00' / 'Tuesday, 13 July 2027, 17:00–20:00'."""
    locale = babel_locale(lang)
    if start.all_day:
        if end is None or end.day == start.day:
            return format_date(start.day, "full", locale=locale)
        return format_interval(start.day, end.day, "yMMMMd", locale=locale)
    first = f"{format_date(start.day, 'full', locale=locale)}, {start.time:%H:%M}"
    if end is None:
        return first
    if end.day == start.day:
        # Word joiners: "17:30–20:30" never breaks after the dash.
        return f"{first}\u2060–\u2060{end.time:%H:%M}"
    return f"{first} – {format_date(end.day, 'full', locale=locale)}, {end.time:%H:%M}"


def event_hebrew_date(start: EventTime, end: EventTime | None) -> str:
    first = hebrew_calendar_date(start.day)
    if end is None or end.day == start.day:
        return first
    return f"{first} – {hebrew_calendar_date(end.day)}"


def event_instants(start: EventTime, end: EventTime | None) -> tuple[str, str]:
    """ISO instants (UTC) of the start and of the end, for the reader's browser to compare
    with its clock: an all-day event lasts until midnight, Israel time, after its last day."""
    begin = in_israel(start.day, start.time or dt.time.min)
    if end is not None and not end.all_day:
        finish = in_israel(end.day, end.time)
    elif end is not None:
        finish = in_israel(end.day + dt.timedelta(days=1), dt.time.min)
    elif start.all_day:
        finish = in_israel(start.day + dt.timedelta(days=1), dt.time.min)
    else:
        finish = begin
    return _utc(begin), _utc(finish)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
