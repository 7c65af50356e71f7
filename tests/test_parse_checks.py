"""The body checks made on the parse that renders the page (`maagal.load.parse_checks`).

Each finding is checked against the page: the HTML the same body becomes shows what the
message says would be published. And the cheap test that spares most bodies their rendering
never spares one in which the parse finds something.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from conftest import REPO, Project
from maagal.load import parse_checks
from maagal.load.source import split_excerpt, split_source
from maagal.run.errors import Report
from maagal.text.render_markdown import render_as_written, render_excerpt

sys.path.insert(0, str(REPO / "scripts"))
from make_corpus import Writer, article_body

CASES = Path(__file__).resolve().parent / "cases"


def _found(body: str) -> list[str]:
    report = Report()
    parse_checks.check_structure("a.md", body, 1, report)
    return [f"{error.line}: {error.message}" for error in report]


# (body, what the message says, what the page shows instead of what was meant)
SLIPS = [
    (
        "א.\n\n/// pullquote\nציטוט.\n\n## כותרת\n\nב.\n",
        "3: the pull quote opened here is never closed",
        '<h2 id="כותרת">כותרת</h2>\n<p>ב.</p>\n</blockquote>',
    ),
    ("שורה של טקסט.\n---\nעוד.\n", "2: '---' right under a line of text", "<h2"),
    ("- פריט\n---\n", "2: '---' right under a line of text", "<h2"),
    ("| א | ב |\n|---|---|\n| 1 | 2 | 3 |\n", "3: the table row has 3 cells", "<td>2</td>\n</tr>"),
    ("טקסט[^2].\n", "1: the footnote mark [^2] has no note", "טקסט[^2]."),
    ("טקסט.\n\n[^1]: הערה.\n", "3: the footnote [^1] is never marked", 'href="#fnref:1"'),
    (
        "פתיחה.\n\nטקסט[^1].\n\n[^1]: א.\n[^1]: ב.\n",
        "6: the footnote [^1] is written twice",
        "<p>ב.",
    ),
    ("| א | ב |\n| 1 | 2 |\n", "1: the table has no line under its header", "<p>| א | ב |"),
    ("| א | ב | ג |\n|---|---|\n", "1: the line under the table's header row", "<p>| א"),
    ("לפני:\n- א\n- ב\n", "2: a list right under a line of text", "<p>לפני:\n- א"),
    ("/// pullqoute\nציטוט.\n///\n", "1: '/// pullqoute' is not the first line", "<p>/// pull"),
    ("טקסט.\n///\n", "2: this /// closes no block", "<p>טקסט.\n///</p>"),
    ("![תמונה](a.png)\n/// caption\nכיתוב.\n\nעוד.\n", "2: the caption opened here", "עוד.</p>"),
    ("> ציטוט\n> ---\n", "2: '---' right under a line of text", "<blockquote>\n<h2"),
    ("- א\n  - ב\n- ג\n", "2: the sub-item '- ב' is indented by 2", "<li>א</li>\n<li>ב</li>"),
    ("> - א\n>   - ב\n", "2: the sub-item '- ב' is indented by 2", "<li>א</li>\n<li>ב</li>"),
    ("1. א\n   - ב\n", "2: the sub-item '- ב' is indented by 3", "<ol>\n<li>א</li>\n<li>ב</li>"),
    (
        "- א\n1. ב\n2. ג\n",
        "2: a numbered list right under a bullet list",
        "<ul>\n<li>א</li>\n<li>ב",
    ),
    ("1. א\n- ב\n", "2: a bullet list right under a numbered list", "<ol>\n<li>א</li>\n<li>ב"),
    ("טקסט **הדגשה שלא נסגרה.\n", "1: '**הדגשה שלא נסגרה.' opens a stress", "<p>טקסט **הדגשה"),
    ("ביום ה-**שלישי בערב\n", "1: '**שלישי בערב' opens a stress", "<p>ביום ה-**שלישי"),
    ("***מודגש ונטוי\n", "1: '***מודגש ונטוי' opens a stress", "<p>***מודגש ונטוי</p>"),
    ("__בלי סוף\n", "1: '__בלי סוף' opens a stress", "<p>__בלי סוף</p>"),
    ("![צילום](my photo.jpg)\n", "1: the address 'my photo.jpg' has a space", 'src="my photo.jpg"'),
    (
        "![צילום](<my photo.jpg>)\n",
        "1: the address 'my photo.jpg' has a space",
        'src="my photo.jpg"',
    ),
    (
        "[א](../2/weekly assembly.md)\n",
        "1: the address '../2/weekly",
        'href="../2/weekly assembly.md"',
    ),
    ("\u00a0## כותרת\n", "1: '## כותרת' starts with a no-break space", "<p>## כותרת</p>"),
    ("1) א\n2) ב\n", "1: '1) א' is numbered with ')'", "<p>1) א\n2) ב</p>"),
    ("פתיחה\n• א\n• ב\n", "2: '• א' starts with a bullet", "<p>פתיחה\n• א\n• ב</p>"),
    ("1.\u00a0א\n2.\u00a0ב\n", "1: '1. א' has a no-break space", "<p>1.\u00a0א\n2.\u00a0ב</p>"),
    ("שורה\\\nעוד\n", "1: 'שורה\\' ends in \\", "<p>שורה\\\nעוד</p>"),
    ("א\tב\n1\t2\n", "1: 'א ב' and the lines under it are cells apart", "<p>א   ב\n1   2</p>"),
    (
        "טקסט.\n\n/// caption\nכיתוב.\n///\n",
        "3: the caption is under no picture",
        "<figure>\n<p>טקסט.",
    ),
]


@pytest.mark.parametrize(("body", "message", "page"), SLIPS, ids=lambda v: repr(v)[:30])
def test_each_finding_is_what_the_page_shows(body: str, message: str, page: str) -> None:
    assert page in render_as_written(body)
    found = _found(body)
    assert len(found) == 1, found
    assert found[0].startswith(message)


FINISHED = [
    "פסקה.\n\n---\n\nעוד.\n",
    "שורה.\nשורה שנייה.\n---\nעוד.\n",  # a paragraph of two lines, then a break
    "- א\n- ב\n---\n",  # a list of two items, then a break
    "/// pullquote | נועה ברקאי\nציטוט.\n///\n\n![א](a.png)\n/// caption\nכיתוב.\n///\n",
    "| א | ב |\n|:--|--:|\n| 1 | 2 |\n| `a|b` | \\| |\n",
    "פתיחה.\n\nטקסט[^1] ועוד[^note].\n\n[^1]: א.\n[^note]: ב.\n",
    "לפני:\n\n- א\n- ב\n\n1. א\n2. ב\n",
    "- א\n    - ב\n- ג\n",
    "```\n/// pullquote\n---\n[^1]\n| a |\n```\n",
    "`[^1]` ו-`a | b`\n",
    "- א\n\n1. ב\n",  # two lists (text/lists.py)
    "- א\n\t- ב\n",  # a tab is four spaces
    "3. ג\n4. ד\n",
    "5 * 3 ו-5 ** 3, snake_case ו-snake__case, \\*\\*לא הדגשה, `**קוד`\n",
    "**הדגשה** ו-__גם__ ו-**על פני\nשתי שורות** ו-***שתיהן***\n",
    "![א](a.png)\n\n/// caption\nכיתוב.\n///\n",
    "| א |\n|---|\n| 1 |\n\n/// caption\nכיתוב.\n///\n",
    "1) פסקה שפותחת במספר וסוגריים.\n",
    "שורה  \nשורה שנייה.\n",
    '[א](x.md "כותרת עם רווח")\n',
    "```\nשורה\\\nא\tב\nג\tד\n```\n",
]


@pytest.mark.parametrize("body", FINISHED, ids=lambda v: repr(v)[:30])
def test_finished_constructs_are_not_reported(body: str) -> None:
    assert _found(body) == []


def _case_bodies() -> list[str]:
    bodies = [body for body, _, _ in SLIPS] + FINISHED
    for path in sorted(CASES.glob("*/input/**/*.md")):
        source = split_source(path, path.name, Report(), front_matter_required=False)
        if source is not None:
            bodies.append(source.body)
    return bodies


def test_a_numbered_list_keeps_its_first_number_through_the_allow_list() -> None:
    page = render_excerpt("3. ג\n4. ד\n\n- א\n- ב\n\n1. א\n")
    assert '<ol start="3">\n<li>ג</li>\n<li>ד</li>\n</ol>' in page
    assert "<ul>\n<li>א</li>\n<li>ב</li>\n</ul>\n<ol>\n<li>א</li>" in page


@pytest.mark.slow
def test_the_site_page_numbers_a_list_from_its_first_number(project: Project) -> None:
    """The site's Markdown (MkDocs, with mkdocs.yml's extensions) has the lists extension too."""
    case = CASES / "232-lists-as-written-are-accepted" / "input" / "issues" / "1" / "second.md"
    project.write("issues/1/second.md", case.read_text(encoding="utf-8"))
    result = project.maagal("build")
    assert result.code == 0, result.text
    lists = project.page("issues/1/second/index.html").select("article ol, article ul")
    shown = [
        (tag.name, tag.get("start"), [li.contents[0].strip() for li in tag.select("li")])
        for tag in lists
    ]
    assert shown[:3] == [
        ("ol", "3", ["בניית הבמה", "חיבור התאורה"]),
        ("ul", None, ["נועה ברקאי", "עמיר סלע"]),
        ("ol", None, ["אישור הפרוטוקול", "דיון בתקציב"]),
    ]


def test_the_excerpt_leaves_out_marks_whose_notes_are_below_it() -> None:
    """Lists, feeds and the email edition show the excerpt without the notes: its marks would be
    printed as '[^1]' there (a Word document's first paragraph often has one)."""
    marked = "טקסט[^1] ועוד[^2].\n\n<!-- more -->\n\nהמשך.\n\n[^1]: הערה.\n[^2]: עוד.\n"
    assert split_excerpt(marked)[0] == "טקסט ועוד."
    assert render_excerpt(split_excerpt(marked)[0]) == "<p>טקסט ועוד.</p>"
    first_paragraph = "טקסט[^1] ו`[^2]`.\n\nהמשך.\n\n[^1]: הערה.\n"
    assert split_excerpt(first_paragraph)[0] == "טקסט ו`[^2]`."  # code is text
    with_its_note = "טקסט[^1].\n\n[^1]: הערה.\n\n<!-- more -->\n\nהמשך.\n"
    assert split_excerpt(with_its_note)[0] == "טקסט[^1].\n\n[^1]: הערה."


def test_the_cheap_test_never_spares_a_body_the_parse_finds_fault_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = parse_checks._watch().block_names
    kept = {body: parse_checks.settled(body, names) for body in _case_bodies()}
    monkeypatch.setattr(parse_checks, "settled", lambda body, names: False)
    spared_wrongly = [body for body, settled in kept.items() if settled and _found(body)]
    assert spared_wrongly == []
    assert not all(kept.values()) and any(kept.values())


def test_an_archive_article_is_judged_without_rendering() -> None:
    """Archive-5k's articles hold a pull quote, a quote, a list and headings, all finished:
    the cheap test spares every one (rendering them all would cost about six seconds)."""
    names = parse_checks._watch().block_names
    rng = random.Random(3)
    for lang in ("he", "en"):
        writer = Writer(rng, lang)
        for _ in range(20):
            body = article_body(writer, ["../1/article-1.md"])
            assert parse_checks.settled(body, names), body
