"""Lists as the editor numbered and separated them.

Python-Markdown renumbers every numbered list from 1 (a list written `3.`, `4.` is printed
1, 2) and reads a numbered list that follows a bullet list, even after an empty line, as more
items of the bullet list. Here a numbered list starts at the number its first item has
(`<ol start="3">`), and a list of the other kind after an empty line is a list of its own, as
Python-Markdown's `sane_lists` does, without its other change (a line `- …` inside a numbered
list would become text of the item above).
"""

from __future__ import annotations

from typing import Any, cast

from markdown import Markdown
from markdown.extensions import Extension


class ListsAsWritten(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        processors = md.parser.blockprocessors
        numbered, bullets = cast(Any, processors["olist"]), cast(Any, processors["ulist"])
        numbered.LAZY_OL = False
        numbered.SIBLING_TAGS = ["ol"]
        bullets.SIBLING_TAGS = ["ul"]


def makeExtension(**kwargs: Any) -> ListsAsWritten:
    return ListsAsWritten(**kwargs)
