"""The digest of each page's context from the last build, kept for the next one while what
that context is made from stays the same.

A page's key in the build cache (`plugin/page_cache.py`) holds a digest of the context its
template receives. Making every page's context to digest it is most of what a warm build spends
on keys (0.8 s of 1.25 s a language at archive-5k). A context is made from the site's outline
(`views/site_outline.py`) and what all pages share (the code, the configuration, the
navigation, the language): when the outline's frame and these are what they were (`inputs`),
a page's context is the one the last build made, unless one of the documents it read (the
model notes each whose language a view takes, `noting_reads`) shows other words: a title, a
subtitle, an excerpt, a reading time (`Outline.shown`). An edit to an article's text makes
again the contexts of the pages that show its excerpt, when it changed, and of its own page;
a new title, those of the pages that show it (its issue's, authors', topics' pages, its
neighbours'); a new article, a new date or a new setting makes every context again.

The same record keeps each page's final Markdown's digest (its links resolved to the pages they
lead to in its language), with the digest of the Markdown it was made from: while the inputs
hold, a page whose Markdown is the same has the same final Markdown, and a kept page's key is
found without resolving its links again (0.2 s a language at archive-5k).

One JSON file per language, beside its page store (`contexts-pages-<lang>.json`): the inputs'
digest, each document's words' digest, each page's context digest with the documents it read,
and its Markdown's digests, by its source. A record that cannot be read, or of other inputs, is
not used.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_VERSION = 4  # (1: no body words; 2: body words only, titles in the inputs; 3: no Markdown)


class ContextDigests:
    """The last build's context digests that still hold, and this build's."""

    def __init__(self, path: Path | None, inputs: str, words: dict[str, str]) -> None:
        self.path = path
        self.inputs = inputs
        self.words = words
        self._record = _read(path, inputs) if path else {}
        known: dict[str, str] = self._record.get("words", {})
        changed = {key for key in known.keys() | words.keys() if known.get(key) != words.get(key)}
        self._known: dict[str, tuple[str, list[str]]] = {
            uri: (made, read)
            for uri, (made, read) in self._record.get("pages", {}).items()
            if changed.isdisjoint(read)
        }
        self._made: dict[str, tuple[str, list[str]]] = {}
        self._markdown: dict[str, tuple[str, str]] = {
            uri: (raw, final) for uri, (raw, final) in self._record.get("markdown", {}).items()
        }
        self._markdown_made: dict[str, tuple[str, str]] = {}

    def final_markdown(self, src_uri: str, raw: str) -> str | None:
        """The digest of the page's final Markdown (its links resolved), when the last build
        made it from the same Markdown: it follows from that, the page's address and the
        frame, which are among the inputs."""
        found = self._markdown.get(src_uri)
        if found is None or found[0] != raw:
            return None
        self._markdown_made[src_uri] = found
        return found[1]

    def put_final_markdown(self, src_uri: str, raw: str, final: str) -> None:
        """The digests of a page's Markdown (`raw`) and of the final Markdown made from it."""
        self._markdown_made[src_uri] = (raw, final)

    def get(self, src_uri: str) -> str | None:
        """The digest of the page's context, when the last build's still holds."""
        found = self._known.get(src_uri)
        if found is None:
            return None
        self._made[src_uri] = found
        return found[0]

    def put(self, src_uri: str, context_digest: str, read: Iterable[str]) -> None:
        """The digest of the context made for the page, and the documents it read."""
        self._made[src_uri] = (context_digest, sorted(read))

    def save(self) -> None:
        """Record this build's digests for the next build (nothing when no cache is kept)."""
        if self.path is None:
            return
        record = {
            "version": _VERSION,
            "inputs": self.inputs,
            "words": self.words,
            "pages": {uri: list(entry) for uri, entry in self._made.items()},
            "markdown": {uri: list(pair) for uri, pair in self._markdown_made.items()},
        }
        if record == self._record:
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
            temporary.replace(self.path)


def _read(path: Path, inputs: str) -> dict[str, Any]:
    """The record at `path`, when it is one of `inputs` (else {}), checked entry by entry."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return {}
    words, pages, markdown = data.get("words"), data.get("pages"), data.get("markdown")
    if data.get("inputs") != inputs:
        return {}
    if not (isinstance(words, dict) and isinstance(pages, dict) and isinstance(markdown, dict)):
        return {}
    return {
        **data,
        "words": {k: v for k, v in words.items() if isinstance(v, str)},
        "pages": {uri: entry for uri, entry in pages.items() if _entry(entry)},
        "markdown": {uri: pair for uri, pair in markdown.items() if _pair(pair)},
    }


def _pair(pair: Any) -> bool:
    """Whether a page's Markdown entry is [digest, digest]."""
    return isinstance(pair, list) and len(pair) == 2 and all(isinstance(d, str) for d in pair)


def _entry(entry: Any) -> bool:
    """Whether a page's entry is [digest, [document keys]]."""
    return (
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and isinstance(entry[1], list)
        and all(isinstance(key, str) for key in entry[1])
    )
