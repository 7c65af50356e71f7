"""Photos for readers: a phone's photo is published in smaller copies, offered as `<picture>`
with `srcset`, kept in the build cache, and printed from a print copy; the originals' checks
are golden cases (tests/cases/170-176)."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path
from typing import Any

import feedparser
import pytest
from PIL import Image

from conftest import EDITIONS_ON, Project
from maagal.load.pictures import Picture
from maagal.outputs.pictures import Pictures, photo
from maagal.text.sanitize import judge, srcset_allowed

ARTICLE = (
    "---\ntitle: מאמר ראשון\nauthors: [noa-barkai]\norder: 1\ntopics: [cooperation]\n---\n"
    "פסקה ראשונה.\n\n![חברי הקיבוץ בקציר](harvest.jpg)\n\n<!-- more -->\n\nהמשך.\n\n"
    "![הגורן בערב, אחרי העבודה](threshing.png)\n/// caption\nהגורן בערב.\n///\n\n"
    "![סמל הקואופרטיב](logo.gif)\n"
)


def noisy_jpeg(width: int, height: int, seed: int = 1) -> bytes:
    """A photo that does not compress to nothing: noise, as a phone's sensor gives."""
    noise = random.Random(seed).randbytes(width * height * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), noise).save(out, "JPEG", quality=92)
    return out.getvalue()


def small_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (20, 120, 40, 200)).save(out, "PNG")
    return out.getvalue()


def small_gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (40, 40), 1).save(out, "GIF")
    return out.getvalue()


# -- without a build ---------------------------------------------------------------------------


def test_copies_are_never_wider_than_the_original() -> None:
    wide = photo("issues/1/a.jpg", Picture(4000, 3000, "JPEG", 9_000_000, True))
    assert [c.width for c in wide.modern] == [480, 960, 1600]
    assert [c.name for c in wide.fallback] == ["a.480w.jpg", "a.960w.jpg", "a.1600w.jpg"]
    assert (wide.printed.width, wide.printed.height, wide.printed.kind) == (2000, 1500, "JPEG")
    narrow = photo("issues/1/b.png", Picture(700, 350, "PNG", 90_000, True, alpha=True))
    assert [(c.width, c.height) for c in narrow.fallback] == [(480, 240), (700, 350)]
    assert {c.kind for c in narrow.fallback} == {"PNG"}  # transparency kept
    assert narrow.printed.width == 700


def test_srcset_takes_only_the_sites_own_addresses() -> None:
    assert srcset_allowed("a.480w.webp 480w, ../b%20c.960w.webp 960w")
    for bad in (
        "javascript:alert(1) 1x",
        "data:image/png;base64,AAAA 1x",
        "https://tracker.example/p.jpg 2x",
        "//tracker.example/p.jpg 2x",
        "a.jpg 1x, mailto:x 2x",
        "a.jpg onerror",
    ):
        assert not srcset_allowed(bad), bad
        assert judge(f'<p><img alt="x" src="a.jpg" srcset="{bad}" /></p>')[1], bad


def test_a_photo_in_a_page_becomes_a_picture_the_allow_list_keeps(project: Project) -> None:
    project.write("issues/1/first.md", ARTICLE)
    project.write("issues/1/harvest.jpg", noisy_jpeg(1200, 800))
    project.write("issues/1/threshing.png", small_png(300, 200))
    project.write("issues/1/logo.gif", small_gif())
    from maagal.addresses.project import find_project
    from maagal.load.site_loader import load_site

    site, report = load_site(find_project(project.root / "mkdocs.yml").layout())
    assert not report, report.format()
    pictures = Pictures(site)
    html = (
        '<p><img alt="a &amp; b" src="../harvest.jpg" /></p>\n'
        '<figure><img alt="גורן" src="../threshing.png" title="t" />'
        "<figcaption>הגורן</figcaption></figure>\n"
        '<p><img alt="סמל" src="../logo.gif" /></p>'
    )
    page = pictures.page_html(html, "issues/1/first/")
    assert judge(page) == (page, [])
    assert pictures.page_html(page, "issues/1/first/") == page  # a kept page: as it is
    first, second = re.findall(r"<picture>.*?</picture>", page)
    assert 'srcset="../harvest.480w.webp 480w, ../harvest.960w.webp 960w, ' in first
    assert 'src="../harvest.960w.jpg"' in first and 'alt="a &amp; b"' in first
    assert 'width="1200" height="800" loading="eager"' in first
    assert 'width="300" height="200" loading="lazy" decoding="async"' in second
    assert 'title="t"' in second and "<figcaption>הגורן</figcaption></figure>" in page
    assert '<img alt="סמל" src="../logo.gif" />' in page  # a GIF stays as it is
    printed = pictures.print_html(page, "issues/1/first/")
    assert "<picture" not in printed and "loading" not in printed
    assert 'src="../harvest.print.jpg"' in printed and 'src="../threshing.print.png"' in printed


