"""Progress of long builds on a terminal ("he pages 1200/2834 · en read 5600"); silent in CI.

Every step that can take long on a large archive says how far it is: reading the files
("read", without a total: the folders are walked as they are read), the pages, the print
editions and the cards.

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
_lang = ""  # the language this build process builds
EVERY = 100  # pages between reports


def wanted(ci: bool) -> bool:
    return sys.stderr.isatty() and not ci


def attach(queue: Any, lang: str) -> None:
    """In the build process of `lang`: send progress to `queue` (None: stay silent)."""
    global _queue, _lang
    _queue, _lang = queue, lang


def report(done: int, total: int, what: str = "pages", every: int = EVERY) -> None:
    """`done` of `total` (0: not known) of this process's step `what`."""
    if _queue is not None and (done % every == 0 or done in (1, total)):
        _queue.put((_lang, what, done, total))


class Printer:
    """In the parent: prints the latest count of every language on one terminal line."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue
        self.counts: dict[str, tuple[str, int, int]] = {}
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
            lang, what, done, total = item
            self.counts[lang] = (what, done, total)
            line = " · ".join(
                f"{lg} {w} {d}/{t}" if t else f"{lg} {w} {d}"
                for lg, (w, d, t) in sorted(self.counts.items())
            )
            sys.stderr.write(f"\r\033[Kbuilding: {line}")
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
