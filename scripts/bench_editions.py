"""What the print editions (PDF) and link-preview cards add to `maagal build`, and how cards
are best drawn.

    python scripts/bench_editions.py --size 5k [--results benchmarks/editions-5k.md]

On one generated archive (scripts/make_corpus.py), in one run: the build without editions (the
reference), the first build with them (nothing cached), the next one (everything cached), and
one after an article's title is edited (its card and its issue's PDF drawn again). Ratios to
the reference are the figures; seconds vary with the machine. Then the choice of the card's
drawer: the same card drawn by Chromium (screenshot) and by Pillow with Raqm, per card.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from bench import SIZES, machine  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

BIN = Path(sys.executable).parent
BASE_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CI": "true"}


def timed_build(corpus: Path, **env: str) -> float:
    start = time.monotonic()
    done = subprocess.run(
        [str(BIN / "maagal"), "build"],
        cwd=corpus,
        env={**BASE_ENV, **env},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"maagal build failed:\n{done.stdout}\n{done.stderr}")
    return time.monotonic() - start


def count_outputs(site: Path) -> tuple[int, int]:
    return sum(1 for _ in site.rglob("*.pdf")), sum(1 for _ in site.rglob("card.png"))


def retitle_an_article(corpus: Path) -> None:
    article = next(p for p in sorted((corpus / "issues").glob("*/*.md")) if p.name != "index.md")
    text = article.read_text(encoding="utf-8")
    retitled = re.sub(r"(?m)^title: (.*)$", r"title: \1 (מתוקן)", text, count=1)
    article.write_text(retitled, "utf-8")


def build_figures(corpus: Path) -> dict:
    """Seconds of each build, in the order a site lives them (the build cache on throughout,
    except for the first: a build from nothing, without editions)."""
    cold_off = timed_build(corpus, MAAGAL_EDITIONS="off", MAAGAL_NO_CACHE="1")
    timed_build(corpus, MAAGAL_EDITIONS="off")  # fills the cache of pages
    warm_off = [timed_build(corpus, MAAGAL_EDITIONS="off") for _ in range(2)]
    cold_on = timed_build(corpus, MAAGAL_EDITIONS="on")  # pages kept, editions drawn
    pdfs, cards = count_outputs(corpus / "site")
    warm_on = [timed_build(corpus, MAAGAL_EDITIONS="on") for _ in range(2)]
    retitle_an_article(corpus)
    edited = timed_build(corpus, MAAGAL_EDITIONS="on")
    return {
        "cold_off_s": cold_off,
        "warm_off_s": statistics.median(warm_off),
        "warm_off_runs": warm_off,
        "cold_on_s": cold_on,
        "warm_on_s": statistics.median(warm_on),
        "warm_on_runs": warm_on,
        "edited_s": edited,
        "pdfs": pdfs,
        "cards": cards,
    }


CARD = {
    "lang": "he",
    "dir": "rtl",
    "site": "המעגל השיתופי",
    "kicker": "גיליון 4 · שיתופי פעולה",
    "title": 'רכש אזורי משותף: דו"ח הוועדה על ה-AI בקיבוץ',
    "subtitle": "כשקיבוצים שכנים מתאמים את ההזמנות שלהם הם חוסכים כסף",
    "date": "נובמבר 2017",
}


def card_figures(count: int = 60) -> dict:
    """Per card: Chromium filling and photographing the card page; Pillow with Raqm drawing
    the same words (one font file per script, as the site ships them)."""
    from maagal.editions.browser import chromium, served
    from maagal.editions.cards import card_template
    from maagal.editions.render import SHOW_CARD

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "card.html").write_text(card_template(), encoding="utf-8")
        fonts = REPO / "src/maagal/theme/assets"
        (root / "assets").symlink_to(fonts)
        with served(root) as base, chromium() as browser:
            page = browser.new_page(viewport={"width": 1200, "height": 630})
            page.goto(base + "card.html")
            page.evaluate(SHOW_CARD, CARD)
            start = time.perf_counter()
            for n in range(count):
                page.evaluate(SHOW_CARD, {**CARD, "date": f"{n} נובמבר 2017"})
                page.screenshot(type="png")
            chromium_ms = (time.perf_counter() - start) / count * 1000
    from PIL import Image, ImageDraw, ImageFont, features

    font_dir = REPO / "src/maagal/theme/assets/fonts"
    title = ImageFont.truetype(str(font_dir / "frank-ruhl-libre-hebrew-700-normal.woff2"), 70)
    body = ImageFont.truetype(str(font_dir / "heebo-hebrew-wght-normal.woff2"), 30)
    start = time.perf_counter()
    for n in range(count):
        image = Image.new("RGB", (1200, 630), "#fbfaf6")
        draw = ImageDraw.Draw(image)
        draw.rectangle((1172, 0, 1200, 630), fill="#1d5c4d")
        draw.rectangle((0, 526, 1200, 630), fill="#1d5c4d")
        for y, text, font in ((64, CARD["kicker"], body), (120, CARD["title"], title)):
            draw.text((1100, y), text, font=font, fill="#1f2a24", anchor="ra", direction="rtl")
        draw.text((100, 560), f"{n} נובמבר 2017", font=body, fill="#ffffff", direction="rtl")
        image.save(io.BytesIO(), "PNG")
    pillow_ms = (time.perf_counter() - start) / count * 1000
    return {
        "chromium_ms": chromium_ms,
        "pillow_ms": pillow_ms,
        "raqm": bool(features.check("raqm")),
        "count": count,
    }


def report(size: str, builds: dict, cards: dict) -> str:
    cold = builds["cold_off_s"]
    rows = [
        ("without editions, from nothing (`--no-cache`): the reference", cold),
        ("without editions, pages kept (median of 2)", builds["warm_off_s"]),
        ("with editions, drawn for the first time (pages kept)", builds["cold_on_s"]),
        ("with editions, all kept (median of 2)", builds["warm_on_s"]),
        (
            "with editions, after an article's title changed (its card, its issue's PDF)",
            builds["edited_s"],
        ),
    ]
    table = "\n".join(f"| {name} | {sec:.1f} | {sec / cold:.2f} |" for name, sec in rows)
    added = builds["warm_on_s"] - builds["warm_off_s"]
    raqm = "with" if cards["raqm"] else "WITHOUT"
    speed = cards["chromium_ms"] / cards["pillow_ms"]
    runs = ", ".join(f"{t:.1f}" for t in builds["warm_off_runs"] + builds["warm_on_runs"])
    return f"""# Print editions and cards on archive-{size}

