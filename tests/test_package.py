"""The package on its own: a wheel, installed in a fresh environment outside the repository,
is enough to start a new circle's site and build it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from conftest import REPO

SCAFFOLD = REPO / "src/maagal/scaffold/site"


def _run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, check=False, timeout=900, env=env
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def test_wheel_in_a_fresh_venv_starts_and_builds_a_new_site(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        str(REPO),
        "--no-deps",
        "-w",
        str(dist),
        "-q",
        cwd=tmp_path,
    )
    wheel = next(dist.glob("maagal-*.whl"))
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path)
    pip = venv / "bin" / "pip"
    _run(str(pip), "install", "-q", "-c", str(REPO / "requirements.lock"), str(wheel), cwd=tmp_path)
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
    site = outside / "galilee"
    assert (site / ".github/workflows/publish.yml").is_file()
    assert (site / ".pre-commit-config.yaml").is_file()
    built = _run(str(venv / "bin/maagal"), "build", cwd=site, env=env)
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


def test_the_new_sites_workflows_are_this_repositorys() -> None:
    for name in ("publish.yml", "preview.yml"):
        assert (SCAFFOLD / "github/workflows" / name).read_bytes() == (
            REPO / ".github/workflows" / name
        ).read_bytes()
    assert (SCAFFOLD / "pre-commit-config.yaml").read_bytes() == (
        REPO / ".pre-commit-config.yaml"
    ).read_bytes()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file.txt").write_text("x")
    done = subprocess.run(
        [sys.executable, "-m", "maagal.cli", "init", "taken", "--email", "a@b.c"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode != 0 and "not empty" in done.stderr and "Traceback" not in done.stderr
