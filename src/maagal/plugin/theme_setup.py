"""Maagal's theme, shipped in the package, layered between the site's overrides and Material."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
STYLESHEETS = ["assets/stylesheets/fonts.css", "assets/stylesheets/maagal.css"]
SCRIPTS = ["assets/javascripts/maagal.js"]


def install_theme(config: MkDocsConfig) -> None:
    """Put the package's theme right after the site's `custom_dir` (which still wins) and add
    its stylesheets and script, so that a site needs no copy of them."""
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
