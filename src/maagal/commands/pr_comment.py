"""`maagal check --format comment`: what the check found, as a comment on a pull request.

An editor who saves in the web editor (`/admin/`) never sees a terminal: each save is a pull
request, and the preview workflow writes this comment on it, in the site's language, with each
problem's file, line, field (the front-matter key, by the label the editor sees in the web
editor, or the text) and fix, and where the preview is. The problems and fixes are
`maagal check`'s own, said again in the site's language from its catalog
(`run/said.py`: `in_language`); one the catalog lacks stays in English.

Everything taken from the content (file names, and the editor's words that messages quote) is
untrusted: it is written only inside code spans, whose delimiters are longer than any run of
backticks in it, so that GitHub neither mentions anyone (`@name`), links an issue (`#1`) or an
address, nor reads HTML or Markdown in it; line breaks and control characters are shown as
their code points, and each text is cut to a length.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

from maagal.addresses.project import Project
from maagal.load.files import inside
from maagal.load.lenient import TEXT_FIELDS
from maagal.load.limits import FRONT_MATTER_LIMIT
from maagal.model.site import direction
from maagal.run.errors import ContentError, MaagalError, Report
from maagal.run.said import in_language
from maagal.text.i18n import CMS_LABELS, count, message

# The first line of every such comment: the workflow finds its own comment by it, to update it.
MARKER = "<!-- maagal-check -->"
# GitHub refuses a comment over 65,536 characters: at most 30 problems are written out, in at
# most 45,000 characters (10,000 for the notes); the rest are counted.
SHOWN = 30
BUDGET = {"problem": 45_000, "note": 10_000}
LONGEST = 600  # characters of one message, fix or file name
URL = re.compile(r"https://[A-Za-z0-9._~:/?#\[\]@!$&'*+,;=%-]+")
# A field's first line: `name:`, or a text field's name and its text without the colon, which
# the front matter's reader accepts (`title רכש אזורי`, `load/lenient.py`).
KEY = re.compile(rf"([A-Za-z_][\w-]*)[ \t]*:|({'|'.join(sorted(TEXT_FIELDS))})[ \t\u00a0]+[^:\s]")
BODY = "body"
FRONT = ""


@dataclass(frozen=True)
class Links:
    """Where the run is: the preview to look at, the log, and whether the site was built."""

    preview_url: str = ""
    run_url: str = ""
    build_failed: bool = False

    def __post_init__(self) -> None:
        for option, url in (("--preview-url", self.preview_url), ("--run-url", self.run_url)):
            if url and not URL.fullmatch(url):
                raise MaagalError(
                    f"{option} {url!r}: give an https:// address without spaces, quotes, "
                    "'<' or '>' (e.g. the artifact's or the run's address on GitHub)"
                )


def comment(project: Project, report: Report, summary: str, links: Links) -> str:
    """The whole comment, in Markdown: its marker, a title, what to do, each problem (or
    `summary`, what the check read, when there is none), the notes, and the links."""
    lang = project.default_language
    if report:
        said = count(len(report), "problem", lang)
        parts = [
            f"## {message(lang, 'comment_problems_title', count=said)}",
            message(lang, "comment_problems_intro", count=said),
            *_problems(project, list(report), lang, "problem"),
        ]
    else:
        outcome = "build_failed" if links.build_failed else "ok"
        parts = [
            f"## {message(lang, f'comment_{outcome}_title')}",
            message(lang, f"comment_{outcome}_intro", summary=summary),
        ]
    notes = sorted(set(report.notes), key=lambda e: (e.path, e.line or 0, e.message))
    if notes:
        written = _problems(project, notes, lang, "note")
        parts += [f"### {message(lang, 'comment_notes')}", *written]
    footer = _links(lang, links, bool(report))
    return "\n\n".join([MARKER, *parts, *(["---", *footer] if footer else [])]) + "\n"


def _problems(project: Project, errors: list[ContentError], lang: str, noun: str) -> list[str]:
    """The problems (or notes: `noun`) under their files' names, numbered on in the order
    `maagal check` prints, as many as `SHOWN` and the noun's `BUDGET` of characters hold."""
    written: list[str] = []
    budget = BUDGET[noun]
    path, shown = None, 0
    for error in errors[:SHOWN]:
        heading = f"#### {code(error.path)}" if error.path != path else ""
        problem = _problem(project, shown + 1, error, lang)
        budget -= len(heading) + len(problem)
        if budget < 0:
            break
        written += [heading, problem] if heading else [problem]
        path, shown = error.path, shown + 1
    if len(errors) > shown:
        more = count(len(errors) - shown, noun, lang)
        written.append(message(lang, "comment_more", count=more))
    return written


