"""Skeletons of new documents, for `maagal new` and `maagal init`: one place that knows what a
new issue, article, position paper or event looks like in the content contract.

A translation's skeleton has only the per-language fields (title, subtitle, team, location):
it takes everything structural from the original, so that an editor who later changes the
original's date or authors never has to touch a file they did not open.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator, Mapping

# What `maagal new` writes where the editor's own words go. A document that still holds one of
# these is never published (the loader refuses it, and says which line).
PLACEHOLDER = {
    "he": {
        "issue_title": "נושא הגיליון",
        "issue_body": "דבר המערכת: כמה מילים על הגיליון הזה.",
        "cover_alt": "תיאור תמונת השער",
        "article_title": "כותרת המאמר",
        "article_subtitle": "משפט פתיחה קצר",
        "article_body": "הפסקה הראשונה מופיעה בתוכן העניינים ובעדכונים.",
        "article_rest": "המשך המאמר.",
        "paper_title": "כותרת נייר העמדה",
        "team": "שם הצוות המקצועי",
        "paper_body": "תקציר נייר העמדה.",
        "paper_rest": "## רקע\n\nהמשך נייר העמדה.",
        "event_title": "שם המפגש",
        "event_location": "מקום המפגש",
        "event_body": "על מה המפגש ולמי הוא מיועד. אחרי המפגש כתבו את הסיכום מתחת לשורה הבאה.",
    },
    "en": {
        "issue_title": "The issue's theme",
        "issue_body": "Editorial: a few words about this issue.",
        "cover_alt": "What the cover shows",
        "article_title": "Article title",
        "article_subtitle": "A short lede",
        "article_body": "The first paragraph appears in tables of contents and feeds.",
        "article_rest": "The rest of the article.",
        "paper_title": "Position paper title",
        "team": "Name of the professional team",
        "paper_body": "Summary of the paper.",
        "paper_rest": "## Background\n\nThe rest of the paper.",
        "event_title": "Name of the meeting",
        "event_location": "Where it takes place",
        "event_body": "What the meeting is about and who it is for. After the meeting, write "
        "its summary below the next line.",
    },
}

# The fields and body lines that hold placeholders, and what an editor should write instead.
PLACEHOLDER_FIELDS = {
    "title": ("issue_title", "article_title", "paper_title", "event_title"),
    "subtitle": ("article_subtitle",),
    "team": ("team",),
    "location": ("event_location",),
    "cover_alt": ("cover_alt",),
}
PLACEHOLDER_BODY = (
    "issue_body",
    "article_body",
    "article_rest",
    "paper_body",
    "paper_rest",
    "event_body",
)


@functools.cache
def placeholder_fields(field_name: str) -> frozenset[str]:
    """Every language's placeholder for a front-matter field."""
    keys = PLACEHOLDER_FIELDS.get(field_name, ())
    return frozenset(words[key] for words in PLACEHOLDER.values() for key in keys)


@functools.cache
def _placeholder_body_lines() -> frozenset[str]:
    return frozenset(
        line.strip()
        for words in PLACEHOLDER.values()
        for key in PLACEHOLDER_BODY
        for line in words[key].split("\n")
        if line.strip() and not line.startswith("#")
    )


def placeholder_lines(body: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line of `body` that is a placeholder's text."""
    known = _placeholder_body_lines()
    for offset, line in enumerate(body.split("\n")):
        if line.strip() in known:
            yield offset, line.strip()


def document(body: str, fields: Mapping[str, str | None], structural: Mapping[str, str]) -> str:
    """A Markdown file: front matter (`structural` fields after the per-language ones, only
    when given) and the body."""
    lines = [f"{key}: {_yaml_value(value)}" for key, value in fields.items() if value]
    lines += [f"{key}: {value}" for key, value in structural.items() if value]
    return "---\n" + "\n".join(lines) + "\n---\n" + body.rstrip("\n") + "\n"


def issue(words: Mapping[str, str], month: dt.date, *, original: bool) -> str:
    return document(
        words["issue_body"],
        {"title": words["issue_title"]},
        {"date": f"{month:%Y-%m}"} if original else {},
    )


def article(
    words: Mapping[str, str],
    *,
    original: bool,
    authors: list[str],
    order: int | None = None,
    topics: list[str] | None = None,
) -> str:
    structural = {}
    if original:
        structural = {
            "authors": _keys(authors),
            "order": str(order) if order is not None else "",
            "topics": _keys(topics or []),
        }
    return document(
        f"{words['article_body']}\n\n<!-- more -->\n\n{words['article_rest']}",
        {"title": words["article_title"], "subtitle": words["article_subtitle"]},
        structural,
    )


def paper(
    words: Mapping[str, str], day: dt.date, *, original: bool, topics: list[str] | None = None
) -> str:
    structural = (
        {"status": "working-draft", "date": f"{day:%Y-%m-%d}", "topics": _keys(topics or [])}
        if original
        else {}
    )
    return document(
        f"{words['paper_body']}\n\n<!-- more -->\n\n{words['paper_rest']}",
        {"title": words["paper_title"], "team": words["team"]},
        structural,
    )


def event(
    words: Mapping[str, str],
    day: dt.date,
    *,
    original: bool,
    kind: str = "forum",
    series: str | None = None,
) -> str:
    """A meeting on `day`, 17:00–20:00 Israel time."""
    structural = (
        {
            "kind": kind,
            "series": series or "",
            "start": f"{day:%Y-%m-%d} 17:00",
            "end": f"{day:%Y-%m-%d} 20:00",
            "region": "national",
        }
        if original
        else {}
    )
    return document(
        f"{words['event_body']}\n\n<!-- summary -->",
        {"title": words["event_title"], "location": words["event_location"]},
        structural,
    )


def _keys(keys: list[str]) -> str:
    return f"[{', '.join(keys)}]" if keys else ""


def _yaml_value(value: str) -> str:
    """Text in double quotes (JSON's escaping is YAML's): a title with ': ' or '#' stays text."""
    return json.dumps(value, ensure_ascii=False)
