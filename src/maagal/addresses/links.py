"""Links an editor writes in Markdown, and where they lead: the one home of link resolution.

An editor links to another document by the relative path of its file (`../3/x.md`, or the
translation's `x.en.md`) and to an image or a download by the file's relative path. The loader
checks those targets exist, the site rewrites them to page URLs in each language, the feeds and
the email edition make them absolute, and `maagal check --changed` follows them back; all of
them ask this module.
"""

from __future__ import annotations

import difflib
import functools
import posixpath
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

from maagal.addresses import urls
from maagal.model.documents import Document
from maagal.model.layout import ContentLayout
from maagal.model.site import Site
from maagal.run.said import say
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
        pos = text.find(self.start)
        if pos < 0:  # most lines: no scan to prepare
            return
        targets = _Targets(text)
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


# What is wrong with a link, and the fix, as `Report.add` takes them.
Problem = tuple[str, str]
_EXAMPLE = "../3/weekly-assembly.md"
# Pages of the site that are no document's: listings, the search page, generated files.
_LISTINGS = frozenset({"", urls.ARCHIVE, urls.PAPERS, urls.EVENTS})
_LISTING_FOLDERS = (urls.AUTHORS, urls.TOPICS, urls.SEARCH, urls.EVENTS + "series/", "pagefind/")


@dataclass(frozen=True)
class Target:
    """Where a link into the site leads: a document's file (`issues/3/x.md`), the anchor
    written after its '#', and the language an address of the site names (None: a link by
    file, which each language leads to its own translation)."""

    document: str
    anchor: str = ""
    lang: str | None = None


@dataclass
class KnownTargets:
    """What the links of one site may lead to: its documents (their files, `issues/3/x.md`:
    those that load and those whose own mistake is reported), its drafts (left out of this
    build), its other files (pictures, downloads), and where it lives (`layout`, with the
    site's own address)."""

    documents: Collection[str]
    files: Collection[str] = ()
    drafts: Collection[str] = ()
    layout: ContentLayout | None = None
    site_paths: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.site_paths = {}
        if self.layout is not None:
            for key in [*self.documents, *self.drafts]:
                path = file_site_path(key, self.layout)
                if path is not None:
                    self.site_paths[path] = key

    def __contains__(self, path: object) -> bool:
        return path in self.documents

    def document(self, path: str) -> str | None:
        """The document file a link's resolved path names: `x.md`, `x.en.md`, `x` (without
        its extension), or a folder `x/` with its `index.md`."""
        candidates = (path,) if path.endswith(".md") else (f"{path}.md", f"{path}/index.md")
        for candidate in candidates:
            key = canonical_document(candidate)
            if key in self.documents or key in self.drafts:
                return key
        return None


def file_site_path(key: str, layout: ContentLayout) -> str | None:
    """The page path of a document file (`issues/3/x.md` → `issues/3/x/`), from its name alone."""
    parts = key.removesuffix(".md").split("/")
    top, rest = parts[0], parts[1:]
    if top == layout.issues_dir and len(rest) == 2 and rest[0].isascii() and rest[0].isdigit():
        slug = "" if rest[1] == "index" else f"{rest[1]}/"
        return f"{urls.ARCHIVE}{int(rest[0])}/{slug}"
    if top in (layout.papers_dir, layout.events_dir) and len(rest) == 1:
        return (urls.PAPERS if top == layout.papers_dir else urls.EVENTS) + f"{rest[0]}/"
    if top == layout.docs_dir and rest:
        return urls.page_path("/".join(rest) + ".md")
    return None


def link_target(rel_path: str, src: str, known: KnownTargets) -> Target | Problem | None:
    """Where the link `src`, written in file `rel_path`, leads: a document (`Target`), a
    problem to report, or None for a link that is not to a document (another website, an
    anchor of the page, a picture or a download that exists, a listing of the site)."""
    src = src.strip("<>")
    try:
        parts = urlsplit(src)
    except ValueError:  # 'http://[' is no address at all: the allow-list judges it
        return None
    if parts.scheme.lower() == "mailto":
        return _mailto(src, parts.path, parts.query)
    own = _own_site_path(src, known.layout)
    if own is not None:
        return _site_address(rel_path, src, own, unquote(parts.fragment), known)
    if not is_local(src):
        return None
    path = resolve(rel_path, src)
    key = known.document(path)
    if key is not None:
        if key in known.drafts:
            return _draft(src, key)
        return Target(key, unquote(parts.fragment))
    return _missing(rel_path, src, path, known)


def _mailto(src: str, address: str, query: str) -> Problem | None:
    if "@" in unquote(address) or (not address and query):  # `mailto:?subject=…`: "send to…"
        return None
    return (
        say("the link '{src}' has no e-mail address: an address has an '@'", src=src),
        say("write the whole address, e.g. 'mailto:maagal@example.org'"),
    )


