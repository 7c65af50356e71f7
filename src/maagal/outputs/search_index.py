"""The site's search index: Pagefind, fed by each language's build with just its documents.

Material's built-in lunr search finds nothing in Hebrew and preloads the whole index on every
page; Pagefind splits its index into small chunks fetched per query. Rather than letting the
Pagefind CLI re-read every finished page (on a 5,600-page archive: 6 s and 780 MB, in one
process after both languages), each language's build writes the title and rendered text of
its documents as tiny pages in a scratch folder (`outputs/search_pages.py`) and runs Pagefind
on those, writing its own bundle (`/pagefind/`, `/en/pagefind/`): the languages index in
parallel and each index is small. (Pagefind's Python API answers about ten requests a second:
too slow for an archive.)
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from maagal.cache.build_cache import code_stamp, digest
from maagal.cache.links import link_or_copy
from maagal.outputs.search_pages import PagesFolder, write_pages
from maagal.run import recycled_site
from maagal.run.errors import MaagalError
from maagal.run.file_stamps import stamp
from maagal.text.hebrew import expand_html

# The "¶" permalink Python-Markdown's toc puts in each heading: not text to find or show.
_HEADERLINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.DOTALL)


PAGES_PREFIX = "pages-"  # in the cache: the pages a part was last indexed from
MAIN_SHARD = "main"
PAPERS_SHARD = "papers"
SHARDS_FILE = "maagal-shards.json"  # the other shards' folders, for the search page to merge
ISSUES_PER_SHARD = 200
RECENT_ISSUES = 12  # a year of a monthly bulletin, indexed with the main part
_ISSUE_PATH = re.compile(r"(?:^|/)issues/(\d+)/")
_PAPER_PATH = re.compile(r"^(?:[a-z]{2}/)?papers/")


def shard_of(path: str, recent_from: int = 0) -> str:
    """'issues/4/x/' → 'issues-0' (issues 0–199), 'en/issues/234/' → 'issues-200'; a position
    paper ('papers/x/', 'en/papers/x/') → 'papers'; the newest issues (from `recent_from` on)
    and everything else (the knowledge base, meetings, pages) → 'main'.

    The issues editors still work on are in the main part, so that their edits index a small
    part; a new issue moves the oldest of them into its part of two hundred (once per issue,
    not per edit). The papers, edited by their teams at their own pace, are a part of their
    own: an edit to one indexes the papers again, not the current issues (and the other way
    round)."""
    found = _ISSUE_PATH.search(path)
    if found is None and _PAPER_PATH.match(path):
        return PAPERS_SHARD
    if found is None or int(found[1]) >= recent_from:
        return MAIN_SHARD
    first = int(found[1]) // ISSUES_PER_SHARD * ISSUES_PER_SHARD
    return f"issues-{first}"


def newest_issue(paths: list[str]) -> int:
    numbers = [int(found[1]) for path in paths if (found := _ISSUE_PATH.search(path))]
    return max(numbers, default=0)


MANIFEST = "files.json"  # in a kept part: the stamp of each of its files
_MANIFEST_VERSION = 2  # (1: a digest of each file's bytes, read again on every restore)


def _files(folder: Path) -> dict[str, os.DirEntry[str]] | None:
    """The files under `folder` by their path from it; None if it holds anything but plain
    files and folders (a link, to be followed nowhere)."""
    found: dict[str, os.DirEntry[str]] = {}
    pending = [("", str(folder))]
    while pending:
        prefix, here = pending.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                if entry.is_symlink():
                    return None
                if entry.is_dir():
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    found[prefix + entry.name] = entry
    return found


def _keep(bundle: Path, kept: Path) -> None:
    """Keep a part's bundle in the cache (its files linked, see `cache/links.py`), with the
    stamp of each file (the main part is written before the others, so it holds none of
    them yet)."""
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(kept, ignore_errors=True)  # one found damaged
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=kept.parent))
        shutil.copytree(bundle, staging / "bundle", copy_function=link_or_copy)
        files = _files(staging / "bundle") or {}
        stamps = {rel: stamp(entry.stat(follow_symlinks=False)) for rel, entry in files.items()}
        manifest = {"version": _MANIFEST_VERSION, "stamps": stamps}
        (staging / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        os.replace(staging, kept)
    except OSError:
        pass  # a cache that cannot be written only costs the next build time


def _kept_stamps(kept: Path) -> dict[str, object] | None:
    """The stamp (size, time in nanoseconds, inode) of each file of a kept part, by its path
    in the part, as recorded when it was kept; None if the record is of another shape."""
    manifest = json.loads((kept / MANIFEST).read_text(encoding="utf-8"))
    if not isinstance(manifest, dict) or manifest.get("version") != _MANIFEST_VERSION:
        return None
    stamps = manifest.get("stamps")
    return stamps if isinstance(stamps, dict) else None


def _unchanged(files: dict[str, os.DirEntry[str]] | None, stamps: dict | None) -> bool:
    """Whether `files` are, one for one, the files that had `stamps` (a stamp holds the
    inode: the same file, not written since). (Stamps, not digests: reading and hashing
    2,000 files took 0.4 s of a warm build at 5k.)"""
    if files is None or stamps is None or set(files) != set(stamps):
        return False
    return all(stamp(e.stat(follow_symlinks=False)) == stamps[rel] for rel, e in files.items())


def _restore(kept: Path, target: Path) -> bool:
    """Put a kept part into the site at `target`, its files linked (`cache/links.py`); False,
    with nothing left at `target`, when the kept part is not as it was kept (`_unchanged`).

    The site's file and the kept one are then one file: nothing writes into either once
    Pagefind wrote it (a build writes a new site, and replaces a part's folder whole), and a
    kept file written over anyway has a new stamp here and is indexed again."""
    try:
        files = _files(kept / "bundle")
        if files is None or not _unchanged(files, _kept_stamps(kept)):
            return False
        for rel, entry in sorted(files.items()):
            link_or_copy(Path(entry.path), target / rel)
        return True
    except (OSError, ValueError):
        shutil.rmtree(target, ignore_errors=True)
        return False


def _in_place(kept: Path, target: Path) -> bool:
    """Whether the part at `target`, in the older site this build writes over (`run/
    recycled_site.py`, which held its linked files there), is the kept part's very files,
    unchanged: then it stays where it is, and no file is linked again (a build that only
    re-indexed the newest issues linked 2,700 files per language at archive-5k, 0.3-0.5 s)."""
    try:
        if target.is_symlink() or not target.is_dir():
            return False
        return _unchanged(_files(target), _kept_stamps(kept))
    except (OSError, ValueError):
        return False


def _part_folders(output: Path, names: list[str]) -> dict[str, Path]:
    """Where each part is indexed, beside `output`: emptied of a killed build's leftovers."""
    parts = {name: output.with_name(f".{output.name}-{name}") for name in names}
    for part in parts.values():
        shutil.rmtree(part, ignore_errors=True)
    return parts


def _forget_others(cache: Path | None, used: set[str]) -> None:
    """Keep this build's shards in the cache, forget the others."""
    if cache is not None and cache.is_dir():
        for old in cache.iterdir():
            if old.name not in used:
                if old.is_dir() and not old.is_symlink():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)


