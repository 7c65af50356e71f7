"""The preview workflow writes what `maagal check` found as one comment on the pull request (a
save in the web editor is one), also when the check fails, and updates it on every push; the job
that writes it holds the only writing token and runs nothing of the pull request.

The steps' shell scripts are run here as GitHub runs them (`bash -eo pipefail`), with `maagal`
this checkout and `gh` a stand-in that records what it was asked."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, Project
from maagal.commands import pr_comment

WORKFLOWS = [
    REPO / ".github" / "workflows" / "preview.yml",
    REPO / "src" / "maagal" / "scaffold" / "site" / "github" / "workflows" / "preview.yml",
]
RUN_URL = "https://github.com/circle/site/actions/runs/7"
PREVIEW_URL = "https://github.com/circle/site/actions/runs/7/artifacts/8"


def _load(path: Path = WORKFLOWS[0]) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _step(job: dict, name_or_id: str) -> dict:
    return next(s for s in job["steps"] if name_or_id in (s.get("id"), s.get("name")))


@pytest.mark.parametrize("path", WORKFLOWS, ids=["maagal", "new site"])
def test_the_comment_is_written_by_a_job_that_runs_nothing_of_the_pull_request(
    path: Path,
) -> None:
    workflow = _load(path)
    assert set(workflow["on"]) == {"pull_request"}  # never pull_request_target
    assert workflow["permissions"] == {"contents": "read"}
    preview, comment = workflow["jobs"]["preview"], workflow["jobs"]["comment"]
    assert "permissions" not in preview
    assert preview["outputs"]["comment"] == "${{ steps.comment.outputs.body }}"
    assert comment["permissions"] == {"pull-requests": "write"}
    assert comment["needs"] == "preview"
    # Not for a fork's pull request (its token cannot write: the run's summary has it), and
    # also after a failed check.
    for condition in (
        "!cancelled()",
        "needs.preview.outputs.comment != ''",
        "github.event.pull_request.head.repo.full_name == github.repository",
    ):
        assert condition in comment["if"]
    assert not [s for s in comment["steps"] if "uses" in s]  # no checkout, no action
    assert "maagal" not in " ".join(s["run"] for s in comment["steps"]).replace(
        pr_comment.MARKER, ""
    )
    assert f'startswith("{pr_comment.MARKER}")' in comment["steps"][0]["run"]


def test_the_comment_is_written_after_a_failed_check_but_not_without_maagal() -> None:
    preview = _load()["jobs"]["preview"]
    check = _step(preview, "Check the content")
    assert check["run"] == "maagal check --format github"  # fails the job; no continue-on-error
    assert "continue-on-error" not in check and "if" not in check
    step = _step(preview, "comment")
    assert step["if"] == "${{ !cancelled() && steps.install.outcome == 'success' }}"
    assert _step(preview, "install")["run"].startswith("python -m pip install")
    assert preview["steps"][-1] is step
    built = step["env"]["BUILT"]
    for needed in ("build", "feeds", "upload"):
        assert f"steps.{needed}.outcome == 'success'" in built


def _bin(tmp_path: Path) -> Path:
    """A folder for PATH with `maagal` (this checkout's) and a stand-in `gh`."""
    folder = tmp_path / "bin"
    folder.mkdir()
    scripts = {
        "maagal": f'#!/bin/sh\nexec {sys.executable} -m maagal.commands.cli "$@"\n',
        "gh": (
            "#!/bin/bash\n"
            'echo "$*" >> "$GH_LOG"\n'
            "prev=\n"
            'for arg in "$@"; do\n'
            '  if [ "$prev" = --input ]; then cp "$arg" "$GH_PAYLOAD"; fi\n'
            "  prev=$arg\n"
            "done\n"
            'if [ "$2" = --paginate ]; then printf "$GH_IDS"; fi\n'
        ),
    }
    for name, text in scripts.items():
        (folder / name).write_text(text, encoding="utf-8")
        (folder / name).chmod((folder / name).stat().st_mode | stat.S_IEXEC)
    return folder


def _run(
    script: str, cwd: Path, tmp_path: Path, env: dict[str, str]
) -> subprocess.CompletedProcess:
    runner = tmp_path / "runner"
    if not runner.exists():
        runner.mkdir()
        _bin(tmp_path)
    given = {
        "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(runner),
        "GITHUB_OUTPUT": str(runner / "output"),
        "GITHUB_STEP_SUMMARY": str(runner / "summary"),
        "GH_LOG": str(runner / "gh.log"),
        "GH_PAYLOAD": str(runner / "payload.json"),
    }
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**os.environ, **given, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _output(tmp_path: Path) -> dict[str, str]:
    """What a step wrote to $GITHUB_OUTPUT, read as GitHub reads `name<<DELIMITER` blocks."""
    lines = (tmp_path / "runner" / "output").read_text(encoding="utf-8").split("\n")
    values, n = {}, 0
    while n < len(lines) and lines[n]:
        name, delimiter = lines[n].split("<<")
        end = lines.index(delimiter, n + 1)
        values[name] = "\n".join(lines[n + 1 : end])
        n = end + 1
    return values


@pytest.mark.slow
def test_the_step_writes_the_problems_and_the_summary_even_when_the_check_fails(
    project: Project, tmp_path: Path
) -> None:
    project.write(
        "issues/1/second.md",
        "---\ntitle: שני\nauthors: [editr]\norder: 2\n---\ntext\n",
    )
    step = _step(_load()["jobs"]["preview"], "comment")
    env = {"PREVIEW_URL": "", "RUN_URL": RUN_URL, "BUILT": "false"}
    done = _run(step["run"], project.root, tmp_path, env)
    assert done.returncode == 0, done.stderr
    body = _output(tmp_path)["body"]
    assert body.startswith(pr_comment.MARKER)
    assert "## בדיקת התוכן: בעיה אחת לתיקון" in body
    assert "- **הבעיה:** ` כותב לא מוכר 'editr' `\n" in body
    assert f"<{RUN_URL}>" in body
    summary = (tmp_path / "runner" / "summary").read_text(encoding="utf-8")
    assert summary.strip() == body.strip()


@pytest.mark.slow
def test_the_step_says_a_built_change_may_be_merged_and_links_its_preview(
    project: Project, tmp_path: Path
) -> None:
    step = _step(_load()["jobs"]["preview"], "comment")
    env = {"PREVIEW_URL": PREVIEW_URL, "RUN_URL": RUN_URL, "BUILT": "true"}
    done = _run(step["run"], project.root, tmp_path, env)
    assert done.returncode == 0, done.stderr
    body = _output(tmp_path)["body"]
    assert "## בדיקת התוכן: הכול תקין" in body and f"<{PREVIEW_URL}>" in body
    env["BUILT"] = "false"
    (tmp_path / "runner" / "output").unlink()
    assert _run(step["run"], project.root, tmp_path, env).returncode == 0
    assert "בניית האתר נכשלה" in _output(tmp_path)["body"]


@pytest.mark.slow
def test_the_step_fails_when_maagal_cannot_say_anything(tmp_path: Path) -> None:
    step = _step(_load()["jobs"]["preview"], "comment")
    empty = tmp_path / "not-a-site"
    empty.mkdir()
    env = {"PREVIEW_URL": "", "RUN_URL": RUN_URL, "BUILT": "false"}
    done = _run(step["run"], empty, tmp_path, env)
    assert done.returncode == 1
    assert not (tmp_path / "runner" / "output").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("ids", "method", "address"),
    [
        ("11\\n12\\n", "PATCH", "repos/circle/site/issues/comments/11"),
        ("", "POST", "repos/circle/site/issues/5/comments"),
    ],
    ids=["updates its comment", "writes the first"],
)
def test_the_comment_is_updated_when_there_is_one(
    tmp_path: Path, ids: str, method: str, address: str
) -> None:
    step = _load()["jobs"]["comment"]["steps"][0]
    body = f'{pr_comment.MARKER}\n\n## בדיקת התוכן\n\n` $(touch pwned) "quoted" `\n'
    env = {
        **{k: v for k, v in step["env"].items() if not v.startswith("${{")},
        "GH_TOKEN": "not-a-token",
        "REPOSITORY": "circle/site",
        "PR_NUMBER": "5",
        "BODY": body,
        "GH_IDS": ids,
    }
    done = _run(step["run"], tmp_path, tmp_path, env)
    assert done.returncode == 0, done.stderr
    calls = (tmp_path / "runner" / "gh.log").read_text(encoding="utf-8").splitlines()
    assert calls[0].startswith("api --paginate repos/circle/site/issues/5/comments --jq ")
    assert calls[1].startswith(f"api --method {method} {address} --input ")
    assert len(calls) == 2
    assert json.loads((tmp_path / "runner" / "payload.json").read_text("utf-8")) == {"body": body}
    assert not (tmp_path / "pwned").exists()
