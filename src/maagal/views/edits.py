"""Which pages an edit changes, decided from the model and the views alone.

`maagal serve` re-renders after a save only the pages that show something else now: the
edited documents' own pages, the pages that show them besides the listings (an article's issue
and the articles beside it, an issue's articles, a paper's predecessor and successor), and
every listing whose *skeleton* changed (`site_views.Skeleton`: the view with every card
replaced by its document's key) or that shows a document whose card now says something else.
A listing that shows the same documents in the same order, none of whose cards changed, is the
same page: an edit below `<!-- more -->` changes no listing. That holds as long as a card
shows its own document's words and no other's (an article's card also names its issue, so an
edited issue's articles are compared too).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from maagal.cache.build_cache import stable_json
from maagal.model.documents import Article, Document, Event, Issue, PositionPaper
from maagal.model.site import Site
from maagal.views.page_context import SiteChrome
from maagal.views.pages import PageSpec
from maagal.views.site_views import Skeleton, Views

DOCUMENT_PAGES = (Article, Issue, PositionPaper, Event)  # a document's own page, no listing

# Per listing page (by source): the digest of its skeleton, and the documents whose cards it shows.
Skeletons = dict[str, tuple[str, frozenset[str]]]


def edited_documents(site: Site, changed: set[str]) -> list[Document]:
    """The documents of `site` that have a file in `changed` (paths from the project root)."""
    return [
        doc for doc in site.documents() if any(v.rel_path in changed for v in doc.variants.values())
    ]


def documents_showing(edited: Iterable[Document]) -> list[Document]:
    """The edited documents and those whose pages show them besides the listings: those whose
    feed items show them (`entries_showing`), and an article's neighbours in its issue."""
    edited = list(edited)
    neighbours = [
        a for doc in edited if isinstance(doc, Article) and doc.issue for a in doc.issue.articles
    ]
    return entries_showing(edited) + neighbours


def entries_showing(edited: Iterable[Document]) -> list[Document]:
    """The edited documents and those whose feed items show them: an article's issue (its
    item lists the issue's articles), an edited issue's articles (theirs name it), a paper's
    predecessor and successor. Unlike its page, an article's feed item shows nothing of the
    articles beside it: a save of one article makes again its own topics' feeds, not those of
    every article of its issue."""
    shown = list(edited)
    for doc in list(shown):
        if isinstance(doc, Article) and doc.issue is not None:
            shown.append(doc.issue)
        if isinstance(doc, Issue):  # its theme and month are on its articles' pages
            shown += doc.articles
        if isinstance(doc, PositionPaper):
            shown += [p for p in (doc.supersedes, doc.superseded_by) if p is not None]
    return shown


def card_words(site: Site, lang: str, edited: list[Document]) -> dict[str, str]:
    """What the cards of the `edited` documents say (see `Views.card_words`), and the cards
    of an edited issue's articles (theirs name it)."""
    views = Views(site, lang)
    docs = edited + [a for doc in edited if isinstance(doc, Issue) for a in doc.articles]
    return {doc.key: views.card_words(doc) for doc in docs if lang in doc.variants}


def listing_skeletons(
    site: Site, lang: str, specs: Iterable[PageSpec], chrome: SiteChrome, recent_papers: int
) -> Skeletons:
    """The skeleton of every page that is not a document's own."""
    views = Skeleton(site, lang, recent_papers=recent_papers)
    skeletons = {}
    for spec in specs:
        if isinstance(spec.doc, DOCUMENT_PAGES):
            continue
        views.here = chrome.here(spec)
        views.shown = set()
        skeletons[spec.src_uri] = (stable_json(spec.view(views)), frozenset(views.shown))
    return skeletons


def pages_to_render(
    specs: Iterable[PageSpec],
    wanted: set[str],
    before: Mapping[str, tuple[str, frozenset[str]]],
    after: Skeletons,
    recarded: set[str],
) -> list[PageSpec]:
    """The pages that show something else after the edit.

    `wanted`: the keys of the documents whose own pages are rendered again; `before`, `after`:
    the listings' skeletons; `recarded`: the documents whose cards changed."""
    pages = []
    for spec in specs:
        if spec.doc is None or spec.doc.key not in wanted:
            if isinstance(spec.doc, DOCUMENT_PAGES):
                continue  # shows nothing of the edited documents (see `documents_showing`)
            skeleton, shown = after[spec.src_uri]
            if before.get(spec.src_uri, ("", None))[0] == skeleton and not shown & recarded:
                continue
        pages.append(spec)
    return pages
