"""`maagal serve`: live preview of every language, drafts included, reloaded on each save."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import click

from maagal.commands.build import _swap, build_languages
from maagal.errors import ContentInvalid, MaagalError
from maagal.load.site_loader import load_site
from maagal.project import Project


def serve(
    project: Project, host: str = "127.0.0.1", port: int = 8000, *, open_browser: bool = False
) -> None:
    os.environ["MAAGAL_INCLUDE_DRAFTS"] = "1"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.livereload import LiveReloadServer

    workdir = Path(tempfile.mkdtemp(prefix="maagal-serve-"))
    root = workdir / "site"
    root.mkdir()
    url = f"http://{host}:{port}/"

    def rebuild() -> None:
        _, report = load_site(project.layout(), include_drafts=True)
        if report:
            click.echo(ContentInvalid(report).format_message(), err=True)
            return
        staging = workdir / "next"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            pages = build_languages(project, staging, serve_url=url)
        except MaagalError as error:
            click.echo(error.format_message(), err=True)
            return
        _swap(staging, root)
        click.echo(f"Built {pages} pages; serving {url}")

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(root))
    for path in _watched(project):
        server.watch(str(path))
    rebuild()
    try:
        server.serve(open_in_browser=open_browser)
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.shutdown()
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
