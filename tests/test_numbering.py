"""The place a new article takes in its issue: one answer for `maagal new` and `maagal import`."""

from __future__ import annotations

import pytest

from conftest import Project
from maagal.load.numbering import issue_folders, next_article_order
from maagal.model.layout import ContentLayout


def test_a_new_article_comes_after_the_highest_order_and_after_every_article(
    project: Project,
) -> None:
    issue = project.root / "issues/1"
    assert next_article_order(issue) == 2  # first.md has order 1
    project.write("issues/1/second.md", "---\ntitle: שני\norder: 5\n---\nטקסט.\n")
    project.write("issues/1/third.md", "---\ntitle: שלישי\n---\nטקסט.\n")
    assert next_article_order(issue) == 6
    # An article in English only is its own original: its order counts.
    project.write("issues/1/only.en.md", "---\ntitle: Only in English\norder: 7\n---\nText.\n")
    assert next_article_order(issue) == 8
    project.remove("issues/1/only.en.md")
    project.write("issues/1/second.md", "---\ntitle: שני\n---\nטקסט.\n")
    assert next_article_order(issue) == 4  # three articles, the highest order 1


@pytest.mark.slow
def test_maagal_new_article_takes_that_place(project: Project) -> None:
    project.write("issues/1/second.md", "---\ntitle: שני\norder: 5\n---\nטקסט.\n")
    made = project.maagal("new", "article", "third", "--issue", "1")
    assert made.code == 0, made.text
    assert "\norder: 6\n" in (project.root / "issues/1/third.md").read_text("utf-8")


def test_issue_folders_are_the_numbered_folders(project: Project) -> None:
    project.write("issues/004/index.md", "---\ndate: 2018-01\ntitle: ארבע\n---\n")
    project.write("issues/drafts/note.md", "---\ntitle: x\n---\n")
    folders = issue_folders(ContentLayout(project.root))
    assert folders == {1: project.root / "issues/1", 4: project.root / "issues/004"}
