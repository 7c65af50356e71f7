"""The Nu HTML Checker finds no error in any page of the sample site, in either language, but
the few that Material for MkDocs' own markup makes (each listed below, with the reason).

vnu.jar comes from npm (package "vnu-jar", pinned in tools/vnu/package-lock.json) and runs on
Debian's Java; `make vnu-tool` (part of `make test`) installs both. Without Java the test is
skipped on a developer's machine and fails under CI (env CI set), so that a CI machine cannot
pass by skipping; without vnu.jar it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, html

VNU = REPO / "tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = (
    "run `make vnu-tool` (Java: `apt-get install default-jre-headless`; "
    "vnu.jar: `npm ci --prefix tools/vnu --ignore-scripts`)"
)


@dataclass(frozen=True)
class Allowed:
    """An error of Material's markup: vnu's message, exactly, and a piece of the markup."""

    message: str
    markup: str

    def matches(self, error: dict) -> bool:
        return error.get("message") == self.message and self.markup in error.get("extract", "")


MATERIAL = [
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off" (kept by
    # Material so that browsers do not restore their state on back navigation).
    Allowed(
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
        "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
        "“search”, “tel”, “text”, “time”, “url”, or “week”.",
        'type="checkbox" id="__',
    ),
    # partials/toc.html: the table of contents' title is a <label for="__toc">, whose checkbox
    # partials/nav-item.html renders only for a page listed in the navigation (ours are not).
    Allowed(
        "The value of the “for” attribute of the “label” element must be the ID of a "
        "non-hidden form control.",
        '<label class="md-nav__title" for="__toc">',
    ),
    # partials/nav-item.html: with navigation.indexes a section's label gets tabindex="" (its
    # `tabindex` variable is unset for sections).
    Allowed(
        "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a "
        "valid integer.",
        'tabindex="">',
    ),
]


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        message = "Java is not installed: the Nu HTML Checker cannot run — " + INSTALL
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not VNU.is_file():
        pytest.fail(f"the Nu HTML Checker is not installed ({VNU} is missing) — {INSTALL}")
    return java


@pytest.fixture(scope="module")
def vnu_errors(sample_site: Path) -> list[dict]:
    """Every error vnu reports over all the site's pages, checked in one JVM."""
    java = _java()
    pages = sorted(str(p) for p in sample_site.rglob("*.html"))
    assert any("/en/" in p for p in pages) and len(pages) > 100, pages
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), f"vnu could not run:\n{done.stdout}\n{done.stderr}"
    messages = json.loads(done.stderr)["messages"]
    for error in messages:
        error["file"] = error.get("url", "").split(str(sample_site) + "/")[-1]
    return messages


def _describe(error: dict) -> str:
    where = f"{error['file']}:{error.get('lastLine', '?')}:{error.get('firstColumn', '?')}"
    extract = " ".join(error.get("extract", "").split())
    return f"{where}: [{error.get('type')}] {error.get('message')}\n    {extract}"


def test_no_html_errors_but_materials(vnu_errors: list[dict]) -> None:
    ours = [e for e in vnu_errors if not any(a.matches(e) for a in MATERIAL)]
    assert not ours, f"{len(ours)} HTML errors (Nu HTML Checker):\n" + "\n".join(
        _describe(e) for e in ours
    )


def test_every_allowed_error_still_occurs(vnu_errors: list[dict]) -> None:
    # When Material fixes its markup, its entry goes: the allow-list only holds real errors.
    stale = [a for a in MATERIAL if not any(a.matches(e) for e in vnu_errors)]
    assert not stale, f"allowed errors vnu no longer reports (remove them): {stale}"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_feeds_anchor_is_the_feed_list(sample_site: Path, prefix: str) -> None:
    # Links to subscribe/#feeds land on the list of feeds, in both languages; the English
    # page's own "Feeds" heading has an id of its own.
    page = html(sample_site / prefix / "subscribe" / "index.html")
    targets = page.select("#feeds")
    assert len(targets) == 1
    assert targets[0].find_parent("section", class_="maagal-feeds") is not None
