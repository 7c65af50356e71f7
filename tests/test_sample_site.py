"""The circle's own site, built from the repository, as a reader gets it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import REPO, html

SITE_URL = "https://maagal.example/"


def _articles() -> tuple[Path, Path]:
    """A translated article and a Hebrew-only one, found in the repository's content."""
    translated = untranslated = None
    for path in sorted((REPO / "issues").glob("*/*.md")):
        if path.name.count(".") != 1 or path.stem == "index":
            continue
        twin = path.with_name(f"{path.stem}.en.md")
        if twin.exists() and translated is None:
            translated = path
        if not twin.exists() and untranslated is None:
            untranslated = path
    assert translated and untranslated, "the sample content needs both kinds of article"
    return translated, untranslated


def _page_path(article: Path) -> str:
    return f"issues/{int(article.parent.name)}/{article.stem}/"


def _resolve(page: str, href: str) -> str:
    """A link on site page `page` as a path from the site root."""
    return urlsplit(urljoin("http://x/" + page, href)).path.lstrip("/")


def test_homes_declare_language_and_direction_on_html(sample_site: Path) -> None:
    he = html(sample_site / "index.html").find("html")
    en = html(sample_site / "en/index.html").find("html")
    assert (he["lang"], he["dir"]) == ("he", "rtl")
    assert (en["lang"], en["dir"]) == ("en", "ltr")


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize(
    "path",
    [
        "issues/",
        "issues/1/",
        "papers/",
        "papers/classification-2012/",
        "authors/noa-barkai/",
        "topics/housing/",
        "knowledge/",
        "about/",
        "subscribe/",
        "accessibility/",
    ],
)
def test_every_kind_of_page_exists_in_both_languages(
    sample_site: Path, prefix: str, path: str
) -> None:
    page = html(sample_site / prefix / path / "index.html")
    assert page.find("h1") is not None and page.find("h1").get_text(strip=True)


def test_translated_article_switch_and_hreflang_point_to_its_twin(sample_site: Path) -> None:
    article, _ = _articles()
    path = _page_path(article)
    page = html(sample_site / path / "index.html")
    switch = page.select_one("a.maagal-switch__link")
    assert switch["hreflang"] == "en"
    assert _resolve(path, switch["href"]) == "en/" + path
    hreflang = {
        link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")
    }
    assert hreflang == {
        "he": SITE_URL + path,
        "en": SITE_URL + "en/" + path,
        "x-default": SITE_URL + path,
    }
    twin = html(sample_site / "en" / path / "index.html")
    back = twin.select_one("a.maagal-switch__link")
    assert _resolve("en/" + path, back["href"]) == path


def test_untranslated_article_switch_goes_to_the_issue_with_a_note(sample_site: Path) -> None:
    _, article = _articles()
    path = _page_path(article)
    assert not (sample_site / "en" / path).exists()
    page = html(sample_site / path / "index.html")
    switch = page.select_one("a.maagal-switch__link")
    target = _resolve(path, switch["href"])
    issue = f"issues/{int(article.parent.name)}/"
    assert target == "en/" + issue
    assert switch["href"].endswith("#not-translated")
    landing = html(sample_site / "en" / issue / "index.html")
    note = landing.find(id="not-translated")
    assert "not been translated" in note.get_text()
    hreflang = {link["hreflang"] for link in page.select("link[rel=alternate][hreflang]")}
    assert hreflang == {"he", "x-default"}


def test_article_page_shows_badge_byline_dates_and_reading_time(sample_site: Path) -> None:
    article, _ = _articles()
    number = int(article.parent.name)
    page = html(sample_site / _page_path(article) / "index.html")
    badge = page.select_one(".maagal-article-head .maagal-badge")
    assert re.fullmatch(rf"גיליון {number} · \S+ \d{{4}}", badge.get_text(strip=True))
    assert _resolve(_page_path(article), badge["href"]) == f"issues/{number}/"
    authors = page.select(".maagal-article-head .maagal-byline a[rel=author]")
    assert authors and all(
        _resolve(_page_path(article), a["href"]).startswith("authors/") for a in authors
    )
    assert (
        "דקות קריאה" in page.select_one(".maagal-reading-time").get_text()
        or "דקת קריאה" in page.select_one(".maagal-reading-time").get_text()
    )
    assert page.select_one(".maagal-hebrew-date").get_text(strip=True)


