"""Signing in to the web editor: with `editor_auth_url` (the site's Sveltia CMS Authenticator, a
Cloudflare Worker) the CMS backend's `base_url` sends "Sign In with GitHub" there; without it,
the backend names no authenticator and offers only the token ("Sign In with GitHub" would go
to Netlify's service and fail)."""

from __future__ import annotations

import re

import pytest
import yaml
from mkdocs.config.base import Config

from conftest import REPO, Project
from maagal.addresses.project import find_project
from maagal.addresses.settings import Settings
from maagal.load.site_loader import load_site
from maagal.outputs import cms_config
from maagal.plugin.config import MaagalConfig

WORKER = "https://sveltia-cms-auth.circle.workers.dev"


def _backend(**options: str) -> dict[str, str]:
    project = find_project(REPO / "mkdocs.yml")
    site, _ = load_site(project.layout())
    settings = Settings.from_options(project.root, {"editor_repo": "circle/site", **options})
    return cms_config.cms_config(site, settings)["backend"]


@pytest.mark.parametrize("written", [WORKER, WORKER + "/"])
def test_the_authenticator_is_the_backends_base_url(written: str) -> None:
    assert _backend(editor_auth_url=written) == {
        "name": "github",
        "branch": "main",
        "repo": "circle/site",
        "base_url": WORKER,  # Sveltia adds "/auth" to it
    }


def test_without_an_authenticator_the_backend_names_none_and_offers_the_token() -> None:
    backend = _backend()
    assert "base_url" not in backend
    assert backend["auth_methods"] == ["token"]  # no "Sign In with GitHub" that would fail


def _validated(value: str, option: str = "editor_auth_url") -> list[str]:
    config: Config = MaagalConfig()
    config.load_dict({option: value})
    failed, _ = config.validate()
    return [str(error) for _, error in failed]


def test_the_setting_is_refused_without_https_and_a_host() -> None:
    assert _validated(WORKER) == []
    assert _validated("") == []
    [refused] = _validated("sveltia-cms-auth.circle.workers.dev")
    assert re.search(r"should include the http:// \(scheme\)", refused)


@pytest.mark.parametrize(
    ("option", "good", "bad"),
    [
        ("editor_repo", ["", "galilee-circle/site", "a/b.c_d"], ["circle", "a/b/c", "x/y<script>"]),
        ("editor_branch", ["main", "drafts/2027"], ["", "-f", "main; rm -rf ~", "a b"]),
    ],
)
def test_the_repository_and_branch_are_names_not_anything(
    option: str, good: list[str], bad: list[str]
) -> None:
    """They go into /admin/config.yml and GitHub's API addresses: a name, or the build stops."""
    for value in good:
        assert _validated(value, option) == [], value
    for value in bad:
        [refused] = _validated(value, option)
        assert "is not of the form" in refused, value


def test_the_pinned_script_reads_base_url_and_offers_a_token() -> None:
    """What the guide tells maintainers and editors is what Sveltia 0.221.1 does."""
    script = (REPO / "src" / "maagal" / "cms" / cms_config.SCRIPT).read_text("utf-8")
    backend = re.search(
        r"GitHubBackend:\{type:`object`,additionalProperties:!1,properties:\{(.+?)\}\}", script
    )
    assert backend is not None and "base_url:{type:`string`}" in backend[1]
    assert "sign_in_using_access_token:`Sign In Using Access Token`" in script
    assert "it must also have read/write access to pull requests" in script


@pytest.mark.slow
def test_the_build_writes_it_into_the_admin_pages_configuration(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    settings = "  - maagal:\n"
    assert text.count(settings) == 1
    wrong = f"{settings}      editor_repo: circle/site\n      editor_auth_url: circle.workers.dev\n"
    config.write_text(text.replace(settings, wrong), encoding="utf-8")
    refused = project.maagal("build")
    assert refused.code == 1
    assert "option 'editor_auth_url': The URL isn't valid" in refused.text
    right = wrong.replace("circle.workers.dev", WORKER + "/")
    config.write_text(text.replace(settings, right), encoding="utf-8")
    built = project.maagal("build")
    assert built.code == 0, built.text
    written = yaml.safe_load((project.root / "site/admin/config.yml").read_text("utf-8"))
    assert written["backend"]["base_url"] == WORKER
