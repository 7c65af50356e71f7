"""The content model on its own: loading, pairing, relating, dates."""

from __future__ import annotations

import datetime as dt
import os
import time
import types
from pathlib import Path
from typing import Any

import pytest

from conftest import Project
from maagal.load.site_loader import load_site
from maagal.model.layout import ContentLayout
from maagal.text.dates import hebrew_calendar_date, long_date, month_year


def test_translations_pair_and_inherit_structure(project: Project) -> None:
    site, report = load_site(ContentLayout(root=project.root))
    assert not report, report.format()
    article = site.issues[0].articles[0]
    assert set(article.variants) == {"he", "en"}
    assert [a.key for a in article.authors] == ["noa-barkai"]
    assert article.variants["en"].title == "First article"
    assert article.variants["en"].excerpt == "First paragraph."


def test_issue_number_comes_from_the_folder(project: Project) -> None:
    project.write("issues/007/index.md", "---\ndate: 2018-03\ntitle: שבע\n---\nט.\n")
    site, report = load_site(ContentLayout(root=project.root))
    assert not report, report.format()
    assert [i.number for i in site.issues] == [7, 1]


def test_articles_follow_order_then_file_name(project: Project) -> None:
    project.write("issues/1/b.md", "---\ntitle: ב\nauthors: [noa-barkai]\n---\nט.\n")
    project.write("issues/1/a.md", "---\ntitle: א\nauthors: [noa-barkai]\n---\nט.\n")
    project.write("issues/1/z.md", "---\ntitle: ז\nauthors: [noa-barkai]\norder: 2\n---\nט.\n")
    site, _ = load_site(ContentLayout(root=project.root))
    assert [a.slug for a in site.issues[0].articles] == ["first", "z", "a", "b"]


def test_supersedes_links_both_ways(project: Project) -> None:
    project.write(
        "position_papers/housing.md",
        "---\ntitle: ישן\nteam: צוות\nstatus: superseded\ndate: 2005-09-20\n---\nט.\n",
    )
    project.write(
        "position_papers/housing-2.md",
        "---\ntitle: חדש\nteam: צוות\nstatus: adopted\n"
        "date: 2012-01-01\nsupersedes: housing\n---\nט.\n",
    )
    site, report = load_site(ContentLayout(root=project.root))
    assert not report, report.format()
    new, old = site.papers
    assert new.supersedes is old and old.superseded_by is new


def test_superseded_paper_must_say_so(project: Project) -> None:
    project.write(
        "position_papers/housing-2.md",
        "---\ntitle: חדש\nteam: צוות\nstatus: adopted\n"
        "date: 2012-01-01\nsupersedes: housing\n---\nט.\n",
    )
    _, report = load_site(ContentLayout(root=project.root))
    assert any("set 'status: superseded'" in e.hint for e in report)


def test_dates_in_both_calendars_and_languages() -> None:
    day = dt.date(2005, 9, 20)
    assert long_date(day, "he") == "20 בספטמבר 2005"
    assert long_date(day, "en") == "20 September 2005"
    assert month_year(dt.date(2017, 11, 1), "he") == "נובמבר 2017"
    assert hebrew_calendar_date(day) == "ט״ז באלול תשס״ה"


def test_a_reload_with_the_parse_cache_sees_every_edit_and_every_old_problem(
    project: Project,
) -> None:
    """`maagal serve` reloads through a cache: results must equal a load from scratch."""
    from maagal.cache.parse_cache import ParseCache

    cache = ParseCache()
    layout = ContentLayout(root=project.root)
    project.write("issues/1/bad.md", "---\ntitle: רע\nauthors: [nobody-here]\n---\nט.\n")
    first = load_site(layout, cache=cache)[1].format()
    assert "issues/1/bad.md:3: unknown author 'nobody-here'" in first
    # Unchanged files come from the cache, with their problems reported again.
    assert load_site(layout, cache=cache)[1].format() == first
    project.write(
        "issues/1/first.md",
        "---\ntitle: כותרת אחרת\nauthors: [noa-barkai]\norder: 1\ntopics: [cooperation]\n"
        "---\nראו [קישור](missing.md).\n",
    )
    project.write("issues/1/bad.md", "---\ntitle: טוב\nauthors: [amir-sela]\n---\nט.\n")
    site, report = load_site(layout, cache=cache)
    fresh = load_site(layout)[1]
    assert report.format() == fresh.format()
    assert "unknown author" not in report.format()
    assert "issues/1/first.md:7: the link 'missing.md'" in report.format()
    assert site.issues[0].articles[0].variants["he"].title == "כותרת אחרת"
    # A body check depends on which documents exist: creating the target clears the problem.
    project.write("issues/1/missing.md", "---\ntitle: נמצא\nauthors: [amir-sela]\n---\nט.\n")
    assert not load_site(layout, cache=cache)[1], "the link now resolves"


