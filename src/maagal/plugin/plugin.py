"""The MkDocs plugin: thin glue that hands each MkDocs event to the content model and views.

One MkDocs build renders one language (`MAAGAL_LANGUAGE`, else the first language); the
`maagal build` command runs one build per language in parallel and assembles the site.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from maagal.addresses import urls
from maagal.addresses.links import LinkResolver
from maagal.addresses.outputs import SEARCH_BUNDLE
from maagal.addresses.settings import Settings
from maagal.cache.build_cache import PageStore, code_stamp, stable_json
from maagal.cache.parse_cache import ParseCache
from maagal.editions import cache_root, draw_editions, why_no_editions
from maagal.editions.render import EditionError
from maagal.load.history import apply_event_history
from maagal.load.site_loader import load_site
from maagal.model.documents import Article, Document, Issue, PositionPaper
from maagal.model.site import Site, direction
from maagal.outputs.calendars import CalendarBuilder
from maagal.outputs.email import EmailEdition
from maagal.outputs.feeds import FeedBuilder
from maagal.outputs.search_index import SearchIndexer
from maagal.plugin.config import MaagalConfig
from maagal.plugin.navigation import navigation
from maagal.plugin.page_cache import PageCache
from maagal.plugin.site_config import build_language, configure_language, read_settings
from maagal.run import progress
from maagal.run.build_date import build_date
from maagal.run.errors import Report
from maagal.text.i18n import strings
from maagal.text.render_markdown import remember_excerpts, used_excerpts
from maagal.views.page_context import CONTENT_ANCHOR, SiteChrome
from maagal.views.pages import PageSpec, build_specs, event_summary, section_of

_HTML_TAG = re.compile(r"<html\b[^>]*>")
_SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.S)
# Material's lunr search (it finds nothing in Hebrew) is not used: leave its files out.
PRINTED = (Issue, Article, PositionPaper)  # their rendered Markdown goes to the print editions
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


class ContentProblems(PluginError):
    """The content has mistakes: carries the report, so `maagal` can print it as it stands."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.format())
        self.report = report


