"""The build cache: a build that reuses what the previous one rendered writes the same site,
byte for byte, as a build from nothing, whatever changed in between."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import feedparser
import pytest

from conftest import Project


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def warm_equals_cold(project: Project, env: dict[str, str] | None = None) -> dict[str, bytes]:
    """Build with the cache into site/, from nothing into cold/; the two must be the same."""
    warm = project.maagal("build", env=env)
    assert warm.code == 0, warm.text
    cold = project.maagal("build", "--no-cache", "--site-dir", "cold", env=env)
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
    # The excerpt lists show stays: only the article's page changes (every other page's
    # context is taken from the last build's record, `cache/context_digests.py`).
    "a paragraph added to an article": lambda p: p.append(
        "issues/1/first.md", "\nועוד פסקה בסוף.\n"
    ),
    # A new excerpt (the text above `<!-- more -->`) for the cards on the issue, topic, author
    # and home pages: theirs are made again, the others' are taken from the record.
    "an article's excerpt": lambda p: p.write(
        "issues/1/first.md",
        (p.root / "issues/1/first.md")
        .read_text("utf-8")
        .replace("פסקה ראשונה.", "פסקה ראשונה, ועכשיו גם ארוכה יותר."),
    ),
    # The same excerpt, and 1,000 words more: five minutes' reading, not one.
    "an article grown long": lambda p: p.append("issues/1/first.md", "\n" + "מילה " * 1000),
    "an article's title": lambda p: p.write(
        "issues/1/first.md",
        ARTICLE.format(title="כותרת חדשה למאמר", order=1, text="פסקה ראשונה."),
    ),
    # A title is shown on the pages whose views read its document (`noting_reads`): those
    # are made again, and the others' contexts are taken from the record.
    "an issue's theme": lambda p: p.replace("issues/1/index.md", "שיתופי פעולה", "שיתוף ועזרה"),
    "a neighbouring article's title": lambda p: p.replace(
        "issues/1/neighbour.md", "מאמר שכן", "מאמר שכן ששמו שונה"
    ),
    "an English title": lambda p: p.replace("issues/1/first.en.md", "First article", "Opening"),
    "a paper's team": lambda p: p.replace("position_papers/housing.md", "צוות הדיור", "צוות הבית"),
    "a knowledge page's title": lambda p: p.replace(
        "docs/knowledge/pensions.md", "פנסיה", "פנסיה וביטחון"
    ),
    "a meeting's place": lambda p: p.replace("events/forum.md", "בית העם", "חדר האוכל"),
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


# Beside the small site: an article after the first (each shows the other's card), a page of
# the knowledge base (in every page's navigation) and a meeting.
NEIGHBOURS = {
    "issues/1/neighbour.md": ARTICLE.format(title="מאמר שכן", order=3, text="פסקה של השכן."),
    "docs/knowledge/pensions.md": "---\ntitle: פנסיה\n---\nעל הפנסיה בקיבוץ.\n",
    "events/forum.md": (
        "---\ntitle: פורום הדרום\nkind: forum\nstart: 2026-03-10 18:00\n"
        "location: קיבוץ לדוגמה, בית העם\nregion: south\n---\nמפגש של הפורום.\n"
    ),
}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site built twice, its cache filled (that such a build equals a cold one is
    `test_an_unchanged_site_is_written_from_the_cache`'s first step), and the first site in
    the trash: each change's warm build writes into its files (`run/recycled_site.py`)."""
    root = tmp_path_factory.mktemp("filled") / "circle"
    made = Project(root)
    made.fill()
    for rel, text in NEIGHBOURS.items():
        made.write(rel, text)
    for _ in range(2):
        built = made.maagal("build")
        assert built.code == 0, built.text
    assert list((root / ".cache/maagal/trash").iterdir())
    assert kept_pages(made) > 5
    return root


