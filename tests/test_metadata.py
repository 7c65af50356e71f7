"""Link previews and structured data, read back as a previewer and a search engine would:
the meta tags parsed from the page, the JSON-LD extracted by extruct."""

from __future__ import annotations

import io
from pathlib import Path

import extruct
import pytest
from PIL import Image

from conftest import Project, html


def _og(page) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for meta in page.select("meta[property], meta[name^='twitter:']"):
        key = meta.get("property") or meta["name"]
        tags.setdefault(key, []).append(meta["content"])
    return tags


def _json_ld(path: Path) -> list[dict]:
    return extruct.extract(path.read_text("utf-8"), syntaxes=["json-ld"], uniform=True)["json-ld"]


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("index.html", "website"),
        ("issues/index.html", "website"),
        ("issues/4/index.html", "website"),
        ("issues/4/regional-purchasing/index.html", "article"),
        ("en/issues/4/regional-purchasing/index.html", "article"),
        ("papers/classification-2005/index.html", "article"),
        ("events/index.html", "website"),
        ("authors/noa-barkai/index.html", "website"),
    ],
)
def test_every_page_has_a_link_preview(sample_site: Path, rel: str, kind: str) -> None:
    page = html(sample_site / rel)
    og = _og(page)
    assert og["og:type"] == [kind]
    assert og["og:title"][0] and og["og:description"][0] and og["og:site_name"][0]
    assert og["og:url"][0].startswith("https://maagal.example/") and og["og:url"][0].endswith(
        rel.removesuffix("index.html")
    )
    lang = "en" if rel.startswith("en/") else "he"
    assert og["og:locale"] == [{"he": "he_IL", "en": "en_GB"}[lang]]
    assert og["twitter:card"][0] in ("summary", "summary_large_image")


def test_an_article_preview_names_its_date_authors_and_issue(sample_site: Path) -> None:
    og = _og(html(sample_site / "issues/4/regional-purchasing/index.html"))
    assert og["article:published_time"] == ["2017-11-01T00:00:00+02:00"]
    assert og["article:section"] == ["גיליון 4 · נובמבר 2017"]
    authors = og["article:author"]
    assert authors and all(url.startswith("https://maagal.example/authors/") for url in authors)
    assert og["og:locale:alternate"] == ["en_GB"]
    assert og["og:description"][0].startswith("כשקיבוצים שכנים")


def test_structured_data_of_an_article_issue_and_paper(sample_site: Path) -> None:
    [article] = _json_ld(sample_site / "issues/4/regional-purchasing/index.html")
    assert article["@type"] == "NewsArticle"
    assert article["inLanguage"] == "he" and article["datePublished"].endswith("+02:00")
    assert [a["@type"] for a in article["author"]] == ["Person"] * len(article["author"])
    assert article["isPartOf"]["@type"] == "PublicationIssue"
    assert article["isPartOf"]["issueNumber"] == "4"
    [issue] = _json_ld(sample_site / "en/issues/4/index.html")
    assert issue["@type"] == "PublicationIssue" and issue["datePublished"] == "2017-11"
    assert issue["isPartOf"]["@type"] == "Periodical"
    [paper] = _json_ld(sample_site / "en/papers/classification-2005/index.html")
    assert paper["@type"] == "Report" and paper["datePublished"] == "2005-09-20"
    assert paper["creativeWorkStatus"] and paper["author"]


@pytest.mark.slow
def test_structured_data_of_meetings_carries_time_place_and_status(project: Project) -> None:
    project.write(
        "events/forum.md",
        "---\ntitle: פורום הדרום\nkind: forum\nstart: 2027-07-12 17:00\nend: 2027-07-12 20:00\n"
        'location: קיבוץ נחל עוז, "בית העם"\nregion: south\nstatus: cancelled\n---\nמפגש.\n',
    )
    project.write(
        "events/online.md",
        "---\ntitle: מפגש מקוון\nkind: workshop\nstart: 2027-01-10\nlocation: online\n"
        "region: national\nregistration: https://circle.example/register\n---\nסדנה.\n",
    )
    assert project.maagal("build").code == 0
    [forum] = _json_ld(project.root / "site/events/forum/index.html")
    assert forum["@type"] == "Event"
    assert forum["startDate"] == "2027-07-12T17:00:00+03:00"  # summer time in Israel
    assert forum["endDate"] == "2027-07-12T20:00:00+03:00"
    assert forum["eventStatus"] == "https://schema.org/EventCancelled"
    assert forum["location"] == {
        "@type": "Place",
        "name": 'קיבוץ נחל עוז, "בית העם"',
        "address": 'קיבוץ נחל עוז, "בית העם"',
    }
    [online] = _json_ld(project.root / "site/events/online/index.html")
    assert online["startDate"] == "2027-01-10"
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["location"] == {
        "@type": "VirtualLocation",
        "url": "https://circle.example/register",
    }


@pytest.mark.slow
def test_a_raster_cover_is_the_preview_image(project: Project) -> None:
    cover = io.BytesIO()
    Image.new("RGB", (2400, 1260), (200, 160, 60)).save(cover, "PNG")
    project.write("issues/1/cover.png", cover.getvalue())
    project.write(
        "issues/1/index.md",
        "---\ndate: 2017-11\ntitle: שיתופי פעולה\ncover: cover.png\n"
        "cover_alt: שדה חיטה </script> בשקיעה\n---\nדבר המערכת.\n",
    )
    project.write(
        "issues/1/index.en.md",
        "---\ntitle: Cooperation\ncover_alt: A wheat field at sunset\n---\nEditorial.\n",
    )
    assert project.maagal("build").code == 0
    og = _og(project.page("issues/1/first/index.html"))
    # The cover's largest web copy, not the original (`load/pictures.py`).
    assert og["og:image"] == ["https://maagal.example/issues/1/cover.1600w.png"]
    assert og["og:image:alt"] == ["שדה חיטה </script> בשקיעה"]
    assert og["twitter:card"] == ["summary_large_image"]
    assert _json_ld(project.root / "site/issues/1/index.html")[0]["@type"] == "PublicationIssue"
    # The email edition shows a raster cover, described.
    email = project.page("issues/1/email.html")
    assert [img.get("alt") for img in email.find_all("img")] == ["שדה חיטה </script> בשקיעה"]
