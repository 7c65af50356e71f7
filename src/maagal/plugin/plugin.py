"""The MkDocs plugin: thin glue that hands each MkDocs event to the object that owns its job.

One MkDocs build renders one language (`RunOptions.language`, else the first language); the
`maagal build` command runs one build per language in parallel and assembles the site. The
run's options are handed to the plugin by `language_build.py` before the build starts; a
plain `mkdocs build` reads them from the environment.

| job | owner |
| --- | --- |
| the language's content, pages, chrome, links, outputs | `content.py`: `LanguageContent` |
| pages kept from the last build, and their keys | `page_cache.py`: `PageCache` |
| what the templates get beyond the context | `templates.py`: `PageTemplates` |
| a page's front matter and its finished HTML | `page_chrome.py` |
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from maagal.addresses.outputs import SEARCH_BUNDLE
from maagal.cache.build_cache import stable_json
from maagal.cache.parse_cache import ParseCache
from maagal.editions import why_no_editions
from maagal.editions.render import EditionError
from maagal.plugin.config import MaagalConfig
from maagal.plugin.content import LanguageContent, cache_options
from maagal.plugin.page_cache import PageCache
from maagal.plugin.page_chrome import fix_page_chrome, page_meta
from maagal.plugin.page_render import PageRenderer, reusable
from maagal.plugin.site_config import (
    build_language,
    check_theme_links,
    configure_language,
    read_settings,
    refuse_output,
)
from maagal.plugin.templates import PageTemplates
from maagal.run import progress, recycled_site
from maagal.run.collector import freeze_loaded
from maagal.run.errors import Report
from maagal.run.options import RunOptions

# Material's lunr search (it finds nothing in Hebrew) is not used: leave its files out.
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
NOT_FOUND = "404.html"  # the theme's page for a missing address


class ContentProblems(PluginError):
    """The content has mistakes: carries the report, so `maagal` can print it as it stands."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.format())
        self.report = report


