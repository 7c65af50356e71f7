"""One language of `maagal serve`, kept between edits to re-render only the pages an edit
changed: the engine's side of the quick render.

A full build of a large archive takes half a minute; an editor who saves an article wants to
see it at once. `QuickRenderer` does the preview's full builds and keeps what MkDocs and the
plugin set up (configuration, files, navigation, templates) with a cache of every parsed file.
After a save of Markdown files it reloads the content (only the changed files are parsed
again), and when no page was added, removed or moved, renders straight into the served folder
the pages `views.edits` says changed, and the feeds and calendars. The email editions and the
search index follow from the full build that `maagal serve` starts right after.

`commands/live.py` keeps one `QuickRenderer` per worker process and knows nothing of MkDocs.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from maagal.cache.parse_cache import ParseCache
from maagal.model.site import Site
from maagal.outputs.feeds import FeedFilter
from maagal.plugin.content import LanguageContent
from maagal.plugin.engine import render_page
from maagal.plugin.language_build import LanguageResult, run_mkdocs_build
from maagal.plugin.plugin import ContentProblems, MaagalPlugin
from maagal.run.errors import Report
from maagal.run.options import RunOptions
from maagal.views.edits import (
    Skeletons,
    card_words,
    documents_showing,
    edited_documents,
    entries_showing,
    listing_skeletons,
    pages_to_render,
)


@dataclass
class Rendered:
    """What a quick re-render did: `pages` written, or why it could not (`content`, `rebuild`)."""

    pages: list[str] = field(default_factory=list)
    content: Report | None = None  # when the edited content has mistakes
    rebuild: bool = False  # pages were added, removed or moved: only a full build will do


class QuickRenderer:
    """The state of one language's last full build, and quick re-renders on top of it."""

    def __init__(self, config_file: str, lang: str, serve_url: str, options: RunOptions) -> None:
        self.config_file = config_file
        self.lang = lang
        self.serve_url = serve_url
        self.options = options
        # Read from the build cache by the first build (with the excerpts rendered before:
        # an editor's first save would render 2,800 of them at archive-5k), then kept here.
        self.cache: ParseCache | None = None
        self.config: MkDocsConfig | None = None
        self.skeletons: Skeletons | None = None  # each listing's, as last rendered
        self.pending: set[str] = set()  # files of saves the site could not take (mistakes)

    def build(self, site_dir: str) -> LanguageResult:
        """A full build of the language into `site_dir`, kept to render on top of."""

        def keep(config: MkDocsConfig) -> None:
            _plugin(config).parse_cache = self.cache
            _plugin(config).templates.keep_cards = True  # for the renders after the build
            self.config = config

        self.config = None
        self.skeletons = None
        self.pending = set()
        result = run_mkdocs_build(
            self.config_file, self.lang, site_dir, self.serve_url, self.options, keep
        )
        if self.config is not None:
            self.cache = _plugin(self.config).parse_cache or self.cache
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
        plugin = _plugin(self.config)
        content = plugin.language
        if self.skeletons is None:  # what the listings showed before this edit
            self.skeletons = _skeletons(content)
        edited = edited_documents(_site(content), changed)
        cards_before = card_words(_site(content), self.lang, edited)
        wanted = {doc.key for doc in documents_showing(edited)}  # a paper it no longer supersedes
        entries = {doc.key for doc in entries_showing(edited)}  # (as the feeds show them)
        feeds_before = content.feed_items()  # a feed the edit takes a document out of
        refreshed = content.refresh()
        if refreshed.rebuild:
            return Rendered(rebuild=True)
        if refreshed.mistakes:
            self.pending = changed
            return Rendered(content=refreshed.mistakes)
        self.pending = set()
        edited = edited_documents(_site(content), changed)
        wanted |= {doc.key for doc in documents_showing(edited)}
        entries |= {doc.key for doc in entries_showing(edited)}
        cards_after = card_words(_site(content), self.lang, edited)
        recarded = {key for key, words in cards_after.items() if cards_before.get(key) != words}
        before, self.skeletons = self.skeletons, _skeletons(content)
        specs = pages_to_render(content.specs.values(), wanted, before, self.skeletons, recarded)
        feeds = _feeds_showing(entries, feeds_before)
        try:
            return Rendered(pages=self._write(plugin, specs, language_root, feeds))
        except ContentProblems as problems:  # a page the allow-list would change
            self.pending = changed
            return Rendered(content=problems.report)

    def _write(
        self, plugin: MaagalPlugin, specs: list[Any], language_root: Path, feeds: FeedFilter
    ) -> list[str]:
        """Render `specs`, the calendars and the feeds `feeds` accepts into the served folder."""
        assert self.config is not None and plugin.files is not None
        written = []
        doc_pages = plugin.files.documentation_pages()  # MkDocs' list, asked once
        for spec in specs:
            target = language_root / spec.path / "index.html"
            self._render_page(plugin, spec.src_uri, spec.markdown, target, doc_pages)
            written.append(str(target))
        # The email editions wait for the full build that follows.
        for path, output in plugin.language.outputs(None, email=False, feeds=feeds).items():
            written += _write_if_changed(language_root / path, output)
        return written

    def _render_page(
        self, plugin: MaagalPlugin, src_uri: str, markdown: str, target: Path, doc_pages: Any
    ) -> None:
        """MkDocs' own steps for one page, written beside `target` and then moved onto it."""
        assert self.config is not None and plugin.files is not None
        file = plugin.files.get_file_from_path(src_uri)
        assert file is not None, f"{src_uri} is one of the plugin's pages"
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


def _feeds_showing(wanted: set[str], before: dict[str, set[str]]) -> FeedFilter:
    """The feeds to write again: those that show, or showed before the edit, a document whose
    feed item changed (`wanted`: see `entries_showing`; the others' bytes cannot have changed)."""

    def shows(path: str, keys: set[str]) -> bool:
        return bool(wanted & (keys | before.get(path, set())))

    return shows


def _plugin(config: MkDocsConfig) -> MaagalPlugin:
    plugin = config.plugins["maagal"]
    assert isinstance(plugin, MaagalPlugin)
    return plugin


def _site(content: LanguageContent) -> Site:
    assert content.site is not None
    return content.site


def _skeletons(content: LanguageContent) -> Skeletons:
    assert content.chrome is not None
    return listing_skeletons(
        _site(content),
        content.lang,
        content.specs.values(),
        content.chrome,
        content.settings.recent_papers,
    )


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
