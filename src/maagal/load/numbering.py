"""The numbers new content takes: which folders are issues, and an article's place in its
issue. `maagal new` and `maagal import` both ask here, so they never disagree."""

from __future__ import annotations

from pathlib import Path

from maagal.load.source import split_source
from maagal.model.layout import ContentLayout
from maagal.run.errors import Report


def issue_folders(layout: ContentLayout) -> dict[int, Path]:
    """{number: folder} of the issues on disk (`issues/4/` and `issues/004/` are issue 4)."""
    folder = layout.root / layout.issues_dir
    if not folder.is_dir():
        return {}
    return {
        int(p.name): p
        for p in folder.iterdir()
        if p.is_dir() and p.name.isascii() and p.name.isdigit()
    }


def next_article_order(issue_folder: Path) -> int:
    """The place of an article added to the issue now: after every 'order' its articles give,
    and after as many places as it has articles (those without 'order' take one each)."""
    articles = [p for p in issue_folder.glob("*.md") if not p.name.startswith("index.")]
    # A translation (`x.en.md`) is no article of its own, unless it is the only file of one,
    # and then it gives its 'order'.
    originals = [p for p in articles if p.name.count(".") == 1]
    return max([len(originals), *map(_order, articles)]) + 1


def _order(path: Path) -> int:
    """The 'order' in an article's front matter; 0 when it has none (or none to read)."""
    source = split_source(path, path.name, Report(), front_matter_required=False)
    order = source.meta.get("order") if source is not None else None
    return order if isinstance(order, int) and not isinstance(order, bool) else 0
