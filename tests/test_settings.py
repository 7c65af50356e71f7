"""Settings in mkdocs.yml mean what they say, whichever way a build or a command reads them."""

from __future__ import annotations

import re

import pytest

from conftest import Project

pytestmark = pytest.mark.slow  # every test runs `maagal` in a subprocess


def _set_plugin_option(project: Project, old: str, new: str) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def _paper(slug: str, day: str) -> str:
    return f"---\ntitle: נייר {slug}\nteam: צוות\nstatus: adopted\ndate: {day}\n---\nתקציר.\n"


def test_recent_papers_sets_how_many_papers_the_home_page_shows(project: Project) -> None:
    for n, day in enumerate(("2020-01-01", "2021-01-01", "2022-01-01")):
        project.write(f"position_papers/paper-{n}.md", _paper(str(n), day))
    build = project.maagal("build")
    assert build.code == 0, build.text
    section = project.page("index.html").find(id="recent-papers").parent
    assert len(section.select(".maagal-card--paper")) == 3  # the default

    _set_plugin_option(project, "feed_length: 20", "feed_length: 20\n      recent_papers: 1")
    build = project.maagal("build")
    assert build.code == 0, build.text
    section = project.page("index.html").find(id="recent-papers").parent
    titles = [a.get_text() for a in section.select(".maagal-card__title a")]
    assert titles == ["נייר 2"]  # the newest


def test_a_site_in_one_language_may_write_languages_as_a_word(project: Project) -> None:
    _set_plugin_option(project, "languages: [he, en]", "languages: he")
    for rel in list(project.root.rglob("*.en.md")):
        rel.unlink()
    check = project.maagal("check")
    assert check.code == 0, check.text
    assert "'h'" not in check.text and "'e'" not in check.text
    new = project.maagal("new", "paper", "water")
    assert new.code == 0, new.text
    assert not (project.root / "position_papers/water.en.md").exists()
    assert not (project.root / "position_papers/water.h.md").exists()
    project.remove("position_papers/water.md")  # a skeleton is not published unwritten
    build = project.maagal("build")
    assert build.code == 0, build.text
    assert project.page("index.html").find("html")["lang"] == "he"
    assert not (project.root / "site/en").exists()
    assert not (project.root / "site/e").exists()


def test_translations_made_by_new_take_structure_from_the_original(project: Project) -> None:
    made = project.maagal("new", "article", "regional-purchasing", "--issue", "1")
    assert made.code == 0, made.text
    english = (project.root / "issues/1/regional-purchasing.en.md").read_text("utf-8")
    front = english.split("---")[1]
    assert re.findall(r"^(\w+):", front, re.M) == ["title", "subtitle"]
    # The editor changes the Hebrew file's authors; the English file they never opened is fine.
    hebrew = project.root / "issues/1/regional-purchasing.md"
    hebrew.write_text(
        re.sub(r"authors: \[.*\]", "authors: [amir-sela]", hebrew.read_text("utf-8")), "utf-8"
    )
    check = project.maagal("check")
    assert "differs from the original" not in check.text
    assert "regional-purchasing.en.md" in check.text  # its placeholders, nothing else
    assert "2 problems found" in check.text  # the two skeleton files, nothing else


def test_outside_a_site_the_advice_names_an_option_that_exists(project: Project) -> None:
    (project.root / "mkdocs.yml").unlink()
    result = project.maagal("check")
    assert result.code != 0 and "Traceback" not in result.text
    assert "--config-file" in result.text
    help_text = project.maagal("check", "--help").text
    assert "--config-file" in help_text
