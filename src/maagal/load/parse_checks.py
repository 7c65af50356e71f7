"""Constructs an editor can leave half-done, as the parse that renders the page reads them.

A pull quote or a caption whose closing `///` is missing swallows everything after it; `---`
right under a line of text makes that line a heading; a table row with more cells than its
header loses them; a list written right under a paragraph, or a table without the line under
its header, is printed as text with its marks; a footnote mark without its note is printed as
written. Whether each happened is decided by Python-Markdown itself, with the extensions every
page is written with (`text/render_markdown.EXTENSIONS`): `_Watch` notes what some of its
processors do while a body is converted (a setext heading made, a table row split, a paragraph
that holds a list marker, `|` rows or a `///` line, the blocks opened and still open at the
end, the footnotes defined twice, marked without a note, or never marked). The check and the
page cannot disagree: the check is the page's parse, watched.

Python-Markdown keeps no line numbers, so each finding is looked up in the source afterwards,
with its code blanked (`markdown_code.blank_code`): the first line, after the one found before
for the same kind of finding, that holds what the processor was given (quote marks `>` and
indentation aside). A finding whose text is nowhere is reported on the file.

Rendering costs 1 to 5 ms a body (some 15 s for the 5,626 of archive-5k), and most bodies
hold none of these constructs, or only finished ones: `settled` tells them apart by their text
alone, in about 50 µs, and they are not rendered (see its rules). What the checks found is kept
with the parsed files, as every body check is (`cache/parse_cache.py`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import markdown
from markdown.extensions.footnotes import FootnoteBlockProcessor

from maagal.load import parse_slips
from maagal.run.errors import Report, did_you_mean
from maagal.run.said import say
from maagal.text.markdown_code import blank_code
from maagal.text.render_markdown import EXTENSIONS

Finding = parse_slips.Finding

_LIST_MARKER = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ ]+\S")  # Python-Markdown's list items
# A block's first or last line, as `pymdownx.blocks` reads one; any line that starts so.
_BLOCK_LINE = re.compile(r"[ ]{0,3}(/{3,})[ ]*([\w-]*)[ ]*(?:\|.*)?")
_STRAY = re.compile(r"[ ]{0,3}/{3}")
_QUOTED = re.compile(r"^[ \t>]*")  # what a quote or a list item's indentation puts before a line
_BLOCK_WORDS = {"pullquote": say("pull quote"), "caption": say("caption")}


@dataclass
class _Notes:
    """What the parser did with the constructs that can be left half-done, in source order."""

    headings: list[tuple[str, str]] = field(default_factory=list)  # (line, the line under it)
    rows: list[tuple[str, int, int]] = field(default_factory=list)  # (row, cells, header's)
    paragraphs: list[tuple[str, list[str]]] = field(default_factory=list)  # (what, its lines)
    opened: list[Any] = field(default_factory=list)  # the `///` blocks made, in order
    unclosed: list[int] = field(default_factory=list)  # indexes in `opened`
    unmarked: list[str] = field(default_factory=list)  # footnotes defined, never marked
    missing: list[str] = field(default_factory=list)  # footnote marks without a note
    twice: list[str] = field(default_factory=list)  # footnotes defined again
    lists: list[tuple[str, str]] = field(default_factory=list)  # `parse_slips.*_notes`
    tree: list[tuple[str, str]] = field(default_factory=list)  # `parse_slips.tree_notes`


def _before(owner: Any, name: str, note: Callable[..., None]) -> None:
    """Call `note` with the arguments of `owner.name` before it runs (on this instance only)."""
    original = getattr(owner, name)

    def watched(*args: Any) -> Any:
        note(*args)
        return original(*args)

    setattr(owner, name, watched)


class _Watch:
    """A Markdown converter with the site's extensions whose processors report what they do.
    Each processor runs as it always does: the notes are taken from its arguments and state."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSIONS)
        self.notes = _Notes()
        self.tabbed: frozenset[str] = frozenset()
        processors = self.md.parser.blockprocessors
        # pymdownx's blocks manager has no type hints, and the stubs of the tables processor
        # leave out `_split_row`, how it reads a row's cells (used here for the same reading).
        self.blocks = cast(Any, processors["blocks"])
        self.table = cast(Any, processors["table"])
        self.footnotes = cast(FootnoteBlockProcessor, processors["footnote"]).footnotes
        self.block_names = frozenset(self.blocks.blocks)
        _before(processors["setextheader"], "run", self._heading)
        _before(self.table, "run", self._table)
        _before(processors["paragraph"], "run", self._paragraph)
        _before(self.blocks, "run", self._block)
        _before(self.footnotes, "setFootnote", self._definition)
        _before(self.md.inlinePatterns["footnote"], "handleMatch", self._mark)
        for name in ("olist", "ulist"):
            _before(processors[name], "run", self._list)
        _before(self.md.treeprocessors["unescape"], "run", self._tree)

    def read(self, body: str) -> _Notes:
        notes = self.notes = _Notes()
        self.tabbed = parse_slips.tabbed_lines(body) if "\t" in body else frozenset()
        self.md.reset().convert(body)
        still_open = {id(entry.block) for entry in self.blocks.stack}
        notes.unclosed = [i for i, block in enumerate(notes.opened) if id(block) in still_open]
        used = self.footnotes.footnote_order
        notes.unmarked = [name for name in self.footnotes.footnotes if name not in used]
        return notes

    def _heading(self, parent: Any, blocks: list[str]) -> None:
        lines = blocks[0].split("\n")
        self.notes.headings.append((lines[0], lines[1]))

    def _table(self, parent: Any, blocks: list[str]) -> None:
        header = len(self.table.separator)
        for row in blocks[0].split("\n")[2:]:
            cells = len(self.table._split_row(row.strip(" ")))
            if cells != header:
                self.notes.rows.append((row.strip(), cells, header))

    def _paragraph(self, parent: Any, blocks: list[str]) -> None:
        lines = blocks[0].split("\n")
        if any(_STRAY.match(line) for line in lines):
            self.notes.paragraphs.append(("block", lines))
        elif len(lines) > 1 and all(line.strip().startswith("|") for line in lines):
            self.notes.paragraphs.append(("table", lines))
        elif any(_LIST_MARKER.match(line) for line in lines[1:]):
            self.notes.paragraphs.append(("list", lines))
        self.notes.lists.extend(parse_slips.paragraph_notes(lines, self.tabbed))

    def _block(self, parent: Any, blocks: list[str]) -> None:
        if self.blocks.cached_block:  # `test` found an opening line: `run` makes the block
            self.notes.opened.append(self.blocks.cached_block[0])

    def _list(self, parent: Any, blocks: list[str]) -> None:
        tag = "ol" if _NUMBERED.match(blocks[0]) else "ul"
        self.notes.lists.extend(parse_slips.list_notes(tag, blocks[0]))

    def _tree(self, root: Any) -> None:
        self.notes.tree.extend(parse_slips.tree_notes(root))

    def _definition(self, name: str, text: str) -> None:
        if name in self.footnotes.footnotes:
            self.notes.twice.append(name)

    def _mark(self, match: re.Match[str], data: str) -> None:
        if match[1] not in self.footnotes.footnotes:
            self.notes.missing.append(match[1])


