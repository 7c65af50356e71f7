"""Parsed files kept between loads of the same repository (`maagal serve`).

Loading 2,800 documents takes over a second, almost all of it reading front matter, validating
it and checking bodies. A long-lived process that reloads the site after each save keeps the
result of each file here, keyed by its bytes, so a reload re-parses only what changed; `maagal
build` saves it in the build cache (`read`, `save`) for the next build, with what the build
derived from the files and keeps with them (`kept`: the plugin's rendered excerpts). The
problems a file had are kept with it and reported again on every load, as if freshly found.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maagal.run.errors import ContentError, Report

RACY_NS = 2_000_000_000  # see `ParseCache._bytes_digest`


def _digest(data: bytes | str) -> bytes:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).digest()


@dataclass
class ParseCache:
    """Results of per-file work, each with the problems it reported."""

    _files: dict[tuple, tuple[Any, list[ContentError]]] = field(default_factory=dict)
    _bodies: dict[tuple, list[ContentError]] = field(default_factory=dict)
    _body_context: bytes = b""
    # path → (mtime_ns, ctime_ns, size, inode, when it was seen, digest of its bytes): see
    # `_bytes_digest`
    _stats: dict[str, tuple[int, int, int, int, int, bytes]] = field(default_factory=dict)
    # What is derived from the files elsewhere and saved with them (the rendered excerpts).
    kept: dict[str, Any] = field(default_factory=dict)
    _used: set[tuple] = field(default_factory=set)  # what this process asked for

    @classmethod
    def read(cls, path: Path, stamp: str) -> ParseCache:
        """The cache `save` wrote for the same code (`stamp`), or an empty one.

        (`maagal build` keeps it in the build cache between runs: a build parses again only the
        files that changed.)"""
        try:
            with path.open("rb") as stream:
                saved = pickle.load(stream)
            if saved.get("stamp") != stamp:
                return cls()
            fields = ("files", "bodies", "body_context", "stats", "kept")
            return cls(*(saved[name] for name in fields))
        except Exception:  # missing, damaged, or of other code: parse everything
            return cls()

    def save(self, path: Path, stamp: str) -> None:
        """Keep what this process used (and nothing it did not, so the file stays small)."""
        paths = {used[0] for used in self._used}
        saved = {
            "stamp": stamp,
            "files": {k: v for k, v in self._files.items() if k in self._used},
            "bodies": {k: v for k, v in self._bodies.items() if k in self._used},
            "body_context": self._body_context,
            "kept": self.kept,
            "stats": {k: v for k, v in self._stats.items() if k in paths},
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            scratch = path.with_name(f".{path.name}.{os.getpid()}")
            with scratch.open("wb") as stream:
                pickle.dump(saved, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(scratch, path)
        except (OSError, pickle.PicklingError):
            pass  # a cache that cannot be written only costs the next build time

    def file(self, path: Path, key: tuple, report: Report, work: Callable[[Report], Any]) -> Any:
        """`work(report)` for the file at `path`, or its remembered result if its bytes match."""
        try:
            file_digest = self._bytes_digest(path)
        except OSError:
            return work(report)  # reading fails again, and reports it
        cache_key = (str(path), *key, file_digest)
        self._used.add(cache_key)
        hit = self._files.get(cache_key)
        if hit is None:
            scratch = Report()
            hit = (work(scratch), list(scratch.errors))
            self._files[cache_key] = hit
        report.errors.extend(hit[1])
        return hit[0]

    def _bytes_digest(self, path: Path) -> bytes:
        """The digest of the file's bytes, read again only if the file may have changed.

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
        return file_digest

    def use_body_context(self, documents: set[str], assets: set[str]) -> None:
        """Body checks depend on which documents and assets exist: a change forgets them."""
        context = _digest("\n".join(sorted(documents)) + "\0" + "\n".join(sorted(assets)))
        if context != self._body_context:
            self._bodies.clear()
            self._body_context = context

    def body(
        self, rel: str, body: str, line: int, report: Report, work: Callable[[Report], None]
    ) -> None:
        cache_key = (rel, line, _digest(body))
        self._used.add(cache_key)
        errors = self._bodies.get(cache_key)
        if errors is None:
            scratch = Report()
            work(scratch)
            errors = self._bodies[cache_key] = list(scratch.errors)
        report.errors.extend(errors)
