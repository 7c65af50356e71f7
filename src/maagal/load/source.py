"""Reading one Markdown file: bytes to text, front matter to data, body with its line number."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from maagal.load import invisible, lenient, limits
from maagal.load.yamltext import ParsedYaml, YamlProblem, parse_yaml
from maagal.model.documents import MORE_MARKER
from maagal.run.errors import Report
from maagal.run.said import say
from maagal.text.markdown_code import blank_code

# C0 control characters other than tab and newline: invisible, forbidden in XML, and usually
# pasted from a word processor. Refused in front matter (with their line), dropped from bodies.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What ends a line or moves to the next column, in a value written with escapes ("a\nb").
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
# Control characters a value can still hold after its escapes are read ("\0", "\x1b").
_VALUE_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def one_line(text: str) -> str:
    """A one-line value (a title, a name) as the one line it is meant to be: a line break or
    tab that YAML's escapes or a '|' block put in it becomes one space, and the invisible
    characters that are dropped everywhere are dropped (see `maagal.load.invisible`)."""
    if _BREAKS.search(text):
        text = " ".join(piece.strip(" ") for piece in _BREAKS.split(text) if piece.strip(" "))
    return invisible.drop_silent(text)


def hidden_character(text: str) -> str | None:
    r"""What is wrong with a value that holds an invisible control character (which escapes
    such as "\0" or "\u202e" write without showing it), in an editor's words; None if none."""
    control = _VALUE_CONTROL.search(text)
    if control:
        return say("an invisible control character (U+{code})", code=f"{ord(control.group()):04X}")
    direction = next(invisible.refused(text), None)
    if direction:
        return say("an invisible direction control {control}", control=direction.describe())
    return None


@dataclass(frozen=True)
class SourceText:
    """A Markdown file split into front matter and body."""

    rel_path: str
    front: ParsedYaml
    front_line: int
    body: str
    body_line: int

    @property
    def meta(self) -> dict:
        return self.front.data if isinstance(self.front.data, dict) else {}

    def line_of(self, *path: str | int) -> int:
        return self.front.line_of(*path, default=self.front_line) or 1

    @cached_property
    def blanked(self) -> str:
        """The body with its code blanked (`markdown_code.blank_code`), made once for the
        checks that read the body outside code."""
        return blank_code(self.body)

    @cached_property
    def placeholder_offsets(self) -> tuple[int, ...]:
        """Where the body still holds text `maagal new` wrote (offsets from `body_line`).

        Kept with the parsed file (see `maagal.cache.parse_cache`): every load checks it."""
        from maagal.text import skeletons

        return tuple(offset for offset, _ in skeletons.placeholder_lines(self.blanked))

    def misspells(self, name: str) -> bool:
        """Whether a field the file has is `name` misspelled ('authr:'): reported there, as
        an unknown field, and not once more as a missing one."""
        others = [key for key in self.meta if key != name]
        return bool(difflib.get_close_matches(name, others, n=1, cutoff=0.6))


