"""How big and how deep a content file may be: far above what editors write, below what
makes a build run for minutes or crash.

- **Size**: a file of up to `FILE_LIMIT` bytes (1 MB: some 500,000 Hebrew letters, a book of
  300 pages; the sample site's longest file has under 10 KB). Reading, checking and rendering
  Markdown take time that grows with the text, and faster on some text than on the rest: a 50 MB
  article kept a build busy for more than ten minutes without a word.
- **Front matter**: up to `FRONT_MATTER_LIMIT` characters (a document's fields take a few
  hundred). The YAML reader takes five seconds for a megabyte.
- **Depth**: lists and quotes nested up to `NESTING_LIMIT` levels (an article nests three or
  four). Python-Markdown reads each level with a call of its own: 10,000 list markers at the
  start of a line ended the build in a RecursionError.
- **HTML tags** (`<` before a letter, `<![`): Python-Markdown reads raw HTML with Python's
  HTMLParser, which looks for the end of each tag from where it starts, and for a `<` that no
  `>` closes reads to the end of the text, once for each such `<` (a line of 20,000 `<a` took
  5.5 s, 10,000 `<http://` 15 s; 2,000 `<![CDATA[` 19 s). Raw HTML is refused anyway
  (`body_checks.py`), so a text with more than `TAG_LIMIT` tags, or any `<![`, is refused
  whole before any of it is rendered. Autolinks (`<https://…>`, `<name@example.org>`) are
  not tags and are not counted.
- **Code fences that never close** are reported (the backticks would show as text, which no
  editor means): Python-Markdown reads from each of them to the end of the text, looking for
  its end, and 1,000 of them in 500 KB took 36 s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from maagal.run.said import say
from maagal.text.markdown_code import blank_code, fenced_blocks

FILE_LIMIT = 1_000_000
FRONT_MATTER_LIMIT = 200_000
NESTING_LIMIT = 20
# A line that could open more than NESTING_LIMIT levels starts with that many of these (each
# level takes a '>', a list marker, or four spaces of indentation): only such lines are read
# closely, so that the check costs nothing on ordinary text.
_DEEP_START = re.compile(rf"^[ \t>*+.)0-9-]{{{NESTING_LIMIT},}}", re.M)
_LEVEL = re.compile(r"([ \t]*+)(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))")
_INDENT = re.compile(r"[ \t]*+")
_FENCE_RUN = re.compile(r"`+|~+")
TAG_LIMIT = 5
_TAG_START = re.compile(r"<(?:/?[a-zA-Z]|!\[)")
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")


@dataclass(frozen=True)
class TooDeep:
    """The first line nested deeper than the limit, counted from the text's first line."""

    offset: int


def too_big(path: Path) -> int | None:
    """The file's size in bytes when it is over the limit."""
    size = path.stat().st_size
    return size if size > FILE_LIMIT else None


def size_message(size: int) -> tuple[str, str]:
    return (
        say(
            "the file is {size} MB; a content file can be at most {limit} MB",
            size=f"{size / 1_000_000:.1f}",
            limit=FILE_LIMIT // 1_000_000,
        ),
        say(
            "split it into several documents (a long paper into parts); pictures go in files "
            "of their own beside it, not into the text"
        ),
    )


def front_matter_message(size: int) -> tuple[str, str]:
    return (
        say(
            "the front matter (between the '---' lines) is {size} characters long; it can be "
            "at most {limit}",
            size=f"{size:,}",
            limit=f"{FRONT_MATTER_LIMIT:,}",
        ),
        say("keep only the fields there; the text goes below the second '---' line"),
    )


def too_deep(body: str, blanked: str | None = None) -> TooDeep | None:
    """The first line of `body` whose lists and quotes nest more than `NESTING_LIMIT` levels
    (code is not counted: it is shown, not nested; `blanked`: the body with its code blanked,
    when the caller has it)."""
    if not _DEEP_START.search(body):
        return None
    lines = (blank_code(body) if blanked is None else blanked).split("\n")
    offset, counted = 0, 0
    for match in _DEEP_START.finditer(body):
        offset += body.count("\n", counted, match.start())
        counted = match.start()
        if _depth(lines[offset]) > NESTING_LIMIT:
            return TooDeep(offset)
    return None


