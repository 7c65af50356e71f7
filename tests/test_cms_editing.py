"""Editing in the web editor (Sveltia CMS 0.221.1, its test-repo backend in the browser's
origin-private file system, see `cms_harness.py`) as a volunteer would, then `maagal check`
and `maagal build` on what it wrote."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Error as PlaywrightError

from browser_support import require_chromium, screenshot
from cms_harness import (
    Editor,
    choose,
    content_files,
    copy_site,
    documents,
    editor,
    editor_config,
    field_directions,
    field_label,
    marked_titles,
    save_unchanged,
    site_files,
    type_markdown,
    write_admin,
    write_back,
)
from conftest import html, run_maagal

require_chromium()

# Sveltia 0.221.1 throws this (and goes on) when an entry with no English file is saved: its
# language switcher reads the checks of the language that is off (`Object.values(undefined)`).
# The entry is saved right and no English file is written.
NO_TRANSLATION_ERROR = "Cannot convert undefined or null to object"


def _build(root: Path, out: str, env: dict[str, str] | None = None) -> Path:
    done = run_maagal("build", "--site-dir", str(root / out), cwd=root, env=env)
    assert done.code == 0, done.text
    return root / out


# The editors' guide, opened after the whole round before it, shows its text's figure component
# focused and no title field at all (seen on 2026-12-03, not understood; opened first, or alone,
# it opens and saves): it goes first.
FIRST = [("pages", "guide")]


@pytest.mark.slow
@pytest.mark.browser
def test_opening_and_saving_every_document_changes_nothing_in_the_site(
    tmp_path: Path, browser
) -> None:
    site = copy_site(tmp_path / "circle")
    before = site_files(_build(site, "before"))
    # (No preview pane: it draws each entry with the site's stylesheets, which is the
    # volunteer's test's business, and took a third of this one's time.)
    admin = write_admin(site, tmp_path / "served", preview=False)
    config = editor_config(site)
    entries = sorted(documents(site), key=lambda entry: entry not in FIRST)
    # (A narrower window: Chromium paints every frame in software; this test took 34 s of
    # processor time at 1280 × 900, 25 s at 800 × 900. At 500 high the guide's code block,
    # whose highlighter is asked for below, was not drawn.)
    with editor(browser, site, admin, 800, marked_titles(site)) as cms:
        for collection, slug in entries:
            try:
                save_unchanged(cms, collection, slug, field_label(config, collection, "title"))
            except Exception as failed:
                failed.add_note(f"while saving {collection}/{slug}")
                cms.page.screenshot(path=str(tmp_path / "failed.png"))
                raise
        saved = cms.files()
        assert set(cms.errors) <= {NO_TRANSLATION_ERROR}, cms.errors
        # Nothing leaves the site: its fonts are the site's own copies, the page's policy refuses
        # Sveltia's version and status checks before they are sent (test_cms_browser.py), and
        # the guide's code block asked for Sveltia's highlighter and got the site's own module.
        assert cms.offsite_hosts() == set(), cms.external
        assert f"{cms.base}admin/offline-module.js" in cms.asked
    changed = write_back(saved, site)
    # Every document was written again (Sveltia's own YAML: lists as blocks, single quotes,
    # `draft: false`, a blank line before the text), and nothing else.
    markdown = {p for p in content_files(site) if p.endswith(".md")}
    assert set(changed) == markdown
    check = run_maagal("check", cwd=site)
    assert check.code == 0, check.text
    after = site_files(_build(site, "after"))
    assert after.keys() == before.keys()
    assert [p for p in before if before[p] != after[p]] == []


# What the volunteer types (an article for issue 4, a new issue, a translation).
ARTICLE = {
    "כותרת": "גינה קהילתית אחת לשלושה קיבוצים",
    "כותרת משנה": "איך הפכה חלקה נטושה בין הגדרות למקום שבו נפגשים שכנים",
}
ARTICLE_BODY = """\
בקצה השדה, בין הגדר של קיבוץ אחד לגדר של שכנו, עמדה שנים חלקה שאיש לא עיבד. באביב שעבר \
החליטו חברים משלושה קיבוצים לגדל בה ירקות יחד.

