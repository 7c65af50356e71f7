"""The worker process of one language of `maagal serve`: it keeps a `QuickRenderer` (the
engine's side, in `plugin/quick_render.py`) between edits, and never outlives the server.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from maagal.plugin.language_build import LanguageResult
from maagal.plugin.quick_render import QuickRenderer, Rendered
from maagal.run import progress
from maagal.run.collector import collector_paused, tidy_soon
from maagal.run.options import RunOptions
from maagal.run.processes import running

# -- the worker process: one LiveLanguage per process, reached through these functions ---------

_live: QuickRenderer | None = None


def start(
    config_file: str, lang: str, serve_url: str, options: RunOptions, server_pid: int
) -> None:
    global _live
    _live = QuickRenderer(config_file, lang, serve_url, options)
    detach(server_pid)


def detach(server_pid: int) -> None:
    """In a worker of `maagal serve`: stopped by the server, and never outliving it.

    The worker's parent is the fork server, which itself waits for its children: so the worker
    watches the `maagal serve` process, and leaves when it is gone (killed without a word).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the server, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def leave_with_server() -> None:
        while running(server_pid):
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=leave_with_server, daemon=True).start()


def build(site_dir: str, queue: Any = None) -> LanguageResult:
    assert _live is not None
    progress.attach(queue, _live.lang)
    result = _live.build(site_dir)
    tidy_soon()
    return result


def render(changed: set[str], language_root: str) -> Rendered:
    assert _live is not None
    with collector_paused():
        return _live.render(changed, Path(language_root))
