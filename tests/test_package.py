"""The package on its own: a wheel, installed in a fresh environment outside the repository,
is enough to start a new circle's site and build it."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import MAAGAL, REPO
from maagal.outputs.cms_config import ADDITIONS, OWN, SCRIPT_SHA256, VENDORED

SCAFFOLD = REPO / "src/maagal/scaffold/site"


def _run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, check=False, timeout=900, env=env
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@dataclass
class NewSite:
    """A wheel, installed in a fresh venv outside the repository, and a site it started."""

    dist: Path
    venv: Path
    site: Path
    env: dict[str, str]

    def maagal(self, *args: str) -> subprocess.CompletedProcess:
        return _run(str(self.venv / "bin/maagal"), *args, cwd=self.site, env=self.env)


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> NewSite:
    tmp_path = tmp_path_factory.mktemp("wheel")
    dist = tmp_path / "dist"
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        str(REPO),
        "--no-deps",
        "-w",
        str(dist),
        "-v",  # shows the build backend's own warnings
        cwd=tmp_path,
    )
    assert "BuildBackendWarning" not in built.stdout + built.stderr  # e.g. the licence table
    wheel = next(dist.glob("maagal-*.whl"))
    venv = tmp_path / "venv"
    # The venv's pip sees nothing of the caller's PYTHONPATH: a source tree on it looks installed.
    alone = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    _run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path, env=alone)
    pip = venv / "bin" / "pip"
    lock = str(REPO / "requirements.lock")
    _run(str(pip), "install", "-q", "-c", lock, str(wheel), cwd=tmp_path, env=alone)
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin:/bin",
        "HOME": str(tmp_path),
        "NO_MKDOCS_2_WARNING": "1",
        "LANG": "C.UTF-8",
    }
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    created = _run(
        str(venv / "bin/maagal"),
        "init",
        "galilee",
        "--name",
        "he=מעגל הגליל",
        "--name",
        "en=The Galilee Circle",
        "--email",
        "galil@example.org",
        "--site-url",
        "https://galilee.example/",
        cwd=outside,
        env=env,
    )
    assert "Created a Maagal site" in created.stdout
    return NewSite(dist, venv, outside / "galilee", env)


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_builds_the_site_it_started(new_site: NewSite) -> None:
    site = new_site.site
    assert (site / ".github/workflows/publish.yml").is_file()
    assert (site / ".pre-commit-config.yaml").is_file()
    built = new_site.maagal("build")
    assert built.stdout.startswith("Built ")
    home = BeautifulSoup((site / "site/index.html").read_text("utf-8"), "html.parser")
    assert home.find("html")["dir"] == "rtl"
    assert "מעגל הגליל" in home.find("title").get_text()
    assert (site / "site/assets/fonts/heebo-hebrew-wght-normal.woff2").is_file()
    en = BeautifulSoup(
        (site / "site/en/issues/1/first-article/index.html").read_text("utf-8"), "html.parser"
    )
    assert en.find("h1").get_text(strip=True) == "An example article"
    feed = feedparser.parse((site / "site/issues/feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 1
    assert feed.entries[0].link == "https://galilee.example/issues/1/"
    assert (site / "site/events/calendar.ics").is_file()
    # The web editor's script is in the wheel (the pinned copy); a site publishes /admin/
    # once its repository is named (`editor_repo`), which a new site has not done yet.
    shipped = list(new_site.venv.glob("lib/python*/site-packages/maagal/cms/sveltia-cms.js"))
    assert len(shipped) == 1
    assert hashlib.sha256(shipped[0].read_bytes()).hexdigest() == SCRIPT_SHA256
    # ... with what it loads from beside itself (the chunk, the fonts) and Maagal's additions.
    cms = shipped[0].parent
    for rel, pinned in VENDORED.items():
        assert hashlib.sha256((cms / rel).read_bytes()).hexdigest() == pinned, rel
    assert all((cms / rel).is_file() for rel in (*OWN, ADDITIONS))
    assert not (site / "site/admin").exists()


@pytest.mark.slow
def test_the_new_sites_publish_workflow_runs_from_the_wheel_alone(
    new_site: NewSite, tmp_path: Path
) -> None:
    """Every `run:` step of the build job, in a second fresh venv, as GitHub would run them
    (the released package comes from the wheel here, from PyPI there)."""
    workflow = yaml.safe_load((new_site.site / ".github/workflows/publish.yml").read_text("utf-8"))
    # The steps that need GitHub itself (its event, its cache) are left to GitHub.
    runs = [
        step["run"]
        for step in workflow["jobs"]["build"]["steps"]
        if "run" in step and "${{" not in str(step.get("env", ""))
    ]
    assert runs[0] == "python -m pip install -r requirements.txt"
    assert (
        (new_site.site / "requirements.txt")
        .read_text("utf-8")
        .endswith(f"maagal=={version('maagal')}\n")
    )
    venv = tmp_path / "runner"
    _run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path)
    env = {
        **new_site.env,
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin:/bin",
        "PIP_FIND_LINKS": str(new_site.dist),
        "PIP_CONSTRAINT": str(REPO / "requirements.lock"),
        "PIP_QUIET": "1",
        "GITHUB_OUTPUT": str(tmp_path / "github-output"),
    }
    for command in runs:
        _run("bash", "-ec", command, cwd=new_site.site, env=env)
    assert (new_site.site / "site/issues/feed.xml").is_file()
    fingerprint = (tmp_path / "github-output").read_text("utf-8")
    assert re.fullmatch(r"hash=[0-9a-f]{64}\n", fingerprint)


@pytest.mark.slow
def test_the_new_sites_commit_hook_runs_from_the_wheel_alone(new_site: NewSite) -> None:
    site = new_site.site
    env = {
        **new_site.env,
        "PRE_COMMIT_HOME": str(site.parent / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    }
    pre_commit = Path(sys.executable).parent / "pre-commit"  # the editor's own install

    def git(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            ["git", *args], cwd=site, env=env, capture_output=True, text=True, timeout=300
        )
        assert not ok or done.returncode == 0, done.stdout + done.stderr
        return done

    git("init", "-q")
    _run(str(pre_commit), "install", cwd=site, env=env)
    git("add", "-A")
    git("commit", "-qm", "The circle's site")
    (site / "issues/1/second.md").write_text(
        "---\ntitle: שני\nauthors: [editr]\n---\nטקסט \u202eהפוך.\n", encoding="utf-8"
    )
    git("add", "-A")
    refused = git("commit", "-qm", "A broken article", ok=False)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "issues/1/second.md:3: unknown author 'editr' — did you mean 'editor'?" in output
    assert "issues/1/second.md:5:6: an invisible direction control U+202E" in output
    assert "Traceback" not in output


def test_the_new_sites_workflows_are_this_repositorys_but_install_the_release() -> None:
    from maagal.commands.init import for_new_site

    for name in ("publish.yml", "preview.yml"):
        ours = (REPO / ".github/workflows" / name).read_text("utf-8")
        assert (SCAFFOLD / "github/workflows" / name).read_text("utf-8") == ours
        theirs = for_new_site(ours)
        assert "requirements.lock" not in theirs and "-e ." not in theirs
        assert "python -m pip install -r requirements.txt" in theirs
    assert (SCAFFOLD / "pre-commit-config.yaml").read_bytes() == (
        REPO / ".pre-commit-config.yaml"
    ).read_bytes()


@pytest.mark.slow
def test_init_without_a_terminal_needs_a_name(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "maagal.commands.cli", "init", "circle", "--email", "a@b.c"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "The circle's name in 'he': not given — add --name 'he=מעגל הגליל'" in done.stderr
    assert not (tmp_path / "circle").exists()


@pytest.mark.slow
def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file.txt").write_text("x")
    done = subprocess.run(
        [*MAAGAL, "init", "taken", "--email", "a@b.c", "--name", "he=מעגל", "--name", "en=C"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode != 0 and "not empty" in done.stderr and "Traceback" not in done.stderr