class MaagalPlugin(BasePlugin[MaagalConfig]):
    """Builds one language of a Maagal site from the repository's content."""

    def __init__(self) -> None:
        self.run_options: RunOptions | None = None  # set before the build, else read at start
        self.parse_cache: ParseCache | None = None  # `maagal serve` keeps its own
        self.content: LanguageContent | None = None
        self.content_problems: Report | None = None  # the content's mistakes, if any
        self.notes: list[str] = []  # said once by `maagal build`, however many languages
        self.cache = PageCache()
        self.templates = PageTemplates()
        # MkDocs' own objects of this build, which `maagal serve` renders edited pages with.
        self.files: Files | None = None
        self.nav: Any = None
        self.env: Any = None
        self.renderer: PageRenderer | None = None  # one Markdown converter for Maagal's pages
        self._pages_done = 0
        self._recycled = False  # this build writes into an older site (`run/recycled_site.py`)
        # The stamps of that site's files, where a kept page's file may be left as it is.
        self._held: dict[str, str] = {}

    @property
    def language(self) -> LanguageContent:
        assert self.content is not None, "on_config loads the content first"
        return self.content

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        in_worker = self.run_options is not None  # handed by Maagal's own language worker
        options = self.run_options or RunOptions.from_environment()
        settings = read_settings(self.config, config, options.include_drafts)
        refuse_output(config, settings, options)
        options, untrusted = cache_options(options, settings.layout.root)
        self.run_options = options
        lang = build_language(self.config, settings, options.language)
        reason = why_no_editions(options)
        content = LanguageContent(
            settings, lang, options, editions=reason is None, parse_cache=self.parse_cache
        )
        report = content.load()
        check_theme_links(config, settings.layout.root, report)
        if report:
            self.content_problems = report
            raise ContentProblems(report)
        self.content, self.parse_cache, self._pages_done = content, content.parse_cache, 0
        configure_language(config, settings, lang)
        config.nav = list(content.nav_config)
        self.notes = ([reason] if reason else []) + untrusted
        self.notes += self.cache.open_for(content, config)
        self.notes += report.format_notes(label="")  # a picture far too large: said, not refused
        if in_worker:  # (a plain `mkdocs serve` builds again in its process: its models go)
            freeze_loaded()
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # (MkDocs has emptied the site folder: the older site `maagal build` left beside it
        # goes in now, to be written over.)
        stamps = recycled_site.adopt(config.site_dir, held_folders=(SEARCH_BUNDLE,))
        self._recycled = stamps is not None
        self._held = stamps if stamps and self._last_after_the_page(config) else {}
        docs_dir = os.path.abspath(config.docs_dir) + os.sep
        # The content is read by Maagal (every page is generated from a spec); theme files stay.
        kept = [
            f
            for f in files
            if not (f.abs_src_path or "").startswith(docs_dir)
            and not f.src_uri.startswith(UNUSED_THEME_FILES)
        ]
        generated = self.language.mkdocs_files(
            config,
            self.cache.kept_store,
            self.cache.kept_feeds(self.language),
            self.cache.email_key(self.language),
        )
        self.files = Files([*kept, *generated])
        self.renderer = PageRenderer(config, self.files) if reusable(config) else None
        return self.files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.language.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        page.meta.update(page_meta(spec))
        self.cache.release(page)
        if self.renderer is not None:
            self.renderer.install(page)
        if not self.cache.enabled:  # `--no-cache`: nothing to look up or keep
            return self.language.final_markdown(spec, markdown)
        # The context is made again for the template of a page that is rendered: MkDocs reads
        # every page before it renders any, and keeping thousands of contexts until then costs
        # more memory than making them twice costs time.
        assert self.language.chrome is not None
        final, final_digest = self.cache.final_markdown(
            spec, markdown, lambda: self.language.final_markdown(spec, markdown)
        )
        stamp = self.language.photo_stamp(spec, markdown)  # (links to pages leave photos be)
        key = self.cache.page_key(spec, final_digest + stamp, self.language.chrome)
        if self.cache.look_up(page, spec, key):
            return ""
        return final if final is not None else self.language.final_markdown(spec, markdown)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.language.specs.get(page.file.src_uri)
        kept = self.cache.is_kept(page.file.src_uri)  # made through the allow-list before
        html = self.cache.content(page.file.src_uri, html)
        if spec is not None:
            if not kept:
                # Through the allow-list before anything takes it (the page, search, print):
                # what `maagal check` did not see (an extension mkdocs.yml adds) stops the build.
                html, problems = self.language.sanitized(spec, html)
                if problems:
                    self.content_problems = problems
                    raise ContentProblems(problems)
            html = self.language.with_photos(spec, html)
            self.language.collect(spec, html)
        return html

    # MkDocs types the context as its TypedDict, which has no key for what a plugin adds.
    def on_page_context(  # type: ignore[override]
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        spec = self.language.specs.get(page.file.src_uri)
        if spec is None or self.cache.is_kept(spec.src_uri):
            return context
        assert self.language.chrome is not None
        self.templates.activate_section(spec)
        made = self.language.chrome.page(spec)
        made["content"] = Markup(page.content or "")
        made["nav_key"] = self.templates.nav_key(page)
        context["maagal"] = made
        return context

    def on_pre_template(self, template: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        words = self._not_found() if template_name == NOT_FOUND else None
        return self.cache.theme_template(template, template_name, stable_json(words))

    def _not_found(self) -> dict[str, Any] | None:
        chrome = self.language.chrome
        return chrome.not_found() if chrome is not None else None

    # The page for a missing address is a template of the theme's, not a page: it gets its
    # words here and the same `lang`/`dir` and skip link as every page.
    def on_template_context(  # type: ignore[override]
        self, context: dict[str, Any], *, template_name: str, config: MkDocsConfig
    ) -> dict[str, Any]:
        if template_name == NOT_FOUND and self.language.chrome is not None:
            context["maagal_not_found"] = self._not_found()
        return context

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if template_name == NOT_FOUND:
            return fix_page_chrome(output_content, self.language.lang)
        return output_content

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self._pages_done += 1
        progress.report(self._pages_done, len(self.language.specs))
        if self.cache.is_kept(page.file.src_uri):
            if self._held and self.cache.holds(page, self._held):
                recycled_site.written(page.file.abs_dest_path or "")
                self.cache.keep_as_is(page)
                return ""  # MkDocs writes nothing for a page that is empty
            return self.cache.finish(page, output)
        self.templates.deactivate_section()
        return self.cache.finish(page, fix_page_chrome(output, self.language.lang))

    def _last_after_the_page(self, config: MkDocsConfig) -> bool:
        """Whether this plugin is the last to change a finished page before MkDocs writes it:
        only then does a kept page's file hold what would be written again."""
        handlers = config.plugins.events.get("post_page", [])
        return bool(handlers) and getattr(handlers[-1], "__self__", None) is self

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        # The search index is made while the rest is finished: its indexer is a process of its
        # own, which runs beside this one on the core the other language's build has left
        # (0.4 s of a warm build at archive-5k). Should the rest fail, the index is waited for.
        with ThreadPoolExecutor(1, thread_name_prefix="search-index") as pool:
            search = pool.submit(self.language.write_search, site_dir)
            self._finish(site_dir)
        search.result()
        if self._recycled:
            recycled_site.sweep(config.site_dir)

    def _finish(self, site_dir: Path) -> None:
        """Everything after the pages but the search index (`on_post_build`)."""
        self.cache.close(site_dir)
        self.language.save_parse_cache()
        self.language.write_pictures(site_dir)
        if self.language.editions:
            try:
                self.language.draw_editions(site_dir, self.cache.page_keys())
            except EditionError as error:
                raise PluginError(str(error)) from None

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.templates.prepare(
            env,
            lambda page: self.language.sitemap_alternates(page.file.src_uri),
            config.theme["language"],
        )
        self.env = env
        return env

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.templates.know_sections(nav.pages)
        self.nav = nav
        return nav
