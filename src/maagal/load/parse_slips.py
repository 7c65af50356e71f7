"""Lists, emphasis and addresses as the parse that renders the page reads them.

Three slips of everyday writing that Python-Markdown publishes otherwise than meant, found by
`parse_checks._Watch` from what its processors are given and what they make:

- a sub-item indented by two spaces (as GitHub and Word's converters write it) or three: the
  parser wants four, and makes it one more item of the list above;
- a numbered list right under a bullet list, or the other way round: its items join the list
  above, with its marks (an empty line between them makes two lists: `text/lists.py`);
- `**` or `__` that opens a stress never closed, printed as written; and a picture's or a
  link's address with a space, which the parser keeps as written (`<…>` around it changes
  nothing, and `<my` is refused as raw HTML): the site's checks of pictures and links read
  no such address, and feed readers and email clients cut it at the space.

Also a caption under no picture, and a pull quote with no text (as the web editor writes one
inserted and never written): an empty frame.

`rough` is their share of `parse_checks.settled`: whether a body may hold any of them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from typing import Protocol

from maagal.run.said import say, to_say

Finding = tuple[int | None, str, str]  # (line offset in the body, problem, fix)


class _Lines(Protocol):
    """The body's lines as `parse_checks._Lines` keeps them, to find a finding's line."""

    blanked: list[str]

    def find(self, kind: str, test: Callable[[int], bool]) -> int | None: ...

    def pattern(self, kind: str, pattern: re.Pattern[str]) -> int | None: ...


# A list item's line, as a list processor reads one inside its block (0 to 3 spaces before).
_CHILD = re.compile(r"([ ]{0,3})(?:(\d+\.)|[*+-])[ ]+\S")
# `**` or `__` that opens a run: at the start of a text, or after a space, an opening mark, a
# hyphen or a maqaf (`ו-**…`), and right before a letter or a digit (`5 ** 3` and `snake__case`
# open nothing).
_OPENING = re.compile(r"(?:^|(?<=[\s(\[\"'׳״/־-]))(\*\*\*?|___?)(?=\w)")
_ADDRESS_WITH_SPACE = re.compile(r"\]\([ \t]*<?[^)\s\"'<>]*[ \t]+[^)\s\"']")
_NOT_TEXT = frozenset({"code", "pre", "script", "style"})
# Lines pasted from Word or WhatsApp that Python-Markdown reads as running text: a heading
# after a no-break space, list items numbered `1)`, bulleted `•` or with a no-break space after
# their mark, or `-` with none (`-ראשון`); lines of cells apart by tabs; a line ending in `\`
# (a line break elsewhere).
_PASTED_HEADING = re.compile(r"[ ]*\u00a0[\u00a0 ]*#{1,6}(?:[ \u00a0]|$)")
_PASTED_ITEM = re.compile(
    r"[ \u00a0]{0,3}(?:(\d+\))[ \u00a0\t]|([•·◦▪●])|(?:[*+-]|\d+\.)\u00a0|(-)(?=[^\W\d_]))"
)
_TABBED = re.compile(r"\S\t+\S")
# A box in another tool's Markdown (MkDocs' `!!! note`; Pandoc's and Docusaurus' `::: note`),
# which this site does not read: its first line would be printed as text. (A Hebrew line
# starting `!!! שימו לב` is the editor's own exclamation, and is left alone. MkDocs' `??? note`
# is left to the allow-list: a site that adds pymdownx.details is told <details> is refused.)
_OTHER_BOX = re.compile(r"[ ]{0,3}(?:!!!|:::+)[ ]*[A-Za-z{\"]")
# Any line that starts so (first line aside), found from the line break before it: fast.
_PASTED_LINE = re.compile(
    r"\n[ \t>\u00a0]*(?:\u00a0[\u00a0 ]*#|\d+\)|[•·◦▪●]|(?:[*+-]|\d+\.)\u00a0|-[^\W\d_]"
    r"|(?:!!!|:::)[ ]*[A-Za-z{\"])"
)
_CAPTION_LINE = re.compile(r"[ ]{0,3}/{3,}[ ]*caption\b", re.IGNORECASE)
_PULLQUOTE_LINE = re.compile(r"[ ]{0,3}/{3,}[ ]*pullquote\b", re.IGNORECASE)
# A pull quote with nothing between its first and last lines (what the web editor writes for
# one inserted and never written): the page would show an empty frame.
_EMPTY_PULLQUOTE = re.compile(
    r"^[ ]{0,3}/{3,}[ ]*pullquote\b[^\n]*\n(?:[ \t]*\n)*[ ]{0,3}/{3,}[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


def list_notes(tag: str, block: str) -> Iterator[tuple[str, str]]:
    """What a list processor of `tag` (`ul` or `ol`) does with `block` that was not meant:
    ("sub-item", line) for an item indented less than four spaces more than the first
    item, read as an item of the same list; ("other kind", line) for an item of the other
    kind at the same depth, read as an item of this list. A run of such items is one note."""
    lines = block.split("\n")
    first = _CHILD.match(lines[0])
    depth = len(first[1]) if first else 0
    said = ""  # each run of such items is said once, at its first
    for line in lines[1:]:
        item = _CHILD.match(line)
        if item is None:
            continue
        kind = "sub-item" if len(item[1]) > depth else ""
        if not kind and bool(item[2]) != (tag == "ol"):
            kind = "other kind"
        if kind and kind != said:
            yield kind, line
        said = kind


def tabbed_lines(body: str) -> frozenset[str]:
    """The lines of `body` with a tab between two words, as the parser gets them (its tabs
    made spaces): the parse cannot see a tab."""
    return frozenset(
        line.expandtabs(4).strip() for line in body.split("\n") if _TABBED.search(line)
    )


def paragraph_notes(lines: list[str], tabbed: frozenset[str]) -> Iterator[tuple[str, str]]:
    """What a paragraph holds that was pasted as something else: (kind, its line); `tabbed`,
    the lines that held tabs (`tabbed_lines`)."""
    for i, line in enumerate(lines):
        if _PASTED_HEADING.match(line):
            yield "heading", line
        if line.endswith("\\") and i < len(lines) - 1:
            yield "backslash", line
        if _OTHER_BOX.match(line):
            yield "box", line
    items = [(line, item) for line in lines if (item := _PASTED_ITEM.match(line))]
    if items and (len(items) > 1 or items[0][0] is not lines[0]):  # lines joined into one
        line, item = items[0]
        kinds = ("numbered", "bullet", "no space")
        marked = (kind for kind, mark in zip(kinds, item.groups(), strict=True) if mark)
        yield next(marked, "no-break"), line
    if len(lines) > 1 and all(line.strip() in tabbed for line in lines):
        yield "tabs", lines[0]


def tree_notes(root: etree.Element) -> Iterator[tuple[str, str]]:
    """What the page's tree holds that was not meant (before escaped characters are put back,
    so `\\*\\*` is not seen): ("stress", the run and the words after it) for each `**` or `__`
    left as text where it would open a stress; ("address", it) for each picture's or link's
    address with a space."""
    captions = quotes = 0
    for element in root.iter():
        if element.tag == "figure" and element.get("class") == "pullquote":
            quotes += 1
            quote = element.find("blockquote")
            if quote is not None and not len(quote) and not (quote.text or "").strip():
                yield "empty quote", str(quotes)
        # (a pull quote's attribution is a figcaption of its own, not a `/// caption`)
        captioned = element.tag == "figure" and element.get("class") != "pullquote"
        if captioned and element.find("figcaption") is not None:
            captions += 1
            if not _shows_something(element):
                yield "caption", str(captions)
        address = element.get("src" if element.tag == "img" else "href")
        if element.tag in ("img", "a") and address and re.search(r"\s", address):
            yield "address", address
        texts = [element.tail] if element.tag in _NOT_TEXT else [element.text, element.tail]
        for text in filter(None, texts):
            for run in _OPENING.finditer(text):
                yield "stress", " ".join(text[run.start() :].split()[:3])


def _shows_something(figure: etree.Element) -> bool:
    """Whether a caption's figure holds what a caption is for: a picture, a table or code."""
    return figure.get("class") == "pullquote" or any(
        inner.tag in ("img", "table", "pre")
        for child in figure
        if child.tag != "figcaption"
        for inner in child.iter()
    )


