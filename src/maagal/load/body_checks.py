"""Checks inside Markdown bodies: images need alt text and a file beside the document (never
a picture on another website: the site makes no request to any other), links need a target."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from maagal.addresses.links import IMAGE, LINK, KnownTargets, is_local, link_target, resolve
from maagal.load.files import ASSET_SUFFIXES
from maagal.run.errors import Report
from maagal.run.said import say
from maagal.text.markdown_code import blank_code

RAW_HTML = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")
# A picture by reference (`![alt][label]`, `![alt][]`, `![label]`) and the label's definition
# (`[label]: address`), as Python-Markdown reads them.
_IMAGE_REFERENCE = re.compile(r"!\[(?P<alt>[^\]]*)\](?:\s?\[(?P<label>[^\]]*)\])?(?!\()")
_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:[ \t]*\n?[ \t]*<?(?P<src>[^\s>]+)", re.M)
# A picture with no file (`![…]()`, `![…](<>)`): what the web editor writes for a picture
# inserted and never given its file. Python-Markdown makes it `<img src="">`.
_EMPTY_PICTURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([ \t]*(?:<>)?[ \t]*\)")


def check_body(
    rel_path: str,
    body: str,
    first_line: int,
    known_documents: KnownTargets,
    known_files: set[str],
    report: Report,
    *,
    blanked: str | None = None,
) -> None:
    """Report images without alt text or file, and links to Markdown files that do not exist.
    `blanked`: the body with its code blanked (`![shown](as code)` is not an image), when the
    caller has it already."""
    text = blank_code(body) if blanked is None else blanked
    for offset, line in enumerate(text.split("\n")):
        if "[" not in line and "<" not in line:
            continue  # no image, link or tag: most lines
        for message, fix in (
            *_raw_html(line),
            *_image_problems(line, rel_path, known_files),
            *_link_problems(line, rel_path, known_documents),
        ):
            report.add(rel_path, first_line + offset, message, fix)
    if "![" in text:
        for line_number, (message, fix) in _referenced_pictures(text, first_line):
            report.add(rel_path, line_number, message, fix)


def _raw_html(line: str) -> Iterator[tuple[str, str]]:
    for tag in RAW_HTML.finditer(line):
        yield raw_html_problem(tag[1])


def raw_html_problem(tag: str) -> tuple[str, str]:
    """Also said of raw HTML found in what the body becomes (`html_checks.py`)."""
    return (
        say("raw HTML <{tag}> is not allowed in Markdown", tag=tag.lower()),
        say(
            "write Markdown instead (pull quotes and figures have their own syntax, see "
            "the editors' guide); to show code, put it between `backticks`"
        ),
    )


def _image_problems(line: str, rel_path: str, known_files: set[str]) -> Iterator[tuple[str, str]]:
    for empty in _EMPTY_PICTURE.finditer(line):
        yield (
            say(
                "the picture '{empty}' has no file: the page would show an empty picture",
                empty=empty[0],
            ),
            say(
                "name the picture's file beside the document, ![what it shows](photo.jpg) "
                "(in the web editor: choose the file in the picture's form), or delete it"
            ),
        )
    for image in IMAGE.finditer(line):
        src = image["src"].strip("<>")
        if not image["alt"].strip():
            yield (
                say("the image '{src}' has no alt text", src=src),
                say("describe the image between the brackets: ![what the image shows](…)"),
            )
        yield from _elsewhere(src)
        if is_local(src) and resolve(rel_path, src) not in known_files:
            yield _missing_picture(src)


def _missing_picture(src: str) -> tuple[str, str]:
    suffix = PurePosixPath(urlsplit(src).path).suffix.lower()
    if suffix and suffix not in ASSET_SUFFIXES:  # the file itself is named where it lies
        return (
            say(
                "the image '{src}' is a {suffix} file, which the site does not publish",
                src=src,
                suffix=suffix,
            ),
            say("save it as JPEG or PNG (e.g. photo.jpg) and write that name here"),
        )
    return (
        say("the image '{src}' does not exist", src=src),
        say("put the file beside the Markdown file or correct the path"),
    )


def _link_problems(
    line: str, rel_path: str, known_documents: KnownTargets
) -> Iterator[tuple[str, str]]:
    """Every link leads to a page, a picture or a file of the site, to another website, or
    to an e-mail address (`links.link_target` says which, and what is wrong)."""
    for link in LINK.finditer(line):
        found = link_target(rel_path, link["src"], known_documents)
        if isinstance(found, tuple):
            yield found


def _elsewhere(src: str) -> Iterator[tuple[str, str]]:
    """A picture that is not a file of the site: the reader's browser would fetch it from
    another website (which learns who reads what), or not at all."""
    try:
        parts = urlsplit(src)
    except ValueError:  # 'http://[' cannot even be read as an address
        parts = urlsplit("invalid:")
    if parts.scheme in ("http", "https") or (parts.netloc and not parts.scheme):
        yield (
            say(
                "the picture '{src}' is on another website, and the site makes no requests "
                "to other websites (readers' privacy)",
                src=src,
            ),
            say(
                "download the picture and put it beside the article, then write its file "
                "name: ![what the picture shows](picture.jpg)"
            ),
        )
    elif parts.scheme:
        yield (
            say("the picture '{src}' is not a file of the site", src=src),
            say(
                "put the picture file beside the article and write its file name: ![what "
                "the picture shows](picture.jpg)"
            ),
        )


def _referenced_pictures(body: str, first_line: int) -> Iterator[tuple[int, tuple[str, str]]]:
    """Pictures by reference (`![alt][label]` with `[label]: address` elsewhere), reported on
    the line of the label's address."""
    used = {
        (image["label"] or image["alt"]).strip().casefold()
        for image in _IMAGE_REFERENCE.finditer(body)
    }
    for definition in _DEFINITION.finditer(body):
        if definition["label"].strip().casefold() in used:
            line = first_line + body.count("\n", 0, definition.start("src"))
            for problem in _elsewhere(definition["src"]):
                yield line, problem
