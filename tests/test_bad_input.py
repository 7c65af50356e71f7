"""Editors' mistakes: each is named with file, line and fix; nothing is published."""

from __future__ import annotations

import pytest

from conftest import Project

ARTICLE = "issues/1/first.md"
PAPER = "position_papers/housing.md"


def assert_refused(project: Project, *expected: str) -> str:
    result = project.maagal("build")
    assert result.code != 0
    assert "Traceback" not in result.text
    assert not (project.root / "site").exists()
    for text in expected:
        assert text in result.text, result.text
    assert "fix:" in result.text
    return result.text


def test_valid_project_builds(project: Project) -> None:
    result = project.maagal("build")
    assert result.code == 0, result.text
    assert (project.root / "site/index.html").exists()
    assert (project.root / "site/en/issues/1/first/index.html").exists()
    assert "WARNING" not in result.text


def test_missing_required_title(project: Project) -> None:
    project.write(ARTICLE, "---\nauthors: [noa-barkai]\n---\nטקסט.\n")
    assert_refused(project, f"{ARTICLE}:1: 'title' is missing", "add a line 'title:")


def test_missing_issue_date(project: Project) -> None:
    project.write("issues/1/index.md", "---\ntitle: נושא\n---\nטקסט.\n")
    assert_refused(project, "issues/1/index.md:1: 'date' is missing", "date: 2017-11")


def test_missing_paper_status(project: Project) -> None:
    project.write(PAPER, "---\ntitle: דיור\nteam: צוות\ndate: 2005-09-20\n---\nטקסט.\n")
    assert_refused(project, f"{PAPER}:1: 'status' is missing", "status: draft")


def test_malformed_yaml_names_the_line(project: Project) -> None:
    project.write(ARTICLE, "---\ntitle: מאמר\nauthors: [noa-barkai\norder: 1\n---\nטקסט.\n")
    text = assert_refused(project, f"{ARTICLE}:", "not valid YAML")
    line = int(text.split(f"{ARTICLE}:")[1].split(":")[0])
    assert line in (3, 4, 5)


def test_unknown_author_suggests_the_nearest(project: Project) -> None:
    project.write(ARTICLE, "---\ntitle: מאמר\nauthors: [noa-barkai, amir-selaa]\n---\nטקסט.\n")
    assert_refused(project, f"{ARTICLE}:3: unknown author 'amir-selaa' — did you mean 'amir-sela'?")


def test_unknown_author_on_its_own_line_in_a_list(project: Project) -> None:
    project.write(
        ARTICLE, "---\ntitle: מאמר\nauthors:\n  - noa-barkai\n  - noa-barkia\n---\nטקסט.\n"
    )
    assert_refused(
        project, f"{ARTICLE}:5: unknown author 'noa-barkia' — did you mean 'noa-barkai'?"
    )


def test_unknown_topic_suggests_the_nearest(project: Project) -> None:
    project.write(ARTICLE, "---\ntitle: מאמר\nauthors: [noa-barkai]\ntopics: [housin]\n---\nט.\n")
    assert_refused(
        project, f"{ARTICLE}:4: unknown topic 'housin' — did you mean 'housing'?", "topics.yml"
    )


def test_duplicate_issue_number(project: Project) -> None:
    project.write("issues/001/index.md", "---\ndate: 2018-01\ntitle: כפול\n---\nט.\n")
    assert_refused(project, "issue 1 appears twice", "issues/001")


@pytest.mark.parametrize("value", ["2005-13-01", "2005-02-30", "yesterday", "20-09-2005"])
def test_bad_date(project: Project, value: str) -> None:
    project.write(PAPER, f"---\ntitle: דיור\nteam: צוות\nstatus: draft\ndate: {value}\n---\nט.\n")
    assert_refused(project, f"{PAPER}:5: date: '{value}'", "2005-09-20")


def test_superseded_paper_that_does_not_exist(project: Project) -> None:
    project.write(
        "position_papers/new.md",
        (
            "---\ntitle: חדש\nteam: צוות\nstatus: adopted\ndate: 2010-01-01\n"
            "supersedes: housin\n---\nט.\n"
        ),
    )
    assert_refused(
        project,
        "position_papers/new.md:6: supersedes an unknown paper 'housin' — did you mean 'housing'?",
    )


