"""Everything of a site that the views read: its shape (every document's fields but its body;
every author, topic and series; what the pages show for each cover) as one digest, and each
document's words taken from its body (its excerpts, the minutes it takes to read) as a digest
per document. The shape is also kept in two parts: its frame (the shape but the words each
language of a document shows, `SHOWN`: a title, a subtitle) and those words with the body
words, per document (`shown`).

With the language, the site's settings and the code, these are everything a page's context is
made from (`SiteChrome.page`): while the frame is the one the last build had, a page's context
is the one the last build made unless the shown words of a document it read changed (the
build cache's keys, `maagal.plugin.page_cache`). An edit to an article's text or title changes
at most its own words; the feeds and email editions, which read many documents' words, follow
the whole shape. Nothing here imports MkDocs.
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

OUTLINE_VERSION = "3"  # changes when what the outline holds changes


@dataclass(frozen=True)
class Outline:
    shape: str  # a digest of the site but its bodies
    body_words: dict[str, str]  # by document key: a digest of its excerpts and reading times
    frame: str  # a digest of the shape but the words each language of a document shows
    shown: dict[str, str]  # by document key: a digest of those words and of its body words


# A language's fields that pages show as words, and nothing decides from: the frame leaves
# them out, and a page whose view read the document (`noting_reads`) follows them. (An event's
# summary stays in the frame: whether there is one is asked of the event without its variant.)
SHOWN = ("title", "subtitle", "description", "team", "cover_alt", "location")


def site_outline(site: Site) -> Outline:
    """What the views read of `site`: the same outline, the same pages' contexts."""
    documents = list(site.documents())
    frame = digest(stable_json(_frame(site, documents)))
    shown = {doc.key: stable_json(_shown(doc)) for doc in documents}
    body_words = {doc.key: digest(stable_json(_body_words(doc))) for doc in documents}
    return Outline(
        digest(frame, *(part for item in shown.items() for part in item)),
        body_words,
        frame,
        {key: digest(body_words[key], words) for key, words in shown.items()},
    )


def _frame(site: Site, documents: list[Document]) -> dict[str, Any]:
    """The site's shape but each document's shown words (`SHOWN`)."""
    return {
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


def _body_words(doc: Document) -> list[Any]:
    return [
        [lang, variant.excerpt, reading_minutes(variant.words)]
        for lang, variant in sorted(doc.variants.items())
    ]


def _shown(doc: Document) -> list[Any]:
    """Each language's shown words (`SHOWN`) of `doc`."""
    return [
        [lang, [getattr(variant, name) for name in SHOWN]]
        for lang, variant in sorted(doc.variants.items())
    ]


def _document(doc: Document) -> dict[str, Any]:
    """A document's own fields but its languages' bodies and shown words; the documents,
    authors and topics it names, by their keys."""
    fields = {name: _reference(getattr(doc, name)) for name in _field_names(type(doc))}
    fields["kind"] = doc.kind
    return fields


def _reference(value: Any) -> Any:
    if isinstance(value, (Document, Author, Topic, Series)):
        return ["ref", type(value).__name__, value.key]
    if isinstance(value, Variant):
        return {n: getattr(value, n) for n in _field_names(Variant) if n not in _LEFT_OUT}
    if isinstance(value, dict):
        return {str(k): _reference(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_reference(v) for v in value]
    return _plain(value)


# Of a variant's fields, what the frame leaves out: the body, what is taken from it, and the
# shown words.
_LEFT_OUT = ("body", "excerpt", *SHOWN)


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
