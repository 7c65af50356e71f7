"""The web editor at /admin/ (Sveltia CMS): its page and its configuration, made from the
content contract, never kept by hand.

Every field comes from the front-matter schemas (`load/schema.py`): its widget from its type,
its choices from the schema's words (a paper's status, a meeting's kind, region and status),
whether it is required from the schema. The folders come from the layout, the languages from
the settings, authors, topics and series from the site's own lists, the labels from
`text/i18n.py`. The CMS script itself is the pinned copy in `cms/` (see `cms/VERSION`).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import types
from importlib import resources
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from maagal.addresses.settings import Settings
from maagal.load.reading import STRUCTURAL
from maagal.load.schema import ArticleMeta, EventMeta, IssueMeta, PageMeta, PaperMeta
from maagal.model.site import Site
from maagal.model.when import ContentDate, EventTime
from maagal.text.i18n import CMS_LABELS, cms_label, strings

SCRIPT = "sveltia-cms.js"
SCRIPT_VERSION = "0.221.1"
SCRIPT_SHA256 = "2fc783907e1a4a70783f155cc28435c70b8f79792f2aab75e787984e84aa413a"
# Every file copied from npm into `cms/` and published under /admin/, pinned by its sha256 (see
# `cms/VERSION`): the script, the chunk it loads from beside itself (`react-dom`, for React
# previews), and the two fonts its interface asks of cdn.jsdelivr.net unless `fonts.css` is there.
VENDORED = {
    SCRIPT: SCRIPT_SHA256,
    "chunks/react-dom.js": "e6834ea4cc69293d31245d76953c635ea37783aa5598eb375ea41845cb5e7af6",
    "fonts/source-sans-3-latin-wght-normal.woff2": (
        "7a19a7027e125257d310c6dbd78ae3a30b5ea1e3794d60b12bb28227a003bfda"
    ),
    "fonts/material-symbols-outlined-latin-wght-normal.woff2": (
        "98db9feefa170bf76e9c19d19af6dd62054165efc89c4b506c361e069719e884"
    ),
}
# Maagal's own files beside them: the fonts' rules and licences, and the empty module the import
# map gives in place of unpkg.com's libraries.
OFFLINE_MODULE = "offline-module.js"
OWN = (
    "fonts.css",
    OFFLINE_MODULE,
    "fonts/LICENSE-SourceSans3-OFL.txt",
    "fonts/LICENSE-MaterialSymbolsOutlined.txt",
)
# The id of the <style> in which Sveltia's interface (@sveltia/ui 0.77.0) puts its @font-face
# rules with cdn.jsdelivr.net's addresses; Svelte adds it only if no element in <head> has the id.
FONT_STYLE_ID = "svelte-zc2rtw"
# Maagal's additions (editor components, the preview's stylesheets), after the CMS script.
ADDITIONS = "maagal-cms.js"
RIGHT_TO_LEFT = ("he", "ar", "fa", "yi")
# The rich text's components: Sveltia's code block, and Maagal's furniture and picture (whose
# description is required) in place of Sveltia's picture (whose description is not).
EDITOR_COMPONENTS = ["code-block", "pullquote", "figure", "picture"]
# A picture is a file beside the document (never an address elsewhere, which `maagal check`
# refuses), in a kind the site publishes (a phone's HEIC is not one).
PICTURE = {
    "widget": "image",
    "choose_url": False,
    "accept": "image/jpeg,image/png,image/webp,image/gif,image/svg+xml",
}
# The libraries Sveltia loads with `import()` from unpkg.com (the code highlighter, Shiki, when a
# text with a code block opens; a map; a HEIC converter) are sent by the page's import map to the
# site's own empty module (the highlighter: Sveltia then shows code as plain text) or, for any
# other address there, to a missing file of the site. Either way the request stays on the site.
SHIKI_ENGINE = "https://unpkg.com/@sveltia/ui@0.77.0/dist/shiki-engine.js"
IMPORT_MAP = json.dumps(
    {"imports": {SHIKI_ENGINE: f"./{OFFLINE_MODULE}", "https://unpkg.com/": "./offline/"}},
    separators=(",", ":"),
)
_IMPORT_MAP_HASH = base64.b64encode(hashlib.sha256(IMPORT_MAP.encode()).digest()).decode()
# What the page may ask for: its own files, and GitHub's API (the repository). Sveltia's checks
# for a new version (unpkg.com) and of GitHub's status (www.githubstatus.com) are refused by the
# browser before they leave; a user's picture from avatars.githubusercontent.com is not shown.
# The one inline script allowed is the import map, by its hash.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        f"script-src 'self' 'sha256-{_IMPORT_MAP_HASH}'",
        "style-src 'self' 'unsafe-inline' blob:",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' blob: data: https://api.github.com",
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    )
)
EVENT_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$"
# Fields that are a key into one of the site's lists, or a link: the same in every language.
_SHARED = (*STRUCTURAL, "kind", "series", "start", "end", "region", "registration", "draft")
# The words a choice's value is shown by, in `text/i18n.py`'s STRINGS.
_CHOICE_WORDS = {"status": "status_", "kind": "kind_", "region": "region_"}
_EVENT_STATUS_WORDS = {"scheduled": "", "cancelled": "cancelled", "postponed": "postponed"}


def _choices(annotation: Any) -> tuple[str, ...]:
    """The words a `Literal[...] | None` field allows, or () for any other field."""
    if get_origin(annotation) is Literal:
        return tuple(str(a) for a in get_args(annotation))
    if get_origin(annotation) in (Union, types.UnionType):
        return next((c for a in get_args(annotation) if (c := _choices(a))), ())
    return ()


class _Fields:
    """The CMS fields of one schema, in the site's default language."""

    def __init__(self, site: Site, settings: Settings) -> None:
        self.site, self.lang = site, settings.default_language
        self.words = strings(self.lang)

    def named(self, key: str, value: str) -> dict[str, str]:
        return {"label": value or key, "value": key}

    def registry(self, name: str) -> list[dict[str, str]]:
        """Authors, topics or series: shown by name, stored by key."""
        if name == "authors":
            return [self.named(k, a.name.get(self.lang, "")) for k, a in self.site.authors.items()]
        found = self.site.topics if name == "topics" else self.site.series
        return [self.named(k, item.label.get(self.lang, "")) for k, item in found.items()]

    def choice_label(self, schema: type[BaseModel], name: str, value: str) -> str:
        if schema is EventMeta and name == "status":
            key = _EVENT_STATUS_WORDS.get(value, "")
            return self.words.get(key, value) if key else value
        return self.words.get(_CHOICE_WORDS.get(name, "") + value, value)

    def widget(self, schema: type[BaseModel], name: str, info: FieldInfo) -> dict[str, Any]:
        """The widget and its options for one field, from its type."""
        choices = _choices(info.annotation)
        if choices:
            options = [{"label": self.choice_label(schema, name, c), "value": c} for c in choices]
            return {"widget": "select", "options": options}
        if name in ("authors", "topics", "series"):
            multiple = name != "series"
            return {"widget": "select", "multiple": multiple, "options": self.registry(name)}
        if name == "supersedes":
            return {
                "widget": "relation",
                "collection": "papers",
                "value_field": "{{slug}}",
                "display_fields": ["title"],
                "search_fields": ["title"],
            }
        return _by_type(schema, name, info)

    def field(self, schema: type[BaseModel], name: str, info: FieldInfo) -> dict[str, Any]:
        field: dict[str, Any] = {"name": name, "label": cms_label(self.lang, name)}
        field |= self.widget(schema, name, info)
        field["required"] = info.is_required()
        field["i18n"] = "duplicate" if name in _SHARED else True
        return field

    def of(self, schema: type[BaseModel]) -> list[dict[str, Any]]:
        fields = [self.field(schema, n, i) for n, i in schema.model_fields.items()]
        body = {
            "name": "body",
            "label": cms_label(self.lang, "body"),
            "widget": "markdown",
            "editor_components": EDITOR_COMPONENTS,
        }
        return [*fields, {**body, "i18n": True}]


