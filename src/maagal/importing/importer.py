"""One Word or LibreOffice document made into a document of the content contract.

The reading is pandoc's (`reading.py`) and the Markdown is `markdown_writer.py`'s; this module
decides what the document becomes: its front matter (title, subtitle, authors matched against
the authors file, date, order in its issue), its file name, its images beside it, and the list
of what an editor still has to fix, which the import prints and `maagal check` confirms.
"""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from maagal.importing.markdown_writer import MarkdownWriter, Written
from maagal.importing.pictures import linked, vet
from maagal.importing.reading import Source, plain_text, read_source
from maagal.load import invisible
from maagal.load.files import SLUG
from maagal.model.documents import Author
from maagal.model.site import Site
from maagal.text import skeletons

Kind = Literal["article", "paper", "knowledge"]
_HEBREW = re.compile(r"[\u0590-\u05ff]")
_LATIN = re.compile(r"[A-Za-z]")
_TOKEN = re.compile(r"\x00\d+\x00")  # where the writer left a picture (`Image.token`)


@dataclass(frozen=True)
class Destination:
    """Where imported documents go, as the command line said."""

    kind: Kind
    folder: Path  # the issue's folder, position_papers/ or docs/knowledge/
    issue: int | None = None


@dataclass
class Imported:
    """What became of one file: the document written (if any) and what is left to fix."""

    source: Path
    document: str = ""
    problems: list[str] = field(default_factory=list)  # to fix before it is published
    left_out: list[str] = field(default_factory=list)  # what has no place in Markdown
    notes: list[str] = field(default_factory=list)  # worth a look, not a mistake
    refused: bool = False  # nothing was written


@dataclass
class Options:
    slug: str | None = None
    date: str | None = None
    lang: str | None = None
    replace: bool = False


def import_document(
    path: Path,
    destination: Destination,
    site: Site,
    options: Options,
    order: int | None,
    taken: set[Path] | None = None,
) -> Imported:
    """Read `path` and write its document under `destination` (nothing when refused).
    `taken`: the files this run has written already, which it never writes over."""
    result = Imported(path)
    taken = taken if taken is not None else set()
    with tempfile.TemporaryDirectory(prefix="maagal-import-") as scratch:
        source = read_source(path, Path(scratch))
        lang = options.lang or _language(source, site)
        title, blocks = _title(source)
        slug = _slug(options.slug, path, title, lang, site, result)
        if slug is None:
            return result
        suffix = "" if lang == site.default_language else "." + lang
        target = destination.folder / f"{slug}{suffix}.md"
        if _refused(target, taken, options.replace, site, result):
            return result
        written = _markdown(source, blocks)
        body = _place_images(written, target, source.media, options.replace, result)
        if body is None:
            return result
        # A translation takes the structure from its original; a document in one language
        # only is its own original.
        original = not suffix or not (destination.folder / f"{slug}.md").exists()
        front, structural = _front_matter(source, title, destination, site, options, order)
        structural = structural if original else {}
        result.problems += _author_problems(source, destination, site, original)
        text = skeletons.document(body, front, structural)
    _write(target, text, taken, site, result)
    result.problems += _still_to_fix(written, text, result.document, title)
    if original and destination.kind == "paper" and not options.date:
        _check_paper_date(structural, result)
    _left_out(source, written, result)
    return result


def _left_out(source: Source, written: Written, result: Imported) -> None:
    """What the document had that the import left out: formatting, linked pictures (which
    pandoc drops from a .docx without a word), links that a page never has."""
    result.left_out = written.dropped + source.formatting
    result.problems += [linked("a picture", target) for target in source.linked_pictures]
    result.notes += written.refused_links


def _markdown(source: Source, blocks: list) -> Written:
    writer = MarkdownWriter(
        shift=_shift(blocks), quotes=frozenset(source.quotes), alts=source.image_alts
    )
    return writer.write(blocks)


def _still_to_fix(written: Written, text: str, document: str, title: str) -> list[str]:
    """What the written document lacks: pictures' alt text, a title."""
    problems = _image_problems(written, text, document)
    if not title:
        problems.append(
            "no title found (no Title paragraph, heading or property) — write 'title: …'"
        )
    return problems


