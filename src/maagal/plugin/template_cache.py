"""Templates compiled once per process, not once per build.

MkDocs makes a new Jinja environment for every build, and Jinja compiles every template it
renders (Material's and Maagal's, some forty per language) again in each: about 0.6 s of a
core per language of a small site, half of its build. `maagal serve` rebuilds in one process,
and a build's language workers are forked from one; this keeps each compiled template in the
process's memory, so a later build (or a forked worker) takes it from there.

A build writes nothing to disk: compiled code read from a file the content could plant would
be code the build runs. Only an install does, beside the installed code (`save_installed`).
A compiled template is used again only for the same template file with
the same source (sha1, Jinja's own checksum) in an environment that compiles alike: the same
syntax settings, extensions, and filters and tests of the same kinds (`pass_context` and the
like change the code Jinja writes). Anything else compiles afresh.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import subprocess
import sys
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from maagal.cache.build_cache import code_stamp

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
    """Give the build's environment the templates this process has compiled already, and
    those compiled when Maagal was installed (`take_installed`, once per process)."""
    if not _INSTALLED_TAKEN:
        take_installed()
    environment.bytecode_cache = CompiledTemplates()


# -- compiled at install ------------------------------------------------------------------------
#
# Compiling Material's and Maagal's templates takes 0.3 s of every process that renders a page:
# every language of every build that changed anything. `scripts/compile_imports.py` (run by the
# Makefile, as it byte-compiles the modules) builds the repository's own site once and keeps
# what it compiled beside the installed code, where only an install writes: never in the
# project, where content could plant it. The file is this Python's, this Jinja's and this
# Maagal's (its first line says so), and is not taken from a checkout (a file git tracks
# could have come with a pull request). A template still compiles afresh unless its file,
# source and the environment's settings are those it was compiled with.

INSTALLED = Path(sys.prefix) / "share" / "maagal" / "compiled-templates"
_INSTALLED_TAKEN = False


def _header() -> bytes:
    magic = importlib.util.MAGIC_NUMBER.hex()
    return f"maagal-templates 1 {magic} {jinja2.__version__} {code_stamp()}\n".encode()


def save_installed(path: Path = INSTALLED) -> None:
    """Keep the templates this process compiled (`exported`) at `path`, for every build."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(path.name + ".new")
    scratch.write_bytes(_header() + exported())
    os.replace(scratch, path)


def installed_current(path: Path = INSTALLED) -> bool:
    """Whether `path` holds templates compiled by this Python, Jinja and Maagal."""
    try:
        with path.open("rb") as file:
            return file.readline() == _header()
    except OSError:
        return False


def take_installed(path: Path = INSTALLED) -> bool:
    """Take the templates compiled at install (see above); whether there were any to take."""
    global _INSTALLED_TAKEN
    _INSTALLED_TAKEN = True
    try:
        data = path.read_bytes()
    except OSError:
        return False
    header = _header()
    if not data.startswith(header) or _tracked(path):
        return False
    try:
        compiled = marshal.loads(data[len(header) :])
    except (ValueError, EOFError, TypeError):
        return False
    if not isinstance(compiled, dict) or not all(_entry(k, v) for k, v in compiled.items()):
        return False
    _COMPILED.update(compiled)
    return True


def _entry(key: Any, value: Any) -> bool:
    return (
        isinstance(key, str)
        and isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], CodeType)
    )


def _tracked(path: Path) -> bool:
    """Whether git tracks `path` (no git, or no repository: it does not)."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "--error-unmatch", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def exported() -> bytes:
    """Every template compiled here, to hand to another process (the tests' fork server)."""
    return marshal.dumps({key: (sum_, code) for key, (sum_, code) in _COMPILED.items()})


def take(data: bytes) -> None:
    """Keep templates compiled by another process of the same code (`exported`)."""
    _COMPILED.update(marshal.loads(data))
