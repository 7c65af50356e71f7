"""Draws the print editions and the cards with Chromium, and keeps what it drew.

Each PDF and card is kept in the build cache (`.cache/maagal/editions/<lang>/`, see `kept.py`:
put into the site as a hard link, without being read) under a digest of everything it is drawn
from: the print page or the card's words, the files they load
(stylesheets, fonts, pictures), Maagal's version and Chromium's. A second build draws only what
changed; a build that finds no cache, or a damaged one, draws everything again.

The same input gives the same bytes: Chromium stamps each PDF with the time it was printed, so
the dates are set to the document's own date, and the bookmarks (which Chromium writes in
visual order, reversing Hebrew words) are written from the print page's headings.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from maagal.addresses.outputs import CARD_SIZE, PRINT_FOLDER
from maagal.cache.build_cache import digest, files_stamp, stable_json
from maagal.editions.browser import (
    LockedHandler,
    chromium,
    chromium_version,
    locked_base,
    locked_context,
    served,
)
from maagal.editions.cards import CardJob, card_template
from maagal.editions.kept import KeptEditions, Recipe
from maagal.editions.lanes import DrawQueue, PrintTask, lanes
from maagal.editions.pdf_file import Finish, NotChromiumPdf, PdfObjects, bookmarks, finish
from maagal.editions.print_pages import PrintJob, PrintSource, headings

_LOCAL_REFERENCE = re.compile(r'\b(?:src|href)="(/[^"#?]*)"')
_CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')]+)")
PDF_OPTIONS = {
    "prefer_css_page_size": True,
    "print_background": True,
    "outline": True,
    "tagged": True,
}
# Writes the pages into the print page's table of contents (the template's, a child of <body>:
# what editors write stands inside a section or an article), as `PrintJob.page(pages)` would.
SHOW_PAGES = """numbers => {
  const spans = document.querySelectorAll("body > nav.contents > ol > li > span.number");
  if (spans.length !== numbers.length) return false;
  spans.forEach((span, n) => { span.textContent = String(numbers[n]); });
  return true;
}"""
# Puts the next print page in place of the one shown, in the same document: its stylesheet
# links must be the same (then the fonts they load stay loaded); its <html> attributes, title,
# style and body are taken over. False when the two pages differ in anything else.
SWAP_PRINT_PAGE = """async html => {
  const next = new DOMParser().parseFromString(html, "text/html");
  const shape = d => [...d.head.children].map(e => e.tagName === "LINK" ? e.outerHTML : e.tagName);
  if (shape(document).join("\\n") !== shape(next).join("\\n")) return false;
  if (document.head.querySelectorAll("style").length !== 1) return false;
  const root = document.documentElement;
  for (const name of root.getAttributeNames()) root.removeAttribute(name);
  for (const { name, value } of next.documentElement.attributes) root.setAttribute(name, value);
  document.title = next.title;
  document.head.querySelector("style").textContent = next.head.querySelector("style").textContent;
  document.body.replaceWith(document.adoptNode(next.body));
  await Promise.all([...document.images].map(image => image.decode().catch(() => null)));
  return true;
}"""
# Hides (true) everything of the print page but its headings, or shows it again (false): a
# print that only finds the pages the headings fall on. Returns whether it is hidden now.
DRAFT = """hide => {
  const old = document.getElementById("maagal-draft");
  if (old) old.remove();
  if (!hide) return false;
  const style = document.createElement("style");
  style.id = "maagal-draft";
  const headings = ":is(h1, h2, h3, h4, h5, h6)";
  style.textContent = "body * { visibility: hidden !important; } "
    + `${headings}, ${headings} * { visibility: visible !important; }`;
  document.body.append(style);
  return true;
}"""
# Fills the card page in with one card's words: Maagal's own code, run through Playwright (the
# page itself runs no script, see `browser.locked_context`).
SHOW_CARD = """async card => {
  document.documentElement.lang = card.lang;
  document.documentElement.dir = card.dir;
  for (const key of ["kicker", "title", "subtitle", "site", "date"]) {
    document.getElementById(key).textContent = card[key];
  }
  document.getElementById("title").classList.toggle("long", card.title.length > 60);
  document.getElementById("subtitle").hidden = !card.subtitle;
  await document.fonts.ready;
  return true;
}"""


class EditionError(Exception):
    """The browser could not draw an edition: the build stops, the previous site stays."""


class EditionRenderer:
    """Draws one language's PDFs and cards into its built site (`site_dir`)."""

    def __init__(
        self, site_dir: Path, cache_folder: Path | None, chromium_path: str | None = None
    ) -> None:
        self.chromium_path = chromium_path
        self.site_dir = site_dir
        self.cache = KeptEditions(cache_folder)  # one folder per language
        self._file_digests: dict[Path, str] = {}
        self._site_root = Path(os.path.realpath(site_dir))
        self._stamp = f"{maagal_stamp()}\n{chromium_version(chromium_path)}\n"
        self.swapped = 0  # print pages put in place of the one before, not loaded anew

    def render(
        self,
        prints: Sequence[PrintSource | PrintJob],
        cards: Sequence[CardJob],
        recipe_keys: Mapping[str, str] | None = None,
    ) -> None:
        """Draw what is not kept. `recipe_keys`: by PDF, a digest of the keys of the pages it
        prints, which finds a kept PDF without making its print page (`kept.Recipe`)."""
        stage = self.site_dir / PRINT_FOLDER
        stage.mkdir(parents=True, exist_ok=True)
        try:
            todo_prints = [
                task
                for source in prints
                if (task := self._to_print(_source(source), recipe_keys or {})) is not None
            ]
            card_html = card_template()
            card_digest = self._digest("card", card_html)
            todo_cards = [
                (job, name)
                for job in cards
                for name in [digest(card_digest, stable_json(job.data)) + ".png"]
                if not self._reuse(name, job.path)
            ]
            if todo_prints or todo_cards:
                (stage / "card.html").write_text(card_html, encoding="utf-8")
                self._draw(stage, todo_prints, todo_cards)
            self.cache.close()
        finally:
            shutil.rmtree(stage, ignore_errors=True)

    def _to_print(
        self, source: PrintSource, recipe_keys: Mapping[str, str]
    ) -> tuple[PrintJob, str, str] | None:
        """The job, print page and entry name of a PDF to draw; None when it is kept."""
        given = recipe_keys.get(source.path)
        key = digest(self._stamp, given) if given else ""
        known = self.cache.recipe(source.path, key) if key else None
        if (
            known is not None
            and self._unchanged(known.files)
            and self._reuse(known.name, source.path)
        ):
            self.cache.remember(source.path, known)
            return None
        job = source.make()
        html = job.page()
        files = self._references(html)
        name = self._name("pdf", html, files) + ".pdf"
        if key:
            self.cache.remember(source.path, Recipe(key, name, files))
        return None if self._reuse(name, job.path) else (job, html, name)

    # -- the cache ---------------------------------------------------------------------------

    def _reuse(self, name: str, path: str) -> bool:
        return self.cache.place(name, self.site_dir / path)

    def _digest(self, kind: str, html: str) -> str:
        """Of the page and of every file it loads from the site (and those its CSS loads)."""
        return self._name(kind, html, self._references(html))

    def _name(self, kind: str, html: str, files: Mapping[str, str]) -> str:
        return digest(self._stamp, kind, html, *(f"{ref}={files[ref]}" for ref in sorted(files)))

    def _references(self, html: str) -> dict[str, str]:
        """The digest of every file the page loads from the site, by its address there."""
        return {
            reference: self._file_digest(self.site_dir / reference.lstrip("/"))
            for reference in set(_LOCAL_REFERENCE.findall(html))
        }

    def _unchanged(self, files: Mapping[str, str]) -> bool:
        """Whether the site's files have the digests `files` gives them."""
        return all(
            reference.startswith("/")
            and self._file_digest(self.site_dir / reference.lstrip("/")) == known
            for reference, known in files.items()
        )

    def _file_digest(self, path: Path) -> str:
        known = self._file_digests.get(path)
        if known is not None:
            return known
        try:
            # (Only the site's own files: a reference is the page's, or a kept recipe's.)
            data = path.read_bytes() if self._in_site(path) else b""
        except OSError:
            data = b""  # a missing file is part of what the page was drawn from, too
        parts = [hashlib.sha256(data).hexdigest()]
        if path.suffix == ".css":  # the fonts it loads
            for url in sorted(set(_CSS_URL.findall(data.decode("utf-8", "replace")))):
                if "://" not in url and not url.startswith("data:"):
                    parts.append(self._file_digest((path.parent / url).resolve()))
        known = self._file_digests[path] = digest(*parts)
        return known

    def _in_site(self, path: Path) -> bool:
        return Path(os.path.realpath(path)).is_relative_to(self._site_root)

    # -- the browser -------------------------------------------------------------------------

    def _draw(
        self,
        stage: Path,
        prints: Sequence[tuple[PrintJob, str, str]],
        cards: Sequence[tuple[CardJob, str]],
    ) -> None:
        """Draw in locked-down browsers (`browser.locked_context`), one per lane: what editors
        wrote runs no script and reaches nothing but the built site."""
        from playwright.sync_api import Error as PlaywrightError

        work = DrawQueue(prints, cards)
        try:
            count = lanes(len(work))
            with (
                served(self.site_dir, LockedHandler) as local,
                ThreadPoolExecutor(count, thread_name_prefix="edition-lane") as pool,
            ):
                for lane in [pool.submit(self._lane, local, stage, work) for _ in range(count)]:
                    lane.result()
        except PlaywrightError as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise EditionError(
                f"Chromium could not draw the print editions: {first_line}"
            ) from None

    def _lane(self, local: str, stage: Path, work: DrawQueue) -> None:
        """Draw what `work` hands out, in a browser of this lane's own, until nothing is left
        (Playwright's objects belong to the thread that made them)."""
        try:
            with chromium(self.chromium_path, locked=True) as browser:
                base = locked_base(local)
                context = locked_context(browser, base)
                page = context.new_page()
                devtools = None  # Chromium's own protocol, for the cards' screenshots
                for job in work:
                    if isinstance(job, PrintTask):
                        data = self._print(
                            page, base, stage / f"{job.number}.html", job.job, job.html
                        )
                        self._keep(job.name, job.job.path, data)
                    else:
                        if devtools is None:  # every print is handed out before the first card
                            page.set_viewport_size({"width": CARD_SIZE[0], "height": CARD_SIZE[1]})
                            page.goto(base + PRINT_FOLDER + "card.html", wait_until="load")
                            devtools = context.new_cdp_session(page)
                        page.evaluate(SHOW_CARD, job.job.data)
                        self._keep(job.name, job.job.path, _screenshot(devtools))
                    work.done(job)
                context.close()
        except BaseException:
            work.stop()  # the other lanes stop at their next job
            raise

    def _keep(self, name: str, path: str, data: bytes) -> None:
        self.cache.put(name, data, self.site_dir / path)

    def _print(self, page: Any, base: str, file: Path, job: PrintJob, html: str) -> bytes:
        """Print; when the table of contents shows page numbers, write in the pages a first
        print found and print again, until the numbers are the pages the articles start on.

        That first print draws nothing but the headings (`DRAFT`): it only finds the pages
        they fall on, which hiding the rest does not move (`visibility` changes no layout), in
        about half a whole print's time (0.06 s against 0.08–0.13 s for an issue of
        archive-1k). Every PDF kept is a whole print, checked again."""
        self._show(page, base, file, html)
        marks = headings(html)
        drafted = bool(job.chapters) and page.evaluate(DRAFT, True)
        pdf = page.pdf(**PDF_OPTIONS)
        pages = _bookmark_pages(pdf, len(marks))
        shown: list[int] = []
        for _ in range(4):  # numbers that move an article (never seen) are tried again
            numbers = chapter_numbers(marks, pages, job.chapters)
            if not drafted and (not numbers or numbers == shown):
                break
            if drafted:
                drafted = page.evaluate(DRAFT, False)  # false: shown whole again
            if numbers and numbers != shown and not page.evaluate(SHOW_PAGES, numbers):
                # not the template's contents: the numbered page, at a new address
                numbered = file.with_name(f"{file.stem}-{len(shown)}.html")
                self._show(page, base, numbered, job.page(numbers))
            pdf = page.pdf(**PDF_OPTIONS)
            pages, shown = _bookmark_pages(pdf, len(marks)), numbers or shown
        outline = [(lv, text, p) for (lv, text), p in zip(marks, pages, strict=False)]
        return finish_pdf(pdf, job, outline)

    def _show(self, page: Any, base: str, file: Path, html: str) -> None:
        """Put the print page `html` in `page`, its fonts loaded."""
        # (A new page loads its stylesheets and fonts again, routed through Playwright with no
        # cache: 11 of the 25 s a language's 80 prints took at archive-1k, 2 s once swapped.)
        if _showing_a_print(page, base) and page.evaluate(SWAP_PRINT_PAGE, html):
            self.swapped += 1
        else:
            file.write_text(html, encoding="utf-8")
            page.goto(base + PRINT_FOLDER + file.name, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")


def _screenshot(devtools: Any) -> bytes:
    """The page's viewport as a PNG, asked of Chromium directly: the same bytes as Playwright's
    `page.screenshot`, in 31 ms instead of 42 (which waits for what `SHOW_CARD` has awaited
    already, and hides a caret no card has): 60 s of the 2 × 2,800 cards' first draw."""
    shot = devtools.send("Page.captureScreenshot", {"format": "png"})
    return base64.b64decode(shot["data"])


def _source(job: PrintSource | PrintJob) -> PrintSource:
    return job if isinstance(job, PrintSource) else PrintSource.of(job)


def _showing_a_print(page: Any, base: str) -> bool:
    url = page.url
    return url.startswith(base + PRINT_FOLDER) and url.endswith(".html") and "card" not in url


def chapter_numbers(
    marks: Sequence[tuple[int, str]], pages: Sequence[int], chapters: int
) -> list[int]:
    """The page (1-based) each article starts on, for the table of contents: the level-1
    headings after the cover's. None without a contents, or without the pages."""
    if not chapters or not pages:
        return []
    starts = [p + 1 for (level, _), p in zip(marks, pages, strict=True) if level == 1]
    return starts[1 : chapters + 1]


def _bookmark_pages(pdf: bytes, count: int) -> list[int]:
    """The page (0-based) of each bookmark; none when they are not one for each heading."""
    try:
        pages = [page for _, page in bookmarks(PdfObjects.read(pdf))]
    except NotChromiumPdf:
        pages = _outline_pages(pdf)
    return pages if len(pages) == count else []  # cannot be matched: none, rather than wrong


@functools.cache
def maagal_stamp() -> str:
    """Maagal's version and the code and templates that draw: a change to either redraws
    (a narrower stamp than the pages' `code_stamp`: drawing everything again takes minutes)."""
    try:
        parts = [version("maagal")]
    except PackageNotFoundError:
        parts = ["unknown"]
    package = Path(__file__).resolve().parent.parent
    folders = [package / "editions", package / "templates/print", package / "templates/cards"]
    return digest(*parts, *files_stamp(folders))


def _outline_pages(pdf: bytes) -> list[int]:
    """The page (0-based) of each bookmark Chromium made, in document order."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages: list[int] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                number = reader.get_destination_page_number(item)
                if number is not None:  # one that leads nowhere: the count will not match
                    pages.append(number)

    walk(reader.outline)
    return pages


def finish_pdf(pdf: bytes, job: PrintJob, outline: Sequence[tuple[int, str, int]]) -> bytes:
    """The PDF with its title, author, language and the document's own date; bookmarks in
    reading order (Chromium's reverse Hebrew words); nothing that changes between runs."""
    about = Finish(job.title, job.author, job.lang, f"D:{job.date:%Y%m%d}000000Z")
    try:
        objects = PdfObjects.read(pdf)
        if outline or not bookmarks(objects):
            return finish(objects, about, [text for _, text, _ in outline])
    except NotChromiumPdf:
        pass
    return _finish_with_pypdf(pdf, job, outline)


def _finish_with_pypdf(pdf: bytes, job: PrintJob, outline: Sequence[tuple[int, str, int]]) -> bytes:
    """`finish_pdf` for a PDF that Chromium did not write as `pdf_file` reads it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    stamp = f"D:{job.date:%Y%m%d}000000Z"
    writer.metadata = None
    writer.add_metadata(
        {
            "/Title": job.title,
            "/Author": job.author,
            "/Creator": "Maagal",
            "/Producer": "Maagal, Chromium (Skia/PDF)",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(job.lang)
    writer.root_object.pop(NameObject("/Outlines"), None)
    parents: list[tuple[int, Any]] = []
    for level, text, page in outline:
        while parents and parents[-1][0] >= level:
            parents.pop()
        parent = parents[-1][1] if parents else None
        item = writer.add_outline_item(title=text, page_number=page, parent=parent)
        parents.append((level, item))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