class MaagalPlugin(BasePlugin[MaagalConfig]):
    """Builds one language of a Maagal site from the repository's content."""

    def __init__(self) -> None:
        self.lang = "he"
        self.settings: Settings | None = None
        self.site: Site | None = None
        self.specs: dict[str, PageSpec] = {}
        self.chrome: SiteChrome | None = None
        self.links: LinkResolver | None = None
        self.content_problems: Report | None = None  # the content's mistakes, if any
        self.notes: list[str] = []  # said once by `maagal build`, however many languages
        self.editions = False  # the PDFs and cards are drawn after the pages
        self.bodies: dict[Document, str] = {}  # what the print editions are made of
        # The build cache (page_cache.py): pages whose inputs are unchanged are not rendered.
        self.cache = PageCache()
        self.search = SearchIndexer("he")
        self._pages_done = 0
        self._section_pages: dict[str, Page] = {}
        self._active_section: Page | None = None
        self._partials: dict[tuple, Markup] = {}
        # Kept for `maagal serve`, which re-renders edited pages without a full build.
        self.parse_cache: ParseCache | None = None
        self._parse_cache_file: Path | None = None  # where `maagal build` keeps it
        self.nav_config: list[Any] = []
        self.files: Files | None = None
        self.nav: Any = None
        self.env: Any = None

    # -- configuration -------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = read_settings(self.config, config)
        self.lang = build_language(self.config, self.settings)
        site, report = self._load()
        if report:
            self.content_problems = report
            raise ContentProblems(report)
        self._pages_done = 0
        reason = why_no_editions()
        self.editions = reason is None
        self.notes = [reason] if reason else []
        configure_language(config, self.settings, self.lang)
        self._install(site, {spec.src_uri: spec for spec in build_specs(site, self.lang)})
        self.nav_config = navigation(site, self.lang, self.specs)
        config.nav = list(self.nav_config)
        self._open_page_cache(config)
        return config

    def _cache_name(self) -> str:
        """'he', or 'he-preview' for `maagal serve` (drafts shown): neither evicts the other."""
        assert self.settings is not None
        return self.lang + ("-preview" if self.settings.include_drafts else "")

    def _open_page_cache(self, config: MkDocsConfig) -> None:
        """The cache of this language's pages, and what every page's key shares."""
        assert self.settings is not None and self.chrome is not None
        root = cache_root(self.settings.layout.root)
        in_nav = _uris(self.nav_config)
        self.cache.open(
            root / f"pages-{self._cache_name()}.sqlite" if root else None,
            config,
            self.nav_config,
            {uri: spec.title for uri, spec in self.specs.items() if uri in in_nav},
            [self.lang, str(self.settings.include_drafts), stable_json(self.chrome.constants)],
        )

    def refresh(self) -> Report | bool:
        """Reload the content after an edit, for `maagal serve` to re-render edited pages.

        Returns the report when the content has mistakes (nothing is changed then), False when
        pages or the navigation were added, removed or moved (a full build is needed), True
        when the pages are the same and the new content is in place.
        """
        site, report = self._load()
        if report:
            return report
        specs = {spec.src_uri: spec for spec in build_specs(site, self.lang)}
        shape = [(s.src_uri, s.path, s.template) for s in specs.values()]
        if shape != [(s.src_uri, s.path, s.template) for s in self.specs.values()]:
            return False
        if navigation(site, self.lang, specs) != self.nav_config:
            return False
        self._install(site, specs)
        return True

    def _load(self) -> tuple[Site, Report]:
        assert self.settings is not None
        root = cache_root(self.settings.layout.root)
        saved = root / f"parsed-{self._cache_name()}.pickle" if root else None
        if self.parse_cache is None and saved is not None:  # `maagal serve` keeps its own
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
                site.hold_back(build_date())
        return site, report

    def _install(self, site: Site, specs: dict[str, PageSpec]) -> None:
        """The site this build renders, and what is derived from it once per language."""
        assert self.settings is not None
        self.site, self.specs = site, specs
        self.chrome = SiteChrome(site, self.lang, self.settings, editions=self.editions)
        self.bodies = {}
        self.links = LinkResolver(site)
        self.search = SearchIndexer(self.lang)

    # -- files ---------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs_dir = os.path.abspath(config.docs_dir) + os.sep
        # The content is read by Maagal (every page is generated from a spec); theme files stay.
        kept = [
            f
            for f in files
            if not (f.abs_src_path or "").startswith(docs_dir)
            and not f.src_uri.startswith(UNUSED_THEME_FILES)
        ]
        self.files = Files([*kept, *self._generated(config)])
        return self.files

    def _generated(self, config: MkDocsConfig) -> list[File]:
        """Every page, output and content asset of this language, as MkDocs files."""
        assert self.site is not None
        generated = []
        for spec in self.specs.values():
            file = File.generated(config, spec.src_uri, content=spec.markdown)
            file.dest_uri = spec.path + "index.html"
            generated.append(file)
        for path, content in self._outputs().items():
            generated.append(File.generated(config, path, content=content))
        for rel in self.site.assets:
            file = File.generated(config, rel, abs_src_path=str(self.site.root / rel))
            file.dest_uri = urls.asset_path(rel, self.site.layout)
            generated.append(file)
        return generated

    def _outputs(self, *, email: bool = True) -> dict[str, str | bytes]:
        """Calendars, feeds and email editions of this language: {path: content}."""
        assert self.site is not None and self.settings is not None
        if not self.settings.site_url:
            raise PluginError(
                "mkdocs.yml: feeds need an absolute 'site_url' — add e.g. "
                "'site_url: https://circle.example/'"
            )
        site, lang, settings = self.site, self.lang, self.settings
        return {
            **CalendarBuilder(site, lang, settings).files(),
            **FeedBuilder(site, lang, settings, today=build_date()).files(),
            **(EmailEdition(site, lang, settings).files(kept=self._kept_store()) if email else {}),
        }

    def _kept_store(self) -> PageStore | None:
        return self.cache.store if self.cache.enabled else None

    def outputs_for_preview(self) -> dict[str, str | bytes]:
        """The calendars and feeds after an edit (`maagal serve`; email editions wait for the
        full build)."""
        return self._outputs(email=False)

    # -- pages ---------------------------------------------------------------------------

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        page.meta.update(page_meta(spec))
        self.cache.release(page)
        if not self.cache.enabled:  # `--no-cache`: nothing to look up or keep
            return self._final_markdown(spec, markdown)
        # The context is made again for the template of a page that is rendered: MkDocs reads
        # every page before it renders any, and keeping thousands of contexts until then costs
        # more memory than making them twice costs time.
        markdown, key = self.prepare(spec, markdown)
        return "" if self.cache.look_up(page, spec, key) else markdown

    def _final_markdown(self, spec: PageSpec, markdown: str) -> str:
        """The page's Markdown as it is rendered: its links resolved, a meeting's summary."""
        assert self.links is not None and self.chrome is not None
        if spec.doc is not None and spec.doc.kind == "event":
            markdown = event_summary(markdown, strings(self.lang)["summary_heading"])
        here = self.chrome.here(spec)
        return self.links.rewrite_markdown(markdown, spec.src_uri, self.lang, here)

    def prepare(self, spec: PageSpec, markdown: str) -> tuple[str, str]:
        """The page's Markdown as it is rendered, and its key: a digest of everything its
        rendering reads (see `maagal.cache.build_cache`)."""
        assert self.chrome is not None
        markdown = self._final_markdown(spec, markdown)
        context = self.chrome.page(spec, Markup(""), None)
        # The language's constants are in the shared part of every key (`_open_page_cache`).
        own = {k: v for k, v in context.items() if k not in self.chrome.constants}
        del own["content"], own["nav_key"]
        key = self.cache.key(
            spec.path,
            markdown,
            stable_json(own),
            stable_json(page_meta(spec)),
            stable_json(self.chrome.sitemap_alternates(spec)),
        )
        return markdown, key

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        html = self.cache.content(page.file.src_uri, html)
        if spec is not None and spec.searchable:
            assert self.chrome is not None
            self.search.add(self.chrome.here(spec), spec.title, html)
        if self.editions and spec is not None and isinstance(spec.doc, PRINTED):
            self.bodies[spec.doc] = html
        return html

    # MkDocs types the context as its TypedDict, which has no key for what a plugin adds.
    def on_page_context(  # type: ignore[override]
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        spec = self.specs.get(page.file.src_uri)
        if spec is None or self.cache.is_kept(spec.src_uri):
            return context
        assert self.chrome is not None
        self._activate_section(spec)
        made = self.chrome.page(spec, Markup(""), None)
        made["content"] = Markup(page.content or "")
        made["nav_key"] = self._nav_key(page)
        context["maagal"] = made
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self._pages_done += 1
        progress.report(self.lang, self._pages_done, len(self.specs))
        if self.cache.is_kept(page.file.src_uri):
            return self.cache.finish(page, output)
        if self._active_section is not None:
            self._active_section.active = False
            self._active_section = None
        return self.cache.finish(page, fix_page_chrome(output, self.lang))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.cache.close()
        if self._parse_cache_file is not None and self.parse_cache is not None:
            self.parse_cache.kept["excerpts"] = used_excerpts()
            self.parse_cache.save(self._parse_cache_file, code_stamp())
        assert self.settings is not None
        root = cache_root(self.settings.layout.root)
        kept = root / "search" / self._cache_name() if root else None
        self.search.write(Path(config.site_dir) / SEARCH_BUNDLE.rstrip("/"), cache=kept)
        if self.editions:
            assert self.site is not None and self.settings is not None
            try:
                draw_editions(
                    self.site, self.lang, self.settings, self.bodies, Path(config.site_dir)
                )
            except EditionError as error:
                raise PluginError(str(error)) from None

    # -- templates and navigation ----------------------------------------------------------

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # MkDocs' environment does not autoescape; the project's own templates opt in.
        env.autoescape = lambda name: bool(name) and name.startswith("maagal/")
        env.globals["maagal_alternates"] = self._sitemap_alternates
        env.globals["maagal_partial"] = self._cached_partial
        self._partials = {}
        self.env = env
        return env

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._section_pages = {p.file.src_uri: p for p in nav.pages}
        self.nav = nav
        return nav

    @pass_context
    def _cached_partial(self, context: Any, name: str, key: tuple) -> Markup:
        """A partial rendered once per key (see main.html: the navigation)."""
        html = self._partials.get((name, key))
        if html is None:
            template = context.environment.get_template(name)
            html = self._partials[(name, key)] = Markup(template.render(context.get_all()))
        return html

    def _sitemap_alternates(self, page: Page) -> list[dict[str, str]]:
        spec = self.specs.get(page.file.src_uri)
        if spec is None or self.chrome is None:
            return []
        return self.chrome.sitemap_alternates(spec)

    def _nav_key(self, page: Page) -> tuple | None:
        """Pages outside the navigation share it with every page at their depth in their section."""
        if page.file.src_uri in self._section_pages:
            return None
        section = self._active_section.file.src_uri if self._active_section else ""
        return (page.url.count("/"), section)

    def _activate_section(self, spec: PageSpec) -> None:
        """Highlight the tab of the section an article, issue or paper belongs to."""
        page = self._section_pages.get(section_of(spec) or "")
        if page is not None and not page.active:
            page.active = True
            self._active_section = page


def page_meta(spec: PageSpec) -> dict[str, Any]:
    """What the page's Markdown would say in its front matter: its title, template, hidden
    parts and description, as Material reads them."""
    meta: dict[str, Any] = {
        "title": escape(spec.title),
        "template": spec.template,
        "hide": list(spec.hide),
    }
    if spec.description:
        meta["description"] = escape(spec.description)
    return meta


def _uris(nav: Any) -> set[str]:
    """The source files a navigation names (nested lists and {title: uri} entries)."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_uris(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_uris(v) for v in nav))
    return set()


def fix_page_chrome(output: str, lang: str) -> str:
    """`lang`/`dir` on <html>, and a skip link on every page, in Material's finished page."""
    # Material puts `dir` on <body>; screen readers and browsers want it on <html>.
    tag = f'<html lang="{lang}" dir="{direction(lang)}" class="no-js">'
    output = _HTML_TAG.sub(tag, output, count=1)
    # Material offers "skip to content" only on pages with headings, and skips to the first
    # heading (past the title). Every page gets one, to the start of the content.
    skip = (
        f'<div data-md-component="skip"><a href="#{CONTENT_ANCHOR}" class="md-skip">'
        f"{strings(lang)['skip']}</a></div>"
    )
    return _SKIP.sub(skip, output, count=1)
