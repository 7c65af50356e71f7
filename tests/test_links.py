"""Links have one home (`addresses/links.py`): Markdown and rendered HTML alike, never inside
code, and only a link's target changes."""

from __future__ import annotations

import datetime as dt
import random
import re
import signal
from collections.abc import Iterator

import pytest

from conftest import Project
from maagal.addresses import links
from maagal.addresses.links import IMAGE, LINK, LinkResolver, document_links, rewrite_html_urls
from maagal.addresses.urls import SiteAddress
from maagal.load.site_loader import load_site
from maagal.model.layout import ContentLayout
from maagal.model.site import Site
from maagal.text.markdown_code import _FENCED_BLOCK, blank_code, code_ranges, fenced_blocks
from maagal.text.render_markdown import render_excerpt

SOURCE = "issues/1/index.md"

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154"
    "789c633811a00100032401411d199fc40000000049454e44ae426082"
)  # a picture of one pixel


@pytest.fixture
def site(project: Project) -> Site:
    project.write("issues/1/index.md", "---\ndate: 2017-11\ntitle: שיתופי פעולה\n---\nד.\n")
    project.write("issues/2/index.md", "---\ndate: 2018-01\ntitle: שני\n---\nד.\n")
    project.write("issues/2/other.md", "---\ntitle: אחר\nauthors: [noa-barkai]\n---\nט.\n")
    loaded, report = load_site(ContentLayout(root=project.root))
    assert not report, report.format()
    return loaded


def rewrite(site: Site, markdown: str, lang: str = "en") -> str:
    return LinkResolver(site).rewrite_markdown(markdown, SOURCE, lang, "en/issues/1/")


def test_a_link_to_an_untranslated_document_leads_to_its_page(site: Site) -> None:
    assert rewrite(site, "See [it](../2/other.md#part).") == "See [it](../../../issues/2/other/)."


def test_a_link_whose_text_is_its_path_keeps_its_text(site: Site) -> None:
    assert rewrite(site, "[../2/other.md](../2/other.md)") == (
        "[../2/other.md](../../../issues/2/other/)"
    )


@pytest.mark.parametrize(
    "markdown",
    [
        "Write `[it](../2/other.md)` for a link.",
        "Write ``[it](../2/other.md) with a ` inside`` for a link.",
        "```markdown\n[it](../2/other.md)\n\nstill code\n```\n",
        "Text.\n\n    [it](../2/other.md)\n",
    ],
    ids=["code span", "double backticks", "fenced block with a blank line", "indented block"],
)
def test_links_shown_as_code_are_left_as_written(site: Site, markdown: str) -> None:
    assert rewrite(site, markdown) == markdown
    assert list(document_links(SOURCE, markdown)) == []


@pytest.mark.parametrize(
    "markdown",
    [
        "```\nnot closed\n\n[it](../2/other.md)\n",  # a fence never closed is no fence
        "   ```\n[it](../2/other.md)\n\n   ```\n",  # nor an indented one (backticks only)
        "\\`[it](../2/other.md)`",  # an escaped backtick opens nothing
        "- item\n\n    [it](../2/other.md)\n",  # a list item's second paragraph
    ],
    ids=["unclosed fence", "indented fence", "escaped backtick", "list paragraph"],
)
def test_links_python_markdown_follows_are_found(site: Site, markdown: str) -> None:
    assert list(document_links(SOURCE, markdown)) == ["issues/2/other.md"]
    assert "../../../issues/2/other/" in rewrite(site, markdown)


def test_code_is_what_python_markdown_renders_as_code() -> None:
    markdown = "a `b` c\n\n```\nd\n\ne\n```\n\n    f\n\ng ``h ` i`` j\n"
    html = render_excerpt(markdown)
    shown_as_code = [markdown[start:end] for start, end in code_ranges(markdown)]
    assert shown_as_code == ["`b`", "```\nd\n\ne\n```", "    f", "``h ` i``"]
    assert html.count("<code>") == 4
    assert "<code>h ` i</code>" in html and "<pre><code>d\n\ne\n</code></pre>" in html
    assert blank_code(markdown).count("\n") == markdown.count("\n")


def test_a_long_line_of_backticks_is_scanned_in_one_pass() -> None:
    line = "`" * 2000 + "a" * 2000 + "`" * 1999
    assert code_ranges(line) == []
    assert code_ranges("`" * 3 + "x" + "`" * 3) == [(0, 7)]


@pytest.fixture
def two_seconds() -> Iterator[None]:
    """A guard for scans that used to take tens of seconds: fail instead of waiting."""

    def stop(*_: object) -> None:
        raise TimeoutError("took more than 2 s: no longer linear?")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(2)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


