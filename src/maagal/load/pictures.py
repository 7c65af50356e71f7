"""The pictures an editor puts beside a document, read from their headers before anything
draws them: their kind and size, or why none can be published.

A photo (JPEG, PNG, WebP) is published in smaller copies (`outputs/pictures.py`); these
checks say, at the line that shows the picture, when its file is empty, not a picture at all,
cut short, or a "decompression bomb" (a few kilobytes whose header claims billions of pixels,
which would stop the build or a reader's browser), and they note an original far larger than
a page needs (the build goes on: readers get the smaller copies). Only the header is read,
except for a file that does not end as its kind must (a JPEG without its end marker near the
end, a PNG without its last chunk, a WebP shorter than it says), which is decoded to tell a
camera's extra data after the picture from a copy that stopped half-way.
"""

from __future__ import annotations

import os
import posixpath
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from maagal.addresses.links import IMAGE, is_local, resolve
from maagal.run.errors import Report
from maagal.run.said import say, to_say
from maagal.text.markdown_code import blank_code

# Pillow's own limit for a picture it opens without a warning (the import refuses the same).
MAX_PIXELS = 89_478_485
LARGE_BYTES = 10 * 1024 * 1024  # an original over this is noted: the repository grows with it
LARGE_PIXELS = 40_000_000
CHECKED = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})
RESIZED_KINDS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})  # MPO: a camera's JPEG
WIDTHS = (480, 960, 1600)
PRINT_WIDTH = 2000
FEED_WIDTH = 960
QUALITY = {"WEBP": 80, "JPEG": 82, "PNG": 0}
PRINT_QUALITY = 85
EXTENSION = {"WEBP": ".webp", "JPEG": ".jpg", "PNG": ".png"}
_ROTATED = frozenset({5, 6, 7, 8})  # EXIF orientations that turn the picture on its side
_TAIL = 65536


@dataclass(frozen=True)
class Picture:
    """A picture as readers see it: its size once turned upright (a phone's EXIF), its kind
    (Pillow's name), its file's size, and whether it is made smaller for readers."""

    width: int
    height: int
    kind: str
    size: int
    resized: bool
    alpha: bool = False  # transparent parts: its copies keep them (PNG, not JPEG)

    @property
    def pixels(self) -> int:
        return self.width * self.height


@dataclass(frozen=True)
class Unusable:
    """Why a picture cannot be published (message and fix, templates for `say` with `{src}`
    for its name, and the message's other `values`)."""

    message: str
    fix: str
    values: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Copy:
    """One smaller copy of a picture, beside the original: `photo.960w.webp`."""

    name: str
    width: int
    height: int
    kind: str  # Pillow's name of the format it is written in
    quality: int


@dataclass(frozen=True)
class Photo:
    """A picture published in smaller copies: where it is, and the copies it gets."""

    rel: str  # in the repository: 'issues/4/harvest.jpg'
    picture: Picture
    modern: tuple[Copy, ...]
    fallback: tuple[Copy, ...]
    printed: Copy

    @property
    def copies(self) -> tuple[Copy, ...]:
        return (*self.modern, *self.fallback, self.printed)

    @property
    def web(self) -> tuple[Copy, ...]:
        """The copies readers' browsers load (the print copy is only drawn into the PDF)."""
        return (*self.modern, *self.fallback)

    @property
    def default(self) -> Copy:
        """The copy an `<img src>` names: the 960-pixel one (or the largest there is)."""
        return next((c for c in self.fallback if c.width >= FEED_WIDTH), self.fallback[-1])


def photo(rel: str, picture: Picture) -> Photo:
    """The copies `picture` (the file at `rel`) is published in."""
    stem = posixpath.splitext(posixpath.basename(rel))[0]
    kind = "PNG" if picture.kind == "PNG" or picture.alpha else "JPEG"
    widths = sorted({min(width, picture.width) for width in WIDTHS})

    def copy(width: int, kind: str, quality: int, label: str) -> Copy:
        height = max(1, round(picture.height * width / picture.width))
        return Copy(f"{stem}.{label}{EXTENSION[kind]}", width, height, kind, quality)

    printed = min(PRINT_WIDTH, picture.width)
    print_quality = PRINT_QUALITY if kind == "JPEG" else 0
    return Photo(
        rel,
        picture,
        tuple(copy(w, "WEBP", QUALITY["WEBP"], f"{w}w") for w in widths),
        tuple(copy(w, kind, QUALITY[kind], f"{w}w") for w in widths),
        copy(printed, kind, print_quality, "print"),
    )


def shown_as(root: Path, rel: str) -> str:
    """The file a page shows for the picture at `rel` (a cover): its largest web copy when
    it is published in copies, else itself."""
    found = inspect(root / rel) if os.path.splitext(rel)[1].lower() in CHECKED else None
    if not isinstance(found, Picture) or not found.resized:
        return rel
    return posixpath.join(posixpath.dirname(rel), photo(rel, found).fallback[-1].name)


_EMPTY = Unusable(
    to_say("the picture '{src}' is an empty file (0 bytes)"),
    to_say(
        "copy the picture again from where it came (the phone, the camera, the email) "
        "and put it beside the article in place of the empty file"
    ),
)
_NOT_A_PICTURE = Unusable(
    to_say(
        "the picture '{src}' is not a picture: its contents are not JPEG, PNG, WebP or GIF, "
        "whatever its name says"
    ),
    to_say("open it in a picture editor and save it as JPEG or PNG, in place of this file"),
)
_CUT_SHORT = Unusable(
    to_say("the picture '{src}' is cut short: the file ends before the picture does"),
    to_say("copy the picture again from the original; this copy stopped half-way"),
)
_BOMB_FIX = to_say(
    "open it in a picture editor and save it at most 4000 pixels wide (a phone's photo is "
    "about 12 million pixels), or take the file out"
)

