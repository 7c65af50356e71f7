"""Publishing on a date: an issue, article or paper dated after the build's day is not on the
site, in the feeds or in the email editions until the first build of its day (the publish
workflow builds every morning); meetings are announced before they take place."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest

from conftest import Project
from maagal.model.when import in_israel

pytestmark = pytest.mark.slow  # every test runs `maagal` in a subprocess
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154"
    "789c633811a00100032401411d199fc40000000049454e44ae426082"
)  # a picture of one pixel


def _epoch(day: dt.date, hour: int = 5) -> str:
    return str(int(in_israel(day, dt.time(hour)).timestamp()))


@pytest.fixture
def scheduled(project: Project) -> Project:
    project.write("issues/2/index.md", "---\ndate: 2027-03\ntitle: גיליון האביב\n---\nדבר.\n")
    project.write("issues/2/index.en.md", "---\ntitle: The spring issue\n---\nEditorial.\n")
    project.write(
        "issues/2/spring.md",
        "---\ntitle: מאמר האביב\nauthors: [noa-barkai]\norder: 1\n---\nפסקה.\n",
    )
    project.write(
        "issues/1/first.md",
        "---\ntitle: מאמר ראשון\nauthors: [noa-barkai]\norder: 1\ntopics: [cooperation]\n---\n"
        "ראו גם [את מאמר האביב](../2/spring.md).\n",
    )
    project.write(
        "events/spring-forum.md",
        "---\ntitle: פורום האביב\nkind: forum\nstart: 2027-04-20 18:00\nlocation: קיבוץ גבעת ברנר\n"
        "region: center\n---\nמפגש.\n",
    )
    return project


def test_a_future_issue_waits_for_its_day(
    scheduled: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(dt.date(2027, 2, 28)))
    early = scheduled.maagal("build")
    assert early.code == 0, early.text
    site = scheduled.root / "site"
    assert not (site / "issues/2").exists() and not (site / "en/issues/2").exists()
    assert "גיליון האביב" not in (site / "index.html").read_text("utf-8")
    feed = feedparser.parse((site / "issues/feed.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["גיליון 1 · נובמבר 2017 · שיתופי פעולה"]
    first = scheduled.page("issues/1/first/index.html")
    assert "את מאמר האביב" in first.get_text() and not first.select("a[href*='spring']")
    assert (site / "events/spring-forum/index.html").is_file()  # announced ahead

    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(dt.date(2027, 3, 1)))
    on_the_day = scheduled.maagal("build")
    assert on_the_day.code == 0, on_the_day.text
    assert (site / "issues/2/spring/index.html").is_file()
    assert (site / "issues/2/email.html").is_file()
    feed = feedparser.parse((site / "issues/feed.xml").read_bytes())
    assert feed.entries[0].title.startswith("גיליון 2 · מרץ 2027")
    link = scheduled.page("issues/1/first/index.html").select_one("a[href*='spring']")
    assert link is not None and link.get_text() == "את מאמר האביב"


def test_check_checks_what_is_still_to_come(scheduled: Project) -> None:
    check = scheduled.maagal("check")  # the whole content is checked, whatever its date
    assert check.code == 0, check.text
    assert "שני גיליונות" in check.text  # "2 issues", in the site's language


def test_links_however_written_and_pictures_of_what_waits(
    scheduled: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site's own address becomes a link within the site, a link without '.md' or to a
    folder leads to its page, a link to what waits for its day is its text, and nothing of
    what waits (its pictures) is published before it."""
    scheduled.write("issues/2/spring-cover.png", PNG)
    scheduled.write(
        "issues/1/tomorrow.md",
        "---\ntitle: מחר\nauthors: [noa-barkai]\norder: 2\ndate: 2027-03-15\n---\n"
        "![תרשים התוכנית](plan.png)\n",
    )
    scheduled.write("issues/1/plan.png", PNG)
    scheduled.write(
        "issues/1/first.md",
        "---\ntitle: מאמר ראשון\nauthors: [noa-barkai]\norder: 1\ntopics: [cooperation]\n---\n"
        "ראו [נייר הדיור](https://maagal.example/papers/housing/), [הגיליון](../1/), "
        "[את מאמר האביב](https://maagal.example/issues/2/spring/) ו[מחר](tomorrow).\n",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(dt.date(2027, 2, 28)))
    monkeypatch.setenv("MAAGAL_EDITIONS", "off")
    built = scheduled.maagal("build")
    assert built.code == 0, built.text
    site = scheduled.root / "site"
    first = scheduled.page("issues/1/first/index.html")
    hrefs = {a.get_text(): a.get("href") for a in first.select("article a[href]")}
    assert hrefs["נייר הדיור"] == "../../../papers/housing/"
    assert hrefs["הגיליון"] == "../"
    text = first.get_text()
    assert "את מאמר האביב" in text and "מחר" in text
    assert "את מאמר האביב" not in hrefs and "מחר" not in hrefs
    assert not (site / "issues/2").exists() and not (site / "issues/1/plan.png").exists()
