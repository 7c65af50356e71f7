"""The digest of each page's context from the last build, kept for the next one while what
the contexts are made from stays the same.

A page's key in the build cache (`plugin/page_cache.py`) holds a digest of the context its
template receives. Making every page's context to digest it is most of what a warm build spends
on keys (0.8 s of 1.25 s a language at archive-5k). The contexts are made from the site's
outline (`views/site_outline.py`: every document but the text of its bodies) and what all
pages share (the code, the configuration, the navigation, the language): when these are what
they were, each page's context is too, and its digest is taken from the last build's record.
An edit to an article's text leaves them as they were; a new title, a new article or a new
setting does not, and every context is made again.

One JSON file per language, beside its page store (`contexts-pages-<lang>.json`): the inputs'
digest and each page's context digest, by its source. A record that cannot be read, or of other
inputs, is not used.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

_VERSION = 1


class ContextDigests:
    """The last build's context digests (when its inputs were `inputs`), and this build's."""

    def __init__(self, path: Path | None, inputs: str) -> None:
        self.path = path
        self.inputs = inputs
        self._known = _read(path, inputs) if path else {}
        self._made: dict[str, str] = {}

    def get(self, src_uri: str) -> str | None:
        """The digest of the page's context, as the last build made it from the same inputs."""
        return self._known.get(src_uri)

    def put(self, src_uri: str, context_digest: str) -> None:
        self._made[src_uri] = context_digest

    def save(self) -> None:
        """Record this build's digests for the next build (nothing when no cache is kept)."""
        if self.path is None or self._made == self._known:
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        record = {"version": _VERSION, "inputs": self.inputs, "pages": self._made}
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
            temporary.replace(self.path)


def _read(path: Path, inputs: str) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return {}
    pages = data.get("pages")
    if data.get("inputs") != inputs or not isinstance(pages, dict):
        return {}
    return {uri: value for uri, value in pages.items() if isinstance(value, str)}
