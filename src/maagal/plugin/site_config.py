"""MkDocs' configuration for the language one build renders: names, address, theme, Markdown."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from maagal.addresses import urls
from maagal.addresses.output_folder import FIX, output_problem
from maagal.addresses.settings import Settings
from maagal.load.files import check_links
from maagal.model.site import direction
from maagal.plugin.config import MaagalConfig
from maagal.plugin.markdown_setup import configure_markdown
from maagal.plugin.theme_setup import install_theme
from maagal.run.errors import Report
from maagal.run.options import RunOptions
from maagal.text.i18n import strings


def read_settings(
    options: MaagalConfig, config: MkDocsConfig, include_drafts: bool = False
) -> Settings:
    """The plugin's options and MkDocs' site-wide ones as Maagal's plain settings."""
    settings = Settings.from_options(
        Path(config.config_file_path).parent,
        dict(options),
        docs_dir=config.docs_dir,
        site_url=config.site_url or "",
        site_name=config.site_name,
    )
    if include_drafts:
        settings = dataclasses.replace(settings, include_drafts=True)
    return settings


def build_language(options: MaagalConfig, settings: Settings, chosen: str | None) -> str:
    """The language this build renders: the run's (`maagal build` chooses one per process),
    else the plugin's `language`, else the first language."""
    languages = settings.languages
    lang = chosen or options.language or languages[0]
    if lang not in languages:
        raise PluginError(f"language '{lang}' is not one of {', '.join(languages)}")
    return lang


def configure_language(config: MkDocsConfig, settings: Settings, lang: str) -> None:
    """Set MkDocs and Material up to render the site in `lang`."""
    config.theme["language"] = lang
    config.theme["direction"] = direction(lang)
    # Material prints these raw into HTML: a title like צה"ל would break an attribute.
    config.site_name = str(escape(settings.name(lang)))
    if settings.descriptions:
        description = settings.description(lang) or config.site_description
        config.site_description = str(escape(description or ""))
    if settings.site_url:
        config.site_url = urls.absolute(
            settings.site_url, urls.language_root(lang, settings.default_language)
        )
    config.extra["alternate"] = [{"lang": code} for code in settings.languages]
    config.validation.nav.omitted_files = logging.DEBUG
    configure_markdown(config)
    install_theme(config)
    _localize_palette(config, lang)


def _localize_palette(config: MkDocsConfig, lang: str) -> None:
    t = strings(lang)
    for option in config.theme["palette"] or []:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if toggle:
            toggle["name"] = t["to_dark"] if option.get("scheme") == "default" else t["to_light"]


def refuse_output(config: MkDocsConfig, settings: Settings, options: RunOptions) -> None:
    """A plain `mkdocs build` asks too: never a site over the project or one of its folders
    (MkDocs itself only refuses a `site_dir` inside `docs_dir` or around it)."""
    root = settings.layout.root
    cache = options.cache_root(root)
    site_dir = Path(config.site_dir)
    why = output_problem(site_dir, root, settings.layout.folders, [cache] if cache else [])
    if why is not None:
        raise PluginError(
            f"mkdocs.yml: the site cannot be written to {site_dir} (site_dir): {why} — {FIX}"
        )


def check_theme_links(config: MkDocsConfig, root: Path, report: Report) -> None:
    """The site's own theme folder (`overrides/`) is published as it stands: a link in it to
    a file outside the project is refused as one in the content is."""
    custom = config.theme.custom_dir
    if custom and Path(custom).resolve().is_relative_to(root.resolve()):
        check_links(root, [os.path.relpath(Path(custom).resolve(), root.resolve())], (), report)