HOSTILE_LINES = {
    "links never closed": "[a](" * 15_000,  # 27 s with the regex alone
    "images never closed": "![a](" * 12_000,
    "angle targets never closed": "[a](<" * 12_000,
    "titles never closed": '[a](b "' * 10_000,
    "brackets": "[" * 60_000,
    "empty links": "[]" * 30_000,
    "images in links": "[![a](" * 10_000,
}


@pytest.mark.parametrize("line", HOSTILE_LINES.values(), ids=HOSTILE_LINES.keys())
def test_links_are_found_in_one_pass_over_a_hostile_line(
    line: str, monkeypatch: pytest.MonkeyPatch, two_seconds: None
) -> None:
    """Each part of a link's target is looked for from places that only move forward, so each
    character is read once per part (six parts), however the line is built."""
    read = [0]

    class Counted(links._Next):
        def __call__(self, pos: int) -> int:
            if not self.asked <= pos <= self.found:
                read[0] += super().__call__(pos) - pos + 1
            return super().__call__(pos)

    monkeypatch.setattr(links, "_Next", Counted)
    assert list(LINK.finditer(line)) == [] and list(IMAGE.finditer(line)) == []
    assert read[0] <= 2 * 6 * (len(line) + 1)  # two patterns, six parts each


@pytest.mark.parametrize("seed", range(4))
def test_links_are_what_the_regex_finds(seed: int) -> None:
    pieces = ["[", "]", "(", ")", "![", "<", ">", '"', " ", "a", "](", "x.md", "\n", "!"]
    pieces += ["[a](b)", "[a](<b c>)", ' "t")', "\t", "\u00a0"]
    chance = random.Random(seed)
    for _ in range(2_000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(0, 24)))
        for found in (LINK, IMAGE):
            expected = [(m.span(), m.groupdict()) for m in re.compile(found.pattern).finditer(text)]
            assert [(m.span(), m.groupdict()) for m in found.finditer(text)] == expected, text


def test_fenced_blocks_are_what_python_markdown_finds() -> None:
    pieces = ["```", "````", "~~~", "\n", " ", "a", "python", "{.x}", "\n```\n", "\n~~~\n", "`"]
    chance = random.Random(5)
    for _ in range(5_000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(0, 20)))
        assert fenced_blocks(text).blocks == [m.span() for m in _FENCED_BLOCK.finditer(text)]


HOSTILE_CODE = {
    "escaped backticks": "\\`" * 30_000,
    "backtick and letter": "`a" * 30_000,
    "runs of every length": "".join("`" * n + "a" for n in range(1, 400)),
    "backslashes then a backtick": "\\" * 60_000 + "`",
    "backslashes before no backtick": "`" + "\\" * 60_000 + "a`",
    "fences never closed": "".join("`" * n + "\n" for n in range(3, 1_000)),  # 36 s before
    "tildes never closed": "".join("~" * n + "\nx\n" for n in range(3, 1_000)),
}


@pytest.mark.parametrize("text", HOSTILE_CODE.values(), ids=HOSTILE_CODE.keys())
def test_code_is_found_in_time_linear_in_hostile_text(text: str, two_seconds: None) -> None:
    assert blank_code(text).count("\n") == text.count("\n")


def test_html_links_are_rewritten_in_tags_only() -> None:
    html = '<p><a href="x.md">x</a> <code>&lt;a href="y.md"&gt;</code><img\nsrc="p.png"></p>'
    seen = []

    def replace(name: str, value: str) -> str:
        seen.append((name, value))
        return "/" + value

    assert rewrite_html_urls(html, replace) == (
        '<p><a href="/x.md">x</a> <code>&lt;a href="y.md"&gt;</code><img\nsrc="/p.png"></p>'
    )
    assert seen == [("href", "x.md"), ("src", "p.png")]


# -- every link an editor writes leads to a page, or is refused (issue 24) ---------------------


@pytest.fixture
def addressed(project: Project) -> Site:
    """The small site with its address, an English article and an issue dated 2099."""
    project.write("issues/2/index.md", "---\ndate: 2018-01\ntitle: שני\n---\nד.\n")
    project.write("issues/2/other.md", "---\ntitle: אחר\nauthors: [noa-barkai]\n---\nט.\n")
    project.write("issues/3/index.md", "---\ndate: 2099-01\ntitle: עתידי\n---\nד.\n")
    project.write(
        "issues/3/later.md", "---\ntitle: בהמשך\nauthors: [noa-barkai]\n---\n![גרף](chart.png)\n"
    )
    project.write("issues/3/chart.png", PNG)
    project.write(
        "issues/1/later.md",
        "---\ntitle: מחר\nauthors: [noa-barkai]\ndate: 2099-02-01\n---\n![תרשים](plan.png)\n",
    )
    project.write("issues/1/plan.png", PNG)
    project.write("issues/1/kept.png", PNG)
    layout = ContentLayout(root=project.root, site_url="https://circle.example/")
    loaded, report = load_site(layout)
    assert not report, report.format()
    loaded.hold_back(dt.date(2027, 1, 1))
    links.withhold_assets(loaded)
    return loaded


