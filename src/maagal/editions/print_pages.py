"""The print page of each issue and position paper: one HTML document that Chromium prints to
an A4 PDF (`render.py`).

An issue prints as a cover, the editorial, a table of contents with page numbers, and every
article with its byline, pull quotes and figures; a paper as a title page (team, status, date
and Hebrew date, the superseded notice) and its text. The running head and the page numbers
are CSS page-margin boxes. The table of contents needs the pages the articles start on, which
only the printed PDF knows: the page is printed once, the numbers read from that PDF's outline,
and printed again with them (`PrintJob.page`).

Links stay links, to the published site (absolute URLs); pictures are read from the built
site, which `render.py` serves on localhost.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as html_lib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from maagal.addresses import urls
from maagal.addresses.links import rewrite_html_urls
from maagal.addresses.outputs import print_path
from maagal.addresses.settings import Settings
from maagal.model.documents import Document, Issue, PositionPaper
from maagal.model.site import Site, direction
from maagal.text.i18n import strings
from maagal.views.site_views import Views

_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
# The "¶" permalink Python-Markdown's toc puts in each heading: no part of its bookmark.
_HEADERLINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.S)


@dataclass(frozen=True)
class PrintJob:
    """One PDF to print: where it goes, and its print page."""

    path: str  # in the language's site: 'issues/4/issue-04.pdf'
    title: str
    author: str
    lang: str
    date: dt.date  # the PDF's creation date: the same input gives the same bytes
    render: Callable[[Sequence[int] | None], str] = field(repr=False)  # chapter pages → HTML
    chapters: int = 0  # how many page numbers the table of contents shows

    def page(self, chapter_pages: Sequence[int] | None = None) -> str:
        """The print page; the table of contents shows `chapter_pages` when they are known."""
        return self.render(chapter_pages)


@dataclass(frozen=True)
class PrintSource:
    """A PDF to print before its print page is made: the documents whose pages it prints (an
    issue and its articles, or a paper) and how to make its `PrintJob`. A build that kept the
    PDF finds it by those pages' keys, without making the print page (`render.py`)."""

    path: str
    shows: tuple[Document, ...]
    make: Callable[[], PrintJob] = field(repr=False)

    @classmethod
    def of(cls, job: PrintJob) -> PrintSource:
        """A job made already, that shows no document the build knows."""
        return cls(job.path, (), lambda: job)


def headings(html: str) -> list[tuple[int, str]]:
    """(level, text) of every heading of a print page, in order: the PDF's bookmarks."""
    return [
        (int(level), " ".join(html_lib.unescape(_TAG.sub("", _HEADERLINK.sub("", inner))).split()))
        for level, inner in _HEADING.findall(html)
    ]


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("maagal", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    return env


def css_string(text: str) -> Markup:
    """`text` as a CSS string literal inside <style> (the running head): quotes, backslashes
    and the characters that could end the element written as CSS escapes."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&' or ord(c) < 32 else c for c in str(text))
    return Markup(f'"{escaped}"')


class PrintEditions:
    """The print jobs of one language, from the HTML the build rendered for each document."""

    def __init__(
        self, site: Site, lang: str, settings: Settings, bodies: Mapping[Document, str]
    ) -> None:
        self.site = site
        self.lang = lang
        self.bodies = bodies  # the rendered Markdown of each page, as the build made it
        self.address = urls.SiteAddress(settings.site_url, site.default_language)
        self.views = Views(site, lang, address=self.address)
        self.site_name = settings.name(lang)
        self.t = strings(lang)

    def jobs(self) -> list[PrintJob]:
        return [source.make() for source in self.sources()]

    def sources(self) -> list[PrintSource]:
        """Every PDF of the language, its print page not made yet."""
        issues = [i for i in self.site.issues if self.lang in i.variants]
        papers = [p for p in self.site.papers if self.lang in p.variants]
        return [
            *(
                PrintSource(
                    print_path(issue),
                    (issue, *(a for a in issue.articles if self.lang in a.variants)),
                    functools.partial(self.issue, issue),
                )
                for issue in issues
            ),
            *(PrintSource(print_path(p), (p,), functools.partial(self.paper, p)) for p in papers),
        ]

    # -- one document ------------------------------------------------------------------------

    def issue(self, issue: Issue) -> PrintJob:
        summary = self.views.issue_summary(issue)
        articles = [a for a in issue.articles if self.lang in a.variants]
        printed = [
            {
                **self.views.article(article),
                "anchor": f"article-{n}",
                "body": self._body(article, f"a{n}-"),
            }
            for n, article in enumerate(articles, 1)
        ]
        context = {
            **self._common(),
            "issue": summary,
            "cover": self._local_asset(issue.cover) if issue.cover else None,
            "editorial": self._body(issue, "e-"),
            "articles": printed,
            "running_head": f"{self.site_name} · {summary['label']}",
            "title": f"{summary['label']} · {summary['theme']}",
        }
        template = _environment().get_template("print/issue.html")

        def render(pages: Sequence[int] | None) -> str:
            return template.render(context, pages=list(pages) if pages else None)

        return PrintJob(
            path=print_path(issue),
            title=context["title"],
            author=self.site_name,
            lang=self.lang,
            date=issue.date.value,
            render=render,
            chapters=len(printed),
        )

    def paper(self, paper: PositionPaper) -> PrintJob:
        view = self.views.paper(paper)
        context = {
            **self._common(),
            "paper": view,
            "body": self._body(paper, "p-"),
            "running_head": f"{self.site_name} · {self.t['paper']} · {view['title']}",
            "title": view["title"],
        }
        template = _environment().get_template("print/paper.html")
        team = view.get("team") or self.views.byline(paper.authors) or self.site_name
        return PrintJob(
            path=print_path(paper),
            title=view["title"],
            author=team,
            lang=self.lang,
            date=paper.date.value,
            render=lambda _pages: template.render(context),
        )

    # -- pieces ------------------------------------------------------------------------------

    def _common(self) -> dict:
        return {
            "lang": self.lang,
            "dir": direction(self.lang),
            "t": self.t,
            "site_name": self.site_name,
            "site_url": self.address.of("", self.lang),
            "assets": "/assets/",
        }

    def _local_asset(self, rel: str) -> str:
        return "/" + urls.asset_path(rel, self.site.layout)

    def _body(self, doc: Document, prefix: str) -> str:
        """The page's rendered Markdown, made to stand in a document of many pages.

        Links point at the published site; pictures at the built one; ids (footnotes, headings)
        get a prefix, since several articles share one document.
        """
        html = self.bodies.get(doc, "")
        page = urls.document_path(doc)
        public = self.address.of(page, self.lang)
        local = "/" + page

        def rewrite(name: str, value: str) -> str:
            if name == "id":
                return prefix + value
            if value.startswith("#"):
                return f"#{prefix}{value[1:]}"
            return urljoin(public if name == "href" else local, value)

        return rewrite_html_urls(html, rewrite)
