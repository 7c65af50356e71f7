"""Everything of a site that the views read, as one digest: every document's fields but the
text of its bodies, of which the views read only the minutes it takes to read and the excerpt,
which is a field of its own; every author, topic and series; the covers as pages show them.

With the language, the site's settings and the code, this is everything a page's context is
made from (`SiteChrome.page`): a build whose outline is the one the last build had can take
every page's context digest from the last build instead of making each context again (the
build cache's keys, `maagal.plugin.page_cache`), and an edit to an article's text only keeps
the outline as it was. Nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from maagal.load.pictures import shown_as
from maagal.model.documents import Author, Document, Series, Topic, Variant
from maagal.model.site import Site
from maagal.text.i18n import reading_minutes

OUTLINE_VERSION = "1"  # changes when what the outline holds changes


def site_outline(site: Site) -> str:
    """A digest of what the views read of `site`: the same for the same pages' contexts."""
    outline = {
        "version": OUTLINE_VERSION,
        "languages": site.languages,
        "layout": _plain(site.layout),
        "documents": [_document(doc) for doc in site.documents()],
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
    text = json.dumps(outline, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


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


def _variant(variant: Variant) -> dict[str, Any]:
    fields = {name: getattr(variant, name) for name in _field_names(Variant) if name != "body"}
    fields["reading_minutes"] = reading_minutes(variant.words)
    return fields


def _plain(value: Any) -> Any:
    """A value with no document in it, as JSON can write it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, (Path, dt.date, dt.datetime, dt.tzinfo)):
        return str(value)
    return value


_FIELDS: dict[Any, tuple[str, ...]] = {}


def _field_names(kind: Any) -> tuple[str, ...]:
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return found
