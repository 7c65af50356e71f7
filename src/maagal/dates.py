"""Dates as readers read them: Babel for the Gregorian calendar, pyluach for the Hebrew one."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_skeleton
from pyluach import dates as hebrew_dates

from maagal.load.schema import ContentDate

# Day-month-year English, as readers in Israel write it ("20 September 2005").
_BABEL_LOCALES = {"en": "en_GB", "he": "he_IL"}


def babel_locale(lang: str) -> str:
    return _BABEL_LOCALES.get(lang, lang)


def long_date(day: dt.date, lang: str) -> str:
    """'20 בספטמבר 2005' / '20 September 2005'."""
    return format_date(day, "long", locale=babel_locale(lang))


def month_year(day: dt.date, lang: str) -> str:
    """'נובמבר 2017' / 'November 2017'."""
    return format_skeleton("yMMMM", day, locale=babel_locale(lang))


def content_date(date: ContentDate, lang: str) -> str:
    return (
        month_year(date.value, lang) if date.precision == "month" else long_date(date.value, lang)
    )


def hebrew_calendar_date(day: dt.date) -> str:
    """'ט״ז באלול תשס״ה': day, month with the prefix ב, year, in Hebrew numerals."""
    hebrew = hebrew_dates.HebrewDate.from_pydate(day)
    return f"{hebrew.hebrew_day()} ב{hebrew.month_name(hebrew=True)} {hebrew.hebrew_year()}"


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


def iso(day: dt.date) -> str:
    return day.isoformat()
