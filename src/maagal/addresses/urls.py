"""Where each document lives, per DESIGN.md. Pure functions on paths relative to a site root.

Paths end in '/' (directory URLs); the default language lives at the root, the others under
'/<lang>/' with the same paths.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from maagal.model.documents import (
    Article,
    Document,
    Event,
    EventSummary,
    Issue,
    Page,
    PositionPaper,
)
from maagal.model.layout import ContentLayout

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


def asset_path(rel: str, layout: ContentLayout) -> str:
    """Where a content file (`issues/4/cover.svg`) is published in each language's tree:
    files under docs/ at the root, files beside position papers under papers/."""
    docs, papers = layout.docs_dir + "/", layout.papers_dir + "/"
    if rel.startswith(docs):
        return rel.removeprefix(docs)
    if rel.startswith(papers):
        return PAPERS + rel.removeprefix(papers)
    return rel


@dataclass(frozen=True)
class SiteAddress:
    """Absolute URLs of the whole site: the one place that puts `site_url` in front of a path.

    Without a `site_url` (a site built only to be looked at) paths start at the server's root.
    """

    site_url: str
    default_language: str

    def url(self, site_path: str) -> str:
        """`site_path` from the root of the whole site (language prefix included)."""
        return absolute(self.site_url, site_path) if self.site_url else "/" + site_path

    def of(self, local_path: str, lang: str) -> str:
        """`local_path` in the tree of `lang`, e.g. ('issues/4/', 'en') → …/en/issues/4/."""
        return self.url(in_language(local_path, lang, self.default_language))

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or "maagal"
