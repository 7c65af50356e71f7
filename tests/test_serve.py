"""`maagal serve`: both languages served, and an edit is rebuilt and reloaded."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from local_browser import fetch_text, free_port  # scripts/, on the path via browser_support

from conftest import MAAGAL, Project
from maagal.addresses.outputs import FeedSpec
from maagal.outputs.feeds import FeedBuilder
from maagal.plugin.quick_render import QuickRenderer
from maagal.run.options import RunOptions
from maagal.text import render_markdown


def live_language(config: str, lang: str, url: str) -> QuickRenderer:
    """One language of `maagal serve` as its worker keeps it, with the environment's options."""
    return QuickRenderer(config, lang, url, RunOptions.from_environment())


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch_text(url)
        if body and text in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {text!r}; last: {(body or '')[:300]}")


@pytest.mark.slow
def test_serve_previews_both_languages_drafts_and_reloads_edits(project: Project) -> None:
    project.write(
        "issues/1/draft-note.md",
        "---\ntitle: טיוטה בתצוגה\nauthors: [noa-barkai]\ndraft: true\n---\nט.\n",
    )
    port = free_port()
    log = project.root.parent / "serve.log"
    with log.open("w", encoding="utf-8") as out:  # the server keeps its own copy
        server = subprocess.Popen(
            [*MAAGAL, "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project.root,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def built() -> list[str]:
        said = log.read_text(encoding="utf-8").splitlines()
        return [line.split(" pages")[0] for line in said if line.startswith("Built ")]

    try:
        base = f"http://127.0.0.1:{port}/"
        home = _wait_for(base, "מעגל לדוגמה")
        assert "livereload" in home
        _wait_for(base + "en/", "A sample circle")
        _wait_for(base + "issues/1/draft-note/", "טיוטה בתצוגה")
        project.write(
            "issues/1/first.md",
            "---\ntitle: כותרת חדשה\nauthors: [noa-barkai]\n"
            "order: 1\ntopics: [cooperation]\n---\nפסקה.\n",
        )
        _wait_for(base + "issues/1/first/", "כותרת חדשה")
        # The edited page is re-rendered at once, and so are the pages that show it.
        _wait_for(base + "authors/noa-barkai/", "כותרת חדשה")
        _wait_for(base + "issues/1/", "כותרת חדשה")
        # A new page needs a full build before the reload.
        project.write(
            "issues/1/second-note.md",
            "---\ntitle: מאמר שנוסף עכשיו\nauthors: [noa-barkai]\norder: 5\n---\nחדש.\n",
        )
        _wait_for(base + "issues/1/second-note/", "מאמר שנוסף עכשיו")
        # An editor's swap and probe files are not content: no build for them.
        project.write("issues/1/.second-note.md.swp", "x")
        project.write("issues/1/4913", "")
        time.sleep(2)
        project.write("issues/1/first.md", "---\ntitle: שבור\nauthors: [noa-barkai\n---\n")
        # The last good page stays, and every page says what the save got wrong, until fixed.
        shown = _wait_for(base + "issues/1/first/", "maagal-preview-problems")
        assert "כותרת חדשה" in shown
        assert "issues/1/first.md:3</code>: the front matter cannot be read here" in shown
        assert "fix: write the line as: authors: [noa-barkai]" in shown
        assert "maagal-preview-problems" in (fetch_text(base + "en/") or "")
        project.write(
            "issues/1/first.md",
            "---\ntitle: כותרת מתוקנת\nauthors: [noa-barkai]\norder: 1\n---\nפסקה.\n",
        )
        fixed = _wait_for(base + "issues/1/first/", "כותרת מתוקנת")
        assert "maagal-preview-problems" not in fixed
        # A whole issue folder moved away (to the desktop's trash): only the folder is named.
        project.write("issues/2/index.md", "---\ndate: 2018-01\ntitle: גיליון שני\n---\nד.\n")
        _wait_for(base + "issues/2/", "גיליון שני")
        shutil.move(project.root / "issues/2", project.root.parent / "trash-2")
        deadline = time.monotonic() + 60
        while fetch_text(base + "issues/2/") is not None or len(built()) < 4:
            assert time.monotonic() < deadline, "the moved issue is still served"
            time.sleep(0.2)  # (the page may be gone a moment before the build says so)
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = log.read_text(encoding="utf-8")
    assert "Traceback" not in output, output
    # The article, its issue, the listings that show it and the feeds, in each language the
    # issue has: not the whole site.
    counts = [int(n) for n in re.findall(r"Re-rendered (\d+) pages and feeds", output)]
    assert len(counts) == 2 and all(n >= 4 for n in counts), counts
    # Full builds: at the start and for the new page (not for the swap files).
    assert built() == [
        "Built 26",
        "Built 27",  # with the new Hebrew article
        "Built 28",  # with issue 2
        "Built 27",  # without it
    ]
    assert "issues/1/first.md:3: the front matter cannot be read here" in output


@pytest.mark.slow
@pytest.mark.parametrize("cache", ["cold", "warm"])
def test_a_quick_render_of_an_edited_article_equals_a_full_build(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    """What `maagal serve` shows a second after a save is what the full build then makes,
    also when its first build took every page from the build cache."""
    from maagal.plugin.language_build import LanguageResult

    monkeypatch.setenv("MAAGAL_LANGUAGE", "he")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    config = str(project.root / "mkdocs.yml")
    url = "http://127.0.0.1:8000/"

    def new_process() -> None:
        """No excerpt rendered yet in this process's memory (`maagal build` and the workers
        of `maagal serve` are processes of their own; the tests share one)."""
        monkeypatch.setattr(render_markdown, "_excerpts", {})
        monkeypatch.setattr(render_markdown, "_used", set())
        render_markdown.plain_text.cache_clear()

    new_process()
    if cache == "warm":
        assert live_language(config, "he", url).build(str(tmp_path / "before")) == LanguageResult()
        new_process()
    live = live_language(config, "he", url)
    served = tmp_path / "served"
    assert live.build(str(served)) == LanguageResult()
    project.write(
        "issues/1/first.md",
        "---\ntitle: כותרת שנערכה\nauthors: [amir-sela]\norder: 1\ntopics: [housing]\n---\n"
        "פתיח חדש.\n\n<!-- more -->\n\n## כותרת משנה\n\nהמשך חדש.\n",
    )
    excerpts: list[str] = []
    sanitize = render_markdown.sanitize
    monkeypatch.setattr(render_markdown, "sanitize", lambda h: excerpts.append(h) or sanitize(h))
    rendered = live.render({"issues/1/first.md"}, served)
    # The worker took the excerpts of the last build with its parsed files: only the new one
    # is rendered (an editor's first save at archive-5k rendered 2,800 of them).
    assert len(excerpts) == 1 and "פתיח חדש" in excerpts[0], excerpts
    written = {Path(p).relative_to(served).as_posix() for p in rendered.pages}
    assert {"issues/1/first/index.html", "issues/1/index.html"} <= written
    # The pages that show the article: its new author's, its new topic's, the home page.
    assert {"authors/amir-sela/index.html", "topics/housing/index.html", "index.html"} <= written
    assert "feed.xml" in written
    assert "papers/housing/index.html" not in written  # not the whole site
    monkeypatch.setenv("MAAGAL_NO_CACHE", "1")
    full = tmp_path / "full"
    assert live_language(config, "he", url).build(str(full)) == LanguageResult()
    # Every page, feed and calendar is what the full build makes (the email editions and the
    # search index follow from the full build that `maagal serve` starts after).
    assert _shown(served) == _shown(full)
    assert "כותרת שנערכה" in (served / "authors/amir-sela/index.html").read_text("utf-8")


SUCCESSIVE_EDITS = [
    # The issue's theme is on its articles' cards, on the author's and topic's pages.
    ("issues/1/index.md", "---\ndate: 2017-11\ntitle: נושא הגיליון שונה\n---\nדבר המערכת.\n"),
    # A paper moves to another status on the papers' page.
    (
        "position_papers/housing.md",
        "---\ntitle: דיור\nteam: צוות הדיור\nstatus: discussion\ndate: 2005-09-20\n"
        "topics: [housing]\n---\nתקציר.\n",
    ),
    # An article leaves its topic and its author for others.
    (
        "issues/1/first.md",
        "---\ntitle: מאמר ראשון\nauthors: [amir-sela]\norder: 1\ntopics: [housing]\n---\n"
        "פסקה ראשונה.\n\n<!-- more -->\n\nהמשך.\n",
    ),
    # Only the text above `<!-- more -->`: the excerpt on every card of the article.
    (
        "issues/1/first.md",
        "---\ntitle: מאמר ראשון\nauthors: [amir-sela]\norder: 1\ntopics: [housing]\n---\n"
        "פתיח אחר לגמרי.\n\n<!-- more -->\n\nהמשך.\n",
    ),
    # Only the text below it: no card changes, so no listing is rendered again.
    (
        "issues/1/first.md",
        "---\ntitle: מאמר ראשון\nauthors: [amir-sela]\norder: 1\ntopics: [housing]\n---\n"
        "פתיח אחר לגמרי.\n\n<!-- more -->\n\nהמשך שנכתב מחדש.\n",
    ),
]
LISTINGS = {
    "index.html",
    "issues/index.html",
    "authors/amir-sela/index.html",
    "topics/housing/index.html",
}


@pytest.mark.slow
def test_quick_renders_after_successive_edits_equal_full_builds(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A listing is skipped when it shows the same documents and none of them was edited:
    after each of several saves, everything shown equals a full build."""
    from maagal.plugin.language_build import LanguageResult

    monkeypatch.setenv("MAAGAL_LANGUAGE", "he")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    config = str(project.root / "mkdocs.yml")
    url = "http://127.0.0.1:8000/"
    # An article beside the edited one, in another topic: its topic's feed never shows the
    # edited article (the issue's page and the articles' pages do).
    project.write(
        "issues/1/beside.md",
        "---\ntitle: מאמר שלצדו\nauthors: [noa-barkai]\norder: 2\ntopics: [cooperation]\n---\nט.\n",
    )
    live = live_language(config, "he", url)
    served = tmp_path / "served"
    assert live.build(str(served)) == LanguageResult()
    made_feeds: list[set[str]] = []
    feed_generator = FeedBuilder.generator

    def generator(self: FeedBuilder, spec: FeedSpec, *args: Any) -> Any:
        made_feeds[-1].add(spec.key)
        return feed_generator(self, spec, *args)

    monkeypatch.setattr(FeedBuilder, "generator", generator)
    for number, (rel, text) in enumerate(SUCCESSIVE_EDITS):
        project.write(rel, text)
        made_feeds.append(set())
        rendered = live.render({rel}, served)
        assert rendered.pages and not rendered.rebuild and not rendered.content, rel
        written = {Path(p).relative_to(served).as_posix() for p in rendered.pages}
        if number == len(SUCCESSIVE_EDITS) - 1:
            assert not written & LISTINGS, written
            assert "issues/1/first/index.html" in written
            # A feed that never showed the article is not made again; its topic's is.
            assert made_feeds[-1] == {"updates", "bulletin", "topic:housing"}, made_feeds
        full = tmp_path / f"full-{number}"
        with monkeypatch.context() as cold:
            cold.setenv("MAAGAL_NO_CACHE", "1")
            assert live_language(config, "he", url).build(str(full)) == LanguageResult()
        shown, expected = _shown(served), _shown(full)
        assert [p for p in expected if shown.get(p) != expected[p]] == [], rel
    assert "פתיח אחר לגמרי" in (served / "topics/housing/index.html").read_text("utf-8")
    assert "נושא הגיליון שונה" in (served / "issues/1/first/index.html").read_text("utf-8")


@pytest.mark.slow
def test_a_save_the_site_could_not_take_is_rendered_with_the_next_one(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title saved while another file is broken appears, on every page that shows it, with
    the save that fixes the other file."""
    from maagal.plugin.language_build import LanguageResult

    monkeypatch.setenv("MAAGAL_LANGUAGE", "he")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    second = "---\ntitle: מאמר שני\nauthors: [amir-sela]\norder: 2\n---\nב.\n"
    project.write("issues/1/second.md", second)
    config = str(project.root / "mkdocs.yml")
    url = "http://127.0.0.1:8000/"
    live = live_language(config, "he", url)
    served = tmp_path / "served"
    assert live.build(str(served)) == LanguageResult()
    project.write("issues/1/second.md", "---\ntitle: שבור\nauthors: [amir-sela\n---\n")
    assert live.render({"issues/1/second.md"}, served).content
    project.write(
        "issues/1/first.md",
        "---\ntitle: כותרת בזמן תקלה\nauthors: [noa-barkai]\norder: 1\n"
        "topics: [cooperation]\n---\nפסקה.\n",
    )
    assert live.render({"issues/1/first.md"}, served).content  # second.md is still broken
    project.write("issues/1/second.md", second)
    rendered = live.render({"issues/1/second.md"}, served)
    assert not rendered.content and not rendered.rebuild
    monkeypatch.setenv("MAAGAL_NO_CACHE", "1")
    full = tmp_path / "full"
    assert live_language(config, "he", url).build(str(full)) == LanguageResult()
    assert _shown(served) == _shown(full)
    assert "כותרת בזמן תקלה" in (served / "authors/noa-barkai/index.html").read_text("utf-8")


def _shown(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and path.suffix in (".html", ".xml", ".ics")
        and path.name not in ("email.html",)
        and "pagefind" not in path.parts
    }


@pytest.mark.slow
def test_a_quick_render_asks_for_a_full_build_when_pages_come_or_go(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setenv("MAAGAL_LANGUAGE", "he")
    live = live_language(str(project.root / "mkdocs.yml"), "he", "http://127.0.0.1:8000/")
    live.build(str(tmp_path / "served"))
    project.write("issues/1/second.md", "---\ntitle: שני\nauthors: [amir-sela]\n---\nט.\n")
    assert live.render({"issues/1/second.md"}, tmp_path / "served").rebuild
    project.remove("issues/1/second.md")
    project.write("issues/1/first.md", "---\ntitle: שבור\nauthors: [noa-barkai\n---\n")
    outcome = live.render({"issues/1/first.md"}, tmp_path / "served")
    assert not outcome.rebuild and not outcome.pages
    assert "issues/1/first.md:3" in outcome.content.format()


@pytest.mark.parametrize("polling", [False, True], ids=["notified", "polling"])
def test_the_preview_sees_a_save_at_once_or_by_polling(tmp_path: Path, polling: bool) -> None:
    """A save is seen through the system's notifications; without them (out of inotify
    watches), by polling as MkDocs does."""
    from maagal.plugin.engine import PreviewServer

    (tmp_path / "issues").mkdir()
    server = PreviewServer(
        builder=lambda: None,
        host="127.0.0.1",
        port=free_port(),
        root=str(tmp_path),
    )
    server.watch(str(tmp_path / "issues"))
    if polling:
        server._poll_instead()
    assert (type(server.observer).__name__ == "PollingObserver") == polling
    server.observer.start()
    try:
        time.sleep(0.6)  # the poller's first listing of the folder
        saved = time.monotonic()
        (tmp_path / "issues" / "new.md").write_text("x", encoding="utf-8")
        deadline = saved + 5
        changed: set[str] = set()
        while not changed and time.monotonic() < deadline:
            time.sleep(0.02)
            changed = server.take_changes()
        assert str(tmp_path / "issues" / "new.md") in changed
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()


def test_a_render_runs_without_the_collector_and_tidies_after() -> None:
    """A quick render is not interrupted by Python's full collections (a third of its time at
    5,000 pages); the collector runs again soon after, with the kept model frozen."""
    import gc

    from maagal.run.collector import collector_paused

    assert gc.isenabled()
    try:
        with collector_paused():
            assert not gc.isenabled()
        deadline = time.monotonic() + 5
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