<!-- more -->

/// pullquote | נועה ברקאי
הערוגות היו התירוץ; מה שצמח באמת הוא ההיכרות.
///

![תרשים עמודות של החיסכון השנתי בארבעה תחומי רכש](regional-purchasing-chart.svg)
/// caption
את הגינה מימן הכסף שנחסך ברכש המשותף.
///
"""
ARTICLE_FILE = "community-garden"
ISSUE_TITLE = "מים וחקלאות"
TRANSLATION_TITLE = "Cooperation between neighbouring kibbutzim"
TRANSLATION_BODY = "Neighbouring kibbutzim share a regional school, a clinic and their purchasing."


def _next_month() -> dt.date:
    today = dt.datetime.now(ZoneInfo("Asia/Jerusalem")).date()
    return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _write_article(cms: Editor) -> list[list[str]]:
    """A new article in issue 4, typed as a volunteer would; returns the fields' directions."""
    cms.page.goto(f"{cms.base}admin/#/collections/articles-4/new")
    cms.page.locator("input[lang]").first.wait_for()
    for label, text in ARTICLE.items():
        cms.page.get_by_role("textbox", name=label, exact=True).fill(text)
    choose(cms, "כותבים", "נועה ברקאי")
    choose(cms, "כותבים", "אמיר סלע")
    choose(cms, "נושאים", "שיתופי פעולה")
    cms.page.get_by_role("textbox", name="Slug").fill(ARTICLE_FILE)  # the file's name
    cms.page.locator("[contenteditable=true]").first.click()
    cms.page.keyboard.type(ARTICLE_BODY.split(".")[0])  # the rich-text mode, for a while
    directions = field_directions(cms)
    type_markdown(cms, ARTICLE_BODY)  # no editor components yet for the pull quote, figure
    for width in (390, 1280):  # a phone, a desktop, the form from its top
        cms.page.set_viewport_size({"width": width, "height": 900})
        _scroll_to(cms, cms.page.get_by_role("textbox", name="כותרת", exact=True))
        screenshot(cms.page, f"cms-new-article-{width}")
    cms.save()
    return directions


def _scroll_to(cms: Editor, field: Any) -> None:
    """Scroll `field` into view once the form has settled at the window's new width: Sveltia
    draws the form again after a resize, and a field found in the old one is no longer on the
    page (seen on 2026-12-05, at either commit, about one run in two)."""
    for attempt in range(10):
        try:
            field.scroll_into_view_if_needed(timeout=5000)
            return
        except PlaywrightError as moved:
            if "not attached" not in str(moved) or attempt == 9:
                raise
            cms.page.wait_for_timeout(200)


def _volunteer_edits(cms: Editor, month: dt.date) -> None:
    """A new issue for next month, a cancelled meeting, an adopted paper, a translation."""
    page = cms.page
    page.goto(f"{cms.base}admin/#/collections/issues/new")
    page.locator("input[lang]").first.wait_for()
    page.get_by_role("textbox", name="כותרת", exact=True).fill(ISSUE_TITLE)
    page.get_by_role("textbox", name="תאריך", exact=True).fill(f"{month:%Y-%m}")
    type_markdown(cms, "דבר המערכת: הגיליון מוקדש למים ולחקלאות המשותפת.")
    cms.save()
    cms.open_entry("events", "north-forum-2026-12")
    page.get_by_role("radio", name="בוטל").click()
    cms.save()
    cms.open_entry("papers", "housing-extensions")
    page.get_by_role("radio", name="אומץ").click()
    cms.save()
    cms.open_entry("knowledge", "regional-cooperation")
    page.get_by_role("radio", name="English (disabled)").first.click()
    page.get_by_role("button", name=re.compile("Enable .*English")).click()
    page.locator("input[lang=en]").first.wait_for()
    page.get_by_role("textbox", name="כותרת", exact=True).fill(TRANSLATION_TITLE)
    type_markdown(cms, TRANSLATION_BODY, "ltr")
    cms.save()