@pytest.mark.slow
@pytest.mark.parametrize("change", list(CHANGES))
def test_after_each_change_a_warm_build_is_a_cold_one(
    filled: Path, tmp_path: Path, change: str
) -> None:
    project = Project(tmp_path / "circle")
    shutil.copytree(filled, project.root, symlinks=True)  # the filled cache comes along
    CHANGES[change](project)
    warm_equals_cold(project)


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 160, 60)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.slow
def test_a_cover_replaced_by_a_wider_picture_is_shown_by_its_new_copy(project: Project) -> None:
    """The pages show a cover's largest web copy, whose name follows the picture's width: a
    new picture under the old name changes the pages without a word of Markdown changed."""
    for name, alt in (("index.md", "שדה חיטה"), ("index.en.md", "A wheat field")):
        index = (project.root / "issues/1" / name).read_text("utf-8")
        cover = f"---\ncover: cover.png\ncover_alt: {alt}\n"
        project.write(f"issues/1/{name}", index.replace("---\n", cover, 1))
    project.write("issues/1/cover.png", _png(1200, 630))
    warm_equals_cold(project)
    assert "cover.1200w.png" in (project.root / "site/issues/1/first/index.html").read_text()
    project.write("issues/1/cover.png", _png(2400, 1260))
    site = warm_equals_cold(project)
    assert b"cover.1600w.png" in site["issues/1/first/index.html"]


@pytest.mark.slow
def test_a_feed_kept_by_the_cache_takes_in_a_paper_on_its_day(project: Project) -> None:
    """A feed leaves out what is dated after the build's day: the feed kept from yesterday's
    build is not today's, though nothing was written in between."""
    project.write(
        "position_papers/land.md",
        "---\ntitle: קרקע\nteam: צוות הקרקעות\nstatus: adopted\ndate: 2031-03-02\n---\nתקציר.\n",
    )
    day_before, day_of = "1930132800", "1930219200"  # 2031-03-01 and 2031-03-02, 12:00 UTC
    before = warm_equals_cold(project, env={"SOURCE_DATE_EPOCH": day_before})
    assert "קרקע" not in before["papers/feed.xml"].decode()
    after = warm_equals_cold(project, env={"SOURCE_DATE_EPOCH": day_of})
    titles = [entry.title for entry in feedparser.parse(after["papers/feed.xml"]).entries]
    assert "קרקע" in titles


@pytest.mark.slow
def test_a_photo_in_an_excerpt_replaced_by_a_wider_one_is_shown_by_its_new_copy_in_the_feed(
    project: Project,
) -> None:
    """The feeds show an excerpt's photo in a copy named by its width, as the pages do."""
    text = (project.root / "issues/1/first.md").read_text("utf-8")
    project.write(
        "issues/1/first.md", text.replace("פסקה ראשונה.", "פסקה ראשונה.\n\n![שדה](field.png)")
    )
    project.write("issues/1/field.png", _png(800, 600))  # narrower than a feed's 960 pixels
    before = warm_equals_cold(project)
    project.write("issues/1/field.png", _png(2400, 1800))
    after = warm_equals_cold(project)
    assert b"field.960w.png" not in before["feed.xml"]
    assert b"field.960w.png" in after["feed.xml"]


@pytest.mark.slow
def test_the_excerpts_rendered_once_stay_kept_through_a_build_that_took_every_page(
    project: Project,
) -> None:
    """A build that takes every page from the cache renders no excerpt: it keeps those the
    build before rendered, for the next edit (the archive shows every article's excerpt)."""

    def kept_excerpts() -> dict[str, str]:
        first_line = (project.root / ".cache/maagal/parsed-he.json").read_text("utf-8")
        return json.loads(first_line.split("\n", 1)[0])["kept"]["excerpts"]

    assert project.maagal("build").code == 0
    rendered = kept_excerpts()
    assert "פסקה ראשונה." in rendered
    assert project.maagal("build").code == 0
    assert kept_excerpts() == rendered


@pytest.mark.slow
def test_an_unchanged_site_is_written_from_the_cache(project: Project) -> None:
    first = warm_equals_cold(project)
    hebrew_pages = [p for p in first if p.endswith("index.html") and not p.startswith("en/")]
    # and the email edition (and which context it was made from), the theme's page
    # for a missing address and sitemap, and each feed (its RSS and Atom files together)
    feeds = [p for p in first if p.endswith("feed.xml") and not p.startswith("en/")]
    assert kept_pages(project) == len(hebrew_pages) + 2 + 2 + len(feeds)
    # Every kept page replaced by a mark: a build that reuses them writes the marks.
    with sqlite3.connect(project.root / ".cache/maagal/pages-he.sqlite") as db:
        db.execute("UPDATE pages SET page = ?", ("<p>kept</p>",))
    assert project.maagal("build").code == 0
    rebuilt = tree(project.root / "site")
    english_pages = [p for p in first if p.startswith("en/")]
    assert hebrew_pages and english_pages
    assert all(rebuilt[p] == b"<p>kept</p>" for p in hebrew_pages)
    assert rebuilt["404.html"] == rebuilt["sitemap.xml"] == rebuilt["feed.xml"] == b"<p>kept</p>"
    assert rebuilt["en/404.html"] == first["en/404.html"]
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


