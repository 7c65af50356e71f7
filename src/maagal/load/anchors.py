"""Links to a place in a page (`#section`, `x.md#section`): the place must be on the page, as
the site's own Markdown makes its anchors. Checked on every load, outside the body cache:
whether a link's anchor exists depends on another file's headings."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from urllib.parse import unquote

from maagal.addresses.links import KnownTargets, Target, link_target, markdown_links
from maagal.run.errors import Report
from maagal.run.said import say
from maagal.text.render_markdown import page_anchors

# A link target with a '#' in it: only the bodies that have one are read link by link.
_ANCHORED = re.compile(r"\]\(<?[^)\s]*#")
_LANGUAGE = re.compile(r"\.([a-z]{2,3})\.md$")


class _Pages:
    """The anchors of each file's page, made once for the files that links point into."""

    def __init__(self, bodies: Iterable[tuple[str, str, int]]) -> None:
        self.bodies = {rel: body for rel, body, _ in bodies}
        self.made: dict[str, tuple[list[str], set[str]]] = {}

    def anchors(self, rel: str) -> tuple[list[str], set[str]] | None:
        if rel not in self.bodies:
            return None
        if rel not in self.made:
            self.made[rel] = page_anchors(self.bodies[rel])
        return self.made[rel]


def check_anchors(bodies: list[tuple[str, str, int]], known: KnownTargets, report: Report) -> None:
    """Report each link whose anchor is on no heading of the page it leads to."""
    pages = _Pages(bodies)
    for rel, body, first_line in bodies:
        if not _ANCHORED.search(body):
            continue
        for link in markdown_links(body):
            src = link["src"].strip("<>")
            if "#" not in src:
                continue
            where = _anchor_target(rel, src, known, pages.bodies)
            if where is None:
                continue
            target, anchor = where
            found = pages.anchors(target)
            if found is None or anchor in found[1]:
                continue
            line = first_line + body.count("\n", 0, link.start())
            page = "this page" if target == rel else target
            report.add(rel, line, *_problem(src, page, anchor, found[0]))


def _anchor_target(
    rel: str, src: str, known: KnownTargets, files: dict[str, str]
) -> tuple[str, str] | None:
    """The file whose page a link leads into, in the language of the page it is on, and the
    anchor; None when there is no anchor to check (a link to a page not translated into that
    language leads to the page's top)."""
    if src.startswith("#"):
        return (rel, unquote(src[1:])) if src not in ("#", "#top") else None  # the page's top
    found = link_target(rel, src, known)
    if not isinstance(found, Target) or not found.anchor or known.layout is None:
        return None
    default = known.layout.default_language
    written = _LANGUAGE.search(rel)
    lang = found.lang or (written[1] if written else default)
    if lang == default:
        return found.document, found.anchor
    translation = found.document.removesuffix(".md") + f".{lang}.md"
    return (translation, found.anchor) if translation in files else None


def _problem(src: str, page: str, anchor: str, headings: list[str]) -> tuple[str, str]:
    near = difflib.get_close_matches(anchor, headings, n=1, cutoff=0.6)
    if near:
        said = say(" — did you mean '#{near}'?", near=near[0])
    elif headings:
        said = say(
            " (its headings: {headings})", headings=", ".join(f"'#{h}'" for h in headings[:6])
        )
    else:
        said = say(" (it has no headings)")
    return (
        say(
            "the link '{src}' leads to no heading '#{anchor}' of {page}{said}",
            src=src,
            anchor=anchor,
            page=page,
            said=said,
        ),
        say(
            "write the anchor of one of its headings (the heading's words in lower case, "
            "joined by '-'), or link to the page without '#…'"
        ),
    )
