"""The `maagal` command line. Options only; the work is in maagal.commands."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import click

from maagal.model.documents import EVENT_KINDS
from maagal.run.options import RunOptions, quiet_engine

quiet_engine()  # before anything imports the engine


config_option = click.option(
    "-f",
    "--config-file",
    "config",
    type=click.Path(dir_okay=False),
    default=None,
    help="The site's mkdocs.yml (default: ./mkdocs.yml).",
)


@click.group()
@click.version_option(package_name="maagal")
def main() -> None:
    """Maagal: the cooperative circle's bilingual bulletin site."""


@main.command()
@config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(),  # a file, the project or a folder above it: refused by the build
    default=None,
    help="Where to write the site (default: site_dir of mkdocs.yml).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Draw every PDF and card again, without reading or writing .cache/maagal/.",
)
def build(config: str | None, site_dir: str | None, no_cache: bool) -> None:
    """Check the content, build every language, and replace the site only on success."""
    from maagal.addresses.project import find_project
    from maagal.commands.build import build as run_build

    options = RunOptions.from_environment()
    if no_cache:
        options = options.but(use_cache=False)
    result = run_build(find_project(config), options, Path(site_dir) if site_dir else None)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"Built {result.pages} pages in {', '.join(result.languages)} "
        f"into {result.output} in {result.seconds:.1f} s."
    )


@main.command()
@config_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github", "comment"]),
    default="text",
    show_default=True,
    help="'github': annotations on a pull request's files; 'comment': a comment for the pull "
    "request, in Markdown, in the site's language.",
)
@click.option(
    "--preview-url", default="", help="With --format comment: where the preview can be seen."
)
@click.option("--run-url", default="", help="With --format comment: the run's full log.")
@click.option(
    "--build-failed",
    is_flag=True,
    help="With --format comment: the site did not build (say so when the check passes).",
)
@click.option(
    "--changed",
    is_flag=True,
    help="Check only FILES and the documents that refer to them (commit hooks).",
)
@click.option(
    "--invisible",
    is_flag=True,
    help="Only look for invisible direction controls in FILES, any text files (commit hooks).",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Delete invisible characters from FILES (default: all content), then check.",
)
@click.argument("files", nargs=-1, type=click.Path())
def check(
    config: str | None,
    output: str,
    changed: bool,
    invisible: bool,
    fix: bool,
    files: tuple[str, ...],
    preview_url: str,
    run_url: str,
    build_failed: bool,
) -> None:
    """Validate every file without building; print every problem at once."""
    from maagal.commands.check import check_command
    from maagal.commands.pr_comment import Links

    links = Links(preview_url, run_url, build_failed)
    message = check_command(config, output, changed, invisible, fix, list(files), links)
    if message:
        click.echo(message)


@main.command("import")
@config_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--issue", type=int, default=None, help="Import articles into issue N.")
@click.option("--paper", is_flag=True, help="Import position papers.")
@click.option("--knowledge", is_flag=True, help="Import knowledge-base articles.")
@click.option("--slug", default=None, help="The file name of the one document imported.")
@click.option("--date", default=None, help="The date (YYYY-MM-DD), if not the document's own.")
@click.option("--lang", default=None, help="The document's language (default: from its text).")
@click.option("--replace", is_flag=True, help="Write over documents that exist.")
def import_(
    config: str | None,
    files: tuple[Path, ...],
    issue: int | None,
    paper: bool,
    knowledge: bool,
    slug: str | None,
    date: str | None,
    lang: str | None,
    replace: bool,
) -> None:
    """Word (.docx) and LibreOffice (.odt) documents, as documents ready for `maagal check`."""
    from maagal.addresses.project import find_project
    from maagal.commands.import_docs import destination, import_files, table
    from maagal.importing.importer import Options
    from maagal.run.errors import MaagalError

    chosen = [
        k
        for k, on in (("article", issue is not None), ("paper", paper), ("knowledge", knowledge))
        if on
    ]
    if len(chosen) != 1:
        raise MaagalError("say where the documents go: --issue N, --paper or --knowledge")
    project = find_project(config)
    if lang is not None and lang not in project.languages:
        raise MaagalError(f"--lang {lang}: the site's languages are {', '.join(project.languages)}")
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise MaagalError(f"--date {date}: write the day as YYYY-MM-DD, e.g. --date 2027-03-05")
    target = destination(project, chosen[0], issue)  # type: ignore[arg-type]
    results = import_files(project, list(files), target, Options(slug, date, lang, replace))
    click.echo(table(results))
    if any(r.refused for r in results):
        sys.exit(1)


