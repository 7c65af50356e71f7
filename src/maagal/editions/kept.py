"""The kept PDFs and cards of one language (`.cache/maagal/editions/<lang>/`), put into the
built site without being read: as a hard link to the kept file, or a copy where a link cannot
be made (another disk).

Each entry is the file as drawn, named by the digest of what it was drawn from (`render.py`).
`kept.json` beside them records, for each entry, the size, modification time (in nanoseconds)
and inode number its file had when a build wrote it; an entry whose file no longer has all
three (cut short, written over, replaced or removed since) is not used, and is drawn again.
No entry is read on a warm build: a stat per entry, and a link unless the older site the build
writes into holds that entry at that path already (`run/recycled_site.claim`).

Why a link is safe: the site's file and the kept one are one file, so a write into the site's
PDF would change the kept one too. Nothing writes into them once they are drawn (the build
then only moves folders and removes files; a new build writes a new site), and if anything
did, the write would change the file's modification time, and the next build would draw the
entry again instead of using it. Editors' content cannot write files at all: what it controls
is only what the pages say, and so the digest a file is kept under. A `kept.json` that cannot
be read is no manifest: every entry is drawn again.

`recipes.json` records, for each PDF, the entry its last print page was kept under, with the
keys of the pages it printed (`render.py`) and the digests of the files that page loaded: a
build whose pages have the same keys, and whose files the same bytes, places that entry
without making the print page again. Like the manifest, it is data: a recipe that names an
entry that is missing or changed leads to nothing, and the PDF is made as if there were none.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from maagal.cache.links import link_or_copy
from maagal.run import recycled_site
from maagal.run.file_stamps import stamp

MANIFEST = "kept.json"
RECIPES = "recipes.json"
_VERSION = 1
_RECIPES_VERSION = 1


@dataclass(frozen=True)
class Recipe:
    """What a PDF was last drawn from: the keys of the pages it printed (`key`), the entry it
    was kept under (`name`) and the digests of the files its print page loaded (`files`)."""

    key: str
    name: str
    files: dict[str, str]


def _read_recipes(folder: Path) -> dict[str, Recipe]:
    try:
        data = json.loads((folder / RECIPES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    recipes = data.get("recipes") if isinstance(data, dict) else None
    if not isinstance(recipes, dict) or data.get("version") != _RECIPES_VERSION:
        return {}
    found: dict[str, Recipe] = {}
    for path, entry in recipes.items():
        if isinstance(entry, list) and len(entry) == 3:
            key, name, files = entry
            if isinstance(key, str) and isinstance(name, str) and _strings(files):
                found[path] = Recipe(key, name, files)
    return found


def _strings(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


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
        self._recipes = _read_recipes(folder) if folder else {}
        self._recipes_used: dict[str, Recipe] = {}

    def recipe(self, path: str, key: str) -> Recipe | None:
        """The recipe of the PDF at `path` when it was drawn from pages with the keys `key`."""
        found = self._recipes.get(path)
        return found if found is not None and found.key == key else None

    def remember(self, path: str, recipe: Recipe) -> None:
        """Write `recipe` down for the next build (when this one closes)."""
        self._recipes_used[path] = recipe

    def place(self, name: str, target: Path) -> bool:
        """Put the kept `name` at `target`; False when there is none that can be trusted."""
        self.used.add(name)
        if self.folder is None or name not in self.entries:
            return False
        entry = self.folder / name
        try:
            status = entry.stat()
            if stamp(status) != self.entries[name]:
                return False
            if not recycled_site.claim(target, status.st_ino):  # (there already: left as it is)
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
        with contextlib.suppress(FileNotFoundError):
            target.unlink()  # (a link the old site held: never written into)
        target.write_bytes(data)

    def close(self) -> None:
        """Forget the entries this build did not use (only this language's build uses the
        folder), and write down the ones it did."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if (
                entry.name not in self.used
                and entry.name not in (MANIFEST, RECIPES)
                and entry.is_file()
            ):
                with contextlib.suppress(OSError):
                    entry.unlink()
        kept = {name: self.entries[name] for name in sorted(self.used) if name in self.entries}
        _write(self.folder / MANIFEST, {"version": _VERSION, "entries": kept})
        recipes = {
            path: [r.key, r.name, r.files]
            for path, r in sorted(self._recipes_used.items())
            if r.name in kept
        }
        if recipes:
            _write(self.folder / RECIPES, {"version": _RECIPES_VERSION, "recipes": recipes})
        else:
            with contextlib.suppress(OSError):
                (self.folder / RECIPES).unlink()


def _write(path: Path, data: object) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        temporary.write_text(json.dumps(data), "utf-8")
        temporary.replace(path)
