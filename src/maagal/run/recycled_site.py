"""A build that keeps its cache writes its site into the files of an older site, not new ones.

`maagal build` replaces the site whole (a new folder, swapped in), and the site it replaced
goes to the build cache's trash, for the next build to remove. That next build takes the
trashed site instead, and writes over its files: a page written again keeps its file (its
inode), a folder that is still needed stays. Writing 18,000 new files and removing 18,000 old
ones cost most of a warm build's system time: on a file system that avoids reusing the inodes
it freed in the last minutes (ext4 without a journal), each new file searched past every one
recently removed.

How a file the build did not write is told from one it did: every file of the recycled site is
marked, before the build, with a modification time of 0 (1970), which no write leaves; after
the build, the files still marked are removed, and the folders that leaves empty. A file with
more than one name (a kept search part or picture, linked from the cache) and anything that
is not a plain file or folder is removed first: a write into it would reach the other name too.

Except the print editions and cards (`*.pdf`, `card.png`) linked from their cache: those are
left where they are, held, and a build that places the same kept entry at the same path finds
it there (`claim`) instead of linking it again (two changes to a folder per file, 3,000 files
per language at archive-5k). The held links nobody claimed are removed by `sweep`. Nothing but
the editions' renderer writes those paths, and it never writes into a file: it links (after
removing what is there) or replaces. Were anything to write into a held link anyway, the kept
entry's modification time would change with it, and the next build would not use it (`kept.py`).

The search index's kept parts (`pagefind/`, linked from the cache) are held the same way, for
the search index (`outputs/search_index.py`): a part that did not change stays where it is
(2,700 files per language at archive-5k not linked again), and the indexer, which makes its
folder whole again, then lets go of what it held there (`release`).

Folders, per language: the old site's language folders (`en/`) go beside the staging folder of
their language (`hand_over`, in `maagal build`); each language's build moves its own into its
site folder once the engine has emptied that (`adopt`), and removes what it did not write
(`sweep`). Whatever goes wrong, the staging folder is removed as before: the published site is
never written into.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import threading
from collections.abc import Mapping
from pathlib import Path

from maagal.run.file_stamps import stamp_text

SUFFIX = ".recycled"
_UNWRITTEN_NS = 0  # the modification time that marks a file this build has not written
# The held links of the sites being built (`adopt`), by site folder: {path: inode}.
_HELD: dict[str, dict[str, int]] = {}
_HELD_LOCK = threading.Lock()  # the editions claim while the search index releases


def _held(path: str, name: str, held_folders: tuple[str, ...]) -> bool:
    """Whether the linked file at `path` (in the site) stays held: an edition (a PDF or a
    card), or a file of a folder its owner rebuilds whole (`held_folders`, see `release`)."""
    is_edition = name.endswith(".pdf") or name == "card.png"
    return is_edition or path.replace(os.sep, "/").startswith(held_folders)


def recycled_folder(site_dir: str | os.PathLike[str]) -> Path:
    """Where a language's build finds the old site it writes into: beside its site folder."""
    folder = Path(site_dir)
    return folder.with_name(folder.name + SUFFIX)


def hand_over(old_site: Path, site_dirs: Mapping[str, Path], roots: Mapping[str, str]) -> None:
    """Put `old_site`'s language folders beside the staging folders `site_dirs` (by language;
    `roots`: each language's folder in a site, '' for the default language's, which is moved
    last, with what is left of the old site)."""
    for lang, root in sorted(roots.items(), key=lambda item: not item[1]):
        folder = old_site / root.rstrip("/") if root else old_site
        if folder.is_dir() and not folder.is_symlink():
            os.replace(folder, recycled_folder(site_dirs[lang]))


