"""Parsed files kept between loads of the same repository (`maagal serve`, `maagal build`).

Loading 2,800 documents takes over a second, almost all of it reading front matter, validating
it and checking bodies. A long-lived process that reloads the site after each save keeps the
result of each file here, keyed by its bytes, so a reload re-parses only what changed; `maagal
build` saves it in the build cache (`read`, `save`) for the next build, with what the build
derived from the files and keeps with them (`kept`: the plugin's rendered excerpts). The
problems a file had are kept with it and reported again on every load, as if freshly found.

The saved file is plain data (JSON: text, numbers, lists), never code: the build cache lives
in the project's folder, where anyone who can put a file there could otherwise make the next
build run it (a pickle does). Each file's result is written by a `Codec` its reader gives
(`load/kept.py`: the parsed source, whose front matter is validated again when it is read
back) and checked when it is read back: an entry of the wrong shape is parsed again, a file
of the wrong shape is an empty cache. Nothing here knows the loader's objects.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from maagal.run.errors import ContentError, Report
from maagal.run.said import from_data, to_data

RACY_NS = 2_000_000_000  # see `ParseCache.digest`
FORMAT = "maagal-parsed-2"  # 2: one line per file


class Damaged(ValueError):
    """Kept data of another shape than the code that reads it wrote."""


class Codec(Protocol):
    """How one file's result is kept as plain data (JSON values) and made again from it."""

    def encode(self, result: Any) -> Any: ...

    def decode(self, value: Any, errors: list[ContentError]) -> Any:
        """The result again, that reported `errors`; raises `Damaged` (or TypeError) for data
        of another shape, or that would not have reported them."""
        ...


def _digest(data: bytes | str) -> bytes:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).digest()


def need(value: Any, kind: type | tuple[type, ...]) -> Any:
    """`value`, if it is of `kind` (a bool is not an int); else the data is damaged."""
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
        raise Damaged(f"expected {kind}, found {type(value).__name__}")
    return value


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _line(value: Any) -> int | None:
    return None if value is None else need(value, int)


def encode_errors(errors: list[ContentError]) -> list[list[Any]]:
    return [[e.path, e.line, to_data(e.message), to_data(e.hint), e.column] for e in errors]


def decode_errors(value: Any) -> list[ContentError]:
    errors = []
    for item in need(value, list):
        path, line, message, hint, column = need(item, list)
        errors.append(
            ContentError(
                need(path, str), _line(line), from_data(message), from_data(hint), _line(column)
            )
        )
    return errors


def _key_text(key: tuple) -> str:
    """The key as it starts its line in the file: a JSON string, which holds no tab."""
    parts = "\0".join(part.hex() if isinstance(part, bytes) else str(part) for part in key)
    return json.dumps(parts, ensure_ascii=False)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass
