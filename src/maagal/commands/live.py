"""One language of `maagal serve`, kept alive between edits to re-render only edited pages.

A full build of a large archive takes half a minute; an editor who saves an article wants to
see it at once. Each language has a worker process that does the full builds of the preview and
keeps what MkDocs and the plugin set up (configuration, files, navigation, templates) together
with a cache of every parsed file. After a save of Markdown files it reloads the content (only
the changed files are parsed again), and when no page was added, removed or moved, renders
straight into the served folder the pages of the edited documents, the pages that show them
(an article's issue and the articles beside it, an issue's articles; every listing that now
shows other documents, or a document whose card changed: the home page, the archive, authors'
and topics' pages) and the feeds and calendars. The email
editions and the search index follow from a full build that `maagal serve` starts right after
(itself quick: it reuses the build cache's pages).
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maagal.cache.build_cache import stable_json
from maagal.cache.parse_cache import ParseCache
from maagal.model.documents import Article, Event, Issue, PositionPaper
from maagal.plugin.engine import render_page
from maagal.plugin.language_build import LanguageResult, run_mkdocs_build
from maagal.run import progress
from maagal.run.errors import Report
from maagal.views.site_views import Skeleton, Views


@dataclass
class Rendered:
    """What a quick re-render did: `pages` written, or why it could not (`content`, `rebuild`)."""

    pages: list[str] = field(default_factory=list)
    content: Report | None = None  # when the edited content has mistakes
    rebuild: bool = False  # pages were added, removed or moved: only a full build will do


class LiveLanguage:
    """The state of one language's last full build, and quick re-renders on top of it."""

    def __init__(self, config_file: str, lang: str, serve_url: str) -> None:
        self.config_file = config_file
        self.lang = lang
        self.serve_url = serve_url
        self.cache = ParseCache()
        self.config: Any = None
        # Each listing's skeleton (`site_views.Skeleton`) as last rendered: (digest, shown).
        self.skeletons: dict[str, tuple[str, frozenset[str]]] | None = None
        self.pending: set[str] = set()  # files of saves the site could not take (mistakes)

    def build(self, site_dir: str) -> LanguageResult:
        def keep(config: Any) -> None:
            config.plugins["maagal"].parse_cache = self.cache
            self.config = config

        self.config = None
        self.skeletons = None
        self.pending = set()
        result = run_mkdocs_build(self.config_file, self.lang, site_dir, self.serve_url, keep)
        if result.content or result.problems:
            self.config = None  # nothing to render on top of
        return result

    def render(self, changed: set[str], language_root: Path) -> Rendered:
        """Re-render the pages of the documents in `changed` (paths from the project root)."""
        if self.config is None:
            return Rendered(rebuild=True)
        # The files of saves whose content had mistakes come with this one: the site took
        # none of their edits then.
        changed = changed | self.pending
        plugin = self.config.plugins["maagal"]
        if self.skeletons is None:  # what the listings showed before this edit
            self.skeletons = _skeletons(plugin)
        edited = _edited(plugin.site, changed)
        cards_before = _card_words(plugin, edited)
        wanted = {doc.key for doc in _showing(edited)}  # a paper it no longer supersedes
        outcome = plugin.refresh()
        if outcome is False:
            return Rendered(rebuild=True)
        if outcome is not True:
            self.pending = changed
            return Rendered(content=outcome)
        self.pending = set()
        edited = _edited(plugin.site, changed)
        wanted |= {doc.key for doc in _showing(edited)}
        # The documents whose cards now say something else (an edit below `<!-- more -->`
        # changes no card).
        cards_after = _card_words(plugin, edited)
        recarded = {key for key, words in cards_after.items() if cards_before.get(key) != words}
        before, self.skeletons = self.skeletons, _skeletons(plugin)
        written = []
        doc_pages = plugin.files.documentation_pages()  # MkDocs' list, asked once
        for spec in plugin.specs.values():
            if spec.doc is None or spec.doc.key not in wanted:
                if isinstance(spec.doc, DOCUMENT_PAGES):
                    continue  # shows nothing of the edited documents (see `_showing`)
                # A listing, the home page, a page of the knowledge base: the same page when
                # it shows the same documents in the same way and none of their cards changed.
                skeleton, shown = self.skeletons[spec.src_uri]
                if before.get(spec.src_uri, ("", None))[0] == skeleton and not shown & recarded:
                    continue
            target = language_root / spec.path / "index.html"
            self._render_page(spec.src_uri, spec.markdown, target, doc_pages)
            written.append(str(target))
        for path, content in plugin.outputs_for_preview().items():
            written += _write_if_changed(language_root / path, content)
        return Rendered(pages=written)

    def _render_page(self, src_uri: str, markdown: str, target: Path, doc_pages: Any) -> None:
        """MkDocs' own steps for one page, written beside `target` and then moved onto it."""
        plugin = self.config.plugins["maagal"]
        file = plugin.files.get_file_from_path(src_uri)
        file.content_string = markdown
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=target.parent, prefix=".page-")
        os.close(fd)
        file.abs_dest_path = scratch  # the last build's staging folder is gone
        try:
            render_page(self.config, plugin.files, doc_pages, plugin.nav, plugin.env, file)
            os.replace(scratch, target)  # a reader never gets half a page
        finally:
            Path(scratch).unlink(missing_ok=True)


