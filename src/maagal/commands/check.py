"""`maagal check`: every problem at once, for a person, for GitHub (annotations, or a pull
request's comment: `pr_comment.py`), or for a commit hook.

`--changed FILE…` (the pre-commit hook) keeps the problems of the given files and of the
documents that point at them (links, `supersedes`). A change to a shared file (authors,
topics, series) can affect any document, so then every problem is kept.
"""

from __future__ import annotations

from pathlib import Path

import click

from maagal.addresses.links import canonical_document, document_links
from maagal.addresses.project import Project, find_project
from maagal.commands import invisible as invisible_chars
from maagal.commands import pr_comment
from maagal.commands.pr_comment import Links
from maagal.load.site_loader import load_site
from maagal.model.documents import PositionPaper
from maagal.model.site import Site
from maagal.run.errors import ContentInvalid, Report
from maagal.text.i18n import count, join_names, message


def check_command(
    config: str | None,
    output: str,
    changed: bool,
    invisible: bool,
    fix: bool,
    files: list[str],
    links: Links | None = None,
) -> str:
    """`maagal check` as the command line asks for it: what to print when nothing is wrong;
    `ContentInvalid` (with GitHub's annotations, or the pull request's comment, printed
    first) when something is."""
    if invisible and not fix:
        _stop_on(invisible_chars.scan([Path(f) for f in files], Path.cwd()), output)
        return ""
    project = find_project(config)
    if fix:
        fixed, refused = invisible_chars.fix(_fixed_files(project, files), project.root)
        for path in fixed:
            click.echo(f"{path}: invisible characters deleted")
        for path in refused:
            click.echo(
                f"{path}: not changed: the file is outside the project (or a link to a file "
                "outside it); --fix changes only the project's own files",
                err=True,
            )
    site, report = check(project, files if changed or files else None)
    if output == "comment":  # the comment on stdout, whatever it says; the report on stderr
        summary = no_problems(site, project.default_language)
        click.echo(pr_comment.comment(project, report, summary, links or Links()), nl=False)
        _stop_on(report, "text")
        return ""
    _stop_on(report, output)
    if output == "github":
        click.echo(github_annotations(report, notes=True))
    for note in report.format_notes():
        click.echo(note, err=True)
    return no_problems(site, project.default_language)


def no_problems(site: Site, lang: str) -> str:
    """What `maagal check` says of a site without mistakes, in its editors' language:
    "No problems: 12 files in 1 issue, 2 papers, …" / "לא נמצאו בעיות. 12 קבצים: גיליון אחד, …"."""
    parts = [
        count(len(site.issues), "issue", lang),
        count(len(site.papers), "paper", lang),
        count(len(site.events), "event", lang),
        count(len(site.pages), "page", lang),
    ]
    files = count(sum(len(d.variants) for d in site.documents()), "file", lang)
    return message(lang, "no_problems", files=files, documents=join_names(parts, lang))


def _stop_on(report: Report, output: str) -> None:
    if report:
        if output == "github":
            click.echo(github_annotations(report))
        raise ContentInvalid(report)


def _fixed_files(project: Project, files: list[str]) -> list[Path]:
    """The files `--fix` cleans: those given, else every content file."""
    if files:
        return [Path(f) for f in files]
    layout = project.layout()
    return invisible_chars.content_files(
        project.root,
        [layout.docs_dir, layout.issues_dir, layout.papers_dir, layout.events_dir],
        [layout.authors_file, layout.topics_file],
    )


def check(project: Project, changed: list[str] | None = None) -> tuple[Site, Report]:
    site, report = load_site(project.layout())
    if not changed:
        return site, report
    relevant = _relevant_files(site, [_relative(project, c) for c in changed])
    if relevant is None:
        return site, report
    kept = Report(
        [e for e in report.errors if e.path in relevant or _names(e.message, relevant)],
        [n for n in report.notes if n.path in relevant],
    )
    return site, kept


def _names(message: str, files: set[str]) -> bool:
    return any(f" {path}:" in message for path in files)


def _relative(project: Project, path: str) -> str:
    absolute = (Path.cwd() / path).resolve()
    try:
        return absolute.relative_to(project.root).as_posix()
    except ValueError:
        return path


def _relevant_files(site: Site, changed: list[str]) -> set[str] | None:
    """The changed files and the files of the loaded documents that refer to them."""
    layout = site.layout
    shared = {layout.authors_file, layout.topics_file, layout.series_file, "mkdocs.yml"}
    if any(path in shared for path in changed):
        return None
    targets = {canonical_document(path) for path in changed}
    relevant = set(changed)
    papers = {Path(t).stem for t in targets if t.startswith(layout.papers_dir + "/")}
    for doc in site.documents():
        files = {variant.rel_path for variant in doc.variants.values()}
        if not files.isdisjoint(changed):  # a translation repeats what its original says
            relevant |= files
        for variant in doc.variants.values():
            if targets.intersection(document_links(variant.rel_path, variant.body)):
                relevant.add(variant.rel_path)
        if isinstance(doc, PositionPaper) and doc.supersedes_slug in papers:
            relevant.add(doc.primary.rel_path)
    # A folder-level problem (a duplicate issue number) is reported on the folder itself.
    relevant |= {str(Path(path).parent) for path in changed}
    return relevant


def github_annotations(report: Report, *, notes: bool = False) -> str:
    """Each problem as a GitHub workflow command, shown on the pull request's files (with
    `notes`: each note, as a warning that does not fail the check)."""
    lines = []
    level = "warning" if notes else "error"
    for error in sorted(set(report.notes), key=str) if notes else report:
        props = f"file={_escape_property(error.path)}"
        if error.line:
            props += f",line={error.line}"
        if error.line and error.column:
            props += f",col={error.column}"
        message = error.message + (f" — fix: {error.hint}" if error.hint else "")
        lines.append(f"::{level} {props},title=maagal check::{_escape_data(message)}")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
