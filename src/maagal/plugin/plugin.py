"""The MkDocs plugin: thin glue that hands each MkDocs event to the content model and views.

One MkDocs build renders one language (`MAAGAL_LANGUAGE`, else the first language); the
`maagal build` command runs one build per language in parallel and assembles the site.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from maagal import progress, urls
from maagal.calendars import CalendarBuilder
from maagal.email import EmailEdition
from maagal.errors import Report
from maagal.feeds import ISRAEL, FeedBuilder, feed_links, feed_specs
from maagal.history import apply_event_history
from maagal.i18n import strings
from maagal.load.body_checks import LINK, canonical_document, is_local, resolve
from maagal.load.parse_cache import ParseCache
from maagal.load.site_loader import SUMMARY_MARKER, ContentLayout, load_site
from maagal.model.documents import pick
from maagal.model.site import Site, direction
from maagal.pages import UNTRANSLATED_ANCHOR, PageSpec, alternates, build_specs
from maagal.plugin.config import MaagalConfig
from maagal.plugin.markdown_setup import configure_markdown
from maagal.plugin.navigation import navigation
from maagal.plugin.theme_setup import install_theme
from maagal.search_index import BUNDLE, SearchIndexer
from maagal.views import Views, asset_path

log = get_plugin_logger(__name__)


def build_date() -> dt.date:
    """Today in Israel, or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), tz=ISRAEL) if epoch else dt.datetime.now(tz=ISRAEL)
    return now.date()


_HTML_TAG = re.compile(r"<html\b[^>]*>")
_SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.S)
CONTENT_ANCHOR = "maagal-content"
# Material's lunr search (it finds nothing in Hebrew) is not used: leave its files out.
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


