"""`maagal init` in-process: the web editor's repository (given, or read from the clone's
GitHub remote), what the new site is told, and the files a new circle needs on day one. That
the site installs and builds as its workflow does is in test_package.py (a wheel, fresh venvs)."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version
from pathlib import Path

import pytest

from maagal.addresses.project import find_project
from maagal.commands import init
from maagal.commands.init import NewCircle, asked_circle, init_site, origin_repo
from maagal.commands.own_wheel import NoWheel
from maagal.run.errors import MaagalError

CIRCLE = NewCircle(
    names={"he": "מעגל הגליל", "en": "The Galilee Circle"},
    languages=["he", "en"],
    email="galil@example.org",
)
TODAY = dt.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _no_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever way the tests' Maagal is installed: the wheel is test_package.py's part."""

    def refuse(folder: Path) -> Path:
        raise NoWheel("this Maagal runs from a source checkout (an editable install)", "/src/m")

    monkeypatch.setattr(init, "copy_own_wheel", refuse)


def _clone(folder: Path, url: str) -> Path:
    """A fresh clone as `git clone` leaves it, of an empty repository: only .git."""
    (folder / ".git").mkdir(parents=True)
    (folder / ".git/config").write_text(
        "[core]\n\trepositoryformatversion = 0\n"
        f'[remote "origin"]\n\turl = {url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n'
        '[branch "main"]\n\tremote = origin\n',
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/galilee-circle/site.git",
        "https://github.com/galilee-circle/site",
        "git@github.com:galilee-circle/site.git",
        "ssh://git@github.com/galilee-circle/site.git",
    ],
)
def test_a_clone_from_github_names_the_editors_repository(tmp_path: Path, url: str) -> None:
    site = _clone(tmp_path / "site", url)
    started = init_site(site, CIRCLE, TODAY)
    assert find_project(site / "mkdocs.yml").plugin["editor_repo"] == "galilee-circle/site"
    assert find_project(site / "mkdocs.yml").plugin["editor_branch"] == "main"
    assert "The web editor (/admin/) commits to github.com/galilee-circle/site" in "\n".join(
        started.notes
    )


@pytest.mark.parametrize(
    "url", ["https://gitlab.com/circle/site.git", "/home/noa/circle.git", "https://github.com/x"]
)
def test_a_remote_elsewhere_names_no_repository(tmp_path: Path, url: str) -> None:
    assert origin_repo(_clone(tmp_path / "site", url)) == ""


@pytest.mark.parametrize("repo", ["circle/site", "https://github.com/circle/site.git"])
def test_repo_given_wins_over_the_clones_remote(tmp_path: Path, repo: str) -> None:
    site = _clone(tmp_path / "site", "git@github.com:someone/fork.git")
    circle = asked_circle(("he=מעגל", "en=Circle"), None, "a@b.org", "", None, ask=False, repo=repo)
    init_site(site, circle, TODAY)
    assert find_project(site / "mkdocs.yml").plugin["editor_repo"] == "circle/site"


@pytest.mark.parametrize("repo", ["gitlab.com/circle/site", "circle", "a/b/c", "-x/y"])
def test_a_repo_not_written_owner_slash_name_is_refused(repo: str) -> None:
    with pytest.raises(MaagalError) as refused:
        asked_circle(("he=מעגל",), "he", "a@b.org", "", None, ask=False, repo=repo)
    assert str(refused.value) == (
        f"--repo {repo!r}: write the GitHub repository as owner/name, "
        "e.g. --repo galilee-circle/site"
    )


def test_without_a_repository_init_says_how_to_add_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    started = init_site(site, CIRCLE, TODAY)
    assert "editor_repo" not in find_project(site / "mkdocs.yml").plugin
    assert "# editor_repo: owner/name" in (site / "mkdocs.yml").read_text("utf-8")
    assert started.notes[-1] == (
        "The web editor (/admin/) is off until the site names its GitHub repository: set "
        f"editor_repo: owner/name in {site / 'mkdocs.yml'} (the line is there, commented out), "
        "or run maagal init in a clone of the repository, or with --repo."
    )


def test_without_a_wheel_to_copy_init_says_how_to_make_one(tmp_path: Path) -> None:
    site = tmp_path / "site"
    started = init_site(site, CIRCLE, TODAY)
    assert not (site / "vendor").exists()
    assert started.notes[0] == (
        "No wheel in vendor/: this Maagal runs from a source checkout (an editable install). "
        f"The site's workflows install maagal=={version('maagal')} from PyPI; until it is "
        f"there, build its wheel into vendor/: pip wheel --no-deps -w {site / 'vendor'} /src/m"
    )


def test_the_new_site_has_a_guide_unpublished_and_ignores_what_builds_make(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    written = init_site(site, CIRCLE, TODAY).written
    guide = (site / "GUIDE.md").read_text("utf-8")
    assert site / "GUIDE.md" in written and not list(site.glob("docs/**/GUIDE*"))
    assert "## לכתוב" in guide and "## Writing" in guide  # Hebrew first, then English
    ignored = (site / ".gitignore").read_text("utf-8").splitlines()
    assert {"site/", ".cache/", ".venv/"} <= set(ignored)
    requirements = (site / "requirements.txt").read_text("utf-8").splitlines()
    assert requirements[-2:] == ["--find-links vendor", f"maagal=={version('maagal')}"]
