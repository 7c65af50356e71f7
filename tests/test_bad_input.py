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
    assert_refused(project, f"{PAPER}:1: 'status' is missing", "status: working-draft")


def test_malformed_yaml_names_the_line(project: Project) -> None:
    project.write(ARTICLE, "---\ntitle: מאמר\nauthors: [noa-barkai\norder: 1\n---\nטקסט.\n")
    assert_refused(
        project,
        f"{ARTICLE}:3: the front matter cannot be read here: a list opened with '[' is not "
        "closed with ']'\n    fix: write the line as: authors: [noa-barkai]",
    )


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
    project.write(
        PAPER, f"---\ntitle: דיור\nteam: צוות\nstatus: working-draft\ndate: {value}\n---\nט.\n"
    )
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


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        (ARTICLE, "---\ntitle: מאמר\n---\nט.\n", "'authors' is missing"),
        (
            PAPER,
            "---\ntitle: דיור\nteam: צוות\nstatus: working-draft\n---\nט.\n",
            "'date' is missing",
        ),
        (
            PAPER,
            "---\ntitle: דיור\nstatus: working-draft\ndate: 2005-09-20\n---\nט.\n",
            "the paper names neither a team nor authors",
        ),
        (
            "issues/1/index.md",
            "---\ndate: 2017-11\ntitle: נושא\ncover: c.svg\n---\nט.\n",
            "the cover has no alt text",
        ),
    ],
)
def test_every_required_field_is_asked_for(
    project: Project, rel: str, text: str, expected: str
) -> None:
    if "cover:" in text:
        project.write("issues/1/c.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    project.write(rel, text)
    assert_refused(project, f"{rel}:1: {expected}")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("order: first", "order: 'first' is not a whole number"),
        ("authors: 5", "authors: should be a list of keys"),
        ("title: true", "title: should be a line of text"),
        ("draft: maybe", "draft: 'maybe' is not true or false"),
    ],
)
def test_wrong_types_are_named(project: Project, line: str, expected: str) -> None:
    fields = {"title": "title: מאמר", "authors": "authors: [noa-barkai]"}
    fields[line.split(":")[0]] = line
    body = "\n".join(fields.values()) + (
        "\n" + line if line.split(":")[0] not in ("title", "authors") else ""
    )
    project.write(ARTICLE, f"---\n{body}\n---\nט.\n")
    assert_refused(project, expected)


def test_raw_script_in_markdown_is_refused(project: Project) -> None:
    project.write(
        ARTICLE,
        "---\ntitle: מאמר\nauthors: [noa-barkai]\n---\nפסקה.\n\n"
        "<script>alert(1)</script>\n\nקוד: `<script>` מותר בתוך גרשיים הפוכים.\n",
    )
    text = assert_refused(project, f"{ARTICLE}:7: raw HTML <script> is not allowed", "backticks")
    assert f"{ARTICLE}:9" not in text


def test_control_character_in_front_matter_is_refused(project: Project) -> None:
    project.write(ARTICLE, "---\ntitle: מאמר\x0bנסתר\nauthors: [noa-barkai]\n---\nט.\n")
    assert_refused(project, f"{ARTICLE}:2: an invisible control character (U+000B)")


def test_control_character_in_the_text_is_dropped(project: Project) -> None:
    project.write(ARTICLE, "---\ntitle: מאמר\nauthors: [noa-barkai]\n---\nטקסט\x0bעם\x07תו.\n")
    assert project.maagal("build").code == 0
    text = (project.root / "site/issues/1/first/index.html").read_text("utf-8")
    assert "\x0b" not in text and "\x07" not in text and "טקסטעםתו." in text


def test_file_name_that_is_not_a_web_address(project: Project) -> None:
    project.write("issues/1/מאמר.md", "---\ntitle: מאמר\nauthors: [noa-barkai]\n---\nט.\n")
    assert_refused(project, "issues/1/מאמר.md: the file name 'מאמר' is not a web address part")


