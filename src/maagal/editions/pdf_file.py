"""Chromium's PDF read and finished without a general PDF library: the pages its bookmarks lead
to, and the file written again with Maagal's title, author, language and dates and with the
bookmarks' titles in reading order.

Chromium (Skia/PDF) writes one revision, every object uncompressed, with a classic cross-reference
table: the file is cut into its objects by their offsets, the few that change are replaced, and
the table is written again. It takes a few milliseconds where pypdf, which reads every object
of the document to copy it, took a tenth of a second per PDF. Anything else (another writer, a
second revision, a string it does not expect) raises `NotChromiumPdf`, and `render.py` finishes
that file with pypdf as before.

Chromium's own bookmarks are kept (each leads to its heading's place on the page, and to the
heading in the tagged structure); only their titles are replaced, since Chromium writes Hebrew
ones in visual order, reversed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_TAIL = re.compile(rb"startxref\r?\n(\d+)\r?\n%%EOF\r?\n?\Z")
_XREF_HEAD = re.compile(rb"xref\r?\n0 (\d+)\r?\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \n|\r\n| \r)")
_TRAILER = re.compile(rb"trailer\r?\n(<<.*?>>)\r?\nstartxref", re.S)
_REF = r"/%s (\d+) 0 R"
# A bookmark's title as Skia writes it: in hexadecimal (UTF-16 for any text beyond ASCII), or,
# for ASCII, as a literal string with `\\`, `(` and `)` escaped and other bytes in octal.
_TITLE = re.compile(rb"/Title (?:<[0-9A-Fa-f]*>|\((?:[^()\\]|\\.)*\))", re.S)
_LANG = re.compile(rb"/Lang \([A-Za-z0-9-]*\)")
_KIDS = re.compile(rb"/Kids \[([0-9 R\s]*)\]")
_DEST = re.compile(rb"/Dest \[(\d+) 0 R ")
_PAGES = re.compile(rb"/Type /Pages(?![A-Za-z])")
_PAGE = re.compile(rb"/Type /Page(?![A-Za-z])")
_LANG_CODE = re.compile(r"[A-Za-z0-9-]{1,35}")


class NotChromiumPdf(ValueError):
    """The file is not laid out as Chromium writes a PDF: read it with a PDF library."""


def _ref(name: str, text: bytes) -> int | None:
    found = re.search(_REF.encode() % name.encode(), text)
    return int(found.group(1)) if found else None


@dataclass
class PdfObjects:
    """A PDF cut into its numbered objects, in the order they stand in the file."""

    header: bytes
    order: list[int]  # object numbers, in file order
    objects: dict[int, bytes]  # 'N 0 obj\n…\nendobj\n', as written
    trailer: bytes  # '<<…>>'
    size: int

    @classmethod
    def read(cls, pdf: bytes) -> PdfObjects:
        tail = _TAIL.search(pdf, max(0, len(pdf) - 64))
        head = _XREF_HEAD.match(pdf, int(tail.group(1))) if tail else None
        if tail is None or head is None:
            raise NotChromiumPdf("no single cross-reference table at the end")
        size, at = int(head.group(1)), head.end()
        offsets: dict[int, int] = {}
        for number in range(size):
            entry = _ENTRY.match(pdf, at)
            if entry is None:
                raise NotChromiumPdf(f"cross-reference entry {number} unreadable")
            at = entry.end()
            if entry.group(3) == b"n":
                offsets[number] = int(entry.group(1))
        trailer = _TRAILER.match(pdf, at)
        if trailer is None or b"/Prev" in trailer.group(1) or b"/Encrypt" in trailer.group(1):
            raise NotChromiumPdf("a trailer of another kind")
        order = sorted(offsets, key=offsets.__getitem__)
        ends = [offsets[n] for n in order[1:]] + [int(tail.group(1))]
        objects = {n: pdf[offsets[n] : end] for n, end in zip(order, ends, strict=True)}
        for number, text in objects.items():
            if not text.startswith(b"%d 0 obj" % number) or not text.rstrip().endswith(b"endobj"):
                raise NotChromiumPdf(f"object {number} is not where the table says")
        first = offsets[order[0]] if order else 0
        return cls(pdf[:first], order, objects, trailer.group(1), size)

    def dictionary(self, number: int | None) -> bytes:
        """The object's text up to its stream, if it has one (a stream's bytes are not read)."""
        if number is None or number not in self.objects:
            raise NotChromiumPdf(f"object {number} is missing")
        return self.objects[number].split(b"stream\n", 1)[0]

    def write(self) -> bytes:
        out = bytearray(self.header)
        offsets: dict[int, int] = {}
        for number in self.order:
            offsets[number] = len(out)
            out += self.objects[number]
        table = len(out)
        out += b"xref\n0 %d\n" % self.size
        for number in range(self.size):
            if number in offsets:
                out += b"%010d 00000 n \n" % offsets[number]
            else:
                out += b"0000000000 65535 f \n"
        out += b"trailer\n" + self.trailer + b"\nstartxref\n%d\n%%%%EOF\n" % table
        return bytes(out)


def _page_numbers(objects: PdfObjects, root: bytes) -> dict[int, int]:
    """Each page object's number → its page (0-based), walking the page tree in order."""
    pages: dict[int, int] = {}

    def walk(number: int, depth: int) -> None:
        text = objects.dictionary(number)
        kids = _KIDS.search(text)
        if _PAGES.search(text) and kids and depth < 32:
            for kid in re.findall(rb"(\d+) 0 R", kids.group(1)):
                walk(int(kid), depth + 1)
        elif _PAGE.search(text) and not _PAGES.search(text):
            pages[number] = len(pages)
        else:
            raise NotChromiumPdf(f"object {number} in the page tree is not a page")

    walk(_ref("Pages", root) or -1, 0)
    return pages


