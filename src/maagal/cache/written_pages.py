"""Which page each file of the last two sites holds, so that a warm build need not write a
kept page again into the old site it recycles (`run/recycled_site.py`).

A build that keeps its cache writes into the site two builds back. For each page file it
leaves, the build records the file's stamp (size, modification time in nanoseconds, inode: see
`run/file_stamps.py`) and the key of the page it holds (`plugin/page_cache.py`). The next
builds but one find the same file in the site they recycle: when its stamp, taken before the
file was marked as unwritten, is one recorded, and the page's key is the same again, the file
already holds the page, and only its modification time is set. A file written over since (a
new stamp) or a record that cannot be read is written as before: nothing is trusted that the
stamps do not vouch for, as with the kept editions (`editions/kept.py`).

One JSON file per language, beside its page store (`written-pages-<lang>.json`): the stamps of
the last two builds.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from maagal.run.file_stamps import stamp_text

_VERSION = 2  # (1: the stamps in another order)
BUILDS = 2  # the published site and the one in the trash


class WrittenPages:
    """The stamps recorded by the last builds (`known`), and this build's record."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._builds = _read(path) if path else []
        self.known: dict[str, str] = {}
        for build in self._builds:
            self.known.update(build)

    def holds(self, stamp: str | None, key: str) -> bool:
        """Whether the file that had `stamp` holds the page of `key`."""
        return stamp is not None and self.known.get(stamp) == key

    def record(self, pages: Iterable[tuple[Path, str]]) -> None:
        """Record the stamps of this build's page files (path, key); the oldest build's go."""
        if self.path is None:
            return
        this: dict[str, str] = {}
        for path, key in pages:
            with contextlib.suppress(OSError):
                this[stamp_text(path.stat())] = key
        builds = [*self._builds, this][-BUILDS:]
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps({"version": _VERSION, "builds": builds}), "utf-8")
            temporary.replace(self.path)


def _read(path: Path) -> list[dict[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return []
    builds = data.get("builds")
    if not isinstance(builds, list):
        return []
    return [
        {stamp: key for stamp, key in build.items() if isinstance(key, str)}
        for build in builds[-BUILDS:]
        if isinstance(build, dict)
    ]