def test_unknown_language_suffix(project: Project) -> None:
    project.write("issues/1/first.fr.md", "---\ntitle: Premier\n---\nTexte.\n")
    assert_refused(project, "issues/1/first.fr.md: unknown language 'fr' in the file name")


def test_issue_folder_must_be_a_number(project: Project) -> None:
    project.write("issues/latest/index.md", "---\ndate: 2018-01\ntitle: נושא\n---\nט.\n")
    assert_refused(project, "issues/latest: the issue folder 'latest' is not a number")


def test_two_documents_with_one_id(project: Project) -> None:
    project.write(
        "issues/1/second.md",
        "---\nid: issues/1/first\ntitle: שני\nauthors: [noa-barkai]\n---\nט.\n",
    )
    assert_refused(project, "the id 'issues/1/first' is already used by")


SPECIAL = "<b>&\"'</b>"


def test_html_special_characters_in_every_field_are_escaped(project: Project) -> None:
    project.write(
        "authors.yml",
        f"authors:\n  noa-barkai:\n    name: '{SPECIAL.replace(chr(39), chr(39) * 2)}'\n"
        f"    description: '{SPECIAL.replace(chr(39), chr(39) * 2)}'\n"
        f"    bio: '{SPECIAL.replace(chr(39), chr(39) * 2)}'\n"
        "  amir-sela:\n    name: {he: אמיר, en: Amir}\n",
    )
    quoted = SPECIAL.replace("'", "''")
    project.write(
        "topics.yml",
        f"cooperation: {{he: '{quoted}', en: '{quoted}'}}\nhousing: {{he: דיור, en: Housing}}\n",
    )
    project.write("issues/1/c.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    project.write(
        "issues/1/index.md",
        f"---\ndate: 2017-11\ntitle: '{quoted}'\ncover: c.svg\ncover_alt: '{quoted}'\n---\nט.\n",
    )
    project.write(
        "issues/1/index.en.md", f"---\ntitle: '{quoted}'\ncover_alt: '{quoted}'\n---\nE.\n"
    )
    project.write(
        ARTICLE,
        f"---\ntitle: '{quoted}'\nsubtitle: '{quoted}'\nauthors: [noa-barkai]\n"
        "topics: [cooperation]\n---\nט.\n",
    )
    project.write(
        PAPER,
        f"---\ntitle: '{quoted}'\nteam: '{quoted}'\nstatus: adopted\ndate: 2005-09-20\n---\nט.\n",
    )
    project.write("docs/about.md", f"---\ntitle: '{quoted}'\ndescription: '{quoted}'\n---\nט.\n")
    result = project.maagal("build")
    assert result.code == 0, result.text
    for path in (project.root / "site").rglob("*"):
        if path.suffix in (".html", ".xml"):  # email.txt is plain text: raw characters are right
            text = path.read_text(encoding="utf-8")
            assert "<b>" not in text, path
    page = project.page("issues/1/first/index.html")
    assert page.find("h1").get_text() == SPECIAL
    assert page.select_one(".maagal-lede").get_text() == SPECIAL
    assert page.find("meta", attrs={"name": "description"})["content"] == SPECIAL
    assert page.select_one("a[rel=author]").get_text() == SPECIAL
    issue = project.page("issues/1/index.html")
    assert issue.select_one("img.maagal-cover")["alt"] == SPECIAL
    about = project.page("about/index.html")
    assert about.find("title").get_text().startswith(SPECIAL)


def test_a_build_prints_the_report_once_in_the_editors_words(project: Project) -> None:
    project.write(ARTICLE, "---\ntitle: מאמר\nauthors: [noa-barkia]\norder: 1\n---\nט.\n")
    text = assert_refused(project, f"{ARTICLE}:3: unknown author 'noa-barkia'")
    assert text.count("unknown author") == 1  # not once per language
    assert "Aborted" not in text and "BuildError" not in text and "[he]" not in text
    assert text.rstrip().endswith("1 problem found; nothing was published.")