def adopt(
    site_dir: str | os.PathLike[str], held_folders: tuple[str, ...] = ()
) -> dict[str, str] | None:
    """Move the old site beside `site_dir` into it, its files marked as not written yet;
    None when there is none. Returns the stamp (`file_stamps.stamp_text`) each file had before
    it was marked, by its path in the site ('issues/4/index.html'). The linked files of
    `held_folders` ('pagefind/') are held, as the editions are, for their owner (`release`)."""
    recycled = recycled_folder(site_dir)
    target = Path(site_dir)
    _HELD.pop(_folder_key(target), None)
    if recycled.is_symlink() or not recycled.is_dir():
        return None
    stamps, held = _mark(recycled, held_folders)
    _HELD[_folder_key(target)] = {
        os.path.join(_folder_key(target), path): inode for path, inode in held.items()
    }
    target.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(recycled):
        if os.path.lexists(target / entry.name):  # the engine's own (none, after it cleaned)
            continue
        os.replace(entry.path, target / entry.name)
    shutil.rmtree(recycled, ignore_errors=True)
    return stamps


def written(path: str | os.PathLike[str]) -> None:
    """Count the adopted file at `path` as written by this build, which found it holds what
    it would have written (`cache/written_pages.py`): it is given the time of now."""
    os.utime(path)


def _folder_key(site_dir: str | os.PathLike[str]) -> str:
    return os.path.normpath(os.path.abspath(site_dir))


def claim(path: str | os.PathLike[str], inode: int) -> bool:
    """Whether the held link at `path` (in a site being built) is the file `inode`: it then
    stays, as this build's. False for any other path or file."""
    path = os.path.normpath(os.path.abspath(path))
    with _HELD_LOCK:
        for held in _HELD.values():
            if held.get(path) == inode:
                del held[path]
                return True
    return False


def release(folder: str | os.PathLike[str]) -> None:
    """Let go of the held links under `folder`, which their owner has made whole again (the
    search index: what it kept there it checked, the rest it removed), so that `sweep` removes
    nothing there: a file there now may be a kept one linked again, with a held link's inode."""
    prefix = _folder_key(folder) + os.sep
    with _HELD_LOCK:
        for held in _HELD.values():
            for path in [path for path in held if path.startswith(prefix)]:
                del held[path]


def _mark(folder: Path, held_folders: tuple[str, ...]) -> tuple[dict[str, str], dict[str, int]]:
    """Mark the files of `folder` as not written: (their stamps before, the held links)."""
    stamps: dict[str, str] = {}
    held: dict[str, int] = {}
    start = len(str(folder)) + 1  # (os.path.relpath: 45 ms more over 9,000 files)
    for here, folders, names in os.walk(folder):
        for name in list(folders):
            path = os.path.join(here, name)
            if os.path.islink(path):
                os.unlink(path)
                folders.remove(name)
        for name in names:
            path = os.path.join(here, name)
            status = os.lstat(path)
            if stat.S_ISREG(status.st_mode) and status.st_nlink == 1:
                stamps[path[start:]] = stamp_text(status)
                os.utime(path, ns=(_UNWRITTEN_NS, _UNWRITTEN_NS), follow_symlinks=False)
            elif stat.S_ISREG(status.st_mode) and _held(path[start:], name, held_folders):
                held[path[start:]] = status.st_ino
            else:
                os.unlink(path)
    return stamps, held


def sweep(site_dir: str | os.PathLike[str]) -> None:
    """Remove the files of the adopted site that this build did not write (and the held links
    it did not claim), and the folders that leaves empty."""
    emptied: set[str] = set()  # folders that lost an entry here
    for path, inode in _HELD.pop(_folder_key(site_dir), {}).items():
        with contextlib.suppress(FileNotFoundError):
            if os.lstat(path).st_ino == inode:  # (not a file put there since, in its place)
                os.unlink(path)
                emptied.add(os.path.dirname(path))
    for here, folders, names in os.walk(site_dir, topdown=False):
        for name in names:
            path = os.path.join(here, name)
            status = os.lstat(path)
            if stat.S_ISREG(status.st_mode) and status.st_mtime_ns == _UNWRITTEN_NS:
                os.unlink(path)
                emptied.add(here)
        for name in folders:
            path = os.path.join(here, name)
            if path in emptied and not os.listdir(path):
                os.rmdir(path)
                emptied.add(here)
