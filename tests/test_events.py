"""Events: pages a member reads, calendars a calendar app subscribes to, editors' mistakes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
import vobject

from conftest import REPO, Project, html

UTC = dt.UTC


def _ics_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.ics"))


def _events_in_repo() -> list[str]:
    return sorted(p.stem for p in (REPO / "events").glob("*.md") if p.name.count(".") == 1)


def test_every_calendar_parses_with_two_libraries(sample_site: Path) -> None:
    files = _ics_files(sample_site)
    assert len(files) >= 2 * (len(_events_in_repo()) + 1)
    for path in files:
        data = path.read_bytes()
        calendar = icalendar.Calendar.from_ical(data)
        events = calendar.walk("VEVENT")
        # A series with no meeting in this language is an empty, valid calendar.
        assert events or "/series/" in str(path), path
        assert len({str(e["UID"]) for e in events}) == len(events)
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Jerusalem"
        parsed = vobject.readOne(data.decode("utf-8"))
        assert len(getattr(parsed, "vevent_list", [])) == len(events)
        assert str(calendar["X-WR-CALNAME"])


def test_the_main_calendar_has_one_vevent_per_event_and_language_names(sample_site: Path) -> None:
    he = icalendar.Calendar.from_ical((sample_site / "events/calendar.ics").read_bytes())
    en = icalendar.Calendar.from_ical((sample_site / "en/events/calendar.ics").read_bytes())
    assert len(he.walk("VEVENT")) == len(_events_in_repo())
    assert "מפגשים" in str(he["X-WR-CALNAME"]) and "Meetings" in str(en["X-WR-CALNAME"])
    # The same meeting has the same UID in both languages: no duplicates for a member
    # subscribed to both.
    he_uids = {str(e["UID"]) for e in he.walk("VEVENT")}
    assert {str(e["UID"]) for e in en.walk("VEVENT")} <= he_uids


def _vevent(site: Path, slug: str, lang: str = "") -> icalendar.Event:
    prefix = "en/" if lang == "en" else ""
    calendar = icalendar.Calendar.from_ical(
        (site / prefix / f"events/{slug}/event.ics").read_bytes()
    )
    return calendar.walk("VEVENT")[0]


def test_israel_time_in_summer_and_winter(sample_site: Path) -> None:
    summer = _vevent(sample_site, "south-forum-2027-07")["DTSTART"].dt
    winter = _vevent(sample_site, "south-forum-2027-01")["DTSTART"].dt
    assert summer.astimezone(UTC).hour == 14  # 17:00 IDT
    assert winter.astimezone(UTC).hour == 15  # 17:00 IST
    parsed = vobject.readOne((sample_site / "events/south-forum-2027-07/event.ics").read_text())
    assert parsed.vevent.dtstart.value.astimezone(UTC).hour == 14


def test_all_day_events_are_dates(sample_site: Path) -> None:
    workshop = _vevent(sample_site, "office-holders-workshop-2027")
    assert workshop["DTSTART"].dt == dt.date(2027, 5, 4)
    assert workshop["DTEND"].dt == dt.date(2027, 5, 6)  # exclusive: the day after the last day
    assert not isinstance(workshop["DTSTART"].dt, dt.datetime)


def test_cancelled_and_postponed_meetings(sample_site: Path) -> None:
    assert str(_vevent(sample_site, "south-forum-2026-10")["STATUS"]) == "CANCELLED"
    assert str(_vevent(sample_site, "north-forum-2027-02")["STATUS"]) == "TENTATIVE"
    page = html(sample_site / "events/south-forum-2026-10/index.html")
    assert (
        page.select_one(".maagal-notice--cancelled").get_text(strip=True).startswith("המפגש בוטל")
    )
    en = html(sample_site / "en/events/south-forum-2027-01/index.html")
    assert not en.select(".maagal-notice")


def test_event_page_shows_what_a_member_needs(sample_site: Path) -> None:
    page = html(sample_site / "events/south-forum-2026-03/index.html")
    facts = page.select_one(".maagal-facts").get_text(" ", strip=True)
    assert "17 במרץ 2026, 17:00\u2060–\u206020:00" in facts  # the time range never breaks
    assert "באדר" in page.select_one(".maagal-hebrew-date").get_text()
    assert page.select_one("a[href='event.ics']")
    assert page.find(id="summary")  # the summary written after the meeting
    kicker = page.select_one(".maagal-kicker a")
    assert kicker["href"].endswith("series/south-forum/")
    en = html(sample_site / "en/events/study-day-2027/index.html")
    assert "25 March 2027" in en.select_one(".maagal-facts").get_text()
    assert en.select_one("a.md-button[href^='https://maagal.example/register']")
    assert en.find("link", type="text/calendar")


def test_series_page_lists_its_meetings_and_calendar(sample_site: Path) -> None:
    for prefix in ("", "en/"):
        page = html(sample_site / prefix / "events/series/south-forum/index.html")
        meetings = page.select(".maagal-event")
        expected = 5 if not prefix else len(list((REPO / "events").glob("south-forum-*.en.md")))
        assert len(meetings) == expected
        assert page.select_one("a[href='calendar.ics']")


def test_events_index_carries_instants_for_the_browser(sample_site: Path) -> None:
    page = html(sample_site / "events/index.html")
    cards = page.select(".maagal-event")
    assert len(cards) == len(_events_in_repo())
    summer = page.select_one(".maagal-event[data-begins='2027-07-13T14:00:00Z']")
    assert summer is not None and summer["data-ends"] == "2027-07-13T17:00:00Z"
    assert page.select("select[data-filter=region] option") and page.select(
        "select[data-filter=kind] option"
    )


@pytest.mark.slow
def test_calendars_are_reproducible_and_uids_survive_edits(project: Project) -> None:
    project.write("events/series.yml", "south-forum: {he: פורום הדרום, en: Southern Forum}\n")
    project.write(
        "events/meeting.md",
        "---\ntitle: מפגש\nkind: forum\nseries: south-forum\n"
        "start: 2027-07-13 17:00\nend: 2027-07-13 20:00\nlocation: קיבוץ\n"
        "region: south\n---\nעל המפגש.\n",
    )
    assert project.maagal("build").code == 0
    first = (project.root / "site/events/calendar.ics").read_bytes()
    uid = str(icalendar.Calendar.from_ical(first).walk("VEVENT")[0]["UID"])
    assert project.maagal("build").code == 0
    assert (project.root / "site/events/calendar.ics").read_bytes() == first
    project.remove("events/meeting.md")
    project.write(
        "events/renamed.md",
        "---\nid: events/meeting\ntitle: שם אחר\nkind: forum\n"
        "start: 2027-07-14 18:00\nlocation: קיבוץ\nstatus: cancelled\n---\nט.\n",
    )
    assert project.maagal("build").code == 0
    moved = icalendar.Calendar.from_ical(
        (project.root / "site/events/calendar.ics").read_bytes()
    ).walk("VEVENT")[0]
    assert str(moved["UID"]) == uid
    assert str(moved["STATUS"]) == "CANCELLED"


@pytest.mark.slow
def test_sequence_grows_with_each_commit(project: Project) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(
            ["git", *args],
            cwd=project.root,
            check=True,
            capture_output=True,
            env={
                "GIT_AUTHOR_NAME": "t",
                "GIT_AUTHOR_EMAIL": "t@x",
                "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@x",
                "GIT_AUTHOR_DATE": date,
                "GIT_COMMITTER_DATE": date,
                "PATH": "/usr/bin:/bin",
            },
        )

    project.write(
        "events/meeting.md",
        "---\ntitle: מפגש\nkind: forum\nstart: 2027-07-13 17:00\nlocation: קיבוץ\n---\nט.\n",
    )
    date = "2026-11-01T10:00:00+02:00"
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    assert project.maagal("build").code == 0
    before = _vevent(project.root / "site", "meeting")
    project.write(
        "events/meeting.md",
        "---\ntitle: מפגש\nkind: forum\nstart: 2027-07-20 17:00\nlocation: קיבוץ\n---\nט.\n",
    )
    date = "2026-11-20T10:00:00+02:00"
    git("commit", "-qam", "moved")
    assert project.maagal("build").code == 0
    after = _vevent(project.root / "site", "meeting")
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"]) > 0
    assert after["DTSTAMP"].dt == dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert after["LAST-MODIFIED"].dt == after["DTSTAMP"].dt


def test_new_events_and_summaries_reach_the_updates_feed(sample_site: Path) -> None:
    import feedparser

    entries = feedparser.parse((sample_site / "feed.xml").read_bytes()).entries
    links = [e.link for e in entries]
    assert any(link.startswith("https://maagal.example/events/") for link in links)
    assert any(link.endswith("/#summary") for link in links)


# Mistakes in an event's front matter are golden cases: tests/cases/37-41 and 77-84.


@pytest.mark.slow
def test_new_event_is_published_once_its_placeholders_are_replaced(project: Project) -> None:
    project.write("events/series.yml", "south-forum: {he: פורום הדרום, en: Southern Forum}\n")
    result = project.maagal("new", "event", "south-forum-next", "--series", "south-forum")
    assert result.code == 0, result.text
    refused = project.maagal("build")
    assert refused.code == 1
    assert (
        "events/south-forum-next.md:2: still holds the placeholder text 'maagal new' wrote: "
        "the title, the location, line 10"
    ) in refused.text
    for rel, own in (
        ("events/south-forum-next.md", ("מפגש הסתיו", "קיבוץ נחל עוז", "מפגש על ענף המזון.")),
        ("events/south-forum-next.en.md", ("Autumn meeting", "Kibbutz Nahal Oz", "On food.")),
    ):
        path = project.root / rel
        text = path.read_text(encoding="utf-8").split("---\n")
        front = "\n".join(
            line
            if not line.startswith(("title:", "location:"))
            else line.split(":")[0] + ": " + (own[0] if line.startswith("title") else own[1])
            for line in text[1].split("\n")
        )
        path.write_text(f"---\n{front}---\n{own[2]}\n\n<!-- summary -->\n", encoding="utf-8")
    built = project.maagal("build")
    assert built.code == 0, built.text
    page = project.page("events/south-forum-next/index.html")
    assert page.find("h1").get_text(strip=True) == "מפגש הסתיו"
    assert page.find(id="summary") is None  # nothing below the marker yet: no empty heading
    assert (project.root / "site/en/events/south-forum-next/event.ics").is_file()


def test_israel_timezone_rules_match_the_tz_database() -> None:
    from zoneinfo import ZoneInfo

    from maagal.outputs.calendars import israel_timezone

    zone = israel_timezone()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "test")
    calendar.add("version", "2.0")
    calendar.add_component(zone)
    israel = ZoneInfo("Asia/Jerusalem")
    day = dt.datetime(2014, 1, 1, 12)
    events = []
    while day.year < 2038:
        event = icalendar.Event()
        event.add("uid", day.isoformat())
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=UTC))
        event.add("dtstart", day.replace(tzinfo=israel))
        calendar.add_component(event)
        events.append(day)
        day += dt.timedelta(days=3)
    parsed = vobject.readOne(calendar.to_ical().decode())
    for local, vevent in zip(events, parsed.vevent_list, strict=True):
        expected = local.replace(tzinfo=israel).astimezone(UTC)
        assert vevent.dtstart.value.astimezone(UTC) == expected, local
