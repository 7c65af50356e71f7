"""The work of drawing one language's editions, handed out to browsers that draw side by side.

Each lane is a Chromium of its own, fed from one queue: prints first (the longer jobs), then
the cards. What a lane draws does not depend on what it drew before, so the bytes are those of
one lane. `maagal build` draws its languages in parallel processes already: on two cores, two
languages with one lane each kept the machine 95 % busy, and a second lane each made every
screenshot and print take twice as long (2026-12-05, archive-1k); so a language gets one lane
per two cores.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from maagal.run import progress

CORES_PER_LANE = 2  # a language's lane, and the other language's beside it


def lanes(jobs: int, cores: int | None = None) -> int:
    """How many browsers draw `jobs` jobs: never more than there are jobs."""
    cores = cores or os.cpu_count() or 1
    return max(1, min(jobs, cores // CORES_PER_LANE))


@dataclass(frozen=True)
class PrintTask:
    number: int  # the print page's file in the stage folder: unique in the build
    job: Any  # a PrintJob
    html: str
    name: str  # its name in the kept editions


@dataclass(frozen=True)
class CardTask:
    job: Any  # a CardJob
    name: str


class DrawQueue:
    """Prints, then cards, handed out one at a time to whichever lane asks; `stop` ends it for
    every lane (one lane's failure stops the build)."""

    def __init__(
        self, prints: Sequence[tuple[Any, str, str]], cards: Sequence[tuple[Any, str]]
    ) -> None:
        self._tasks: list[PrintTask | CardTask] = [
            PrintTask(number, job, html, name) for number, (job, html, name) in enumerate(prints)
        ]
        self._tasks += [CardTask(job, name) for job, name in cards]
        self._totals = {"print editions": len(prints), "cards": len(cards)}
        self._done = dict.fromkeys(self._totals, 0)
        self._next = 0
        self._stopped = False
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._tasks)

    def __iter__(self) -> Iterator[PrintTask | CardTask]:
        while True:
            with self._lock:
                if self._stopped or self._next >= len(self._tasks):
                    return
                task = self._tasks[self._next]
                self._next += 1
            yield task

    def done(self, task: PrintTask | CardTask) -> None:
        what = "print editions" if isinstance(task, PrintTask) else "cards"
        with self._lock:
            self._done[what] += 1
            count = self._done[what]
        progress.report(count, self._totals[what], what, every=1 if what != "cards" else 10)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
