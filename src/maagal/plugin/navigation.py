"""The site navigation (Material's tabs) for one language."""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from maagal.model.site import Site
from maagal.text.i18n import strings
from maagal.views.pages import PageSpec


def navigation(site: Site, lang: str, specs: dict[str, PageSpec]) -> list[Any]:
    t = strings(lang)
    docs = site.pages[0].key.split("/")[0] if site.pages else "docs"

    def entry(label: str, src_uri: str) -> list[dict[str, str]]:
        return [{label: src_uri}] if src_uri in specs else []

    nav: list[Any] = []
    nav += entry(t["home"], f"{docs}/index.md")
    nav += entry(t["bulletin"], "_maagal/issues.md")
    nav += entry(t["papers"], "_maagal/papers.md")
    nav += entry(t["events"], "_maagal/events.md")
    knowledge = [p for p in site.knowledge if lang in p.variants]
    index = f"{docs}/knowledge/index.md"
    if knowledge or index in specs:
        section: list[Any] = [index] if index in specs else []
        section += [{str(escape(p.variants[lang].title)): p.key + ".md"} for p in knowledge]
        nav.append({t["knowledge"]: section})
    nav += entry(t["about"], f"{docs}/about.md")
    return nav
