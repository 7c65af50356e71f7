"""The package on its own: a wheel, installed in a fresh environment outside the repository,
is enough to start a new circle's site and build it."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
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
    """A wheel, installed in a fresh venv outside the repository, and a site it started.
    `deps` holds the wheels of Maagal's dependencies (not Maagal's): every install after the
    first resolution is offline, from there."""

    dist: Path
    deps: Path
    venv: Path
    site: Path
    env: dict[str, str]


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
    # The venv's pip sees nothing of the caller's PYTHONPATH: a source tree on it looks installed.
    alone = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    deps = _dependency_wheels(wheel, tmp_path / "deps", alone)
    venv = tmp_path / "venv"
    # (No pip of its own: ensurepip took four seconds; this pip installs into it with --python.)
    _run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=tmp_path, env=alone)
    offline = ("--no-index", "--find-links", str(deps), "--find-links", str(dist))
    # (--no-compile: pip's byte-compiling of every dependency took a third of the install, and a
    # missing .pyc changes nothing a test looks at.)
    quick = ("-q", "--no-compile", "--disable-pip-version-check")
    into = ("--python", str(venv / "bin/python"))
    pip = (sys.executable, "-m", "pip", *into, "install", *quick, *offline)
    _run(*pip, str(wheel), cwd=tmp_path, env=alone)
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
        "--repo",
        "galilee-circle/site",
        cwd=outside,
        env=env,
    )
    assert "Created a Maagal site" in created.stdout
    assert f"Copied this Maagal's wheel to vendor/{wheel.name}" in created.stdout
    return NewSite(dist, deps, venv, outside / "galilee", env)


def _dependency_wheels(wheel: Path, deps: Path, env: dict[str, str]) -> Path:
    """The wheels of Maagal's dependencies at the versions of requirements.lock, resolved once
    (from pip's configured index); Maagal's own is left out."""
    lock = str(REPO / "requirements.lock")
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "-c",
        lock,
        "-w",
        str(deps),
        str(wheel),
        cwd=deps.parent,
        env=env,
    )
    (deps / wheel.name).unlink()
    return deps


@pytest.mark.slow
def test_the_wheel_init_vendors_is_the_wheel_that_was_installed(new_site: NewSite) -> None:
    """Same files, same bytes (only RECORD, which lists them, is written anew)."""
    built = next(new_site.dist.glob("maagal-*.whl"))
    vendored = new_site.site / "vendor" / built.name
    with zipfile.ZipFile(built) as original, zipfile.ZipFile(vendored) as copy:
        assert copy.testzip() is None
        names = {n for n in original.namelist() if not n.endswith("/RECORD")}
        assert {n for n in copy.namelist() if not n.endswith("/RECORD")} == names
        assert all(original.read(n) == copy.read(n) for n in names)


def _link_dependencies(installed: Path, venv: Path) -> None:
    """Link into `venv` what pip installed in `installed` but Maagal and pip's own tools."""
    (source,) = installed.glob("lib/python*/site-packages")
    (target,) = venv.glob("lib/python*/site-packages")
    own = ("maagal", "pip", "setuptools", "_distutils_hack", "distutils-precedence.pth")
    for entry in source.iterdir():
        if entry.name.split("-")[0] in own or (target / entry.name).exists():
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, copy_function=os.link)
        else:
            os.link(entry, target / entry.name)
    assert not list(target.glob("maagal*"))


def _runnable_steps(workflow: Path) -> list[tuple[str, dict[str, str]]]:
    """The build job's `run:` steps with their `env:`, but those that need GitHub itself (its
    event, its cache), which are left to GitHub."""
    steps = yaml.safe_load(workflow.read_text("utf-8"))["jobs"]["build"]["steps"]
    return [
        (step["run"], {k: str(v) for k, v in step.get("env", {}).items()})
        for step in steps
        if "run" in step and "${{" not in str(step.get("env", ""))
    ]


@pytest.mark.slow
def test_the_new_site_installs_builds_and_publishes_as_its_workflow_does(
    new_site: NewSite, tmp_path: Path
) -> None:
    """Every `run:` step of the publish workflow's build job, in a second venv, as GitHub runs
    them: the install step as the workflow writes it, with no index and only Maagal's
    dependencies on offer (PyPI's part on GitHub), so Maagal itself can only come from the
    site's vendor/; then the site is checked and built, with its web editor. The venv is
    given the dependencies the first one installed from the same wheels (linked, not
    installed again: that took twenty seconds), and no Maagal."""
    site = new_site.site
    steps = _runnable_steps(site / ".github/workflows/publish.yml")
    assert steps[0][0] == "python -m pip install -r requirements.txt"
    requirements = (site / "requirements.txt").read_text("utf-8")
    assert requirements.endswith(f"--find-links vendor\nmaagal=={version('maagal')}\n")
    assert not list(new_site.deps.glob("maagal-*"))
    venv = tmp_path / "runner"
    _run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path)
    _link_dependencies(new_site.venv, venv)
    env = {
        **new_site.env,
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin:/bin",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(new_site.deps),
        "PIP_QUIET": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "GITHUB_OUTPUT": str(tmp_path / "github-output"),
    }
    done = {run: _run("bash", "-ec", run, cwd=site, env={**env, **more}) for run, more in steps}
    assert done["maagal build"].stdout.startswith("Built ")
    if shutil.which("google-chrome", path=env["PATH"]) is None:  # the runner's Chrome: not here
        assert "MAAGAL_CHROMIUM=google-chrome, but no 'google-chrome' was found" in (
            done["maagal build"].stderr
        )
    _assert_the_site_is_published(site)
    # The web editor's script is the pinned copy, published at /admin/ for the repository
    # init was given.
    shipped = list(venv.glob("lib/python*/site-packages/maagal/cms/sveltia-cms.js"))
    assert len(shipped) == 1
    assert hashlib.sha256(shipped[0].read_bytes()).hexdigest() == SCRIPT_SHA256
    # ... with what it loads from beside itself (the chunk, the fonts) and Maagal's additions,
    # in the wheel and in the published /admin/.
    cms = shipped[0].parent
    for rel, pinned in VENDORED.items():
        assert hashlib.sha256((cms / rel).read_bytes()).hexdigest() == pinned, rel
        assert (site / "site/admin" / rel).read_bytes() == (cms / rel).read_bytes(), rel
    assert all((cms / rel).is_file() for rel in (*OWN, ADDITIONS))
    admin = BeautifulSoup((site / "site/admin/index.html").read_text("utf-8"), "html.parser")
    assert admin.find("html")["dir"] == "rtl"
    assert admin.find("script", src="sveltia-cms.js") is not None
    config = yaml.safe_load((site / "site/admin/config.yml").read_text("utf-8"))
    assert config["backend"] == {
        "name": "github",
        "repo": "galilee-circle/site",
        "branch": "main",
        "auth_methods": ["token"],  # no authenticator yet
    }
    fingerprint = (tmp_path / "github-output").read_text("utf-8")
    assert re.fullmatch(r"hash=[0-9a-f]{64}\n", fingerprint)


def _assert_the_site_is_published(site: Path) -> None:
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
    (site / ".cache/maagal").mkdir(parents=True, exist_ok=True)  # as a build leaves it
    (site / ".cache/maagal/pages-he.sqlite").write_bytes(b"")
    git("add", "-A")
    committed = git("ls-files").stdout.splitlines()
    assert not [name for name in committed if name.startswith((".cache/", "site/"))]
    wheel = f"vendor/{next(new_site.dist.glob('maagal-*.whl')).name}"
    assert {"GUIDE.md", "requirements.txt", wheel} <= set(committed)
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
