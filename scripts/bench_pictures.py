"""What photos cost `maagal build`: an archive without photos and the same archive with a
photo in N articles, each built from nothing and then again with everything kept.

    python scripts/bench_pictures.py --size 5k --photos 1000 [--results benchmarks/pictures-5k.md]

The photos are 3000 × 2000 JPEGs of about 1.3 MB (`make_corpus.add_photos`). Without the print
editions (MAAGAL_EDITIONS=off), like the other archive benchmarks: what is measured is making
the web copies (the print copies are made only for the print editions). Also: how many copies
were made and kept, their bytes beside the originals', and what an article page's photo costs
a reader.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from bench import SIZES, directory_size, machine  # noqa: E402
from make_corpus import add_photos, make_corpus  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CI": "true", "MAAGAL_EDITIONS": "off"}


def timed_build(corpus: Path) -> float:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "maagal.commands.cli", "build"],
        cwd=corpus,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"the build failed:\n{done.stdout}\n{done.stderr}")
    return time.monotonic() - start


def cold_and_warm(corpus: Path) -> tuple[float, float]:
    shutil.rmtree(corpus / ".cache", ignore_errors=True)
    shutil.rmtree(corpus / "site", ignore_errors=True)
    cold = timed_build(corpus)
    return cold, timed_build(corpus)


def sizes(corpus: Path) -> dict[str, int]:
    site = corpus / "site"
    originals = sum(p.stat().st_size for p in (corpus / "issues").glob("*/photo-*.jpg"))
    copies = list(site.glob("issues/*/photo-*.*w.*"))  # photo-1.960w.webp: the web copies
    kept = corpus / ".cache/maagal/pictures"
    return {
        "originals": originals,
        "copies": sum(p.stat().st_size for p in copies),
        "kept": sum(p.stat().st_size for p in kept.glob("*") if p.is_file()),
        "entries": sum(1 for p in kept.glob("*") if p.is_file()),
        "site": directory_size(site),
        "original_one": (corpus / "issues/1/photo-1.jpg").stat().st_size,
        "webp_960": (site / "issues/1/photo-1.960w.webp").stat().st_size,
        "jpeg_960": (site / "issues/1/photo-1.960w.jpg").stat().st_size,
        "webp_480": (site / "issues/1/photo-1.480w.webp").stat().st_size,
    }


def report(
    size: str, photos: int, plain: tuple[float, float], with_photos: tuple, got: dict
) -> str:
    mb = 1024 * 1024
    cold_cost = with_photos[0] - plain[0]
    warm_cost = with_photos[1] - plain[1]
    cold = f"{cold_cost:.1f} ({cold_cost / photos * 1000:.0f} ms a photo)"
    warm = f"{warm_cost:.1f} ({warm_cost / photos * 1000:.1f} ms a photo)"
    return f"""# Photos on archive-{size}

Measured by `python scripts/bench_pictures.py --size {size} --photos {photos}` on {machine()}.
{photos} articles with a photo each (3000 × 2000 JPEG, {got["originals"] / photos / mb:.2f} MB on
average, {got["originals"] / mb:.0f} MB in all), shown in both languages; print editions off.

| build | without photos (s) | with {photos} photos (s) | what the photos add (s) |
| --- | --- | --- | --- |
| from nothing (no `.cache/`) | {plain[0]:.1f} | {with_photos[0]:.1f} | {cold} |
| again, everything kept | {plain[1]:.1f} | {with_photos[1]:.1f} | {warm} |

Each photo gets 6 copies (WebP and JPEG at 480, 960 and 1600 pixels; with the print editions,
also a 2000-pixel print copy): {got["entries"]} entries in `.cache/maagal/pictures/`,
{got["kept"] / mb:.0f} MB, made once and shared by both languages' builds; each language's
site holds its own copies ({got["copies"] / mb:.0f} MB in the Hebrew tree, beside the
{got["originals"] / mb:.0f} MB of originals). The whole site: {got["site"] / mb:.0f} MB.

What a reader's browser loads for one article's photo: the original was
{got["original_one"] / 1024:.0f} KB; now {got["webp_480"] / 1024:.0f} KB (WebP, 480 pixels: a
phone), {got["webp_960"] / 1024:.0f} KB (WebP, 960 pixels: a phone with a dense screen, or a
laptop), {got["jpeg_960"] / 1024:.0f} KB for a browser without WebP.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="5k")
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--results", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus"
        make_corpus(corpus, *SIZES[args.size], seed=1)
        plain = cold_and_warm(corpus)
        print(f"without photos: {plain}", flush=True)
        add_photos(corpus, args.photos)
        with_photos = cold_and_warm(corpus)
        print(f"with photos: {with_photos}", flush=True)
        text = report(args.size, args.photos, plain, with_photos, sizes(corpus))
    print(text)
    if args.results:
        args.results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