def rough(body: str) -> bool:
    """Whether `body` may hold a stress left open, an address with a space, a line pasted as
    a list, a heading or a table, or a caption under no picture (the lists' share is in
    `parse_checks._lists_apart`): a line with an odd number of `**` or of `__`, or with one
    of them and code about; `](` before an address with a space; a line that ends in `\\`,
    a tab between words, a line that starts as `_PASTED_LINE` says; a `/// caption` line
    whose line above (empty lines aside) is not a picture's."""
    if "](" in body and _ADDRESS_WITH_SPACE.search(body):
        return True
    if "\\\n" in body or ("\t" in body and _TABBED.search(body)):
        return True
    if _PASTED_LINE.match("\n" + body[:100]) or _PASTED_LINE.search(body):
        return True
    if "caption" in body and _caption_alone(body):
        return True
    if "pullquote" in body and _EMPTY_PULLQUOTE.search(body):
        return True
    for mark in ("**", "__"):
        start = body.find(mark)
        while start >= 0:
            end = body.find("\n", start)
            end = len(body) if end < 0 else end
            line = body[body.rfind("\n", 0, start) + 1 : end]
            if line.count(mark) % 2 or "`" in line:
                return True
            start = body.find(mark, end)
    return False


def _caption_alone(body: str) -> bool:
    """Whether a `/// caption` line is not right under a picture's line (or a table's, which
    `settled` renders anyway)."""
    start = body.find("caption")
    while start >= 0:
        line_start = body.rfind("\n", 0, start) + 1
        if _CAPTION_LINE.match(body, line_start):
            above = body[:line_start].rstrip().rsplit("\n", 1)[-1].strip()
            if not above.startswith(("![", "[![")):
                return True
        start = body.find("caption", start + 1)
    return False


