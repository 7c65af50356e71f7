"""Photos for readers: each JPEG, PNG or WebP picture beside a document is published in a few
smaller copies, and the page offers them to the browser, which loads the one its screen needs.

- Widths: 480, 960 and 1600 pixels (never wider than the original: a smaller photo gets fewer
  copies), each as WebP and as a copy in the original's kind for browsers without WebP (JPEG;
  PNG for a PNG or a transparent picture). The print editions get one copy of at most 2000
  pixels (A4 at 300 dots an inch), JPEG at quality 85 (PNG for a PNG), made only when the
  editions are drawn and taken out of the site once they are (no page shows it).
- Copies are turned upright (a phone's EXIF orientation) and carry no EXIF (a phone's photo
  says where it was taken); the colour profile is kept.
- In the page, `<img src="photo.jpg">` becomes `<picture>` with a WebP `<source>` and the
  `<img>` with `srcset`, `sizes`, `width` and `height` (the space is kept while it loads),
  `decoding="async"`, and `loading="lazy"`, except for the page's first picture, which is most
  often at the top and seen at once (`eager`). Its alt text, title, class, figure and caption
  stay as written. GIF and SVG pictures, and animated ones, are published as they are.
- Feeds take the 960-pixel copy (one address: a feed reader has no `srcset`); the print
  editions take the print copy.
- Copies are kept in the build cache (`.cache/maagal/pictures/`) under a digest of the
  original's bytes, the copy's size, kind and quality, and Pillow's version: a second build
  copies them into the site (checked against their own digest first) instead of making them
  again. The languages' builds, which run at the same time, share the folder: each takes a
  photo to make only when the other is not making it (`KeptFiles.claim`), and copies what the
  other made. With `--no-cache` each language makes its own copies.

The checks of the originals (empty, not a picture, cut short, too many pixels, far too large)
are `load/pictures.py`'s, at the line that shows the picture.
"""

from __future__ import annotations

import functools
import hashlib
import html as html_lib
import io
import math
import posixpath
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from maagal.addresses.links import resolve
from maagal.addresses.urls import asset_path
from maagal.cache.build_cache import digest
from maagal.cache.kept_files import KeptFiles
from maagal.load.pictures import EXTENSION, MAX_PIXELS, Copy, Photo, Picture, inspect, photo
from maagal.model.site import Site

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

# The column a picture fills: the whole screen on a phone, about 45em beside the navigation.
SIZES = "(min-width: 60em) 45em, 100vw"
SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})

_IMG = re.compile(r"<img\b[^>]*>")
_PICTURE = re.compile(r"<picture\b.*?</picture>", re.S)
_ATTRIBUTE = re.compile(r'([a-zA-Z][\w:.-]*)(?:="([^"]*)")?')
_DROPPED_IN_PRINT = frozenset({"srcset", "sizes", "loading", "decoding"})


class PictureError(Exception):
    """A picture that passed its checks could not be made smaller: the build stops."""


@functools.cache
def encoder_stamp() -> str:
    """What the copies' bytes depend on beyond the original: Pillow and its codecs."""
    import PIL
    from PIL import features

    codecs = [f"{name}={features.version(name)}" for name in ("jpg", "webp", "zlib")]
    return digest("maagal-pictures-1", PIL.__version__, *codecs)


