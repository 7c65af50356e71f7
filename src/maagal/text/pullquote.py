"""Pull quotes written in Markdown, never raw HTML.

    /// pullquote | Noa Barkai
    A sentence worth repeating in large type.
    ///

renders as a `<figure class="pullquote">` holding a `<blockquote>` and, when the optional
attribution after `|` is given, a `<figcaption>`. A figure rather than an `<aside>`: an aside
inside `<main>` is a landmark that screen readers list and axe flags.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import ClassVar

from markdown import Markdown
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block


class PullQuote(Block):
    NAME = "pullquote"
    ARGUMENT = None  # optional attribution
    OPTIONS: ClassVar[dict] = {}

    def on_create(self, parent: etree.Element) -> etree.Element:
        figure = etree.SubElement(parent, "figure", {"class": "pullquote"})
        etree.SubElement(figure, "blockquote")
        if self.argument:
            caption = etree.SubElement(figure, "figcaption")
            caption.text = self.argument.strip()
        return figure

    def on_add(self, block: etree.Element) -> etree.Element:
        quote = block.find("blockquote")
        return quote if quote is not None else block


class PullQuoteExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md: Markdown, block_mgr) -> None:
        block_mgr.register(PullQuote, self.getConfigs())


def makeExtension(*args, **kwargs) -> PullQuoteExtension:
    return PullQuoteExtension(*args, **kwargs)
