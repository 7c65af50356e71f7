"""What a Markdown body becomes: HTML that the site's allow-list would not publish as written.

Each body is rendered as its page renders it (the extensions every Maagal page is written
with), and so is its excerpt, which feeds and email take on its own (a fence that the
`<!-- more -->` cuts in two is no fence there). Whatever the allow-list of
`text/sanitize.py` would take out is reported at the line where its text is found: the
build refuses it, so that readers get what the editor meant or nothing.
"""

from __future__ import annotations

import re

from maagal.load.body_checks import raw_html_problem
from maagal.load.source import split_excerpt
from maagal.model.documents import MORE_MARKER, SUMMARY_MARKER
from maagal.run.errors import Report
from maagal.run.said import say
from maagal.text.markdown_code import blank_code
from maagal.text.render_markdown import render_as_written
from maagal.text.sanitize import URL_SCHEMES, Removal, judge

ATTRIBUTES_FIX = say(
    "delete it: in the braces after a link, an image or a heading (and under a block's "
    "'attrs:'), write only a class (.name), an id (#name), lang and dir, and on an image "
    "width and height, e.g. ![…](chart.png){{ width=600 }}"
)
STYLE_FIX = say(
    "delete it: the site's stylesheet gives the text its look (a table column's alignment "
    "is written with colons under its heading, as |:--|:-:|--:|)"
)
KINDS = {"a": say("a link"), "img": say("an image"), "figure": say("a figure or a pull quote")}


def check_html(rel_path: str, body: str, first_line: int, report: Report) -> None:
    """Report what the allow-list would take out of the body's page or its excerpt."""
    if plain(body):
        return
    excerpt, _ = split_excerpt(body)
    for text in dict.fromkeys((body, excerpt)):
        report_removals(rel_path, body, first_line, judge(render_as_written(text))[1], report)


# Rendering takes a millisecond a body or excerpt (eleven seconds at archive-5k); most bodies
# hold nothing through which Markdown makes more than the allow-list keeps: those are not.
# Raw HTML and autolinks (`<`), attributes (`{…}`, a block's `attrs:`), character references
# and escapes (`&`, `\\`); a caption's number leaves `__figure_num` on its figure.
_MARKUP = ("<", "{", "&", "\\", "attrs")
_CAPTION_NUMBER = re.compile(r"^/// *[\w-]*caption *\|.*$", re.MULTILINE)
_TARGET = re.compile(r"\](?:\(|:)([^)]*)")  # what a link, an image or a reference points to
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")  # as a browser reads one
_URL_IGNORED = re.compile(r"[\t\n\r]")  # dropped from an address by browsers, wherever
_URL_TRIMMED = "".join(map(chr, range(33)))  # trimmed from both ends of one
# Every character a heading's id reads as `_` (its slug is made from the NFKD form).
_UNDERSCORES = ("_", "\ufe33", "\ufe34", "\ufe4d", "\ufe4e", "\ufe4f", "\uff3f")
_SETEXT_HEADING = re.compile(r"\n[ \t>]*(?:=+|-+)[ \t]*(?:\n|$)")


def plain(body: str) -> bool:
    """Whether `body` surely becomes HTML that the allow-list keeps whole: no `<` (raw HTML,
    autolinks) but the excerpt and summary markers, no attributes (`{…}`, a block's `attrs:`),
    no character references or escapes (`&`, `\\`), no numbered caption, every address of an
    allowed scheme or of none, and no heading whose id could start with `__`."""
    text = body.replace(MORE_MARKER, "").replace(SUMMARY_MARKER, "")
    if any(mark in text for mark in _MARKUP):
        return False
    if "caption" in text and _CAPTION_NUMBER.search(text):
        return False
    if any(mark in text for mark in _UNDERSCORES) and ("#" in text or _SETEXT_HEADING.search(text)):
        return False
    for target in _TARGET.findall(text):
        scheme = _SCHEME.match(_URL_IGNORED.sub("", target).lstrip(_URL_TRIMMED))
        if scheme and scheme[1].lower() not in URL_SCHEMES:
            return False
    return True


def report_removals(
    rel_path: str,
    body: str,
    first_line: int,
    removals: list[Removal],
    report: Report,
    *,
    built: bool = False,
) -> None:
    """Each removal, at the line of `body` (which starts at `first_line`) where it is written.
    `built`: found in the page as the site's own Markdown extensions made it."""
    finder = _Finder(body)
    for removal in removals:
        line = finder.line_of(removal)
        where = first_line + line if line is not None else None
        report.add(rel_path, where, *problem(removal, built=built))


