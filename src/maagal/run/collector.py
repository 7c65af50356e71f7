"""Python's garbage collector in Maagal's workers: out of the way of a build and a quick render.

A language's build loads the whole model (and the build cache's records) first and keeps it
to the end: after the load, `freeze_loaded` moves it out of the collector's sight (`gc.freeze`),
so that the full passes that come while the pages are made walk only what they make (at
archive-5k, six passes walked it again during a warm build of one language: 0.84 s).

A worker keeps the whole model of a large archive between saves (millions of objects). Each
full pass of the collector walks all of them: at 5,000 pages, two or three passes came during
every quick render and took 0.3 to 0.45 s of its 1.4 s. So a render runs with the automatic
collector off (it makes a bounded amount: one model, a few dozen pages), and once it has
answered, a thread collects what the edit left behind and moves what remains (the model the
next render starts from) out of the collector's sight with `gc.freeze()`.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Long enough for the answer to reach the server before the collector takes the interpreter;
# short enough to be done before an editor's next save.
SETTLE_SECONDS = 0.3

_tidying = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without automatic collection; collect soon after, in a thread."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:  # else a tidy is still to come, and enables the collector
            tidy_soon()


def freeze_loaded() -> None:
    """Keep what the process holds now out of every later pass of the collector: freed when
    nothing refers to it any more, as always, but never searched for cycles (a `maagal serve`
    worker's `_tidy` takes it back in sight before it collects)."""
    gc.freeze()


def tidy_soon() -> None:
    """Collect and freeze in a thread, once the worker has answered (after a full build too:
    the first render then starts with the model out of sight)."""
    _later(_tidy)


def _tidy() -> None:
    """Free the last model and keep the live one frozen; the collector runs again."""
    with _tidying:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        gc.enable()


def _later(work: Callable[[], None]) -> None:
    def run() -> None:
        time.sleep(SETTLE_SECONDS)
        work()

    threading.Thread(target=run, name="maagal-collector", daemon=True).start()
