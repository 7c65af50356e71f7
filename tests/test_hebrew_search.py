"""Hebrew-aware search in headless Chromium against the built sample site: prefix letters,
gershayim and geresh, niqqud, maqaf, root-initial letters, and queries that find nothing."""

from __future__ import annotations

import itertools
import re

import pytest

from browser_support import require_chromium, track_external

require_chromium()

CLINIC = "knowledge/regional-clinic/"
GLOSSARY = "knowledge/glossary/"
NOTHING = None

CASES = [
    # prefix letters and their combinations
    ("מרפאה", CLINIC),
    ("במרפאה", CLINIC),
    ("והמרפאה", CLINIC),
    ("למרפאה", CLINIC),
    ("שבמרפאה", CLINIC),
    ("המרפאה", CLINIC),
    ("כשהמרפאה", CLINIC),
    ("ומהמרפאה", CLINIC),
    ("אחות", CLINIC),
    ("האחות", CLINIC),
    ("מטופלים", CLINIC),
    ("תלמידים", CLINIC),
    # gershayim and geresh, in both spellings
    ('צה"ל', CLINIC),
    ("צה״ל", CLINIC),
    ("מצה״ל", CLINIC),
    ('מצה"ל', CLINIC),
    # vowel points
    ("שלום", CLINIC),
    ("שָׁלוֹם", CLINIC),
    ("מְרַפְאָה", CLINIC),
    # maqaf: each part finds the page
    ("בית", CLINIC),
    ("הספר", CLINIC),
    ("בית־הספר", CLINIC),
    ("בית-הספר", CLINIC),
    # words whose first letters are their own
    ("ברית", CLINIC),
    ("מדינה", CLINIC),
    ("הסכם", CLINIC),
    ("ולדימיר", CLINIC),
    ("הברית", CLINIC),
    ("ההסכם", CLINIC),
    ("למדינה", CLINIC),
    # several words, each folded
    ("מרפאה ברית", CLINIC),
    ("במרפאה שָׁלוֹם", CLINIC),
    # must find nothing
    ("מרפאות", NOTHING),
    ("קליניקה", NOTHING),
    ("פאה", NOTHING),
    ("ב", NOTHING),
]


# One search page per language and browser, kept open: loading Pagefind's index for every
# query cost three seconds each. A query is typed into it, and its results are read once the
# message under the box names the new query.
_PAGES: dict[tuple[int, str], tuple[object, list[str]]] = {}


def _open_results(server: str, browser, query: str, lang: str):
    """The search page of `lang` with `query` typed, once its results are shown."""
    key = (id(browser), server + lang)
    if key not in _PAGES:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        external = track_external(page)
        prefix = "" if lang == "he" else "en/"
        page.goto(server + prefix + "search/", wait_until="load")
        _PAGES[key] = (page, external)
    page, external = _PAGES[key]
    box = page.locator(".pagefind-ui__search-input")
    if box.input_value() != query:
        before = page.evaluate("document.querySelector('.pagefind-ui__message')?.textContent ?? ''")
        box.fill(query)
        # Shown: the message names the new query, and no result is still a grey placeholder
        # (Pagefind's UI draws each result's title and sub-results once its fragment loads).
        page.wait_for_function(
            "([before]) => { const m = document.querySelector('.pagefind-ui__message');"
            " return m && m.textContent !== before && !m.textContent.includes('...')"
            " && !document.querySelector('.pagefind-ui__results .pagefind-ui__loading'); }",
            arg=[before],
            timeout=15_000,
        )
        page.wait_for_timeout(100)
    return page, external