@dataclass
class SearchIndexer:
    """Collects a language's searchable pages during a build, then writes the bundle."""

    lang: str
    plain: bool = False  # no Hebrew prefix forms (RunOptions.search_plain)
    records: list[tuple[str, str, str]] = field(default_factory=list)  # path, title, html

    def add(self, path: str, title: str, content_html: str) -> None:
        """`path`: the page's path from the site root, e.g. 'en/issues/4/x/'."""
        self.records.append((path, title, _HEADERLINK.sub("", content_html)))

    def expand(self, html: str) -> str:
        # `plain` indexes the text as it stands (the benchmark's comparison).
        return html if self.plain else expand_html(html)

    def page(self, title: str, content_html: str) -> str:
        return (
            f'<!doctype html><html lang="{self.lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body><main data-pagefind-body>"
            f"<h1>{escape(title)}</h1>{self.expand(content_html)}</main></body></html>"
        )

    def write(self, output: Path, cache: Path | None = None) -> None:
        """Index the records into the bundle at `output`, in parts (shards).

        The issues are indexed two hundred at a time, except the newest, which are indexed with
        everything else (papers, the knowledge base, meetings): the main bundle at `output`, the
        others inside it in
        `output/<shard>/`, listed in `output/maagal-shards.json` for the search page to merge.
        Pagefind cannot add to an index, so a changed record indexes its shard again, not the
        whole site, and no indexer holds more than a shard. With a `cache` folder, a shard
        indexed from the same records before is linked from there instead, if every file of
        it is still the one that was kept; or, when the older site the build writes over has
        it in place (those very files), left there.

        Each part is indexed into a folder of its own beside `output` while the next part's
        pages are written (`_PARALLEL` parts at once), then moved into place: no part sees
        another's files.
        """
        shards = self.shards()
        names = list(shards)
        parts = _part_folders(output, names)
        try:
            used, in_place = self._index(shards, parts, cache, output)
            for name in in_place:  # kept where they are, aside while the rest is replaced
                os.replace(output / name, parts[name])
            if output.exists():
                shutil.rmtree(output)
            output.parent.mkdir(parents=True, exist_ok=True)
            for name in names:
                os.replace(parts[name], output if name == names[0] else output / name)
        finally:
            for part in parts.values():
                shutil.rmtree(part, ignore_errors=True)
        recycled_site.release(output)
        (output / SHARDS_FILE).write_text(
            json.dumps([f"{name}/" for name in names[1:]]), encoding="utf-8"
        )
        _forget_others(cache, used)

    def _index(
        self,
        shards: dict[str, list[tuple[str, str, str]]],
        parts: dict[str, Path],
        cache: Path | None,
        output: Path,
    ) -> tuple[set[str], list[str]]:
        """Index each shard into its part's folder, or take it from `cache` (into its folder,
        or left where the older site has it, at `output/<shard>/`): the names of the cache's
        entries this build used, and of the parts left in place."""
        used, in_place = set(), []
        with _Runs(self.lang, _PARALLEL) as runs:
            for n, (name, records) in enumerate(shards.items()):
                key = self._digest(records)
                used.add(key)
                kept = cache / key if cache is not None else None
                pages = cache / f"{PAGES_PREFIX}{name}.json" if cache else None
                if pages is not None:
                    used.add(pages.name)
                if kept is not None and kept.is_dir():
                    if n > 0 and _in_place(kept, output / name):
                        in_place.append(name)
                        continue
                    if _restore(kept, parts[name]):
                        continue
                made = write_pages(records, self.page, self._pages_stamp(), pages)
                runs.start(made, parts[name], kept)
        return used, in_place

    def shards(self) -> dict[str, list[tuple[str, str, str]]]:
        """The records by shard, the main one (everything but papers and older issues) first."""
        shards: dict[str, list[tuple[str, str, str]]] = {MAIN_SHARD: []}
        recent_from = newest_issue([path for path, _, _ in self.records]) - RECENT_ISSUES + 1
        for record in sorted(self.records):
            shards.setdefault(shard_of(record[0], recent_from), []).append(record)
        if not shards[MAIN_SHARD] and len(shards) > 1:
            del shards[MAIN_SHARD]
        return dict(sorted(shards.items(), key=lambda item: (item[0] != MAIN_SHARD, item[0])))

    def _pages_stamp(self) -> str:
        """What makes a part's pages from its records (a change makes every page again)."""
        return digest(code_stamp(), self.lang, "plain" if self.plain else "")

    def _digest(self, records: list[tuple[str, str, str]]) -> str:
        """A part's key: its records, and what makes its pages from them and indexes them
        (Maagal's code, with the Hebrew forms of `text/hebrew.py`; Pagefind; the language)."""
        from importlib.metadata import version

        parts = [
            code_stamp(),
            f"pagefind {version('pagefind')}",
            self.lang,
            "plain" if self.plain else "",
        ]
        parts += [part for record in records for part in record]
        return digest(*parts)


