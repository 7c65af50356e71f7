"""The table of pages one language's site consists of, and where each page's twin is.

Pure: the MkDocs plugin turns each `PageSpec` into a virtual file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from maagal.addresses import urls
from maagal.model.documents import (
    SUMMARY_MARKER,
    Article,
    Document,
    Event,
    Issue,
    Page,
    PositionPaper,
    pick,
)
from maagal.model.site import Site
from maagal.text.i18n import strings
from maagal.views.site_views import Views

MAGAZINE = ["navigation", "toc"]
UNTRANSLATED_ANCHOR = "not-translated"


@dataclass
class PageSpec:
    """One page of one language: its source, template, title and view."""

    src_uri: str
    path: str  # within the language's tree, e.g. 'issues/4/'
    template: str
    title: str
    view: Callable[[Views], dict[str, Any]]
    markdown: str = ""
    doc: Document | None = None
    description: str | None = None
    hide: list[str] = field(default_factory=list)
    searchable: bool = False  # indexed by the site search (documents, not listings)
    languages: tuple[str, ...] = ()  # languages in which this page exists
    fallback: str = ""  # path of the section to land on in a language without this page


def _fallback(doc: Document, site: Site, lang: str) -> str:
    """The closest section in `lang` for a document that is not translated into it."""
    if isinstance(doc, Article) and doc.issue and lang in doc.issue.variants:
        return urls.document_path(doc.issue)
    if isinstance(doc, (Article, Issue)):
        return urls.ARCHIVE
    if isinstance(doc, PositionPaper):
        return urls.PAPERS
    if isinstance(doc, Event):
        return urls.EVENTS
    if isinstance(doc, Page) and doc.is_knowledge:
        return urls.KNOWLEDGE
    return ""


def build_specs(site: Site, lang: str) -> list[PageSpec]:
    """Every page of the site in `lang`, documents first, then generated listings."""
    return [
        *(_document_spec(doc, site, lang) for doc in site.in_language(lang)),
        *_section_specs(site, lang),
        *_author_specs(site, lang),
        *_series_specs(site, lang),
        *_topic_specs(site, lang),
    ]


def _section_specs(site: Site, lang: str) -> list[PageSpec]:
    """The sections' own pages: the archive, the papers, authors, topics, search, events."""
    t = strings(lang)
    listing = [
        ("_maagal/issues.md", urls.ARCHIVE, "archive.html", t["archive"], Views.archive),
        ("_maagal/papers.md", urls.PAPERS, "papers.html", t["papers"], Views.papers),
        ("_maagal/authors.md", urls.AUTHORS, "authors.html", t["authors"], Views.authors_index),
        ("_maagal/topics.md", urls.TOPICS, "topics.html", t["topics"], Views.topics_index),
        ("_maagal/search.md", urls.SEARCH, "search.html", t["search"], lambda views: {}),
    ]
    if site.events:
        listing.append(("_maagal/events.md", urls.EVENTS, "events.html", t["events"], Views.events))
    return [
        PageSpec(
            src_uri,
            path,
            f"maagal/{template}",
            title,
            view,
            hide=MAGAZINE,
            languages=tuple(site.languages),
            fallback=path,
        )
        for src_uri, path, template, title, view in listing
    ]


def _author_specs(site: Site, lang: str) -> list[PageSpec]:
    return [
        PageSpec(
            f"_maagal/authors/{author.key}.md",
            urls.author_path(author.key),
            "maagal/author.html",
            pick(author.name, lang, site.default_language),
            partial(Views.author, author=author),
            hide=MAGAZINE,
            languages=tuple(site.languages),
        )
        for author in site.authors.values()
    ]


def _series_specs(site: Site, lang: str) -> list[PageSpec]:
    return [
        PageSpec(
            f"_maagal/events/series/{series.key}.md",
            urls.series_path(series.key),
            "maagal/series.html",
            pick(series.label, lang, site.default_language),
            partial(Views.series, series=series),
            hide=MAGAZINE,
            languages=tuple(site.languages),
            fallback=urls.EVENTS,
        )
        for series in site.series.values()
    ]


