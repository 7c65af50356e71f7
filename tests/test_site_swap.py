"""The site a build replaces: moved into the build cache's trash, then written into by the next
build (or removed while it builds), never left beside the output, and never through a link."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import Project
from test_build_cache import warm_equals_cold

TRASH = Path(".cache/maagal/trash")


def _build(project: Project, *args: str) -> None:
    result = project.maagal("build", *args)
    assert result.code == 0, result.text


@pytest.mark.slow
def test_the_replaced_site_waits_in_the_trash_for_the_next_build(project: Project) -> None:
    _build(project)
    assert not (project.root / TRASH).exists() or not list((project.root / TRASH).iterdir())
    first_page = project.root / "site/index.html"
    first_page.write_text("the first build's home page", encoding="utf-8")

    _build(project)  # the first site goes to the trash
    (kept,) = (project.root / TRASH).iterdir()
    assert (kept / "index.html").read_text(encoding="utf-8") == "the first build's home page"
    assert "the first build" not in first_page.read_text(encoding="utf-8")

    _build(project)  # writes into the first site, puts the second in the trash
    (second,) = (project.root / TRASH).iterdir()
    assert second != kept and not kept.exists()
    beside = sorted(p.name for p in project.root.iterdir() if p.name.startswith("."))
    assert beside == [".cache"]  # no '.site-old-…' or '.site-build-…' folder left

    _build(project, "--no-cache")  # no cache: the replaced site is removed at once
    assert [p.name for p in (project.root / TRASH).iterdir()] == [second.name]


@pytest.mark.slow
def test_a_cache_reached_through_a_link_gets_no_trash(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "trash").mkdir(parents=True)
    (outside / "trash" / "precious.txt").write_text("not the build's", encoding="utf-8")
    (project.root / ".cache").mkdir()
    (project.root / ".cache/maagal").symlink_to(outside, target_is_directory=True)
    _build(project)
    _build(project)
    assert (outside / "trash" / "precious.txt").read_text(encoding="utf-8") == "not the build's"
    assert [p.name for p in (outside / "trash").iterdir()] == ["precious.txt"]
    assert not [p for p in project.root.iterdir() if p.name.startswith(".site")]


@pytest.mark.slow
def test_a_warm_build_writes_into_the_site_two_builds_back(
    project: Project, tmp_path: Path
) -> None:
    _build(project)
    _build(project)  # the first site waits in the trash
    (old,) = (project.root / TRASH).iterdir()
    home_file = (old / "index.html").stat().st_ino
    # What the build did not write there goes: a page of a document since removed, a folder.
    (old / "stray.html").write_text("a page nobody builds any more", encoding="utf-8")
    (old / "gone" / "page").mkdir(parents=True)
    (old / "gone" / "page" / "index.html").write_text("gone", encoding="utf-8")
    # A file with a second name, and a link: a write into either would reach beyond the site.
    other_name = tmp_path / "other-name.xml"
    os.link(old / "feed.xml", other_name)
    before = other_name.read_bytes()
    (old / "en" / "feed.xml").unlink()
    (old / "en" / "feed.xml").symlink_to(other_name)

    site = warm_equals_cold(project)  # the third build: into the first site's files

    assert (project.root / "site/index.html").stat().st_ino == home_file
    assert "stray.html" not in site and not any(path.startswith("gone") for path in site)
    assert other_name.read_bytes() == before
    assert not (project.root / "site/en/feed.xml").is_symlink()
    assert [p.name for p in (project.root / TRASH).iterdir()] != [old.name]
    assert not [p for p in project.root.iterdir() if p.name.startswith(".site")]


@pytest.mark.slow
def test_a_kept_page_the_old_site_holds_already_is_not_written_again(project: Project) -> None:
    """The site two builds back holds most pages as they are again: a page file whose stamp
    (inode, time, size) is the one a build recorded with the page's key is only given the time
    of now; one written over since (a new stamp) is written again."""
    _build(project)
    _build(project)
    (old,) = (project.root / TRASH).iterdir()
    vouched, changed = old / "index.html", old / "en/index.html"
    page = vouched.read_text(encoding="utf-8")
    # Changed with its stamp put back (what no editor's tool does): proof that it is not written.
    status = vouched.stat()
    with vouched.open("r+", encoding="utf-8") as file:
        file.write(page.replace("<html", "<HTML", 1))
    os.utime(vouched, ns=(status.st_atime_ns, status.st_mtime_ns))
    changed.write_text(changed.read_text(encoding="utf-8").replace("<html", "<HTML", 1))
    before = time.time_ns()

    _build(project)

    site = project.root / "site"
    assert "<HTML" in (site / "index.html").read_text(encoding="utf-8")  # not written
    assert (site / "index.html").stat().st_mtime_ns >= before  # as if written by this build
    assert "<HTML" not in (site / "en/index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_plugin_after_maagal_that_changes_pages_has_every_page_written(
    project: Project,
) -> None:
    """A kept page's file is left as it is only when nothing after Maagal changes the finished
    page: a hook that does (here, from a file the page's key does not know) sees every page
    written again."""
    project.write("edition.txt", "first")
    project.write(
        "stamp_hook.py",
        "from pathlib import Path\n\n"
        "def on_post_page(output, page, config):\n"
        "    stamp = (Path(config.config_file_path).parent / 'edition.txt').read_text()\n"
        "    return output.replace('</body>', f'<!-- edition {stamp} --></body>')\n",
    )
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - stamp_hook.py\n")
    _build(project)
    _build(project)
    project.write("edition.txt", "third")
    _build(project)  # into the first site's files, its pages all kept
    home = (project.root / "site/index.html").read_text(encoding="utf-8")
    assert "<!-- edition third -->" in home