class Pictures:
    """The site's photos by where they are published, and their use in pages and outputs."""

    def __init__(self, site: Site) -> None:
        self.root = site.root
        self.layout = site.layout
        self.photos: dict[str, Photo] = {}  # by path in the repository
        self.published: dict[str, Photo] = {}  # by path in a language's site, copies too
        self.folders: dict[str, list[Photo]] = {}  # by the repository's folder they are in
        for rel in site.assets:
            if posixpath.splitext(rel)[1].lower() not in SUFFIXES:
                continue
            found = inspect(self.root / rel)
            if isinstance(found, Picture) and found.resized:
                self._add(photo(rel, found))

    def _add(self, item: Photo) -> None:
        self.photos[item.rel] = item
        self.folders.setdefault(posixpath.dirname(item.rel), []).append(item)
        where = asset_path(item.rel, self.layout)
        self.published[where] = item
        folder = posixpath.dirname(where)
        for copy in item.copies:
            self.published[posixpath.join(folder, copy.name)] = item

    # -- in pages ----------------------------------------------------------------------------

    def page_html(self, html: str, page_path: str) -> str:
        """A page's rendered Markdown (at `page_path` in its language's site) with each photo
        as a `<picture>`; what was done before (a kept page) stays as it is."""
        if "<img" not in html or not self.photos:
            return html
        done = [match.span() for match in _PICTURE.finditer(html)]
        first = _IMG.search(html)

        def replace(match: re.Match[str]) -> str:
            if any(start <= match.start() < end for start, end in done):
                return match[0]
            attributes = _attributes(match[0])
            found = self._at(page_path, attributes.get("src", ""))
            if found is None or "srcset" in attributes:
                return match[0]
            eager = first is not None and match.start() == first.start()
            return _picture(attributes, found, eager)

        return _IMG.sub(replace, html)

    def print_html(self, html: str, page_path: str) -> str:
        """The same page for print: each photo (a `<picture>` or an `<img>`) as an `<img>` of
        its print copy, loaded at once (a lazy picture may be missing from the PDF)."""
        if "<img" not in html or not self.photos:
            return html

        def replace(match: re.Match[str]) -> str:
            img = _IMG.search(match[0])
            if img is None:
                return match[0]
            attributes = _attributes(img[0])
            found = self._at(page_path, attributes.get("src", ""))
            if found is None:
                return match[0]
            kept = {k: v for k, v in attributes.items() if k not in _DROPPED_IN_PRINT}
            kept["src"] = _beside(attributes["src"], found.printed)
            kept["width"], kept["height"] = _escaped(found.printed.width, found.printed.height)
            return _tag("img", kept)

        return re.sub(f"{_PICTURE.pattern}|{_IMG.pattern}", replace, html, flags=re.S)

    def feed_html(self, html: str, rel_path: str) -> str:
        """Markdown of `rel_path` rendered for a feed: each photo as its 960-pixel copy."""
        if "<img" not in html or not self.photos:
            return html

        def replace(match: re.Match[str]) -> str:
            attributes = _attributes(match[0])
            src = attributes.get("src", "")
            found = self.photos.get(resolve(rel_path, html_lib.unescape(src))) if src else None
            if found is None or not _relative(src):
                return match[0]
            return _tag("img", {**attributes, "src": _beside(src, found.default)})

        return _IMG.sub(replace, html)

    def stamp(self, folder: str, markdown: str) -> str:
        """What the page of a document in `folder` shows of its photos (their sizes and
        copies): part of its key in the build cache, since its `<picture>`s depend on it."""
        if "![" not in markdown and "<img" not in markdown:
            return ""
        parts = [
            f"{item.rel} {item.picture} {[c.name for c in item.copies]}"
            for item in self.folders.get(folder, [])
            if posixpath.basename(item.rel) in markdown
        ]
        return digest(*parts) if parts else ""

    def _at(self, page_path: str, src: str) -> Photo | None:
        """The photo a page's `src` shows (relative to the page's address), if it is one."""
        if not src or not _relative(src):
            return None
        path = unquote(urlsplit(html_lib.unescape(src)).path)
        return self.published.get(posixpath.normpath(posixpath.join(page_path, path)))

    # -- the copies --------------------------------------------------------------------------

    def write(self, site_dir: Path, cache: KeptFiles, *, printed: bool) -> tuple[int, int]:
        """Every photo's copies into a language's built site (with `printed`, the print
        copies too, for the editions to draw: `remove_print_copies` takes them out after):
        (made, taken from the cache). A photo another build is making now is left for last,
        then taken from the cache."""
        counts = [0, 0]
        later = []
        for item in self.photos.values():
            with cache.claim(_source_digest(self.root / item.rel), wait=False) as mine:
                if mine:
                    self._copies(item, printed, site_dir, cache, counts)
                else:
                    later.append(item)
        for item in later:
            with cache.claim(_source_digest(self.root / item.rel), wait=True):
                self._copies(item, printed, site_dir, cache, counts)
        return counts[0], counts[1]

    def remove_print_copies(self, site_dir: Path) -> None:
        """The print copies, once the PDFs are drawn: no page shows them."""
        for item in self.photos.values():
            folder = site_dir / posixpath.dirname(asset_path(item.rel, self.layout))
            (folder / item.printed.name).unlink(missing_ok=True)

    def _copies(
        self, item: Photo, printed: bool, site_dir: Path, cache: KeptFiles, counts: list[int]
    ) -> None:
        source = _source_digest(self.root / item.rel)
        folder = site_dir / posixpath.dirname(asset_path(item.rel, self.layout))
        names = {copy: _entry(source, copy) for copy in (item.copies if printed else item.web)}
        found = {copy: cache.get(name) for copy, name in names.items()}
        missing = [copy for copy, data in found.items() if data is None]
        if missing:
            found.update(make_copies(self.root / item.rel, item.picture.width, missing))
            for copy in missing:
                cache.put(names[copy], found[copy] or b"")
        counts[0] += len(missing)
        counts[1] += len(names) - len(missing)
        folder.mkdir(parents=True, exist_ok=True)
        for copy, data in found.items():
            (folder / copy.name).write_bytes(data or b"")


def _entry(source: str, copy: Copy) -> str:
    settings = f"{copy.width}x{copy.height} {copy.kind} {copy.quality}"
    return digest(source, settings, encoder_stamp()) + EXTENSION[copy.kind]


@functools.lru_cache(maxsize=4096)
def _file_digest(path: Path, size: int, modified: int) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()[:40]


def _source_digest(path: Path) -> str:
    stat = path.stat()
    return _file_digest(path, stat.st_size, stat.st_mtime_ns)


