"""Where each document lives, per DESIGN.md. Pure functions on paths relative to a site root.

Paths end in '/' (directory URLs); the default language lives at the root, the others under
'/<lang>/' with the same paths.
"""

from __future__ import annotations

import functools
import posixpath

from maagal.model.documents import (
    Article,
    Document,
    Event,
    EventSummary,
    Issue,
    Page,
    PositionPaper,
)

ARCHIVE = "issues/"
PAPERS = "papers/"
AUTHORS = "authors/"
TOPICS = "topics/"
KNOWLEDGE = "knowledge/"
SEARCH = "search/"
EVENTS = "events/"


def language_root(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def document_path(doc: Document) -> str:
    """The document's path within one language's site, e.g. 'issues/4/regional-purchasing/'."""
    if isinstance(doc, Issue):
        return f"{ARCHIVE}{doc.number}/"
    if isinstance(doc, Article):
        assert doc.issue is not None
        return f"{ARCHIVE}{doc.issue.number}/{doc.slug}/"
    if isinstance(doc, PositionPaper):
        return f"{PAPERS}{doc.slug}/"
    if isinstance(doc, Page):
        return page_path(doc.path)
    if isinstance(doc, Event):
        return f"{EVENTS}{doc.slug}/"
    if isinstance(doc, EventSummary) and doc.event is not None:
        return f"{EVENTS}{doc.event.slug}/"
    raise TypeError(f"no URL for {doc!r}")


def page_path(docs_relative: str) -> str:
    stem = docs_relative.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def series_path(key: str) -> str:
    return f"{EVENTS}series/{key}/"


def author_path(key: str) -> str:
    return f"{AUTHORS}{key}/"


def topic_path(key: str) -> str:
    return f"{TOPICS}{key}/"


def in_language(path: str, lang: str, default: str) -> str:
    """A path from the root of the whole site (all languages)."""
    return language_root(lang, default) + path


@functools.lru_cache(maxsize=262144)
def relative(from_path: str, to_path: str) -> str:
    """Relative link between two site paths (folders end in '/'); called for every link of
    every page, so plain string work instead of posixpath.relpath."""
    start = (
        from_path
        if from_path.endswith("/") or not from_path
        else posixpath.dirname(from_path) + "/"
    )
    here = [part for part in start.split("/") if part]
    there = to_path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    target = "../" * (len(here) - common) + "/".join(there[common:])
    return target or "./"


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path
