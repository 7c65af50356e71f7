"""Invisible characters that word processors, web pages and WhatsApp leave in pasted text.

One rule for `maagal check`, `maagal build` and the commit hook (`maagal check --invisible`):

- **Dropped** without a word, wherever they are (titles and running text): the direction marks
  LRM, RLM and ALM (U+200E, U+200F, U+061C), the zero-width space (U+200B), the soft hyphen
  (U+00AD), the word joiner (U+2060) and a byte-order mark (U+FEFF) inside a file. They show
  nothing, the site sets the direction of every page and paragraph itself, and kept they hide
  inside words from search and links. They rarely matter on a page whose direction is set; a
  run of symbols inside Hebrew (C++, a phone number with a dash) may sit differently without
  one, which the editor sees in the preview and can reword.
- **Refused**, with line, column and name: the embeddings, overrides and isolates
  (U+202A–U+202E, U+2066–U+2069). They reorder the visible text around them (an override
  shows letters in reverse; an unclosed one reorders everything after it), so what an editor
  sees in one program is not what a reader sees in another. `maagal check --fix` deletes them.

Zero-width joiners and non-joiners (U+200C, U+200D) are left alone: emoji and some scripts
need them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from maagal.run.said import say

BOM = "\ufeff"
DROPPED = frozenset("\u200e\u200f\u061c\u200b\u00ad\u2060" + BOM)
REFUSED = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
)
# (A character class finds them far faster than a set's intersection or `str.translate`,
# which read a text character by character in Python's objects.)
_DROPPED = re.compile("[" + "".join(sorted(DROPPED)) + "]")
_REFUSED = re.compile("[" + "".join(sorted(REFUSED)) + "]")
_ALL = re.compile("[" + "".join(sorted(DROPPED | REFUSED)) + "]")


@dataclass(frozen=True)
class Finding:
    """A refused character at a line and column (counted in characters, from 1)."""

    line: int
    column: int
    char: str

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "UNNAMED")

    def describe(self) -> str:
        return f"{self.code} ({self.name})"


@dataclass(frozen=True)
class LineProblem:
    """The refused characters of one line: one problem, at the first one's column."""

    line: int
    column: int
    findings: tuple[Finding, ...]

    @property
    def fix(self) -> str:
        return FIX if len(self.findings) == 1 else FIX_MANY

    def message(self) -> str:
        if len(self.findings) == 1:
            return say(
                "an invisible direction control {control} that reorders the text around it",
                control=self.findings[0].describe(),
            )
        listed = say(
            "{controls} and {last} at column {column}",
            controls=", ".join(
                say("{control} at column {column}", control=f.describe(), column=f.column)
                for f in self.findings[:-1]
            ),
            last=self.findings[-1].describe(),
            column=self.findings[-1].column,
        )
        return say(
            "invisible direction controls that reorder the text around them: {listed}",
            listed=listed,
        )


FIX = say(
    "delete it (run 'maagal check --fix FILE' to delete every one); the site sets the "
    "direction of Hebrew and English text by itself"
)
FIX_MANY = say(
    "delete them (run 'maagal check --fix FILE' to delete every one); the site sets the "
    "direction of Hebrew and English text by itself"
)


def refused(text: str, first_line: int = 1) -> Iterator[Finding]:
    """Every refused character of `text`, whose first line is line `first_line` of its file."""
    if not _REFUSED.search(text):
        return
    for number, line in enumerate(text.split("\n"), start=first_line):
        for index, char in enumerate(line):
            if char in REFUSED:
                yield Finding(number, index + 1, char)


def refused_lines(text: str, first_line: int = 1) -> Iterator[LineProblem]:
    """The refused characters of `text`, one problem per line (a pasted pair is one paste)."""
    current: list[Finding] = []
    for finding in refused(text, first_line):
        if current and current[0].line != finding.line:
            yield LineProblem(current[0].line, current[0].column, tuple(current))
            current = []
        current.append(finding)
    if current:
        yield LineProblem(current[0].line, current[0].column, tuple(current))


def drop_silent(text: str) -> str:
    """`text` without the characters that are dropped without a word."""
    return _DROPPED.sub("", text)


def clean(text: str) -> str:
    """`text` without any of the characters this module knows (what `--fix` writes)."""
    return _ALL.sub("", text)
