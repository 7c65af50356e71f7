"""YAML as editors write it, parsed with line numbers and without surprises.

PyYAML's safe loader follows YAML 1.1: `no` becomes False and `2017-02-30` raises a bare
ValueError while constructing a date. Editors mean text and dates they can be told about, so
this loader keeps timestamps as strings (the schemas parse them with a clear message) and only
`true`/`false` are booleans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

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


class YamlProblem(Exception):
    """A YAML syntax error at a line of the file."""

    def __init__(self, line: int | None, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


def parse_yaml(text: str, first_line: int = 1) -> ParsedYaml:
    """Parse `text` whose first line is line `first_line` of its file."""
    loader = EditorLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        unclosed = "flow" in (error.context or "") or "quoted" in (error.context or "")
        if error.context_mark and mark and (unclosed or mark.line >= len(text.splitlines())):
            # "did not find expected ']'" is found at the end of the front matter; the line
            # where the unclosed list or quote starts is the one to fix.
            mark = error.context_mark
        line = first_line + mark.line if mark else None
        problem = error.problem or error.context or "invalid YAML"
        raise YamlProblem(line, problem) from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, str(error)) from None
    finally:
        loader.dispose()
    parsed = ParsedYaml(data)
    if node is not None:
        _record_lines(node, (), parsed, first_line)
    return parsed


def _record_lines(
    node: yaml.Node, path: tuple[str | int, ...], parsed: ParsedYaml, first: int
) -> None:
    lines = parsed.lines
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, str(key_node.value))
            line = first + key_node.start_mark.line
            if key in lines and not any(
                key[:n] == d[0] for d in parsed.duplicates for n in range(len(key))
            ):
                parsed.duplicates.append((key, lines[key], line))
            lines[key] = line
            _record_lines(value_node, key, parsed, first)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = first + item.start_mark.line
            _record_lines(item, (*path, index), parsed, first)
