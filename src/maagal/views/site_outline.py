"""Everything of a site that the views read, in two parts: the shape (every document's fields
but its body; every author, topic and series; what the pages show for each cover) as one
digest, and each document's words taken from its body (its excerpts, the minutes it takes to
read) as a digest per document.

With the language, the site's settings and the code, these are everything a page's context is
made from (`SiteChrome.page`): while the shape is the one the last build had, a page's context
is the one the last build made unless the body words of a document it read changed (the
build cache's keys, `maagal.plugin.page_cache`). An edit to an article's text changes at most
its own body words. Nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from maagal.cache.build_cache import digest, stable_json
from maagal.load.pictures import shown_as
from maagal.model.documents import Author, Document, Series, Topic, Variant
from maagal.model.site import Site
from maagal.text.i18n import reading_minutes

OUTLINE_VERSION = "2"  # changes when what the outline holds changes


@dataclass(frozen=True)
class Outline:
    shape: str  # a digest of the site but its bodies
    body_words: dict[str, str]  # by document key: a digest of its excerpts and reading times


def site_outline(site: Site) -> Outline:
    """What the views read of `site`: the same outline, the same pages' contexts."""
    documents = list(site.documents())
    shape = {
        "version": OUTLINE_VERSION,
        "languages": site.languages,
        # (but where the repository is: no page says it, and a cache moves with its project)
        "layout": {k: v for k, v in _plain(site.layout).items() if k != "root"},
        "documents": [_document(doc) for doc in documents],
        "authors": [_plain(author) for author in site.authors.values()],
        "topics": [_plain(topic) for topic in site.topics.values()],
        "series": [_plain(series) for series in site.series.values()],
        "assets": site.assets,
        "held_back": sorted(site.held_back),
        "unpublished": [path for path, _ in site.unpublished],
        # What a page shows for a cover depends on the picture's file (its web copies).
        "covers": [
            shown_as(site.root, issue.cover) for issue in site.issues if issue.cover is not None
        ],
    }
    return Outline(
        digest(stable_json(shape)),
        {doc.key: digest(stable_json(_body_words(doc))) for doc in documents},
    )


def _body_words(doc: Document) -> list[Any]:
    return [
        [lang, variant.excerpt, reading_minutes(variant.words)]
        for lang, variant in sorted(doc.variants.items())
    ]


def _document(doc: Document) -> dict[str, Any]:
    """A document's own fields; the documents, authors and topics it names, by their keys."""
    fields = {name: _reference(getattr(doc, name)) for name in _field_names(type(doc))}
    fields["kind"] = doc.kind
    return fields


def _reference(value: Any) -> Any:
    if isinstance(value, (Document, Author, Topic, Series)):
        return ["ref", type(value).__name__, value.key]
    if isinstance(value, Variant):
        return _variant(value)
    if isinstance(value, dict):
        return {str(k): _reference(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_reference(v) for v in value]
    return _plain(value)


_BODY = ("body", "excerpt")  # of a variant's fields: the body, and what is taken from it


def _variant(variant: Variant) -> dict[str, Any]:
    return {name: getattr(variant, name) for name in _field_names(Variant) if name not in _BODY}


def _plain(value: Any) -> Any:
    """A value with no document in it, as `stable_json` can write it (dates and paths it
    writes as text; a set would be text in no set order)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    return value


_FIELDS: dict[Any, tuple[str, ...]] = {}


def _field_names(kind: Any) -> tuple[str, ...]:
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return found
