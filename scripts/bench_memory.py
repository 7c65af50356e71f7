"""Peak memory of a cold `maagal build` and the bytes of a first Hebrew search, on one
generated archive: the rows of scripts/bench.py that grow with the archive, without the rest.

    python scripts/bench_memory.py --size 10k [--results benchmarks/memory-10k.md]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from bench import BIN, SIZES, machine, measure, transfer_sizes  # noqa: E402
from make_corpus import make_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="10k")
    parser.add_argument("--results", type=Path, default=None)
    args = parser.parse_args()
    issues, articles, papers = SIZES[args.size]
    with tempfile.TemporaryDirectory(prefix="maagal-memory-") as scratch:
        corpus = Path(scratch) / "corpus"
        make_corpus(corpus, issues, articles, papers, seed=1)
        seconds, largest, indexer = measure([str(BIN / "maagal"), "build", "--no-cache"], corpus)
        site = corpus / "site"
        pages = sum(1 for _ in site.rglob("index.html"))
        parts = json.loads((site / "pagefind/maagal-shards.json").read_text("utf-8"))
        transfer = transfer_sizes(site, issues // 2)
    search_kb = transfer["first_search_bytes"] / 1000
    requests = transfer["first_search_requests"]
    article_kb = transfer["article_page_bytes"] / 1000
    text = f"""# Memory and the first search on archive-{args.size}

Measured by `python scripts/bench_memory.py --size {args.size}` on {machine()},
{time.strftime("%Y-%m-%d")}: {pages} pages, one cold build (`--no-cache`).

| measure | value | target |
| --- | --- | --- |
| build time (s) | {seconds:.1f} | |
| peak memory of the largest build process (MiB) | {largest:.0f} | |
| peak memory of the search indexer (Pagefind, MiB) | {indexer:.0f} | ≤ 1024 |
| first Hebrew search (KB, gzip, {requests} requests) | {search_kb:.0f} | ≤ 300 |
| open an article page (KB, gzip) | {article_kb:.0f} | ≤ 150 |

The Hebrew index is in {len(parts) + 1} parts: the main one and {", ".join(parts)}.
"""
    print(text)
    target = args.results or REPO / "benchmarks" / f"memory-{args.size}.md"
    target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