def _depth(line: str) -> int:
    """How many levels a line opens: its '>' and list markers, and each four columns of the
    indentation before them (a tab counts four); read no further than one level past the
    limit."""
    depth, pos = 0, 0
    while depth <= NESTING_LIMIT:
        level = _LEVEL.match(line, pos)
        if level is None:
            break
        depth += 1 + _width(level[1]) // 4
        pos = level.end()
    indent = _INDENT.match(line, pos)
    return depth + (_width(indent[0]) // 4 if indent and line[indent.end() :].strip() else 0)


def _width(indent: str) -> int:
    return len(indent) + 3 * indent.count("\t")


def depth_message() -> tuple[str, str]:
    return (
        say(
            "lists or quotes nested more than {limit} levels deep (an article needs three or four)",
            limit=NESTING_LIMIT,
        ),
        say("take out the extra '>' or list markers at the start of the line"),
    )


@dataclass(frozen=True)
class Unclosed:
    """The first fence that opens a code block and never closes it, and how many more do."""

    offset: int  # of its line, from the text's first line
    fence: str
    more: int


def unclosed_fence(body: str) -> Unclosed | None:
    unclosed = fenced_blocks(body).unclosed
    if not unclosed:
        return None
    start = unclosed[0]
    run = _FENCE_RUN.match(body, start)
    marks = run[0] if run else "```"
    if len(marks) > 10:
        marks = (
            say("{count} backticks", count=len(marks))
            if marks[0] == "`"
            else say("{count} tildes", count=len(marks))
        )
    return Unclosed(body.count("\n", 0, start), marks, len(unclosed) - 1)


def unclosed_message(found: Unclosed) -> tuple[str, str]:
    more = say(" (and {more} more after it)", more=f"{found.more:,}") if found.more else ""
    return (
        say(
            "a code block opened here with {fence} is never closed{more}",
            fence=found.fence,
            more=more,
        ),
        say(
            "add a line of {fence} where the code ends (to show the marks as text, put them "
            "between single backticks)"
            if " " in found.fence
            else "add a line {fence} where the code ends (to show the marks as text, put them "
            "between single backticks)",
            fence=found.fence,
        ),
    )


@dataclass(frozen=True)
class Tags:
    """HTML tags in a text: how many, and the line of the first (from the text's first)."""

    count: int
    offset: int
    section: bool  # a '<![' (CDATA or a Word condition) is among them


def too_many_tags(body: str, blanked: str | None = None) -> Tags | None:
    """The tags outside code in `body` when they are too many to read (see the docstring;
    `blanked` as for `too_deep`)."""
    if "<" not in body:
        return None
    text = blank_code(body) if blanked is None else blanked
    starts = [
        match.start()
        for match in _TAG_START.finditer(text)
        if not _AUTOLINK.match(text, match.start())
    ]
    section = any(text.startswith("<![", start) for start in starts)
    if len(starts) <= TAG_LIMIT and not section:
        return None
    return Tags(len(starts), text.count("\n", 0, starts[0]), section)


def tags_message(found: Tags) -> tuple[str, str]:
    fix = say(
        "write Markdown instead of HTML (see the editors' guide); a less-than sign needs a "
        "space after it (x < y); to show HTML as code, put it between `backticks`"
    )
    if found.section:
        return (
            say(
                "'<![' starts an HTML section (CDATA, or a condition of Word's HTML), "
                "which Markdown does not have"
            ),
            say(
                "delete it and what closes it (']]>'): it comes from a web page's or "
                "Word's HTML source, not from the text"
            ),
        )
    return (
        say(
            "the text holds {count} HTML tags ('<' before a letter), the first on this "
            "line; raw HTML is not allowed in Markdown, and more than {limit} are not read",
            count=f"{found.count:,}",
            limit=TAG_LIMIT,
        ),
        fix,
    )
