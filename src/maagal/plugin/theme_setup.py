"""Maagal's theme, shipped in the package, layered between the site's overrides and Material."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.theme import Theme

from maagal.plugin.template_cache import use_compiled_templates

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
STYLESHEETS = ["assets/stylesheets/fonts.css", "assets/stylesheets/maagal.css"]
SCRIPTS = ["assets/javascripts/maagal.js"]


def install_theme(config: MkDocsConfig) -> None:
    """Put the package's theme right after the site's `custom_dir` (which still wins) and add
    its stylesheets and script, so that a site needs no copy of them."""
    theme_env = functools.partial(_theme_env, config.theme)
    config.theme.get_env = theme_env  # type: ignore[method-assign]
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        custom = config.theme.custom_dir
        position = 1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0
        dirs.insert(position, str(THEME_DIR))
    if config.theme.get("favicon") in (None, "assets/images/favicon.png"):
        config.theme["favicon"] = "assets/images/favicon.svg"
    if "logo" not in config.theme or not config.theme["logo"]:
        config.theme["logo"] = "assets/images/logo.svg"
    for path in STYLESHEETS:
        if path not in config.extra_css:
            config.extra_css.append(path)
    for path in SCRIPTS:
        if path not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(path)


class _ThemeLoader(jinja2.FileSystemLoader):
    """MkDocs' loader of the theme's folders, listing no hidden file or folder.

    The one caller of `list_templates`, MkDocs' `add_files_from_theme`, leaves out every name
    with a part that starts with a dot; walking Material's 14,000 icons under `.icons/` (which
    templates still load, by name) only to leave them out cost a quarter second per language."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath).replace(os.sep, "/")
                for name in names:
                    if not name.startswith("."):
                        found.add(name if relative == "." else f"{relative}/{name}")
        return sorted(found)


def _theme_env(theme: Theme) -> jinja2.Environment:
    """The build's Jinja environment, as MkDocs makes it, with the loader above and the
    templates this process has compiled already (`template_cache.py`)."""
    env = Theme.get_env(theme)
    env.loader = _ThemeLoader(theme.dirs)
    use_compiled_templates(env)
    return env