@functools.cache
def _watch() -> _Watch:
    return _Watch()


# A line of = or - (a setext heading's underline, as the parser reads one inside quotes and
# list items too) and a list item's line, each found from the line break before it (a search
# that starts from a literal character is fast: the cheap test runs on every body).
_UNDERLINE = re.compile(r"\n[ \t>]*(?:=+|-+)[ \t]*(?=\n|$)")
_ITEM = re.compile(r"\n([ \t>]*)(?:([*+-])|\d+\.)[ ]+\S")
_ITEM_LINE = re.compile(r"([ \t>]*)(?:([*+-])|\d+\.)[ ]+\S")
_NUMBERED = re.compile(r"[ ]{0,3}\d+\.[ ]")


def settled(body: str, names: frozenset[str]) -> bool:
    """Whether `body` surely holds none of the constructs `_Watch` notes, or only finished ones
    (`names`: the blocks the site knows). Each rule is a condition without which the parser
    cannot make its finding: a footnote needs `[^`; a table, `|` on a line that is not a
    block's first (where it brings the attribution); a setext heading, a line of = or - right
    under a line of text; a list read into a paragraph, a list item right under a line of text
    that is not an item of its kind; a block left open or a `///` printed as text, a `///` that
    is not at the start of a line, first or last line of a known block, nested and closed in
    order, with no option lines or code fences about (in which the parser reads otherwise); a
    sub-item read as an item, an item indented less than a level from the item above; and the
    slips of `parse_slips.rough`. About 50 microseconds a body of archive-5k (30 before the
    rules of lists, stress, addresses, captions and pasted lines)."""
    if "[^" in body:
        return False
    if any(_line_before(body, line.start()).strip(" \t>") for line in _UNDERLINE.finditer(body)):
        return False
    if "|" in body and any(not _BLOCK_LINE.fullmatch(line) for line, _ in _lines_with(body, "|")):
        return False
    if parse_slips.rough(body) or not _lists_apart(body):
        return False
    return "///" not in body or _blocks_closed(body, names)


