"""One language of a site built by MkDocs in this process: the engine's entry point.

`maagal build` and `maagal serve` call it in worker processes (one per language); it turns
what MkDocs logs or raises into a `LanguageResult` in the editor's words, never a traceback.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from maagal.cache.build_cache import read_code_stamps
from maagal.plugin import template_cache
from maagal.run.collector import freeze_loaded
from maagal.run.errors import Report
from maagal.run.options import RunOptions, quiet_engine

# What every language's build imports: a parent that imports it once before forking its
# language workers spares each of them a second of importing the same modules.
ENGINE_MODULES = (
    "mkdocs.commands.build",
    "mkdocs.config.defaults",
    "mkdocs.structure.pages",
    "mkdocs.utils.templates",
    "material.templates",
    "markdown.extensions.attr_list",
    "markdown.extensions.footnotes",
    "markdown.extensions.tables",
    "markdown.extensions.toc",
    "pymdownx.blocks.caption",
    "pymdownx.blocks.html",
    "maagal.plugin.plugin",
)


def preload_engine(cache_keys: bool = False) -> None:
    """Import MkDocs, Material and the plugin now (before `fork`), quietly; with `cache_keys`,
    also read what the build cache's keys say of the installed code."""
    quiet_engine()
    for name in ENGINE_MODULES:
        importlib.import_module(name)
    if cache_keys:
        read_code_stamps()
    template_cache.take_installed()  # once here, for every (forked) worker
    freeze_loaded()  # what every worker shares: never walked by their collectors, nor copied


class _Collect(logging.Handler):
    """Keeps warnings and errors of a build, to report them once, in the editor's words."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass
class LanguageResult:
    """How one language's build went: nothing in either field means it succeeded."""

    problems: list[str] = field(default_factory=list)
    content: Report | None = None  # mistakes in the content, found while loading it
    notes: list[str] = field(default_factory=list)  # what the build left out, and why


def run_mkdocs_build(
    config_file: str,
    lang: str,
    site_dir: str,
    serve_url: str | None,
    options: RunOptions,
    keep: Callable[[Any], None] | None = None,
) -> LanguageResult:
    """Build one language into `site_dir` in this process; `keep` receives the MkDocs config."""
    quiet_engine()
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    collect = _Collect()
    logger.addHandler(collect)
    try:
        return _build(config_file, lang, site_dir, serve_url, options, keep, collect)
    finally:
        logger.removeHandler(collect)


def _build(
    config_file: str,
    lang: str,
    site_dir: str,
    serve_url: str | None,
    options: RunOptions,
    keep: Callable[[Any], None] | None,
    collect: _Collect,
) -> LanguageResult:
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from maagal.plugin.plugin import ContentProblems

    config = None
    try:
        config = load_config(config_file, site_dir=site_dir)
        _hand_options(config, options.but(language=lang))
        if keep is not None:
            keep(config)
        mkdocs_build.build(config, serve_url=serve_url)
    except ContentProblems as problems:
        return LanguageResult(content=problems.report)
    except (Abort, ConfigurationError) as error:
        # MkDocs logs a plugin's error and raises its own Abort ("Aborted with a BuildError!"):
        # the content's report is taken from the plugin, to be printed once, as it stands.
        report = _content_problems(config)
        if report is not None:
            return LanguageResult(content=report)
        return LanguageResult([*collect.messages, str(error)])
    except Exception as error:  # a bug, not an editor's mistake: still no traceback
        return LanguageResult(
            [*collect.messages, f"internal error while building '{lang}': {error!r}"]
        )
    plugin = config.plugins.get("maagal")
    return LanguageResult(collect.messages, notes=list(getattr(plugin, "notes", [])))


def _hand_options(config: Any, options: RunOptions) -> None:
    """The run's options, to the plugin before its first event (`on_config`)."""
    plugin = config.plugins.get("maagal")
    if plugin is not None:
        plugin.run_options = options


def _content_problems(config: Any) -> Report | None:
    plugin = config.plugins.get("maagal") if config is not None else None
    return getattr(plugin, "content_problems", None)