@pytest.mark.slow
@pytest.mark.browser
def test_a_volunteer_writes_schedules_cancels_and_translates(tmp_path: Path, browser) -> None:
    site = copy_site(tmp_path / "circle")
    before = content_files(site)
    admin = write_admin(site, tmp_path / "served")
    month = _next_month()
    with editor(browser, site, admin) as cms:
        directions = _write_article(cms)
        _volunteer_edits(cms, month)
        saved = cms.files()
        assert set(cms.errors) <= {NO_TRANSLATION_ERROR}, cms.errors
        assert cms.offsite_hosts() == set(), cms.external
    # Every field of the Hebrew entry is written right to left: the title and subtitle
    # (`dir="rtl"`), and the text's paragraph.
    assert [d for d in directions if d[0] == "input"] == [["input", "he", "rtl", "rtl"]] * 3
    assert [d for d in directions if d[0] == "p"] == [["p", "", "auto", "rtl"]]
    changed = write_back(saved, site)
    assert sorted(p for p in changed if p not in before) == [
        "docs/knowledge/regional-cooperation.en.md",
        f"issues/4/{ARTICLE_FILE}.md",
        "issues/5/index.md",
    ]
    check = run_maagal("check", cwd=site)
    assert check.code == 0, check.text
    built = _build(site, "site")
    _assert_article(built / f"issues/4/{ARTICLE_FILE}/index.html")
    _assert_the_rest(built)
    later = _build(site, "later", {"SOURCE_DATE_EPOCH": f"{_epoch(month)}"})
    issue = html(later / "issues/5/index.html")
    assert ISSUE_TITLE in issue.get_text()


def _epoch(day: dt.date) -> int:
    """Noon of `day` in Israel, as SOURCE_DATE_EPOCH."""
    return int(dt.datetime.combine(day, dt.time(12), ZoneInfo("Asia/Jerusalem")).timestamp())


def _assert_right_to_left(page: BeautifulSoup, lang: str = "he") -> None:
    assert page.html is not None
    assert (page.html.get("lang"), page.html.get("dir")) == (
        lang,
        "rtl" if lang == "he" else "ltr",
    )


def _assert_article(path: Path) -> None:
    """The new article's page shows what was typed, right to left."""
    page = html(path)
    _assert_right_to_left(page)
    main = page.find("article") or page
    text = main.get_text(" ", strip=True)
    assert page.find("h1").get_text(strip=True) == ARTICLE["כותרת"]
    for typed in (ARTICLE["כותרת משנה"], "נועה ברקאי", "אמיר סלע", "שיתופי פעולה"):
        assert typed in text, typed
    quote = main.find("figure", class_="pullquote")
    assert quote is not None
    assert "הערוגות היו התירוץ; מה שצמח באמת הוא ההיכרות." in quote.get_text()
    assert "נועה ברקאי" in quote.find("figcaption").get_text()
    figure = next(f for f in main.find_all("figure") if f.find("img"))
    assert figure.find("img")["alt"] == "תרשים עמודות של החיסכון השנתי בארבעה תחומי רכש"
    assert figure.find("figcaption").get_text(strip=True) == "את הגינה מימן הכסף שנחסך ברכש המשותף."


def _assert_the_rest(built: Path) -> None:
    """The issue waits for its month; the meeting is cancelled, the paper adopted, the
    knowledge-base page has its English edition."""
    assert not (built / "issues/5").exists()
    meeting = html(built / "events/north-forum-2026-12/index.html")
    assert meeting.find(class_="maagal-notice--cancelled") is not None
    paper = html(built / "papers/housing-extensions/index.html")
    assert paper.find(class_="maagal-status--adopted").get_text(strip=True) == "אומץ"
    english = html(built / "en/knowledge/regional-cooperation/index.html")
    _assert_right_to_left(english, "en")
    assert english.find("h1").get_text(strip=True) == TRANSLATION_TITLE
    assert TRANSLATION_BODY in english.get_text(" ", strip=True)