_known: dict[tuple[str, int, int], Picture | Unusable] = {}


def inspect(path: Path) -> Picture | Unusable:
    """What `path` holds, from its header (kept per file's size and time in this process)."""
    try:
        stat = path.stat()
    except OSError:
        return _NOT_A_PICTURE
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    found = _known.get(key)
    if found is None:
        found = _known[key] = _inspect(path, stat.st_size)
    return found


def _inspect(path: Path, size: int) -> Picture | Unusable:
    from PIL import Image, UnidentifiedImageError

    if size == 0:
        return _EMPTY
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = str(image.format), image.size
                if width * height > MAX_PIXELS:
                    return _bomb(
                        to_say(
                            "the picture '{src}' claims to be {width} × {height} pixels, more "
                            "than a page can show (at most {limit} million pixels): a picture "
                            "this large stops the build and readers' browsers"
                        ),
                        width=f"{width:,}",
                        height=f"{height:,}",
                    )
                animated = bool(getattr(image, "is_animated", False))
                turned = kind in RESIZED_KINDS and image.getexif().get(0x0112) in _ROTATED
                alpha = "A" in image.mode or "transparency" in image.info
    except Image.DecompressionBombError:
        return _bomb(
            to_say(
                "the picture '{src}' claims so many pixels that it cannot even be read; more "
                "than a page can show (at most {limit} million pixels): a picture this large "
                "stops the build and readers' browsers"
            )
        )
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return _NOT_A_PICTURE
    if width < 1 or height < 1:
        return _NOT_A_PICTURE
    if not _ends_whole(path, kind, size) and not _decodes(path):
        return _CUT_SHORT
    if turned:
        width, height = height, width
    return Picture(width, height, kind, size, kind in RESIZED_KINDS and not animated, alpha)


def _bomb(message: str, **values: object) -> Unusable:
    values["limit"] = MAX_PIXELS // 1_000_000
    return Unusable(message, _BOMB_FIX, tuple(values.items()))


def _ends_whole(path: Path, kind: str, size: int) -> bool:
    """Whether the file ends as a whole picture of its kind does (read from its last bytes)."""
    with path.open("rb") as file:
        file.seek(max(0, size - _TAIL))
        tail = file.read()
        file.seek(0)
        head = file.read(12)
    if kind in ("JPEG", "MPO"):
        return b"\xff\xd9" in tail
    if kind == "PNG":
        return tail.endswith(b"IEND\xaeB`\x82")
    if kind == "WEBP":
        return size >= 8 + int.from_bytes(head[4:8], "little")
    if kind == "GIF":
        return tail.endswith(b";")
    return True


def _decodes(path: Path) -> bool:
    """Whether the whole picture can be decoded (a camera may write data after it)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def check_pictures(
    root: Path, bodies: list[tuple[str, str, int]], assets: set[str], report: Report
) -> None:
    """Report each picture a body shows that cannot be published, at the line that shows it,
    and note an original far larger than a page needs."""
    for rel_path, body, first_line in bodies:
        for line, src, target in _shown(rel_path, body, first_line):
            if target in assets and os.path.splitext(target)[1].lower() in CHECKED:
                check_picture(root / target, rel_path, line, src, report)


# A picture by reference (`![alt][label]`, `![label]`) and its label's address, as
# Python-Markdown reads them (the same patterns as `body_checks.py`'s).
_BY_REFERENCE = re.compile(r"!\[(?P<alt>[^\]]*)\](?:\s?\[(?P<label>[^\]]*)\])?(?!\()")
_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:[ \t]*\n?[ \t]*<?(?P<src>[^\s>]+)", re.M)


def _shown(rel_path: str, body: str, first_line: int) -> Iterator[tuple[int, str, str]]:
    """(line, address as written, file) of every local picture of a body, outside code; a
    picture by reference at the line of its label's address."""
    if "![" not in body:
        return
    text = blank_code(body)
    for offset, written in enumerate(text.split("\n")):
        for image in IMAGE.finditer(written):
            src = image["src"].strip("<>")
            if is_local(src):
                yield first_line + offset, src, resolve(rel_path, src)
    used = {(m["label"] or m["alt"]).strip().casefold() for m in _BY_REFERENCE.finditer(text)}
    for definition in _DEFINITION.finditer(text):
        src = definition["src"]
        if definition["label"].strip().casefold() in used and is_local(src):
            line = first_line + text.count("\n", 0, definition.start("src"))
            yield line, src, resolve(rel_path, src)


def check_picture(path: Path, rel_path: str, line: int | None, src: str, report: Report) -> None:
    """Report the picture at `path`, shown as `src` at `line` of `rel_path`, if it cannot
    be published; note it if it is far larger than a page needs."""
    found = inspect(path)
    if isinstance(found, Unusable):
        message = say(found.message, src=src, **dict(found.values))
        report.add(rel_path, line, message, say(found.fix))
        return
    if found.size > LARGE_BYTES or found.pixels > LARGE_PIXELS:
        megabytes = found.size / (1024 * 1024)
        report.note(
            rel_path,
            line,
            say(
                "the picture '{src}' is {width} × {height} pixels, {megabytes} MB: far "
                "more than a page needs; readers get smaller copies, but the original is "
                "kept in the repository and published with the site",
                src=src,
                width=f"{found.width:,}",
                height=f"{found.height:,}",
                megabytes=f"{megabytes:.1f}",
            ),
            say(
                "if you can, put a smaller copy in its place (at most 4000 pixels wide: a "
                "phone's 'large' size, or 'Export' in a picture editor)"
            ),
        )
