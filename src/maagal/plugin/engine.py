"""Every use of MkDocs' private API, in one module: the whole cost of an engine change.

MkDocs 1.x is frozen upstream, and its successors (MkDocs 2, ProperDocs, Zensical) drop or
rename what `maagal serve` borrows here: the steps that build one page (for quick re-renders of
edited pages) and the live-reload server's internals (to learn which files changed and to
reload browsers after a background build). `missing_private_api()` names whatever an installed
release lacks; the test suite and `maagal serve` call it, so a change is announced, not found
by an editor in a broken preview.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import threading
from typing import Any

from mkdocs import livereload
from mkdocs.livereload import LiveReloadServer

from maagal.run.errors import MaagalError

# What is borrowed: module attributes, and attributes a LiveReloadServer sets on itself.
PRIVATE_FUNCTIONS = {
    "mkdocs.commands.build": ("_build_page", "_populate_page"),
    "mkdocs.livereload": ("_timestamp",),
}
PRIVATE_SERVER_ATTRIBUTES = (
    "_rebuild_cond",
    "_want_rebuild",
    "_epoch_cond",
    "_wanted_epoch",
    "_visible_epoch",
    "_watched_paths",
    "_watch_refs",
    "observer",
    "_inject_js_into_html",
    "_serve_request",
)
_BODY = re.compile(rb"<body\b[^>]*>")
_UNSERVABLE = re.compile("[\x00-\x1f\x7f]")  # control characters: in no file name of a site
IGNORED_EVENTS = ("opened", "closed", "closed_no_write")  # reading a file changes nothing
FOLDER_EVENTS = ("created", "deleted", "moved")  # a folder's own: its files come or go


# The parameters Maagal passes to the private functions, in order.
PRIVATE_PARAMETERS = {
    "mkdocs.commands.build._build_page": ("page", "config", "doc_files", "nav", "env"),
    "mkdocs.commands.build._populate_page": ("page", "config", "files"),
}


def missing_private_api() -> list[str]:
    """The private names Maagal uses that the installed MkDocs no longer has, or no longer
    takes as Maagal calls them."""
    missing = []
    for module, names in PRIVATE_FUNCTIONS.items():
        for name in names:
            found = getattr(importlib.import_module(module), name, None)
            wanted = PRIVATE_PARAMETERS.get(f"{module}.{name}")
            if found is None:
                missing.append(f"{module}.{name}")
            elif wanted and tuple(inspect.signature(found).parameters)[: len(wanted)] != wanted:
                missing.append(f"{module}.{name}({', '.join(wanted)})")
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=os.curdir)
    try:
        missing += [
            f"mkdocs.livereload.LiveReloadServer().{name}"
            for name in PRIVATE_SERVER_ATTRIBUTES
            if not hasattr(server, name)
        ]
    finally:
        server.server_close()
    return missing


def require_private_api() -> None:
    """Stop with a clear message when the installed MkDocs lacks what `maagal serve` uses."""
    missing = missing_private_api()
    if missing:
        import mkdocs

        raise MaagalError(
            f"MkDocs {mkdocs.__version__} no longer has {', '.join(missing)}, which maagal "
            "serve uses — install the MkDocs version Maagal asks for (pip install maagal "
            "installs it) or adapt src/maagal/plugin/engine.py"
        )


def render_page(config: Any, files: Any, doc_pages: Any, nav: Any, env: Any, file: Any) -> None:
    """MkDocs' own steps for one page of a finished build: read, render, write it to
    `file.abs_dest_path` (the caller decides where that is). `doc_pages`:
    `files.documentation_pages()`, asked once by a caller that renders several pages."""
    from mkdocs.commands.build import _build_page, _populate_page

    _populate_page(file.page, config, files)
    _build_page(file.page, config, doc_pages, nav, env)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that also remembers which files changed, and can reload
    the browsers when a build it did not start has replaced the served folder."""

    def __init__(self, *args: Any, poll_files: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # MkDocs polls every file twice a second: at archive-5k that is 0.25 s of waiting on
        # average before a save is seen, and a core kept busy listing 3,000 files. The
        # system's own notifications (inotify) say it at once; polling stays the fallback,
        # and the choice where notifications never come (`poll_files`, MAAGAL_WATCH=poll: a
        # folder shared from another system, as WSL's /mnt/c, or over the network).
        if not poll_files:
            self.observer = _native_observer() or self.observer
        # After a save MkDocs waits until no file has changed for 0.1 s; notifications come
        # within milliseconds of each other, so a twentieth of a second is quiet enough.
        self.build_delay = 0.05
        self._handlers: list[tuple[Any, str, bool]] = []  # what `watch` scheduled
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()
        self.notice = b""  # HTML shown at the top of every page (the current problems)

    def _serve_request(self, environ: dict, start_response: Any) -> Any:
        """MkDocs' answer, but a request whose path no file can have (a NUL byte, which
        `open` refuses with a ValueError that MkDocs answers with 500 and a traceback) is a
        bad request."""
        path = environ.get("PATH_INFO", "")
        if _UNSERVABLE.search(path):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"400 Bad Request: no page has such an address\n"]
        return super()._serve_request(environ, start_response)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        notice = self.notice
        if not notice:
            return content
        match = _BODY.search(content)
        at = match.end() if match else 0
        return content[:at] + notice + content[at:]

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        import watchdog.events

        path = os.path.abspath(path)
        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = self._noticed  # type: ignore[method-assign]
        self._watched_paths[path] = 1
        self._handlers.append((handler, path, recursive))
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def _noticed(self, event: Any) -> None:
        """A file or folder changed: remember it, and wake the server's builder."""
        if event.event_type in IGNORED_EVENTS:
            return
        if event.is_directory and event.event_type not in FOLDER_EVENTS:
            return  # a file in it changed: that file's own event says which
        # A folder moved or deleted is said only of the folder (by notifications): its path
        # ends in '/', for the preview to build everything again.
        ending = "/" if event.is_directory else ""
        with self._changed_lock:
            self._changed.add(os.fsdecode(event.src_path) + ending)
            if getattr(event, "dest_path", ""):
                self._changed.add(os.fsdecode(event.dest_path) + ending)
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def serve(self, *args: Any, **kwargs: Any) -> None:
        # Notifications are asked for when the observer starts (MkDocs starts it in `serve`):
        # when the system has none left to give, poll instead of failing.
        try:
            self.observer.start()
        except OSError:  # e.g. fs.inotify.max_user_watches reached
            self._poll_instead()
            self.observer.start()
        self.observer.start = lambda: None  # type: ignore[method-assign]  # started
        super().serve(*args, **kwargs)

    def _poll_instead(self) -> None:
        import watchdog.observers.polling

        self.observer.unschedule_all()
        self.observer = watchdog.observers.polling.PollingObserver(timeout=0.5)
        for handler, path, recursive in self._handlers:
            self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def take_changes(self) -> set[str]:
        with self._changed_lock:
            changed, self._changed = self._changed, set()
        return changed

    def reload_browsers(self) -> None:
        """Open pages reload: used when a background build has replaced the preview."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch = livereload._timestamp()
            self._epoch_cond.notify_all()


def _native_observer() -> Any:
    """The operating system's file notifications (inotify, FSEvents, …), if watchdog has them."""
    try:
        import watchdog.observers

        return watchdog.observers.Observer()
    except Exception:  # no native backend here: MkDocs' polling observer stays
        return None
