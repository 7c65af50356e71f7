"""The kept PDFs and cards of one language (`.cache/maagal/editions/<lang>/`), put into the
built site without being read: as a hard link to the kept file, or a copy where a link cannot
be made (another disk).

Each entry is the file as drawn, named by the digest of what it was drawn from (`render.py`).
`kept.json` beside them records, for each entry, the size, modification time (in nanoseconds)
and inode number its file had when a build wrote it; an entry whose file no longer has all
three (cut short, written over, replaced or removed since) is not used, and is drawn again.
Nothing is hashed on a warm build: a stat per entry and a link.

Why a link is safe: the site's file and the kept one are one file, so a write into the site's
PDF would change the kept one too. Nothing writes into them once they are drawn (the build
then only moves folders and removes files; a new build writes a new site), and if anything
did, the write would change the file's modification time, and the next build would draw the
entry again instead of using it. Editors' content cannot write files at all: what it controls
is only what the pages say, and so the digest a file is kept under. A `kept.json` that cannot
be read is no manifest: every entry is drawn again.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path

from maagal.cache.links import link_or_copy
from maagal.run.file_stamps import stamp

MANIFEST = "kept.json"
_VERSION = 1


def _read_manifest(folder: Path) -> dict[str, list[int]]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or data.get("version") != _VERSION:
        return {}
    return {
        name: stamp
        for name, stamp in entries.items()
        if isinstance(stamp, list) and len(stamp) == 3 and all(type(n) is int for n in stamp)
    }


class KeptEditions:
    """The entries of one language's folder; nothing is kept when `folder` is None."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.entries = _read_manifest(folder) if folder else {}
        self.used: set[str] = set()

    def place(self, name: str, target: Path) -> bool:
        """Put the kept `name` at `target`; False when there is none that can be trusted."""
        self.used.add(name)
        if self.folder is None or name not in self.entries:
            return False
        entry = self.folder / name
        try:
            if stamp(entry.stat()) != self.entries[name]:
                return False
            link_or_copy(entry, target)
        except OSError:
            return False
        return True

    def put(self, name: str, data: bytes, target: Path) -> None:
        """Keep `data` as `name` and put it at `target` (only written there when it cannot be
        kept)."""
        self.used.add(name)
        if self.folder is not None:
            entry = self.folder / name
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                temporary = self.folder / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
                temporary.write_bytes(data)
                temporary.replace(entry)
                self.entries[name] = stamp(entry.stat())
                link_or_copy(entry, target)
                return
            except OSError:
                self.entries.pop(name, None)  # a cache that cannot be written only costs time
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def close(self) -> None:
        """Forget the entries this build did not use (only this language's build uses the
        folder), and write down the ones it did."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in self.used and entry.name != MANIFEST and entry.is_file():
                with contextlib.suppress(OSError):
                    entry.unlink()
        kept = {name: self.entries[name] for name in sorted(self.used) if name in self.entries}
        temporary = self.folder / f".{MANIFEST}.{os.getpid()}.tmp"
        with contextlib.suppress(OSError):
            temporary.write_text(json.dumps({"version": _VERSION, "entries": kept}), "utf-8")
            temporary.replace(self.folder / MANIFEST)
