"""`maagal check --format comment`: what the check found, as the comment an editor reads on the
pull request their save in the web editor opened — in the site's language, with file, line,
field and fix, and where the preview is; nothing of the content can mention, link or inject."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner, Result

from conftest import Project
from maagal.addresses.project import find_project
from maagal.commands import pr_comment
from maagal.commands.cli import main
from maagal.run.errors import ContentError, Report

PREVIEW = "https://github.com/circle/site/actions/runs/7/artifacts/8"
RUN = "https://github.com/circle/site/actions/runs/7"
LRM = "\u200e"  # LEFT-TO-RIGHT MARK


def _comment(project: Project, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(project.root)
    return CliRunner().invoke(main, ["check", "--format", "comment", *args])


def _outside_code(text: str) -> str:
    """The comment without its code spans, as CommonMark finds them (a run of backticks, to
    the next run of the same length)."""
    return re.sub(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", "", text, flags=re.DOTALL)


def test_problems_are_listed_by_file_with_line_field_and_fix_in_hebrew(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write(
        "issues/1/second.md",
        "---\ntitle: מאמר שני\nauthors: [editr]\norder: 2\ntopics:\n  - cooperation\n"
        "  - hosing\n---\nטקסט עם [קישור](missing.md).\n",
    )
    project.write("issues/1/first.en.md", "---\ntitle: First\nauthors: [amir-sela]\n---\nOne.\n")
    result = _comment(project, monkeypatch, "--preview-url", PREVIEW, "--run-url", RUN)
    assert result.exit_code == 1
    text = result.stdout
    assert text.startswith(pr_comment.MARKER + "\n")
    assert "## בדיקת התוכן: 4 בעיות לתיקון" in text
    assert "מצאה בו 4 בעיות" in text and "באנגלית" not in text
    # Under each file, its problems: line, the field by the web editor's label, problem, fix.
    first, second = (
        text.index("#### ` issues/1/first.en.md `"),
        text.index("#### ` issues/1/second.md `"),
    )
    assert first < second
    assert "1. **שורה:** 3 · **שדה:** כותבים (` authors `), בתרגום לאנגלית\n" in text
    assert "2. **שורה:** 3 · **שדה:** כותבים (` authors `)\n" in text
    # The problem and its fix in Hebrew, the editor's words in them as written.
    assert "   - **הבעיה:** ` כותב לא מוכר 'editr' `\n" in text
    assert "   - **התיקון:** ` השתמשו במפתח מתוך authors.yml, או הוסיפו שם את 'editr' `\n" in text
    assert LRM not in text
    assert "3. **שורה:** 7 · **שדה:** נושאים (` topics `)\n" in text  # an item of the list
    assert "4. **שורה:** 9 · **שדה:** הטקסט\n" in text
    # No preview is built for a change that does not pass; the log is linked.
    assert "תצוגה מקדימה תיבנה אחרי שהבדיקה תעבור." in text and PREVIEW not in text
    assert f"**היומן המלא של הבדיקה:** <{RUN}>" in text
    # The usual report goes to the log (stderr), so the run's log says the same.
    assert "issues/1/second.md:3: unknown author 'editr'" in result.stderr
    assert "4 problems found; nothing was published." in result.stderr


def test_a_change_without_problems_may_be_merged_and_names_its_preview(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _comment(project, monkeypatch, "--preview-url", PREVIEW, "--run-url", RUN)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(pr_comment.MARKER + "\n\n## בדיקת התוכן: הכול תקין\n")
    assert "לא נמצאו בעיות. " in text and "אפשר למזג את השינוי" in text
    assert f"**תצוגה מקדימה של האתר עם השינוי:** <{PREVIEW}>" in text
    assert "לא נמצאו בעיות" not in result.stderr


def test_a_site_that_did_not_build_is_not_called_ready(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _comment(project, monkeypatch, "--build-failed", "--run-url", RUN)
    assert result.exit_code == 0  # the content is fine: the build step itself failed the job
    assert "## בדיקת התוכן: תקין, אבל בניית האתר נכשלה" in result.stdout
    assert "אין למזג את השינוי עדיין" in result.stdout
    assert "אפשר למזג" not in result.stdout
    assert "אין תצוגה מקדימה: האתר לא נבנה." in result.stdout
    assert "אחרי שהבדיקה תעבור" not in result.stdout


def test_only_https_addresses_are_linked(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    for bad in (
        "javascript:alert(1)",
        "https://a.example/x> [x](https://evil.example)",
        "http://a",
    ):
        result = _comment(project, monkeypatch, "--preview-url", bad)
        assert result.exit_code == 1
        assert f"--preview-url {bad!r}: give an https:// address" in result.output
        assert "Traceback" not in result.output


def test_nothing_from_the_content_can_mention_link_or_inject(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = "@someone <img src=x onerror=alert(1)> ``` [a](https://evil.example) #1"
    project.write(
        "issues/1/second.md",
        f"---\ntitle: שני\nauthors: ['{hostile}']\norder: 2\n---\nטקסט.\n",
    )
    project.write("issues/1/`x`@someone <b>.md", "---\ntitle: x\n---\nx\n")
    project.write("issues/1/third.md", "---\ntitle: x\u202e\u2066\norder: 3\n---\nx\n")
    result = _comment(project, monkeypatch, "--run-url", RUN)
    assert result.exit_code == 1
    text = result.stdout
    assert "`` issues/1/`x`@someone <b>.md ``" in text  # a longer run of backticks around it
    assert "```` כותב לא מוכר '@someone <img src=x onerror=alert(1)> ``` " in text
    # Outside the code spans: only the comment's own words and its one link.
    rest = _outside_code(text)
    for injected in ("@someone", "<img", "<b>", "evil.example", "#1", "`"):
        assert injected not in rest, injected
    assert "\u202e" not in text and "\u2066" not in text
    # As Python-Markdown reads it too: no picture, no tag, one link (the log).
    page = markdown.markdown(text)
    assert "<img" not in page and "<b>" not in page
    assert re.findall(r"<a href=\"([^\"]*)\"", page) == [RUN]
    assert "onerror" not in re.sub(r"<code>.*?</code>", "", page, flags=re.DOTALL)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "` plain `"),
        ("a `b` c", "`` a `b` c ``"),
        ("``` fence", "```` ``` fence ````"),
        ("line\nbreak\u202eend", "` line<U+000A>break<U+202E>end `"),
    ],
)
def test_a_code_span_holds_any_text(text: str, shown: str) -> None:
    assert pr_comment.code(text) == shown


def test_the_longest_comment_fits_in_a_github_comment(project: Project) -> None:
    found = find_project(project.root / "mkdocs.yml")
    long = "א" * 5000
    errors = [ContentError(f"{n}{long}.md", n + 1, long, long) for n in range(40)]
    text = pr_comment.comment(found, Report(errors, errors), "", pr_comment.Links(run_url=RUN))
    assert len(text) < 65_536
    problems = re.search(r"ועוד (\d+) בעיות שלא נכנסו להודעה", text)
    notes = re.search(r"ועוד (\d+) הערות שלא נכנסו להודעה", text)
    assert problems and notes
    shown = re.findall(r"\n(\d+)\. ", text)
    assert shown[: int(shown[-1])] == [str(n) for n in range(1, int(shown[-1]) + 1)]
    assert len(shown) + int(problems[1]) + int(notes[1]) == 80  # 40 problems, 40 notes


def test_a_long_text_is_cut() -> None:
    assert len(pr_comment.plain("א" * 5000)) == pr_comment.LONGEST
    assert pr_comment.plain("א" * 5000).endswith("…")


def test_past_thirty_problems_the_rest_are_counted(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(35):
        project.write(
            f"issues/1/a{n:02}.md",
            f"---\ntitle: א\nauthors: [amir-sela]\norder: {n + 2}\n---\n[קישור](missing-{n}.md)\n",
        )
    text = _comment(project, monkeypatch).stdout
    assert "## בדיקת התוכן: 35 בעיות לתיקון" in text
    assert "30. **שורה:** 6" in text and "31. **" not in text
    assert "ועוד 5 בעיות שלא נכנסו להודעה: הרשימה המלאה ביומן." in text


FILE = """\
---
title: כותרת
authors:
  - noa-barkai
  - amir-sela