def _problem(project: Project, n: int, error: ContentError, lang: str) -> str:
    """'3. **שורה:** 7 · **שדה:** נושאים (`topics`)' and, under it, the problem and its fix."""
    label = {k: message(lang, f"comment_{k}") for k in ("line", "column", "field", "problem")}
    where = []
    if error.line:
        column = f", {label['column']} {error.column}" if error.column else ""
        where.append(f"**{label['line']}:** {error.line}{column}")
    field = field_label(project, error, lang)
    if field:
        where.append(f"**{label['field']}:** {field}")
    lines = [f"{n}. {' · '.join(where) or message(lang, 'comment_whole_file')}"]
    lines.append(f"   - **{label['problem']}:** {said(error.message, lang)}")
    if error.hint:
        lines.append(f"   - **{message(lang, 'comment_fix')}:** {said(error.hint, lang)}")
    return "\n".join(lines)


def said(text: str, lang: str) -> str:
    """A problem or a fix as a code span, in the site's language when its catalog has it; in
    English (see `english`) when not."""
    shown = in_language(text, lang)
    return code(shown) if shown != str(text) else english(code(shown), lang)


def english(span: str, lang: str) -> str:
    """An English code span in a right-to-left comment, between two left-to-right marks: so
    that its first and last marks ('…', ?) stay at its own ends, not the line's other side."""
    return f"\u200e{span}\u200e" if direction(lang) == "rtl" else span


def _links(lang: str, links: Links, problems: bool) -> list[str]:
    """Where the preview is (or why there is none), and the run's log."""
    if problems:
        written = [message(lang, "comment_no_preview")]
    elif links.build_failed:
        written = [message(lang, "comment_not_built")]
    elif links.preview_url:
        written = [f"**{message(lang, 'comment_preview')}:** <{links.preview_url}>"]
    else:
        written = []
    if links.run_url:
        written.append(f"**{message(lang, 'comment_log')}:** <{links.run_url}>")
    return written


def code(text: str) -> str:
    """`text` as a code span GitHub shows as it is: a run of backticks longer than any in it,
    one space inside each end (CommonMark takes one away on each side)."""
    shown = plain(text)
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {shown} {fence}"


def plain(text: str, limit: int = LONGEST) -> str:
    """One line, each control or format character (a line break, a direction control) shown
    as its code point, cut to `limit` characters."""
    shown = "".join(
        f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
        for c in text[: limit + 1]
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def field_label(project: Project, error: ContentError, lang: str) -> str:
    """Which field of the web editor the problem is in: the front-matter key named by the
    label the editor sees ('כותבים (`authors`)'), or the text; '' when it is not a document
    or the line is not known."""
    if not error.line or not error.path.endswith(".md"):
        return ""
    key = field_at(project.root, error.path, error.line)
    if key is None:
        return ""
    if key == BODY:
        label = CMS_LABELS.get(lang, CMS_LABELS["en"])["body"]
    elif key == FRONT:
        label = message(lang, "comment_front_matter")
    else:
        known = CMS_LABELS.get(lang, CMS_LABELS["en"]).get(key)
        label = f"{known} ({code(key)})" if known else code(key)
    translation = _translation(project, error.path, lang)
    return f"{label}, {translation}" if translation else label


def field_at(root: Path, rel_path: str, line: int) -> str | None:
    """The top-level front-matter key whose lines hold `line` of the file (`FRONT` for the
    front matter's own '---' lines), `BODY` for a line of the text, None for a file that
    cannot be read."""
    path = root / rel_path
    try:
        if not inside(path, root) or not path.is_file():
            return None
        with path.open(encoding="utf-8", errors="replace", newline=None) as file:
            lines = file.read(FRONT_MATTER_LIMIT + 10_000).split("\n")
    except OSError:  # gone since the check, or a name the system refuses
        return None
    if lines[0].rstrip() != "---":
        return BODY
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None or line in (1, end + 1):
        return FRONT
    if line > end + 1:
        return BODY
    for above in range(line - 1, 0, -1):  # the line itself, then up to the first key
        found = KEY.match(lines[above])
        if found:
            return found[1] or found[2]
    return FRONT


def _translation(project: Project, rel_path: str, lang: str) -> str:
    """'בתרגום לאנגלית' for `name.en.md` on a Hebrew site; '' for the original."""
    suffix = Path(rel_path).stem.rpartition(".")[2]
    if "." not in Path(rel_path).stem or suffix not in project.languages[1:]:
        return ""
    try:
        language = Locale.parse(suffix).get_display_name(lang) or suffix
    except (ValueError, LookupError):
        language = suffix
    return message(lang, "comment_in_translation", language=language)