def _line_before(body: str, newline: int) -> str:
    """The line that ends at the line break at `newline`."""
    return body[body.rfind("\n", 0, newline) + 1 : newline]


def _lines_with(body: str, text: str) -> Iterator[tuple[str, int]]:
    """Each line of `body` that holds `text`, with the offset where it ends."""
    found = body.find(text)
    while found >= 0:
        end = body.find("\n", found)
        end = len(body) if end < 0 else end
        yield body[body.rfind("\n", 0, found) + 1 : end], end
        found = body.find(text, end)


def _lists_apart(body: str) -> bool:
    for item in _ITEM.finditer(body):
        before = _line_before(body, item.start())
        other = _ITEM_LINE.match(before)
        if before.strip(" \t>") and (other is None or bool(other[2]) != bool(item[2])):
            return False
        if other is not None and _nested_short(other[1], item[1]):
            return False  # a sub-item indented less than four spaces
    return True


def _nested_short(above: str, below: str) -> bool:
    """Whether an item whose line starts with `below` may be meant under the item above it
    (whose line starts with `above`) and indented too little to be, or an item indented less
    than a level from the one above (or quoted otherwise)."""
    above, below = above.expandtabs(4), below.expandtabs(4)
    if ">" in above or ">" in below:
        return above != below
    return (len(below) - len(above)) % 4 != 0


def _blocks_closed(body: str, names: frozenset[str]) -> bool:
    if "```" in body or "~~~" in body:
        return False
    open_blocks: list[int] = []
    for line, end in _lines_with(body, "///"):
        block = _BLOCK_LINE.fullmatch(line)
        if block is None or line.startswith(" "):
            return False
        if block[2]:
            if block[2].lower() not in names or body.startswith("    ", end + 1):
                return False
            if "|" in line and block[2].lower() != "pullquote":
                return False
            open_blocks.append(len(block[1]))
        elif open_blocks and open_blocks[-1] == len(block[1]) and line.rstrip() == block[1]:
            open_blocks.pop()
        else:
            return False
    return not open_blocks


def check_structure(
    rel_path: str, body: str, first_line: int, report: Report, *, blanked: str | None = None
) -> None:
    """Report each construct of `body` (which starts at `first_line`) left half-done
    (`blanked`: the body with its code blanked, when the caller has it)."""
    watch = _watch()
    if settled(body, watch.block_names):
        return
    notes = watch.read(body)
    lines = _Lines(body, first_line, blank_code(body) if blanked is None else blanked)
    for offset, problem, fix in _findings(notes, lines, watch.block_names):
        report.add(rel_path, None if offset is None else first_line + offset, problem, fix)


class _Lines:
    """The body's lines, to find each finding's line: the source (without the quote marks and
    indentation before it) and the same with its code blanked."""

    def __init__(self, body: str, first_line: int, blanked: str) -> None:
        self.first = first_line
        self.source = [_QUOTED.sub("", line).rstrip() for line in body.split("\n")]
        self.blanked = [_QUOTED.sub("", line).rstrip() for line in blanked.split("\n")]
        self.after: dict[str, int] = {}  # kind → the line after the one found last

    def find(self, kind: str, test: Callable[[int], bool]) -> int | None:
        """The first line after the last one found for `kind` that passes `test`."""
        for i in range(self.after.get(kind, 0), len(self.source)):
            if test(i):
                self.after[kind] = i + 1
                return i
        return None

    def text(self, kind: str, text: str) -> int | None:
        """The next line of text (outside code) that is `text`."""
        wanted = text.strip()
        return self.find(kind, lambda i: self.blanked[i] == wanted != "")

    def under(self, kind: str, above: str, line: str) -> int | None:
        """The next line that is `line` (outside code), right under one that holds `above`."""
        return self.find(
            kind,
            lambda i: (
                i > 0 and line in (self.blanked[i], self.source[i]) and above in self.source[i - 1]
            ),
        )

    def row(self, row: str) -> int | None:
        return self.find("row", lambda i: self.source[i].strip() == row)

    def pattern(self, kind: str, pattern: re.Pattern[str]) -> int | None:
        return self.find(kind, lambda i: pattern.search(self.blanked[i]) is not None)