@main.command("check-feeds")
@click.argument("site_dir", default="site", type=click.Path(path_type=Path))
def check_feeds(site_dir: Path) -> None:
    """Parse every feed of a built site as a feed reader does; every link must be absolute."""
    from maagal.commands.check_feeds import main as run

    code = run([str(site_dir)])
    if code:
        sys.exit(code)


@main.command()
@config_option
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
def serve(config: str | None, dev_addr: str, open_browser: bool) -> None:
    """Live preview of every language, drafts included, reloaded on save."""
    from maagal.addresses.project import find_project
    from maagal.commands.serve import serve as run_serve

    host, _, port = dev_addr.rpartition(":")
    options = RunOptions.from_environment()
    project = find_project(config)
    run_serve(project, options, host or "127.0.0.1", int(port), open_browser=open_browser)


@main.command()
@config_option
@click.argument("number", type=int)
@click.option("--lang", default=None, help="Language of the edition (default: the first).")
@click.option("--open", "open_browser", is_flag=True, help="Open the HTML edition in a browser.")
def email(config: str | None, number: int, lang: str | None, open_browser: bool) -> None:
    """Where the email edition of issue NUMBER is (build first)."""
    import webbrowser

    from maagal.addresses.project import find_project
    from maagal.commands.email import email_edition

    project = find_project(config)
    today = RunOptions.from_environment().today()
    html, text = email_edition(project, number, lang or project.default_language, today)
    click.echo(f"HTML:  {html}\ntext:  {text}")
    if open_browser:
        webbrowser.open(html.as_uri())


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--name",
    "names",
    multiple=True,
    metavar="LANG=NAME",
    help="The circle's name per language, e.g. --name 'he=המעגל' --name 'en=The Circle'.",
)
@click.option("--languages", default=None, help="Languages, the default first (default: he,en).")
@click.option("--email", default=None, help="Contact email.")
@click.option("--phone", default="", help="Contact phone (optional).")
@click.option("--site-url", default=None, help="Where the site will be published.")
@click.option(
    "--repo",
    default="",
    metavar="OWNER/NAME",
    help="The site's GitHub repository, for the web editor at /admin/ (default: the remote "
    "'origin' when DIRECTORY is a clone from GitHub).",
)
def init(
    directory: Path,
    names: tuple[str, ...],
    languages: str | None,
    email: str | None,
    phone: str,
    site_url: str | None,
    repo: str,
) -> None:
    """Start a new circle's site in DIRECTORY (asks for what is not given, on a terminal)."""
    from maagal.commands.init import asked_circle, init_site

    ask = sys.stdin.isatty()
    circle = asked_circle(names, languages, email, phone, site_url, ask=ask, repo=repo)
    started = init_site(directory, circle, dt.date.today())
    click.echo(f"Created a Maagal site in {directory} ({len(started.written)} files).")
    for note in started.notes:
        click.echo(note)
    click.echo(
        f"Next: cd {directory} && python3 -m venv .venv && .venv/bin/pip install -r "
        "requirements.txt && . .venv/bin/activate && maagal serve (editors: GUIDE.md)"
    )


@main.group()
def new() -> None:
    """Start an issue, an article or a position paper from a skeleton."""


def _report(paths: list[Path]) -> None:
    for path in paths:
        click.echo(f"wrote {path}")


@new.command("issue")
@config_option
def new_issue(config: str | None) -> None:
    """The next issue: issues/<next number>/index.md in every language."""
    from maagal.addresses.project import find_project
    from maagal.commands.new import new_issue as run

    _report(run(find_project(config), dt.date.today()))


@new.command("article")
@config_option
@click.argument("slug")
@click.option("--issue", type=int, default=None, help="Issue number (default: the latest).")
def new_article(config: str | None, slug: str, issue: int | None) -> None:
    """An article SLUG (e.g. regional-purchasing) in an issue."""
    from maagal.addresses.project import find_project
    from maagal.commands.new import new_article as run

    _report(run(find_project(config), issue, slug, dt.date.today()))


@new.command("paper")
@config_option
@click.argument("slug")
def new_paper(config: str | None, slug: str) -> None:
    """A position paper SLUG (e.g. housing-2027), status working-draft."""
    from maagal.addresses.project import find_project
    from maagal.commands.new import new_paper as run

    _report(run(find_project(config), slug, dt.date.today()))


@new.command("event")
@config_option
@click.argument("slug")
@click.option(
    "--kind",
    type=click.Choice(EVENT_KINDS),
    default="forum",
    show_default=True,
)
@click.option("--series", default=None, help="Key of events/series.yml.")
def new_event(config: str | None, slug: str, kind: str, series: str | None) -> None:
    """An event SLUG (e.g. south-forum-2027-09), two weeks from today at 17:00."""
    from maagal.addresses.project import find_project
    from maagal.commands.new import new_event as run

    _report(run(find_project(config), slug, dt.date.today(), kind, series))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
