"""Templates compiled once per process, not once per build.

MkDocs makes a new Jinja environment for every build, and Jinja compiles every template it
renders (Material's and Maagal's, some forty per language) again in each: about 0.6 s of a
core per language of a small site, half of its build. `maagal serve` rebuilds in one process,
and a build's language workers are forked from one; this keeps each compiled template in the
process's memory, so a later build (or a forked worker) takes it from there.

Nothing is written to disk: compiled code read from a file the content could plant would be
code the build runs. A compiled template is used again only for the same template file with
the same source (sha1, Jinja's own checksum) in an environment that compiles alike: the same
syntax settings, extensions, and filters and tests of the same kinds (`pass_context` and the
like change the code Jinja writes). Anything else compiles afresh.
"""

from __future__ import annotations

import hashlib
import marshal
from types import CodeType
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache

# The environment's settings that shape the code it compiles a template to.
_SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)
# (environment's settings, template name, file) → (source's checksum, compiled code)
_COMPILED: dict[str, tuple[str, CodeType]] = {}


def _kind(function: Any) -> str:
    """What Jinja passes a filter or test first (`pass_context` and the like mark it)."""
    passed = getattr(function, "jinja_pass_arg", None)
    return str(getattr(passed, "name", passed or ""))


def _settings(environment: Any) -> str:
    """What, besides the source, decides the code Jinja compiles a template to."""
    parts = [repr(getattr(environment, name, None)) for name in _SYNTAX]
    parts += [
        repr(environment.autoescape if isinstance(environment.autoescape, bool) else "callable"),
        repr(environment.finalize is not None and _kind(environment.finalize)),
        repr(sorted(environment.extensions)),
        repr(type(environment).__qualname__),
        repr(environment.code_generator_class.__qualname__),
    ]
    for table in (environment.filters, environment.tests):
        parts.append(repr(sorted((name, _kind(f)) for name, f in table.items())))
    return hashlib.sha1("\0".join(parts).encode(), usedforsecurity=False).hexdigest()


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache, held in this process's memory (see the module's docstring)."""

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Bucket:
        key = f"{_settings(environment)}|{name}|{filename}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        kept = _COMPILED.get(key)
        if kept and kept[0] == bucket.checksum:
            bucket.code = kept[1]
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            _COMPILED[bucket.key] = (bucket.checksum, bucket.code)

    def load_bytecode(self, bucket: Bucket) -> None:  # pragma: no cover - get_bucket does it
        raise NotImplementedError

    def dump_bytecode(self, bucket: Bucket) -> None:  # pragma: no cover - set_bucket does it
        raise NotImplementedError


def use_compiled_templates(environment: Any) -> None:
    """Give the build's environment the templates this process has compiled already."""
    environment.bytecode_cache = CompiledTemplates()


def exported() -> bytes:
    """Every template compiled here, to hand to another process (the tests' fork server)."""
    return marshal.dumps({key: (sum_, code) for key, (sum_, code) in _COMPILED.items()})


def take(data: bytes) -> None:
    """Keep templates compiled by another process of the same code (`exported`)."""
    _COMPILED.update(marshal.loads(data))
