"""The web editor at /admin/ (Sveltia CMS): its page and its configuration, made from the
content contract, never kept by hand.

Every field comes from the front-matter schemas (`load/schema.py`): its widget from its type,
its choices from the schema's words (a paper's status, a meeting's kind, region and status),
whether it is required from the schema. The folders come from the layout, the languages from
the settings, authors, topics and series from the site's own lists, the labels from
`text/i18n.py`. The CMS script itself is the pinned copy in `cms/` (see `cms/VERSION`).
"""

from __future__ import annotations

import hashlib
import html
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
from maagal.text.i18n import cms_label, strings

SCRIPT = "sveltia-cms.js"
SCRIPT_VERSION = "0.221.1"
SCRIPT_SHA256 = "2fc783907e1a4a70783f155cc28435c70b8f79792f2aab75e787984e84aa413a"
TIME_ZONE = "Asia/Jerusalem"
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
        body = {"name": "body", "label": cms_label(self.lang, "body"), "widget": "markdown"}
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
        return {"widget": "image"}
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


def _backend(settings: Settings) -> dict[str, str]:
    """GitHub, the repository named by `editor_repo` (without it the CMS says it is missing)."""
    backend = {"name": "github", "branch": settings.editor_branch}
    return {**backend, "repo": settings.editor_repo} if settings.editor_repo else backend


def cms_config(site: Site, settings: Settings) -> dict[str, Any]:
    """The CMS configuration (`/admin/config.yml`) of the site."""
    return {
        "backend": _backend(settings),
        "publish_mode": "editorial_workflow",
        "media_folder": "",
        "public_folder": "",
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
    """`/admin/index.html`: the pinned, self-hosted script and nothing from elsewhere."""
    lang = settings.default_language
    direction = "rtl" if lang in ("he", "ar", "fa", "yi") else "ltr"
    title = html.escape(settings.name(lang) or "Maagal")
    return (
        "<!doctype html>\n"
        f'<html lang="{lang}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{title}</title>\n</head>\n<body>\n"
        f'<script src="{SCRIPT}"></script>\n</body>\n</html>\n'
    )


def cms_script() -> bytes:
    """The pinned Sveltia CMS script, checked against its hash (an edited copy is refused)."""
    data = resources.files("maagal").joinpath("cms", SCRIPT).read_bytes()
    if hashlib.sha256(data).hexdigest() != SCRIPT_SHA256:
        raise ValueError(f"maagal/cms/{SCRIPT} is not Sveltia CMS {SCRIPT_VERSION} as pinned")
    return data


def admin_files(site: Site, settings: Settings) -> dict[str, str | bytes]:
    """/admin/: its page, its configuration and the CMS script."""
    config = yaml.safe_dump(cms_config(site, settings), allow_unicode=True, sort_keys=False)
    return {
        "admin/index.html": admin_page(settings),
        "admin/config.yml": config,
        f"admin/{SCRIPT}": cms_script(),
    }
