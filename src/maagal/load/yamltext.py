"""YAML as editors write it, parsed with line numbers and without surprises.

PyYAML's safe loader follows YAML 1.1: `no` becomes False and `2017-02-30` raises a bare
ValueError while constructing a date. Editors mean text and dates they can be told about, so
this loader keeps timestamps as strings (the schemas parse them with a clear message) and only
`true`/`false` are booleans.

Anchors and aliases (`&name` marks a value, `*name` repeats it) are refused: no field needs
them, and nine lines of them repeat a value a billion times (a file of 1 KB took `maagal check`
past 8 GB). Values nest at most `NESTING_LIMIT` levels (a front matter nests two, the authors
file four); deeper, each level costs the code that reads it a call, and 10,000 of them one
crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from maagal.run.said import say

# libyaml's C parser when PyYAML has it (ten times faster on a large archive), same rules.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class EditorLoader(_BASE):  # type: ignore[misc, valid-type]
    """SafeLoader without implicit timestamps and with YAML 1.2 booleans."""


_REPLACED = (
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
)
EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# YAML 1.1 reads "17:00" as the base-60 number 1020; editors mean a time, so no base 60.
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?$"),
    list("-+0123456789"),
)


@dataclass
class ParsedYaml:
    """Data plus the file line of each key and list item, keyed by their path."""

    data: Any
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    # Keys written twice in one mapping (YAML keeps the last silently): (path, first, second).
    duplicates: list[tuple[tuple[str | int, ...], int, int]] = field(default_factory=list)

    def line_of(self, *path: str | int, default: int | None = None) -> int | None:
        """Line of the deepest known prefix of `path` (a list item, else its key)."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return default


NESTING_LIMIT = 20
REPEATED = say("a value marked with '&' or repeated with '*'")
NESTED = say("values nested more than {limit} levels deep", limit=NESTING_LIMIT)
NESTED_HINT = say(
    "write the field as the editors' guide shows it: a list of keys in brackets, "
    "e.g. 'topics: [housing]', or a name per language, e.g. 'name: {{he: …, en: …}}'"
)


class YamlProblem(Exception):
    """A YAML syntax error at a line of the file; `hint`, when the fix does not depend on the
    line (which the caller may otherwise rewrite for the editor)."""

    def __init__(self, line: int | None, problem: str, hint: str | None = None) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem
        self.hint = hint


def parse_yaml(text: str, first_line: int = 1) -> ParsedYaml:
    """Parse `text` whose first line is line `first_line` of its file."""
    if "&" in text or "*" in text:
        _refuse_repeats(text, first_line)
    loader = EditorLoader(text)
    parsed = ParsedYaml(None)
    try:
        node = loader.get_single_node()
        if node is not None:
            _record_lines(node, (), parsed, first_line)  # before any value is made of it
            parsed.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        unclosed = "flow" in (error.context or "") or "quoted" in (error.context or "")
        if error.context_mark and mark and (unclosed or mark.line >= len(text.splitlines())):
            # "did not find expected ']'" is found at the end of the front matter; the line
            # where the unclosed list or quote starts is the one to fix.
            mark = error.context_mark
        line = first_line + mark.line if mark else None
        problem = error.problem or error.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml's own limit, at 1,000 levels
            raise YamlProblem(line, NESTED, NESTED_HINT) from None
        raise YamlProblem(line, problem) from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, str(error)) from None
    finally:
        loader.dispose()
    return parsed


def _refuse_repeats(text: str, first_line: int) -> None:
    """Stop at the first anchor or alias, before any value is repeated."""
    loader = EditorLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlProblem(
                    first_line + event.start_mark.line,
                    REPEATED,
                    say(
                        "write the value itself in each place it is needed, without '&' or '*' "
                        "(a text that starts with one of them goes between double quotes)"
                    ),
                )
    except yaml.YAMLError:
        pass  # not readable at all: parse_yaml says where
    finally:
        loader.dispose()


def _record_lines(
    node: yaml.Node,
    path: tuple[str | int, ...],
    parsed: ParsedYaml,
    first: int,
    duplicated: set[tuple[str | int, ...]] | None = None,
) -> None:
    """The line of each key and item under `node`, and the keys written twice (once: not the
    keys inside a mapping written twice). `duplicated`: the keys written twice so far."""
    if len(path) > NESTING_LIMIT:
        raise YamlProblem(first + node.start_mark.line, NESTED, NESTED_HINT)
    duplicated = set() if duplicated is None else duplicated
    lines = parsed.lines
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, str(key_node.value))
            line = first + key_node.start_mark.line
            if key in lines and not any(key[:n] in duplicated for n in range(1, len(key))):
                parsed.duplicates.append((key, lines[key], line))
                duplicated.add(key)
            lines[key] = line
            _record_lines(value_node, key, parsed, first, duplicated)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = first + item.start_mark.line
            _record_lines(item, (*path, index), parsed, first, duplicated)
