"""Links an editor writes in Markdown, and where they lead: the one home of link resolution.

An editor links to another document by the relative path of its file (`../3/x.md`, or the
translation's `x.en.md`) and to an image or a download by the file's relative path. The loader
checks those targets exist, the site rewrites them to page URLs in each language, the feeds and
the email edition make them absolute, and `maagal check --changed` follows them back; all of
them ask this module.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote, urlsplit

from maagal.addresses import urls
from maagal.model.documents import Document
from maagal.model.site import Site
from maagal.text.markdown_code import blank_code

# `(target)` or `(target "title")` after a link's or an image's `[text]`.
_TARGET = r"\((?P<src><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)"
_TAG = re.compile(r"<[A-Za-z][^>]*>")  # a real tag: text shown as code has its '<' escaped
_URL_ATTR = re.compile(r'(\s)(href|src|id)="([^"]*)"')
_TRANSLATION = re.compile(r"^(?P<name>.+)\.[a-z]{2,3}\.md$")


class _Next:
    """Where `pattern` is next found from a place of `text` (its length when nowhere). The
    answer is kept: asked again from anywhere up to the place found, it costs nothing, so
    questions asked from places that only move forward read the text once."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern, self.text = pattern, text
        self.asked, self.found = 1, 0  # nothing asked yet

    def __call__(self, pos: int) -> int:
        if not self.asked <= pos <= self.found:
            match = self.pattern.search(self.text, pos)
            self.asked, self.found = pos, match.start() if match else len(self.text)
        return self.found


class _Targets:
    """Where the `(target "title")` that starts at a place of one text ends, as `_TARGET`
    reads it (each greedy part of it has one way to match, so no backtracking is needed)."""

    _CLOSE, _GT, _QUOTE = re.compile(r"\]"), re.compile(">"), re.compile('"')
    _SRC_END, _NOT_SPACE = re.compile(r"[)\s]"), re.compile(r"\S")

    def __init__(self, text: str) -> None:
        self.text = text
        self.close = _Next(self._CLOSE, text)
        self.angle = (_Next(self._GT, text), _Next(self._NOT_SPACE, text), _Next(self._QUOTE, text))
        self.plain = (
            _Next(self._SRC_END, text),
            _Next(self._NOT_SPACE, text),
            _Next(self._QUOTE, text),
        )

    def end(self, paren: int) -> int | None:
        """The end of the target whose '(' is at `paren`, or None when there is none."""
        text = self.text
        if paren >= len(text) or text[paren] != "(":
            return None
        src = paren + 1
        if src < len(text) and text[src] == "<":  # `<a target with spaces>`
            gt, spaces, quote = self.angle
            after = gt(src + 1) + 1
            end = self._title_and_paren(after, spaces, quote) if after <= len(text) else None
            if end is not None:
                return end
        src_end, spaces, quote = self.plain
        after = src_end(src)
        return self._title_and_paren(after, spaces, quote) if after > src else None

    def _title_and_paren(self, at: int, spaces: _Next, quote: _Next) -> int | None:
        text = self.text
        title = spaces(at)
        if title > at and title < len(text) and text[title] == '"':
            closing = quote(title + 1)
            if closing + 1 < len(text) and text[closing + 1] == ")":
                return closing + 2
        return at + 1 if at < len(text) and text[at] == ")" else None


class MarkdownLinks:
    """The links `[text](target)` (or, with `image`, the images `![alt](target)`) of
    Markdown, as `regex` reads them, found in time linear in the text.

    `regex.finditer` alone tries every '[' and reads from each to the end of a target that
    never closes: a line of 60 KB of `[a](` took 27 s. Here the scan jumps: every '[' before
    the first ']' after a failed one fails the same way, and the places each part of a
    target ends are asked in order (`_Next`). The regex then matches exactly the span found,
    so the matches are the regex's own."""

    def __init__(self, regex: str, *, image: bool) -> None:
        self.regex = re.compile(regex)
        self.pattern = self.regex.pattern
        self.start = "![" if image else "["

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        targets = _Targets(text)
        pos = 0
        while (start := text.find(self.start, pos)) >= 0:
            if self.start == "[" and start and text[start - 1] == "!":
                pos = start + 1  # an image's, not a link's
                continue
            bracket = start + len(self.start) - 1
            close = targets.close(bracket + 1)
            end = targets.end(close + 1)
            match = self.regex.match(text, start, end) if end is not None else None
            if match is None:
                pos = close + 1  # every '[' up to `close` ends in the same ']' and fails too
                continue
            yield match
            pos = match.end()


IMAGE = MarkdownLinks(r"!\[(?P<alt>[^\]]*)\]" + _TARGET, image=True)
LINK = MarkdownLinks(r"(?<!!)\[(?P<text>[^\]]*)\]" + _TARGET, image=False)