# Parts indexed at once. Pagefind uses about one core, and the languages are already built in
# parallel: on two cores, two parts at once per language measured no faster (5k archive, both
# languages: 10.8-12.7 s either way) and doubled the indexers' memory. One at a time, the next
# part's pages are still written while Pagefind indexes the one before.
_PARALLEL = 1


@dataclass
class _Run:
    """A part being indexed: its Pagefind, the folder of pages it reads, where it writes."""

    process: subprocess.Popen[bytes]
    pages: PagesFolder
    output: Path
    kept: Path | None  # where the cache keeps the part once it is done

    def finish(self) -> None:
        try:
            code = self.process.wait()
            errors = self.pages.errors.read_text(encoding="utf-8", errors="replace")
        finally:
            self.pages.done()
        if code != 0:
            raise MaagalError(f"the search index could not be built: {errors.strip()}")
        if self.kept is not None:
            _keep(self.output, self.kept)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.pages.done()


class _Runs:
    """A language's parts being indexed, at most `limit` at once; all finished on leaving, or
    stopped if something failed."""

    def __init__(self, lang: str, limit: int) -> None:
        self.lang = lang
        self.limit = max(1, limit)
        self.running: list[_Run] = []

    def start(self, pages: PagesFolder, output: Path, kept: Path | None) -> None:
        """Index `pages` into `output` once fewer than `limit` parts are."""
        command = [_pagefind_program(), "--site", str(pages.site), "--output-path"]
        command += [str(output), "--force-language", self.lang, "--silent"]
        try:
            while len(self.running) >= self.limit:
                self.running.pop(0).finish()
            with pages.errors.open("wb") as errors:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                )
        except BaseException:
            pages.done()
            raise
        self.running.append(_Run(process, pages, output, kept))

    def __enter__(self) -> _Runs:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            while self.running and kind is None:
                self.running.pop(0).finish()
        finally:
            for run in self.running:
                run.stop()


@functools.cache
def _pagefind_program() -> str:
    """Pagefind's own program, run directly: `python -m pagefind` only finds it and runs it,
    after starting Python (a tenth of a second of a core per language and build)."""
    from pagefind.service import get_executable

    program = get_executable()
    if program is None:
        raise MaagalError(
            "Pagefind's program is missing (the pagefind-bin package): install Maagal again"
        )
    return str(program)
