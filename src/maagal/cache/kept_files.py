"""Files a build makes slowly and keeps for the next (the smaller copies of pictures), one file
per key in one folder that every language's build shares.

An entry is the file's bytes followed by their own SHA-256: one that was cut short or changed
on disk is not used, and is made again. It is written under a temporary name and renamed into
place, so a build never reads a half-written entry; two builds that make the same entry at
once both write whole files, and the second rename wins. `claim` lets the builds of the
languages, which run at the same time, share the work: the first to claim a group of entries
makes them, the other finds them made.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

_CLAIMS = ".claims"


class KeptFiles:
    """Entries by name in `folder`; nothing kept when `folder` is None."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def get(self, name: str) -> bytes | None:
        """The kept bytes, or None when there are none or they are damaged."""
        self.used.add(name)
        if self.folder is None:
            return None
        try:
            stored = (self.folder / name).read_bytes()
        except OSError:
            return None
        data, mark = stored[:-32], stored[-32:]
        return data if len(stored) >= 32 and hashlib.sha256(data).digest() == mark else None

    def put(self, name: str, data: bytes) -> None:
        self.used.add(name)
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{name}.{os.getpid()}.tmp"
            temporary.write_bytes(data + hashlib.sha256(data).digest())
            temporary.replace(self.folder / name)
        except OSError:
            pass  # a cache that cannot be written only costs the next build time

    @contextlib.contextmanager
    def claim(self, group: str, *, wait: bool) -> Iterator[bool]:
        """Hold `group` while its entries are made: True when this build holds it; False
        (without `wait`) when another build is making them now."""
        if self.folder is None:
            yield True
            return
        try:
            (self.folder / _CLAIMS).mkdir(parents=True, exist_ok=True)
            handle = os.open(self.folder / _CLAIMS / group, os.O_CREAT | os.O_RDWR, 0o600)
        except OSError:
            yield True  # no claims in a folder that cannot be written: each makes its own
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            os.close(handle)
            yield False
            return
        try:
            yield True
        finally:
            os.close(handle)  # (releases the claim)

    def prune(self, older_than: float = 3600.0) -> None:
        """Forget entries this build did not use and nobody wrote in the last `older_than`
        seconds (a build of another content, the preview, may have made them just now)."""
        if self.folder is None or not self.folder.is_dir():
            return
        limit = time.time() - older_than
        for entry in self.folder.iterdir():
            if entry.name in self.used or not entry.is_file():
                continue
            with contextlib.suppress(OSError):
                if entry.stat().st_mtime < limit:
                    entry.unlink()
