"""Hostile HTML in content (stored XSS): the allow-list of `text/sanitize.py` judges what the
Markdown becomes, `maagal check` and the build name each attack with its file and line, and no
published file (pages, feeds, email editions, search records) carries an event handler or a
`javascript:` address.

Each attack is one article; the report of one check (in-process) and of one refused build
holds them all, and is read attack by attack.
"""

from __future__ import annotations

import gzip
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest

from conftest import AUTHORS, MINIMAL, REPO, TOPICS, Project, dedent
from maagal.addresses.project import find_project
from maagal.commands.check import check
from maagal.load.html_checks import check_html
from maagal.load.source import split_excerpt
from maagal.plugin.markdown_setup import REQUIRED
from maagal.run.errors import Report
from maagal.text.render_markdown import render_excerpt
from maagal.text.sanitize import judge, same_document, sanitize

FRONT = "---\ntitle: מאמר\nauthors: [noa-barkai]\n---\n"
ON_HANDLER = "would run a program in readers' browsers"
LINK = "is not allowed: links may lead only to web pages"
HANDLER = re.compile(r"<[^>]*[\s/\"']on[a-z]+\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class Attack:
    name: str
    body: str
    marker: str  # text on the line the report must name
    message: str  # what the report says there

    @property
    def rel(self) -> str:
        return f"issues/1/{self.name}.md"

    @property
    def line(self) -> int:
        lines = (FRONT + self.body).split("\n")
        return next(n for n, line in enumerate(lines, 1) if self.marker in line)

    @property
    def expected(self) -> str:
        return f"{self.rel}:{self.line}: {self.message}"


ATTACKS = [
    # The attacks of issue 23.
    Attack(
        "attribute-on-an-image",
        'פסקה.\n\n![תרשים](chart.svg){ onload="alert(1)" }\n',
        "onload",
        f"the attribute 'onload' is not allowed on an image: it {ON_HANDLER}",
    ),
    Attack(
        "attributes-on-a-link",
        '[קישור](https://example.org/){ autofocus onfocus="alert(1)" }\n',
        "onfocus",
        f"the attribute 'onfocus' is not allowed on a link: it {ON_HANDLER}",
    ),
    Attack(
        "tag-over-two-lines",
        'פסקה.\n\n<img\nsrc=x onerror="alert(1)">\n',
        "onerror",
        f"the attribute 'onerror' is not allowed on an image: it {ON_HANDLER}",
    ),
    Attack(
        "namespaced-tag",
        'מבוא.\n\n<x:y tabindex=0 autofocus onfocus="alert(1)">טקסט</x:y>\n',
        "<x:y",
        "raw HTML <x:y> is not allowed in Markdown",
    ),
    Attack(
        "escaped-backtick-before-a-tag",
        "קוד: \\`<img src=x onerror=alert(1)>`\n",
        "onerror",
        "raw HTML <img> is not allowed in Markdown",  # the line's one message
    ),
    Attack(  # the excerpt (feeds, email) ends inside the fence: no fence there
        "fence-cut-by-the-excerpt",
        "```\n<img src=x onerror=alert(1)>\n<!-- more -->\n```\n\nהמשך.\n",
        "onerror",
        f"the attribute 'onerror' is not allowed on an image: it {ON_HANDLER}",
    ),
    Attack(
        "javascript-link",
        "[לחצו](javascript:alert(1))\n",
        "javascript",
        f"the link 'javascript:alert(1)' {LINK}",
    ),
    Attack(
        "javascript-spelt-with-an-entity",
        "פסקה.\n\n[לחצו](java&#x09;script:alert(1))\n",
        "java&#x09;",
        f"the link 'java\\tscript:alert(1)' {LINK}",
    ),
    # Attacks of our own.
    Attack(  # browsers drop line breaks from an address
        "javascript-over-two-lines",
        "פסקה.\n\n[לחצו](java\nscript:alert(1))\n",
        "[לחצו](java",
        f"the link 'java\\nscript:alert(1)' {LINK}",
    ),
    Attack(
        "data-image",
        "![תרשים](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)\n",
        "data:",
        "the picture 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+' is not a file "
        "of the site",
    ),
    Attack(
        "svg-script-in-a-fence-cut-by-the-excerpt",
        "````\n<svg><script>alert(1)</script></svg>\n<!-- more -->\n````\n",
        "<svg>",
        "raw HTML <svg> is not allowed in Markdown",
    ),
    Attack(
        "iframe-srcdoc",
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>\n',
        "srcdoc",
        "raw HTML <iframe> is not allowed in Markdown",
    ),
    Attack(
        "button-formaction",
        '<form><button formaction="javascript:alert(1)">שלחו</button></form>\n',
        "formaction",
        "raw HTML <button> is not allowed in Markdown",
    ),
    Attack(  # pymdownx blocks take attributes as options
        "attributes-of-a-pull-quote",
        "/// pullquote | נועה\n    attrs:\n      onmouseover: alert(1)\nציטוט.\n///\n",
        "onmouseover",
        f"the attribute 'onmouseover' is not allowed on a figure or a pull quote: it {ON_HANDLER}",
    ),
    Attack(  # the attribution is Markdown, raw HTML included
        "pull-quote-attribution",
        "/// pullquote | <img src=x onerror=alert(1)>\nציטוט.\n///\n",
        "onerror",
        "raw HTML <img> is not allowed in Markdown",  # the line's one message
    ),
    Attack(  # Material's scripts read their settings from the first #__config
        "id-of-the-site-settings",
        "פסקה.\n{: #__config }\n",
        "__config",
        "the id '__config' is kept for the site's own page elements",
    ),
    Attack(
        "style-with-url",
        '[קישור](https://example.org/){ style="background:url(https://evil.example/x)" }\n',
        "style",
        "the attribute 'style' is not allowed on a link",
    ),
    Attack(
        "javascript-by-reference",
        "[לחצו][שם]\n\n[שם]: javascript:alert(1)\n",
        "[שם]:",
        f"the link 'javascript:alert(1)' {LINK}",
    ),
]

# Every kind of markup Maagal's Markdown makes: the allow-list keeps it as written.
EVERYTHING = dedent(
    """
    ## כותרת {#custom .wide}

    *הטיה*, **הדגשה**, `קוד`, [קישור](https://example.org/ "כותרת"), <https://example.org/>,
    <me@example.org>, [דואר](mailto:a@example.org), [טלפון](tel:+97230000000), הערה[^1],
    AT&T &copy; x\\*y.

    ![תרשים](chart.svg "כותרת"){ width=300 height=200 }

    ![תרשים](chart.svg)

    /// caption
    כיתוב
    ///

    /// pullquote | נועה ברקאי
    ציטוט.
    ///

    | א | ב | ג |
    |:--|:-:|--:|
    | 1 | 2 | 3 |

    1. אחד
    2. שניים

    ---

    > The cooperative idea is not a museum piece.
    {: lang="en" dir="ltr" }

        קוד מוזח

    ```python
    x = 1 < 2 & 3
    ```

    שורה
    שבורה

    [^1]: ההערה.
    """
).replace("שורה\n", "שורה  \n")  # two spaces at the end of a line: a line break


def _write_site(root: Path, files: dict[str, str]) -> None:
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    for rel, text in {"authors.yml": AUTHORS, "topics.yml": TOPICS, **MINIMAL, **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "issues/1/chart.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")


def _attacks() -> dict[str, str]:
    return {attack.rel: FRONT + attack.body for attack in ATTACKS}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What `maagal check` says of a site with every attack (in this process)."""
    root = tmp_path_factory.mktemp("hostile")
    _write_site(root, _attacks())
    _, report = check(find_project(root / "mkdocs.yml"))
    return report.format()


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda attack: attack.name)
def test_check_names_each_attack_with_its_file_and_line(attack: Attack, checked: str) -> None:
    assert attack.expected in checked, checked


def test_check_names_every_part_of_an_attack(checked: str) -> None:
    """An element and each attribute the allow-list takes out, each where it is written."""
    for expected in (
        "issues/1/attributes-on-a-link.md:5: the attribute 'autofocus' is not allowed on a link",
        "issues/1/button-formaction.md:5: raw HTML <form> is not allowed in Markdown",
        "issues/1/svg-script-in-a-fence-cut-by-the-excerpt.md:6: raw HTML <script> is not",
    ):
        assert expected in checked


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda attack: attack.name)
def test_what_reaches_feeds_and_email_goes_through_the_allow_list(attack: Attack) -> None:
    for text in (attack.body, split_excerpt(attack.body)[0]):
        shown = render_excerpt(text)
        assert not HANDLER.search(shown) and "javascript:" not in shown, shown
        assert "<script" not in shown and "<svg" not in shown and "data:" not in shown


@pytest.mark.parametrize(
    "raw",
    [
        '<IMG SRC=x ONERROR="alert(1)">',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        "<a href=' javascript:alert(1)'>x</a>",
        "<textarea><img src=x onerror=alert(1)></textarea>",
        "<p><svg><style><img src=x onerror=alert(1)></style></svg></p>",
        "<!-- --!><img src=x onerror=alert(1)> -->",
        '<p title="a"onclick="alert(1)">x</p>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    ],
)
def test_markup_read_otherwise_by_browsers_is_judged_as_browsers_read_it(raw: str) -> None:
    published, removed = judge(raw)
    assert removed, published
    assert published == sanitize(raw)
    assert not HANDLER.search(published) and "javascript" not in published, published


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("פסקה.\n\nטקסט </div> ועוד\n", "x.md:7: the HTML here ('</div>') would be read"),
        ("פסקה.\n\n<em>בלי סוף\n\nעוד\n", "x.md:7: the HTML here ('<em>') would be read"),
        ("[ראו <https://example.org/>](https://example.com/)\n", "x.md:5: the HTML here ('<a>')"),
    ],
)
def test_html_that_browsers_read_otherwise_is_named(body: str, expected: str) -> None:
    """Nothing outside the list, but not read as written (a stray end tag, an element never
    closed, a link in a link): published as browsers read it would change the page."""
    report = Report()
    check_html("x.md", body, 5, report)
    assert expected in report.format(), report.format()


def test_a_caption_number_is_named_rather_than_dropped() -> None:
    """`/// caption | 1` leaves an attribute of pymdownx's own in the page (figures are not
    numbered here): the check names the line, as the build would refuse the page."""
    report = Report()
    check_html("x.md", "פסקה.\n\n![תרשים](chart.png)\n\n/// caption | 1\nכיתוב\n///\n", 5, report)
    assert "x.md:9: figures are not numbered on this site" in report.format(), report.format()


@pytest.mark.parametrize(
    ("written", "cleaned", "same"),
    [
        ('<p><img alt="a &gt; b" src="x.png" /></p>', '<p><img alt="a > b" src="x.png"></p>', True),
        ("<h2>T<a>&para;</a></h2><!-- more -->", "<h2>T<a>\u00b6</a></h2>", True),
        ('<a href="&#109;ailto:a@b.c">x</a>', '<a href="mailto:a@b.c">x</a>', True),
        ("<p>a\u00a0b &#160;</p>", "<p>a&nbsp;b &nbsp;</p>", True),
        ("<P>a</P>", "<p>a</p>", False),  # not as Python-Markdown writes: nh3's is published
        ('<a title="&notit;">x</a>', '<a title="&amp;notit;">x</a>', False),  # read two ways
        ("<p>a < b</p>", "<p>a &lt; b</p>", False),
        ("<!-- --!><p>a</p> -->", "<p>a</p> --&gt;", False),
        ("<pre>\nx</pre>", "<pre>x</pre>", False),
    ],
)
def test_the_same_document_is_read_strictly(written: str, cleaned: str, same: bool) -> None:
    """The page is published as written only when a browser reads it as nh3's output."""
    assert same_document(written, cleaned) is same