DOCUMENT_PAGES = (Article, Issue, PositionPaper, Event)


def _edited(site: Any, changed: set[str]) -> list[Any]:
    """The documents of `site` that have a file in `changed`."""
    return [
        doc for doc in site.documents() if any(v.rel_path in changed for v in doc.variants.values())
    ]


def _card_words(plugin: Any, edited: list[Any]) -> dict[str, str]:
    """What the cards of the `edited` documents say (see `Views.card_words`), and the cards
    of an edited issue's articles (theirs name it), in the plugin's current site."""
    views = Views(plugin.site, plugin.lang)
    docs = edited + [a for doc in edited if isinstance(doc, Issue) for a in doc.articles]
    return {doc.key: views.card_words(doc) for doc in docs if plugin.lang in doc.variants}


def _skeletons(plugin: Any) -> dict[str, tuple[str, frozenset[str]]]:
    """The skeleton of every page that is not a document's own: its digest, and the documents
    whose cards it shows."""
    assert plugin.chrome is not None and plugin.settings is not None
    views = Skeleton(plugin.site, plugin.lang, recent_papers=plugin.settings.recent_papers)
    skeletons = {}
    for spec in plugin.specs.values():
        if isinstance(spec.doc, DOCUMENT_PAGES):
            continue
        views.here = plugin.chrome.here(spec)
        views.shown = set()
        skeletons[spec.src_uri] = (stable_json(spec.view(views)), frozenset(views.shown))
    return skeletons


def _showing(edited: list[Any]) -> list[Any]:
    """The edited documents and those whose pages show them besides the listings: an article's
    issue and the articles beside it (their pager), an issue's articles, a paper's predecessor
    and successor."""
    shown = list(edited)
    for doc in edited:
        if isinstance(doc, Article) and doc.issue is not None:
            shown += [doc.issue, *doc.issue.articles]
        if isinstance(doc, Issue):  # its theme and month are on its articles' pages
            shown += doc.articles
        if isinstance(doc, PositionPaper):
            shown += [p for p in (doc.supersedes, doc.superseded_by) if p is not None]
    return shown


def _write_if_changed(target: Path, content: str | bytes) -> list[str]:
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if target.read_bytes() == data:
            return []
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(dir=target.parent, prefix=".output-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(scratch, target)
    return [str(target)]


# -- the worker process: one LiveLanguage per process, reached through these functions ---------

_live: LiveLanguage | None = None


def start(config_file: str, lang: str, serve_url: str, server_pid: int) -> None:
    global _live
    _live = LiveLanguage(config_file, lang, serve_url)
    detach(server_pid)


def detach(server_pid: int) -> None:
    """In a worker of `maagal serve`: stopped by the server, and never outliving it.

    The worker's parent is the fork server, which itself waits for its children: so the worker
    watches the `maagal serve` process, and leaves when it is gone (killed without a word).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the server, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def leave_with_server() -> None:
        while _running(server_pid):
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=leave_with_server, daemon=True).start()


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")  # a killed process waiting to be reaped is gone
    except (OSError, IndexError):
        pass
    try:  # no /proc (macOS), or no such process
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build(site_dir: str, queue: Any = None) -> LanguageResult:
    assert _live is not None
    progress.attach(queue)
    return _live.build(site_dir)


def render(changed: set[str], language_root: str) -> Rendered:
    assert _live is not None
    return _live.render(changed, Path(language_root))