def _base(annotation: Any) -> Any:
    """`int | None` is int; `Annotated[str, …]` (a schema's checked text) is str."""
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _by_type(schema: type[BaseModel], name: str, info: FieldInfo) -> dict[str, Any]:
    """A field with no choices: its widget from its type (and its name for pictures)."""
    base = _base(info.annotation)
    if base is bool:
        return {"widget": "boolean", "default": False}
    if base is int:
        return {"widget": "number", "value_type": "int"}
    if base is EventTime:
        # A day, or a day and a time, in Israel's time: typed as text, because Sveltia's
        # datetime widget gives every value a time (a day-long meeting, `start: 2027-03-25`,
        # came back as `2027-03-25 02:00`, midnight UTC in Jerusalem).
        return {"widget": "string", "pattern": [EVENT_TIME_PATTERN, "YYYY-MM-DD HH:mm"]}
    if base is ContentDate and schema is IssueMeta:  # an issue's month, or its day
        return {"widget": "string", "pattern": [r"^\d{4}-\d{2}(-\d{2})?$", "YYYY-MM"]}
    if base is ContentDate:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "time_format": False}
    if name == "cover":
        return dict(PICTURE)
    return {"widget": "string"}


def _collection(
    name: str, label: str, one: str, folder: str, fields: list[dict[str, Any]], **more: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "label_singular": one,
        "folder": folder,
        "fields": fields,
        "create": True,
        "i18n": True,
        # Pictures beside the document, linked by their own name.
        "media_folder": "",
        "public_folder": "",
        # A new document's file name is typed by the editor (the "Slug" box), not made from
        # its Hebrew title: `maagal check` refuses a name that is not ASCII.
        "slug": {"template": "{{fields._slug}}", "editable": ["create"]},
        **more,
    }