def test_the_allow_list_keeps_maagal_markdown_byte_for_byte() -> None:
    """What a page renders with the site's extensions is published as Python-Markdown wrote
    it: footnotes, tables with aligned columns, captions, pull quotes, ids, lang and dir."""
    md = markdown.Markdown(extensions=list(REQUIRED), extension_configs=REQUIRED)
    rendered = md.convert(EVERYTHING)
    for made in (
        'style="text-align: center;"',
        'class="footnote-backref"',
        "<figcaption>",
        "<br />",
    ):
        assert made in rendered
    assert 'lang="en"' in rendered and 'id="custom"' in rendered and 'width="300"' in rendered
    published, removed = judge(rendered)
    assert removed == [] and published is rendered


def _published_text(site: Path) -> dict[str, str]:
    """Every page, feed, email edition and search record of a built site, as text."""
    texts = {}
    for path in site.rglob("*"):
        if path.suffix in {".html", ".xml", ".txt"}:
            texts[str(path)] = path.read_text("utf-8")
        elif path.suffix == ".pf_fragment":
            texts[str(path)] = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    return texts


@pytest.mark.slow
def test_a_build_refuses_every_attack_and_keeps_the_site_it_had(project: Project) -> None:
    project.write("issues/1/chart.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    project.write("issues/1/everything.md", FRONT + EVERYTHING)
    first = project.maagal("build")
    assert first.code == 0, first.text
    page = (project.root / "site/issues/1/everything/index.html").read_text("utf-8")
    assert '<th style="text-align: center;">' in page and '<p dir="ltr" lang="en">' in page
    assert '<img alt="תרשים" height="200" src="../chart.svg" title="כותרת" width="300" />' in page
    for rel, text in _attacks().items():
        project.write(rel, text)
    refused = project.maagal("build")
    assert refused.code != 0
    for attack in ATTACKS:
        assert attack.expected in refused.text, refused.text
    assert "nothing was published" in refused.text
    published = _published_text(project.root / "site")
    assert any("feed.xml" in path for path in published)
    assert any(path.endswith(".pf_fragment") for path in published)
    for path, text in published.items():
        assert not HANDLER.search(text) and "javascript:" not in text, path


@pytest.mark.slow
def test_what_an_extension_of_mkdocs_yml_adds_outside_the_list_stops_the_build(
    project: Project,
) -> None:
    """`maagal check` renders with Maagal's own extensions; the build checks every page as the
    site's extensions made it, and refuses what the allow-list would take out."""
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - attr_list\n", "  - attr_list\n  - pymdownx.details\n"
        ),
        encoding="utf-8",
    )
    project.write("issues/1/first.md", FRONT + '??? note "פרטים"\n    טקסט מקופל.\n')
    result = project.maagal("build")
    assert result.code != 0
    assert "issues/1/first.md: the page would hold <details>, which the site does not publish" in (
        result.text
    )
    assert not (project.root / "site").exists()


