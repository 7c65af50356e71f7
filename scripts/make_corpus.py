"""A synthetic archive in the content contract, for benchmarks and scale tests.

    python scripts/make_corpus.py OUT --issues 300 --articles 8 --papers 100 [--seed 1]
        [--photos 1000]

Writes a complete site folder (mkdocs.yml, theme overrides, authors and topics files) with
issues of N articles in Hebrew and English (authors, topics, a lede, headings, lists, quotes,
pull quotes, links to other articles) and position papers (statuses, supersedes chains).
The text is random words from small built-in vocabularies: deterministic for a seed, never
copied from anywhere. The output passes `maagal check`.

`--photos N` adds a photo to each of the first N articles (Hebrew and English), with a
caption: 3000 × 2000 JPEGs about 1.3 MB each, made by Pillow from noise, so that they cost what
a phone's photo costs to decode, shrink and encode. Twenty distinct pictures are made; each
file gets its own comment, so every file has its own bytes (and its own copies in the cache).
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

HEBREW = [
    "קיבוץ",
    "קהילה",
    "חברים",
    "אסיפה",
    "ועדה",
    "תקציב",
    "ערבות",
    "הדדית",
    "שיתוף",
    "עבודה",
    "דיור",
    "קרקע",
    "מיסוי",
    "חינוך",
    "בית",
    "משפחה",
    "ילדים",
    "ותיקים",
    "צעירים",
    "הנהלה",
    "החלטה",
    "הצבעה",
    "תקנון",
    "שינוי",
    "מסורת",
    "אחריות",
    "אמון",
    "שוויון",
    "צדק",
    "שכר",
    "פנסיה",
    "בריאות",
    "רווחה",
    "תרבות",
    "חג",
    "מועדון",
    "חדר",
    "אוכל",
    "גן",
    "ספרייה",
    "משק",
    "מפעל",
    "שדה",
    "כרם",
    "רפת",
    "מטע",
    "מרפאה",
    "מזכירות",
    "גזברות",
    "שיוך",
    "הרחבה",
    "קליטה",
    "בנים",
    "בנות",
    "שכנים",
    "אזור",
    "מועצה",
    "תנועה",
    "מעגל",
    "פורום",
    "דיון",
    "הצעה",
    "תוכנית",
    "שנה",
    "חודש",
    "שבוע",
    "יום",
    "ערב",
    "בוקר",
    "שאלה",
    "תשובה",
    "ניסיון",
    "לימוד",
    "שיחה",
    "הסכמה",
    "מחלוקת",
    "פתרון",
    "דרך",
    "עתיד",
    "עבר",
    "הווה",
    "מקום",
    "זמן",
    "כוח",
    "רעיון",
]
HEBREW_PREFIXES = ["", "", "", "ה", "ב", "ו", "ל", "מ", "וה", "שב", "כש", "לה"]
HEBREW_GLUE = [
    "של",
    "את",
    "עם",
    "על",
    "גם",
    "אבל",
    "כי",
    "אם",
    "כל",
    "זה",
    "זו",
    "הם",
    "הן",
    "אנחנו",
    "היה",
    "היא",
    "הוא",
    "לא",
    "כן",
]
ENGLISH = [
    "kibbutz",
    "community",
    "members",
    "assembly",
    "committee",
    "budget",
    "mutual",
    "aid",
    "cooperation",
    "work",
    "housing",
    "land",
    "taxation",
    "education",
    "home",
    "family",
    "children",
    "veterans",
    "youth",
    "management",
    "decision",
    "vote",
    "bylaws",
    "change",
    "tradition",
    "responsibility",
    "trust",
    "equality",
    "justice",
    "salary",
    "pension",
    "health",
    "welfare",
    "culture",
    "festival",
    "clubhouse",
    "dining",
    "hall",
    "kindergarten",
    "library",
    "enterprise",
    "field",
    "vineyard",
    "dairy",
    "orchard",
    "clinic",
    "secretariat",
    "treasury",
    "assignment",
    "extension",
    "absorption",
    "neighbours",
    "region",
    "council",
    "movement",
    "circle",
    "forum",
    "discussion",
    "proposal",
    "plan",
    "year",
    "month",
    "week",
    "day",
    "evening",
    "morning",
    "question",
    "answer",
    "experience",
    "learning",
    "conversation",
    "agreement",
    "dispute",
    "solution",
    "way",
    "future",
    "past",
    "present",
    "place",
    "time",
    "strength",
    "idea",
]
ENGLISH_GLUE = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "with",
    "as",
    "on",
    "but",
    "not",
    "we",
    "they",
    "it",
    "this",
]
TOPICS = [
    "cooperation",
    "classification",
    "housing",
    "land",
    "taxation",
    "management",
    "mutual-aid",
    "work",
    "education",
    "governance",
    "economy",
]
STATUSES = ["working-draft", "discussion", "adopted"]


class Writer:
    """Random but reproducible text in one language."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.lang = lang

    def word(self) -> str:
        if self.lang == "he":
            if self.rng.random() < 0.25:
                return self.rng.choice(HEBREW_GLUE)
            return self.rng.choice(HEBREW_PREFIXES) + self.rng.choice(HEBREW)
        return self.rng.choice(ENGLISH_GLUE if self.rng.random() < 0.3 else ENGLISH)

    def sentence(self, low: int = 6, high: int = 16) -> str:
        words = [self.word() for _ in range(self.rng.randint(low, high))]
        text = " ".join(words)
        return (text[0].upper() + text[1:] if self.lang == "en" else text) + "."

    def paragraph(self, sentences: int = 4) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, sentences)))

    def title(self) -> str:
        text = " ".join(self.word() for _ in range(self.rng.randint(3, 7)))
        return text[0].upper() + text[1:] if self.lang == "en" else text


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def article_body(w: Writer, links: list[str]) -> str:
    parts = [w.paragraph(3), "<!-- more -->"]
    for section in range(w.rng.randint(2, 4)):
        parts.append(f"## {w.title()}")
        parts.append(w.paragraph(5))
        if section == 0:
            parts.append("\n".join(f"- {w.sentence(3, 8)}" for _ in range(w.rng.randint(3, 5))))
        if section == 1:
            parts.append("> " + w.sentence())
            parts.append(f"/// pullquote\n{w.sentence(6, 12)}\n///")
        if links and w.rng.random() < 0.5:
            parts.append(f"{w.sentence(4, 8)} [{w.title()}]({w.rng.choice(links)}).")
        parts.append(w.paragraph(5))
    return "\n\n".join(parts) + "\n"


