"""Lighthouse (mobile) on the sample site's pages, against plain Material for MkDocs.

    python scripts/lighthouse.py [--runs 3] [--serve both|gzip|plain] [--pages home,article]
                                 [--site DIR] [--keep DIR]

Builds the circle's site with `maagal build` and a reference: plain Material building the same
Markdown (scripts/bench.py's reference, with the issues' images and the events added), serves
both the same way (a threaded local server, scripts/local_browser.py), and runs Lighthouse 12
(pinned in tools/lighthouse/, installed there with `npm ci` when missing; Lighthouse 13 needs
Node 22) with its default mobile emulation in Debian's Chromium, alternating Maagal's page and
the reference's, `--runs` times each. Each page is measured served as GitHub Pages (where the
site is published) and every common host serve it, text gzip-compressed (`gzip`), and served
uncompressed (`plain`), as the first measurements of issue 13 were: Lighthouse simulates a slow
4G network from the bytes it saw, so the two differ by a second of paint.

Reports the medians of the four category scores, first and largest contentful paint, total
blocking time, main-thread work and the time spent in Material's bundle per page, in
benchmarks/lighthouse.md (the tables) and benchmarks/lighthouse.json (the medians and every
run). Scores swing by about ±5 between runs on a shared machine: compare medians, and use more
runs when the machine is busy.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from bench import ENV, machine, reference_project  # noqa: E402
from local_browser import QuietHandler, chromium_path, served  # noqa: E402

TOOL = REPO / "tools" / "lighthouse"
LIGHTHOUSE = TOOL / "node_modules" / ".bin" / "lighthouse"
BIN = Path(sys.executable).parent
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-background-networking "
    "--disable-component-update --disable-sync"
)
# Each page of Maagal and the reference's page of the same kind. Plain Material has no events
# listing and no search page (its search is a dialog on every page): an event's page and the
# home page stand in for them.
PAGES = {
    "home": ("", ""),
    "issue": ("issues/4/", "issues/4/"),
    "article": ("issues/4/regional-purchasing/", "issues/4/regional-purchasing/"),
    "paper": ("papers/land-rights/", "position_papers/land-rights/"),
    "events": ("events/", "events/study-day-2027/"),
    "search": ("search/", ""),
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "fcp_s": ("first-contentful-paint", 1000),
    "lcp_s": ("largest-contentful-paint", 1000),
    "tbt_ms": ("total-blocking-time", 1),
    "main_thread_s": ("mainthread-work-breakdown", 1000),
}


COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", ".mjs"}


class CompressingHandler(QuietHandler):
    """Text answered gzip-compressed when the browser asks for it, as GitHub Pages (where the
    site is published) and every common web host answer it; fonts and images as they are."""

    cache: ClassVar[dict[Path, bytes]] = {}

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (
            path.suffix not in COMPRESSED
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            super().do_GET()
            return
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    if shutil.which("npm") is None:
        raise SystemExit("npm not found: Lighthouse is installed from npm into tools/lighthouse/")
    subprocess.run(
        ["npm", "ci", "--prefix", str(TOOL), "--no-audit", "--no-fund", "--loglevel=error"],
        check=True,
    )


def build_maagal(out: Path) -> Path:
    site = out / "maagal"
    result = subprocess.run(
        [str(BIN / "maagal"), "build", "-d", str(site)],
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"maagal build failed:\n{result.stdout}{result.stderr}")
    return site


def build_reference(out: Path) -> Path:
    """Plain Material on the same Markdown, with the images and the events beside it."""
    project = reference_project(REPO, out)[0]  # the Hebrew one
    docs = project / "docs"
    for folder in ("issues", "position_papers", "docs"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix != ".md" and path.suffix != ".yml":
                target = (
                    docs / (folder if folder != "docs" else "") / path.relative_to(REPO / folder)
                )
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
    for path in (REPO / "events").glob("*.md"):
        if not path.name.endswith(".en.md"):
            (docs / "events").mkdir(parents=True, exist_ok=True)
            shutil.copy(path, docs / "events" / path.name)
    # Maagal's fonts are self-hosted; plain Material would ask Google Fonts (a request that
    # fails on a closed network and would count against it): the reference uses system fonts.
    settings = project / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  name: material\n", "  name: material\n  font: false\n"))
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-q"], cwd=project, env=ENV, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"the reference's mkdocs build failed:\n{result.stderr}")
    return project / "site"


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile); the scores and metrics of its report."""
    env = {**os.environ, "CHROME_PATH": chromium_path() or "/usr/bin/chromium"}
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode or not report.exists():
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise SystemExit(f"lighthouse failed on {url}: {data['runtimeError']}")
    audits = data["audits"]
    run = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    for key, (audit, scale) in METRICS.items():
        run[key] = audits[audit]["numericValue"] / scale
    run["bundle_ms"] = sum(
        item["total"]
        for item in audits["bootup-time"]["details"]["items"]
        if "/assets/javascripts/bundle." in item["url"]
    )
    run["requests"] = len(audits["network-requests"]["details"]["items"])
    return run


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure(
    sites: dict[str, Path], pages: list[str], serves: list[str], runs: int, keep: Path
) -> dict:
    """Every page of every site, served each way, `runs` times: medians and runs."""
    results: dict = {
        serve: {page: {name: [] for name in sites} for page in pages} for serve in serves
    }
    handlers = {"gzip": CompressingHandler, "plain": QuietHandler}
    with contextlib.ExitStack() as stack:
        bases = {
            (serve, name): stack.enter_context(served(root, handlers[serve]))
            for serve in serves
            for name, root in sites.items()
        }
        turn = 0
        for number in range(runs):
            for page in pages:
                for serve in serves:
                    # Alternate which site goes first, so neither always runs on a warmer machine.
                    turn += 1
                    for name in list(sites) if turn % 2 else list(sites)[::-1]:
                        path = PAGES[page][0 if name == "maagal" else 1]
                        report = keep / f"{serve}-{page}-{name}-{number + 1}.json"
                        run = lighthouse(bases[serve, name] + path, report)
                        results[serve][page][name].append(run)
                        print(
                            f"run {number + 1}/{runs} {serve:5} {page:8} {name:8} "
                            f"performance {run['performance']:3}  FCP {run['fcp_s']:.2f} s  "
                            f"LCP {run['lcp_s']:.2f} s  main thread {run['main_thread_s']:.2f} s",
                            flush=True,
                        )
    return {
        serve: {
            page: {name: {"median": median_of(r), "runs": r} for name, r in by_site.items()}
            for page, by_site in by_page.items()
        }
        for serve, by_page in results.items()
    }


