"""Where each output of a document or a language lives: its card, its print edition, its
feeds, the search bundle. Views link to them and outputs write them; both ask here, so that
neither needs the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from maagal.addresses import urls
from maagal.model.documents import (
    Article,
    Document,
    Event,
    Issue,
    PositionPaper,
    pick,
    summary_of,
)
from maagal.model.site import Site
from maagal.text.i18n import strings

SEARCH_BUNDLE = "pagefind/"  # the search index and its scripts, in each language's tree
PRINT_FOLDER = "_maagal_print/"  # where the print pages wait in a language's site, never published
CARD_NAME = "card.png"
CARD_SIZE = (1200, 630)
PREVIEW_IMAGES = (".jpg", ".jpeg", ".png", ".gif", ".webp")  # what link previews show


def card_path(doc: Document) -> str:
    return urls.document_path(doc) + CARD_NAME


def has_card(doc: Document | None) -> bool:
    """Issues without a cover a preview can show, articles, papers and meetings have a card."""
    if isinstance(doc, Issue):
        return not preview_cover(doc)
    return isinstance(doc, (Article, PositionPaper, Event))


def preview_cover(issue: Issue) -> bool:
    return issue.cover is not None and issue.cover.lower().endswith(PREVIEW_IMAGES)


def print_path(doc: Issue | PositionPaper) -> str:
    """The PDF of an issue or a paper, in the folder of its page."""
    folder = urls.document_path(doc)
    if isinstance(doc, Issue):
        return f"{folder}issue-{doc.number:02d}.pdf"
    return f"{folder}{doc.slug}.pdf"


@dataclass(frozen=True)
class FeedSpec:
    """One feed of one language: where it lives and which documents it carries."""

    key: str
    path: str  # folder in the language's tree: '', 'issues/', 'papers/', 'topics/<key>/'
    title: str
    description: str
    select: Callable[[Site, str], list[Document]]

    @property
    def rss_path(self) -> str:
        return self.path + "feed.xml"

    @property
    def atom_path(self) -> str:
        return self.path + "atom.xml"


def _updates(site: Site, lang: str) -> list[Document]:
    docs: list[Document] = [*site.articles, *site.papers]
    docs += [p for p in site.pages if p.date and not p.is_home]
    docs += site.events
    titles = {code: strings(code)["summary_of"] for code in site.languages}
    docs += [summary_of(e, titles) for e in site.events if e.has_summary]
    return [d for d in docs if lang in d.variants]


def _topic(key: str) -> Callable[[Site, str], list[Document]]:
    return lambda site, lang: site.by_topic(key, lang)


def feed_specs(site: Site, lang: str, site_name: str) -> list[FeedSpec]:
    t = strings(lang)
    specs = [
        FeedSpec(
            "updates", "", f"{site_name} · {t['feed_updates']}", t["feed_updates_about"], _updates
        ),
        FeedSpec(
            "bulletin",
            urls.ARCHIVE,
            f"{site_name} · {t['bulletin']}",
            t["feed_bulletin_about"],
            lambda s, lg: [i for i in s.issues if lg in i.variants],
        ),
        FeedSpec(
            "papers",
            urls.PAPERS,
            f"{site_name} · {t['papers']}",
            t["feed_papers_about"],
            lambda s, lg: [p for p in s.papers if lg in p.variants],
        ),
    ]
    for topic in site.topics.values():
        label = pick(topic.label, lang, site.default_language)
        specs.append(
            FeedSpec(
                f"topic:{topic.key}",
                urls.topic_path(topic.key),
                f"{site_name} · {label}",
                t["feed_topic_about"].format(topic=label),
                _topic(topic.key),
            )
        )
    return specs


def feed_links(specs: list[FeedSpec], topic: str | None = None) -> list[dict[str, str]]:
    """The feeds a page announces in its <head> (paths in the language's tree): the
    language's main feeds, and its topic's feed on a topic page."""
    keys = {"updates", "bulletin", "papers"} | ({f"topic:{topic}"} if topic else set())
    links = []
    for spec in specs:
        if spec.key in keys:
            links.append(
                {
                    "title": spec.title,
                    "path": spec.rss_path,
                    "type": "application/rss+xml",
                    "key": spec.key,
                }
            )
            links.append(
                {
                    "title": f"{spec.title} (Atom)",
                    "path": spec.atom_path,
                    "type": "application/atom+xml",
                    "key": spec.key,
                }
            )
    return links
