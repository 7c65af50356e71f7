"""`maagal import FILE… (--issue N | --paper | --knowledge)`: Word and LibreOffice documents
made into documents of the content contract, with a table of what each became and what is
left to fix."""

from __future__ import annotations

from pathlib import Path

from maagal.addresses import urls
from maagal.addresses.project import Project
from maagal.importing.importer import Destination, Imported, Kind, Options, import_document
from maagal.load.numbering import issue_folders, next_article_order
from maagal.load.site_loader import load_site
from maagal.run.errors import MaagalError


def destination(project: Project, kind: Kind, issue: int | None) -> Destination:
    layout = project.layout()
    if kind == "paper":
        return Destination(kind, project.root / layout.papers_dir)
    if kind == "knowledge":
        return Destination(kind, project.root / layout.docs_dir / urls.KNOWLEDGE.rstrip("/"))
    folders = issue_folders(layout)
    if issue not in folders:
        raise MaagalError(
            f"--issue {issue}: there is no issue {issue} — start it with 'maagal new issue'"
        )
    return Destination(kind, folders[issue], issue)


def import_files(
    project: Project, files: list[Path], target: Destination, options: Options
) -> list[Imported]:
    """Import every file; the content as it is decides each article's place in its issue."""
    if options.slug and len(files) > 1:
        raise MaagalError("--slug names one document: import the files one at a time")
    site, _ = load_site(project.layout())  # mistakes elsewhere do not stop an import
    # An article's place in its issue; papers and knowledge-base pages have none.
    next_order = next_article_order(target.folder) if target.kind == "article" else None
    results = []
    taken: set[Path] = set()
    for path in files:
        if not path.is_file():
            results.append(Imported(path, problems=["no such file"], refused=True))
            continue
        try:
            result = import_document(path, target, site, options, next_order, taken)
        except MaagalError as error:
            result = Imported(path, problems=[error.format_message()], refused=True)
        if result.document and next_order is not None:
            next_order += 1
        results.append(result)
    return results


def table(results: list[Imported]) -> str:
    """file → document, then what to fix, what was left out and what to look at."""
    rows = []
    for result in results:
        rows.append(f"{result.source} → {result.document or '(nothing written)'}")
        rows += [f"    fix: {problem}" for problem in result.problems]
        if result.left_out:
            rows.append(f"    left out: {', '.join(result.left_out)}")
        rows += [f"    note: {note}" for note in result.notes]
    written = sum(1 for r in results if r.document)
    left = sum(len(r.problems) for r in results if r.document)
    things = "thing" if left == 1 else "things"
    rows.append(
        f"{written} of {len(results)} documents written"
        + (f"; {left} {things} to fix before they are published." if left else ".")
    )
    return "\n".join(rows)
