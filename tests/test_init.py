"""`maagal init` in-process: the web editor's repository (given, or read from the clone's
GitHub remote), what the new site is told, and the files a new circle needs on day one. That
the site installs and builds as its workflow does is in test_package.py (a wheel, fresh venvs)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import zipfile
from importlib.metadata import PathDistribution, version
from pathlib import Path

import pytest

from maagal.addresses.project import find_project
from maagal.commands import init, own_wheel
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


def _installed(site_packages: Path, direct_url: str = "") -> Path:
    """A Maagal as an installer leaves it: its files, and RECORD listing them with hashes."""
    files = {
        "maagal/__init__.py": b"",
        "maagal/cms/VERSION": b"0.221.1\n",
        "maagal-9.9.dist-info/METADATA": b"Metadata-Version: 2.4\nName: maagal\nVersion: 9.9\n",
        "maagal-9.9.dist-info/WHEEL": b"Wheel-Version: 1.0\nTag: py3-none-any\n",
        "maagal-9.9.dist-info/INSTALLER": b"pip\n",
        "maagal/__pycache__/__init__.cpython-311.pyc": b"\x00",
    }
    if direct_url:
        files["maagal-9.9.dist-info/direct_url.json"] = direct_url.encode()
    record = []
    for name, data in files.items():
        (site_packages / name).parent.mkdir(parents=True, exist_ok=True)
        (site_packages / name).write_bytes(data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record += ["../../../bin/maagal,sha256=x,1", "maagal-9.9.dist-info/RECORD,,"]
    (site_packages / "maagal-9.9.dist-info/RECORD").write_text("\n".join(record) + "\n")
    return site_packages / "maagal-9.9.dist-info"


def test_the_installed_files_make_the_wheel_installers_leave_out_what_they_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = _installed(tmp_path / "site-packages")
    monkeypatch.setattr(own_wheel, "distribution", lambda name: PathDistribution(info))
    wheel = own_wheel.copy_own_wheel(tmp_path / "vendor")
    assert wheel == tmp_path / "vendor/maagal-9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        assert archive.namelist() == [  # the package, then .dist-info, RECORD last
            "maagal/__init__.py",
            "maagal/cms/VERSION",
            "maagal-9.9.dist-info/METADATA",
            "maagal-9.9.dist-info/WHEEL",
            "maagal-9.9.dist-info/RECORD",
        ]
        record = archive.read("maagal-9.9.dist-info/RECORD").decode().splitlines()
    assert (
        record[1]
        == "maagal/cms/VERSION,sha256="
        + (base64.urlsafe_b64encode(hashlib.sha256(b"0.221.1\n").digest()).rstrip(b"=").decode())
        + ",8"
    )
    assert record[-1] == "maagal-9.9.dist-info/RECORD,,"
    again = own_wheel.copy_own_wheel(tmp_path / "again")
    assert again.read_bytes() == wheel.read_bytes()  # the same files, the same bytes


def test_no_wheel_from_a_changed_install_or_a_source_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = _installed(tmp_path / "changed")
    (tmp_path / "changed/maagal/cms/VERSION").write_text("edited by hand\n")
    monkeypatch.setattr(own_wheel, "distribution", lambda name: PathDistribution(info))
    with pytest.raises(own_wheel.NoWheel, match=r"^maagal/cms/VERSION was changed after"):
        own_wheel.copy_own_wheel(tmp_path / "vendor")
    editable = '{"url": "file:///home/noa/maagal", "dir_info": {"editable": true}}'
    info = _installed(tmp_path / "editable", direct_url=editable)
    monkeypatch.setattr(own_wheel, "distribution", lambda name: PathDistribution(info))
    with pytest.raises(own_wheel.NoWheel) as refused:
        own_wheel.copy_own_wheel(tmp_path / "vendor")
    assert refused.value.checkout == "/home/noa/maagal"
    assert not (tmp_path / "vendor").exists()