SERVED = {
    "gzip": "Served as published: text (HTML, CSS, JavaScript, SVG, JSON) gzip-compressed, as "
    "GitHub Pages and every common host serve it",
    "plain": "Served uncompressed (as in the first measurements of issue 13; no web host serves "
    "a site so)",
}


def report(results: dict, runs: int, command: str) -> str:
    lines = [
        "# Lighthouse (mobile)",
        "",
        f"Machine: {machine()}. Run on {time.strftime('%Y-%m-%d')} with `{command}`: "
        "Lighthouse 12.2.3 in Debian's Chromium, its default mobile emulation (a simulated slow "
        "4G network and a 4× slower CPU); both sites served by the same threaded local server; "
        f"medians of {runs} alternating runs per page.",
    ]
    for serve, by_page in results.items():
        lines += [
            "",
            f"## {SERVED[serve]}",
            "",
            "| page | site | performance | accessibility | best practices | SEO | FCP (s) "
            "| LCP (s) | TBT (ms) | main-thread work (s) | Material's bundle (ms) | requests |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for page, by_site in by_page.items():
            for name, data in by_site.items():
                m = data["median"]
                label = "Maagal" if name == "maagal" else "plain Material"
                path = "/" + PAGES[page][0 if name == "maagal" else 1]
                lines.append(
                    f"| {page} | {label} `{path}` | {m['performance']:.0f} | "
                    f"{m['accessibility']:.0f} | {m['best-practices']:.0f} | {m['seo']:.0f} | "
                    f"{m['fcp_s']:.1f} | {m['lcp_s']:.1f} | {m['tbt_ms']:.0f} | "
                    f"{m['main_thread_s']:.2f} | {m['bundle_ms']:.0f} | {m['requests']:.0f} |"
                )
        lowest = min(by_site["maagal"]["median"]["performance"] for by_site in by_page.values())
        lines += ["", f"Lowest median performance of Maagal's pages: {lowest:.0f} (target ≥ 95)."]
    lines += [
        "",
        "Plain Material is scripts/bench.py's reference: the same Hebrew Markdown built by "
        "`mkdocs build` with the stock theme and its search plugin, its Google Fonts turned off "
        "(`font: false`, as Maagal's own; on this closed network the request to Google fails). It "
        "has no events listing and no search page: an event's page and its home page (whose "
        "search dialog is its search) stand in for them. The bundle's column is the main-thread "
        "time Lighthouse attributes to Material's JavaScript bundle (its bootup-time audit); "
        "main-thread work is the whole page's (style, layout, parsing, scripts).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="comma-separated: " + ", ".join(PAGES)
    )
    parser.add_argument(
        "--serve",
        choices=["both", "gzip", "plain"],
        default="both",
        help="text gzip-compressed as published, uncompressed, or both (default)",
    )
    parser.add_argument(
        "--site", type=Path, help="measure this built Maagal site instead of building"
    )
    parser.add_argument("--keep", type=Path, help="keep Lighthouse's JSON reports in this folder")
    parser.add_argument(
        "--results",
        type=Path,
        default=REPO / "benchmarks" / "lighthouse.md",
        help="Markdown results (the medians and runs go beside it, as .json)",
    )
    args = parser.parse_args()
    pages = [page.strip() for page in args.pages.split(",")]
    unknown = [page for page in pages if page not in PAGES]
    if unknown:
        parser.error(f"unknown pages {unknown}; known: {', '.join(PAGES)}")
    serves = ["gzip", "plain"] if args.serve == "both" else [args.serve]
    ensure_lighthouse()
    if chromium_path() is None:
        raise SystemExit("Debian's chromium is not installed (make chromium)")
    with tempfile.TemporaryDirectory(prefix="maagal-lighthouse-") as scratch:
        work = Path(scratch)
        keep = args.keep or work / "reports"
        keep.mkdir(parents=True, exist_ok=True)
        print("building the site and the plain-Material reference…", flush=True)
        sites = {
            "maagal": args.site.resolve() if args.site else build_maagal(work),
            "material": build_reference(work),
        }
        results = measure(sites, pages, serves, args.runs, keep)
    command = "python " + " ".join(["scripts/lighthouse.py", *sys.argv[1:]])
    text = report(results, args.runs, command)
    print(text)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    raw = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "command": command,
        "lighthouse": "12.2.3",
        "runs": args.runs,
        "served": {
            serve: {
                page: {
                    name: {"path": "/" + PAGES[page][0 if name == "maagal" else 1], **data}
                    for name, data in by_site.items()
                }
                for page, by_site in by_page.items()
            }
            for serve, by_page in results.items()
        },
    }
    args.results.with_suffix(".json").write_text(
        json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"results written to {args.results} and {args.results.with_suffix('.json')}")


if __name__ == "__main__":
    main()
