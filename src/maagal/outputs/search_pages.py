"""The pages a part of the search index is indexed from (`outputs/search_index.py`).

Pagefind reads a folder of HTML files, one per record, written afresh for each indexing into a
scratch folder, in the records' order. (Kept and brought up to date instead, a folder would
list its files in an order that depends on its history, and Pagefind numbers pages in the order
it walks them: the index would differ from a cold build's.) What is kept, in the build cache,
is each page made the last time, by its record: a record that did not change is not expanded
into its Hebrew forms again (those of the main part's 330 pages took 0.4 s of every edit to
it at archive-5k).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from maagal.cache.build_cache import digest

Record = tuple[str, str, str]  # the page's path from the site root, its title, its HTML


@dataclass(frozen=True)
class PagesFolder:
    """A scratch folder: the pages Pagefind reads (`site/`), and where it writes its errors."""

    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def errors(self) -> Path:
        return self.root / "errors.txt"

    def done(self) -> None:
        """The part is indexed, or given up."""
        shutil.rmtree(self.root, ignore_errors=True)


def write_pages(
    records: list[Record], page: Callable[[str, str], str], stamp_: str, kept: Path | None
) -> PagesFolder:
    """The part's pages, `page(title, html)` at each record's path. `kept`: where the pages
    made for this part are kept by their record (`stamp_`: what makes them, whose change makes
    them all again)."""
    folder = PagesFolder(Path(tempfile.mkdtemp(prefix="maagal-search-")))
    known = _read_pages(kept, stamp_)
    made: dict[str, str] = {}
    try:
        for path, title, html in records:
            here = folder.site / path
            here.mkdir(parents=True)
            key = digest(title, html)
            text = made[key] = known.get(key) or page(title, html)
            (here / "index.html").write_bytes(text.encode())
    except BaseException:
        folder.done()
        raise
    if kept is not None:
        _write_pages(kept, stamp_, made)
    return folder


def _read_pages(kept: Path | None, stamp_: str) -> dict[str, str]:
    try:
        data = json.loads(kept.read_text(encoding="utf-8")) if kept else None
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp_:
        return {}
    pages = data.get("pages")
    if not isinstance(pages, dict):
        return {}
    return {k: v for k, v in pages.items() if isinstance(k, str) and isinstance(v, str)}


def _write_pages(kept: Path, stamp_: str, pages: dict[str, str]) -> None:
    temporary = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"stamp": stamp_, "pages": pages}), encoding="utf-8")
        temporary.replace(kept)
    except OSError:
        pass  # a cache that cannot be written only costs the next build time