def problem(removal: Removal, *, built: bool = False) -> tuple[str, str]:
    """What is wrong, and the fix, in an editor's words."""
    tag, name, value = removal.tag, removal.attribute, _shown(removal.value)
    if removal.kind == "element":
        return _built_element(tag) if built else raw_html_problem(tag)
    if removal.kind == "url":
        return _url_problem(tag, value)
    if removal.kind == "id":
        return (
            say("the id '{value}' is kept for the site's own page elements", value=value),
            say(
                "choose an id that does not start with two underscores, e.g. {{#{id}}}",
                id=value.strip("_"),
            ),
        )
    if removal.kind == "attribute":
        return _attribute_problem(tag, name)
    return (
        say(
            "the HTML here ('{value}') would be read by browsers otherwise than it is written",
            value=value,
        ),
        say(
            "write plain Markdown here (no HTML, no link inside another link's words); to "
            "show code, put it between `backticks`"
        ),
    )


def _built_element(tag: str) -> tuple[str, str]:
    return (
        say(
            "the page would hold <{tag}>, which the site does not publish: one of the "
            "Markdown extensions that mkdocs.yml adds makes it",
            tag=tag,
        ),
        say(
            "write this part without that extension's syntax, or take the extension "
            "out of 'markdown_extensions' in mkdocs.yml"
        ),
    )


def _attribute_problem(tag: str, name: str) -> tuple[str, str]:
    if name.startswith("__figure"):
        return (
            say(
                "figures are not numbered on this site: the number after '/// caption |' "
                "is not used"
            ),
            say("delete the '|' and the number, leaving '/// caption'"),
        )
    where = KINDS.get(tag, say("a heading") if re.fullmatch(r"h[1-6]", tag) else f"<{tag}>")
    why = say(": it would run a program in readers' browsers") if name.startswith("on") else ""
    fix = STYLE_FIX if name == "style" else ATTRIBUTES_FIX
    message = say(
        "the attribute '{name}' is not allowed on {where}{why}", name=name, where=where, why=why
    )
    return message, fix


def _url_problem(tag: str, value: str) -> tuple[str, str]:
    allowed = say(
        "web pages (https://…), email addresses (mailto:…), phone numbers (tel:…), and the "
        "site's own pages and files"
    )
    if tag == "img":
        return (
            say(
                "the image '{value}' is not allowed: pictures come from files of the site",
                value=value,
            ),
            say(
                "save the picture as a file beside the Markdown file and write its name, "
                "e.g. ![what it shows](chart.png)"
            ),
        )
    return (
        say(
            "the link '{value}' is not allowed: links may lead only to {allowed}",
            value=value,
            allowed=allowed,
        ),
        say("write the full address of the page, e.g. [the report](https://example.org/report)"),
    )


def _shown(value: str) -> str:
    """A value as the report prints it: control characters visible, at most 60 characters."""
    shown = re.sub(r"[\x00-\x1f\x7f]", lambda c: c[0].encode("unicode_escape").decode(), value)
    return shown if len(shown) <= 60 else shown[:59] + "…"


class _Finder:
    """Where in the body each removal is written: the next place its text appears, outside
    code if it is there (a word shown as code earlier is not it), else anywhere (raw HTML that
    only looks like code to a line-based reading, as a fence trick)."""

    def __init__(self, body: str) -> None:
        self.texts = (blank_code(body), body)
        self.after: dict[str, int] = {}  # a pattern found before: the next one is further on

    def line_of(self, removal: Removal) -> int | None:
        """The line's offset in the body, or None if its text is nowhere (then: the file)."""
        for pattern in _patterns(removal):
            for text in self.texts:
                found = pattern.search(text, self.after.get(pattern.pattern, 0))
                if found:
                    self.after[pattern.pattern] = found.end()
                    return text.count("\n", 0, found.start())
        return None


def _patterns(removal: Removal) -> list[re.Pattern[str]]:
    def literal(text: str) -> re.Pattern[str]:
        return re.compile(re.escape(text), re.IGNORECASE)

    if removal.kind == "element":
        return [re.compile("<" + re.escape(removal.tag) + r"(?![\w:-])", re.IGNORECASE)]
    if removal.kind == "changed":
        opening = removal.value.startswith("<") and not removal.value.startswith("</")
        tag = "<" + re.escape(removal.tag) + r"(?![\w:-])" if opening else re.escape(removal.value)
        return [re.compile(tag, re.IGNORECASE), *([literal(removal.near)] if removal.near else [])]
    if removal.kind == "attribute" and removal.attribute.startswith("__figure"):
        return [_CAPTION_NUMBER]
    if removal.kind == "attribute":
        return [re.compile(r"(?<![\w-])" + re.escape(removal.attribute) + r"(?![\w-])", re.I)]
    value = removal.value
    # An address spelt with entities (`java&#x09;script:`) is found by what follows its scheme.
    tail = value.split(":", 1)[1] if ":" in value else ""
    tail = tail if len(tail) >= 3 else ""
    return [literal(text) for text in (value[:80], tail[:80]) if text.strip()]