@pytest.mark.parametrize(
    ("written", "lang", "published"),
    [
        ("../2/other", "he", "../2/other.md"),  # without '.md': the engine resolves it
        ("../2/", "he", "../2/index.md"),  # an issue's folder: the issue
        ("../2", "he", "../2/index.md"),
        ("first#part", "he", "first.md#part"),
        ("https://circle.example/issues/2/other/", "he", "../2/other/"),
        ("https://www.circle.example/issues/1/first/#part", "he", "first/#part"),
        ("https://circle.example/en/issues/1/first/", "he", "../../en/issues/1/first/"),
        ("/issues/2/", "en", "../../../issues/2/"),
        ("https://circle.example/feed.xml", "he", None),  # not a document: as written
        ("https://other.example/issues/2/", "he", None),
        ("mailto:a@circle.example", "he", None),
    ],
)
def test_links_to_documents_however_written_lead_to_their_pages(
    addressed: Site, written: str, lang: str, published: str | None
) -> None:
    here = "issues/1/" if lang == "he" else "en/issues/1/"
    got = LinkResolver(addressed).rewrite_markdown(f"[it]({written})", SOURCE, lang, here)
    assert got == f"[it]({published or written})"


@pytest.mark.parametrize(
    "written", ["../3/later.md", "../3/", "later", "https://circle.example/issues/3/later/"]
)
def test_a_link_to_a_document_held_back_is_its_text_until_its_day(
    addressed: Site, written: str
) -> None:
    resolver = LinkResolver(addressed)
    assert resolver.rewrite_markdown(f"See [it]({written}).", SOURCE, "he", "issues/1/") == (
        "See it."
    )
    address = SiteAddress("https://circle.example/", "he")
    html = resolver.absolutize(f'<p><a href="{written}">it</a></p>', SOURCE, "he", address)
    assert html == "<p><a>it</a></p>"  # in a feed or the email: text, never a 404


def test_nothing_of_a_document_held_back_is_published_before_it(addressed: Site) -> None:
    assert "issues/1/kept.png" in addressed.assets  # no document held back shows it
    assert "issues/1/plan.png" not in addressed.assets  # only the article of 2099-02-01 does
    assert "issues/3/chart.png" not in addressed.assets  # the issue of 2099's folder


def test_a_paper_does_not_link_to_its_successor_before_the_successor_is_published(
    project: Project,
) -> None:
    project.write(
        "position_papers/housing.md",
        "---\ntitle: דיור\nteam: צוות\nstatus: superseded\ndate: 2005-09-20\n---\nת.\n",
    )
    project.write(
        "position_papers/housing-2099.md",
        "---\ntitle: דיור 2099\nteam: צוות\nstatus: adopted\ndate: 2099-01-01\n"
        "supersedes: housing\n---\nת.\n",
    )
    site, report = load_site(ContentLayout(root=project.root))
    assert not report, report.format()
    site.hold_back(dt.date(2027, 1, 1))
    (paper,) = site.papers
    assert paper.slug == "housing" and paper.superseded_by is None


@pytest.mark.parametrize(
    ("written", "refused"),
    [
        ("mailto:maagal@circle.example", False),
        ("mailto:?subject=%D7%A9%D7%9C%D7%95%D7%9D", False),  # "send to…": the reader fills it
        ("mailto:maagal.circle.example", True),
        ("#top", False),  # the top of any page
        ("#%D7%A8%D7%A7%D7%A2", False),  # '#רקע' as a browser copies it
        ("#רקע", False),
        ("#רקעים", True),
    ],
)
def test_mail_and_anchors_of_the_page(project: Project, written: str, refused: bool) -> None:
    project.write(
        "issues/1/first.md",
        "---\ntitle: מאמר ראשון\nauthors: [noa-barkai]\norder: 1\n---\n"
        f"ראו [כאן]({written}).\n\n## רקע\n\nטקסט.\n",
    )
    _, report = load_site(ContentLayout(root=project.root))
    assert bool(report) == refused, report.format()
