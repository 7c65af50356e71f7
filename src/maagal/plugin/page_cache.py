"""The build cache's glue to MkDocs: a page whose key was seen before is written as it was,
without MkDocs' Markdown converter or template (`maagal.cache.build_cache` keeps the pages).

The plugin gives each page's key (a digest of everything its rendering reads) when MkDocs
hands it the page's Markdown; this module looks it up, and for a kept page puts the kept
rendered Markdown back (the search index and the print editions read it) and the kept page in
place of the template's output.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from maagal.addresses.outputs import FeedSpec
from maagal.cache.build_cache import PageStore, code_stamp, digest, files_stamp, stable_json
from maagal.cache.context_digests import ContextDigests
from maagal.cache.written_pages import WrittenPages
from maagal.model.documents import Document, Issue
from maagal.outputs.feeds import KeptFeeds
from maagal.plugin.config_inputs import config_inputs
from maagal.plugin.content import LanguageContent
from maagal.plugin.page_chrome import page_meta
from maagal.views.page_context import SiteChrome
from maagal.views.pages import PageSpec
from maagal.views.site_outline import Outline, site_outline

KEPT_TEMPLATE = "maagal/kept.html"  # renders nothing: a kept page is written as it was
# The theme's own templates that show the site as a whole, made from what every page's key
# shares and the site's outline: kept like a page, under a key of those.
KEPT_THEME_TEMPLATES = frozenset({"404.html", "sitemap.xml"})


class PageCache:
    """One language's kept pages during one build."""

    def __init__(self) -> None:
        self.store = PageStore(None)
        self.shared = ""  # the part of every page's key that all pages share
        self.untrusted: list[str] = []  # what the configuration loads that has no version or file
        self._rendering: dict[str, str] = {}  # pages being rendered: their keys
        self._kept: dict[str, tuple[str, str]] = {}  # pages kept: (key, rendered Markdown)
        self.written = WrittenPages(None)  # the page files of the last builds
        self._keys: dict[str, tuple[str, str]] = {}  # every page's (file in the site, key)
        self.contexts = ContextDigests(None, "", {})  # the last build's digests of contexts
        self.outline_inputs = ""  # the shared part and the site's outline, digested
        self.body_words: dict[str, str] = {}  # the outline's, by document key

    def open(
        self,
        path: Path | None,
        config: MkDocsConfig,
        nav_config: list[Any],
        nav_titles: dict[str, str],
        extra: list[str],
        outline: Outline | None = None,
    ) -> None:
        """Open the store at `path` (None: no cache) and make the shared part of the keys.
        `outline`: what the pages' contexts are made from besides (`views/site_outline.py`;
        None: no page's context is taken from the last build's record).

        When the configuration loads something that cannot be identified (`untrusted` names
        it), no page is taken from the cache or kept."""
        self.store.close(prune=False)
        self._keys = {}
        self.contexts = ContextDigests(None, "", {})
        self.outline_inputs, self.body_words = "", {}
        if path is None:  # `--no-cache`: no key is made (0.15 s of a small site's build)
            self.store, self.untrusted, self.shared = PageStore(None), [], ""
            self.written = WrittenPages(None)
            return
        loaded, self.untrusted = config_inputs(config)
        self.store = PageStore(None if self.untrusted else path)
        trusted = self.store.enabled
        self.written = WrittenPages(
            path.with_name(f"written-{path.stem}.json") if trusted else None
        )
        custom = config.theme.custom_dir
        self.shared = digest(
            code_stamp(),
            *loaded,
            *files_stamp([Path(custom)] if custom else []),
            stable_json([nav_config, nav_titles]),
            str(config.site_url),
            *extra,
        )
        if trusted and outline is not None:
            self._open_contexts(path.with_name(f"contexts-{path.stem}.json"), outline)

    def _open_contexts(self, record: Path, outline: Outline) -> None:
        """Take the pages' context digests the last build recorded (`record`) that hold."""
        self.outline_inputs = digest(self.shared, outline.shape)
        self.body_words = outline.body_words
        self.contexts = ContextDigests(record, digest(self.shared, outline.frame), outline.shown)

    def kept_feeds(self, content: LanguageContent) -> KeptFeeds | None:
        """Where this build keeps `content`'s feeds: under a key of the shared inputs, the
        site's outline, the day (a feed leaves out what is dated after it) and what its items
        show of their bodies, photos and covers (`LanguageContent.item_stamp`)."""
        if not (self.enabled and self.outline_inputs):
            return None
        today = content.options.today().isoformat()

        def key_of(spec: FeedSpec, docs: list[Document]) -> str:
            items = [content.item_stamp(doc, self.body_words) for doc in docs]
            return self.key("feed", self.outline_inputs, spec.rss_path, today, stable_json(items))

        def get(key: str) -> tuple[bytes, bytes] | None:
            found = self.store.get(key)
            return (found[0].encode("utf-8"), found[1].encode("utf-8")) if found else None

        def put(key: str, rss: bytes, atom: bytes) -> None:
            self.store.put(key, rss.decode("utf-8"), atom.decode("utf-8"))

        return KeptFeeds(key_of, get, put)

    def email_key(self, content: LanguageContent) -> Callable[[Issue], str] | None:
        """The key of what an issue's email edition is made from: the shared inputs, the site's
        outline and what the issue and its articles show of their bodies
        (`LanguageContent.item_stamp`). (Under it the store keeps the key of the context it
        was: an edit elsewhere changes the outline, and the edition is then found again by
        its context, not made again.)"""
        if not (self.enabled and self.outline_inputs):
            return None

        def key_of(issue: Issue) -> str:
            stamp = stable_json(content.item_stamp(issue, self.body_words))
            return self.key("email", self.outline_inputs, issue.key, stamp)

        return key_of

    def theme_template(self, template: Any, name: str, context: str) -> Any:
        """`template`, or for a theme template the build cache keeps (`KEPT_THEME_TEMPLATES`)
        one that gives its kept output; `context`: what the plugin adds to its context."""
        if name not in KEPT_THEME_TEMPLATES or not (self.enabled and self.outline_inputs):
            return template
        return _KeptTemplate(template, self.store, self.key(name, self.outline_inputs, context))

    def open_for(self, content: LanguageContent, config: MkDocsConfig) -> list[str]:
        """Open the cache of `content`'s pages; the notes the build should print."""
        chrome = content.chrome
        assert chrome is not None
        root = content.cache_root
        in_nav = _uris(content.nav_config)
        self.open(
            root / f"pages-{content.cache_name}.sqlite" if root else None,
            config,
            content.nav_config,
            {uri: spec.title for uri, spec in content.specs.items() if uri in in_nav},
            [content.lang, str(content.settings.include_drafts), stable_json(chrome.constants)],
            outline=_outline(content) if root else None,
        )
        if not (self.untrusted and root):
            return []
        return [
            "every page was rendered again, without the build cache: mkdocs.yml loads "
            f"{', '.join(self.untrusted)}, with no version and no file to tell a "
            "changed one from the last build's"
        ]

    @property
    def enabled(self) -> bool:
        return self.store.enabled

    @property
    def kept_store(self) -> PageStore | None:
        """The store, when this build keeps pages (the email editions read articles from it)."""
        return self.store if self.store.enabled else None

    def key(self, *parts: str) -> str:
        return digest(self.shared, *parts)

    def final_markdown(
        self, spec: PageSpec, markdown: str, make: Callable[[], str]
    ) -> tuple[str | None, str]:
        """The page's final Markdown when it had to be made (`make`), and its digest: taken
        from the last build's record when the page's Markdown is the same
        (`cache/context_digests.py`)."""
        raw = digest(markdown)
        known = self.contexts.final_markdown(spec.src_uri, raw)
        if known is not None:
            return None, known
        final = make()
        made = digest(final)
        self.contexts.put_final_markdown(spec.src_uri, raw, made)
        return final, made

    def page_key(self, spec: PageSpec, markdown: str, chrome: SiteChrome) -> str:
        """A digest of everything the page's rendering reads: its final Markdown (`markdown`:
        its digest, with what it shows of its photos), its
        template's context (the language's constants are in the shared part; its links as paths
        from the root, which with the page's own path say the same), its front matter and its
        sitemap entry. The last three are taken from the last build's record when what they
        are made from is unchanged (`cache/context_digests.py`)."""
        made = self.contexts.get(spec.src_uri)
        if made is None:
            context, read = chrome.key_context(spec)
            own = {k: v for k, v in context.items() if k not in chrome.constants}
            made = digest(
                stable_json(own),
                stable_json(page_meta(spec)),
                stable_json(chrome.sitemap_alternates(spec)),
            )
            self.contexts.put(spec.src_uri, made, read)
        return self.key(spec.path, markdown, made)

    def look_up(self, page: Page, spec: PageSpec, key: str) -> bool:
        """True when the page is kept: MkDocs then renders nothing for it."""
        self._keys[spec.src_uri] = (page.file.dest_uri, key)
        content = self.store.content(key)
        if content is None:
            self._rendering[spec.src_uri] = key
            return False
        self._kept[spec.src_uri] = (key, content)
        page.meta["template"] = KEPT_TEMPLATE
        # MkDocs would still set up a Markdown converter with every extension for this page
        # (a millisecond each, most of a kept page's cost).
        page.render = _kept_render.__get__(page)  # type: ignore[method-assign]
        return True

    def release(self, page: Page) -> None:
        """Render `page` as MkDocs does, whatever an earlier build did with it: `maagal serve`
        renders again, after an edit, pages its last full build took from the cache."""
        vars(page).pop("render", None)
        self._kept.pop(page.file.src_uri, None)

    def is_kept(self, src_uri: str) -> bool:
        return src_uri in self._kept

    def content(self, src_uri: str, html: str) -> str:
        """The page's rendered Markdown: the kept one for a kept page."""
        kept = self._kept.get(src_uri)
        return kept[1] if kept is not None else html

    def keep_as_is(self, page: Page) -> None:
        """The kept `page` stays as its file holds it: nothing to write."""
        self._kept.pop(page.file.src_uri, None)

    def finish(self, page: Page, output: str) -> str:
        """The page to write: the kept one, or `output`, which is kept for the next build."""
        kept = self._kept.pop(page.file.src_uri, None)
        if kept is not None:
            found = self.store.page(kept[0])
            if found is None:  # damaged since it was looked up: the old site stays
                raise PluginError(
                    f"the build cache could not give back the page {page.file.src_uri}; "
                    "build again with --no-cache"
                )
            return found
        key = self._rendering.pop(page.file.src_uri, None)
        if key is not None:
            self.store.put(key, output, page.content or "")
        return output

    def page_keys(self) -> dict[str, str]:
        """The key of every page of this build, by its source ('issues/4/x.md')."""
        return {uri: key for uri, (_, key) in self._keys.items()}

    def holds(self, page: Page, stamps: dict[str, str]) -> bool:
        """Whether the file of the kept `page`, as the recycled site had it (`stamps`, by path
        in the site), holds the page already: a build recorded it with the page's key."""
        dest, key = self._keys.get(page.file.src_uri, ("", ""))
        return self.is_kept(page.file.src_uri) and self.written.holds(stamps.get(dest), key)

    def close(self, site_dir: Path) -> None:
        """Close the store, and record which page each page file in `site_dir` holds."""
        self.store.close()
        self.contexts.save()
        self.written.record((site_dir / dest, key) for dest, key in self._keys.values())


class _KeptTemplate:
    """A theme template whose output is the one kept under `key`, or made and kept."""

    def __init__(self, template: Any, store: PageStore, key: str) -> None:
        self.template, self.store, self.key = template, store, key

    def render(self, context: Any) -> str:
        output = self.store.page(self.key)
        if output is None:
            output = self.template.render(context)
            self.store.put(self.key, output, "")
        return output


def _kept_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for a page the build cache kept: its content is put back afterwards."""
    page.content = ""
    page.toc = []  # type: ignore[assignment]


def _uris(nav: Any) -> set[str]:
    """The source files a navigation names (nested lists and {title: uri} entries)."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_uris(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_uris(v) for v in nav))
    return set()


def _outline(content: LanguageContent) -> Outline:
    """What the contexts of `content`'s pages are made from, beyond what all pages share: the
    site's outline, and whether the build draws print editions (a page links to its PDF)."""
    assert content.site is not None
    outline = site_outline(content.site)
    editions = f":editions={content.editions}"
    return dataclasses.replace(
        outline, shape=outline.shape + editions, frame=outline.frame + editions
    )