@pytest.mark.slow
def test_a_word_link_to_javascript_is_reported_after_import(
    project: Project, tmp_path: Path
) -> None:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    document.core_properties.author = "נועה ברקאי"
    document.add_heading("קישור מסוכן", 1)
    paragraph = document.add_paragraph("לפרטים ")
    link = OxmlElement("w:hyperlink")
    link.set(
        qn("r:id"),
        paragraph.part.relate_to(
            "javascript:alert(1)", RELATIONSHIP_TYPE.HYPERLINK, is_external=True
        ),
    )
    run = OxmlElement("w:r")
    words = OxmlElement("w:t")
    words.text = "לחצו כאן"
    run.append(words)
    link.append(run)
    paragraph._p.append(link)
    path = tmp_path / "dangerous-link.docx"
    document.save(path)
    imported = project.maagal("import", str(path), "--knowledge")
    written = project.root / "docs/knowledge/dangerous-link.md"
    if not written.exists() or "javascript" not in written.read_text("utf-8"):
        # The import itself left the link out: it must have said so.
        assert "javascript" in imported.text, imported.text
        return
    lines = written.read_text("utf-8").split("\n")
    line = next(n for n, written_line in enumerate(lines, 1) if "javascript:" in written_line)
    checked = project.maagal("check")
    assert checked.code != 0
    expected = f"docs/knowledge/dangerous-link.md:{line}: the link 'javascript:alert(1)' {LINK}"
    assert expected in checked.text, checked.text
