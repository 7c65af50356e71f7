"""Pandoc's reading of a Word or LibreOffice document, written as the Markdown Maagal accepts.

Pandoc reads the document (right-to-left runs, footnotes, images, lists, tables); this writer
turns its syntax tree into Markdown of the content contract and nothing else: never raw HTML,
pull quotes in Maagal's own syntax, footnotes as Python-Markdown footnotes, tables as pipe
tables. What has no Markdown form (underline, colour, comments, tracked changes, text boxes)
is dropped and named in `Written.dropped`, for the import's report.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from maagal.importing.reading import QUOTE_STYLES, plain_text
from maagal.load import invisible

_ESCAPE = re.compile(r"([\\`*_\[\]{}])")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # '&copy;' typed in Word is text, not ©
_LINE_START = re.compile(r"^(#|>|[-+]\s)")
# Where a link of the site may lead: web and email addresses, a telephone number, a place in
# the page or a file of the site (no scheme). Never `javascript:`, `data:`, `file:`, `vbscript:`.
LINK_SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})
_IN_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")  # what browsers skip in a scheme

Node = dict[str, Any]


@dataclass
class Image:
    """An image of the document: where pandoc extracted it, and its alt text ('' if none).
    The Markdown holds its `token` until the import knows the picture's name (or leaves it
    out)."""

    source: str
    alt: str
    token: str = ""


@dataclass
class Written:
    """The Markdown of a document's body, and what the import report needs to know."""

    markdown: str = ""
    images: list[Image] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    refused_links: list[str] = field(default_factory=list)  # kept as text, for the report