# What the site's configuration loads: each changed between two builds, a warm build is still
# a cold one. The marks are written into every page, so a page kept from before shows.

EXTENSION = """\
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor


class Mark(Postprocessor):
    def run(self, text):
        return text + "<p>{mark}</p>"


class MarkExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(Mark(md), "mark", 0)


def makeExtension(**kwargs):
    return MarkExtension(**kwargs)
"""
PLUGIN = """\
from mkdocs.plugins import BasePlugin


class MarkPlugin(BasePlugin):
    def on_page_content(self, html, **kwargs):
        return html + "<p>{mark}</p>"
"""
HOOK = 'def on_page_content(html, **kwargs):\n    return html + "<p>{mark}</p>"\n'


def configure(project: Project, replace: str, by: str) -> None:
    text = (project.root / "mkdocs.yml").read_text("utf-8")
    assert replace in text
    project.write("mkdocs.yml", text.replace(replace, by, 1))


def python_path(*folders: Path) -> dict[str, str]:
    """The builds' PYTHONPATH with `folders` first (Maagal is found as the tests find it)."""
    found = os.environ.get("PYTHONPATH")
    return {"PYTHONPATH": os.pathsep.join([*map(str, folders), *([found] if found else [])])}


def install(lib: Path, version: str, mark: str) -> None:
    """A plugin distribution `markplugin` as pip installs it (its .dist-info with a RECORD)."""
    for old in lib.glob("markplugin-*.dist-info"):
        shutil.rmtree(old)
    (lib / "markplugin").mkdir(parents=True, exist_ok=True)
    (lib / "markplugin/__init__.py").write_text(PLUGIN.format(mark=mark))
    info = lib / f"markplugin-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: markplugin\nVersion: {version}\n")
    (info / "entry_points.txt").write_text("[mkdocs.plugins]\nmark = markplugin:MarkPlugin\n")
    (info / "RECORD").write_text(f"markplugin/__init__.py,,\n{info.name}/METADATA,,\n")