def write_issue(
    out: Path,
    number: int,
    articles: int,
    rng: random.Random,
    authors: list[str],
    year: int,
    month: int,
) -> None:
    folder = out / "issues" / str(number)
    folder.mkdir(parents=True)
    for lang, suffix in (("he", ""), ("en", ".en")):
        w = Writer(rng, lang)
        front = [f"title: {_yaml(w.title())}"]
        if lang == "he":
            front.insert(0, f"date: {year}-{month:02d}")
        (folder / f"index{suffix}.md").write_text(
            "---\n" + "\n".join(front) + "\n---\n" + w.paragraph(4) + "\n", encoding="utf-8"
        )
    slugs = [f"article-{i}" for i in range(1, articles + 1)]
    for order, slug in enumerate(slugs, start=1):
        by = rng.sample(authors, rng.choice([1, 1, 2]))
        topics = rng.sample(TOPICS, rng.randint(1, 3))
        others = [f"{s}.md" for s in slugs if s != slug]
        for lang, suffix in (("he", ""), ("en", ".en")):
            w = Writer(rng, lang)
            front = [f"title: {_yaml(w.title())}", f"subtitle: {_yaml(w.sentence(6, 12))}"]
            if lang == "he":
                front += [
                    f"authors: [{', '.join(by)}]",
                    f"order: {order}",
                    f"topics: [{', '.join(topics)}]",
                ]
            (folder / f"{slug}{suffix}.md").write_text(
                "---\n" + "\n".join(front) + "\n---\n" + article_body(w, others), encoding="utf-8"
            )


def _month(month: int, superseded: bool, supersedes: str | None) -> int:
    """A paper's month: a superseded one in the first half of its year, its successor in the
    second (a paper supersedes an older one)."""
    if superseded:
        return (month + 1) // 2
    return 6 + (month + 1) // 2 if supersedes else month