class ParseCache:
    """Results of per-file work, each with the problems it reported."""

    _files: dict[tuple, tuple[Any, list[ContentError]]] = field(default_factory=dict)
    _bodies: dict[tuple, list[ContentError]] = field(default_factory=dict)
    _body_context: bytes = b""
    # path → (mtime_ns, ctime_ns, size, inode, when it was seen, digest of its bytes): see
    # `digest`
    _stats: dict[str, tuple[int, int, int, int, int, bytes]] = field(default_factory=dict)
    # What is derived from the files elsewhere and saved with them (the rendered excerpts).
    kept: dict[str, Any] = field(default_factory=dict)
    _used: set[tuple] = field(default_factory=set)  # what this process asked for
    _codecs: dict[tuple, Codec] = field(default_factory=dict)  # how to keep each result
    # The file's lines by key, as text until a file asks for its own (text costs the garbage
    # collector nothing, and a damaged line only its own file); lines read back, to write again.
    _saved: dict[str, str] = field(default_factory=dict)
    _lines: dict[tuple, str] = field(default_factory=dict)
    _changed: bool = True  # whether `save` has anything new to write
    # Kept by a long-lived process (`maagal serve`) between loads, never saved: what reading
    # each document did (`load.reading`), and each body's digest with the text it is of.
    readings: dict[str, Any] = field(default_factory=dict)
    _body_digests: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path, stamp: str) -> ParseCache:
        """The cache `save` wrote for the same code (`stamp`), or an empty one.

        (`maagal build` keeps it in the build cache between runs: a build parses again only the
        files that changed.) The file is a line of what every file shares, then a line per
        file: its key (a JSON string), a tab, and its result with its problems (JSON)."""
        try:
            head, *lines = path.read_text(encoding="utf-8").split("\n")
            saved = need(json.loads(head), dict)
            if saved.get("format") != FORMAT or saved.get("stamp") != stamp:
                return cls()
            cache = cls(
                _bodies=_read_bodies(saved["bodies"]),
                _body_context=bytes.fromhex(need(saved["body_context"], str)),
                _stats=_read_stats(saved["stats"]),
                kept=_read_kept(saved["kept"]),
                _saved=dict(line.split("\t", 1) for line in lines),
                _changed=False,
            )
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return cls()  # missing, damaged, or of other code: parse everything
        return cache

    def save(self, path: Path, stamp: str) -> None:
        """Keep what this process used (and nothing it did not, so the file stays small)."""
        if not self._changed and not self._saved:
            return  # the same as the file already holds: every entry was used, none changed
        paths = {used[0] for used in self._used}
        saved = {
            "format": FORMAT,
            "stamp": stamp,
            "bodies": [
                [rel, line, digest.hex(), encode_errors(errors)]
                for (rel, line, digest), errors in self._bodies.items()
                if (rel, line, digest) in self._used
            ],
            "body_context": self._body_context.hex(),
            "kept": self.kept,
            "stats": {k: [*v[:5], v[5].hex()] for k, v in self._stats.items() if k in paths},
        }
        _write(path, "\n".join([_dumps(saved), *self._file_lines()]))

    def _file_lines(self) -> list[str]:
        """A line per result this process used, as it was read or as plain data now (a
        result its codec cannot write is left out: its file is parsed again next time)."""
        lines = []
        for key in self._used:
            line = self._lines.get(key)
            if line is None and key in self._files and key in self._codecs:
                result, errors = self._files[key]
                try:
                    plain = [self._codecs[key].encode(result), encode_errors(errors)]
                except (Damaged, TypeError):
                    continue
                line = f"{_key_text(key)}\t{_dumps(plain)}"
            if line is not None:
                lines.append(line)
        return sorted(lines)

    def file(
        self,
        path: Path,
        key: tuple,
        report: Report,
        work: Callable[[Report], Any],
        codec: Codec | None = None,
    ) -> Any:
        """`work(report)` for the file at `path`, or its remembered result if its bytes match.
        `key`: plain values (text, numbers) that, with the bytes, decide the result; `codec`
        keeps the result in the saved cache."""
        try:
            file_digest = self.digest(path)
        except OSError:
            return work(report)  # reading fails again, and reports it
        cache_key = (str(path), *key, file_digest)
        self._used.add(cache_key)
        hit = self._files.get(cache_key) or self._read_back(cache_key, codec)
        if hit is None:
            scratch = Report()
            hit = (work(scratch), list(scratch.errors))
            self._files[cache_key] = hit
            self._changed = True
        if codec is not None:
            self._codecs[cache_key] = codec
        report.errors.extend(hit[1])
        return hit[0]

    def _read_back(self, key: tuple, codec: Codec | None) -> tuple[Any, list[ContentError]] | None:
        """The saved result under `key`, made again and checked; None if there is none (or it
        is damaged: then the file is parsed again)."""
        text = _key_text(key)
        kept = self._saved.pop(text, None)
        if kept is None or codec is None:
            return None
        try:
            value, kept_errors = need(json.loads(kept), list)
            errors = decode_errors(kept_errors)
            hit = (codec.decode(value, errors), errors)
        except (Damaged, TypeError, ValueError, KeyError, IndexError, RecursionError):
            return None
        self._files[key] = hit
        self._lines[key] = f"{text}\t{kept}"
        return hit

    def digest(self, path: Path) -> bytes:
        """The digest of the file's bytes, read again only if the file may have changed
        (raises OSError).

        As git does with its index: a file whose modification and change times, size and inode
        are those seen before is the same file (the change time cannot be set back, as `touch
        -r` or `cp -p` set the modification time), unless it was modified within two seconds
        of being seen (a second save in the same tick of the clock would not show): that one
        is read."""
        name = str(path)
        stat = os.stat(path)
        now_stat = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
        seen = self._stats.get(name)
        if seen is not None and seen[:4] == now_stat and stat.st_ctime_ns < seen[4] - RACY_NS:
            return seen[5]
        now = time.time_ns()
        file_digest = _digest(path.read_bytes())
        self._stats[name] = (*now_stat, now, file_digest)
        self._changed = True
        return file_digest

    def use_body_context(self, documents: set[str], assets: set[str]) -> None:
        """Body checks depend on which documents and assets exist: a change forgets them."""
        context = _digest("\n".join(sorted(documents)) + "\0" + "\n".join(sorted(assets)))
        if context != self._body_context:
            self._bodies.clear()
            self._body_context = context
            self._changed = True

    def body(
        self, rel: str, body: str, line: int, report: Report, work: Callable[[Report], None]
    ) -> None:
        cache_key = (rel, line, self._body_digest(rel, body))
        self._used.add(cache_key)
        errors = self._bodies.get(cache_key)
        if errors is None:
            scratch = Report()
            work(scratch)
            errors = self._bodies[cache_key] = list(scratch.errors)
            self._changed = True
        report.errors.extend(errors)

    def _body_digest(self, rel: str, body: str) -> bytes:
        """The body's digest; not computed again for the very text it was computed of (a
        document read again unchanged brings the same text: see `load.reading`)."""
        seen = self._body_digests.get(rel)
        if seen is not None and seen[0] is body:
            return seen[1]
        body_digest = _digest(body)
        self._body_digests[rel] = (body, body_digest)
        return body_digest

    def keep(self, name: str, value: dict[str, str]) -> None:
        """Keep `value` (text by text) with the parsed files, under `name`."""
        if self.kept.get(name) != value:
            self.kept[name] = value
            self._changed = True


