"""`maagal serve`: live preview of every language, drafts included, reloaded on each save.

A save of Markdown files re-renders the edited pages at once in each language's worker process
(`commands/live.py`) and reloads the browser; a full build then runs in the background and
replaces the whole preview (listings, feeds, search) when it is done, reloading again. A
change to anything else (mkdocs.yml, authors, topics, templates, images), or one that adds,
removes or moves pages, is built in full before the reload. Content with mistakes is reported
and the preview keeps its last good state.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import click
from jinja2 import Environment, PackageLoader, StrictUndefined

from maagal.addresses.project import Project
from maagal.commands import live
from maagal.commands.build import Runner, build_languages, refuse_output, swap_in
from maagal.model.site import direction
from maagal.plugin.engine import PreviewServer, require_private_api
from maagal.plugin.language_build import LanguageResult, run_mkdocs_build
from maagal.run import progress
from maagal.run.errors import ContentInvalid, MaagalError
from maagal.run.options import RunOptions, quiet_engine
from maagal.run.processes import stop_pool
from maagal.text.i18n import count, message

# Workers are started while the server's threads run: forking such a process can copy a lock
# that another thread holds. The fork server is a fresh interpreter that forks for us.
FORKSERVER = multiprocessing.get_context("forkserver")


class Preview:
    """The served folder, the language workers, and the builds that keep the folder current."""

    def __init__(self, project: Project, workdir: Path, url: str, options: RunOptions) -> None:
        self.project = project
        self.options = options
        self.workdir = workdir
        self.root = workdir / "site"
        self.url = url
        self.server: Any = None
        self.workers: dict[str, ProcessPoolExecutor] = {}  # one per language, keeps state
        self.builders: ProcessPoolExecutor | None = None  # background full builds
        self.lock = threading.Lock()
        self.version = 0  # counts saves; a build is swapped in only if none came during it
        self.background: threading.Thread | None = None

    # -- workers ----------------------------------------------------------------------------

    def _worker(self, lang: str) -> ProcessPoolExecutor:
        worker = self.workers.get(lang)
        if worker is None:
            worker = ProcessPoolExecutor(
                max_workers=1,
                mp_context=FORKSERVER,
                initializer=live.start,
                initargs=(str(self.project.config_file), lang, self.url, self.options, os.getpid()),
            )
            self.workers[lang] = worker
        return worker

    def _wait(self, lang: str, future: Future) -> Any:
        try:
            return future.result()
        except BrokenProcessPool:
            self.workers.pop(lang, None)  # a new one starts with the next full build
            return None

    def _live_runner(self, jobs: Sequence[tuple[str, str]]) -> list[LanguageResult]:
        with progress.shown(self.options.ci) as queue:
            futures = [(lang, self._worker(lang).submit(live.build, d, queue)) for lang, d in jobs]
            results = []
            for lang, future in futures:
                result = self._wait(lang, future)
                results.append(result or LanguageResult([f"the '{lang}' preview process stopped"]))
        return results

    def _builder_runner(self, jobs: Sequence[tuple[str, str]]) -> list[LanguageResult]:
        if self.builders is None:
            self.builders = ProcessPoolExecutor(
                max_workers=len(self.project.languages),
                mp_context=FORKSERVER,
                initializer=live.detach,
                initargs=(os.getpid(),),
            )
        config = str(self.project.config_file)
        futures = [
            self.builders.submit(run_mkdocs_build, config, lang, d, self.url, self.options)
            for lang, d in jobs
        ]
        try:
            return [future.result() for future in futures]
        except BrokenProcessPool:
            self.builders = None
            return [LanguageResult([f"the '{lang}' preview build stopped"]) for lang, _ in jobs]

    def close(self) -> None:
        for worker in [*self.workers.values(), *([self.builders] if self.builders else [])]:
            stop_pool(worker)

    # -- builds -----------------------------------------------------------------------------

    def _build(self, runner: Runner, version: int | None = None) -> int | None:
        """Build everything into a fresh folder and swap it in, unless a save came after
        `version`. Returns the pages swapped in, 0 when a newer save made the build stale, None
        when it failed (the problems are printed)."""
        scratch = Path(tempfile.mkdtemp(prefix="next-", dir=self.workdir))
        try:
            pages = build_languages(
                self.project, scratch / "site", self.options, serve_url=self.url, runner=runner
            )
            with self.lock:
                if version is not None and version != self.version:
                    return 0
                swap_in(scratch / "site", self.root)
            self.show_problems(None)
            return pages
        except MaagalError as error:
            click.echo(error.format_message(), err=True)
            self.show_problems(error)
            return None
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def build_all(self) -> None:
        """A full build by the language workers (which keep its state)."""
        pages = self._build(self._live_runner)
        if pages:
            click.echo(f"Built {pages} pages; serving {self.url}")

    def _background(self) -> None:
        """Full builds in fresh processes until one ran with no save during it."""
        while True:
            with self.lock:
                version = self.version
            start = time.monotonic()
            pages = self._build(self._builder_runner, version)
            if pages:
                click.echo(f"Rebuilt all {pages} pages in {time.monotonic() - start:.1f} s")
                if self.server is not None:
                    self.server.reload_browsers()
            with self.lock:
                if version == self.version:  # else a save came meanwhile: build again
                    self.background = None
                    return

    def _start_background(self) -> None:
        with self.lock:
            if self.background is None:
                self.background = threading.Thread(target=self._background, daemon=True)
                self.background.start()

    def show_problems(self, error: MaagalError | None) -> None:
        """Every served page shows the problems of the last save until they are fixed."""
        if self.server is None:
            return
        lang = self.project.default_language
        notice = problems_notice(error, lang) if error is not None else b""
        if notice != self.server.notice:
            self.server.notice = notice
            self.server.reload_browsers()

    # -- a save -----------------------------------------------------------------------------

    def on_change(self) -> None:
        """Called by the server after files changed (and stopped changing for a moment)."""
        changed = self.server.take_changes() if self.server is not None else set()
        with self.lock:
            self.version += 1
        edited = {_relative(path, self.project.root) for path in changed if _matters(path)}
        if not edited:
            return  # an editor's swap or backup file
        markdown_only = all(path.endswith(".md") for path in edited)
        if not (markdown_only and self.workers and self._render(edited)):
            self.build_all()

    def _render(self, edited: set[str]) -> bool:
        """Re-render the edited pages in every language; False when a full build is needed."""
        start = time.monotonic()
        futures = [
            (
                lang,
                self._worker(lang).submit(
                    live.render, edited, str(self.root / self.project.language_root(lang))
                ),
            )
            for lang in self.project.languages
        ]
        outcomes = [self._wait(lang, future) for lang, future in futures]
        if any(o is None or o.rebuild for o in outcomes):
            return False
        report = next((o.content for o in outcomes if o.content), None)
        if report:
            click.echo(ContentInvalid(report).format_message(), err=True)
            self.show_problems(ContentInvalid(report))
            return True  # the preview keeps its last good state, with the problems on top
        self.show_problems(None)
        count = sum(len(o.pages) for o in outcomes)
        click.echo(
            f"Re-rendered {count} pages and feeds in {time.monotonic() - start:.1f} s; "
            "rebuilding the rest in the background"
        )
        self._start_background()
        return True


# What a site is made of; anything else that changes (an editor's swap, backup or temporary
# files: `.x.md.swp`, `x.md~`, `4913`, `x.md.tmp123`) is not a reason to rebuild.
SOURCE_SUFFIXES = frozenset(
    [
        ".md",
        ".yml",
        ".yaml",
        ".html",
        ".css",
        ".js",
        ".svg",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".avif",
        ".pdf",
        ".woff2",
        ".ttf",
    ]
)


@functools.cache
def _notice_template() -> Any:
    environment = Environment(
        loader=PackageLoader("maagal", "templates"), autoescape=True, undefined=StrictUndefined
    )
    return environment.get_template("preview_problems.html")


def problems_notice(error: MaagalError, lang: str = "en") -> bytes:
    """The banner over the preview's pages: what happened, in the editors' language `lang`
    (the site's first), and each problem with its file, line and fix."""
    report = getattr(error, "report", None)
    errors = list(report) if report else []
    number = len(errors) or 1
    if number == 1:
        headline = message(lang, "preview_problems_one")
    else:
        headline = message(lang, "preview_problems_many", count=count(number, "problem", lang))
    html = _notice_template().render(
        errors=errors,
        text=error.format_message(),
        headline=headline,
        lang=lang,
        dir=direction(lang),
    )
    return html.encode("utf-8")


def _matters(path: str) -> bool:
    name = Path(path).name
    if path.endswith("/"):  # a folder that came, went or moved (with whatever it holds)
        return not name.startswith(".")
    return not name.startswith(".") and Path(name).suffix.lower() in SOURCE_SUFFIXES


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _relative(path: str, root: Path) -> str:
    """`path` from the project's root; a folder's keeps its ending '/' (see `_matters`)."""
    try:
        relative = Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path
    return relative + "/" if path.endswith("/") else relative


def serve(
    project: Project,
    options: RunOptions,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    open_browser: bool = False,
) -> None:
    require_private_api()
    # Served from a folder of its own; a site_dir that `maagal build` refuses is refused here.
    refuse_output(project, project.site_dir.resolve(), options)
    # The preview shows drafts, and pages only: PDFs and cards wait for `maagal build`.
    options = options.but(include_drafts=True, editions=False)
    quiet_engine()
    # A service manager or a terminal closing sends SIGTERM: stop as on Ctrl+C, workers too.
    signal.signal(signal.SIGTERM, _interrupt)
    workdir = Path(tempfile.mkdtemp(prefix="maagal-serve-"))
    preview = Preview(project, workdir, f"http://{host}:{port}/", options)
    preview.root.mkdir()
    try:
        preview.build_all()  # before the server's threads start: the workers fork cleanly
        server = PreviewServer(
            builder=preview.on_change,
            host=host,
            port=port,
            root=str(preview.root),
            poll_files=options.poll_files,
        )
        preview.server = server
        for path in _watched(project):
            server.watch(str(path))
        try:
            server.serve(open_in_browser=open_browser)
        except KeyboardInterrupt:
            click.echo("Stopped.")
        finally:
            server.shutdown()
    finally:
        preview.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _watched(project: Project) -> list[Path]:
    layout = project.layout()
    candidates = [
        project.config_file,
        project.root / layout.docs_dir,
        project.root / layout.issues_dir,
        project.root / layout.papers_dir,
        project.root / layout.events_dir,
        project.root / layout.authors_file,
        project.root / layout.topics_file,
        project.root / "overrides",
    ]
    return [p for p in candidates if p.exists()]