def findings(
    lines_notes: list[tuple[str, str]], tree: list[tuple[str, str]], lines: _Lines
) -> Iterator[Finding]:
    for kind, line in lines_notes:
        offset = lines.find(kind, _same(lines, line))
        listed = kind in ("sub-item", "other kind")
        yield offset, *(_list_message(kind, line) if listed else _pasted(kind, line))
    for kind, text in tree:
        if kind == "address":
            written = re.compile(r"\]\(\s*<?" + re.escape(text))
            yield lines.pattern("address", written), *_address(text)
        elif kind == "caption":
            yield _nth_line(lines, _CAPTION_LINE, int(text)), *_caption()
        elif kind == "empty quote":
            yield _nth_line(lines, _PULLQUOTE_LINE, int(text)), *_EMPTY_QUOTE
        else:
            yield lines.pattern("stress", re.compile(re.escape(text.split()[0]))), *_stress(text)


def _same(lines: _Lines, line: str) -> Callable[[int], bool]:
    """Whether the source's line at an index is `line` as the parser got it (quote marks,
    indentation and no-break spaces around it aside, its tabs made spaces)."""
    wanted = line.strip()
    return lambda i: lines.blanked[i].expandtabs(4).strip() == wanted


def _nth_line(lines: _Lines, first_line: re.Pattern[str], n: int) -> int | None:
    """The n-th line (from 1) that starts as a block's `first_line`."""
    found = [i for i, line in enumerate(lines.blanked) if first_line.match(line)]
    return found[n - 1] if n <= len(found) else None


def _list_message(kind: str, line: str) -> tuple[str, str]:
    shown = line.strip()
    if kind == "sub-item":
        return (
            say(
                "the sub-item '{short}' is indented by {spaces} spaces: it would be "
                "printed as one more item of the list above, not under its item",
                short=_short(shown),
                spaces=len(line) - len(line.lstrip()),
            ),
            say("indent the sub-item by four spaces"),
        )
    numbered = shown[0].isdigit()
    joins = (
        to_say(
            "a numbered list right under a bullet list joins it: '{short}' would be "
            "printed as one more bullet item"
        )
        if numbered
        else to_say(
            "a bullet list right under a numbered list joins it: '{short}' would be "
            "printed as one more numbered item"
        )
    )
    return (
        say(joins, short=_short(shown)),
        say("leave an empty line between the two lists"),
    )