def test_unknown_status_suggests_the_nearest(project: Project) -> None:
    project.write(
        PAPER, "---\ntitle: דיור\nteam: צוות\nstatus: adoptd\ndate: 2005-09-20\n---\nט.\n"
    )
    assert_refused(project, f"{PAPER}:4: status: 'adoptd' is not allowed — did you mean 'adopted'?")


def test_unknown_field_suggests_the_nearest(project: Project) -> None:
    project.write(
        ARTICLE, "---\ntitle: מאמר\nauthor: [noa-barkai]\nauthors: [noa-barkai]\n---\nט.\n"
    )
    assert_refused(project, f"{ARTICLE}:3: unknown field 'author' — did you mean 'authors'?")


def test_every_problem_is_reported_at_once(project: Project) -> None:
    project.write(ARTICLE, "---\ntitle: מאמר\nauthors: [nobody]\n---\nט.\n")
    project.write(
        PAPER, "---\ntitle: דיור\nteam: צוות\nstatus: adopted\ndate: 2005-9-40\n---\nט.\n"
    )
    project.write("issues/1/second.md", "---\nsubtitle: x\nauthors: [noa-barkai]\n---\nט.\n")
    result = project.maagal("check")
    assert result.code != 0
    assert "Traceback" not in result.text
    assert f"{ARTICLE}:3: unknown author 'nobody'" in result.text
    assert f"{PAPER}:5: date:" in result.text
    assert "issues/1/second.md:1: 'title' is missing" in result.text
    assert "3 problems found" in result.text


def test_translation_may_not_contradict_its_original(project: Project) -> None:
    project.write("issues/1/first.en.md", "---\ntitle: First\nauthors: [amir-sela]\n---\nText.\n")
    assert_refused(project, "issues/1/first.en.md:3: 'authors' differs from the original")


def test_image_without_alt_text_and_missing_image(project: Project) -> None:
    project.write("issues/1/chart.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    project.write(
        ARTICLE,
        "---\ntitle: מאמר\nauthors: [noa-barkai]\n---\nט.\n\n![](chart.svg)\n\n"
        "![תרשים](missing.svg)\n",
    )
    assert_refused(
        project,
        f"{ARTICLE}:7: the image 'chart.svg' has no alt text",
        f"{ARTICLE}:9: the image 'missing.svg' does not exist",
    )


def test_broken_internal_link(project: Project) -> None:
    project.write(
        ARTICLE, "---\ntitle: מאמר\nauthors: [noa-barkai]\n---\nראו [כאן](../2/nothing.md).\n"
    )
    assert_refused(project, f"{ARTICLE}:5: the link '../2/nothing.md' points to a missing page")


def test_non_utf8_file(project: Project) -> None:
    project.write(
        ARTICLE, "---\ntitle: מאמר\nauthors: [noa-barkai]\n---\n".encode() + "טקסט".encode("cp1255")
    )
    assert_refused(project, f"{ARTICLE}:5: the file is not UTF-8 text", "UTF-8")


def test_empty_file(project: Project) -> None:
    project.write(ARTICLE, "")
    assert_refused(project, f"{ARTICLE}: the file is empty")


def test_byte_order_mark_and_crlf_build_fine(project: Project) -> None:
    text = "---\r\ntitle: מאמר עם BOM\r\nauthors: [noa-barkai]\r\n---\r\nשורה.\r\n"
    project.write(ARTICLE, b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = project.maagal("build")
    assert result.code == 0, result.text
    assert project.page("issues/1/first/index.html").find("h1").get_text() == "מאמר עם BOM"


def test_html_special_characters_in_front_matter_are_escaped(project: Project) -> None:
    title = 'צה"ל <b>ו</b> & "שות\'"'
    project.write(
        ARTICLE,
        f"---\ntitle: '{title.replace(chr(39), chr(39) * 2)}'\n"
        f"subtitle: '<script>alert(1)</script>'\nauthors: [noa-barkai]\n---\nט.\n",
    )
    result = project.maagal("build")
    assert result.code == 0, result.text
    raw = (project.root / "site/issues/1/first/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw
    assert "<b>ו</b>" not in raw
    page = project.page("issues/1/first/index.html")
    assert page.find("h1").get_text() == title
    assert page.find("title").get_text().startswith(title)
    issue = (project.root / "site/issues/1/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in issue


def test_a_failed_build_keeps_the_previous_site(project: Project) -> None:
    assert project.maagal("build").code == 0
    before = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    project.write(ARTICLE, "---\ntitle: [unclosed\n---\n")
    result = project.maagal("build")
    assert result.code != 0
    after = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    assert after == before
