"""The Markdown extensions every Maagal site needs, whatever mkdocs.yml lists."""

from __future__ import annotations

from markdown.extensions.toc import slugify_unicode
from mkdocs.config.defaults import MkDocsConfig

REQUIRED = {
    # Python-Markdown's default slugify drops Hebrew: every heading would be '_1', '_2'.
    "toc": {"slugify": slugify_unicode, "permalink": True, "permalink_title": ""},
    "attr_list": {},
    "tables": {},  # tables imported from Word (maagal import)
    "footnotes": {},  # footnotes imported from Word
    "pymdownx.blocks.caption": {},
    "maagal.text.pullquote": {},
}


def configure_markdown(config: MkDocsConfig) -> None:
    for name, options in REQUIRED.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        merged = {**options, **config.mdx_configs.get(name, {})}
        if name == "toc":
            merged["slugify"] = slugify_unicode
        config.mdx_configs[name] = merged