_PASTED_FIXES = {
    "heading": (
        to_say(
            "'{line}' starts with a no-break space (pasted from Word): it would be printed "
            "as text, with its #, not as a heading"
        ),
        say("delete what is before the # (the line must start with #)"),
    ),
    "numbered": (
        to_say(
            "'{line}' is numbered with ')': the lines of the list would be printed as one "
            "line of text"
        ),
        say("number the items 1. 2. 3. (a dot, then a space), with an empty line above the list"),
    ),
    "bullet": (
        to_say(
            "'{line}' starts with a bullet pasted from Word or WhatsApp: the lines of the "
            "list would be printed as one line of text"
        ),
        say("write each item as '- …' (a hyphen, then a space), with an empty line above the list"),
    ),
    "no-break": (
        to_say(
            "'{line}' has a no-break space after its list mark (pasted from Word): the "
            "lines of the list would be printed as one line of text"
        ),
        say("put an ordinary space after each item's mark, with an empty line above the list"),
    ),
    "no space": (
        to_say(
            "'{line}' has no space after its '-': the lines of the list would be printed "
            "as one line of text"
        ),
        say("put a space after each item's '-' (- …), with an empty line above the list"),
    ),
    "box": (
        to_say(
            "'{line}' is a box in another tool's Markdown, which this site does not read: "
            "readers would see the line as text"
        ),
        say(
            "delete the line (and a closing ::: line, if there is one) and write the text "
            "under it as a paragraph, at the start of its lines; for a quote to stand out, "
            "/// pullquote on the line before it and /// on the line after"
        ),
    ),
    "backslash": (
        to_say("'{line}' ends in \\, which this site prints as text: it makes no line break"),
        say(
            "delete the \\; for a new line within the paragraph end the line with two "
            "spaces, for a new paragraph leave an empty line"
        ),
    ),
    "tabs": (
        to_say(
            "'{line}' and the lines under it are cells apart by tabs (a table pasted from "
            "Word or a spreadsheet): they would be printed as one paragraph"
        ),
        say(
            "write the table in Markdown: | between the cells and a line |---|---| under "
            "the header row"
        ),
    ),
}


def _pasted(kind: str, line: str) -> tuple[str, str]:
    problem, fix = _PASTED_FIXES[kind]
    shown = _short(" ".join(line.replace("\u00a0", " ").split()))
    return say(problem, line=shown), fix


def _caption() -> tuple[str, str]:
    return (
        say(
            "the caption is under no picture: it would be printed as the caption of the "
            "text above it, framed with it as a figure"
        ),
        say(
            "put the picture, ![what it shows](file.jpg), on the line right above /// "
            "caption, or delete the caption"
        ),
    )


_EMPTY_QUOTE = (
    say("the pull quote has no text: the page would show an empty frame"),
    say(
        "write the quote between '/// pullquote' and '///' (in the web editor: in the pull "
        "quote's form), or delete the two lines"
    ),
)


def _stress(text: str) -> tuple[str, str]:
    mark = text[: len(text) - len(text.lstrip(text[0]))]
    return (
        say(
            "'{short}' opens a stress that is never closed: the {mark} would be printed as text",
            short=_short(text),
            mark=mark,
        ),
        say(
            "close it with {mark} at the end of the words to stress, or delete the {mark}",
            mark=mark,
        ),
    )


def _address(address: str) -> tuple[str, str]:
    dashed = "-".join(address.split())
    return (
        say(
            "the address '{address}' has a space: it would be published as written, "
            "unchecked (a file missing or misspelt goes unnoticed), and feed readers and "
            "email clients cut an address at its first space",
            address=address,
        ),
        say(
            "write the file name without spaces: rename the file (e.g. to '{dashed}') and "
            "write that name",
            dashed=dashed,
        ),
    )


def _short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