def _issue_collections(site: Site, settings: Settings, fields: _Fields) -> list[dict[str, Any]]:
    """Issues (a new one in the next number's folder), then each issue's articles."""
    layout, lang = settings.layout, settings.default_language
    issues = _collection(
        "issues",
        cms_label(lang, "col_issues"),
        cms_label(lang, "col_issue"),
        layout.issues_dir,
        fields.of(IssueMeta),
        path="{{slug}}/index",
        slug={"template": str(_next_issue(site)), "editable": ["create"]},
    )
    result = [issues]
    for issue in site.issues:
        article_fields = fields.of(ArticleMeta)
        order = max((a.order or 0 for a in issue.articles), default=0) + 1
        for field in article_fields:
            if field["name"] == "order":
                field["default"] = order  # a new article goes after the last one
        articles = _collection(
            f"articles-{issue.number}",
            cms_label(lang, "col_articles").format(n=issue.number),
            cms_label(lang, "col_article"),
            f"{layout.issues_dir}/{issue.number}",
            article_fields,
            # the issue's own index.md is its page, not one of its articles
            index_file={"name": "index", "fields": fields.of(IssueMeta)},
        )
        result.append(articles)
    return result


def collections(site: Site, settings: Settings) -> list[dict[str, Any]]:
    """Issues, each issue's articles, position papers, knowledge base, events, site pages."""
    layout, lang = settings.layout, settings.default_language
    fields = _Fields(site, settings)
    docs = layout.docs_dir
    others = (
        ("papers", "col_papers", "col_paper", layout.papers_dir, PaperMeta),
        ("knowledge", "col_knowledge", "col_knowledge_one", f"{docs}/knowledge", PageMeta),
        ("events", "col_events", "col_event", layout.events_dir, EventMeta),
        ("pages", "col_pages", "col_page", docs, PageMeta),
    )
    return [
        *_issue_collections(site, settings, fields),
        *(
            _collection(name, cms_label(lang, many), cms_label(lang, one), folder, fields.of(kind))
            for name, many, one, folder, kind in others
        ),
    ]


def _next_issue(site: Site) -> int:
    return max((issue.number for issue in site.issues), default=0) + 1


def _backend(settings: Settings) -> dict[str, Any]:
    """GitHub, the repository named by `editor_repo` (without it the CMS says it is missing),
    signed in through the authenticator at `editor_auth_url` when there is one; without one,
    with a token only (Sveltia would send "Sign In with GitHub" to Netlify's service, which
    serves only sites on Netlify: a button that fails, so it is not shown)."""
    backend: dict[str, Any] = {"name": "github", "branch": settings.editor_branch}
    if settings.editor_auth_url:
        backend["base_url"] = settings.editor_auth_url
    else:
        backend["auth_methods"] = ["token"]
    return {**backend, "repo": settings.editor_repo} if settings.editor_repo else backend