def _refused(target: Path, taken: set[Path], replace: bool, site: Site, result: Imported) -> bool:
    """Whether `target` must not be written: this run wrote it already, or it exists and
    --replace was not given. The reason goes to `result`."""
    if target not in taken and (replace or not target.exists()):
        return False
    result.refused = True
    result.problems.append(
        f"{_shown(target, site)} "
        + ("was just written from another file" if target in taken else "already exists")
        + " — give this one its own name with --slug"
        + ("" if target in taken else ", or add --replace to write over it")
    )
    return True


def _write(target: Path, text: str, taken: set[Path], site: Site, result: Imported) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    taken.add(target)
    result.document = _shown(target, site)


def _check_paper_date(structural: dict[str, str], result: Imported) -> None:
    """A paper's date, when --date did not give it: the file's creation day, to be checked."""
    if structural.get("date"):
        result.notes.append(
            f"the date {structural['date']} is the day the file was created — check it"
        )
    else:
        result.problems.append("no date found — add 'date: YYYY-MM-DD' (or use --date)")


# -- what the document is ---------------------------------------------------------------------


def _language(source: Source, site: Site) -> str:
    """Hebrew when most letters are Hebrew, else the site's second language (English)."""
    words = plain_text(source.blocks)
    hebrew, latin = len(_HEBREW.findall(words)), len(_LATIN.findall(words))
    others = [lang for lang in site.languages if lang != site.default_language]
    return site.default_language if hebrew >= latin or not others else others[0]


def _title(source: Source) -> tuple[str, list]:
    """The title (Title paragraph or property, else the first heading) and the body without
    the heading that became the title."""
    title, blocks = _found_title(source)
    return " ".join(invisible.clean(title).split()), blocks


def _found_title(source: Source) -> tuple[str, list]:
    """The document's Title paragraph, else its first heading, else the title in its
    properties (which a template often leaves behind, so it comes last)."""
    meta_title = source.meta.get("title", {}).get("c")
    title = " ".join(plain_text(meta_title).split()) if meta_title else source.title
    blocks = source.blocks
    if title:
        return title, blocks
    for index, block in enumerate(blocks):
        if block["t"] == "Header":
            heading = " ".join(plain_text(block["c"][2]).split())
            return heading, blocks[:index] + blocks[index + 1 :]
    return source.property_title, blocks


def _subtitle(source: Source) -> str:
    meta = source.meta.get("subtitle", {}).get("c")
    subtitle = plain_text(meta) if meta else source.subtitle
    return " ".join(invisible.clean(subtitle).split())


def _shift(blocks: list) -> int:
    """How far to move headings so that the highest is h2 (the title is the page's h1)."""
    levels = [block["c"][0] for block in blocks if block["t"] == "Header"]
    return 2 - min(levels) if levels else 0


def _slug(
    given: str | None, path: Path, title: str, lang: str, site: Site, result: Imported
) -> str | None:
    """The file name: given, else the title of a document in Latin letters, else the
    document's own name when it is in English letters."""
    candidates = [given] if given else []
    if lang != site.default_language and title.isascii():
        candidates.append(_slugify(title))
    candidates.append(_slugify(path.stem) if path.stem.isascii() else "")
    for candidate in candidates:
        if candidate and SLUG.match(candidate):
            return candidate
    result.refused = True
    result.problems.append(
        "needs a file name in English letters (web addresses stay in English letters) — "
        "import it on its own with --slug, e.g. --slug regional-purchasing, "
        "or rename the file"
        if not given
        else f"'{given}' cannot be a file name — use lowercase English letters, digits and "
        "hyphens, e.g. regional-purchasing"
    )
    return None


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def _front_matter(
    source: Source,
    title: str,
    destination: Destination,
    site: Site,
    options: Options,
    order: int | None,
) -> tuple[dict[str, str | None], dict[str, str]]:
    front: dict[str, str | None] = {"title": title or None, "subtitle": _subtitle(source)}
    authors = [author.key for author in _matched_authors(source, site)]
    structural: dict[str, str] = {}
    keys = f"[{', '.join(authors)}]" if authors else ""
    if destination.kind == "article":
        structural = {"authors": keys or "[]", "order": str(order or 1)}
        if options.date:
            structural["date"] = options.date
    elif destination.kind == "paper":
        front = {"title": front["title"]}
        structural = {
            "authors": keys,
            "status": "working-draft",
            "date": options.date or source.created or "",
        }
    else:
        front = {"title": front["title"], "description": front["subtitle"]}
        structural = {"authors": keys, "date": options.date or ""}
    return front, structural


