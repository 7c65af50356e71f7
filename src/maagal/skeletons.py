"""Skeletons of new documents, for `maagal new` and `maagal init`: one place that knows what a
new issue, article, position paper or event looks like in the content contract.

A translation's skeleton has only the per-language fields (title, subtitle, team, location):
it takes everything structural from the original, so that an editor who later changes the
original's date or authors never has to touch a file they did not open.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping


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
        {"status": "draft", "date": f"{day:%Y-%m-%d}", "topics": _keys(topics or [])}
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
