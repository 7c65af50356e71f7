"""`maagal check`: every problem at once, for a person, for GitHub, or for a commit hook.

`--changed FILE…` (the pre-commit hook) keeps the problems of the given files and of the
documents that point at them (links, `supersedes`). A change to a shared file (authors,
topics, series) can affect any document, so then every problem is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from maagal.errors import Report
from maagal.load.body_checks import LINK, canonical_document, is_local, resolve
from maagal.load.files import markdown_files
from maagal.load.site_loader import load_site
from maagal.model.site import Site
from maagal.project import Project

_SUPERSEDES = re.compile(r"^supersedes:\s*(\S+)", re.M)


def check(project: Project, changed: list[str] | None = None) -> tuple[Site, Report]:
    site, report = load_site(project.layout())
    if not changed:
        return site, report
    relevant = _relevant_files(project, [_relative(project, c) for c in changed])
    if relevant is None:
        return site, report
    kept = Report([e for e in report.errors if e.path in relevant])
    return site, kept


def _relative(project: Project, path: str) -> str:
    absolute = (Path.cwd() / path).resolve()
    try:
        return absolute.relative_to(project.root).as_posix()
    except ValueError:
        return path


def _relevant_files(project: Project, changed: list[str]) -> set[str] | None:
    layout = project.layout()
    shared = {layout.authors_file, layout.topics_file, layout.series_file, "mkdocs.yml"}
    if any(path in shared for path in changed):
        return None
    targets = {canonical_document(path) for path in changed}
    relevant = set(changed)
    papers = {Path(t).stem for t in targets if t.startswith(layout.papers_dir + "/")}
    for folder in (layout.docs_dir, layout.issues_dir, layout.papers_dir, layout.events_dir):
        for path in markdown_files(project.root / folder):
            rel = path.relative_to(project.root).as_posix()
            text = path.read_text(encoding="utf-8", errors="replace")
            if _links_to(rel, text, targets) or _supersedes(text, papers):
                relevant.add(rel)
    # A folder-level problem (a duplicate issue number) is reported on the folder itself.
    relevant |= {str(Path(path).parent) for path in changed}
    return relevant


def _links_to(rel: str, text: str, targets: set[str]) -> bool:
    for match in LINK.finditer(text):
        src = match["src"].strip("<>")
        if is_local(src) and canonical_document(resolve(rel, src.partition("#")[0])) in targets:
            return True
    return False


def _supersedes(text: str, papers: set[str]) -> bool:
    match = _SUPERSEDES.search(text)
    return bool(match and match[1].strip("'\"") in papers)


def github_annotations(report: Report) -> str:
    """Each problem as a GitHub workflow command, shown on the pull request's files."""
    lines = []
    for error in report:
        props = f"file={_escape_property(error.path)}"
        if error.line:
            props += f",line={error.line}"
        message = error.message + (f" — fix: {error.hint}" if error.hint else "")
        lines.append(f"::error {props},title=maagal check::{_escape_data(message)}")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
