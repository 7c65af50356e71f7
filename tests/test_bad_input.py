"""Editors' mistakes at the edge of the real command, and odd but valid input built for real.

Each mistake's exact report (file, line, wording, fix) is a golden case in tests/cases/, checked
in-process by test_cases.py. What only the real `maagal build` can show is checked here, with
a few builds in a subprocess: its exit code, the report printed once and word for word as the
case pins it, nothing published, the previous site kept; and the pages built from input that
is odd but valid (characters HTML gives a meaning to, a byte-order mark, control characters).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Project

pytestmark = pytest.mark.slow  # each test runs `maagal build` in a subprocess

ARTICLE = "issues/1/first.md"
PAPER = "position_papers/housing.md"
CASES = Path(__file__).resolve().parent / "cases"


def test_a_refused_build_prints_the_case_report_once_and_publishes_nothing(
    project: Project,
) -> None:
    case = CASES / "27-author-key-misspelled"
    project.write(ARTICLE, (case / "input" / ARTICLE).read_text(encoding="utf-8"))
    result = project.maagal("build")
    assert result.code == 1
    assert not (project.root / "site").exists()
    # The editors' words only, once (not once per language), without Python's or MkDocs'.
    assert result.out == ""
    assert result.err == (case / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.text and "Aborted" not in result.text


def test_a_failed_build_keeps_the_previous_site(project: Project) -> None:
    first = project.maagal("build")
    assert first.code == 0, first.text
    assert "WARNING" not in first.text
    assert (project.root / "site/index.html").exists()
    assert (project.root / "site/en/issues/1/first/index.html").exists()
    before = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    project.write(ARTICLE, "---\ntitle: [unclosed\n---\n")
    result = project.maagal("build")
    assert result.code != 0
    assert "Traceback" not in result.text
    assert result.err.startswith(f"{ARTICLE}:1: 'authors' is missing\n    fix:"), result.err
    after = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    assert after == before


SPECIAL = "<b>&\"'</b>"
GERSHAYIM = 'צה"ל <b>ו</b> & "שות\'"'
SCRIPT = "<script>alert(1)</script>"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def test_odd_but_valid_input_is_built_and_escaped_everywhere(project: Project) -> None:
    """What HTML gives a meaning to is printed as text in every field and every file; a
    byte-order mark and Windows line ends are read; control characters leave the text."""
    q = _quoted(SPECIAL)
    project.write(
        "authors.yml",
        f"authors:\n  noa-barkai:\n    name: {q}\n    description: {q}\n    bio: {q}\n"
        "  amir-sela:\n    name: {he: אמיר, en: Amir}\n",
    )
    project.write(
        "topics.yml", f"cooperation: {{he: {q}, en: {q}}}\nhousing: {{he: דיור, en: Housing}}\n"
    )
    project.write("issues/1/c.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    project.write(
        "issues/1/index.md",
        f"---\ndate: 2017-11\ntitle: {q}\ncover: c.svg\ncover_alt: {q}\n---\nט.\n",
    )
    project.write("issues/1/index.en.md", f"---\ntitle: {q}\ncover_alt: {q}\n---\nE.\n")
    project.write(
        ARTICLE,
        f"---\ntitle: {q}\nsubtitle: {q}\nauthors: [noa-barkai]\norder: 1\n"
        "topics: [cooperation]\n---\nט.\n",
    )
    project.write(
        "issues/1/second.md",
        f"---\ntitle: {_quoted(GERSHAYIM)}\nsubtitle: {_quoted(SCRIPT)}\nauthors: [noa-barkai]\n"
        "order: 2\n---\nטקסט\x0bעם\x07תו.\n",
    )
    crlf = "---\r\ntitle: מאמר עם BOM\r\nauthors: [noa-barkai]\r\norder: 3\r\n---\r\nשורה.\r\n"
    project.write("issues/1/third.md", b"\xef\xbb\xbf" + crlf.encode("utf-8"))
    project.write(
        PAPER, f"---\ntitle: {q}\nteam: {q}\nstatus: adopted\ndate: 2005-09-20\n---\nט.\n"
    )
    project.write("docs/about.md", f"---\ntitle: {q}\ndescription: {q}\n---\nט.\n")
    result = project.maagal("build")
    assert result.code == 0, result.text

    written = [p for p in (project.root / "site").rglob("*") if p.suffix in (".html", ".xml")]
    assert len(written) > 20
    for path in written:  # email.txt is plain text: raw characters are right there
        text = path.read_text(encoding="utf-8")
        assert "<b>" not in text and SCRIPT not in text, path
        assert "\x0b" not in text and "\x07" not in text, path
    first = project.page("issues/1/first/index.html")
    assert first.find("h1").get_text() == SPECIAL
    assert first.select_one(".maagal-lede").get_text() == SPECIAL
    assert first.find("meta", attrs={"name": "description"})["content"] == SPECIAL
    assert first.select_one("a[rel=author]").get_text() == SPECIAL
    second = project.page("issues/1/second/index.html")
    assert second.find("h1").get_text() == GERSHAYIM
    assert second.find("title").get_text().startswith(GERSHAYIM)
    assert "טקסטעםתו." in second.get_text()
    assert project.page("issues/1/third/index.html").find("h1").get_text() == "מאמר עם BOM"
    issue = project.page("issues/1/index.html")
    assert issue.select_one("img.maagal-cover")["alt"] == SPECIAL
    about = project.page("about/index.html")
    assert about.find("title").get_text().startswith(SPECIAL)


def test_half_done_constructs_and_a_capital_md_stop_the_build_and_keep_the_site(
    project: Project,
) -> None:
    """A pull quote never closed and an article renamed to `.MD` were published wrong without a
    word (the quote swallowed what followed it; the article vanished): now the build refuses
    them, with the words of their golden cases, and the site built before stays as it was."""
    first = project.maagal("build")
    assert first.code == 0, first.text
    before = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    case = CASES / "110-pull-quote-never-closed" / "input"
    for rel in ("issues/1/second.md", "issues/1/chart.svg"):
        project.write(rel, (case / rel).read_text(encoding="utf-8"))
    (project.root / ARTICLE).rename(project.root / "issues/1/first.MD")
    (project.root / "issues/1/first.en.md").rename(project.root / "issues/1/first.en.MD")
    result = project.maagal("build")
    assert result.code != 0
    assert "Traceback" not in result.text
    quote = (CASES / "110-pull-quote-never-closed" / "expected.txt").read_text(encoding="utf-8")
    assert result.err == (
        "issues/1/first.MD: the file is not published: the site reads only documents whose "
        "names end in '.md', in small letters\n    fix: rename it to first.md\n"
        "issues/1/first.en.MD: the file is not published: the site reads only documents whose "
        "names end in '.md', in small letters\n    fix: rename it to first.en.md\n"
        + quote.split("\n1 problem found")[0]
        + "\n3 problems found; nothing was published.\n"
    )
    after = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    assert after == before
