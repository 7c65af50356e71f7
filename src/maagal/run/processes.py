"""Worker processes stopped at once, not after the build they are running.

`ProcessPoolExecutor.shutdown(cancel_futures=True)` cancels only what has not started; a preview
build in progress is not worth waiting for. Python 3.14 adds `terminate_workers()`; before it,
the pool's processes are reached through its private `_processes`, here and nowhere else.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what waits, and terminate the workers, a build in progress included."""
    found = getattr(pool, "_processes", None) or {}
    processes = list(found.values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
