"""The site's search index: Pagefind, fed by each language's build with just its documents.

Material's built-in lunr search finds nothing in Hebrew and preloads the whole index on every
page; Pagefind splits its index into small chunks fetched per query. Rather than letting the
Pagefind CLI re-read every finished page (on a 5,600-page archive: 6 s and 780 MB, in one
process after both languages), each language's build writes the title and rendered text of
its documents as tiny pages in a scratch folder and runs Pagefind on those, writing its own
bundle (`/pagefind/`, `/en/pagefind/`): the languages index in parallel and each index is
small. (Pagefind's Python API answers about ten requests a second: too slow for an archive.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from maagal.build_cache import digest
from maagal.errors import MaagalError
from maagal.hebrew import expand_html

BUNDLE = "pagefind/"
# The "¶" permalink Python-Markdown's toc puts in each heading: not text to find or show.
_HEADERLINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.DOTALL)


def _link_or_copy(source: str, target: str) -> None:
    """A kept bundle's file into the site: linked (no bytes copied), or copied across disks.
    (The site is never changed in place: each build writes a new one.)"""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@dataclass
class SearchIndexer:
    """Collects a language's searchable pages during a build, then writes the bundle."""

    lang: str
    records: list[tuple[str, str, str]] = field(default_factory=list)  # path, title, html

    def add(self, path: str, title: str, content_html: str) -> None:
        """`path`: the page's path from the site root, e.g. 'en/issues/4/x/'."""
        self.records.append((path, title, _HEADERLINK.sub("", content_html)))

    def expand(self, html: str) -> str:
        # MAAGAL_SEARCH_PLAIN=1 indexes the text as it stands (the benchmark's comparison).
        return html if os.environ.get("MAAGAL_SEARCH_PLAIN") == "1" else expand_html(html)

    def page(self, title: str, content_html: str) -> str:
        return (
            f'<!doctype html><html lang="{self.lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body><main data-pagefind-body>"
            f"<h1>{escape(title)}</h1>{self.expand(content_html)}</main></body></html>"
        )

    def write(self, output: Path, cache: Path | None = None) -> None:
        """Index the records into the bundle at `output`.

        With a `cache` folder, a bundle indexed from the same records before is copied from
        there instead (Pagefind cannot add to an index: any changed record indexes them all).
        """
        key = self._digest()
        kept = cache / key if cache is not None else None
        if kept is not None and kept.is_dir():
            if output.exists():
                shutil.rmtree(output)
            shutil.copytree(kept, output, copy_function=_link_or_copy)
            return
        self._index(output)
        if cache is not None and kept is not None:
            self._keep(output, cache, kept)

    def _digest(self) -> str:
        from importlib.metadata import version

        parts = [
            f"pagefind {version('pagefind')}",
            self.lang,
            os.environ.get("MAAGAL_SEARCH_PLAIN", ""),
        ]
        parts += [part for record in sorted(self.records) for part in record]
        return digest(*parts)

    @staticmethod
    def _keep(output: Path, cache: Path, kept: Path) -> None:
        """Keep one bundle per language: this build's."""
        try:
            cache.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".new-", dir=cache))
            shutil.copytree(output, staging / "bundle")
            for old in cache.iterdir():
                if old != staging:
                    shutil.rmtree(old, ignore_errors=True)
            os.replace(staging / "bundle", kept)
            shutil.rmtree(staging, ignore_errors=True)
        except OSError:
            pass  # a cache that cannot be written only costs the next build time

    def _index(self, output: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="maagal-search-") as scratch:
            root = Path(scratch)
            for path, title, html in self.records:
                target = root / path / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(self.page(title, html), encoding="utf-8")
            if output.exists():
                shutil.rmtree(output)
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pagefind",
                    "--site",
                    str(root),
                    "--output-path",
                    str(output),
                    "--force-language",
                    self.lang,
                    "--silent",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
        if done.returncode != 0:
            raise MaagalError(f"the search index could not be built: {done.stderr.strip()}")
