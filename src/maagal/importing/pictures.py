"""Which of a document's pictures the import keeps beside the article, and why it leaves out
the others.

A picture is kept only when the document holds it (pandoc wrote it into the import's own
folder: a picture linked to a file or a web address never is, see `pandoc_process.py`), when
it is a PNG, JPEG, GIF or WebP picture by its contents (never by its name: a part named
`x.md` or `x.svg` must not become a page or a drawing with script beside the article), and
when its size, read from its header before anything draws it, is one a page can show.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

MAX_PIXELS = 89_478_485  # Pillow's own limit for a picture it opens without a warning
# Pillow's names; MPO is a camera's JPEG with a second picture in it, which browsers show.
KINDS = {"PNG": ".png", "JPEG": ".jpg", "MPO": ".jpg", "GIF": ".gif", "WEBP": ".webp"}
_HUGE = (MAX_PIXELS + 1, 1)  # a size Pillow would not even read: over the limit
_AFTER = "put the picture file beside the article and write ![what it shows](its-name.png)"


@dataclass(frozen=True)
class Verdict:
    """A picture kept (`suffix`: its kind's), or left out (`problem`: why, and what to do)."""

    suffix: str = ""
    problem: str = ""


def vet(source: str, alt: str, number: int, media: Path) -> Verdict:
    """What to do with the document's picture `number`, which pandoc left at `source`."""
    named = f"the picture '{alt}'" if alt else f"the document's picture {number}"
    path = Path(source)
    if not _held(path, media):
        return Verdict(problem=linked(named, source))
    kind, size = _identify(path)
    if kind not in KINDS:
        what = {
            "SVG": "an SVG drawing, which can hold script",
            "": "no picture a browser can show",
        }.get(kind, f"a {kind} picture")
        return Verdict(
            problem=f"{named} is {what}, not a PNG, JPEG, GIF or WebP picture — it was left "
            "out: save it as PNG or JPEG, then " + _AFTER
        )
    if size[0] * size[1] > MAX_PIXELS:
        measured = "" if size == _HUGE else f"{size[0]:,} × {size[1]:,} pixels, "
        return Verdict(
            problem=f"{named} is {measured}more than a page can show "
            f"(at most {MAX_PIXELS // 1_000_000} million pixels) — it was left out: make it "
            "smaller, then " + _AFTER
        )
    return Verdict(suffix=KINDS[kind])


def linked(named: str, source: str) -> str:
    """What to say of a picture the document links to instead of holding it."""
    return (
        f"{named} is linked to '{source}', not kept in the document — it was left out: in "
        "Word, insert the picture itself (Insert → Pictures → This Device), or " + _AFTER
    )


def _held(path: Path, media: Path) -> bool:
    """Whether `path` is a file pandoc wrote under `media` (not a link, not elsewhere)."""
    if not path.is_absolute() or path.is_symlink() or not path.is_file():
        return False
    return path.resolve().is_relative_to(media.resolve())


def _identify(path: Path) -> tuple[str, tuple[int, int]]:
    """The picture's kind ('PNG', 'SVG', 'WMF', …; '' when it is none) and size, from its
    header only. Never from its name: a part named `image1.png` may hold anything."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                return str(picture.format), picture.size
    except Image.DecompressionBombError:
        return "PNG", _HUGE  # the kind does not matter: it is left out for its size
    except (UnidentifiedImageError, OSError, ValueError):
        pass
    with path.open("rb") as file:
        start = file.read(1024).lower()
    return ("SVG" if b"<svg" in start else ""), (0, 0)
