"""`maagal import`: Word and LibreOffice documents, saved by LibreOffice itself, become
documents that pass `maagal check` (once the import's own list is done), build, and read on the
page word for word as they read in the word processor."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import docx
import pytest

from conftest import Project, html
from word_documents import (
    HEBREW_SUBTITLE,
    HEBREW_TITLE,
    english_paper,
    hebrew_article,
    plain_text_of,
    png,
    save_as,
)

pytestmark = pytest.mark.slow  # pandoc and LibreOffice run as processes

WORDS = re.compile(r"[\w\u0590-\u05ff%]+")
RAW_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*[\s/>]")


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Hebrew article and the English paper, as LibreOffice saves them."""
    folder = tmp_path_factory.mktemp("word")
    sources = {"purchasing": hebrew_article(), "water": english_paper()}
    result = {}
    for name, text in sources.items():
        fodt = folder / f"{name}.fodt"
        fodt.write_text(text, encoding="utf-8")
        for extension in ("docx", "odt"):
            result[f"{name}.{extension}"] = save_as(fodt, extension, folder / extension)
    return result


def _words(text: str) -> Counter:
    return Counter(WORDS.findall(text))


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_hebrew_word_document_becomes_an_article_that_reads_the_same(
    project: Project, saved: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    document = saved[f"purchasing.{kind}"]
    result = project.maagal("import", str(document), "--issue", "1", "--slug", "purchasing")
    assert result.code == 0, result.text
    assert f"{document} → issues/1/purchasing.md" in result.text
    # The one thing left to an editor: the image its author did not describe.
    [fix] = [line for line in result.text.splitlines() if line.strip().startswith("fix:")]
    assert "the image purchasing-2.png has no alt text — describe it between the brackets" in fix
    article = project.root / "issues/1/purchasing.md"
    text = article.read_text(encoding="utf-8")
    assert text.startswith(
        f'---\ntitle: "{HEBREW_TITLE}"\nsubtitle: "{HEBREW_SUBTITLE}"\n'
        "authors: [noa-barkai]\norder: 2\n---\n"
    )
    assert not RAW_HTML.search(text.split("---\n", 2)[2])  # never raw HTML
    assert "\u200f" not in text  # the stray mark is gone
    assert 'דו"ח ועדת־הרכש' in text  # gershayim and maqaf as typed
    assert "    - מזון לעגלים" in text  # the nested list stays nested
    assert "/// pullquote\nכשקונים יחד" in text
    assert "| ענף | חיסכון |" in text and "[^1]: לפי נתוני הוועדה, ינואר 2027." in text
    assert (project.root / "issues/1/purchasing-1.png").is_file()

    refused = project.maagal("check")
    assert refused.code == 1
    assert "the image 'purchasing-2.png' has no alt text" in refused.text
    assert "1 problem found" in refused.text  # only what the import said
    article.write_text(text.replace("![](purchasing-2.png)", "![סמל המעגל](purchasing-2.png)"))
    assert project.maagal("check").code == 0
    built = project.maagal("build")
    assert built.code == 0, built.text

    page = html(project.root / "site/issues/1/purchasing/index.html")
    assert page.find("h1").get_text(strip=True).startswith(HEBREW_TITLE)
    content = page.select_one(".maagal-article-body")
    assert content.select("ul ul li")  # nested
    assert content.find("table") and content.select(".footnote") and content.find("figure")
    assert content.find("img", alt="תרשים החיסכון לפי ענפים")
    written = plain_text_of(document, tmp_path)
    for line in (HEBREW_TITLE, HEBREW_SUBTITLE):
        written = written.replace(line, "", 1)
    # LibreOffice's text export keeps a footnote's number in the text but leaves its text
    # out: the footnotes are compared apart.
    notes = content.select_one(".footnote")
    assert "לפי נתוני הוועדה, ינואר 2027." in notes.get_text(" ")
    notes.decompose()
    page_words = _words(content.get_text(" "))
    assert page_words == _words(written), (
        f"on the page only: {+(page_words - _words(written))}; "
        f"in the document only: {+(_words(written) - page_words)}"
    )


def test_an_english_paper_is_a_working_draft_and_names_its_author(
    project: Project, saved: dict[str, Path]
) -> None:
    result = project.maagal("import", str(saved["water.docx"]), "--paper")
    assert result.code == 0, result.text
    assert "→ position_papers/water-rights-in-the-arava.en.md" in result.text
    assert (
        "fix: the author 'Amir Sella' is not in the authors file — did you mean 'Amir Sela'? "
        "write its key 'amir-sela' in 'authors: [...]'"
    ) in result.text
    text = (project.root / "position_papers/water-rights-in-the-arava.en.md").read_text("utf-8")
    assert text.startswith('---\ntitle: "Water Rights in the Arava"\n')
    assert "status: working-draft" in text and "date: 2026-12-01" in text
    assert "## Recommendations" in text and "**water quotas**" in text


def test_many_files_into_one_issue_take_the_next_places(
    project: Project, saved: dict[str, Path], tmp_path: Path
) -> None:
    first = tmp_path / "regional-purchasing.odt"
    second = tmp_path / "water-paper.docx"
    first.write_bytes(saved["purchasing.odt"].read_bytes())
    second.write_bytes(saved["water.docx"].read_bytes())
    result = project.maagal("import", str(first), str(second), "--issue", "1")
    assert result.code == 0, result.text
    assert "2 of 2 documents written" in result.text
    hebrew = (project.root / "issues/1/regional-purchasing.md").read_text("utf-8")
    english = (project.root / "issues/1/water-rights-in-the-arava.en.md").read_text("utf-8")
    assert "order: 2" in hebrew
    assert "order: 3" in english  # in English only: its own original, so it has a place
    again = project.maagal("import", str(first), "--issue", "1")
    assert again.code == 1
    assert "issues/1/regional-purchasing.md already exists — give this one its own name" in (
        again.text
    )
    assert project.maagal("import", str(first), "--issue", "1", "--replace").code == 0


def test_what_cannot_be_imported_says_why(project: Project, tmp_path: Path) -> None:
    pdf = tmp_path / "bulletin.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    hebrew_name = tmp_path / "מאמר.docx"
    document = docx.Document()
    document.add_paragraph("טקסט")
    document.save(hebrew_name)
    result = project.maagal("import", str(pdf), str(hebrew_name), "--issue", "1")
    assert result.code == 1 and "Traceback" not in result.text
    assert "a PDF cannot be imported — the text read back from a PDF loses the order" in (
        result.text
    )
    assert "needs a file name in English letters" in result.text
    assert "import it on its own with --slug, e.g. --slug regional-purchasing" in result.text
    assert "0 of 2 documents written" in result.text
    nowhere = project.maagal("import", str(pdf))
    assert nowhere.code != 0 and "--issue N, --paper or --knowledge" in nowhere.text


def test_word_oddities_are_named_in_the_report(project: Project, tmp_path: Path) -> None:
    """A document made with python-docx: underline, a comment, a Quote paragraph, a picture
    without a description, direction marks."""
    picture = tmp_path / "chart.png"
    picture.write_bytes(png())
    document = docx.Document()
    document.core_properties.author = "נועה ברקאי"
    document.add_heading("יום עיון על\u200f שיתוף", 1)
    paragraph = document.add_paragraph("פסקה עם ")
    paragraph.add_run("קו תחתון").underline = True
    paragraph.add_run(" וסימן\u200e כיוון.")
    document.add_comment(paragraph.runs[0], text="לבדוק", author="עורכת")
    document.add_paragraph("משפט שכדאי לזכור.", style="Quote")
    document.add_picture(str(picture))
    path = tmp_path / "study-day.docx"
    document.save(path)
    result = project.maagal("import", str(path), "--knowledge")
    assert result.code == 0, result.text
    assert "left out: comments, underline" in result.text
    assert "fix: the image study-day-1.png has no alt text" in result.text
    text = (project.root / "docs/knowledge/study-day.md").read_text("utf-8")
    assert text.startswith('---\ntitle: "יום עיון על שיתוף"\n')
    assert "authors: [noa-barkai]" in text
    assert "/// pullquote\nמשפט שכדאי לזכור.\n///" in text
    assert "לבדוק" not in text and "\u200e" not in text and "\u200f" not in text


def test_one_run_never_writes_over_what_it_wrote_nor_a_translation_over_its_pictures(
    project: Project, saved: dict[str, Path], tmp_path: Path
) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.docx").write_bytes(saved["water.docx"].read_bytes())
    both = project.maagal(
        "import", str(tmp_path / "a/report.docx"), str(tmp_path / "b/report.docx"), "--paper"
    )
    assert both.code == 1
    assert "1 of 2 documents written" in both.text
    assert "was just written from another file — give this one its own name with --slug" in (
        both.text
    )
    hebrew = project.maagal(
        "import", str(saved["purchasing.docx"]), "--issue", "1", "--slug", "purchasing"
    )
    english = project.maagal(
        "import", str(saved["water.docx"]), "--issue", "1", "--slug", "purchasing"
    )
    assert hebrew.code == 0 and english.code == 0, hebrew.text + english.text
    assert (project.root / "issues/1/purchasing-1.png").is_file()
    assert "order" not in (project.root / "issues/1/purchasing.en.md").read_text("utf-8")


def test_word_tables_lists_and_lines_stay_what_they_were(project: Project, tmp_path: Path) -> None:
    """Merged cells keep every value under its heading; a line that starts like Markdown
    (after a line break too) stays text; co-authors are each looked up."""
    document = docx.Document()
    document.core_properties.author = "נועה ברקאי; דנה כהן"
    document.add_heading("טבלת משמרות", 1)
    table = document.add_table(rows=3, cols=3)
    for row in range(3):
        for column in range(3):
            table.cell(row, column).text = f"{row}{column}"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "רפת"
    paragraph = document.add_paragraph("שורה ראשונה")
    paragraph.add_run().add_break()
    paragraph.add_run("#2 ברשימה, C# ו-&copy; {טיוטה}")
    document.add_paragraph("---")
    document.add_heading("לומדים C#", 2)
    path = tmp_path / "shifts.docx"
    document.save(path)
    result = project.maagal("import", str(path), "--knowledge")
    assert result.code == 0, result.text
    assert "the author 'דנה כהן' is not in the authors file" in result.text
    assert "left out: merged table cells (the text stays in the first cell)" in result.text
    assert project.maagal("check").code == 0
    assert project.maagal("build").code == 0
    page = html(project.root / "site/knowledge/shifts/index.html")
    body = page.select_one("article") or page
    rows = [[c.get_text() for c in r.select("td")] for r in body.select("tbody tr")]
    assert rows == [["רפת", "11", "12"], ["", "21", "22"]]
    text = body.get_text(" ")
    assert "#2 ברשימה, C# ו-&copy; {טיוטה}" in text
    assert "---" in text
    assert [h.get_text(strip=True).rstrip("¶") for h in body.select("h2")] == ["לומדים C#"]
    assert len(page.select("h1")) == 1
