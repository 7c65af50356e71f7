"""Content's HTML through an allow-list: what readers get is only what Maagal's Markdown makes.

Editors write Markdown, and outsiders propose it in pull requests; Python-Markdown lets raw
HTML through (a tag may span lines, unknown and namespaced tags count, a fence can end where a
line-based check does not expect), and `attr_list` puts any attribute on links, images and
headings (`{ onload=… }`). Checking the source for tags misses these, so the rendered HTML is
what is judged: by nh3 (Rust's ammonia, an HTML5 parser as browsers have), with the elements
and attributes Maagal's own Markdown output needs and nothing else:

- elements: paragraphs, headings, emphasis, links, images, figures and their captions
  (`pymdownx.blocks.caption`, the pull quotes of `pullquote.py`), block quotes, lists,
  tables, code, footnotes (`div`, `sup`), rules and line breaks, and a few harmless inline
  ones other Markdown extensions make (`abbr`, `sub`, `del`, `ins`, `mark`, `kbd`, `dl`);
- attributes, on any of them: `class`, `id` (not one that starts with `__`, which Material
  keeps for its own elements, as `__config`, read by its scripts), `lang` and `dir` (the
  editors' guide: `{: lang="en" dir="ltr" }`); links: `href`, `title`; images: `src`,
  `alt`, `title`, `width`, `height`, `srcset` and `sizes` (every address of `srcset`
  relative: the site's own smaller copies, never another website's), `loading` (`lazy`,
  `eager`), `decoding`; a photo's `<picture>` and its `<source>` (`srcset`, `sizes`, an image
  `type`); numbered lists: `start`; table cells: `style` only as
  Python-Markdown writes a column's alignment (`text-align: left;`); `abbr`: `title`;
- URLs: `http:`, `https:`, `mailto:`, `tel:` and relative ones (a page, a picture, `#id`).

No event handler (`on…`), no `style` of the editor's, no `javascript:` or `data:` URL, however
spelt (`java&#x09;script:` is one), no `<script>`, `<svg>`, `<iframe>`, `<form>`.

`judge` says what sanitizing removes from a rendered page; `maagal check` reports it (with the
file and line: `load/html_checks.py`), and the build refuses such content, so what readers get
is what the editor meant. What is published is the rendered HTML itself when the allow-list
keeps all of it (`same_document`: the same elements, attributes and text, read as a browser
reads them), byte for byte, and otherwise nh3's output.
"""

from __future__ import annotations

import difflib
import functools
import html as html_lib
import re
from dataclasses import dataclass
from html.entities import html5 as NAMED_REFERENCES
from html.parser import HTMLParser

import nh3

