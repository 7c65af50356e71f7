"""What the commands tell editors, in the site's language: counts with their plural forms,
`maagal check`'s answer, the preview's banner and `maagal email`'s reasons."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Project
from maagal.addresses.project import find_project
from maagal.commands.check import check, no_problems
from maagal.commands.email import email_edition
from maagal.commands.serve import problems_notice
from maagal.run.errors import ContentInvalid, MaagalError, Report
from maagal.text.i18n import count


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("he", ["0 גיליונות", "גיליון אחד", "שני גיליונות", "3 גיליונות", "11 גיליונות"]),
        ("en", ["0 issues", "1 issue", "2 issues", "3 issues", "11 issues"]),
    ],
)
def test_counts_take_the_plural_form_of_their_number(lang: str, forms: list[str]) -> None:
    assert [count(n, "issue", lang) for n in (0, 1, 2, 3, 11)] == forms


def test_check_says_no_problems_in_the_editors_language(project: Project) -> None:
    """'1 issues, 1 papers' was printed on every small site, in English on a Hebrew one."""
    found = find_project(project.root / "mkdocs.yml")
    site, report = check(found)
    assert not report
    assert no_problems(site, found.default_language) == (
        "לא נמצאו בעיות. 7 קבצים: גיליון אחד, נייר עמדה אחד, 0 מפגשים ועמוד אחד."
    )
    assert no_problems(site, "en") == (
        "No problems: 7 files in 1 issue, 1 paper, 0 events and 1 page."
    )


def _banner(errors: int, lang: str) -> BeautifulSoup:
    report = Report()
    for line in range(1, errors + 1):
        report.add("issues/1/first.md", line, "the title is missing", "add 'title: …'")
    return BeautifulSoup(problems_notice(ContentInvalid(report), lang), "html.parser")


def test_the_preview_banner_speaks_the_editors_language() -> None:
    one = _banner(1, "he")
    banner = one.select_one("#maagal-preview-problems")
    assert (banner["lang"], banner["dir"]) == ("he", "rtl")
    assert banner.p.get_text() == (
        "השמירה האחרונה עוד לא מוצגת כאן: יש בה בעיה אחת לתיקון. "
        "העמוד ייטען מחדש מעצמו כשהיא תתוקן."
    )
    # The problems themselves are `maagal check`'s, in English, left to right.
    problems = banner.select_one("ul")
    assert (problems["lang"], problems["dir"]) == ("en", "ltr")
    assert "issues/1/first.md:1" in problems.get_text()
    assert "יש בה שתי בעיות לתיקון" in _banner(2, "he").p.get_text()
    assert "yet: 3 problems to fix" in _banner(3, "en").p.get_text()


def test_maagal_email_says_why_an_issue_has_no_edition(project: Project) -> None:
    """For a scheduled issue it said 'check the number'; now it says when it comes out, and
    why not for a draft, a missing number or a missing translation."""
    project.write("issues/2/index.md", "---\ndate: 2999-03\ntitle: עתיד\n---\nדבר המערכת.\n")
    project.write("issues/3/index.md", "---\ndate: 2018-01\ntitle: טיוטה\ndraft: true\n---\nד.\n")
    found = find_project(project.root / "mkdocs.yml")

    def said(number: int, lang: str = "he", editors: str = "he") -> str:
        asked = dataclasses.replace(found, languages=[editors, *found.languages])
        with pytest.raises(MaagalError) as error:
            email_edition(asked, number, lang, dt.date(2026, 12, 3))
        return error.value.format_message()

    assert said(2) == (
        "התאריך של גיליון 2 הוא מרץ 2999: הגיליון ומהדורת הדוא״ל שלו יתפרסמו בבנייה הראשונה "
        "ביום 1 במרץ 2999. עד אז אפשר לראות אותו ב־maagal serve."
    )
    assert said(2, editors="en") == (
        "issue 2 is dated March 2999: it is published, with its email edition, by the first "
        "build on 1 March 2999; until then 'maagal serve' shows it"
    )
    assert said(3).startswith("גיליון 3 (issues/3/) אינו מתפרסם: הוא טיוטה (draft: true)")
    assert said(9) == "אין גיליון 9. הגיליונות שבאתר: 1 ו־2."
    project.remove("issues/1/first.en.md")
    project.remove("issues/1/index.en.md")
    assert said(1, "en", editors="en") == (
        "issue 1 has no 'en' edition: issues/1/index.en.md does not exist"
    )
    assert said(1) == (
        "מהדורת הדוא״ל של גיליון 1 עוד לא נבנתה "
        f"({project.root / 'site/issues/1/email.html'}): הריצו קודם maagal build."
    )


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        (
            None,
            "Chromium is not installed: no 'chromium' or 'chromium-browser' on the PATH — "
            "install it (Debian: apt-get install chromium), or set MAAGAL_CHROMIUM to the "
            "Chromium or Chrome you have",
        ),
        (
            "google-chrome",  # the publish workflow's setting, on a machine without Chrome
            "MAAGAL_CHROMIUM=google-chrome, but no 'google-chrome' was found on the PATH or at "
            "that path — install it, set MAAGAL_CHROMIUM to the Chromium you have, or unset it "
            "to use chromium",
        ),
        ("", "MAAGAL_CHROMIUM is set empty, which means no Chromium — unset it to use chromium"),
    ],
)
def test_a_missing_chromium_is_named_as_it_was_looked_for(
    chosen: str | None, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maagal.editions.browser import missing_browser

    monkeypatch.setenv("PATH", str(tmp_path))  # nothing to be found
    assert missing_browser(chosen) == message


def test_a_missing_playwright_is_named_and_not_imported_to_find_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from maagal.editions.browser import missing_browser

    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    imported = "playwright.sync_api" in sys.modules
    assert missing_browser() is None
    assert ("playwright.sync_api" in sys.modules) == imported  # found, not imported
    for name in ("playwright", "playwright.sync_api"):  # as if it were not installed
        monkeypatch.setitem(sys.modules, name, None)
    assert missing_browser() == "the Python package 'playwright' is not installed"