def cms_config(site: Site, settings: Settings) -> dict[str, Any]:
    """The CMS configuration (`/admin/config.yml`) of the site."""
    return {
        "backend": _backend(settings),
        "publish_mode": "editorial_workflow",
        "media_folder": "",
        "public_folder": "",
        # Uploaded pictures keep their name with its spaces and the like made dashes (a space
        # in a picture's name is refused by `maagal check`); no stock-photo search.
        "media_libraries": {
            "default": {"config": {"slugify_filename": True}},
            "stock_assets": False,
        },
        "site_url": settings.site_url,
        # An optional field left empty is not written (else `id: ''` and `date: ''`, which
        # `maagal check` refuses, in every file the editor saves).
        "output": {"omit_empty_optional_fields": True},
        "app_title": settings.name(settings.default_language),
        "i18n": {
            "structure": "multiple_files",
            "locales": list(settings.languages),
            "default_locale": settings.default_language,
            "omit_default_locale_from_file_path": True,
            # Only the default language is written unless an editor turns a translation on.
            "initial_locales": "default",
        },
        "collections": collections(site, settings),
    }


def admin_page(settings: Settings) -> str:
    """`/admin/index.html`: the pinned, self-hosted script, its fonts, and nothing from
    elsewhere (the Content-Security-Policy lets it ask only the site and GitHub's API)."""
    lang = settings.default_language
    direction = "rtl" if lang in RIGHT_TO_LEFT else "ltr"
    title = html.escape(settings.name(lang) or "Maagal")
    return (
        "<!doctype html>\n"
        f'<html lang="{lang}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f'<link rel="stylesheet" href="fonts.css" id="{FONT_STYLE_ID}">\n'
        f'<script type="importmap">{IMPORT_MAP}</script>\n'
        f"<title>{title}</title>\n</head>\n<body>\n"
        f'<script src="{SCRIPT}"></script>\n<script src="{ADDITIONS}"></script>\n'
        "</body>\n</html>\n"
    )


def additions_script(settings: Settings) -> str:
    """`/admin/maagal-cms.js`: `cms/maagal-cms.js` under the words it shows, in the site's
    language, and the languages written right to left."""
    lang = settings.default_language
    labels = {k: cms_label(lang, k) for k in CMS_LABELS["en"] if k.startswith("cmp_")}
    data = json.dumps(
        {"labels": labels, "rtl": list(RIGHT_TO_LEFT), "picture": PICTURE}, ensure_ascii=False
    )
    script = resources.files("maagal").joinpath("cms", ADDITIONS).read_text(encoding="utf-8")
    return f"const MAAGAL = {data};\n{script}"


def vendored(rel: str) -> bytes:
    """A file copied from npm into `cms/`, checked against its pinned hash (an edited or
    replaced copy is refused)."""
    data = resources.files("maagal").joinpath("cms", rel).read_bytes()
    if hashlib.sha256(data).hexdigest() != VENDORED[rel]:
        raise ValueError(
            f"maagal/cms/{rel} is not the file pinned for Sveltia CMS {SCRIPT_VERSION}"
        )
    return data


def cms_script() -> bytes:
    """The pinned Sveltia CMS script."""
    return vendored(SCRIPT)


def admin_files(site: Site, settings: Settings) -> dict[str, str | bytes]:
    """/admin/: its page, its configuration, the CMS script and what it loads from beside it."""
    config = yaml.safe_dump(cms_config(site, settings), allow_unicode=True, sort_keys=False)
    own = resources.files("maagal").joinpath("cms")
    return {
        "admin/index.html": admin_page(settings),
        "admin/config.yml": config,
        f"admin/{ADDITIONS}": additions_script(settings),
        **{f"admin/{rel}": vendored(rel) for rel in VENDORED},
        **{f"admin/{rel}": own.joinpath(rel).read_bytes() for rel in OWN},
    }