def is_local(src: str) -> bool:
    """A link to a file of the repository (not a web address, an anchor or a site path)."""
    parts = urlsplit(src)
    return not (parts.scheme or parts.netloc or src.startswith(("/", "#", "mailto:")))


def resolve(rel_path: str, src: str) -> str:
    """The repository-relative path that `src`, written in file `rel_path`, points to."""
    target = unquote(urlsplit(src.strip("<>")).path)
    return posixpath.normpath(posixpath.join(posixpath.dirname(rel_path), target))


def canonical_document(path: str) -> str:
    """`issues/3/x.en.md` → `issues/3/x.md`: links may name either file of a document."""
    match = _TRANSLATION.match(path)
    return f"{match['name']}.md" if match else path


def markdown_links(markdown: str, pattern: MarkdownLinks = LINK) -> Iterator[re.Match[str]]:
    """The links (or, with `IMAGE`, the images) of `markdown` outside code, where a link is
    shown, not followed. The matches' offsets are the source's."""
    return pattern.finditer(blank_code(markdown))


def document_links(rel_path: str, text: str) -> Iterator[str]:
    """The document files (canonical `.md` paths) that the Markdown `text` links to."""
    for match in markdown_links(text):
        src = match["src"].strip("<>")
        if is_local(src):
            target = canonical_document(resolve(rel_path, src.partition("#")[0]))
            if target.endswith(".md"):
                yield target


class LinkResolver:
    """Where the links of one site's Markdown lead, in each of its languages."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def document(self, path: str) -> Document | None:
        """The document whose file (either language's) is `path`."""
        return self.site.document(canonical_document(path).removesuffix(".md"))

    def page_language(self, doc: Document, lang: str) -> str:
        """A link from a page in `lang` leads to the document in `lang`, else in its own."""
        return lang if lang in doc.variants else doc.primary_lang

    def rewrite_markdown(self, markdown: str, src_uri: str, lang: str, here: str) -> str:
        """Links to documents in a page of `lang` at site path `here`.

        A target translated into `lang` stays a link to its Markdown file (the engine resolves
        and checks it); one that is not leads to the page in its own language. Only a link's
        target changes: a link whose text is its path keeps its text.
        """
        pieces, done = [], 0
        for match in markdown_links(markdown):
            new = self._new_target(match["src"].strip("<>"), src_uri, lang, here)
            if new is None:
                continue
            if new:
                start, end = match.span("src")
                pieces += [markdown[done:start], new]
            else:
                start, end = match.span()
                pieces += [markdown[done:start], match["text"]]
            done = end
        return "".join([*pieces, markdown[done:]])

    def _new_target(self, src: str, src_uri: str, lang: str, here: str) -> str | None:
        """Where a link of page `src_uri` in `lang` now leads: None to keep it as written, ''
        to print its text alone (a document published on a later date)."""
        if not is_local(src) or ".md" not in src:
            return None
        path, _, anchor = src.partition("#")
        target = canonical_document(resolve(src_uri, path))
        if target.removesuffix(".md") in self.site.held_back:
            return ""
        doc = self.site.document(target.removesuffix(".md"))
        if doc is None:
            return None
        if lang in doc.variants:
            folder = posixpath.dirname(src_uri)
            new = urls.relative(folder + "/" if folder else "", target)
        else:
            other = urls.in_language(
                urls.document_path(doc), doc.primary_lang, self.site.default_language
            )
            new, anchor = urls.relative(here, other), ""
        return new + (f"#{anchor}" if anchor else "")

    def absolutize(self, html: str, rel_path: str, lang: str, address: urls.SiteAddress) -> str:
        """Every link and image of Markdown from `rel_path`, rendered to `html`, made absolute
        for a page in `lang` (feeds and the email edition are read away from the site)."""
        source = self.document(rel_path)
        assert source is not None, rel_path
        page = address.of(urls.document_path(source), lang)

        def replace(attr: str, value: str) -> str | None:
            if attr == "id":
                return None
            if value.startswith("#"):
                return page + value
            if not is_local(value):
                return None
            path, _, anchor = value.partition("#")
            target = canonical_document(resolve(rel_path, path))
            doc = self.document(target)
            if doc is not None:
                href = address.of(urls.document_path(doc), self.page_language(doc, lang))
            else:
                href = address.of(urls.asset_path(target, self.site.layout), lang)
            return href + ("#" + anchor if anchor else "")

        return rewrite_html_urls(html, replace)


def rewrite_html_urls(html: str, replace: Callable[[str, str], str | None]) -> str:
    """Every `href`, `src` and `id` of the tags of rendered `html` passed through
    `replace(attribute, value)` (None keeps the value). Text shown as code is not touched: its
    tags are escaped, so none of it is a tag here."""

    def attribute(match: re.Match[str]) -> str:
        space, name, value = match.groups()
        new = replace(name, value)
        return match[0] if new is None else f'{space}{name}="{new}"'

    return _TAG.sub(lambda tag: _URL_ATTR.sub(attribute, tag[0]), html)
