"""A Maagal project on disk: its mkdocs.yml and the plugin settings the commands need.

Reads the settings with plain YAML (MkDocs' own `!!python/name` tags are tolerated), so that
`maagal check` and `maagal new` stay fast and never import MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from maagal.addresses import urls
from maagal.addresses.settings import Settings
from maagal.model.layout import ContentLayout, languages_setting
from maagal.run.errors import MaagalError


class _TolerantLoader(yaml.SafeLoader):
    """Ignores MkDocs' Python tags (`!!python/name:…`, `!ENV`) that only MkDocs resolves."""


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
_TolerantLoader.add_multi_constructor("!", lambda *_: None)


@dataclass(frozen=True)
class Project:
    config_file: Path
    languages: list[str]
    docs_dir: str = "docs"
    site_dir_name: str = "site"
    plugin: dict[str, Any] = field(default_factory=dict)
    site_url: str = ""

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def site_dir(self) -> Path:
        return self.root / self.site_dir_name

    def language_root(self, lang: str) -> str:
        return urls.language_root(lang, self.default_language)

    def settings(self) -> Settings:
        return Settings.from_options(
            self.root, self.plugin, docs_dir=self.docs_dir, site_url=self.site_url
        )

    def layout(self) -> ContentLayout:
        return self.settings().layout


def find_project(config: str | Path | None = None) -> Project:
    path = Path(config) if config else Path.cwd() / "mkdocs.yml"
    if not path.is_file():
        raise MaagalError(
            f"{path}: no mkdocs.yml here — run maagal in the site's folder "
            "or pass --config-file path/to/mkdocs.yml"
        )
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise MaagalError(
            f"{path.name}{line}: not valid YAML: {getattr(error, 'problem', error)}"
            " — check the indentation"
        ) from None
    _refuse_renamed_extensions(path, data.get("markdown_extensions") or [])
    plugin = _plugin_settings(data.get("plugins") or [])
    if plugin is None:
        raise MaagalError(
            f"{path.name}: the maagal plugin is not enabled — add 'plugins: [maagal]' to mkdocs.yml"
        )
    return Project(
        config_file=path.resolve(),
        languages=list(languages_setting(plugin.get("languages"))),
        docs_dir=str(data.get("docs_dir", "docs")),
        site_dir_name=str(data.get("site_dir", "site")),
        plugin=plugin,
        site_url=str(data.get("site_url") or ""),
    )


# Extensions whose module moved, by their old name: a site made before the move names them.
RENAMED_EXTENSIONS = {"maagal.markdown.pullquote": "maagal.text.pullquote"}


def _refuse_renamed_extensions(path: Path, extensions: list[Any] | dict[str, Any]) -> None:
    for item in extensions:  # a list of names or {name: options}, or a mapping
        name = next(iter(item)) if isinstance(item, dict) else item
        if name in RENAMED_EXTENSIONS:
            line = _line_of(path, name)
            raise MaagalError(
                f"{path.name}{line}: the Markdown extension '{name}' has a new name\n"
                f"    fix: write '{RENAMED_EXTENSIONS[name]}' in its place under "
                "markdown_extensions"
            )


def _line_of(path: Path, text: str) -> str:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return f":{number}"
    return ""


def _plugin_settings(plugins: list[Any] | dict[str, Any]) -> dict[str, Any] | None:
    items = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins)
    )
    for name, settings in items:
        if name == "maagal":
            return settings or {}
    return None