class MarkdownWriter:
    """Writes one document's blocks; `shift` demotes headings so that the title is the only h1."""

    def __init__(
        self,
        *,
        shift: int = 0,
        quotes: frozenset[str] = frozenset(),
        alts: tuple[str, ...] = (),
    ) -> None:
        self.shift = shift
        self.alts = alts  # the images' descriptions in document order, where pandoc lost them
        self.quotes = quotes  # paragraphs known to be quotations (an .odt's quotation style)
        self.notes: list[str] = []
        self.result = Written()

    def write(self, blocks: list[Node]) -> Written:
        body = self.blocks(blocks)
        if self.notes:
            notes = "\n".join(f"[^{n}]: {text}" for n, text in enumerate(self.notes, start=1))
            body = f"{body}\n\n{notes}"
        self.result.markdown = body.strip() + "\n"
        return self.result

    def _drop(self, what: str) -> None:
        if what not in self.result.dropped:
            self.result.dropped.append(what)

    # -- blocks ------------------------------------------------------------------------------

    def blocks(self, blocks: list[Node], separator: str = "\n\n") -> str:
        parts = [self.block(b) for b in blocks]
        return separator.join(p for p in parts if p.strip())

    def block(self, node: Node) -> str:
        kind: str = node["t"]
        content: Any = node.get("c")  # pandoc's JSON: its shape is the kind's
        if kind in ("Para", "Plain"):
            lines = self.inlines(content).strip().split("\n")  # more than one after a break
            text = "\n".join(_guard_line_start(line) for line in lines)
            if self.quotes and " ".join(plain_text(content).split()) in self.quotes:
                return f"/// pullquote\n{text}\n///"
            return text
        if kind == "Header":
            level, _, text = content
            heading = self.inlines(text).strip().replace("  \n", " ")
            if heading.endswith("#"):
                heading = heading[:-1] + "\\#"  # 'C#' is not a closing '#'
            return "#" * min(6, max(2, level + self.shift)) + " " + heading
        if kind == "BlockQuote":
            return _prefix(self.blocks(content), "> ")
        if kind == "BulletList":
            return self._list(content, lambda _: "- ")
        if kind == "OrderedList":
            start = content[0][0]
            return self._list(content[1], lambda i: f"{start + i}. ")
        if kind == "Div":
            return self._div(content)
        if kind == "Table":
            return self._table(content)
        if kind == "Figure":
            return self._figure(content)
        if kind == "CodeBlock":
            return f"```\n{content[1]}\n```"
        if kind == "HorizontalRule":
            return "---"
        if kind == "LineBlock":
            return "  \n".join(self.inlines(line) for line in content)
        if kind == "DefinitionList":
            return self._definitions(content)
        if kind == "RawBlock":
            self._drop("raw markup (kept as nothing)")
            return ""
        return ""

    def _definitions(self, items: list) -> str:
        parts = []
        for term, definitions in items:
            parts.append(f"**{self.inlines(term).strip()}**")
            parts += [self.blocks(d) for d in definitions]
        return "\n\n".join(parts)

    def _list(self, items: list[list[Node]], marker: Any) -> str:
        lines = []
        for index, item in enumerate(items):
            text = self.blocks(item, "\n\n" if _is_loose(item) else "\n")
            # Python-Markdown nests by four spaces, whatever the marker's width.
            lines.append(marker(index) + _indent(text, "    ").lstrip())
        return "\n".join(lines)

    def _div(self, content: list) -> str:
        (_, _, attributes), blocks = content
        style = dict(attributes).get("custom-style", "")
        if style.strip().casefold() in QUOTE_STYLES:
            inner = (
                blocks[0]["c"] if len(blocks) == 1 and blocks[0]["t"] == "BlockQuote" else blocks
            )
            return f"/// pullquote\n{self.blocks(inner)}\n///"
        return self.blocks(blocks)

    def _figure(self, content: list) -> str:
        _, (_, caption), blocks = content
        body = self.blocks(blocks)
        text = self.blocks(caption) if caption else ""
        return f"{body}\n/// caption\n{text}\n///" if text else body

    def _table(self, content: list) -> str:
        _, caption, _, head, bodies, foot = content
        self._spans: dict[int, int] = {}  # column → rows still covered by a merged cell
        rows = [self._row(row) for row in head[1]]
        for body in bodies:
            rows += [self._row(row) for row in body[2] + body[3]]
        rows += [self._row(row) for row in foot[1]]
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        # Markdown tables have a header row: the document's, else its first row.
        header, rest = rows[0], rows[1:]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rest]
        table = "\n".join(lines)
        if caption[1]:
            table += f"\n/// caption\n{self.blocks(caption[1])}\n///"
        return table

    def _row(self, row: list) -> list[str]:
        """One row; a cell merged over several columns or rows keeps its text in its first
        place and leaves the others empty, so that every value stays under its heading."""
        cells: list[str] = []
        pending = self._spans
        spans: dict[int, int] = {}

        def fill_covered() -> None:
            while pending.get(len(cells), 0) > 0:
                pending[len(cells)] -= 1
                cells.append("")

        for cell in row[1]:
            fill_covered()
            rows, columns = cell[2], cell[3]
            if rows > 1 or columns > 1:
                self._drop("merged table cells (the text stays in the first cell)")
            text = self.blocks(cell[4], " ").replace("\n", " ").replace("|", "\\|")
            if rows > 1:  # the rows below keep these columns empty
                spans.update(dict.fromkeys(range(len(cells), len(cells) + columns), rows - 1))
            cells.append(text.strip())
            cells += [""] * (columns - 1)
        fill_covered()
        pending.update(spans)
        return cells

    # -- inlines -----------------------------------------------------------------------------

    def inlines(self, nodes: list[Node]) -> str:
        return "".join(self.inline(n) for n in nodes)

    def inline(self, node: Node) -> str:
        kind: str = node["t"]
        content: Any = node.get("c")  # pandoc's JSON: its shape is the kind's
        if kind == "Str":
            return _escape(invisible.clean(content))
        if kind in ("Space", "SoftBreak"):
            return " "
        if kind == "LineBreak":
            return "  \n"
        if kind == "Emph":
            return _wrap("*", self.inlines(content))
        if kind == "Strong":
            return _wrap("**", self.inlines(content))
        if kind in ("Underline", "Strikeout", "SmallCaps"):
            self._drop(kind.lower().replace("smallcaps", "small capitals"))
            return self.inlines(content)
        if kind in ("Superscript", "Subscript", "Cite"):
            return self.inlines(content[-1] if kind == "Cite" else content)
        if kind == "Quoted":
            left, right = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
            return left + self.inlines(content[1]) + right
        if kind == "Code":
            return f"`{content[1]}`"
        if kind == "Math":
            return _escape(content[1])
        if kind == "Link":
            return self._link(content)
        if kind == "Image":
            return self._image(content)
        if kind == "Note":
            return self._note(content)
        if kind == "Span":
            return self._span(content)
        if kind == "RawInline":
            self._drop("raw markup (kept as nothing)")
            return ""
        return ""

    def _link(self, content: list) -> str:
        _, text, (url, _) = content
        label = self.inlines(text).strip() or _escape(url)
        if not safe_link(url):
            self.result.refused_links.append(
                f"the link '{plain_text(text).strip() or url}' led to '{url}', which a page "
                "of the site never links to (only web and email addresses): it is kept as text"
            )
            return label
        return f"[{label}](<{url.replace('>', '%3E')}>)"

    def _image(self, content: list) -> str:
        """An image with its alt text: the document's, else the description pandoc lost
        (`alts`); never a file name Word put there."""
        _, alt, (source, _) = content
        alt_text = " ".join(self.inlines(alt).split())
        alt_text = "" if _looks_like_a_file_name(alt_text) else alt_text
        if not alt_text and len(self.result.images) < len(self.alts):
            alt_text = _escape(self.alts[len(self.result.images)])
        token = f"\x00{len(self.result.images)}\x00"  # no text holds it: XML has no NUL
        self.result.images.append(Image(source, alt_text, token))
        return token

    def _note(self, content: list) -> str:
        """A footnote's mark; its text is written at the end (see `write`)."""
        flat = [inner for block in content for inner in _unquoted(block)]
        self.notes.append(self.blocks(flat, " ").replace("\n", " ").strip())
        return f"[^{len(self.notes)}]"

    def _span(self, content: list) -> str:
        """A span's text, without comments and the text of tracked deletions."""
        (_, classes, _), inner = content
        if "comment-start" in classes or "comment-end" in classes:
            self._drop("comments")
            return ""
        if "deletion" in classes:
            self._drop("tracked changes (the deleted text is left out)")
            return ""
        if "insertion" in classes:
            self._drop("tracked changes (the inserted text is kept)")
        return self.inlines(inner)