def _findings(notes: _Notes, lines: _Lines, names: frozenset[str]) -> Iterator[Finding]:
    blocks = list(_unclosed(notes, lines))
    yield from blocks
    first_open = min((line for line, _, _ in blocks if line is not None), default=None)
    yield from _headings(notes, lines)
    yield from _rows(notes, lines)
    yield from _paragraphs(notes, lines, names, first_open)
    yield from _footnotes(notes, lines)
    yield from parse_slips.findings(notes.lists, notes.tree, lines)


def _word(block: Any) -> str:
    return _BLOCK_WORDS.get(block.NAME, say("'/// {name}' block", name=block.NAME))


def _unclosed(notes: _Notes, lines: _Lines) -> Iterator[Finding]:
    """Each block still open when the text ended, at its opening line: the blocks made are
    matched in order with the opening lines of their names."""
    where: dict[int, int] = {}
    made = 0
    for i, line in enumerate(lines.blanked):
        opening = _BLOCK_LINE.fullmatch(line)
        if made < len(notes.opened) and opening and opening[2]:
            block = notes.opened[made]
            if opening[2].lower() == block.NAME and len(opening[1]) == block.length:
                where[made] = i
                made += 1
    for index in notes.unclosed:
        block = notes.opened[index]
        word, closing = _word(block), "/" * block.length
        yield (
            where.get(index),
            say(
                "the {word} opened here is never closed: everything after it, to the end "
                "of the text, would be inside it",
                word=word,
            ),
            say("add a line {closing} where the {word} ends", closing=closing, word=word),
        )


def _headings(notes: _Notes, lines: _Lines) -> Iterator[Finding]:
    for text, under in notes.headings:
        head, mark = text.strip(), under.strip()
        offset = lines.under("heading", head, mark)
        shown = _shorten(head)
        if mark.startswith("-"):
            yield (
                offset,
                say(
                    "'{mark}' right under a line of text makes that line a heading ('{shown}')",
                    mark=mark,
                    shown=shown,
                ),
                say("leave an empty line above {mark}, or write the heading as '## …'", mark=mark),
            )
        else:
            yield (
                offset,
                say(
                    "'{mark}' right under a line of text makes that line a main heading "
                    "('{shown}')",
                    mark=mark,
                    shown=shown,
                ),
                say("write a heading as '## …', or delete the line {mark}", mark=mark),
            )


def _rows(notes: _Notes, lines: _Lines) -> Iterator[Finding]:
    for row, cells, header in notes.rows:
        offset = lines.row(row)
        count = say(
            "the table row has {cells} and its header row {header}",
            cells=_cells(cells),
            header=header,
        )
        if cells > header:
            yield (
                offset,
                say("{count}: {last} would not be shown", count=count, last=_last(cells - header)),
                say(
                    "give the row as many cells as the header (a | inside a cell is "
                    "written \\|), or add the column to the header and to the line under it"
                ),
            )
        else:
            yield (
                offset,
                say("{count}: the row would end in empty cells", count=count),
                say("add the missing cells (an empty cell is written | |)"),
            )


def _last(count: int) -> str:
    return say("the last cell") if count == 1 else say("the last {count} cells", count=count)


def _cells(count: int) -> str:
    return say("1 cell") if count == 1 else say("{count} cells", count=count)