def _own_site_path(src: str, layout: ContentLayout | None) -> str | None:
    """The path in the whole site (`en/issues/3/`) that an address of the site itself names
    (`https://circle.example/en/issues/3/`, or `/en/issues/3/` from the site's root)."""
    if layout is None:
        return None
    parts, site = urlsplit(src), urlsplit(layout.site_url)
    prefix = site.path.rstrip("/") + "/"
    if parts.scheme.lower() in ("http", "https") and layout.site_url:
        if _host(parts.hostname) != _host(site.hostname):
            return None
    elif parts.scheme or parts.netloc or not src.startswith("/"):
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    if not path.startswith(prefix):
        return None if parts.scheme else parts.path.lstrip("/")
    return parts.path[len(prefix) :]


def _host(name: str | None) -> str:
    return (name or "").lower().removeprefix("www.")


def _site_address(
    rel_path: str, src: str, path: str, anchor: str, known: KnownTargets
) -> Target | Problem | None:
    assert known.layout is not None
    languages = known.layout.languages
    first, _, rest = unquote(path).partition("/")
    lang = first if first in languages[1:] else languages[0]
    path = rest if first in languages[1:] else unquote(path)
    path = path.removesuffix("index.html")
    if path and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    key = known.site_paths.get(path)
    if key is None:
        return _nowhere(rel_path, src, path, known) if _document_like(path) else None
    if key in known.drafts:
        return _draft(src, key)
    if lang != languages[0] and not (known.layout.root / f"{key[:-3]}.{lang}.md").is_file():
        return (
            say(
                "the link '{src}' leads to the '{lang}' page of {key}, which has no '{lang}' "
                "translation",
                src=src,
                lang=lang,
                key=key,
            ),
            say(
                "link to the document by the relative path of its Markdown file, e.g. "
                "'{file}': each language leads to its own translation, or to the original "
                "when there is none",
                file=_relative_file(rel_path, key),
            ),
        )
    return Target(key, anchor, lang)


def _document_like(path: str) -> bool:
    """A page path where a document would be (not a listing, a feed or a picture)."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return not (path in _LISTINGS or "." in last or path.startswith(_LISTING_FOLDERS))


def _nowhere(rel_path: str, src: str, path: str, known: KnownTargets) -> Problem:
    published = [p for p, key in known.site_paths.items() if key not in known.drafts]
    near = difflib.get_close_matches(path, published, n=1, cutoff=0.8)
    file = _relative_file(rel_path, known.site_paths[near[0]]) if near else _EXAMPLE
    return (
        say(
            "the link '{src}' is an address of this site where no page is{did_you_mean}",
            src=src,
            did_you_mean=say(" — did you mean '{file}'?", file=file) if near else "",
        ),
        say(
            "link to the document by the relative path of its Markdown file, e.g. '{file}' "
            "(the site writes its address itself)",
            file=file,
        ),
    )


def _missing(rel_path: str, src: str, path: str, known: KnownTargets) -> Problem | None:
    """A link by file to nothing the site has: a document, a picture or a download."""
    last = path.rsplit("/", 1)[-1]
    is_file = "." in last and not path.endswith(".md")
    if is_file and (path in known.files or _published_as_is(path, known.layout)):
        return None
    if is_file:
        return (
            say("the link '{src}' points to a file that does not exist", src=src),
            say("put the file beside the Markdown file or correct the path"),
        )
    wanted = canonical_document(path if path.endswith(".md") else f"{path}.md")
    near = difflib.get_close_matches(wanted, list(known.documents), n=1, cutoff=0.8)
    file = _relative_file(rel_path, near[0]) if near else _EXAMPLE
    return (
        say(
            "the link '{src}' points to a missing page{did_you_mean}",
            src=src,
            did_you_mean=say(" — did you mean '{file}'?", file=file) if near else "",
        ),
        say("link to an existing Markdown file by its relative path, e.g. '{file}'", file=file),
    )


def _published_as_is(path: str, layout: ContentLayout | None) -> bool:
    """A file of the docs folder that is no picture or PDF (MkDocs copies every file there)."""
    if layout is None or not path.startswith(layout.docs_dir + "/"):
        return False
    return (layout.root / path).is_file()


def _draft(src: str, key: str) -> Problem:
    return (
        say(
            "the link '{src}' points to {key}, a draft ('draft: true'), which is not published",
            src=src,
            key=key,
        ),
        say("remove the link, or publish {key} (delete its 'draft: true' line)", key=key),
    )


def _relative_file(rel_path: str, key: str) -> str:
    return posixpath.relpath(key, posixpath.dirname(rel_path) or ".")


def markdown_links(markdown: str, pattern: MarkdownLinks = LINK) -> Iterator[re.Match[str]]:
    """The links (or, with `IMAGE`, the images) of `markdown` outside code, where a link is
    shown, not followed. The matches' offsets are the source's."""
    return pattern.finditer(blank_code(markdown))


def document_links(rel_path: str, text: str) -> Iterator[str]:
    """The document files (canonical `.md` paths) that the Markdown `text` links to (for a
    link without '.md', both files it may name: `x.md` and `x/index.md`)."""
    for match in markdown_links(text):
        src = match["src"].strip("<>")
        if is_local(src):
            target = resolve(rel_path, src.partition("#")[0])
            if target.endswith(".md"):
                yield canonical_document(target)
            elif "." not in target.rsplit("/", 1)[-1]:
                yield canonical_document(f"{target}.md")
                yield f"{target}/index.md"


def withhold_assets(site: Site) -> None:
    """Take out of `site.assets` what only unpublished documents (drafts, and those held back
    for a later day) show or link to, and every file of an issue folder whose issue is
    unpublished: nothing of a document is published before the document."""
    if not site.unpublished:
        return
    issues = site.layout.issues_dir + "/"
    folders = tuple(
        posixpath.dirname(rel) + "/"
        for rel, _ in site.unpublished
        if rel.startswith(issues) and canonical_document(rel).endswith("/index.md")
    )
    hidden = _linked_files(site.unpublished)
    waiting = {rel for rel in site.assets if rel in hidden or rel.startswith(folders)}
    if not waiting:
        return
    # What a published document shows stays: only the bodies that name such a file are read.
    names = {form for rel in waiting for form in _spellings(posixpath.basename(rel))}
    published = [
        (variant.rel_path, variant.body)
        for doc in site.documents()
        for variant in doc.variants.values()
        if any(name in variant.body for name in names)
    ]
    shown = _linked_files(published) | {issue.cover for issue in site.issues if issue.cover}
    site.assets = [rel for rel in site.assets if rel not in waiting or rel in shown]


def _spellings(name: str) -> tuple[str, str]:
    """A file's name as a link may write it: as it is, or percent-encoded (`a%20b.png`)."""
    return name, quote(name)


