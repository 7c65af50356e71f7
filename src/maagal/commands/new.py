"""`maagal new issue|article|paper`: skeletons with valid front matter that build as they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from maagal.addresses.project import Project
from maagal.load.files import SLUG
from maagal.load.numbering import issue_folders, next_article_order
from maagal.load.registries import load_authors
from maagal.run.errors import MaagalError, Report
from maagal.text import skeletons


def _words(lang: str) -> dict[str, str]:
    return skeletons.PLACEHOLDER.get(lang, skeletons.PLACEHOLDER["en"])


def _write(path: Path, text: str) -> Path:
    if path.exists():
        raise MaagalError(f"{path}: already exists — choose another name or edit it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _suffix(lang: str, project: Project) -> str:
    return "" if lang == project.default_language else f".{lang}"


def _first_author(project: Project) -> str:
    """The first author of the authors file, read as `maagal check` reads it."""
    layout = project.layout()
    authors = load_authors(
        project.root / layout.authors_file, layout.authors_file, project.languages, Report()
    )
    if not authors:
        raise MaagalError(
            f"{layout.authors_file}: no author to put in the skeleton — add an author first "
            "(run 'maagal check' to see what is wrong with the file)"
        )
    return next(iter(authors))


def _write_languages(
    project: Project, folder: Path, stem: str, text: Callable[[dict[str, str], bool], str]
) -> list[Path]:
    """One file per language (`stem.md`, `stem.en.md`, …): `text(words, original)`, where
    `original` is true for the default language's file, which holds the structural fields."""
    return [
        _write(
            folder / f"{stem}{_suffix(lang, project)}.md",
            text(_words(lang), lang == project.default_language),
        )
        for lang in project.languages
    ]


def new_issue(project: Project, today: dt.date) -> list[Path]:
    folder = project.root / project.layout().issues_dir
    number = max(issue_folders(project.layout()), default=0) + 1
    return _write_languages(
        project,
        folder / str(number),
        "index",
        lambda words, original: skeletons.issue(words, today, original=original),
    )


def new_article(project: Project, issue: int | None, slug: str, today: dt.date) -> list[Path]:
    _check_slug(slug)
    folders = issue_folders(project.layout())
    if issue is None:
        if not folders:
            raise MaagalError("no issue yet — run 'maagal new issue' first")
        issue = max(folders)
    issue_dir = folders.get(issue)
    if issue_dir is None:
        raise MaagalError(f"issue {issue} does not exist — run 'maagal new issue' first")
    order = next_article_order(issue_dir)
    authors = [_first_author(project)]
    return _write_languages(
        project,
        issue_dir,
        slug,
        lambda words, original: skeletons.article(
            words, original=original, authors=authors, order=order
        ),
    )


def new_paper(project: Project, slug: str, today: dt.date) -> list[Path]:
    _check_slug(slug)
    return _write_languages(
        project,
        project.root / project.layout().papers_dir,
        slug,
        lambda words, original: skeletons.paper(words, today, original=original),
    )


def new_event(
    project: Project, slug: str, today: dt.date, kind: str = "forum", series: str | None = None
) -> list[Path]:
    """An event two weeks from today, 17:00–20:00 Israel time."""
    _check_slug(slug)
    day = today + dt.timedelta(days=14)
    return _write_languages(
        project,
        project.root / project.layout().events_dir,
        slug,
        lambda words, original: skeletons.event(
            words, day, original=original, kind=kind, series=series
        ),
    )


def _check_slug(slug: str) -> None:
    if not SLUG.match(slug):
        raise MaagalError(
            f"'{slug}' cannot be a file name in a web address — use lowercase "
            "English letters, digits and hyphens, e.g. 'regional-purchasing'"
        )