def safe_link(url: str) -> bool:
    """Whether a link may lead to `url` (see `LINK_SCHEMES`), read as a browser reads it once
    Markdown has written it into a page (where `&#58;` is a colon)."""
    try:
        scheme = urlsplit(_IN_URL_IGNORED.sub("", html.unescape(url))).scheme
    except ValueError:  # 'http://[' is no address at all
        return False
    return scheme.lower() in LINK_SCHEMES


def _escape(text: str) -> str:
    return _ENTITY.sub("&amp;", _ESCAPE.sub(r"\\\1", text)).replace("<", "&lt;")


def _wrap(mark: str, text: str) -> str:
    """`**bold**`, with the spaces Word leaves inside the run moved outside it."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _guard_line_start(text: str) -> str:
    """A line that starts like a heading, a quotation, a list item, a rule or a block stays
    a line of text."""
    numbered = re.match(r"^(\d+)([.)])(\s)", text)
    if numbered:
        return f"{numbered[1]}\\{numbered[2]}{text[numbered.end(2) :]}"
    if re.fullmatch(r"\s*([-=_*])(\s*\1){2,}\s*", text):
        return "\\" + text.lstrip()  # '---' would make the line above a heading
    if text.startswith("///"):
        return "&#47;" + text[1:]
    return "\\" + text if _LINE_START.match(text) else text


def _prefix(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else prefix.rstrip() for line in text.split("\n"))


def _indent(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else "" for line in text.split("\n"))


def _is_loose(item: list[Node]) -> bool:
    return sum(1 for block in item if block["t"] == "Para") > 1


def _unquoted(block: Node) -> list[Node]:
    """A footnote's paragraphs (pandoc's .odt reader wraps them in a block quote)."""
    return block["c"] if block["t"] == "BlockQuote" else [block]


def _looks_like_a_file_name(text: str) -> bool:
    """Word fills an image's description with its file name when nobody wrote one."""
    return bool(re.fullmatch(r"[\w\- ]+\.(png|jpe?g|gif|svg|emf|wmf|bmp|tiff?)", text, re.I))