# -- a real build ------------------------------------------------------------------------------


def _big_photo_site(project: Project) -> bytes:
    original = noisy_jpeg(3000, 2000)
    project.write("issues/1/first.md", ARTICLE)
    project.write(
        "issues/1/first.en.md",
        "---\ntitle: First article\n---\nFirst paragraph.\n\n"
        "![Members at the harvest](harvest.jpg)\n\n<!-- more -->\n\nThe rest.\n",
    )
    project.write("issues/1/harvest.jpg", original)
    project.write("issues/1/threshing.png", small_png(300, 200))
    project.write("issues/1/logo.gif", small_gif())
    return original


def _kept(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (cache / "pictures").glob("*") if p.is_file()}


@pytest.mark.slow
def test_a_big_photo_reaches_readers_in_smaller_copies(project: Project) -> None:
    original = _big_photo_site(project)
    done = project.maagal("build")
    assert done.code == 0, done.err
    site = project.root / "site"
    page = project.page("issues/1/first/index.html")
    pictures = page.select("article picture, .md-content picture")
    assert len(pictures) == 2
    source, img = pictures[0].find("source"), pictures[0].find("img")
    assert source["type"] == "image/webp"
    assert img["alt"] == "חברי הקיבוץ בקציר"
    assert (img["width"], img["height"]) == ("1600", "1067")
    assert img["loading"] == "eager" and pictures[1].find("img")["loading"] == "lazy"
    assert img["decoding"] == "async" and img["sizes"]
    for srcset, widths in ((source["srcset"], 3), (img["srcset"], 3)):
        candidates = [c.split() for c in srcset.split(", ")]
        assert [w for _, w in candidates] == ["480w", "960w", "1600w"][:widths]
        for url, width in candidates:
            copy = site / "issues/1" / Path(url).name
            with Image.open(copy) as opened:
                assert opened.width == int(width[:-1])
            assert copy.stat().st_size < len(original) / 4
    assert (site / "issues/1" / Path(img["src"]).name).is_file()
    figure = pictures[1].find_parent("figure")
    assert figure is not None and figure.find("figcaption").get_text(strip=True) == "הגורן בערב."
    assert page.find("img", src=re.compile(r"logo\.gif$"))  # published as it is
    english = project.page("en/issues/1/first/index.html").select("picture img")
    assert english and (site / "en/issues/1/harvest.960w.jpg").is_file()
    for feed_file in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((site / feed_file).read_bytes())
        items = [
            " ".join([e.get("summary", ""), *(c.value for c in e.get("content", []))])
            for e in feed.entries
        ]
        shown = [item for item in items if "harvest" in item]
        assert shown, feed_file
        for item in shown:
            assert re.search(r'src="https?://[^"]+/issues/1/harvest\.960w\.jpg"', item), item
            assert "harvest.jpg" not in item


@pytest.mark.slow
def test_a_second_build_takes_the_copies_from_the_cache(project: Project) -> None:
    _big_photo_site(project)
    assert project.maagal("build").code == 0
    cache = project.root / ".cache/maagal"
    first = _kept(cache)
    # The JPEG: 3 WebP and 3 JPEG; the small PNG: a WebP and a PNG (without the print
    # editions, no print copies are made).
    assert len(first) == 8
    published = project.root / "site/issues/1/harvest.1600w.webp"
    assert published.read_bytes() in {_kept_bytes(cache, name) for name in first}
    assert project.maagal("build").code == 0
    assert _kept(cache) == first  # nothing made again, nothing written again
    assert published.read_bytes() in {_kept_bytes(cache, name) for name in first}
    # A damaged entry is not used: it is made again.
    damaged = cache / "pictures" / next(iter(first))
    damaged.write_bytes(b"not what was kept")
    assert project.maagal("build").code == 0
    assert _kept(cache)[damaged.name] != first[damaged.name]
    assert len(_kept_bytes(cache, damaged.name)) > 100


