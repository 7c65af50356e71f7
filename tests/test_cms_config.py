"""The web editor at /admin/: its configuration made from the content contract, its page
loading the pinned Sveltia CMS from the site itself."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from pydantic import create_model

from conftest import REPO, Project, html
from maagal.addresses.project import find_project
from maagal.load import schema
from maagal.load.site_loader import load_site
from maagal.model.documents import EVENT_KINDS, REGIONS
from maagal.outputs import cms_config
from maagal.text.i18n import CMS_LABELS

SCHEMAS = {
    "issues": schema.IssueMeta,
    "articles-4": schema.ArticleMeta,
    "papers": schema.PaperMeta,
    "knowledge": schema.PageMeta,
    "events": schema.EventMeta,
    "pages": schema.PageMeta,
}


@pytest.fixture(scope="module")
def repo_site() -> Any:
    found = find_project(REPO / "mkdocs.yml")
    site, report = load_site(found.layout())
    assert not report, report.format()
    return site, found.settings()


@pytest.fixture(scope="module")
def config(repo_site: Any) -> dict[str, Any]:
    site, settings = repo_site
    written = cms_config.admin_files(site, settings)["admin/config.yml"]
    assert isinstance(written, str)
    return yaml.safe_load(written)


def _collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


def _field(collection: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in collection["fields"] if f["name"] == name)


def test_collections_are_the_sites_folders(config: dict[str, Any]) -> None:
    folders = {c["name"]: c["folder"] for c in config["collections"]}
    assert folders == {
        "issues": "issues",
        **{f"articles-{n}": f"issues/{n}" for n in (4, 3, 2, 1)},
        "papers": "position_papers",
        "knowledge": "docs/knowledge",
        "events": "events",
        "pages": "docs",
    }
    issues = _collection(config, "issues")
    assert issues["path"] == "{{slug}}/index"
    assert issues["slug"]["template"] == "5"  # the next issue's folder
    articles = _collection(config, "articles-4")
    assert articles["index_file"]["name"] == "index"  # the issue's own page is not an article
    # The next place in issue 4: one after its last article's `order`.
    assert _field(articles, "order")["default"] == 1 + max(
        int(yaml.safe_load(p.read_text().split("---")[1]).get("order", 0))
        for p in (REPO / "issues/4").glob("*.md")
        if p.name != "index.md" and not p.name.endswith(".en.md")
    )
    for collection in config["collections"]:  # pictures beside the document
        assert collection["media_folder"] == "" and collection["public_folder"] == ""


def test_every_schema_field_is_offered_with_its_requirement(config: dict[str, Any]) -> None:
    for name, model in SCHEMAS.items():
        fields = {f["name"]: f for f in _collection(config, name)["fields"]}
        assert list(fields) == [*model.model_fields, "body"], name
        for field_name, info in model.model_fields.items():
            assert fields[field_name]["required"] is info.is_required(), (name, field_name)
        assert fields["body"]["widget"] == "markdown"


def test_a_field_added_to_a_schema_reaches_the_editor(
    repo_site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, settings = repo_site
    wider = create_model("WiderPaper", __base__=schema.PaperMeta, reviewer=(str | None, None))
    monkeypatch.setattr(cms_config, "PaperMeta", wider)
    papers = _collection(cms_config.cms_config(site, settings), "papers")
    assert _field(papers, "reviewer") == {
        "name": "reviewer",
        "label": "reviewer",
        "widget": "string",
        "required": False,
        "i18n": True,
    }


def test_widgets_follow_the_fields_types(config: dict[str, Any]) -> None:
    def widget(collection: str, field: str) -> str:
        return _field(_collection(config, collection), field)["widget"]

    assert widget("articles-4", "order") == "number"
    assert widget("articles-4", "draft") == "boolean"
    assert widget("articles-4", "date") == "datetime"
    assert widget("issues", "date") == "string"  # an issue's month: 2017-11
    assert widget("issues", "cover") == "image"
    assert widget("events", "end") == "string"  # a day, or a day and a time: checked by pattern
    assert widget("papers", "team") == "string"


def test_choices_are_the_schemas_words(config: dict[str, Any]) -> None:
    def values(collection: str, field: str) -> list[str]:
        return [o["value"] for o in _field(_collection(config, collection), field)["options"]]

    assert values("papers", "status") == ["working-draft", "discussion", "adopted", "superseded"]
    assert values("events", "kind") == list(EVENT_KINDS)
    assert values("events", "region") == list(REGIONS)
    assert values("events", "status") == ["scheduled", "cancelled", "postponed"]
    kinds = _field(_collection(config, "events"), "kind")["options"]
    assert {"label": "יום עיון", "value": "study-day"} in kinds  # shown in Hebrew


def test_authors_topics_and_series_are_offered_by_name_stored_by_key(
    config: dict[str, Any],
) -> None:
    authors = yaml.safe_load((REPO / "authors.yml").read_text())["authors"]
    topics = yaml.safe_load((REPO / "topics.yml").read_text())
    series = yaml.safe_load((REPO / "events/series.yml").read_text())
    for collection, name, registry in (
        ("articles-4", "authors", {k: v["name"]["he"] for k, v in authors.items()}),
        ("papers", "topics", {k: v["he"] for k, v in topics.items()}),
        ("events", "series", {k: v["he"] for k, v in series.items()}),
    ):
        field = _field(_collection(config, collection), name)
        assert field["widget"] == "select"
        assert {o["value"]: o["label"] for o in field["options"]} == registry
    assert _field(_collection(config, "articles-4"), "authors")["multiple"] is True
    supersedes = _field(_collection(config, "papers"), "supersedes")
    assert (supersedes["widget"], supersedes["collection"]) == ("relation", "papers")
    assert supersedes["value_field"] == "{{slug}}"  # as `supersedes: classification-2005`


def test_hebrew_first_english_optional(config: dict[str, Any]) -> None:
    assert config["i18n"] == {
        "structure": "multiple_files",
        "locales": ["he", "en"],
        "default_locale": "he",
        "omit_default_locale_from_file_path": True,  # name.md and name.en.md
        "initial_locales": "default",  # no English file unless an editor turns it on
    }
    article = _collection(config, "articles-4")
    assert _field(article, "title")["i18n"] is True
    assert _field(article, "authors")["i18n"] == "duplicate"  # the same in both files
    assert _field(article, "title")["label"] == "כותרת"
    start = _field(_collection(config, "events"), "start")
    assert start["pattern"][0] == cms_config.EVENT_TIME_PATTERN  # a day, or a time in Israel
    assert config["publish_mode"] == "editorial_workflow"


def test_every_field_has_a_label_in_every_language() -> None:
    names = {n for model in SCHEMAS.values() for n in model.model_fields} | {"body"}
    for lang, labels in CMS_LABELS.items():
        assert names <= set(labels), (lang, names - set(labels))


def test_the_rich_text_offers_the_furniture_in_the_sites_language(
    config: dict[str, Any], repo_site: Any
) -> None:
    for collection in config["collections"]:
        body = _field(collection, "body")
        assert body["editor_components"] == ["code-block", "pullquote", "figure", "picture"]
    _, settings = repo_site
    script = cms_config.additions_script(settings)
    first, rest = script.split("\n", 1)
    assert first.startswith("const MAAGAL = ") and first.endswith(";")
    words = json.loads(first.removeprefix("const MAAGAL = ").removesuffix(";"))
    assert words["labels"]["cmp_pullquote"] == "ציטוט מודגש"
    assert "he" in words["rtl"]
    # Every word the components show, in every language; each one the script uses is given.
    keys = {k for k in CMS_LABELS["en"] if k.startswith("cmp_")}
    assert all(keys <= set(labels) for labels in CMS_LABELS.values())
    assert set(re.findall(r"words\.(cmp_\w+)", rest)) == keys == set(words["labels"])
    english = dataclasses.replace(
        settings, layout=dataclasses.replace(settings.layout, languages=("en", "he"))
    )
    assert "Pull quote" in cms_config.additions_script(english)


def test_pictures_are_files_beside_the_document(config: dict[str, Any]) -> None:
    cover = _field(_collection(config, "issues"), "cover")
    assert cover["choose_url"] is False  # no address of another site
    assert set(cover["accept"].split(",")) == {
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/gif",
        "image/svg+xml",
    }
    libraries = config["media_libraries"]
    assert libraries["default"]["config"]["slugify_filename"] is True  # no space in a name
    assert libraries["stock_assets"] is False


def test_the_backend_is_the_configured_repository(repo_site: Any) -> None:
    site, settings = repo_site
    assert "repo" not in cms_config.cms_config(site, settings)["backend"]
    named = dataclasses.replace(settings, editor_repo="circle/site", editor_branch="pages")
    assert cms_config.cms_config(site, named)["backend"] == {
        "name": "github",
        "branch": "pages",
        "auth_methods": ["token"],  # no authenticator: "Sign In with GitHub" would fail
        "repo": "circle/site",
    }


def test_the_vendored_files_are_the_pinned_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    cms = Path(cms_config.__file__).parent.parent / "cms"
    script = cms / cms_config.SCRIPT
    assert hashlib.sha256(script.read_bytes()).hexdigest() == cms_config.SCRIPT_SHA256
    assert cms_config.cms_script() == script.read_bytes()
    for rel, pinned in cms_config.VENDORED.items():
        assert hashlib.sha256((cms / rel).read_bytes()).hexdigest() == pinned, rel
    # A copy that is not the pinned one is refused, whichever file it is.
    monkeypatch.setitem(cms_config.VENDORED, "chunks/react-dom.js", "0" * 64)
    with pytest.raises(ValueError, match=r"chunks/react-dom\.js is not the file pinned"):
        cms_config.vendored("chunks/react-dom.js")


def test_the_admin_page_asks_nothing_of_other_hosts(repo_site: Any) -> None:
    site, settings = repo_site
    named = dataclasses.replace(settings, editor_repo="circle/site")
    files = cms_config.admin_files(site, named)
    page = BeautifulSoup(str(files["admin/index.html"]), "html.parser")
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["connect-src"] == "'self' blob: data: https://api.github.com"
    # The one inline script allowed, by its hash, is the import map; it sends what Sveltia would
    # import from unpkg.com (its code highlighter) to the site's own files.
    inline = page.find_all("script", src=False)
    assert [script["type"] for script in inline] == ["importmap"]
    digest = base64.b64encode(hashlib.sha256(inline[0].string.encode()).digest()).decode()
    assert directives["script-src"] == f"'self' 'sha256-{digest}'"
    imports = json.loads(inline[0].string)["imports"]
    assert set(imports) == {cms_config.SHIKI_ENGINE, "https://unpkg.com/"}
    assert all(target.startswith("./") for target in imports.values())
    assert f"admin/{imports[cms_config.SHIKI_ENGINE][2:]}" in files
    others = [v for k, v in directives.items() if k != "connect-src"]
    assert not [v for v in others if "http" in v]  # GitHub's API is the only other host
    # The fonts' rules are in <head> under the id of the <style> Sveltia would add, and every
    # file they name is published beside them.
    link = page.find("link", rel="stylesheet")
    assert (link["href"], link["id"]) == ("fonts.css", cms_config.FONT_STYLE_ID)
    fonts_css = files["admin/fonts.css"]
    assert isinstance(fonts_css, bytes)
    named_files = re.findall(r"url\(([^)]+)\)", fonts_css.decode())
    assert named_files and all(f"admin/{f}" in files for f in named_files)
    assert "//" not in fonts_css.decode().split("*/", 1)[1]  # no address of another host


@pytest.mark.slow
def test_build_writes_the_admin_page_with_the_self_hosted_script(project: Project) -> None:
    result = project.maagal("build")
    assert result.code == 0, result.text
    assert not (project.root / "site" / "admin").exists()  # no repository named: no editor
    config_file = project.root / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace(
            "  - maagal:\n", "  - maagal:\n      editor_repo: circle/site\n", 1
        ),
        encoding="utf-8",
    )
    result = project.maagal("build")
    assert result.code == 0, result.text
    admin = project.root / "site" / "admin"
    page = html(admin / "index.html")
    assert (page.html["lang"], page.html["dir"]) == ("he", "rtl")
    scripts = page.find_all("script", src=True)
    assert [s["src"] for s in scripts] == ["sveltia-cms.js", "maagal-cms.js"]
    # No script in the page itself: the one inline element is the import map (data).
    inline = [s for s in page.find_all("script") if s.string]
    assert [s["type"] for s in inline] == ["importmap"]
    assert not [t for t in page.find_all(href=True) if "//" in t["href"]]  # nothing external
    assert (admin / "sveltia-cms.js").read_bytes() == cms_config.cms_script()
    config = yaml.safe_load((admin / "config.yml").read_text())
    assert config["i18n"]["default_locale"] == "he"
    assert (project.root / "site" / "en" / "index.html").exists()
    assert not (project.root / "site" / "en" / "admin").exists()  # one editor for the site