def _read_bodies(value: Any) -> dict[tuple, list[ContentError]]:
    bodies = {}
    for item in need(value, list):
        rel, line, digest, errors = need(item, list)
        key = (need(rel, str), need(line, int), bytes.fromhex(need(digest, str)))
        bodies[key] = decode_errors(errors)
    return bodies


def _read_stats(value: Any) -> dict[str, tuple[int, int, int, int, int, bytes]]:
    stats = {}
    for name, item in need(value, dict).items():
        mtime, ctime, size, inode, seen, digest = need(item, list)
        numbers = [need(n, int) for n in (mtime, ctime, size, inode, seen)]
        stats[name] = (*numbers, bytes.fromhex(need(digest, str)))
    return stats


def _read_kept(value: Any) -> dict[str, Any]:
    """`kept`: text by text under each name (the rendered excerpts by their Markdown)."""
    kept = need(value, dict)
    for texts in kept.values():
        for text in need(texts, dict).values():
            need(text, str)
    return kept


def _write(path: Path, text: str) -> None:
    """Write `text` at `path` whole or not at all (a build killed meanwhile leaves the old
    file); the pickles of earlier Maagals are deleted, never read."""
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, path)
        for old in path.parent.glob("parsed-*.pickle"):
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next build time
    finally:
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)