TAGS = frozenset(
    {
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "div", "blockquote"),
        *("em", "strong", "a", "img", "code", "pre", "figure", "figcaption"),
        *("picture", "source"),  # a photo's smaller copies (`outputs/pictures.py`)
        *("ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "thead", "tbody", "tr", "th", "td"),
        *("sup", "sub", "abbr", "del", "ins", "mark", "kbd"),
    }
)
GENERIC_ATTRIBUTES = frozenset({"class", "id", "lang", "dir"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": GENERIC_ATTRIBUTES,
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height", "srcset", "sizes"}),
    "source": frozenset({"srcset", "sizes"}),
    "ol": frozenset({"start"}),
    "abbr": frozenset({"title"}),
}
# A table column's alignment, as Python-Markdown's `tables` writes it: the only `style`.
ALIGNED = frozenset(f"text-align: {side};" for side in ("left", "center", "right"))
ATTRIBUTE_VALUES: dict[str, dict[str, frozenset[str]]] = {
    **{cell: {"style": ALIGNED} for cell in ("th", "td")},
    "img": {
        "loading": frozenset({"lazy", "eager"}),
        "decoding": frozenset({"async", "sync", "auto"}),
    },
    "source": {"type": frozenset({"image/webp", "image/avif", "image/jpeg", "image/png"})},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src"})
RESERVED_ID = "__"  # Material's own elements: `__config`, `__drawer`, `__search`, …


def _reserved_id(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value.startswith(RESERVED_ID):
        return None
    if attribute == "srcset" and not srcset_allowed(value):
        return None
    if attribute == "sizes" and not _SIZES.fullmatch(value):
        return None
    return value


# `srcset`: candidates "address width" or "address density", commas between.
_CANDIDATE = re.compile(r"\s*(\S+?)(?:\s+(\d+w|\d+(?:\.\d+)?x))?\s*")
_SIZES = re.compile(r"[a-z0-9 ().,:%-]*")


def srcset_allowed(value: str) -> bool:
    """Whether every address of a `srcset` is relative: the site's own copies of a photo (no
    `data:`, `javascript:`, and no other website, which would learn who reads what; a `src`
    there is refused with a message by `load/body_checks.py`). Read strictly: what does not
    read as candidates is refused."""
    for candidate in value.split(","):
        found = _CANDIDATE.fullmatch(candidate)
        if found is None or _SCHEME.match(found[1]) or found[1].startswith("//"):
            return False
        if not url_allowed(found[1]):
            return False
    return True


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    tag_attribute_values={
        tag: {a: set(v) for a, v in values.items()} for tag, values in ATTRIBUTE_VALUES.items()
    },
    attribute_filter=_reserved_id,
    url_schemes=set(URL_SCHEMES),
    link_rel=None,  # no `rel` added: links open in the same tab (no `target` is allowed)
    strip_comments=True,
)


@dataclass(frozen=True)
class Removal:
    """One thing the allow-list takes out of a page: an element, an attribute or a URL."""

    kind: str  # "element", "attribute", "url", "id" or "changed" (read otherwise by browsers)
    tag: str
    attribute: str = ""
    value: str = ""
    near: str = ""  # text written beside it, to find it by when its markup is not in the source


def clean(html: str) -> str:
    """nh3's output: `html` with everything outside the allow-list taken out."""
    return _CLEANER.clean(html)


def sanitize(html: str) -> str:
    """The HTML to publish: `html` byte for byte when the allow-list keeps all of it, else
    what it keeps."""
    return judge(html)[0]


def judge(html: str) -> tuple[str, list[Removal]]:
    """The HTML to publish and what the allow-list took out of `html` (nothing: `html`)."""
    if not html:
        return html, []
    cleaned = clean(html)
    if cleaned == html or same_document(html, cleaned):
        return html, []
    found = violations(html)
    if not found:  # nothing outside the list: is it read as written?
        written, kept = _Elements(html).tokens, _tokens(cleaned) or []
        if written != kept:
            found = [_first_change(written, kept)]
    return cleaned, found


# -- the same document? -------------------------------------------------------------------

# HTML as Python-Markdown writes it and as nh3 writes it, read strictly: tags with lowercase
# names and double-quoted attributes, comments, and text without `<`. A browser reads these
# tokens exactly so (none of the tags that change how a browser reads what follows, as
# `<script>`, `<textarea>`, `<svg>`, is allowed: one in `html` is missing from nh3's output,
# and the two differ); anything else is not read here, and is published as nh3 wrote it.
_PIECE = re.compile(
    r'(<(?:/?[a-z][a-z0-9]*(?:[\t\n\f ]+[a-z][a-z0-9_:.-]*(?:="[^"]*")?)*[\t\n\f ]*/?'
    r"|!--(?![>-])(?:(?!--)[^\x00])*?(?<!-)--)>)"
)  # a tag or a comment; between two of them, text
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)(.*?)[\t\n\f ]*(/?)>", re.S)
_ATTRIBUTE = re.compile(r'[\t\n\f ]+([a-z][a-z0-9_:.-]*)(?:="([^"]*)")?')
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]*);")
_AMPERSAND_OR_CONTROL = re.compile(r"[&\x00\r]")


def same_document(first: str, second: str) -> bool:
    """Whether a browser reads `first` and `second` as the same elements, attributes and text
    (comments aside). False also when either is not written as Markdown and nh3 write HTML."""
    tokens = _tokens(first)
    return tokens is not None and tokens == _tokens(second)


def _tokens(html: str) -> list[tuple] | None:
    if "\x00" in html or "\r" in html:
        return None
    pieces = _PIECE.split(html)  # text, tag or comment, text, …, text
    tokens: list[tuple] = []
    text = ""
    for index, piece in enumerate(pieces):
        if not index % 2:
            if "<" in piece:
                return None  # a `<` that starts no tag
            text += piece
        elif not piece.startswith("<!--"):
            tag = _tag(piece)
            if tag is None:
                return None
            if text:
                tokens.append(("text", html_lib.unescape(text) if "&" in text else text))
                text = ""
            tokens.append(tag)
    if text:
        tokens.append(("text", html_lib.unescape(text) if "&" in text else text))
    return tokens