def _kept_bytes(cache: Path, name: str) -> bytes:
    return (cache / "pictures" / name).read_bytes()[:-32]


@pytest.mark.slow
def test_a_photo_far_too_large_is_said_and_still_built(project: Project) -> None:
    project.write("issues/1/first.md", ARTICLE.split("<!--")[0])
    big = io.BytesIO()
    Image.new("L", (8200, 5200), 90).save(big, "JPEG")
    project.write("issues/1/harvest.jpg", big.getvalue())
    done = project.maagal("build")
    assert done.code == 0, done.err
    assert done.err.count("harvest.jpg' is 8,200 × 5,200 pixels") == 1  # once, not per language
    assert "note: issues/1/first.md:9: the picture 'harvest.jpg'" in done.err
    assert (project.root / "site/issues/1/harvest.1600w.jpg").is_file()


@pytest.mark.slow
@pytest.mark.browser
def test_the_print_edition_takes_the_print_copy(project: Project) -> None:
    original = _big_photo_site(project)
    done = project.maagal("build", env=EDITIONS_ON)
    assert done.code == 0, done.err
    pdfs = list((project.root / "site/issues/1").glob("*.pdf"))
    assert pdfs and all(pdf.stat().st_size < len(original) / 2 for pdf in pdfs)
    assert not list(project.root.glob("site/**/*.print.*"))  # drawn into the PDF, not published
    assert project.root.joinpath(".cache/maagal/pictures").is_dir()


def test_a_phones_photo_is_turned_upright_and_its_location_left_out(tmp_path: Path) -> None:
    from maagal.load.pictures import inspect
    from maagal.outputs.pictures import make_copies

    exif = Image.Exif()
    exif[0x0112] = 6  # the phone was held upright: the picture is stored on its side
    exif[0x8825] = {2: (32.0, 5.0, 0.0), 4: (34.0, 46.0, 0.0)}  # where it was taken
    source = tmp_path / "upright.jpg"
    Image.frombytes("RGB", (1200, 800), random.Random(2).randbytes(1200 * 800 * 3)).save(
        source, "JPEG", exif=exif
    )
    found = inspect(source)
    assert isinstance(found, Picture) and (found.width, found.height) == (800, 1200)
    item = photo("issues/1/upright.jpg", found)
    made = make_copies(source, found.width, list(item.copies))
    for copy, data in made.items():
        assert data is not None
        with Image.open(io.BytesIO(data)) as opened:
            assert opened.size == (copy.width, copy.height)
            assert opened.height > opened.width  # upright
            assert not opened.getexif().get_ifd(0x8825)  # no location
            assert 0x0112 not in opened.getexif()


def _write_copies(pictures: Pictures, site_dir: Path, cache: Path, results: Any) -> None:
    from maagal.cache.kept_files import KeptFiles

    results.put(pictures.write(site_dir, KeptFiles(cache), printed=True))


@pytest.mark.slow
def test_the_languages_builds_share_the_work(project: Project, tmp_path: Path) -> None:
    """Two builds at once (the languages'), one cache folder: every copy is made once."""
    import multiprocessing

    from maagal.addresses.project import find_project
    from maagal.load.site_loader import load_site

    for number in range(1, 5):
        project.write(f"issues/1/photo-{number}.jpg", noisy_jpeg(1700, 1100, seed=number))
    site, _ = load_site(find_project(project.root / "mkdocs.yml").layout())
    pictures = Pictures(site)
    assert len(pictures.photos) == 4
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(
            target=_write_copies, args=(pictures, tmp_path / name, tmp_path / "cache", results)
        )
        for name in ("he", "en")
    ]
    for worker in workers:
        worker.start()
    counts = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join()
    total = sum(len(item.copies) for item in pictures.photos.values())
    assert sum(made for made, _ in counts) == total  # each copy made by one build only
    assert sum(taken for _, taken in counts) == total  # and taken from the cache by the other
    for name in ("he", "en"):
        assert len(list((tmp_path / name / "issues/1").glob("photo-*.*.*"))) == total