Measured by `python scripts/bench_editions.py --size {size}` on {machine()}.
{builds["pdfs"]} PDFs and {builds["cards"]} cards, in both languages.

| build | seconds | / the reference |
| --- | --- | --- |
{table}

What the kept editions add to a build: {added:.1f} s, {100 * added / cold:.0f} % of the reference
(target: ≤ 10 %), {100 * added / builds["warm_off_s"]:.0f} % of a build with its pages kept.
Runs with pages kept, without and with editions: {runs}.

## Drawing a card: Chromium or Pillow with Raqm

| drawer | ms per card ({cards["count"]} cards) |
| --- | --- |
| Chromium: fill in the card page, screenshot | {cards["chromium_ms"]:.1f} |
| Pillow {raqm} Raqm: draw the text, save the PNG | {cards["pillow_ms"]:.1f} |

Pillow is {speed:.1f} × as fast, but it sets each text with one font file, and the site's
fonts are split by script (Hebrew, Latin): a Hebrew title's colon, quote marks, digits and any
English word come out as empty boxes, and it has no line breaking of its own. Chromium draws
the card with the site's own CSS and fonts, breaks and orders mixed Hebrew-English lines, and
already runs for the PDFs. Cards are drawn once and kept by their words, so the difference is
paid on the first build only.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="5k")
    parser.add_argument("--results", type=Path, default=None)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    issues, articles, papers = SIZES[args.size]
    with tempfile.TemporaryDirectory() as scratch:
        corpus = (args.workdir or Path(scratch)) / "corpus"
        make_corpus(corpus, issues, articles, papers, seed=7)
        builds = build_figures(corpus)
    text = report(args.size, builds, card_figures())
    print(text)
    results = args.results or REPO / "benchmarks" / f"editions-{args.size}.md"
    results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
