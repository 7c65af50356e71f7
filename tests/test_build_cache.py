"""The build cache: a build that reuses what the previous one rendered writes the same site,
byte for byte, as a build from nothing, whatever changed in between."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import Project


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def warm_equals_cold(project: Project) -> dict[str, bytes]:
    """Build with the cache into site/, from nothing into cold/; the two must be the same."""
    warm = project.maagal("build")
    assert warm.code == 0, warm.text
    cold = project.maagal("build", "--no-cache", "--site-dir", "cold")
    assert cold.code == 0, cold.text
    warm_tree, cold_tree = tree(project.root / "site"), tree(project.root / "cold")
    assert warm_tree.keys() == cold_tree.keys()
    differ = sorted(path for path in warm_tree if warm_tree[path] != cold_tree[path])
    assert differ == [], f"the warm build differs from a cold one in {differ}"
    return warm_tree


def kept_pages(project: Project, lang: str = "he") -> int:
    with sqlite3.connect(project.root / f".cache/maagal/pages-{lang}.sqlite") as db:
        return db.execute("SELECT count(*) FROM pages").fetchone()[0]


ARTICLE = "---\ntitle: {title}\nauthors: [noa-barkai]\norder: {order}\n---\n{text}\n"

CHANGES = {
    "an article's text": lambda p: p.write(
        "issues/1/first.md",
        ARTICLE.format(title="מאמר ראשון", order=1, text="פסקה אחרת לגמרי."),
    ),
    "an article's title": lambda p: p.write(
        "issues/1/first.md",
        ARTICLE.format(title="כותרת חדשה למאמר", order=1, text="פסקה ראשונה."),
    ),
    "a new article": lambda p: p.write(
        "issues/1/second.md", ARTICLE.format(title="מאמר שני", order=2, text="עוד מאמר.")
    ),
    "a moved article": lambda p: (
        p.write("issues/1/renamed.md", (p.root / "issues/1/first.md").read_text("utf-8")),
        p.write("issues/1/renamed.en.md", (p.root / "issues/1/first.en.md").read_text("utf-8")),
        p.remove("issues/1/first.md"),
        p.remove("issues/1/first.en.md"),
    ),
    "a deleted paper": lambda p: p.remove("position_papers/housing.md"),
    "an author's name": lambda p: p.write(
        "authors.yml",
        (p.root / "authors.yml").read_text("utf-8").replace("נועה ברקאי", "נועה ברקאי-לוי"),
    ),
    "a topic's name": lambda p: p.write(
        "topics.yml", (p.root / "topics.yml").read_text("utf-8").replace("דיור", "דיור ושיכון")
    ),
    "a template": lambda p: p.write(
        "overrides/maagal/article.html",
        '{% extends "main.html" %}{% block maagal_content %}<p>{{ maagal.view.title }}</p>'
        "{{ maagal.content }}{% endblock %}",
    ),
    "a setting": lambda p: p.write(
        "mkdocs.yml",
        (p.root / "mkdocs.yml")
        .read_text("utf-8")
        .replace("site_name: המעגל השיתופי", "site_name: המעגל השיתופי החדש"),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("change", list(CHANGES))
def test_after_each_change_a_warm_build_is_a_cold_one(project: Project, change: str) -> None:
    # A build fills the cache (that it equals a cold one is the next test's first step).
    filled = project.maagal("build")
    assert filled.code == 0, filled.text
    kept = kept_pages(project)
    assert kept > 5
    CHANGES[change](project)
    warm_equals_cold(project)


@pytest.mark.slow
def test_an_unchanged_site_is_written_from_the_cache(project: Project) -> None:
    first = warm_equals_cold(project)
    hebrew_pages = [p for p in first if p.endswith("index.html") and not p.startswith("en/")]
    assert kept_pages(project) == len(hebrew_pages) + 1  # and the email edition
    # Every kept page replaced by a mark: a build that reuses them writes the marks.
    with sqlite3.connect(project.root / ".cache/maagal/pages-he.sqlite") as db:
        db.execute("UPDATE pages SET page = ?", ("<p>kept</p>",))
    assert project.maagal("build").code == 0
    rebuilt = tree(project.root / "site")
    english_pages = [p for p in first if p.startswith("en/")]
    assert hebrew_pages and english_pages
    assert all(rebuilt[p] == b"<p>kept</p>" for p in hebrew_pages)
    assert all(rebuilt[p] == first[p] for p in english_pages)


@pytest.mark.slow
def test_a_damaged_cache_gives_a_cold_build(project: Project) -> None:
    warm_equals_cold(project)
    for name in ("pages-he.sqlite", "pages-en.sqlite"):
        (project.root / ".cache/maagal" / name).write_bytes(b"not a database" * 100)
    warm_equals_cold(project)
    assert kept_pages(project) > 5  # and the cache was made again


@pytest.mark.slow
def test_a_cache_of_another_kind_is_replaced(project: Project) -> None:
    cache = project.root / ".cache/maagal/pages-he.sqlite"
    cache.parent.mkdir(parents=True)
    with sqlite3.connect(cache) as db:
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('schema', 'something-else-7')")
        db.execute("CREATE TABLE pages (key TEXT PRIMARY KEY, page BLOB, content BLOB)")
    warm_equals_cold(project)
    assert kept_pages(project) > 5


def test_a_new_maagal_version_renders_every_page_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from maagal.cache import build_cache

    build_cache.code_stamp.cache_clear()
    before = build_cache.code_stamp()
    real = build_cache.version
    monkeypatch.setattr(
        build_cache, "version", lambda name: "9.9.9" if name == "maagal" else real(name)
    )
    build_cache.code_stamp.cache_clear()
    assert build_cache.code_stamp() != before
    build_cache.code_stamp.cache_clear()