topics: [housing]
subtitle כותרת משנה בלי נקודתיים
---
הטקסט.
"""


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (1, ""),
        (2, "title"),
        (3, "authors"),
        (5, "authors"),
        (6, "topics"),
        (7, "subtitle"),
        (8, ""),
        (9, "body"),
    ],
)
def test_the_field_of_a_line(tmp_path: Path, line: int, field: str) -> None:
    (tmp_path / "a.md").write_text(FILE, encoding="utf-8")
    assert pr_comment.field_at(tmp_path, "a.md", line) == field


def test_a_file_without_front_matter_is_all_text_and_one_outside_has_no_field(
    tmp_path: Path,
) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.md").write_text("# כותרת\n\nטקסט.\n", encoding="utf-8")
    (tmp_path / "secret.md").write_text(FILE, encoding="utf-8")
    assert pr_comment.field_at(tmp_path / "site", "a.md", 3) == "body"
    assert pr_comment.field_at(tmp_path / "site", "../secret.md", 2) is None
    assert pr_comment.field_at(tmp_path / "site", "missing.md", 2) is None


def test_notes_are_listed_without_holding_the_change_back(project: Project) -> None:
    found = find_project(project.root / "mkdocs.yml")
    note = ContentError("issues/1/first.md", 9, "the picture 'big.jpg' is large", "a smaller copy")
    text = pr_comment.comment(found, Report(notes=[note]), "לא נמצאו בעיות.", pr_comment.Links())
    assert "## בדיקת התוכן: הכול תקין" in text
    assert (
        "### הערות (אינן מעכבות את הפרסום)\n\n#### ` issues/1/first.md `\n\n1. **שורה:** 9" in text
    )
    assert f"   - **התיקון:** {LRM}` a smaller copy `{LRM}" in text


def test_an_english_site_gets_its_comment_in_english(project: Project) -> None:
    found = dataclasses.replace(find_project(project.root / "mkdocs.yml"), languages=["en", "he"])
    project.write("issues/1/first.he.md", "---\ntitle: ראשון\nauthors: [x]\n---\nטקסט.\n")
    errors = [
        ContentError("issues/1/first.he.md", 3, "unknown author 'x'", "use a key"),
        ContentError("issues/1", None, "the issue folder has no index.md"),
    ]
    text = pr_comment.comment(found, Report(errors), "", pr_comment.Links(run_url=RUN))
    assert "## Content check: 2 problems to fix" in text
    assert "2. **Line:** 3 · **Field:** Authors (` authors `), in the Hebrew translation\n" in text
    assert "   - **Problem:** ` unknown author 'x' `\n" in text  # no marks in a left-to-right one
    assert LRM not in text
    assert "1. The whole file\n   - **Problem:** ` the issue folder has no index.md `" in text
    assert f"**The check's full log:** <{RUN}>" in text
