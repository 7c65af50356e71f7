"""The build cache of rendered pages: a page whose inputs did not change is not rendered again.

A page's key is a digest of everything its rendering reads: the Markdown as the build hands
it to the renderer (links already resolved), the context its template receives (its view:
titles, authors, issue, listings, feeds, languages), its address, and what every page shares
(Maagal's own code, templates and theme, the site's overrides, the navigation, the versions of
the libraries that render, and what the site's configuration loads: mkdocs.yml and the files
it inherits from, its plugins and Markdown extensions, `hooks:` files, `!ENV` values; the
plugin reads them, `module_stamp` names a plugin's or extension's code). The cache keeps, under
that key, the finished page and its rendered Markdown (which the search index and the print
editions read), as text, in one SQLite file per language (`.cache/maagal/pages-<lang>.sqlite`).
A build that finds the key writes the kept page; a build that does not, renders it and keeps
it. When in doubt the key changes: a page is never reused for other inputs, and a site that
loads code with no version and no file uses no cache at all. A damaged or foreign cache file
is replaced, and the build is then a cold one. Nothing here imports MkDocs.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import inspect
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, distributions, version
from pathlib import Path
from typing import Any

SCHEMA = "maagal-pages-2"  # 2: pages kept as text (zlib saved 40 % for 0.4 s a build)
RENDERING_PACKAGES = (
    "maagal",
    "mkdocs",
    "mkdocs-material",
    "Markdown",
    "pymdown-extensions",
    "Jinja2",
    "Pygments",
    "nh3",  # the allow-list content goes through (text/sanitize.py)
    "Babel",
    "pyluach",
)


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()[:40]


def stable_json(value: Any) -> str:
    """`value` as JSON that is the same for the same content (keys sorted; dates as text)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


@functools.cache
def code_stamp() -> str:
    """Maagal's own files (code, templates, theme) and the versions of what renders pages."""
    package = Path(__file__).resolve().parent.parent
    parts = [SCHEMA]
    for name in RENDERING_PACKAGES:
        try:
            parts.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} missing")
    parts += files_stamp([package])
    return digest(*parts)


def files_stamp(roots: Iterable[Path]) -> list[str]:
    """'path digest' for every file under `roots` (a site's overrides, Maagal's theme)."""
    parts = []
    for root in roots:
        if root.is_file():
            parts.append(f"{root.name} {hashlib.sha256(root.read_bytes()).hexdigest()}")
            continue
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                data = path.read_bytes()
                parts.append(f"{path.relative_to(root)} {hashlib.sha256(data).hexdigest()}")
    return parts


@functools.cache
def module_stamp(name: str) -> str | None:
    """What identifies the code of module `name` (a plugin or Markdown extension a site's
    configuration loads): the version of the distribution that installs its top-level package,
    else the digest of that package's files (the site's own code, beside mkdocs.yml, or an
    editable install, whose version says nothing of its files), or Python's own version for its
    standard library; None when it has neither (zipped, made in memory): such a module cannot
    be told from a changed one."""
    top = name.partition(".")[0]
    if top == "maagal":
        return code_stamp()
    if top in sys.stdlib_module_names:
        return f"Python {sys.version}"
    installed = _installed().get(top)
    if installed:
        return " ".join(installed)
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    roots = [Path(p) for p in spec.submodule_search_locations or []]
    if not roots and spec.origin:
        roots = [Path(spec.origin)]
    if not roots or not all(root.is_file() or root.is_dir() for root in roots):
        return None
    return digest(top, *files_stamp(roots))


def read_code_stamps() -> None:
    """Read now what identifies Maagal's code and every installed distribution (0.1 s): a
    parent that does so before forking its language workers spares each of them the same."""
    code_stamp()
    _installed()