def test_paper_dates_in_hebrew_english_and_the_hebrew_calendar(sample_site: Path) -> None:
    he = html(sample_site / "papers/classification-2005/index.html")
    en = html(sample_site / "en/papers/classification-2005/index.html")
    assert he.select_one("time[datetime='2005-09-20']").get_text() == "20 בספטמבר 2005"
    assert en.select_one("time[datetime='2005-09-20']").get_text() == "20 September 2005"
    assert he.select_one(".maagal-hebrew-date").get_text() == "ט״ז באלול תשס״ה"


def test_superseded_paper_links_forward_with_a_notice(sample_site: Path) -> None:
    old = html(sample_site / "papers/classification-2005/index.html")
    notice = old.select_one(".maagal-notice--superseded")
    assert notice is not None
    link = notice.find("a")
    assert _resolve("papers/classification-2005/", link["href"]) == "papers/classification-2012/"
    new = html(sample_site / "papers/classification-2012/index.html")
    facts = new.select_one(".maagal-facts").get_text()
    assert "מחליף את" in facts


def test_issue_page_has_number_month_theme_cover_and_toc(sample_site: Path) -> None:
    page = html(sample_site / "en/issues/1/index.html")
    assert (
        page.select_one(".maagal-kicker")
        .get_text(" ", strip=True)
        .startswith("Issue 1 · November 2016")
    )
    assert page.select_one("img.maagal-cover")["alt"]
    toc = page.select("ol.maagal-toc > li")
    assert len(toc) >= 3
    first = toc[0]
    assert first.select_one(".maagal-card__title a").get_text(strip=True)
    assert first.select_one(".maagal-byline a")
    assert first.select_one(".maagal-card__excerpt").get_text(strip=True)


def test_archive_groups_issues_by_year_newest_first(sample_site: Path) -> None:
    page = html(sample_site / "issues/index.html")
    years = [int(h.get_text()) for h in page.select(".maagal-year > h2")]
    assert years == sorted(years, reverse=True) and len(years) >= 2


def test_home_leads_with_the_latest_issue(sample_site: Path) -> None:
    latest = max(int(p.name) for p in (REPO / "issues").iterdir() if p.name.isdigit())
    for prefix in ("", "en/"):
        page = html(sample_site / prefix / "index.html")
        lead = page.select_one(".maagal-lead")
        assert lead.select_one("img.maagal-cover")
        href = lead.select_one(".maagal-lead__title a")["href"]
        assert _resolve(prefix, href) == f"{prefix}issues/{latest}/"
        assert lead.select("ol.maagal-toc > li")
        assert page.select("#recent-papers ~ .maagal-card") or page.select(".maagal-card--paper")


def test_author_page_lists_articles_across_issues(sample_site: Path) -> None:
    page = html(sample_site / "authors/noa-barkai/index.html")
    assert page.find("h1").get_text(strip=True) == "נועה ברקאי"
    assert page.select(".maagal-card")


def test_sitemap_carries_alternates(sample_site: Path) -> None:
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="en" href="https://maagal.example/en/papers/land-rights/"' in sitemap
    assert "<lastmod>" not in sitemap


_REQUEST_ATTRS = ("href", "src", "action", "srcset", "poster", "data")


def test_no_third_party_host_in_any_page_or_stylesheet(sample_site: Path) -> None:
    offenders = []
    for path in sample_site.rglob("*.html"):
        page = html(path)
        for tag in page.find_all(True):
            for attr in _REQUEST_ATTRS:
                value = tag.get(attr)
                external = isinstance(value, str) and re.match(r"(https?:)?//", value)
                if external and urlsplit(value).hostname != "maagal.example":
                    offenders.append(f"{path}: <{tag.name} {attr}={value}>")
    for path in sample_site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]*)\)", path.read_text(encoding="utf-8")):
            url = url.strip("'\" ")
            if not url.startswith("data:") and re.match(r"(https?:)?//", url):
                offenders.append(f"{path}: url({url})")
    assert offenders == []