@functools.lru_cache(maxsize=4096)  # most tags of a page are `<p>`, `</li>`, `<em>`…
def _tag(piece: str) -> tuple | None:
    match = _TAG.fullmatch(piece)
    assert match is not None, piece
    end, name, attributes_text, close = match.groups()
    if end:
        return None if attributes_text or close else ("end", name)
    attributes = {}
    for attribute, raw in _ATTRIBUTE.findall(attributes_text):
        value = _attribute_value(raw)
        if value is None or attribute in attributes:
            return None
        attributes[attribute] = value
    return ("start", name, tuple(sorted(attributes.items())))


def _attribute_value(raw: str) -> str | None:
    """The value a browser reads, where it is unambiguous: every `&` starts a reference that
    ends in `;` (`&amp;`, `&#38;`), as Python-Markdown and nh3 write them."""
    if not _AMPERSAND_OR_CONTROL.search(raw):
        return raw
    rest = _CHARACTER_REFERENCE.sub("", raw)
    if "&" in rest or "\x00" in rest or "\r" in rest:
        return None
    for reference in _CHARACTER_REFERENCE.findall(raw):
        if not reference.startswith("&#") and reference[1:] not in NAMED_REFERENCES:
            return None
    return html_lib.unescape(raw)


# -- what was taken out --------------------------------------------------------------------


class _Elements(HTMLParser):
    """Every element of a page with its attributes, as Python's HTML parser reads them (more
    leniently than `_tokens`: any case, any quotes), and its tokens as `_tokens` gives them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.tokens: list[tuple] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))
        values = tuple(sorted({name: value or "" for name, value in reversed(attrs)}.items()))
        self.tokens.append(("start", tag, values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # `<img … />`: a browser reads no end tag

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.tokens and self.tokens[-1][0] == "text":
            data = self.tokens.pop()[1] + data
        self.tokens.append(("text", data))


def violations(html: str) -> list[Removal]:
    """What the allow-list forbids in `html`, element by element, in order."""
    found = []
    for tag, attributes in _Elements(html).found:
        if tag not in TAGS:
            found.append(Removal("element", tag))
            continue
        for name, value in attributes:
            problem = _attribute_problem(tag, name, value or "")
            if problem:
                found.append(Removal(problem, tag, name, value or ""))
    return found


def _attribute_problem(tag: str, name: str, value: str) -> str:
    if name in GENERIC_ATTRIBUTES or name in ATTRIBUTES.get(tag, ()):
        if name == "id" and value.startswith(RESERVED_ID):
            return "id"
        if name in URL_ATTRIBUTES and not url_allowed(value):
            return "url"
        if name == "srcset" and not srcset_allowed(value):
            return "url"
        if name == "sizes" and not _SIZES.fullmatch(value):
            return "attribute"
        return ""
    if value in ATTRIBUTE_VALUES.get(tag, {}).get(name, ()):
        return ""
    return "attribute"


_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_IGNORED = re.compile(r"[\t\n\r]")


def url_allowed(url: str) -> bool:
    """Whether a URL is relative or has an allowed scheme, as a browser reads it (tabs and line
    breaks inside are dropped, spaces and controls around it trimmed)."""
    read = _URL_IGNORED.sub("", url).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
        "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
        "\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    scheme = _SCHEME.match(read)
    return scheme is None or scheme[1].lower() in URL_SCHEMES


def _first_change(written: list[tuple], kept: list[tuple]) -> Removal:
    """Something a browser reads otherwise than written, none of the above: the first tag
    that differs (a stray end tag; the start of an element never closed), else text."""
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, written, kept, False).get_opcodes():
        if op != "equal":
            tokens = written[i1:i2] + kept[j1:j2]
            token = next((t for t in tokens if t[0] != "text"), tokens[0])
            break
    else:
        return Removal("changed", "")
    texts = [t[1].strip() for t in written[i1:] + written[:i1][::-1] if t[0] == "text"]
    near = next((text[:40] for text in texts if text), "")
    if token[0] == "end" and token in written[i1:i2]:
        return Removal("changed", token[1], "", f"</{token[1]}>", near)
    if token[0] != "text":
        return Removal("changed", token[1], "", f"<{token[1]}>", near)
    return Removal("changed", "", "", token[1].strip()[:40], near)