@functools.cache
def _installed() -> dict[str, list[str]]:
    """Top-level module → 'name==version' of each distribution installed from a wheel (with
    its RECORD of files), editable installs left out: their files change under one version.
    (importlib.metadata's `packages_distributions` makes a path object of every installed
    file: 0.2 s; the lines of RECORD, a third of that.)"""
    found: dict[str, set[str]] = {}
    for dist in distributions():
        records = dist.read_text("RECORD")
        if not records or '"editable": true' in (dist.read_text("direct_url.json") or ""):
            continue
        named = (dist.read_text("top_level.txt") or "").split()
        found_tops = (_top_module(line.split(",", 1)[0]) for line in records.splitlines())
        tops = set(named) or {top for top in found_tops if top is not None}
        stamp = f"{dist.name}=={dist.version}"
        for top in tops:
            found.setdefault(top, set()).add(stamp)
    return {top: sorted(stamps) for top, stamps in found.items()}


def _top_module(path: str) -> str | None:
    """'pymdownx/superfences.py' → 'pymdownx'; 'six.py' → 'six'."""
    first, slash, _ = path.partition("/")
    return first if slash else inspect.getmodulename(first)


class PageStore:
    """Finished pages by key, in one SQLite file; none at all when `path` is None."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.used: set[str] = set()
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = self._open(path)

    def _open(self, path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(path)
        except sqlite3.OperationalError:
            return None  # another build holds it: this one goes without
        except (sqlite3.DatabaseError, OSError):
            # Damaged, or not ours: start again from nothing.
            try:
                path.unlink(missing_ok=True)
                return self._connect(path)
            except (sqlite3.DatabaseError, OSError):
                return None  # a cache that cannot be written only costs time

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=30)
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        db.execute(
            "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, page TEXT, content TEXT)"
        )
        row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
        if row is None:
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
        elif row[0] != SCHEMA:
            raise sqlite3.DatabaseError(f"a cache of another kind: {row[0]}")
        db.execute("SELECT count(*) FROM pages").fetchone()  # reads the file: damage shows here
        db.commit()
        return db

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, key: str) -> tuple[str, str] | None:
        """(finished page, rendered Markdown) kept under `key`, or None."""
        row = self._row("page, content", key)
        return (row[0], row[1]) if row is not None else None

    def content(self, key: str) -> str | None:
        """The rendered Markdown kept under `key`, or None. (A page whose file in the site
        already holds it needs no more: its finished page, most of the bytes, stays unread.)"""
        row = self._row("content", key)
        return row[0] if row is not None else None

    def page(self, key: str) -> str | None:
        """The finished page kept under `key`, or None."""
        row = self._row("page", key)
        return row[0] if row is not None else None

    def _row(self, columns: str, key: str) -> tuple[str, ...] | None:
        self.used.add(key)
        if self._db is None:
            return None
        try:
            row = self._db.execute(f"SELECT {columns} FROM pages WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:  # damaged since it was opened (or not UTF-8 text)
            return None
        if row is None or not all(isinstance(text, str) for text in row):
            return None
        return tuple(row)

    def put(self, key: str, page: str, content: str) -> None:
        self.used.add(key)
        if self._db is None:
            return
        with contextlib.suppress(sqlite3.DatabaseError):
            self._db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", (key, page, content))

    def close(self, *, prune: bool = True) -> None:
        """Write what was kept; forget pages this build did not ask for (the file stays small)."""
        if self._db is None:
            return
        try:
            if prune:
                self._db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                self._db.executemany("INSERT INTO used VALUES (?)", ((k,) for k in self.used))
                self._db.execute("DELETE FROM pages WHERE key NOT IN (SELECT key FROM used)")
                self._db.execute("DROP TABLE used")
            self._db.commit()
            self._db.close()
        except sqlite3.DatabaseError:
            pass
        self._db = None


def committed(root: Path, folder: Path) -> bool:
    """Whether git tracks a file of `folder` (the build cache) in the repository at `root`: a
    cache that came with the sources (a pull request can add one, `.gitignore` or not) is
    not what earlier builds kept, and is not used."""
    try:
        rel = folder.resolve().relative_to(root.resolve())
    except ValueError:
        return False  # kept outside the repository (MAAGAL_CACHE_DIR)
    if not folder.is_dir():
        return False  # nothing to read
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--", rel.as_posix() or "."],
            cwd=root,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False  # no git: no repository to have brought it
    return done.returncode == 0 and bool(done.stdout)
