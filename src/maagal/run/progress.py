"""Progress of long builds on a terminal ("he 1200/2834 · en 1100/2834"); silent in CI.

Each language builds in its own process; they report through a queue that the parent prints
from, so the two counts share one line instead of overwriting each other.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from multiprocessing.managers import SyncManager
from typing import Any

from maagal.run.processes import die_with_parent

_queue: Any = None
EVERY = 100  # pages between reports


def wanted(ci: bool) -> bool:
    return sys.stderr.isatty() and not ci


def attach(queue: Any) -> None:
    """In a build process: send progress to `queue` (None: stay silent)."""
    global _queue
    _queue = queue


def report(lang: str, done: int, total: int) -> None:
    if _queue is not None and (done % EVERY == 0 or done == total):
        _queue.put((lang, done, total))


class Printer:
    """In the parent: prints the latest count of every language on one terminal line."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue
        self.counts: dict[str, tuple[int, int]] = {}
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Printer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.queue.put(None)
        self.thread.join(timeout=5)
        if self.counts:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            lang, done, total = item
            self.counts[lang] = (done, total)
            line = " · ".join(f"{lg} {d}/{t}" for lg, (d, t) in sorted(self.counts.items()))
            sys.stderr.write(f"\r\033[Kbuilding: {line} pages")
            sys.stderr.flush()


@contextlib.contextmanager
def shown(ci: bool) -> Iterator[Any]:
    """A queue for build processes to report to, printed on one line (None in CI or when
    nobody watches the terminal)."""
    if not wanted(ci):
        yield None
        return
    manager = SyncManager()
    manager.start(die_with_parent, (os.getpid(),))  # killed with this process, not left behind
    with manager:
        queue = manager.Queue()
        with Printer(queue):
            yield queue
