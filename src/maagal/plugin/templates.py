"""What Material's templates are given beyond the page's context: autoescaping for Maagal's
own templates, the sitemap's alternates, partials rendered once per key, cards rendered once
per card, and the tab of the section a page belongs to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.structure.pages import Page

from maagal.views.pages import PageSpec, section_of

# Cards kept at most, per language: a card is about a kilobyte, and archive-5k shows some
# 10,000 different ones (by document, depth of the page and heading).
_CARDS_KEPT = 50_000

# Material's `t` macro (partials/language.html), whose words theme/partials/language.html keeps.
_MATERIAL_WORD = (
    '{% import "partials/languages/" ~ language ~ ".html" as lang %}'
    '{% import "partials/languages/en.html" as fallback %}'
    "{{ lang.t(key) or fallback.t(key) or key }}"
)


class PageTemplates:
    """One language's template helpers during one build."""

    def __init__(self) -> None:
        self._partials: dict[tuple, Markup] = {}
        # A card's HTML by what it shows, with `keep_cards` only: kept across the quick
        # renders of `maagal serve`, whose listings (an author's, a topic's) show hundreds of
        # cards each, one of them new. A build renders each card anew: keeping them all made a
        # language's build at archive-5k take 34 MiB more (263, not 229) and no less time.
        self.keep_cards = False
        self._cards: dict[tuple, Markup] = {}
        self._words_keys: dict[int, tuple[dict, str]] = {}
        self._section_pages: dict[str, Page] = {}
        self._active_section: Page | None = None

    def prepare(
        self, env: Any, alternates: Callable[[Page], list[dict[str, str]]], language: str
    ) -> None:
        """Set MkDocs' Jinja environment up for Maagal's templates (`language`: the theme's)."""
        # MkDocs' environment does not autoescape; the project's own templates opt in.
        env.autoescape = lambda name: bool(name) and name.startswith("maagal/")
        env.globals["maagal_alternates"] = alternates
        env.globals["maagal_partial"] = self._cached_partial
        env.globals["maagal_block"] = self._kept_block
        env.globals["maagal_keep_block"] = self._keep_block
        env.globals["maagal_material_word"] = self._material_word
        env.globals["maagal_card"] = self._card
        self._partials = {}
        self._cards = {}
        self._blocks: dict[tuple[str, str], Markup] = {}
        self._words: dict[str, str] = {}
        self._word_template = env.from_string(_MATERIAL_WORD)
        self._language = language

    def _material_word(self, key: str) -> str:
        """What Material's `t(key)` gives (its partials/language.html), once per build."""
        word = self._words.get(key)
        if word is None:
            word = self._words[key] = self._word_template.render(language=self._language, key=key)
        return word

    def _card(self, macro: Any, item: dict, t: dict, heading: str, show_badge: bool) -> Markup:
        """`macro(item, t, heading, show_badge)` (macros.html's card), once per card when
        `keep_cards`."""
        key = self._card_key(item, t, heading, show_badge)
        html = self._cards.get(key) if key else None
        if html is None:
            html = Markup(macro(item, t, heading, show_badge))
            if key:
                if len(self._cards) >= _CARDS_KEPT:
                    self._cards.clear()
                self._cards[key] = html
        return html

    def _card_key(self, item: dict, t: dict, heading: str, show_badge: bool) -> tuple | None:
        """What a card shows, all in its arguments: plain values whose `repr` says them all;
        None when cards are not kept, or for an object said by its address."""
        if not self.keep_cards:
            return None
        said = repr(item)
        return None if " at 0x" in said else (said, self._words_key(t), heading, show_badge)

    def _words_key(self, t: dict) -> str:
        """The interface words `t` as text, made once per dictionary of them."""
        seen = self._words_keys.get(id(t))
        if seen is None or seen[0] is not t:
            seen = self._words_keys[id(t)] = (t, repr(sorted(t.items())))
        return seen[1]

    def know_sections(self, pages: list[Page]) -> None:
        """The pages of the navigation, whose tabs a page may highlight."""
        self._section_pages = {p.file.src_uri: p for p in pages}

    @pass_context
    def _cached_partial(self, context: Any, name: str, key: tuple) -> Markup:
        """A partial rendered once per key (see main.html: the navigation)."""
        html = self._partials.get((name, key))
        if html is None:
            template = context.environment.get_template(name)
            html = self._partials[(name, key)] = Markup(template.render(context.get_all()))
        return html

    # Blocks of Material's base that depend only on where the page is (its `base_url`): its
    # stylesheets, its configuration and its scripts. main.html asks for a block kept for the
    # page's depth and renders Material's (`super()`) only when there is none.
    def _kept_block(self, name: str, base_url: str) -> Markup | None:
        return self._blocks.get((name, base_url))

    def _keep_block(self, name: str, base_url: str, html: str) -> Markup:
        made = self._blocks[(name, base_url)] = Markup(html)
        return made

    def nav_key(self, page: Page) -> tuple | None:
        """Pages outside the navigation share it with every page at their depth in their section."""
        if page.file.src_uri in self._section_pages:
            return None
        section = self._active_section.file.src_uri if self._active_section else ""
        return (page.url.count("/"), section)

    def activate_section(self, spec: PageSpec) -> None:
        """Highlight the tab of the section an article, issue or paper belongs to."""
        page = self._section_pages.get(section_of(spec) or "")
        if page is not None and not page.active:
            page.active = True
            self._active_section = page

    def deactivate_section(self) -> None:
        if self._active_section is not None:
            self._active_section.active = False
            self._active_section = None