def test_a_reload_reads_again_only_the_documents_whose_files_changed(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`maagal serve` loads the whole site on every save: a document whose files are the
    same is taken as it was read (its variants the very same), and the load still equals
    one from scratch: its problems, drafts, translations and permanent ids."""
    from maagal.cache.parse_cache import ParseCache
    from maagal.load import reading

    read, seen = reading.DocumentReader._read, []

    def counted(self: reading.DocumentReader, key: str, *rest: object) -> object:
        seen.append(key)
        return read(self, key, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(reading.DocumentReader, "_read", counted)
    article = "---\ntitle: {title}\nauthors: [amir-sela]\n{more}---\n{body}\n"
    project.write("issues/1/draft.md", article.format(title="ד", more="draft: true\n", body="ט."))
    project.write("issues/1/twin.md", article.format(title="א", more="id: same\n", body="ט."))
    project.write(
        "issues/1/other.md", article.format(title="ב", more="id: same\norder: 3\n", body="ט.")
    )
    project.write(
        "issues/1/other.en.md", "---\ntitle: B\norder: 9\n---\nSee [the draft](draft.md).\n"
    )
    cache, layout = ParseCache(), ContentLayout(root=project.root)
    first, report = load_site(layout, cache=cache)
    problems = report.format()
    for expected in ("'same' is already used", "'order' differs", "a draft ('draft: true')"):
        assert expected in problems
    seen.clear()
    again, report = load_site(layout, cache=cache)
    assert seen == [] and report.format() == problems
    twin = {doc.key: doc for doc in again.documents()}["issues/1/twin"]
    project.write("issues/1/other.en.md", "---\ntitle: B\n---\nSee [the twin](twin.md).\n")
    project.write("issues/1/twin.md", article.format(title="ג", more="", body="ט."))
    site, report = load_site(layout, cache=cache)
    assert sorted(seen) == ["issues/1/other.md", "issues/1/twin.md"]
    assert not report and report.format() == load_site(layout)[1].format()
    documents = {doc.key: doc for doc in site.documents()}
    assert documents["issues/1/twin"].variants["he"].title == "ג"
    assert documents["issues/1/twin"].stable_id == "issues/1/twin"
    unchanged = {doc.key: doc for doc in first.documents()}["issues/1/first"]
    assert documents["issues/1/first"].variants["he"] is unchanged.variants["he"]
    assert "issues/1/draft" not in documents
    assert twin.variants["he"].title == "א"


def test_a_reload_lists_again_only_the_folders_that_changed(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder whose times and inode are those it was listed with is not listed again
    (unless it changed within two seconds of being listed); a file added to it, or taken
    out of it, is always seen."""
    from maagal.load import files

    layout = ContentLayout(root=project.root)
    listed: list[str] = []
    scandir = os.scandir

    def counted(path: str) -> Any:
        listed.append(Path(path).relative_to(project.root).as_posix())
        return scandir(path)

    def keys() -> set[str]:
        listed.clear()
        site, report = load_site(layout)
        assert not report
        return {doc.key for doc in site.documents()}

    monkeypatch.setattr(files, "_LISTINGS", {})
    monkeypatch.setattr(files.os, "scandir", counted)
    # The folders are listed a minute after they last changed.
    late = types.SimpleNamespace(time_ns=lambda: time.time_ns() + 60_000_000_000)
    monkeypatch.setattr(files, "time", late)
    assert "issues/1/first" in keys() and "issues/1" in listed
    assert "issues/1/second" not in keys() and listed == []
    project.write("issues/1/second.md", "---\ntitle: ט\nauthors: [amir-sela]\n---\nט.\n")
    assert "issues/1/second" in keys() and set(listed) == {"issues/1"}
    assert "issues/1/second" in keys() and listed == []
    (project.root / "issues/1/second.md").unlink()
    assert "issues/1/second" not in keys() and set(listed) == {"issues/1"}
    # Listed as soon as it changed: listed again until it is two seconds old.
    monkeypatch.setattr(files, "time", time)
    project.write("issues/1/third.md", "---\ntitle: ג\nauthors: [amir-sela]\n---\nג.\n")
    assert "issues/1/third" in keys() and "issues/1" in listed
    assert "issues/1/third" in keys() and "issues/1" in listed


def test_the_parse_cache_reads_again_only_files_that_may_have_changed(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's times, size and inode vouch for its bytes, unless it changed within two
    seconds of being read (as git's index does): an edit is always seen."""
    from maagal.cache import parse_cache

    layout = ContentLayout(root=project.root)
    reads: list[str] = []  # the Markdown files read
    read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        if path.suffix == ".md":
            reads.append(path.relative_to(project.root).as_posix())
        return read_bytes(path)

    def loaded() -> set[str]:
        reads.clear()
        _, report = load_site(layout, cache=cache)
        assert not report
        return set(reads)

    monkeypatch.setattr(Path, "read_bytes", counted)
    # The files are read a minute after they were last changed.
    late = types.SimpleNamespace(time_ns=lambda: time.time_ns() + 60_000_000_000)
    monkeypatch.setattr(parse_cache, "time", late)
    cache = parse_cache.ParseCache()
    assert "issues/1/first.md" in loaded()
    assert loaded() == set()
    project.write("issues/1/second-thoughts.md", "---\ntitle: ט\nauthors: [amir-sela]\n---\nט.\n")
    assert loaded() == {"issues/1/second-thoughts.md"}
    assert loaded() == set()
    # Read as soon as it is written: read again until it is two seconds old.
    monkeypatch.setattr(parse_cache, "time", time)
    project.write("issues/1/third.md", "---\ntitle: ג\nauthors: [amir-sela]\n---\nג.\n")
    assert loaded() == {"issues/1/third.md"}
    assert loaded() == {"issues/1/third.md"}
    project.write(
        "issues/1/first.md",
        "---\ntitle: כותרת שנערכה עכשיו\nauthors: [noa-barkai]\norder: 1\n---\nט.\n",
    )
    site, _ = load_site(layout, cache=cache)
    assert site.issues[0].articles[0].variants["he"].title == "כותרת שנערכה עכשיו"