def _search(server: str, browser, query: str, lang: str = "he"):
    page, external = _open_results(server, browser, query, lang)
    links = page.locator(".pagefind-ui__result-link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    excerpts = page.locator(".pagefind-ui__result-excerpt")
    texts = [excerpts.nth(i).inner_html() for i in range(excerpts.count())]
    assert external == []
    return hrefs, texts


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_hebrew_query_finds_the_page(
    server: str, browser, query: str, expected: str | None
) -> None:
    hrefs, _ = _search(server, browser, query)
    if expected is None:
        assert not any(h.rstrip("/").endswith(CLINIC.rstrip("/")) for h in hrefs), hrefs
        assert not any(h.rstrip("/").endswith(GLOSSARY.rstrip("/")) for h in hrefs), hrefs
    else:
        assert any(h.rstrip("/").endswith(expected.rstrip("/")) for h in hrefs), hrefs


def test_exact_match_ranks_above_a_match_without_prefix(server: str, browser) -> None:
    # The glossary has "אחות" as it stands; the clinic page only "האחות", with a prefix.
    hrefs, _ = _search(server, browser, "אחות")
    pages = [h.split("#")[0].rstrip("/") for h in hrefs]
    assert pages.index("/knowledge/glossary") < pages.index("/knowledge/regional-clinic"), pages


def test_excerpt_highlights_the_word_as_it_stands(server: str, browser) -> None:
    _, excerpts = _search(server, browser, "ברית")
    joined = " ".join(excerpts)
    assert "<mark>הברית</mark>" in joined or "<mark>ברית</mark>" in joined
    _, excerpts = _search(server, browser, 'צה"ל')
    joined = " ".join(excerpts)
    assert "<mark>מצה״ל</mark>" in joined, joined
    assert "צהל" not in joined.replace("<mark>", "").replace("</mark>", "")


def test_english_search_keeps_its_stemming(server: str, browser) -> None:
    hrefs, _ = _search(server, browser, "clinics", lang="en")
    assert any(h.rstrip("/").endswith("regional-clinic") for h in hrefs), hrefs


@pytest.mark.parametrize(
    ("query", "lang", "heading", "expected"),
    [
        ("מונחים", "he", "מונחים", GLOSSARY),
        ("assembly decides", "en", "What the assembly decides", "knowledge/general-assembly/"),
    ],
)
def test_results_show_no_heading_permalinks(
    server: str, browser, query: str, lang: str, heading: str, expected: str
) -> None:
    # Python-Markdown's "¶" permalinks in headings are left out of the index: no result's
    # title, sub-result's title (a heading) or excerpt shows one.
    page, external = _open_results(server, browser, query, lang)
    links = page.locator(".pagefind-ui__result-link")
    titles = [links.nth(i).inner_text().strip() for i in range(links.count())]
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    excerpts = page.locator(".pagefind-ui__result-excerpt")
    texts = [excerpts.nth(i).inner_text() for i in range(excerpts.count())]
    assert external == []
    assert any(expected.rstrip("/") in h for h in hrefs), hrefs
    assert not [t for t in titles + texts if "¶" in t], titles + texts
    assert heading in titles, titles  # the heading's own sub-result, as it reads on the page


def test_one_search_finds_pages_in_every_part_of_the_index(project, browser) -> None:
    """The older issues are indexed in parts of two hundred, the newest with everything else;
    the search page merges the parts: one query finds a page in each."""
    import json

    from local_browser import served

    project.write("issues/1/index.en.md", "---\ntitle: Cooperation\n---\nEditorial.\n")
    for number in range(1, 31):
        month = f"{2000 + (number - 1) // 12}-{(number - 1) % 12 + 1:02d}"
        project.write(
            f"issues/{number}/index.md", f"---\ndate: {month}\ntitle: גיליון {number}\n---\nד.\n"
        )
        project.write(
            f"issues/{number}/note.md",
            f"---\ntitle: רשימה {number}\nauthors: [noa-barkai]\n---\n"
            + ("החיסכון של הגיליון.\n" if number in (1, 30) else "רשימה קצרה.\n"),
        )
    project.write(
        "position_papers/housing.md",
        "---\ntitle: דיור\nteam: צוות\nstatus: adopted\ndate: 2005-09-20\n---\nבחיסכון.\n",
    )
    result = project.maagal("build")
    assert result.code == 0, result.text
    site = project.root / "site"
    parts = json.loads((site / "pagefind/maagal-shards.json").read_text("utf-8"))
    assert parts == ["issues-0/", "papers/"]
    with served(site) as base:
        hrefs, _ = _search(base, browser, "חיסכון")
    pages = {h.split("#")[0].rstrip("/") for h in hrefs}
    assert "/issues/1/note" in pages, pages  # an old issue, in the part of issues 0–199
    assert "/issues/30/note" in pages, pages  # the newest, in the main part
    assert "/papers/housing" in pages, pages  # a paper, in the papers' part


_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea](?:\S*[\u05d0-\u05ea])?")


def _doubled(text: str) -> list[str]:
    """Pairs of neighbouring words where the second is the first without its first letters
    (`למדנו מדנו`): a form made for the index, shown to readers (`היום־יום` is one word)."""
    words = [found[0] for found in map(_HEBREW_WORD.search, text.split()) if found]
    return [f"{a} {b}" for a, b in itertools.pairwise(words) if len(b) >= 2 and a.endswith(b)]


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("למדנו", "מה למדנו בשנה הראשונה"),
        ("השתנה", "מה השתנה"),
        ("מדינה", "בין הקהילה למדינה"),
        ("מרפאה", "מה למדנו בשנה הראשונה"),
    ],
)
def test_results_read_as_the_text_was_written(
    server: str, browser, query: str, heading: str
) -> None:
    """The forms added to the index for Hebrew prefixes are not shown: no result's heading or
    excerpt has a word followed by itself without its prefix, a mark of the index's groups, or
    a space before punctuation; the heading reads as on its page."""
    page, external = _open_results(server, browser, query, "he")
    links = page.locator(".pagefind-ui__result-link")
    titles = [links.nth(i).inner_text().strip() for i in range(links.count())]
    excerpts = page.locator(".pagefind-ui__result-excerpt")
    texts = [excerpts.nth(i).inner_text() for i in range(excerpts.count())]
    assert external == [] and texts
    shown = titles + texts
    assert heading in titles, titles
    assert [t for t in shown if _doubled(t)] == [], [_doubled(t) for t in shown]
    assert [t for t in shown if re.search("[⟦⟧⟪⟫]", t)] == []
    assert [t for t in shown if re.search(r"\s[,.;:!?)]", t)] == []