def read_text(path: Path, rel_path: str, report: Report) -> str | None:
    """Decode a file as UTF-8, dropping a byte-order mark and normalising line ends; invisible
    characters are dropped or reported (see `maagal.load.invisible`)."""
    size = limits.too_big(path)
    if size is not None:
        report.add(rel_path, None, *limits.size_message(size))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        report.add(
            rel_path,
            line,
            say(
                "the file is not UTF-8 text (byte 0x{raw} cannot be read)",
                raw=f"{raw[error.start]:02X}",
            ),
            say(
                "save the file with the UTF-8 encoding (in most editors: Save As… → "
                "Encoding: UTF-8)"
            ),
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for finding in invisible.refused_lines(text):
        report.add(rel_path, finding.line, finding.message(), finding.fix, column=finding.column)
    # Refused characters are reported above and taken out here, so that nothing else in the
    # file is reported because of them.
    return invisible.clean(text)


def split_source(
    path: Path, rel_path: str, report: Report, *, front_matter_required: bool
) -> SourceText | None:
    """Read a Markdown file; on any problem add it to `report` and return None."""
    text = read_text(path, rel_path, report)
    if text is None:
        return None
    if not text.strip():
        report.add(
            rel_path,
            None,
            say("the file is empty"),
            say(
                "write front matter between two '---' lines, e.g. '---\\ntitle: …\\n---', "
                "or delete the file"
            ),
        )
        return None
    newline = text.find("\n")
    if (text if newline < 0 else text[:newline]).rstrip() != "---":
        return _without_front_matter(text, rel_path, report, required=front_matter_required)
    found = _front_matter_lines(text)
    if found is None:
        report.add(
            rel_path,
            1,
            say("the front matter is never closed"),
            say("add a line '---' after the last front-matter field"),
        )
        return None
    lines, body_start = found
    end = len(lines) - 1  # the closing line's index
    front = _front_matter(lines, end, rel_path, report)
    if front is None:
        return None
    body = CONTROL.sub("", text[body_start:])
    return _within_limits(SourceText(rel_path, front, 1, body, end + 2), report)


def _within_limits(source: SourceText, report: Report) -> SourceText | None:
    """`source`, or None (reported) when its lists and quotes nest deeper than is read, a
    code fence never closes, or it holds more HTML tags than are read (see
    `maagal.load.limits`)."""
    deep = limits.too_deep(source.body, source.blanked)
    if deep is not None:
        report.add(source.rel_path, source.body_line + deep.offset, *limits.depth_message())
        return None
    unclosed = limits.unclosed_fence(source.body)
    if unclosed is not None:
        line = source.body_line + unclosed.offset
        report.add(source.rel_path, line, *limits.unclosed_message(unclosed))
        return None
    tags = limits.too_many_tags(source.body, source.blanked)
    if tags is not None:
        report.add(source.rel_path, source.body_line + tags.offset, *limits.tags_message(tags))
        return None
    return source


def _without_front_matter(
    text: str, rel_path: str, report: Report, *, required: bool
) -> SourceText | None:
    """A file that does not start with '---': all body, where front matter may be left out."""
    if required:
        report.add(
            rel_path,
            1,
            say("the file has no front matter"),
            say(
                "start the file with a line '---', the fields (e.g. 'title: …'), and "
                "another line '---'"
            ),
        )
        return None
    return _within_limits(SourceText(rel_path, ParsedYaml({}), 1, text, 1), report)


def _front_matter_lines(text: str) -> tuple[list[str], int] | None:
    """The lines of `text` from its first through the one that closes the front matter, and
    the offset where the body starts after it; None when nothing closes it. (Only those lines
    are split off: the body, most of the file, is taken whole.)"""
    lines: list[str] = []
    start = 0
    while True:
        newline = text.find("\n", start)
        lines.append(text[start:] if newline < 0 else text[start:newline])
        if len(lines) > 1 and lines[-1].rstrip() in ("---", "..."):
            return lines, len(text) if newline < 0 else newline + 1
        if newline < 0:
            return None
        start = newline + 1


def _front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter opened on the first line."""
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)


def _front_matter(lines: list[str], end: int, rel_path: str, report: Report) -> ParsedYaml | None:
    """The fields between the first line and line `end`, or None when they cannot count."""
    size = sum(len(line) + 1 for line in lines[1:end])
    if size > limits.FRONT_MATTER_LIMIT:
        report.add(rel_path, 1, *limits.front_matter_message(size))
        return None
    typed = _as_typed(lines[1:end], rel_path, report)
    if typed is None:
        return None
    yaml_text = "\n".join(lenient.read_text_fields(typed))
    try:
        front = parse_yaml(yaml_text, first_line=2)
    except YamlProblem as problem:
        _report_unreadable(rel_path, lines, problem, report)
        return None
    for keys, first, second in front.duplicates:
        name = ".".join(str(part) for part in keys)
        report.add(
            rel_path,
            second,
            say(
                "'{name}' is written twice (lines {first} and {second}); only one can count",
                name=name,
                first=first,
                second=second,
            ),
            say("delete the line that is wrong"),
        )
    if front.data is None:
        return ParsedYaml({})
    if not isinstance(front.data, dict):
        report.add(
            rel_path,
            2,
            say("the front matter must be a list of 'field: value' lines"),
            say("write one 'field: value' per line between the '---' lines"),
        )
        return None
    return front


def _as_typed(front_lines: list[str], rel_path: str, report: Report) -> list[str] | None:
    """The front matter's lines as YAML expects them (`lenient.normalize`), or None when a
    line holds what no reading can settle (a control character, a lone quote mark)."""
    if _control_characters(front_lines, rel_path, report):
        return None
    typed = lenient.normalize(front_lines)
    return None if _unpaired_quotes(typed, rel_path, report) else typed


def _control_characters(front_lines: list[str], rel_path: str, report: Report) -> bool:
    """Report each control character in the front matter (which starts on line 2); whether
    there was one."""
    bad = [(i + 2, m.group()) for i, line in enumerate(front_lines) for m in CONTROL.finditer(line)]
    for line_number, char in bad:
        report.add(
            rel_path,
            line_number,
            say(
                "an invisible control character (U+{code}) in the front matter",
                code=f"{ord(char):04X}",
            ),
            say("delete it (retype the line); it usually comes from pasting from a word processor"),
        )
    return bool(bad)


def _unpaired_quotes(front_lines: list[str], rel_path: str, report: Report) -> bool:
    """Report each text field with a lone quote mark at either end (which starts on line 2);
    whether there was one. A value that goes on, indented, on the next line is left to YAML."""
    found = False
    for index, line in enumerate(front_lines):
        following = front_lines[index + 1] if index + 1 < len(front_lines) else ""
        unpaired = None if following.startswith((" ", "\t")) else lenient.unpaired_quote(line)
        if unpaired:
            what, better = unpaired
            report.add(rel_path, index + 2, what, _hint(better))
            found = True
    return found


def _report_unreadable(
    rel_path: str, lines: list[str], problem: YamlProblem, report: Report
) -> None:
    """A front-matter line that cannot be read: what is wrong in plain words, and the line
    rewritten so that it can be read, where Maagal can tell how and the rewrite works."""
    line = problem.line or 2
    if problem.hint:  # the same fix on any line
        said = say(
            "the front matter cannot be read here: {what}", what=lenient.explain(problem.problem)
        )
        report.add(rel_path, line, said, problem.hint)
        return
    typed = lines[line - 1] if 0 < line <= len(lines) else ""
    above = lines[line - 2] if line > 2 else ""
    what: str
    what, better = lenient.explain(problem.problem), lenient.suggestion(typed)
    stumbled = "mapping values" in problem.problem or "expected ':'" in problem.problem
    if stumbled and lenient.lacks_colon(above):
        # 'subtitle x' above makes YAML stumble on this line
        line, what, better = line - 1, say("the field's name has no ':' after it"), None
        better = lenient.with_colon(above)
    elif "expected ':'" in problem.problem and re.match(r"^\s*-[^\s-]", above):
        line, what = line - 1, say("a list item needs a space after its '-'")
        better = re.sub(r"^(\s*)-", r"\1- ", above)
    elif "expected '-' indicator" in problem.problem and (item := _field_as_item(lines, line)):
        # '- title: …' on the first line makes the front matter a list: YAML stumbles on the
        # next field, but the '-' is the mistake
        line, what = item, say("a field written as a list item (a '- ' in front of it)")
        better = lines[item - 1].removeprefix("- ").lstrip()
    if better and (better.strip() == lines[line - 1].strip() or not _reads(lines, line, better)):
        better = None
    report.add(
        rel_path,
        line,
        say("the front matter cannot be read here: {what}", what=what),
        _hint(better),
    )


def _hint(better: str | None) -> str:
    if better:
        return say("write the line as: {better}", better=better)
    return say(
        "write each line as 'field: value' (e.g. 'title: …'), lists in brackets (e.g. "
        "'authors: [noa-barkai]'), and compare it with the lines around it"
    )


def _field_as_item(lines: list[str], line: int) -> int | None:
    """The line above `line` where a field is written as a list item ('- title: …')."""
    for number in range(line - 1, 1, -1):
        if re.match(r"^- +[^\s:]+:", lines[number - 1]):
            return number
    return None


def _reads(lines: list[str], line: int, rewritten: str) -> bool:
    """Whether the front matter can be read with `rewritten` in place of line `line`."""
    front = [*lines[1 : _front_matter_end(lines)]]
    front[line - 2] = rewritten
    try:
        parse_yaml("\n".join(lenient.read_text_fields(lenient.normalize(front))))
    except YamlProblem:
        return False
    return True


def split_excerpt(body: str) -> tuple[str, bool]:
    """The excerpt (text before `<!-- more -->`, else the first paragraph) and whether marked,
    without the footnote marks whose notes are not in it (see `_without_lone_marks`)."""
    if MORE_MARKER in body:
        return _without_lone_marks(body.split(MORE_MARKER, 1)[0].strip()), True
    paragraphs = [
        p
        for p in body.strip().split("\n\n")
        if p.strip() and not p.lstrip().startswith(("#", "///", "!["))
    ]
    return _without_lone_marks(paragraphs[0].strip() if paragraphs else ""), False


_FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_NOTE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)


def _without_lone_marks(excerpt: str) -> str:
    """Lists, feeds and the email edition show the excerpt without the notes below it, where a
    mark would be printed as '[^1]': a mark whose note is not in the excerpt is left out there
    (a Word document's first paragraph often has one). Marks in code are text, and kept."""
    if "[^" not in excerpt:
        return excerpt
    code_blanked = blank_code(excerpt)
    noted = set(_FOOTNOTE_NOTE.findall(code_blanked))
    for mark in reversed(list(_FOOTNOTE_MARK.finditer(code_blanked))):
        if mark[1] not in noted:
            excerpt = excerpt[: mark.start()] + excerpt[mark.end() :]
    return excerpt