class ContentProblems(PluginError):
    """The content has mistakes: carries the report, so `maagal` can print it as it stands."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.format())
        self.report = report


class MaagalPlugin(BasePlugin[MaagalConfig]):
    """Builds one language of a Maagal site from the repository's content."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.lang = "he"
        self.specs: dict[str, PageSpec] = {}
        self.views: Views | None = None
        self._site_url = ""
        self._site_name = ""
        self._pages_done = 0
        self._feed_specs: list = []
        self.search = SearchIndexer("he")
        self._section_pages: dict[str, Page] = {}
        self._active_section: Page | None = None
        self._partials: dict[tuple, Markup] = {}
        # Kept for `maagal serve`, which re-renders edited pages without a full build.
        self.parse_cache: ParseCache | None = None
        self.layout: ContentLayout | None = None
        self.include_drafts = False
        self.nav_config: list[Any] = []
        self.files: Files | None = None
        self.nav: Any = None
        self.env: Any = None

    # -- configuration -------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        languages = list(self.config.languages)
        self.lang = os.environ.get("MAAGAL_LANGUAGE") or self.config.language or languages[0]
        if self.lang not in languages:
            raise PluginError(f"MAAGAL_LANGUAGE={self.lang} is not one of {', '.join(languages)}")
        root = Path(config.config_file_path).parent
        layout = ContentLayout(
            root=root,
            languages=tuple(languages),
            docs_dir=Path(config.docs_dir).name,
            issues_dir=self.config.issues_dir,
            papers_dir=self.config.papers_dir,
            authors_file=self.config.authors_file,
            topics_file=self.config.topics_file,
        )
        drafts = self.config.include_drafts or os.environ.get("MAAGAL_INCLUDE_DRAFTS") == "1"
        self.layout, self.include_drafts = layout, drafts
        site, report = self._load()
        if report:
            raise ContentProblems(report)
        self._pages_done = 0
        default = languages[0]
        config.theme["language"] = self.lang
        config.theme["direction"] = direction(self.lang)
        name = self.config.name.get(self.lang) or self.config.name.get(default) or config.site_name
        self._site_name = str(name)
        config.site_name = str(escape(name))
        if self.config.description:
            description = self.config.description.get(self.lang) or config.site_description
            config.site_description = str(escape(description or ""))
        self._site_url = config.site_url or ""
        if config.site_url:
            config.site_url = urls.absolute(config.site_url, urls.language_root(self.lang, default))
        config.extra["alternate"] = [{"lang": lang} for lang in languages]
        config.validation.nav.omitted_files = logging.DEBUG
        configure_markdown(config)
        install_theme(config)
        self._localize_palette(config)
        self._install(site, {spec.src_uri: spec for spec in build_specs(site, self.lang)})
        self.nav_config = navigation(site, self.lang, self.specs)
        config.nav = list(self.nav_config)
        return config

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
        assert self.layout is not None
        site, report = load_site(
            self.layout, include_drafts=self.include_drafts, cache=self.parse_cache
        )
        if not report:
            apply_event_history(site)
        return site, report

    def _install(self, site: Site, specs: dict[str, PageSpec]) -> None:
        """The site this build renders, and what is derived from it once per language."""
        self.site, self.specs = site, specs
        self.views = Views(site, self.lang)
        self.search = SearchIndexer(self.lang)
        self._feed_specs = feed_specs(site, self.lang, self._site_name)  # once, not per page

    # -- files ---------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        docs_dir = os.path.abspath(config.docs_dir)
        kept = [
            f
            for f in files
            if not (f.abs_src_path or "").startswith(docs_dir + os.sep)
            and not f.src_uri.startswith(UNUSED_THEME_FILES)
        ]
        result = Files(kept)
        self.files = result
        for spec in self.specs.values():
            file = File.generated(config, spec.src_uri, content=spec.markdown)
            file.dest_uri = spec.path + "index.html"
            result.append(file)
        calendars = CalendarBuilder(
            self.site,
            self.lang,
            self._site_url,
            self._site_name,
            namespace=self.config.feed_id_namespace,
        )
        for path, content in calendars.files().items():
            result.append(File.generated(config, path, content=content))
        for path, content in self._feeds(config).items():
            result.append(File.generated(config, path, content=content))
        edition = EmailEdition(
            self.site, self.lang, self._site_url, self._site_name, self._contact()
        )
        for path, text in edition.files().items():
            result.append(File.generated(config, path, content=text))
        for rel in self.site.assets:
            file = File.generated(config, rel, abs_src_path=str(self.site.root / rel))
            file.dest_uri = asset_path(rel)
            result.append(file)
        return result

    def _feeds(self, config: MkDocsConfig) -> dict[str, bytes]:
        assert self.site is not None
        if not self._site_url:
            raise PluginError(
                "mkdocs.yml: feeds need an absolute 'site_url' — add e.g. "
                "'site_url: https://circle.example/'"
            )
        builder = FeedBuilder(
            self.site,
            self.lang,
            self._site_url,
            self._site_name,
            length=self.config.feed_length,
            namespace=self.config.feed_id_namespace,
            today=build_date(),
        )
        return builder.files()

    # -- pages ---------------------------------------------------------------------------

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        page.meta["title"] = escape(spec.title)
        page.meta["template"] = spec.template
        page.meta["hide"] = list(spec.hide)
        if spec.description:
            page.meta["description"] = escape(spec.description)
        if spec.doc is not None and spec.doc.kind == "event":
            heading = strings(self.lang)["summary_heading"]
            markdown = markdown.replace(SUMMARY_MARKER, f"\n\n## {heading} {{: #summary }}\n\n")
        return self._rewrite_links(markdown, page.file.src_uri, files)

    def _rewrite_links(self, markdown: str, src_uri: str, files: Files) -> str:
        """Point links to `x.en.md` at the document, and untranslated targets at their language."""
        assert self.site is not None

        def replace(match: re.Match[str]) -> str:
            src = match["src"].strip("<>")
            if not is_local(src) or ".md" not in src:
                return match[0]
            path, _, anchor = src.partition("#")
            target = canonical_document(resolve(src_uri, path))
            if files.get_file_from_path(target) is not None:
                rewritten = urls.relative(posixpath_dir(src_uri), target)
                return match[0].replace(match["src"], rewritten + (f"#{anchor}" if anchor else ""))
            other = self._other_language_path(target)
            if other is None:
                return match[0]
            here = urls.in_language(self.specs[src_uri].path, self.lang, self.site.default_language)
            return match[0].replace(match["src"], urls.relative(here, other))

        return LINK.sub(replace, markdown)

    def _other_language_path(self, target: str) -> str | None:
        assert self.site is not None
        doc = self.site.document(target.removesuffix(".md"))
        if doc is None:
            return None
        path = urls.document_path(doc)
        return urls.in_language(path, doc.primary_lang, self.site.default_language)

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        assert self.site is not None and self.views is not None
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return context
        self._activate_section(spec)
        views = self.views
        views.here = urls.in_language(spec.path, self.lang, self.site.default_language)
        alt = alternates(spec, self.site, self.lang)
        context["maagal"] = {
            "lang": self.lang,
            "dir": direction(self.lang),
            "t": strings(self.lang),
            "view": views and spec.view(views),
            "hreflang": [
                {"lang": a["lang"], "url": self._absolute(a["path"])} for a in alt["links"]
            ],
            "x_default": self._absolute(alt["x_default"]),
            "switch": [
                {
                    **s,
                    "url": urls.relative(views.here, s["path"]),
                    "label": strings(s["lang"])["language_name"],
                }
                for s in alt["switch"]
            ],
            "untranslated_anchor": UNTRANSLATED_ANCHOR,
            "nav_key": self._nav_key(page),
            "content_anchor": CONTENT_ANCHOR,
            "searchable": spec.searchable,
            "search_url": views.link(urls.SEARCH),
            "search_script": views.link("assets/javascripts/search.js"),
            "pagefind_url": urls.relative(
                views.here, urls.in_language(BUNDLE, self.lang, self.site.default_language)
            ),
            "contact": self._contact(),
            "home_url": views.link(""),
            "archive_url": views.link(urls.ARCHIVE),
            "events_url": views.link(urls.EVENTS),
            "footer_links": [
                {"label": views.t[key], "url": views.link(path)}
                for key, path in (
                    ("about", "about/"),
                    ("subscribe", "subscribe/"),
                    ("accessibility", "accessibility/"),
                    ("guide", "guide/"),
                )
                if self.site.page(path.rstrip("/") + ".md")
            ],
            "content": Markup(page.content or ""),
            "feeds": [
                {**f, "url": views.link(f["path"])}
                for f in feed_links(
                    self._feed_specs,
                    spec.path.split("/")[1] if spec.path.startswith(urls.TOPICS) else None,
                )
            ],
            "newsletter_action": self.config.newsletter_action,
            "calendar_links": self._calendar_links(spec, views),
            "calendar_list": self._calendar_list()
            if spec.src_uri.endswith("/subscribe.md")
            else [],
            "feed_list": self._feed_list() if spec.src_uri.endswith("/subscribe.md") else [],
        }
        return context

    def _calendar_links(self, spec: PageSpec, views: Views) -> list[dict[str, str]]:
        """Calendars a page of the events section announces in its <head>."""
        assert self.site is not None
        if not self.site.events or not spec.path.startswith(urls.EVENTS):
            return []
        t = views.t
        links = [
            {
                "title": t["calendar_name"].format(site=self._site_name),
                "url": views.link(urls.EVENTS + "calendar.ics"),
            }
        ]
        if spec.doc is not None and spec.doc.kind == "event":
            links.append({"title": spec.title, "url": views.link(spec.path + "event.ics")})
        elif spec.path != urls.EVENTS:
            links.append({"title": spec.title, "url": views.link(spec.path + "calendar.ics")})
        return links

    def _calendar_list(self) -> list[dict[str, str]]:
        assert self.site is not None
        if not self.site.events:
            return []
        default = self.site.default_language
        t = strings(self.lang)
        items = [
            {
                "title": t["calendar_name"].format(site=self._site_name),
                "url": self._absolute(
                    urls.in_language(urls.EVENTS + "calendar.ics", self.lang, default)
                ),
            }
        ]
        for series in self.site.series.values():
            items.append(
                {
                    "title": pick(series.label, self.lang, default),
                    "url": self._absolute(
                        urls.in_language(
                            urls.series_path(series.key) + "calendar.ics", self.lang, default
                        )
                    ),
                }
            )
        return items

    def _feed_list(self) -> list[dict[str, str]]:
        """Every feed of this language, for the subscribe page (bulletin first)."""
        assert self.site is not None
        order = {"bulletin": 0, "updates": 1, "papers": 2}
        specs = sorted(self._feed_specs, key=lambda s: order.get(s.key, 3))
        return [
            {
                "title": spec.title,
                "about": spec.description,
                "key": spec.key,
                "rss": self._absolute(
                    urls.in_language(spec.rss_path, self.lang, self.site.default_language)
                ),
                "atom": self._absolute(
                    urls.in_language(spec.atom_path, self.lang, self.site.default_language)
                ),
            }
            for spec in specs
        ]

    def _absolute(self, path: str) -> str:
        """An absolute URL under the whole site's site_url (the default language's root)."""
        return urls.absolute(self._site_url, path) if self._site_url else "/" + path

    def _contact(self) -> dict[str, str]:
        contact = self.config.contact
        result = {"email": "", "phone": "", "address": ""}  # templates may ask for each
        for key, value in contact.items():
            if isinstance(value, dict):
                value = value.get(self.lang) or next(iter(value.values()), "")
            result[key] = str(value)
        return result

    def _localize_palette(self, config: MkDocsConfig) -> None:
        t = strings(self.lang)
        for option in config.theme["palette"] or []:
            toggle = option.get("toggle") if isinstance(option, dict) else None
            if toggle:
                toggle["name"] = (
                    t["to_dark"] if option.get("scheme") == "default" else t["to_light"]
                )

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # MkDocs' environment does not autoescape; the project's own templates opt in.
        env.autoescape = lambda name: bool(name) and name.startswith("maagal/")
        env.globals["maagal_alternates"] = self._sitemap_alternates
        env.globals["maagal_partial"] = self._cached_partial
        self._partials = {}
        self.env = env
        return env

    @pass_context
    def _cached_partial(self, context: Any, name: str, key: tuple) -> Markup:
        """A partial rendered once per key (see main.html: the navigation)."""
        html = self._partials.get((name, key))
        if html is None:
            template = context.environment.get_template(name)
            html = self._partials[(name, key)] = Markup(template.render(context.get_all()))
        return html

    def _nav_key(self, page: Page) -> tuple | None:
        """Pages outside the navigation share it with every page at their depth in their section."""
        if page.file.src_uri in self._section_pages:
            return None
        section = self._active_section.file.src_uri if self._active_section else ""
        return (page.url.count("/"), section)

    def _sitemap_alternates(self, page: Page) -> list[dict[str, str]]:
        assert self.site is not None
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return []
        alt = alternates(spec, self.site, self.lang)
        links = [{"lang": a["lang"], "url": self._absolute(a["path"])} for a in alt["links"]]
        return [*links, {"lang": "x-default", "url": self._absolute(alt["x_default"])}]

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self._pages_done += 1
        progress.report(self.lang, self._pages_done, len(self.specs))
        if self._active_section is not None:
            self._active_section.active = False
            self._active_section = None
        # Material puts `dir` on <body>; screen readers and browsers want it on <html>.
        tag = f'<html lang="{self.lang}" dir="{direction(self.lang)}" class="no-js">'
        output = _HTML_TAG.sub(tag, output, count=1)
        # Material offers "skip to content" only on pages with headings, and skips to the first
        # heading (past the title). Every page gets one, to the start of the content.
        skip = (
            f'<div data-md-component="skip"><a href="#{CONTENT_ANCHOR}" class="md-skip">'
            f"{strings(self.lang)['skip']}</a></div>"
        )
        return _SKIP.sub(skip, output, count=1)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and spec.searchable:
            assert self.site is not None
            path = urls.in_language(spec.path, self.lang, self.site.default_language)
            self.search.add(path, spec.title, html)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.search.write(Path(config.site_dir) / BUNDLE.rstrip("/"))

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._section_pages = {p.file.src_uri: p for p in nav.pages}
        self.nav = nav
        return nav

    def _activate_section(self, spec: PageSpec) -> None:
        """Highlight the tab of the section an article, issue or paper belongs to."""
        kind = spec.doc.kind if spec.doc else ""
        if not kind and spec.path.startswith(urls.EVENTS) and spec.path != urls.EVENTS:
            kind = "event"  # series pages
        section = {
            "issue": "_maagal/issues.md",
            "article": "_maagal/issues.md",
            "paper": "_maagal/papers.md",
            "event": "_maagal/events.md",
        }.get(kind)
        page = self._section_pages.get(section or "")
        if page is not None and not page.active:
            page.active = True
            self._active_section = page


def posixpath_dir(src_uri: str) -> str:
    return src_uri.rsplit("/", 1)[0] + "/" if "/" in src_uri else ""
