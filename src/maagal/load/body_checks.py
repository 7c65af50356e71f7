"""Checks inside Markdown bodies: images need alt text and a file, links need a target."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maagal.addresses.links import IMAGE, LINK, canonical_document, is_local, resolve
from maagal.run.errors import Report
from maagal.text.markdown_code import blank_code

RAW_HTML = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")


def _lines_outside_code(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Each line of `body` with its code blanked (`![shown](as code)` is not an image)."""
    for offset, line in enumerate(blank_code(body).split("\n")):
        yield first_line + offset, line


def outside_code(body: str) -> str:
    """`body` with its code blanked (lines and columns stay)."""
    return blank_code(body)


def check_body(
    rel_path: str,
    body: str,
    first_line: int,
    known_documents: set[str],
    known_files: set[str],
    report: Report,
) -> None:
    """Report images without alt text or file, and links to Markdown files that do not exist."""
    for line_number, line in _lines_outside_code(body, first_line):
        for message, fix in (
            *_raw_html(line),
            *_image_problems(line, rel_path, known_files),
            *_link_problems(line, rel_path, known_documents),
        ):
            report.add(rel_path, line_number, message, fix)


def _raw_html(line: str) -> Iterator[tuple[str, str]]:
    for tag in RAW_HTML.finditer(line):
        yield raw_html_problem(tag[1])


def raw_html_problem(tag: str) -> tuple[str, str]:
    """Also said of raw HTML found in what the body becomes (`html_checks.py`)."""
    return (
        f"raw HTML <{tag.lower()}> is not allowed in Markdown",
        "write Markdown instead (pull quotes and figures have their own syntax, "
        "see the editors' guide); to show code, put it between `backticks`",
    )


def _image_problems(line: str, rel_path: str, known_files: set[str]) -> Iterator[tuple[str, str]]:
    for image in IMAGE.finditer(line):
        src = image["src"].strip("<>")
        if not image["alt"].strip():
            yield (
                f"the image '{src}' has no alt text",
                "describe the image between the brackets: ![what the image shows](…)",
            )
        if is_local(src) and resolve(rel_path, src) not in known_files:
            yield (
                f"the image '{src}' does not exist",
                "put the file beside the Markdown file or correct the path",
            )


def _link_problems(
    line: str, rel_path: str, known_documents: set[str]
) -> Iterator[tuple[str, str]]:
    for link in LINK.finditer(line):
        src = link["src"].strip("<>")
        if not is_local(src):
            continue
        target = resolve(rel_path, src)
        if target.endswith(".md") and canonical_document(target) not in known_documents:
            yield (
                f"the link '{src}' points to a missing page",
                "link to an existing Markdown file by its relative path, "
                "e.g. '../3/weekly-assembly.md'",
            )