def make_copies(path: Path, width: int, copies: list[Copy]) -> dict[Copy, bytes | None]:
    """Decode the original (`width` pixels wide, upright) once and write each copy, largest
    first (each is made from the one before it: the same quality, a fraction of the work)."""
    from PIL import Image, ImageOps

    largest = max(copies, key=lambda c: c.width)
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # what the checks let through, and no more
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as original:
                icc = original.info.get("icc_profile")
                turned = ImageOps.exif_transpose(_drafted(original, largest.width / width))
                image = turned if turned is not None else original
                image.load()
                if image.mode not in ("RGB", "RGBA", "L", "LA"):  # palette, CMYK, 16 bits
                    clear = "A" in image.mode or "transparency" in image.info
                    image = image.convert("RGBA" if clear else "RGB")  # (resized smoothly)
                made: dict[Copy, bytes | None] = {}
                for copy in sorted(copies, key=lambda c: -c.width):
                    if image.size != (copy.width, copy.height):
                        image = image.resize((copy.width, copy.height), Image.Resampling.LANCZOS)
                    whole = copy.kind == original.format == "PNG" and copy.width == width
                    # A PNG shown at its own size: the original's bytes (a chart's palette).
                    made[copy] = path.read_bytes() if whole else _encode(image, copy, icc)
                return made
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as error:
        raise PictureError(f"{path.name}: {error}") from None


def _drafted(image: PillowImage, scale: float) -> PillowImage:
    """A JPEG decoded at the smallest scale (1/2, 1/4, 1/8) that still gives the largest
    copy (`scale` of the original) every pixel: most of a photo's time, saved."""
    if image.format in ("JPEG", "MPO") and scale < 1:
        wanted = (math.ceil(image.width * scale), math.ceil(image.height * scale))
        image.draft(image.mode if image.mode in ("RGB", "L") else None, wanted)
    return image


def _encode(image: PillowImage, copy: Copy, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    extra: dict[str, object] = {"icc_profile": icc} if icc else {}
    if copy.kind == "JPEG":
        flat = _flattened(image)
        flat.save(out, "JPEG", quality=copy.quality, optimize=True, progressive=True, **extra)
    elif copy.kind == "WEBP":
        mode = "RGBA" if "A" in image.mode or "transparency" in image.info else "RGB"
        image.convert(mode).save(out, "WEBP", quality=copy.quality, method=4, **extra)
    else:
        keep = image if image.mode in ("RGB", "RGBA", "L", "LA", "P") else image.convert("RGBA")
        keep.save(out, "PNG", **extra)
    return out.getvalue()


def _flattened(image: PillowImage) -> PillowImage:
    """An RGB picture for JPEG: transparent parts on white."""
    from PIL import Image

    if image.mode in ("RGB", "L"):
        return image
    if "A" in image.mode or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


# -- HTML -------------------------------------------------------------------------------------


def _attributes(tag: str) -> dict[str, str]:
    """The attributes of an `<img …>` as Python-Markdown writes it, still escaped."""
    inner = tag[4:].rstrip("/> \t\n")
    return {name: value or "" for name, value in _ATTRIBUTE.findall(inner)}


def _relative(src: str) -> bool:
    parts = urlsplit(html_lib.unescape(src))
    return not (parts.scheme or parts.netloc or src.startswith(("/", "#")))


def _beside(src: str, copy: Copy) -> str:
    """`src` (escaped, as written in the page) with its file name replaced by `copy`'s."""
    path = src.split("?", 1)[0].split("#", 1)[0]
    return html_lib.escape(path[: path.rfind("/") + 1] + quote(copy.name), quote=True)


def _escaped(*values: object) -> tuple[str, ...]:
    return tuple(html_lib.escape(str(value), quote=True) for value in values)


def _tag(name: str, attributes: dict[str, str]) -> str:
    written = "".join(f' {key}="{value}"' for key, value in attributes.items())
    return f"<{name}{written} />" if name == "img" else f"<{name}{written}>"


def _picture(attributes: dict[str, str], item: Photo, eager: bool) -> str:
    src = attributes["src"]

    def srcset(copies: tuple[Copy, ...]) -> str:
        return ", ".join(f"{_beside(src, copy)} {copy.width}w" for copy in copies)

    img = {k: v for k, v in attributes.items() if k not in ("src", "loading", "decoding")}
    img["src"] = _beside(src, item.default)
    img["srcset"] = srcset(item.fallback)
    img["sizes"] = SIZES
    if "width" not in attributes and "height" not in attributes:
        largest = item.fallback[-1]
        img["width"], img["height"] = _escaped(largest.width, largest.height)
    img["loading"] = "eager" if eager else "lazy"
    img["decoding"] = "async"
    source = {"type": "image/webp", "srcset": srcset(item.modern), "sizes": SIZES}
    return f"<picture>{_tag('source', source)}{_tag('img', img)}</picture>"
