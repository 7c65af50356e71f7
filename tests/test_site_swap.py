"""The site a build replaces: moved into the build cache's trash and removed by the next build
while it builds, never left beside the output, and never through a link."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Project

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

    _build(project)  # removes the first site, puts the second in the trash
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
