"""Editing in the web editor (Sveltia CMS 0.221.1, its test-repo backend in the browser's
origin-private file system, see `cms_harness.py`) as a volunteer would, then `maagal check`
and `maagal build` on what it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import require_chromium
from cms_harness import (
    KNOWN_OFFSITE,
    content_files,
    copy_site,
    documents,
    editor,
    editor_config,
    field_label,
    save_unchanged,
    site_files,
    write_admin,
    write_back,
)
from conftest import run_maagal

require_chromium()

# Sveltia 0.221.1 throws this (and goes on) when an entry opened has no English file: the
# editor still saves the entry and writes no English file.
NO_TRANSLATION_ERROR = "Cannot convert undefined or null to object"


def _build(root: Path, out: str) -> Path:
    done = run_maagal("build", "--site-dir", str(root / out), cwd=root)
    assert done.code == 0, done.text
    return root / out


@pytest.mark.slow
@pytest.mark.browser
def test_opening_and_saving_every_document_changes_nothing_in_the_site(
    tmp_path: Path, browser
) -> None:
    site = copy_site(tmp_path / "circle")
    before = site_files(_build(site, "before"))
    admin = write_admin(site, tmp_path / "served")
    config = editor_config(site)
    entries = documents(site)
    with editor(browser, site, admin) as cms:
        for collection, slug in entries:
            save_unchanged(cms, collection, slug, field_label(config, collection, "title"))
        saved = cms.files()
        assert set(cms.errors) <= {NO_TRANSLATION_ERROR}, cms.errors
        assert cms.offsite_hosts() <= KNOWN_OFFSITE, cms.external
    changed = write_back(saved, site)
    # Every document was written again (Sveltia's own YAML: lists as blocks, single quotes,
    # `draft: false`, a blank line before the text), and nothing else.
    markdown = {p for p in content_files(site) if p.endswith(".md")}
    assert set(changed) == markdown
    check = run_maagal("check", cwd=site)
    assert check.code == 0, check.text
    after = site_files(_build(site, "after"))
    assert after.keys() == before.keys()
    assert [p for p in before if before[p] != after[p]] == []