def _linked_files(bodies: list[tuple[str, str]]) -> set[str]:
    """The files of the site that `bodies` (file, Markdown) show as pictures or link to."""
    found = set()
    for rel, body in bodies:
        for pattern in (IMAGE, LINK):
            for match in markdown_links(body, pattern):
                src = match["src"].strip("<>")
                if is_local(src):
                    found.add(resolve(rel, src.partition("#")[0]))
    return found


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

    @functools.cached_property
    def known(self) -> KnownTargets:
        """What links may lead to: the published documents and those held back for a day."""
        keys = [doc.key for doc in self.site.documents()] + sorted(self.site.held_back)
        return KnownTargets(
            [f"{key}.md" for key in keys], files=self.site.assets, layout=self.site.layout
        )

    def target(self, src: str, src_uri: str) -> tuple[Document | None, Target] | None:
        """The document a link leads to (None while it is held back for its day), or None
        for a link that is not to a document of the site."""
        found = link_target(src_uri, src, self.known)
        if not isinstance(found, Target):
            return None
        key = found.document.removesuffix(".md")
        if key in self.site.held_back:
            return None, found
        doc = self.site.document(key)
        return (doc, found) if doc is not None else None

    def _new_target(self, src: str, src_uri: str, lang: str, here: str) -> str | None:
        """Where a link of page `src_uri` in `lang` now leads: None to keep it as written, ''
        to print its text alone (a document published on a later date)."""
        if src.startswith("#"):
            return None  # an anchor of the page itself
        found = self.target(src, src_uri)
        if found is None:
            return None
        doc, target = found
        if doc is None:
            return ""
        anchor = target.anchor
        if target.lang is not None:  # an address of the site names its language
            page_lang = target.lang if target.lang in doc.variants else doc.primary_lang
            other = urls.in_language(urls.document_path(doc), page_lang, self.site.default_language)
            new = urls.relative(here, other)
        elif lang in doc.variants:
            folder = posixpath.dirname(src_uri)
            new = urls.relative(folder + "/" if folder else "", target.document)
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
            found = self.target(value, rel_path)
            if found is not None:
                doc, target = found
                if doc is None:  # held back for its day: the link's text alone
                    return DROP
                shown = target.lang or self.page_language(doc, lang)
                href = address.of(urls.document_path(doc), shown)
                return href + ("#" + target.anchor if target.anchor else "")
            if not is_local(value):
                return None
            path, _, anchor = value.partition("#")
            href = address.of(urls.asset_path(resolve(rel_path, path), self.site.layout), lang)
            return href + ("#" + anchor if anchor else "")

        return rewrite_html_urls(html, replace)


DROP = "\0drop"  # what `replace` answers to take an attribute out (a link then is text)


def rewrite_html_urls(html: str, replace: Callable[[str, str], str | None]) -> str:
    """Every `href`, `src` and `id` of the tags of rendered `html` passed through
    `replace(attribute, value)` (None keeps the value, `DROP` takes the attribute out). Text
    shown as code is not touched: its tags are escaped, so none of it is a tag here."""

    def attribute(match: re.Match[str]) -> str:
        space, name, value = match.groups()
        new = replace(name, value)
        if new == DROP:
            return ""
        return match[0] if new is None else f'{space}{name}="{new}"'

    return _TAG.sub(lambda tag: _URL_ATTR.sub(attribute, tag[0]), html)
