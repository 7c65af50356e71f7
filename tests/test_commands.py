"""Editors' commands: new, check, build, and the model's independence from MkDocs."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

from conftest import MAAGAL, REPO, Project

pytestmark = pytest.mark.slow  # every test runs `maagal` in a subprocess


def test_no_layer_above_the_glue_imports_mkdocs(project: Project) -> None:
    code = (
        "import importlib, pkgutil, sys, maagal; "
        "from maagal.load.site_loader import load_site, ContentLayout; "
        "from pathlib import Path; "
        # Every layer but the glue and the commands (which alone may import MkDocs).
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(maagal.__path__, "
        "'maagal.') if m.name.split('.')[1] not in ('plugin', 'commands')]; "
        f"site, report = load_site(ContentLayout(root=Path({str(project.root)!r}))); "
        "assert not report, report.format(); assert site.issues; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _replace_placeholders(path, words: dict[str, str]) -> None:
    """What an editor does with a skeleton: their own words in place of each placeholder."""
    from maagal.text import skeletons

    text = path.read_text("utf-8")
    for placeholders in skeletons.PLACEHOLDER.values():
        for key, placeholder in placeholders.items():
            for line in placeholder.split("\n"):
                if line.strip() and not line.startswith("#"):
                    text = text.replace(line, words.get(key, f"{key} in the editor's words"))
    path.write_text(text, "utf-8")


def test_new_issue_article_and_paper_build_once_written(project: Project) -> None:
    issue = project.maagal("new", "issue")
    assert issue.code == 0, issue.text
    assert (project.root / "issues/2/index.md").exists()
    assert (project.root / "issues/2/index.en.md").exists()
    today = dt.date.today()
    assert f"date: {today:%Y-%m}" in (project.root / "issues/2/index.md").read_text("utf-8")
    article = project.maagal("new", "article", "regional-purchasing")
    assert article.code == 0, article.text
    assert (project.root / "issues/2/regional-purchasing.md").exists()
    paper = project.maagal("new", "paper", "water-2027")
    assert paper.code == 0, paper.text
    assert f"date: {today:%Y-%m-%d}" in (project.root / "position_papers/water-2027.md").read_text(
        "utf-8"
    )
    untouched = project.maagal("check")
    assert untouched.code == 1
    assert untouched.text.count("still holds the placeholder text 'maagal new' wrote") == 6
    assert not (project.root / "site").exists() and project.maagal("build").code == 1
    for path in [*project.root.glob("issues/2/*.md"), *project.root.glob("position_papers/w*")]:
        _replace_placeholders(path, {"article_title": "רכש אזורי", "paper_title": "מים"})
    check = project.maagal("check")
    assert check.code == 0, check.text
    build = project.maagal("build")
    assert build.code == 0, build.text
    assert (
        project.page("issues/2/regional-purchasing/index.html")
        .find("h1")
        .get_text(strip=True)
        .startswith("רכש אזורי")
    )
    assert project.page("en/papers/water-2027/index.html").find("h1")
    home = project.page("index.html")
    assert "issues/2/" in home.select_one(".maagal-lead__title a")["href"]


def test_new_refuses_a_bad_slug_and_an_existing_file(project: Project) -> None:
    bad = project.maagal("new", "paper", "נייר")
    assert bad.code != 0 and "Traceback" not in bad.text and "lowercase" in bad.text
    project.maagal("new", "paper", "water")
    again = project.maagal("new", "paper", "water")
    assert again.code != 0 and "already exists" in again.text


def test_check_accepts_the_repository_content() -> None:
    from conftest import run_maagal

    result = run_maagal("check", cwd=REPO)
    assert result.code == 0, result.text
    assert result.out.startswith("לא נמצאו בעיות.")  # in the site's language, Hebrew


def test_build_output_is_quiet(project: Project) -> None:
    result = project.maagal("build")
    assert result.code == 0
    lines = [line for line in result.text.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Built ")
    assert "MkDocs 2" not in result.text and "INFO" not in result.text


def test_drafts_stay_out_of_the_build(project: Project) -> None:
    project.write(
        "issues/1/secret.md", "---\ntitle: טיוטה\nauthors: [noa-barkai]\ndraft: true\n---\nט.\n"
    )
    assert project.maagal("build").code == 0
    assert not (project.root / "site/issues/1/secret").exists()
    assert "טיוטה" not in (project.root / "site/issues/1/index.html").read_text("utf-8")


def test_two_builds_in_different_folders_are_byte_identical(project: Project, tmp_path) -> None:
    import shutil
    import time

    other = tmp_path / "elsewhere"
    shutil.copytree(project.root, other)
    assert project.maagal("build").code == 0
    time.sleep(1.1)
    from conftest import run_maagal

    assert run_maagal("build", cwd=other).code == 0
    first = {
        p.relative_to(project.root / "site"): p.read_bytes()
        for p in (project.root / "site").rglob("*")
        if p.is_file()
    }
    second = {
        p.relative_to(other / "site"): p.read_bytes()
        for p in (other / "site").rglob("*")
        if p.is_file()
    }
    assert first.keys() == second.keys()
    different = [str(p) for p in first if first[p] != second[p]]
    assert different == []
    assert any(p.name == "sitemap.xml.gz" for p in first)
    assert any(p.parts[0] == "pagefind" for p in first)


def _build_on_a_terminal(project: Project, env: dict[str, str]) -> str:
    """Run `maagal build` with its stderr on a pseudo-terminal; return what the terminal got."""
    import os
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*MAAGAL, "build"],
        cwd=project.root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**env, "NO_MKDOCS_2_WARNING": "1"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the build closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert process.wait(timeout=300) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_build_shows_progress_on_a_terminal_and_none_in_ci(project: Project) -> None:
    import os

    local = {k: v for k, v in os.environ.items() if k != "CI"}
    shown = _build_on_a_terminal(project, local)
    assert re.search(r"building: en pages (\d+)/\1 · he pages (\d+)/\2", shown), shown
    assert re.search(r"building: (?:en|he) read \d+", shown), shown  # the files, as read
    quiet = _build_on_a_terminal(project, {**local, "CI": "true"})
    assert "building:" not in quiet


def test_check_changed_keeps_the_problems_of_the_changed_documents_translations(
    project: Project,
) -> None:
    project.write(
        "issues/1/first.en.md",
        "---\ntitle: First article\nauthors: [noa-barkai]\n---\nFirst paragraph.\n",
    )
    project.write(
        "issues/1/first.md",
        "---\ntitle: מאמר ראשון\nauthors: [amir-sela]\norder: 1\ntopics: [cooperation]\n---\n"
        "פסקה ראשונה.\n",
    )
    result = project.maagal("check", "--changed", "issues/1/first.md")
    assert result.code == 1
    assert "issues/1/first.en.md:3: 'authors' differs from the original" in result.text
    elsewhere = project.maagal("check", "--changed", "position_papers/housing.md")
    assert elsewhere.code == 0, elsewhere.text


def test_a_site_made_before_the_pull_quote_moved_is_told_its_new_name(project: Project) -> None:
    from maagal.addresses.project import find_project
    from maagal.run.errors import MaagalError

    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "maagal.text.pullquote", "maagal.markdown.pullquote"
        ),
        encoding="utf-8",
    )
    with pytest.raises(MaagalError) as refused:
        find_project(config)
    line = (
        config.read_text(encoding="utf-8").splitlines().index("  - maagal.markdown.pullquote") + 1
    )
    assert refused.value.format_message() == (
        f"mkdocs.yml:{line}: the Markdown extension 'maagal.markdown.pullquote' has a new name\n"
        "    fix: write 'maagal.text.pullquote' in its place under markdown_extensions"
    )


def test_check_changed_keeps_a_registry_problem_that_names_a_changed_document(
    project: Project,
) -> None:
    for name in ("second", "third"):
        project.write(
            f"issues/1/{name}.md",
            f"---\ntitle: מאמר {name}\nauthors: [dana-levi]\n---\nפסקה.\n",
        )
    result = project.maagal("check", "--changed", "issues/1/second.md")
    assert result.code == 1
    assert "authors.yml: 'dana-levi' is not in authors.yml, but 2 documents" in result.text
