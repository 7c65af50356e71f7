"""What the allow-list (`maagal.text.sanitize`, nh3) and the check of what it would take out
(`maagal.load.html_checks`) cost a build, cold and warm, on one generated archive.

    python scripts/bench_sanitize.py --size 5k [--results benchmarks/sanitize-5k.md]

Both languages are built in this process, one after the other (`parallel=False`), under
cProfile: a cold build (`--no-cache`, print editions off), then a warm one after one article's
text changed. The figures are the share of each build's time spent in sanitizing and in the
check's rendering, measured in the same run (ratios, not seconds: the machine is shared).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from bench import SIZES  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

from maagal.addresses.project import find_project  # noqa: E402
from maagal.commands.build import build  # noqa: E402
from maagal.run.options import RunOptions  # noqa: E402

WATCHED = {
    "sanitize (nh3, pages and excerpts)": ("sanitize.py", "sanitize"),
    "judge (what the allow-list would take out)": ("sanitize.py", "judge"),
    "check_html (the check, rendering included)": ("html_checks.py", "check_html"),
}


def profiled_build(corpus: Path, options: RunOptions) -> tuple[float, dict[str, float]]:
    """The build's wall time and the cumulative time of each watched function."""
    import maagal.commands.build as command

    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    project = find_project(corpus / "mkdocs.yml")
    runner = command._process_runner(project, None, False, options)  # one process
    original = command._process_runner
    command._process_runner = lambda *_: runner
    try:
        build(project, options)
    finally:
        command._process_runner = original
        profile.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    found = {label: 0.0 for label in WATCHED}
    for (file, _, name), (_, _, _, cumulative, _) in stats.items():
        for label, (watched_file, watched_name) in WATCHED.items():
            if file.endswith(watched_file) and name == watched_name:
                found[label] = max(found[label], cumulative)
    return wall, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=SIZES, default="5k")
    parser.add_argument("--results", type=Path)
    args = parser.parse_args()
    issues, articles, papers = SIZES[args.size]
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus"
        make_corpus(corpus, issues, articles, papers, seed=7)
        base = RunOptions.from_environment().but(editions=False, ci=True)
        cold = profiled_build(corpus, base.but(use_cache=False))
        profiled_build(corpus, base)  # fills the cache
        article = sorted((corpus / "issues").glob("*/*.md"))[-1]
        article.write_text(article.read_text(encoding="utf-8") + "\nפסקה חדשה.\n", "utf-8")
        warm = profiled_build(corpus, base)
    lines = [
        f"# What sanitizing costs, archive-{args.size}",
        "",
        "`python scripts/bench_sanitize.py --size " + args.size + "` (both languages in one",
        "process, under cProfile, print editions off; shares of the same build's time).",
        "",
        "| build | whole build | " + " | ".join(WATCHED) + " |",
        "| --- | --- | " + " | ".join("---" for _ in WATCHED) + " |",
    ]
    for name, (wall, found) in (("cold (--no-cache)", cold), ("warm, one article edited", warm)):
        cells = " | ".join(f"{found[label]:.2f} s ({found[label] / wall:.1%})" for label in WATCHED)
        lines.append(f"| {name} | {wall:.1f} s | {cells} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.results:
        args.results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