def _topic_specs(site: Site, lang: str) -> list[PageSpec]:
    return [
        PageSpec(
            f"_maagal/topics/{topic.key}.md",
            urls.topic_path(topic.key),
            "maagal/topic.html",
            pick(topic.label, lang, site.default_language),
            partial(Views.topic, topic=topic),
            hide=MAGAZINE,
            languages=tuple(site.languages),
        )
        for topic in site.topics.values()
    ]


def _document_spec(doc: Document, site: Site, lang: str) -> PageSpec:
    variant = doc.variants[lang]
    common: dict[str, Any] = {
        "src_uri": doc.key + ".md",
        "path": urls.document_path(doc),
        "title": variant.title,
        "markdown": variant.body,
        "doc": doc,
        "languages": tuple(doc.variants),
        "description": variant.description or variant.subtitle,
        "fallback": _fallback(doc, site, lang),
        "searchable": not (isinstance(doc, Page) and doc.is_home),
    }
    if isinstance(doc, Issue):
        return PageSpec(
            template="maagal/issue.html", view=lambda v: v.issue(doc), hide=MAGAZINE, **common
        )
    if isinstance(doc, Article):
        return PageSpec(
            template="maagal/article.html", view=lambda v: v.article(doc), hide=MAGAZINE, **common
        )
    if isinstance(doc, PositionPaper):
        return PageSpec(
            template="maagal/paper.html", view=lambda v: v.paper(doc), hide=["navigation"], **common
        )
    if isinstance(doc, Event):
        return PageSpec(
            template="maagal/event.html", view=lambda v: v.event(doc), hide=MAGAZINE, **common
        )
    assert isinstance(doc, Page)
    if doc.is_home:
        return PageSpec(
            template="maagal/home.html", view=lambda v: v.home(), hide=MAGAZINE, **common
        )
    hide = [] if doc.is_knowledge else ["navigation"]
    return PageSpec(template="maagal/page.html", view=lambda v: v.page(doc), hide=hide, **common)


def alternates(spec: PageSpec, site: Site, lang: str) -> dict[str, Any]:
    """hreflang links (site paths) and the language switch target for a page in `lang`."""
    default = site.default_language
    links = [
        {"lang": other, "path": urls.in_language(spec.path, other, default)}
        for other in site.languages
        if other in spec.languages
    ]
    x_default_lang = default if default in spec.languages else lang
    switch = []
    for other in site.languages:
        if other == lang:
            continue
        if other in spec.languages:
            target, translated = urls.in_language(spec.path, other, default), True
        else:
            section = spec.fallback
            target = urls.in_language(section, other, default) + "#" + UNTRANSLATED_ANCHOR
            translated = False
        switch.append({"lang": other, "path": target, "translated": translated})
    return {
        "links": links,
        "x_default": urls.in_language(spec.path, x_default_lang, default),
        "switch": switch,
    }


# The navigation tab of the section each kind of document belongs to.
SECTION_OF_KIND = {
    "issue": "_maagal/issues.md",
    "article": "_maagal/issues.md",
    "paper": "_maagal/papers.md",
    "event": "_maagal/events.md",
}


def section_of(spec: PageSpec) -> str | None:
    """The source of the section page whose tab is highlighted on `spec`'s page."""
    kind = spec.doc.kind if spec.doc else ""
    if not kind and spec.path.startswith(urls.EVENTS) and spec.path != urls.EVENTS:
        kind = "event"  # series pages
    return SECTION_OF_KIND.get(kind)


def event_summary(markdown: str, heading: str) -> str:
    """An event's page: the summary, written after the meeting below `<!-- summary -->`, under
    its heading; no heading while there is nothing below the marker."""
    before, marker, after = markdown.partition(SUMMARY_MARKER)
    if not marker:
        return markdown
    if not after.strip():
        return before.rstrip() + "\n"
    return f"{before}\n\n## {heading} {{: #summary }}\n\n{after}"
