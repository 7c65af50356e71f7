"""`maagal check-feeds [SITE_DIR]`: every feed of a built site, as a feed reader sees it.

Every `feed.xml` (RSS) and `atom.xml` (Atom) under SITE_DIR must parse with feedparser without a
"bozo" error (malformed XML, a wrong encoding, an unknown entity), have at least the channel's
title, and every item must link to its page with an absolute http(s) URL — and so must each of
its other links (enclosures, alternates) and every `href`/`src` in its text, since feed readers
and RSS-to-email services show the text outside the site. Prints one line per problem and exits
1 when there is any, 0 when all feeds are sound.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser

FEED_NAMES = ("feed.xml", "atom.xml")


def is_absolute(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class _Urls(HTMLParser):
    """Collects the values of href and src attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(value for name, value in attrs if name in ("href", "src") and value)


def _urls_in_html(html: str) -> list[str]:
    parser = _Urls()
    parser.feed(html)
    parser.close()
    return parser.urls


def _texts(entry) -> list[str]:
    texts = [c.get("value", "") for c in entry.get("content", [])]
    if entry.get("summary"):
        texts.append(entry["summary"])
    return texts


def check_feed(path: Path, shown: str) -> list[str]:
    """Every problem of one feed file, as 'PATH: message' lines."""
    # Keep relative URLs as written: by default feedparser resolves them against the feed's
    # address, which would hide exactly what this check is for.
    parsed = feedparser.parse(path.read_bytes(), resolve_relative_uris=False, sanitize_html=False)
    problems = []
    if parsed.bozo:
        problems.append(
            f"{shown}: does not parse as a feed ({type(parsed.bozo_exception).__name__}: "
            f"{parsed.bozo_exception})"
        )
        return problems
    if not parsed.version:
        problems.append(f"{shown}: is neither RSS nor Atom")
        return problems
    if not parsed.feed.get("title"):
        problems.append(f"{shown}: the feed has no title")
    for number, entry in enumerate(parsed.entries, start=1):
        name = f"item {number} ({entry.get('title', 'untitled')!r})"
        link = entry.get("link", "")
        if not link:
            problems.append(f"{shown}: {name} has no link")
        elif not is_absolute(link):
            problems.append(f"{shown}: {name} links to {link!r}, not an absolute http(s) URL")
        others = [item.get("href", "") for item in entry.get("links", [])]
        others += [item.get("href", "") for item in entry.get("enclosures", [])]
        for url in sorted({u for u in others if u and u != link and not is_absolute(u)}):
            problems.append(f"{shown}: {name} has a relative link {url!r}")
        inner = {u for text in _texts(entry) for u in _urls_in_html(text)}
        for url in sorted(u for u in inner if not is_absolute(u) and not u.startswith("mailto:")):
            problems.append(f"{shown}: {name} has a relative URL {url!r} in its text")
    return problems


def find_feeds(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.name in FEED_NAMES and p.is_file())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0] if args else "site")
    if not site.is_dir():
        print(f"{site}: no such folder — build the site first ('maagal build')", file=sys.stderr)
        return 2
    feeds = find_feeds(site)
    if not feeds:
        print(f"{site}: no feed.xml or atom.xml found — did the build run?", file=sys.stderr)
        return 1
    problems = [p for feed in feeds for p in check_feed(feed, feed.relative_to(site).as_posix())]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{len(problems)} {noun} in the feeds of {site}.", file=sys.stderr)
        return 1
    print(f"{len(feeds)} feeds in {site} parse, and every item links to an absolute URL.")
    return 0