def test_interface_labels_follow_the_page_language(sample_site: Path) -> None:
    he = html(sample_site / "index.html")
    en = html(sample_site / "en/index.html")
    assert he.select_one(".md-tabs__link").get_text(strip=True) == "דף הבית"
    assert en.select_one(".md-tabs__link").get_text(strip=True) == "Home"
    assert he.select_one("label[for=__drawer]") is not None


def test_hebrew_headings_get_hebrew_anchors(sample_site: Path) -> None:
    page = html(sample_site / "papers/classification-2005/index.html")
    ids = [h["id"] for h in page.select(".md-content h2[id]")]
    assert ids and all(not re.fullmatch(r"_\d+", i) for i in ids)
    assert any(re.search(r"[\u0590-\u05FF]", i) for i in ids)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_editors_guide_examples_render(sample_site: Path, prefix: str) -> None:
    page = html(sample_site / prefix / "guide/index.html")
    content = page.select_one(".md-content")
    assert content.select_one("figure.pullquote blockquote").get_text(strip=True)
    assert content.select_one("figure.pullquote figcaption").get_text(strip=True)
    figure = next(f for f in content.select("figure") if f.find("img"))
    assert figure.find("img")["alt"] and figure.find("figcaption").get_text(strip=True)
    assert (sample_site / prefix / "guide" / figure.find("img")["src"]).resolve().is_file()
    assert len(content.select("pre code")) >= 5  # the front-matter and Markdown examples
    for block in content.select("pre, code"):
        block.decompose()
    assert "/// pullquote" not in content.get_text()  # no example left unrendered
    footer = page.select(".maagal-footer__links a")
    assert f"{prefix}guide/" in {_resolve(f"{prefix}guide/", a["href"]) for a in footer}


@pytest.mark.parametrize(
    ("prefix", "lang", "heading", "other"),
    [("", "he", "הדף לא נמצא", "en"), ("en/", "en", "Page not found", "he")],
)
def test_the_page_for_a_missing_address_speaks_the_readers_language(
    sample_site: Path, prefix: str, lang: str, heading: str, other: str
) -> None:
    """Material's says "404 - Not found" in English: each language's says what happened and
    leads home and to the search, in its language first and then in the other (a host serves
    the root's page at every missing address, English ones included). Its links start at the
    server's root: it is served at any depth."""
    page = html(sample_site / prefix / "404.html")
    root = page.find("html")
    assert (root["lang"], root["dir"]) == (lang, "rtl" if lang == "he" else "ltr")
    assert page.find("h1").get_text(strip=True) == heading
    assert "404" not in page.select_one(".md-content").get_text()
    sections = page.select("section.maagal-not-found")
    assert [s["lang"] for s in sections] == [lang, other]
    for section in sections:
        home = "/" if section["lang"] == "he" else "/en/"
        links = [a["href"] for a in section.select("a")]
        assert links == [home, home + "search/"]
        for href in links:
            assert (sample_site / href.lstrip("/") / "index.html").is_file()


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize(
    "path", ["index.html", "issues/4/regional-purchasing/index.html", "404.html"]
)
def test_the_logo_is_named_by_its_link_in_the_pages_language(
    sample_site: Path, prefix: str, path: str
) -> None:
    """The logo stands in a link named by the site's name, written beside it: the picture is
    decorative (empty alt), where Material's "logo" was read out on every Hebrew page."""
    name = (
        html(sample_site / prefix / "index.html")
        .select_one(".md-header__topic")
        .get_text(strip=True)
    )
    page = html(sample_site / prefix / path)
    logos = page.select("a.md-logo")
    assert len(logos) == 2  # the header's and the navigation drawer's
    for link in logos:
        assert link["aria-label"] == name
        assert [img["alt"] for img in link.select("img")] == [""]
    assert not page.select('img[alt="logo"]')