def _shorten(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _paragraphs(
    notes: _Notes, lines: _Lines, names: frozenset[str], first_open: int | None
) -> Iterator[Finding]:
    """Paragraphs that hold what was meant as a block's line, a table or a list."""
    unknown = False  # a block's first line printed as text: its closing line is no news
    for what, text in notes.paragraphs:
        if what == "block":
            line = next(line for line in text if _STRAY.match(line))
            offset = lines.text("block", line)
            closing = not line.strip(" /")
            if closing and (unknown or (first_open is not None and (offset or 0) > first_open)):
                unknown = False
                continue
            unknown = not closing
            yield offset, *(_stray_closing() if closing else _stray_opening(line, names))
        elif what == "table":
            yield lines.text("table", text[0]), *_table_as_text(text)
        else:
            item = next(i for i in range(1, len(text)) if _LIST_MARKER.match(text[i]))
            offset = lines.under("list", text[item - 1].strip(), text[item].strip())
            yield (
                offset,
                say(
                    "a list right under a line of text is printed as part of that "
                    "paragraph, its marks as text"
                ),
                say("leave an empty line above the list"),
            )


def _stray_closing() -> tuple[str, str]:
    return (
        say("this /// closes no block: it would be printed as text"),
        say("delete the line, or write the block's first line above its text (e.g. /// pullquote)"),
    )


def _stray_opening(line: str, names: frozenset[str]) -> tuple[str, str]:
    name = line.strip(" /").split(" ", 1)[0].split("|", 1)[0]
    return (
        say(
            "'{line}' is not the first line of a block the site knows: it would be printed "
            "as text{did_you_mean}",
            line=_shorten(line.strip()),
            did_you_mean=did_you_mean(name, names) if name else "",
        ),
        say(
            "write a pull quote as '/// pullquote' (or '/// pullquote | who said it') and "
            "a caption as '/// caption', each on a line of its own"
        ),
    )


def _table_as_text(text: list[str]) -> tuple[str, str]:
    header = _row_cells(text[0])
    example = "|" + "---|" * header
    under = text[1].strip()
    if "-" in under and set(under) <= set("|:- "):
        return (
            say(
                "the line under the table's header row has {columns} and the header "
                "{header}: the table would be printed as text, with its | marks",
                columns=_columns(_row_cells(under)),
                header=header,
            ),
            say(
                "write one --- between | marks for each column of the header: {example}",
                example=example,
            ),
        )
    return (
        say(
            "the table has no line under its header row: it would be printed as text, with "
            "its | marks"
        ),
        say("add a line {example} under the header row (one --- for each column)", example=example),
    )


def _columns(count: int) -> str:
    return say("1 column") if count == 1 else say("{count} columns", count=count)


def _row_cells(row: str) -> int:
    """How many cells a table's line has (its outer | marks aside)."""
    inner = re.sub(r"^\||(?<!\\)\|$", "", row.strip())
    return len(re.findall(r"(?<!\\)\|", inner)) + 1


def _footnotes(notes: _Notes, lines: _Lines) -> Iterator[Finding]:
    for name in dict.fromkeys(notes.missing):
        mark = f"[^{name}]"
        yield (
            lines.pattern("mark", re.compile(re.escape(mark) + r"(?!:)")),
            say("the footnote mark {mark} has no note: it would be printed as '{mark}'", mark=mark),
            say(
                "write its note on a line of its own at the end of the text, '{mark}: …', "
                "or delete the mark",
                mark=mark,
            ),
        )
    for name in dict.fromkeys(notes.twice):
        note = _note(name)
        first = lines.pattern(f"note {name}", note)
        again = lines.pattern(f"note {name}", note)
        also = say(" (also on line {line})", line=lines.first + first) if first is not None else ""
        yield (
            again,
            say(
                "the footnote [^{name}] is written twice{also}: the page would show only the last",
                name=name,
                also=also,
            ),
            say(
                "give one of them a name of its own, e.g. [^{name}b], with its mark in the "
                "text, or delete one",
                name=name,
            ),
        )
    for name in notes.unmarked:
        yield (
            lines.pattern(f"note {name}", _note(name)),
            say(
                "the footnote [^{name}] is never marked in the text: it would be listed at "
                "the end, linked to no place",
                name=name,
            ),
            say("put [^{name}] in the text where the note belongs, or delete the note", name=name),
        )


def _note(name: str) -> re.Pattern[str]:
    return re.compile(r"^[ ]{0,3}\[\^" + re.escape(name) + r"\]:")
