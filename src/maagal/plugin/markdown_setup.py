"""The Markdown extensions every Maagal site needs, whatever mkdocs.yml lists."""

from __future__ import annotations

from markdown.extensions.toc import slugify_unicode
from mkdocs.config.defaults import MkDocsConfig

from maagal.text.render_markdown import EXTENSIONS, SITE_ONLY

REQUIRED = {name: {**options, **SITE_ONLY.get(name, {})} for name, options in EXTENSIONS.items()}


def configure_markdown(config: MkDocsConfig) -> None:
    for name, options in REQUIRED.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        merged = {**options, **config.mdx_configs.get(name, {})}
        if name == "toc":
            merged["slugify"] = slugify_unicode
        config.mdx_configs[name] = merged
