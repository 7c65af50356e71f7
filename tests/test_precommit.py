"""The editors' safety net: the pre-commit hook refuses a broken article, accepts a good one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Project

pytestmark = pytest.mark.slow  # pre-commit and git run as processes

BIN = Path(sys.executable).parent


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "PRE_COMMIT_HOME": str(root.parent / "pre-commit-cache"),
    }
    return subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False, timeout=300
    )


def test_commit_hook_names_file_line_and_fix(project: Project) -> None:
    root = project.root
    shutil.copy(REPO / ".pre-commit-config.yaml", root / ".pre-commit-config.yaml")
    assert _git(root, "init", "-q").returncode == 0
    installed = subprocess.run(
        [str(BIN / "pre-commit"), "install"], cwd=root, capture_output=True, text=True, check=False
    )
    assert installed.returncode == 0, installed.stderr
    assert _git(root, "add", "-A").returncode == 0
    first = _git(root, "commit", "-qm", "The circle's site")
    assert first.returncode == 0, first.stdout + first.stderr

    project.write("issues/1/broken.md", "---\ntitle: מאמר\nauthors: [noa-barkia]\n---\nט.\n")
    _git(root, "add", "issues/1/broken.md")
    refused = _git(root, "commit", "-m", "A broken article")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert (
        "issues/1/broken.md:3: unknown author 'noa-barkia' — did you mean 'noa-barkai'?" in output
    )
    assert "fix:" in output
    assert "Traceback" not in output

    project.write("issues/1/broken.md", "---\ntitle: מאמר\nauthors: [noa-barkai]\n---\nט\u202e.\n")
    _git(root, "add", "issues/1/broken.md")
    invisible = _git(root, "commit", "-m", "An invisible override")
    assert invisible.returncode != 0
    assert "issues/1/broken.md:5:2: an invisible direction control U+202E" in (
        invisible.stdout + invisible.stderr
    )

    project.write("issues/1/broken.md", "---\ntitle: מאמר\nauthors: [noa-barkai]\n---\nטקסט.\n")
    _git(root, "add", "issues/1/broken.md")
    good = _git(root, "commit", "-m", "A good article")
    assert good.returncode == 0, good.stdout + good.stderr
