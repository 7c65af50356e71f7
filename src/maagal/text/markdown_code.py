"""Where Markdown is code, as Python-Markdown reads it: what links, images and checks skip.

A link written inside code is shown, not followed, and must be neither rewritten nor checked.
Python-Markdown, with the extensions every Maagal page is written with (`render_markdown.py`),
knows three kinds of code:

- fenced blocks (its `fenced_code` extension, which MkDocs always loads): three or more
  backticks or tildes at the very start of a line, closed by a line with the same fence,
  exactly; a fence that is never closed, or is indented, is no fence. The extension's own
  pattern says what a block is; it is matched only from an opening line to the first line
  that can close it (searched alone, it reads from every opening line to the end of the text
  when the fence never closes: 500 of them, in 125 KB, took 4 s);
- code spans: a run of backticks opens one, and the next run of exactly as many backticks in
  the same paragraph closes it (lines may break in between; a blank line ends the paragraph,
  and an opener with no closer is plain backticks);
- indented code blocks: a paragraph whose lines start with four spaces or a tab, unless it
  continues a list item.

`blank_code` keeps every character's place (and every line break), so that what is found in
its result has the same offsets, lines and columns in the source. The scan is linear in the
text: a line of thousands of backticks costs no more than a line of letters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markdown.extensions.fenced_code import FencedBlockPreprocessor

_FENCED_BLOCK = FencedBlockPreprocessor.FENCED_BLOCK_RE
_OPENING = re.compile(r"^(?:~{3,}|`{3,})", re.M)
_CLOSING = re.compile(r"^(~{3,}|`{3,})[ ]*$", re.M)
# A run, and all the backslashes right before it (a match starts only where they start, so a
# long row of backslashes before no backtick is read once, not once from each of them).
_ESCAPED_BACKTICKS = re.compile(r"(?<!\\)(\\*)(`+)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_NOT_LINE_BREAK = re.compile(r"[^\n]")


def blank_code(markdown: str) -> str:
    """`markdown` with every code span and indented code block replaced by spaces (the text
    itself when it has none: most bodies have no code)."""
    if not _may_hold_code(markdown):
        return markdown
    pieces, done = [], 0
    for start, end in code_ranges(markdown):
        start = max(start, done)
        if start < end:
            code = markdown[start:end]
            pieces.append(markdown[done:start])
            pieces.append(_NOT_LINE_BREAK.sub(" ", code) if "\n" in code else " " * len(code))
            done = end
    pieces.append(markdown[done:])
    return "".join(pieces)


def _may_hold_code(markdown: str) -> bool:
    """Whether `markdown` has what every piece of code has: a backtick, a tilde fence, or a
    line that starts indented (a paragraph, and so an indented block, starts a line)."""
    return (
        "`" in markdown
        or "~~~" in markdown
        or "\n    " in markdown
        or "\n\t" in markdown
        or markdown.startswith(("    ", "\t"))
    )


def code_ranges(markdown: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the code in `markdown`, in order."""
    ranges: list[tuple[int, int]] = []
    done = 0
    for start, end in fenced_blocks(markdown).blocks:
        ranges += _unfenced_code(markdown, done, start)
        ranges.append((start, end))
        done = end
    return ranges + _unfenced_code(markdown, done, len(markdown))


@dataclass(frozen=True)
class Fences:
    """The fenced code blocks of a text, and where fences open that never close."""

    blocks: list[tuple[int, int]]
    unclosed: list[int]


def fenced_blocks(markdown: str) -> Fences:
    """The (start, end) offsets of the fenced code blocks, as `_FENCED_BLOCK.finditer` finds
    them (but for a block whose `hl_lines="…"` runs over a line that closes it), and the
    offsets of the fences that open a block and never close it."""
    if "```" not in markdown and "~~~" not in markdown:
        return Fences([], [])
    closing: dict[str, list[int]] = {}
    for line in _CLOSING.finditer(markdown):
        closing.setdefault(line[1], []).append(line.start())
    found = Fences([], [])
    for opening in _OPENING.finditer(markdown):
        start, fence = opening.start(), opening[0]
        line_end = markdown.find("\n", start)
        if line_end < 0:
            break  # an opening line ends with a line break
        if found.blocks and start < found.blocks[-1][1]:
            continue  # inside the block before
        closers = closing.get(fence, [])
        after = bisect.bisect_right(closers, line_end)
        if after == len(closers):
            if _FENCED_BLOCK.match(markdown[start : line_end + 1] + fence):
                found.unclosed.append(start)
            continue
        end = markdown.find("\n", closers[after])
        block = _FENCED_BLOCK.match(markdown, start, len(markdown) if end < 0 else end)
        if block:
            found.blocks.append(block.span())
    return found


def _unfenced_code(markdown: str, start: int, end: int) -> list[tuple[int, int]]:
    """The code spans and indented blocks of `markdown[start:end]` (offsets in `markdown`)."""
    ranges: list[tuple[int, int]] = []
    previous_is_list = False
    for first, last in _paragraphs(markdown[start:end]):
        start_of, text = start + first, markdown[start + first : start + last]
        if _INDENTED.match(text) and not previous_is_list:
            ranges.append((start_of, start_of + len(text)))
            continue
        if _LIST_ITEM.match(text):
            previous_is_list = True
        elif not _INDENTED.match(text):
            previous_is_list = False
        if "`" in text:
            ranges += [(start_of + s, start_of + e) for s, e in code_spans(text)]
    return ranges


def _paragraphs(markdown: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the blocks between blank lines."""
    blocks = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(markdown):
        blocks.append((start, match.start()))
        start = match.end()
    blocks.append((start, len(markdown)))
    return [(s, e) for s, e in blocks if markdown[s:e].strip()]


def code_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the code spans of one paragraph, backticks included."""
    runs = _runs(text)
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        after = bisect.bisect_right(same, index)
        if after < len(same):
            closer = same[after]
            spans.append((start, runs[closer][1]))
            index = closer + 1
        else:
            index += 1
    return spans


def _runs(text: str) -> list[tuple[int, int]]:
    """The runs of backticks, each without a backslash-escaped first backtick (an odd number
    of backslashes before it: `\\`` is a literal backtick, and the run starts after it)."""
    runs = []
    for match in _ESCAPED_BACKTICKS.finditer(text):
        start, end = match.start(2) + len(match[1]) % 2, match.end()
        if start < end:
            runs.append((start, end))
    return runs