# -- authors --------------------------------------------------------------------------------


def _names(author: Author) -> list[str]:
    return [" ".join(name.split()).casefold() for name in author.name.values()]


def _creators(source: Source) -> list[str]:
    """The names in the document's author property ('Noa Barkai; Amir Sela')."""
    return [" ".join(name.split()) for name in re.split(r"[,;]", source.creator) if name.strip()]


def _author_of(name: str, site: Site) -> Author | None:
    wanted = name.casefold()
    return next((a for a in site.authors.values() if wanted in _names(a)), None)


def _matched_authors(source: Source, site: Site) -> list[Author]:
    """The document's authors, found by name in either language."""
    found = [_author_of(name, site) for name in _creators(source)]
    return [author for author in found if author is not None]


def _author_problems(
    source: Source, destination: Destination, site: Site, original: bool
) -> list[str]:
    if not original or (destination.kind == "knowledge" and not source.creator):
        return []
    names = _creators(source)
    if not names:
        what = "authors" if destination.kind == "article" else "a team or authors"
        return [f"the document names no author — write {what} in the front matter"]
    everyone = {name: a.key for a in site.authors.values() for name in a.name.values()}
    problems = []
    for name in names:
        if _author_of(name, site) is not None:
            continue
        close = difflib.get_close_matches(name, everyone, n=1, cutoff=0.6)
        if close:
            problems.append(
                f"the author '{name}' is not in the authors file — did you mean "
                f"'{close[0]}'? write its key '{everyone[close[0]]}' in 'authors: [...]'"
            )
        else:
            problems.append(
                f"the author '{name}' is not in the authors file — add them there and write "
                "their key in 'authors: [...]' (if it is not a person's name, Word took it "
                "from the computer: write the real author's key)"
            )
    return problems


# -- images ---------------------------------------------------------------------------------


def _place_images(
    written: Written, document: Path, media: Path, replace: bool, result: Imported
) -> str | None:
    """The Markdown, the pictures it keeps copied beside it (`pictures.vet`: the others are
    left out and said in `result`); None (the reason in `result`) when a picture would write
    over one already there and --replace was not given.

    The pictures' names are `<document>-<n>`, so that the Hebrew and English files of one
    document never share (or overwrite) a picture."""
    folder, stem = document.parent, document.stem
    verdicts = [vet(i.source, i.alt, n, media) for n, i in enumerate(written.images, start=1)]
    result.problems += [verdict.problem for verdict in verdicts if verdict.problem]
    kept = [(i, v.suffix) for i, v in zip(written.images, verdicts, strict=True) if v.suffix]
    names = [f"{stem}-{number}{suffix}" for number, (_, suffix) in enumerate(kept, start=1)]
    clash = [name for name in names if (folder / name).exists()]
    if clash and not replace:
        result.refused = True
        result.problems.append(
            f"the picture {clash[0]} already exists beside it — add --replace to write over it"
        )
        return None
    folder.mkdir(parents=True, exist_ok=True)
    shown = {}
    for (image, _), name in zip(kept, names, strict=True):
        shutil.copyfile(image.source, folder / name)
        shown[image.token] = f"![{image.alt}]({name})"
        image.source = name
    written.images = [image for image, _ in kept]
    body = _TOKEN.sub(lambda token: shown.get(token[0], ""), written.markdown)
    return body.replace("\x00", "")


def _image_problems(written: Written, text: str, document: str) -> list[str]:
    lines = text.split("\n")
    problems = []
    for image in written.images:
        if image.alt:
            continue
        line = next(
            (n for n, row in enumerate(lines, start=1) if f"![]({image.source})" in row), None
        )
        problems.append(
            f"the image {image.source} has no alt text — describe it between the brackets"
            + (f" on line {line}" if line else "")
        )
    return problems


def _shown(path: Path, site: Site) -> str:
    try:
        return path.resolve().relative_to(site.root.resolve()).as_posix()
    except ValueError:
        return str(path)
