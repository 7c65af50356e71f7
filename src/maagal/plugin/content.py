"""The content one language's build renders: the site as loaded (with the parse cache kept
between builds), its pages, the chrome they share, where their links lead, and the files made
from them (feeds, calendars, email editions). Reloaded in place after an edit (`refresh`).

The plugin's event handlers ask this object; `plugin/quick_render.py` reads it after a save.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from maagal.addresses import urls
from maagal.addresses.links import LinkResolver, withhold_assets
from maagal.addresses.outputs import SEARCH_BUNDLE
from maagal.addresses.settings import Settings
from maagal.cache.build_cache import PageStore, code_stamp, committed
from maagal.cache.kept_files import KeptFiles
from maagal.cache.parse_cache import ParseCache
from maagal.editions import draw_editions
from maagal.load.history import apply_event_history
from maagal.load.html_checks import problem, report_removals
from maagal.load.site_loader import load_site
from maagal.model.documents import Article, Document, Issue, PositionPaper
from maagal.model.site import Site
from maagal.outputs.calendars import CalendarBuilder
from maagal.outputs.cms_config import admin_files
from maagal.outputs.email import EmailEdition
from maagal.outputs.feeds import FeedBuilder, FeedFilter, KeptFeeds
from maagal.outputs.pictures import PictureError, Pictures
from maagal.outputs.search_index import SearchIndexer
from maagal.plugin.navigation import navigation
from maagal.run.errors import Report
from maagal.run.options import RunOptions
from maagal.text.i18n import strings
from maagal.text.render_markdown import remember_excerpts, used_excerpts
from maagal.text.sanitize import judge
from maagal.views.page_context import SiteChrome
from maagal.views.pages import PageSpec, build_specs, event_summary

PRINTED = (Issue, Article, PositionPaper)  # their rendered Markdown goes to the print editions


def cache_options(options: RunOptions, root: Path) -> tuple[RunOptions, list[str]]:
    """The run's options, without the build cache when git tracks it (a pull request that
    adds one cannot decide what the build publishes); and why, to say once."""
    folder = options.cache_root(root)
    if folder is None or not committed(root, folder):
        return options, []
    shown = os.path.relpath(folder, root)
    return options.but(use_cache=False), [
        f"the build cache ({shown}/) is committed to the repository, so it was not used: "
        f"remove it from git ('git rm -r --cached {shown}') and keep it out ('.cache/' in "
        ".gitignore)"
    ]


@dataclass(frozen=True)
class Refreshed:
    """What reloading the content after an edit found (nothing set: the new content is in
    place, with the same pages and navigation)."""

    mistakes: Report | None = None  # the content has mistakes: nothing was changed
    rebuild: bool = False  # pages or the navigation came, went or moved: build in full


class LanguageContent:
    """One language's content, and what its rendered pages give the outputs."""

    def __init__(
        self,
        settings: Settings,
        lang: str,
        options: RunOptions,
        *,
        editions: bool,
        parse_cache: ParseCache | None = None,
    ) -> None:
        self.settings, self.lang, self.options, self.editions = settings, lang, options, editions
        self.parse_cache = parse_cache  # `maagal serve` keeps its own between builds
        self._parse_cache_file: Path | None = None  # where `maagal build` keeps it
        self.site: Site | None = None
        self.specs: dict[str, PageSpec] = {}
        self.nav_config: list = []
        self.chrome: SiteChrome | None = None
        self.links: LinkResolver | None = None
        self.search = SearchIndexer(lang, plain=options.search_plain)
        self.bodies: dict[Document, str] = {}  # rendered Markdown, for the print editions
        self.pictures: Pictures | None = None
        self.picture_counts = (0, 0)  # copies of photos made, and taken from the cache

    @property
    def cache_name(self) -> str:
        """'he', or 'he-preview' for `maagal serve` (drafts shown): neither evicts the other."""
        return self.lang + ("-preview" if self.settings.include_drafts else "")

    @property
    def cache_root(self) -> Path | None:
        return self.options.cache_root(self.settings.layout.root)

    def load(self) -> Report:
        """Load the content and put it in place; the report of its mistakes (then nothing is)."""
        site, report = self._read()
        if not report:
            specs = {spec.src_uri: spec for spec in build_specs(site, self.lang)}
            self._install(site, specs, navigation(site, self.lang, specs))
        return report

    def refresh(self) -> Refreshed:
        """Reload the content after an edit, for `maagal serve` to re-render edited pages:
        the new content is put in place only when it has no mistakes and the same pages."""
        site, report = self._read()
        if report:
            return Refreshed(mistakes=report)
        specs = {spec.src_uri: spec for spec in build_specs(site, self.lang)}
        shape = [(s.src_uri, s.path, s.template) for s in specs.values()]
        if shape != [(s.src_uri, s.path, s.template) for s in self.specs.values()]:
            return Refreshed(rebuild=True)
        nav_config = navigation(site, self.lang, specs)
        if nav_config != self.nav_config:
            return Refreshed(rebuild=True)
        self._install(site, specs, nav_config)
        return Refreshed()

    def _read(self) -> tuple[Site, Report]:
        root = self.cache_root
        saved = root / f"parsed-{self.cache_name}.json" if root else None
        if self.parse_cache is None and saved is not None:
            self.parse_cache = ParseCache.read(saved, code_stamp())
            remember_excerpts(self.parse_cache.kept.get("excerpts", {}))
            self._parse_cache_file = saved
        site, report = load_site(
            self.settings.layout,
            include_drafts=self.settings.include_drafts,
            cache=self.parse_cache,
        )
        if not report:
            apply_event_history(site)
            if not self.settings.include_drafts:  # the preview shows what is still to come
                site.hold_back(self.options.today())
                withhold_assets(site)
        return site, report

    def _install(self, site: Site, specs: dict[str, PageSpec], nav_config: list) -> None:
        """The site this build renders, and what is derived from it once per language."""
        self.site, self.specs, self.nav_config = site, specs, nav_config
        self.chrome = SiteChrome(site, self.lang, self.settings, editions=self.editions)
        self.links = LinkResolver(site)
        self.search = SearchIndexer(self.lang, plain=self.options.search_plain)
        self.bodies = {}
        self.pictures = Pictures(site)

    def save_parse_cache(self) -> None:
        """Keep the parsed files (and the excerpts rendered from them) for the next build."""
        if self._parse_cache_file is not None and self.parse_cache is not None:
            current = (
                variant.excerpt
                for doc in (self.site.documents() if self.site is not None else ())
                for variant in doc.variants.values()
            )
            self.parse_cache.keep("excerpts", used_excerpts(current))
            self.parse_cache.save(self._parse_cache_file, code_stamp())

    def final_markdown(self, spec: PageSpec, markdown: str) -> str:
        """The page's Markdown as it is rendered: its links resolved, a meeting's summary."""
        assert self.links is not None and self.chrome is not None
        if spec.doc is not None and spec.doc.kind == "event":
            markdown = event_summary(markdown, strings(self.lang)["summary_heading"])
        here = self.chrome.here(spec)
        return self.links.rewrite_markdown(markdown, spec.src_uri, self.lang, here)

    def sanitized(self, spec: PageSpec, html: str) -> tuple[str, Report]:
        """The page's rendered Markdown through the allow-list, and what it took out, at the
        lines of the document's source."""
        published, removals = judge(html)
        report = Report()
        variant = spec.doc.variants.get(self.lang) if spec.doc is not None else None
        if variant is not None:
            where = (variant.rel_path, variant.body, variant.body_line)
            report_removals(*where, removals, report, built=True)
        else:  # a page Maagal writes itself
            for removal in removals:
                report.add(spec.src_uri, None, *problem(removal, built=True))
        return published, report

    def with_photos(self, spec: PageSpec, html: str) -> str:
        """The page's rendered Markdown with its photos offered in their smaller copies."""
        assert self.pictures is not None
        return self.pictures.page_html(html, spec.path)

    def photo_stamp(self, spec: PageSpec, markdown: str) -> str:
        """What the page shows of its document's photos, for its key in the build cache."""
        variant = spec.doc.variants.get(self.lang) if spec.doc is not None else None
        if variant is None or self.pictures is None:
            return ""
        return self.pictures.stamp(os.path.dirname(variant.rel_path), markdown)

    def item_stamp(self, doc: Document, body_words: Mapping[str, str]) -> list[Any]:
        """What a document's item in a feed or an email edition shows beyond the site's outline,
        for their keys in the build cache: its excerpt and reading time (`body_words`), the
        photos in its excerpt, and for an issue its articles' excerpts and its cover's size
        (the enclosure's length)."""
        variant = doc.variants.get(self.lang)
        stamp: list[Any] = [doc.key, body_words.get(doc.key, "")]
        if variant is not None and self.pictures is not None:
            folder = os.path.dirname(variant.rel_path)
            stamp.append(self.pictures.stamp(folder, variant.excerpt))
        if isinstance(doc, Issue):
            stamp.append([body_words.get(article.key, "") for article in doc.articles])
            if doc.cover and self.site is not None:
                try:
                    stamp.append((self.site.root / doc.cover).stat().st_size)
                except OSError:
                    stamp.append(None)
        return stamp

    def collect(self, spec: PageSpec, html: str) -> None:
        """A page's rendered Markdown, for the search index and the print editions (with
        each photo's print copy)."""
        assert self.chrome is not None and self.pictures is not None
        if spec.searchable:
            self.search.add(self.chrome.here(spec), spec.title, html)
        if self.editions and isinstance(spec.doc, PRINTED):
            self.bodies[spec.doc] = self.pictures.print_html(html, spec.path)

    def write_pictures(self, site_dir: Path) -> None:
        """Every photo's smaller copies into the built site, from the build cache when kept
        there (the cache's folder is shared by the languages, see `outputs/pictures.py`)."""
        assert self.pictures is not None and self.site is not None
        root = self.cache_root
        kept = KeptFiles(root / "pictures" if root else None)
        try:
            self.picture_counts = self.pictures.write(site_dir, kept, printed=self.editions)
        except PictureError as error:
            raise PluginError(f"a picture could not be made smaller: {error}") from None
        if self.lang == self.site.default_language:
            kept.prune()

    def sitemap_alternates(self, src_uri: str) -> list[dict[str, str]]:
        spec = self.specs.get(src_uri)
        if spec is None or self.chrome is None:
            return []
        return self.chrome.sitemap_alternates(spec)

    def write_search(self, site_dir: Path) -> None:
        root = self.cache_root
        kept = root / "search" / self.cache_name if root else None
        self.search.write(site_dir / SEARCH_BUNDLE.rstrip("/"), cache=kept)

    def draw_editions(self, site_dir: Path, page_keys: Mapping[str, str]) -> None:
        """The PDFs and cards of this language, from the pages' rendered Markdown
        (`page_keys`: the build cache's key of each page, by its source)."""
        assert self.site is not None and self.pictures is not None
        keys = {
            spec.doc: key
            for uri, spec in self.specs.items()
            if spec.doc is not None and (key := page_keys.get(uri))
        }
        try:
            draw_editions(
                self.site, self.lang, self.settings, self.bodies, site_dir, self.options, keys
            )
        finally:
            self.pictures.remove_print_copies(site_dir)

    def mkdocs_files(
        self,
        config: MkDocsConfig,
        kept: PageStore | None,
        kept_feeds: KeptFeeds | None = None,
        email_key: Callable[[Issue], str] | None = None,
    ) -> list[File]:
        """Every page, output and content asset of this language, as MkDocs files (`kept`,
        `kept_feeds`, `email_key`: what the build cache keeps of them, see `outputs`)."""
        assert self.site is not None
        generated = []
        for spec in self.specs.values():
            file = File.generated(config, spec.src_uri, content=spec.markdown)
            file.dest_uri = spec.path + "index.html"
            generated.append(file)
        outputs = self.outputs(kept, kept_feeds=kept_feeds, email_key=email_key)
        for path, content in outputs.items():
            generated.append(File.generated(config, path, content=content))
        for rel in self.site.assets:
            file = File.generated(config, rel, abs_src_path=str(self.site.root / rel))
            file.dest_uri = urls.asset_path(rel, self.site.layout)
            generated.append(file)
        return generated

    def _feeds(self) -> FeedBuilder:
        assert self.site is not None
        today = self.options.today()
        return FeedBuilder(self.site, self.lang, self.settings, today=today, pictures=self.pictures)

    def feed_items(self) -> dict[str, set[str]]:
        """The keys of each feed's items, by the feed's RSS path, as the content is now."""
        return self._feeds().item_keys()

    def outputs(
        self,
        kept: PageStore | None,
        *,
        email: bool = True,
        feeds: FeedFilter | None = None,
        kept_feeds: KeptFeeds | None = None,
        email_key: Callable[[Issue], str] | None = None,
    ) -> dict[str, str | bytes]:
        """Calendars, feeds and (with `email`) email editions of this language: {path: content}.
        `kept`: the build cache's pages, from which the email editions take the articles;
        `feeds`: which feeds to make (all without it); `kept_feeds`: where they are kept;
        `email_key`: an email edition's key in `kept`."""
        assert self.site is not None
        if not self.settings.site_url:
            raise PluginError(
                "mkdocs.yml: feeds need an absolute 'site_url' — add e.g. "
                "'site_url: https://circle.example/'"
            )
        site, lang, settings = self.site, self.lang, self.settings
        return {
            **CalendarBuilder(site, lang, settings).files(),
            **self._feeds().files(feeds, kept_feeds),
            **(EmailEdition(site, lang, settings).files(kept, email_key) if email else {}),
            # The web editor, once for the site, when its repository is named (without one
            # nobody can sign in: the page would only show Sveltia's configuration error).
            **(
                admin_files(site, settings)
                if lang == site.default_language and settings.editor_repo
                else {}
            ),
        }