@pytest.mark.slow
def test_a_plugin_upgraded_renders_every_page_again(project: Project, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    install(lib, "1.0", "plugin one")
    text = (project.root / "mkdocs.yml").read_text("utf-8")
    project.write("mkdocs.yml", text.rstrip("\n") + "\n  - mark\n")
    env = python_path(lib)
    assert b"plugin one" in warm_equals_cold(project, env)["issues/1/first/index.html"]
    install(lib, "1.1", "plugin two")
    assert b"plugin two" in warm_equals_cold(project, env)["issues/1/first/index.html"]


@pytest.mark.slow
def test_a_markdown_extension_of_the_sites_own_edited(project: Project) -> None:
    project.write("localext.py", EXTENSION.format(mark="extension one"))
    configure(project, "markdown_extensions:\n", "markdown_extensions:\n  - localext\n")
    assert b"extension one" in warm_equals_cold(project)["issues/1/first/index.html"]
    project.write("localext.py", EXTENSION.format(mark="extension two"))
    assert b"extension two" in warm_equals_cold(project)["issues/1/first/index.html"]


@pytest.mark.slow
def test_a_hooks_file_edited(project: Project) -> None:
    project.write("hooks/mark.py", HOOK.format(mark="hook one"))
    text = (project.root / "mkdocs.yml").read_text("utf-8")
    project.write("mkdocs.yml", text.rstrip("\n") + "\n\nhooks:\n  - hooks/mark.py\n")
    assert b"hook one" in warm_equals_cold(project)["issues/1/first/index.html"]
    project.write("hooks/mark.py", HOOK.format(mark="hook two"))
    assert b"hook two" in warm_equals_cold(project)["issues/1/first/index.html"]


@pytest.mark.slow
def test_an_inherited_configuration_edited(project: Project) -> None:
    project.write("base/common.yml", "INHERIT: ../root.yml\n")
    project.write("root.yml", "copyright: parent one\n")
    configure(project, "site_name:", "INHERIT: base/common.yml\nsite_name:")
    assert b"parent one" in warm_equals_cold(project)["issues/1/first/index.html"]
    project.write("root.yml", "copyright: parent two\n")  # the grandparent
    assert b"parent two" in warm_equals_cold(project)["issues/1/first/index.html"]


@pytest.mark.slow
def test_an_environment_variable_the_configuration_reads_changed(project: Project) -> None:
    configure(project, "site_name:", "copyright: !ENV [CIRCLE_FOOTER, none]\nsite_name:")
    first = warm_equals_cold(project, {"CIRCLE_FOOTER": "footer one"})
    assert b"footer one" in first["issues/1/first/index.html"]
    second = warm_equals_cold(project, {"CIRCLE_FOOTER": "footer two"})
    assert b"footer two" in second["issues/1/first/index.html"]


@pytest.mark.slow
def test_new_hebrew_rules_index_the_search_again(project: Project, tmp_path: Path) -> None:
    """A Maagal whose Hebrew forms changed (here: none at all) indexes every part again."""
    import maagal

    warm_equals_cold(project)  # keeps the search parts
    code = tmp_path / "code"
    shutil.copytree(
        Path(maagal.__file__).parent, code / "maagal", ignore=shutil.ignore_patterns("__pycache__")
    )
    rules = code / "maagal/text/hebrew.py"
    text = rules.read_text("utf-8")
    assert "MIN_LETTERS = 2\n" in text
    rules.write_text(text.replace("MIN_LETTERS = 2\n", "MIN_LETTERS = 50\n"), "utf-8")
    warm_equals_cold(project, python_path(code))


@pytest.mark.slow
def test_code_with_no_version_and_no_file_is_not_trusted(project: Project, tmp_path: Path) -> None:
    """An extension imported from a zip file: the build says so and renders every page."""
    archive = tmp_path / "extensions.zip"

    def pack(mark: str) -> None:
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("zipext.py", EXTENSION.format(mark=mark))

    pack("zipped one")
    configure(project, "markdown_extensions:\n", "markdown_extensions:\n  - zipext\n")
    env = python_path(archive)
    warm = project.maagal("build", env=env)
    assert warm.code == 0, warm.text
    assert "without the build cache" in warm.text and "'zipext'" in warm.text
    pack("zipped two")
    assert b"zipped two" in warm_equals_cold(project, env)["issues/1/first/index.html"]


def test_what_identifies_a_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from maagal.cache import build_cache

    install(tmp_path / "lib", "1.0", "one")
    (tmp_path / "own.py").write_text("X = 1\n")
    with zipfile.ZipFile(tmp_path / "zipped.zip", "w") as zipped:
        zipped.writestr("zipped_module.py", "X = 1\n")
    for folder in ("lib", "", "zipped.zip"):
        monkeypatch.syspath_prepend(str(tmp_path / folder))
    build_cache._installed.cache_clear()
    build_cache.module_stamp.cache_clear()
    try:
        assert build_cache.module_stamp("markplugin") == "markplugin==1.0"
        assert build_cache.module_stamp("markdown.extensions.toc").startswith("Markdown==")
        own = build_cache.module_stamp("own")
        assert own is not None and own not in (build_cache.module_stamp("json"), "")
        assert build_cache.module_stamp("zipped_module") is None  # no version, no file
        assert build_cache.module_stamp("no_such_module_here") is None
    finally:
        build_cache._installed.cache_clear()
        build_cache.module_stamp.cache_clear()


def test_the_modules_the_configuration_names_are_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`!!python/name:` in mkdocs.yml imports a module (here a fence's formatter)."""
    from mkdocs.config import load_config

    from maagal.plugin.config_inputs import config_inputs

    (tmp_path / "docs").mkdir()
    (tmp_path / "ownfence.py").write_text("def fence(*args, **kwargs):\n    return ''\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.superfences:\n"
        "      custom_fences:\n        - name: own\n          class: own\n"
        "          format: !!python/name:ownfence.fence\n"
    )
    parts, unknown = config_inputs(load_config(str(config_file)))
    assert unknown == []
    assert any(part.startswith("ownfence ") for part in parts)
    assert any(part.startswith("pymdownx.superfences pymdown-extensions==") for part in parts)


@pytest.mark.slow
def test_the_contexts_record_stands_while_only_a_text_below_the_excerpt_changes(
    project: Project,
) -> None:
    """An edit to an article's text leaves every other page's context as it was: the next
    build takes their digests from the record; a new title makes again the contexts of the
    pages that show it; a new date, every context."""
    record = project.root / ".cache/maagal/contexts-pages-he.json"
    assert project.maagal("build").code == 0
    first = json.loads(record.read_text("utf-8"))
    assert "issues/1/index.md" in first["pages"]
    # The final Markdown's digests are kept with the Markdown's: a kept page's links are not
    # resolved again.
    assert set(first["markdown"]) == set(first["pages"])
    project.append("issues/1/first.md", "\nועוד פסקה בסוף.\n")
    assert project.maagal("build").code == 0
    appended = json.loads(record.read_text("utf-8"))
    assert appended["pages"] == first["pages"]
    changed = {uri for uri, pair in appended["markdown"].items() if pair != first["markdown"][uri]}
    assert changed == {"issues/1/first.md"}
    first = appended
    text = (project.root / "issues/1/first.md").read_text("utf-8")
    project.write("issues/1/first.md", text.replace("פסקה ראשונה.", "פסקה ראשונה וחדשה."))
    assert project.maagal("build").code == 0
    second = json.loads(record.read_text("utf-8"))
    assert second["inputs"] == first["inputs"]
    # The pages that show the excerpt, and no other, made their contexts again.
    remade = {uri for uri, entry in second["pages"].items() if entry != first["pages"][uri]}
    assert {"issues/1/index.md", "issues/1/first.md", "_maagal/topics/cooperation.md"} <= remade
    assert "position_papers/housing.md" not in remade
    assert "_maagal/issues.md" not in remade  # the archive shows issues' tiles, not articles
    assert "issues/1/first" in second["pages"]["issues/1/index.md"][1]
    # A new title: the pages that show it make their contexts again, and no other.
    project.write("issues/1/first.md", text.replace("מאמר ראשון", "מאמר ראשון ויחיד"))
    assert project.maagal("build").code == 0
    third = json.loads(record.read_text("utf-8"))
    assert third["inputs"] == first["inputs"]
    retitled = {uri for uri, entry in third["pages"].items() if entry != second["pages"][uri]}
    assert {"issues/1/index.md", "issues/1/first.md", "_maagal/topics/cooperation.md"} <= retitled
    assert {"position_papers/housing.md", "_maagal/issues.md"}.isdisjoint(retitled)
    # A new date moves the article among the others: every context is made again.
    project.write("issues/1/first.md", text.replace("order: 1", "order: 1\ndate: 2017-11-05"))
    assert project.maagal("build").code == 0
    fourth = json.loads(record.read_text("utf-8"))
    assert fourth["inputs"] != first["inputs"]


@pytest.mark.slow
def test_a_search_part_nothing_changed_in_stays_where_the_older_site_has_it(
    project: Project,
) -> None:
    """An edit to an article indexes the main part again; the papers' part, kept in the build
    cache, stays in the older site the build writes over (`run/recycled_site.py`), none of its
    files linked again (a link changes a file's status time); a kept file written into since
    has the part indexed again."""
    for _ in range(2):  # the site, and the one before it (which the next build writes over)
        warm_equals_cold(project)
    part = project.root / "site/pagefind/papers"
    status = {path: path.stat().st_ctime_ns for path in part.rglob("*") if path.is_file()}
    assert len(status) > 3 and all(path.stat().st_nlink > 1 for path in status)
    project.append("issues/1/first.md", "\nפסקה שנוספה.\n")
    built = warm_equals_cold(project)
    assert "פסקה שנוספה".encode() in built["issues/1/first/index.html"]
    assert {path: path.stat().st_ctime_ns for path in status} == status
    # A kept file written into (through any of its names) is not taken: the part is indexed
    # again, and the site is a cold build's.
    meta = next(path for path in status if path.name.endswith(".pf_meta"))
    meta.write_bytes(meta.read_bytes() + b"\0")
    project.append("issues/1/first.md", "\nועוד אחת.\n")
    warm_equals_cold(project)