def bookmarks(objects: PdfObjects) -> list[tuple[int, int]]:
    """(object number, page) of each bookmark, in document order (depth first)."""
    info, root_number = _ref("Info", objects.trailer), _ref("Root", objects.trailer)
    if info is None or root_number is None:
        raise NotChromiumPdf("no document information or catalog")
    root = objects.dictionary(root_number)
    pages = _page_numbers(objects, root)
    outlines = _ref("Outlines", root)
    found: list[tuple[int, int]] = []
    seen: set[int] = set()

    def walk(number: int | None) -> None:
        while number is not None:
            if number in seen or len(seen) > 100_000:
                raise NotChromiumPdf("a bookmark that leads back")
            seen.add(number)
            text = objects.dictionary(number)
            dest = _DEST.search(text)
            if dest is None or int(dest.group(1)) not in pages or not _TITLE.search(text):
                raise NotChromiumPdf(f"bookmark {number} of another kind")
            found.append((number, pages[int(dest.group(1))]))
            walk(_ref("First", text))
            number = _ref("Next", text)

    if outlines is not None:
        walk(_ref("First", objects.dictionary(outlines)))
    return found


def _pdf_text(text: str) -> bytes:
    """A text string as PDF writes any language: UTF-16 in hexadecimal."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


@dataclass(frozen=True)
class Finish:
    """What the finished PDF says of itself (see `render.finish_pdf`)."""

    title: str
    author: str
    lang: str
    stamp: str  # 'D:20270102000000Z'


def finish(objects: PdfObjects, about: Finish, titles: Sequence[str]) -> bytes:
    """The PDF with Maagal's information, language and the bookmarks' `titles` (one for each
    of `bookmarks(objects)`, in that order)."""
    marks = bookmarks(objects)
    if len(marks) != len(titles) or not _LANG_CODE.fullmatch(about.lang):
        raise NotChromiumPdf("the bookmarks or the language do not fit")
    for (number, _page), title in zip(marks, titles, strict=True):
        new = b"/Title " + _pdf_text(title)
        text = objects.objects[number]
        objects.objects[number] = _TITLE.sub(new.replace(b"\\", b"\\\\"), text, 1)
    info = _ref("Info", objects.trailer)
    root_number = _ref("Root", objects.trailer)
    assert info is not None and root_number is not None  # (bookmarks() made sure)
    stamp = about.stamp.encode()
    objects.objects[info] = b"%d 0 obj\n<</Title %s\n/Author %s\n/Creator %s\n/Producer %s" % (
        info,
        _pdf_text(about.title),
        _pdf_text(about.author),
        _pdf_text("Maagal"),
        _pdf_text("Maagal, Chromium (Skia/PDF)"),
    ) + b"\n/CreationDate (%s)\n/ModDate (%s)>>\nendobj\n" % (stamp, stamp)
    root = objects.objects[root_number]
    lang = b"/Lang (%s)" % about.lang.encode()
    if _LANG.search(root):
        root = _LANG.sub(lambda _m: lang, root, 1)
    else:
        root = root.replace(b">>\nendobj", b"\n" + lang + b">>\nendobj", 1)
    objects.objects[root_number] = root
    return objects.write()
