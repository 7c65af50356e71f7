"""Worker processes stopped at once, not after the build they are running, and never
outliving the process that started them.

`ProcessPoolExecutor.shutdown(cancel_futures=True)` cancels only what has not started; a preview
build in progress is not worth waiting for. Python 3.14 adds `terminate_workers()`; before it,
the pool's processes are reached through its private `_processes`, here and nowhere else.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what waits, and terminate the workers, a build in progress included."""
    found = getattr(pool, "_processes", None) or {}
    processes = list(found.values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """In a worker process (the initializer of its pool): end when `parent` ends, even when
    it is killed without a word (SIGKILL), so that no worker builds on for nobody.

    On Linux the kernel sends the worker SIGKILL when the thread that started it ends
    (`prctl(PR_SET_PDEATHSIG)`; a pool's workers are started by the thread that submits to
    it); elsewhere a thread watches the parent once a second. The worker's own children
    (Pagefind, Playwright's driver and its Chromium) end when their pipes to it close."""
    if not _kernel_kills_with_parent():
        threading.Thread(target=_leave_after, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the worker could ask
        os._exit(1)


def _kernel_kills_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _leave_after(pid: int) -> None:
    while running(pid):
        time.sleep(1)
    os._exit(1)


def running(pid: int) -> bool:
    """Whether process `pid` runs (a killed process not yet reaped does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except (OSError, IndexError):
        pass
    try:  # no /proc (macOS), or no such process
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