def write_paper(out: Path, index: int, rng: random.Random, total: int) -> None:
    folder = out / "position_papers"
    folder.mkdir(exist_ok=True)
    superseded = index + 1 < total and index % 10 == 0  # every tenth paper has a successor
    status = "superseded" if superseded else rng.choice(STATUSES)
    supersedes = f"paper-{index - 1:03d}" if index % 10 == 1 else None
    year = 2005 + index * 20 // max(total, 1)
    for lang, suffix in (("he", ""), ("en", ".en")):
        w = Writer(rng, lang)
        front = [f"title: {_yaml(w.title())}", f"team: {_yaml(w.title())}"]
        if lang == "he":
            front += [
                f"status: {status}",
                f"date: {year}-{_month(rng.randint(1, 12), superseded, supersedes):02d}-"
                f"{rng.randint(1, 28):02d}",
                f"topics: [{rng.choice(TOPICS)}]",
            ]
            if supersedes:
                front.append(f"supersedes: {supersedes}")
        body = (
            w.paragraph(3)
            + "\n\n<!-- more -->\n\n"
            + "\n\n".join(f"## {w.title()}\n\n{w.paragraph(5)}" for _ in range(3))
        )
        (folder / f"paper-{index:03d}{suffix}.md").write_text(
            "---\n" + "\n".join(front) + "\n---\n" + body + "\n", encoding="utf-8"
        )


def make_corpus(out: Path, issues: int, articles: int, papers: int, seed: int) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", out / "overrides")
    shutil.copy(REPO / "authors.yml", out / "authors.yml")
    shutil.copy(REPO / "topics.yml", out / "topics.yml")
    shutil.copytree(REPO / "docs", out / "docs", ignore=shutil.ignore_patterns("guide*"))
    authors = [
        "noa-barkai",
        "amir-sela",
        "dafna-levin-hadar",
        "yoav-karmi",
        "ruth-ben-ami",
        "eitan-golan",
        "maya-shachar",
    ]
    # Monthly, the last issue in December 2024: every issue is in the past, so none is held
    # back for its publishing day (the whole archive is built).
    first_year = 2025 - (issues + 11) // 12
    for number in range(1, issues + 1):
        months = number - 1
        write_issue(out, number, articles, rng, authors, first_year + months // 12, 1 + months % 12)
    for index in range(papers):
        write_paper(out, index, rng, papers)


PHOTO_SIZE = (3000, 2000)
DISTINCT_PHOTOS = 20


def photo_pool(count: int, seed: int) -> list[bytes]:
    """`count` noisy 3000 × 2000 JPEGs: coarse shapes and fine grain, as a photo has."""
    from PIL import Image

    made = []
    for index in range(count):
        channels = []
        for channel in range(3):
            coarse = Image.effect_noise((60, 40), 90 + 5 * ((seed + index + channel) % 4))
            coarse = coarse.resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
            channels.append(Image.blend(coarse, Image.effect_noise(PHOTO_SIZE, 18), 0.35))
        out = io.BytesIO()
        Image.merge("RGB", channels).save(out, "JPEG", quality=88)
        made.append(out.getvalue())
    return made


def add_photos(out: Path, count: int, seed: int = 1) -> int:
    """A photo beside each of the first `count` articles, shown in both languages; the bytes
    of the photos written."""
    pool = photo_pool(min(count, DISTINCT_PHOTOS), seed)
    articles = sorted(
        (path for path in (out / "issues").glob("*/article-*.md") if path.suffixes == [".md"]),
        key=lambda p: (int(p.parent.name), int(p.stem.removeprefix("article-"))),
    )
    written = 0
    for index, article in enumerate(articles[:count]):
        name = f"photo-{index + 1}.jpg"
        data = pool[index % len(pool)]
        comment = f"maagal corpus photo {index + 1}".encode()
        # SOI, then a COM segment of its own: the same picture, other bytes.
        data = data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]
        (article.parent / name).write_bytes(data)
        written += len(data)
        for source, alt, caption in (
            (article, "צילום מן הארכיון", "מן הארכיון."),
            (article.with_suffix(".en.md"), "A photo from the archive", "From the archive."),
        ):
            text = source.read_text(encoding="utf-8")
            figure = f"\n![{alt} {index + 1}]({name})\n/// caption\n{caption}\n///\n"
            source.write_text(text + figure, encoding="utf-8")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--issues", type=int, default=300)
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--papers", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--photos", type=int, default=0, help="articles that get a photo")
    args = parser.parse_args()
    make_corpus(args.out, args.issues, args.articles, args.papers, args.seed)
    if args.photos:
        add_photos(args.out, args.photos, args.seed)
    pages = args.issues * (args.articles + 1) + args.papers
    print(f"wrote {pages} documents in 2 languages to {args.out}")


if __name__ == "__main__":
    main()
