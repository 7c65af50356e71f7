"""A parsed document file as plain data, for the parse cache (`cache/parse_cache.py`).

What is kept is what reading the file found: its front matter (the YAML's data with the line
of each key), its body, and where the body still holds `maagal new`'s placeholders. Read
back, each part is checked for its type, and the front matter is validated by its schema again
(a thousandth of a second per file; the YAML and the body checks are what the cache saves):
the cache holds no object that only its own code could vouch for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maagal.cache.parse_cache import Damaged, need
from maagal.load.schema import validate_meta
from maagal.load.source import SourceText
from maagal.load.yamltext import ParsedYaml
from maagal.run.errors import ContentError, Report

_SCALARS = (str, int, float, bool, type(None))


def plain(value: Any) -> Any:
    """YAML data as JSON keeps it exactly: text, numbers, true/false, null, lists and mappings
    with text keys; anything else (`1: x`, `!!set`, `!!binary`) raises `Damaged` and the file
    is not kept."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: plain(item) for key, item in value.items()}
    raise Damaged(f"not plain data: {type(value).__name__}")


def _flat(paths: dict[tuple[str | int, ...], int] | list[tuple[str | int, ...]]) -> list[Any]:
    """Paths of keys in one flat list (a list per path would cost the garbage collector):
    each path's length, then its parts."""
    flat: list[Any] = []
    for path in paths:
        flat.append(len(path))
        flat.extend(path)
    return flat


def _paths(value: Any) -> list[tuple[str | int, ...]]:
    """The paths `_flat` wrote: keys are text, list items numbers."""
    flat = need(value, list)
    paths, at = [], 0
    while at < len(flat):
        size = flat[at]
        path = tuple(flat[at + 1 : at + 1 + size])
        if type(size) is not int or size < 1 or len(path) != size:
            raise Damaged("a path of another shape")
        for part in path:
            if type(part) is not str and type(part) is not int:
                raise Damaged("a key of another shape")
        paths.append(path)
        at += 1 + size
    return paths


def _lines(paths: Any, lines: Any) -> dict[tuple[str | int, ...], int]:
    keys, numbers = _paths(paths), need(lines, list)
    if len(keys) != len(numbers) or any(type(n) is not int for n in numbers):
        raise Damaged("line numbers of another shape")
    return dict(zip(keys, numbers, strict=True))


@dataclass(frozen=True)
class ParsedFile:
    """The codec of one file's `(SourceText | None, meta | None)`, read with `schema`."""

    rel: str
    schema: type

    def encode(self, result: Any) -> Any:
        source, _meta = result
        if source is None:  # unreadable: read (and reported) again each time
            raise Damaged("nothing to keep")
        front = source.front
        return {
            "data": plain(front.data),
            "paths": _flat(front.lines),
            "lines": list(front.lines.values()),
            "duplicates": [[_flat([path]), a, b] for path, a, b in front.duplicates],
            "front_line": source.front_line,
            "body": source.body,
            "body_line": source.body_line,
            "placeholders": source.__dict__.get("placeholder_offsets"),
        }

    def decode(self, value: Any, errors: list[ContentError]) -> Any:
        need(value, dict)
        front = ParsedYaml(
            need(value["data"], (dict, list, *_SCALARS)),
            _lines(value["paths"], value["lines"]),
            [
                (_lines(path, [0]).popitem()[0], need(a, int), need(b, int))
                for path, a, b in need(value["duplicates"], list)
            ],
        )
        source = SourceText(
            self.rel,
            front,
            need(value["front_line"], int),
            need(value["body"], str),
            need(value["body_line"], int),
        )
        placeholders = value["placeholders"]
        if placeholders is not None:
            source.__dict__["placeholder_offsets"] = tuple(
                need(offset, int) for offset in need(placeholders, list)
            )
        # Its problems were kept with it: validating again makes the same object, and finds
        # none that were not kept (else what was kept is not what reading the file found).
        found = Report()
        meta = validate_meta(self.schema, source, found)
        if not set(found.errors) <= set(errors):
            raise Damaged("the front matter is not the one that was kept")
        return source, meta
