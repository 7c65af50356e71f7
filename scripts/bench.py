"""Benchmark `maagal build` against plain Material for MkDocs on one generated archive.

    python scripts/bench.py --size 5k [--rounds 3] [--results benchmarks/archive-5k.md]

In one run, on the same generated pages (scripts/make_corpus.py): the full build, alternating
`maagal build` with the reference (plain Material building the same Markdown, one
`mkdocs build` per language, one after the other), medians and their ratio; the peak memory
of the largest process of each; the time from saving an edited article to the reloaded page in
`maagal serve`; the output size; the bytes a reader downloads to open an article page (every
request, gzip-compressed as a web server would send it); the bytes of the first Hebrew search;
the print editions and cards (a cold build with them, and what the kept ones add to a warm
build; `--skip-editions` leaves them out); and, on a machine with four cores or more, the cold
build on four cores against two (`taskset`).
Ratios, not seconds, are the figures to compare: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from local_browser import chromium, fetch_text, free_port, served  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

SIZES = {"1k": (60, 8, 20), "5k": (300, 8, 100), "10k": (600, 8, 200)}
BIN = Path(sys.executable).parent
# The site as plain Material would build it: without the PDFs and cards (bench_editions.py).
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CI": "true", "MAAGAL_EDITIONS": "off"}


class PeakMemory:
    """The peak resident memory (VmHWM) of every process a command starts, by program name.

    Reads /proc every 20 ms; VmHWM only grows, so the last reading of each process is its peak.
    """

    def __init__(self, root_pid: int) -> None:
        self.root = root_pid
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _descendants(self) -> set[int]:
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry.name))
        found, todo = set(), [self.root]
        while todo:
            pid = todo.pop()
            found.add(pid)
            todo.extend(children.get(pid, []))
        return found

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            for pid in self._descendants():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                if "VmHWM" in fields:
                    kib = int(fields["VmHWM"].split()[0])
                    self.peaks[pid] = (fields["Name"].strip(), kib)

    def largest(self, *, indexer: bool) -> float:
        """MiB: the largest search indexer (Pagefind), or the largest other process."""
        sizes = [kib for name, kib in self.peaks.values() if name.startswith("pagefind") == indexer]
        return max(sizes, default=0) / 1024


def measure(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Wall time; peak resident memory (MiB) of its largest process, and of its indexer."""
    start = time.monotonic()
    process = subprocess.Popen(
        command, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    with PeakMemory(process.pid) as memory:
        _, errors = process.communicate()
    elapsed = time.monotonic() - start
    if process.returncode:
        raise SystemExit(f"{command} failed:\n{errors.decode()}")
    return elapsed, memory.largest(indexer=False), memory.largest(indexer=True)


def reference_project(corpus: Path, out: Path) -> list[Path]:
    """Plain Material: the same Markdown, one MkDocs project per language."""
    projects = []
    for lang in ("he", "en"):
        project = out / f"reference-{lang}"
        docs = project / "docs"
        for folder in ("issues", "position_papers", "docs"):
            for path in (corpus / folder).rglob("*.md"):
                rel = path.relative_to(corpus / folder)
                is_english = path.name.endswith(".en.md")
                if (lang == "en") != is_english:
                    continue
                name = path.name.removesuffix(".en.md") + ".md" if is_english else path.name
                target = docs / (folder if folder != "docs" else "") / rel.parent / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
        (project / "mkdocs.yml").write_text(
            f"site_name: Reference {lang}\nsite_url: https://reference.example/\n"
            f"theme:\n  name: material\n  language: {lang}\n"
            f"plugins:\n  - search:\n      lang: {'en' if lang == 'en' else 'he'}\n"
            # Like maagal, list only the home page in the navigation: Material's default nav
            # of every page makes each page O(pages) and the build quadratic.
            "nav:\n  - index.md\n"
            "validation:\n  links:\n    not_found: info\n    unrecognized_links: info\n",
            encoding="utf-8",
        )
        projects.append(project)
    return projects


def build_times(corpus: Path, references: list[Path], rounds: int) -> dict:
    maagal, reference = [], []
    for _ in range(rounds):
        maagal.append(measure([str(BIN / "maagal"), "build", "--no-cache"], corpus))
        runs = [measure([str(BIN / "mkdocs"), "build", "-q"], project) for project in references]
        reference.append((sum(r[0] for r in runs), max(r[1] for r in runs), 0.0))
    m_time = statistics.median(t for t, _, _ in maagal)
    r_time = statistics.median(t for t, _, _ in reference)
    m_mem = max(m for _, m, _ in maagal)
    m_indexer = max(i for _, _, i in maagal)
    r_mem = max(m for _, m, _ in reference)
    return {
        "maagal_s": m_time,
        "reference_s": r_time,
        "time_ratio": m_time / r_time,
        "maagal_mib": m_mem,
        "indexer_mib": m_indexer,
        "reference_mib": r_mem,
        "memory_ratio": m_mem / r_mem,
        "indexer_ratio": m_indexer / r_mem,
        "maagal_runs": [round(t, 2) for t, _, _ in maagal],
        "reference_runs": [round(t, 2) for t, _, _ in reference],
    }


SETTLE_S = 1.0  # after `maagal serve` answers, before the first save (see `_start_serve`)


def _start_serve(corpus: Path, first_page: str) -> tuple[subprocess.Popen, list[str], str]:
    """`maagal serve` on a free port, once it serves `first_page`: the process, its output
    lines as they come, and its address."""
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "maagal"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=corpus,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True).start()
    base = f"http://127.0.0.1:{port}/"

    def answers() -> bool:
        return server.poll() is not None or fetch_text(base + first_page) is not None

    _until(answers, 900, "maagal serve did not start", lines, pause=0.5)
    if server.poll() is not None:
        raise SystemExit("maagal serve stopped:\n" + "".join(lines))
    # As each later save waits for the background build before it, the first waits for the
    # server to settle: a language's worker tidies its memory just after its first build
    # (`run/collector.py`: 0.3 s later, for 0.13 s at archive-5k), and a save that came then
    # would wait for it. An editor's first save comes later than a second after the start.
    time.sleep(SETTLE_S)
    return server, lines, base


def _until(done, seconds: float, failure: str, lines: list[str], pause: float = 0.05) -> float:
    """Wait for `done()`; the seconds it took. Gives up after `seconds`, with the server's
    output."""
    start = time.monotonic()
    while not done():
        if time.monotonic() - start > seconds:
            raise SystemExit(f"{failure}:\n" + "".join(lines))
        time.sleep(pause)
    return time.monotonic() - start


def edit_to_reload(corpus: Path, edits: int = 3) -> dict:
    """Seconds from saving an edited article to `maagal serve` serving the new text.

    Each edit waits for the background full build of the previous one to finish (the server
    says "Rebuilt all"), so every measure starts from a quiet machine; the median is reported,
    and the time until the whole preview (listings, search) was rebuilt.
    """
    page = "issues/1/article-1/"
    server, lines, base = _start_serve(corpus, page)

    def rebuilt() -> int:
        return sum("Rebuilt all" in line for line in lines)

    path = corpus / "issues/1/article-1.md"
    original = path.read_text(encoding="utf-8")
    reloads, full = [], []
    try:
        for edit in range(edits):
            marker = f"סימן-עריכה-{edit}-{int(time.time())}"
            done_before = rebuilt()
            start = time.monotonic()
            path.write_text(
                original.replace("<!-- more -->", f"{marker}\n\n<!-- more -->", 1),
                encoding="utf-8",
            )

            def shown(marker: str = marker) -> bool:
                return marker in (fetch_text(base + page) or "")

            def finished(before: int = done_before) -> bool:
                return rebuilt() > before

            reloads.append(_until(shown, 600, "the edit never appeared", lines))
            _until(finished, 900, "the background build never finished", lines, pause=0.2)
            full.append(time.monotonic() - start)
    finally:
        path.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=60)
    return {
        "reload_s": statistics.median(reloads),
        "reload_runs": [round(r, 2) for r in reloads],
        "full_s": statistics.median(full),
    }


def _retitle(path: Path, marker: str) -> str:
    """Give the article at `path` a new title; returns its text before."""
    original = path.read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^title: .*$", f"title: {marker}", original, count=1)
    path.write_text(changed, encoding="utf-8")
    return original


def _timed_build(corpus: Path) -> float:
    return measure([str(BIN / "maagal"), "build"], corpus)[0]


def warm_builds(corpus: Path, issue: int, cold_s: float) -> dict:
    """A build that reuses the cache after one article's text changed, and after one's title
    changed (its issue, author, topic and home pages and the feeds change with it)."""
    _timed_build(corpus)  # fills the cache
    unchanged = [_timed_build(corpus) for _ in range(2)]
    article = corpus / f"issues/{issue}/article-2.md"
    original = article.read_text(encoding="utf-8")
    texts = []
    for n in range(2):
        article.write_text(original.replace("\n\n", f"\n\nעריכה {n}.\n\n", 1), "utf-8")
        texts.append(_timed_build(corpus))
    titles = []
    for n in range(2):
        _retitle(article, f"כותרת שנערכה {n}")
        titles.append(_timed_build(corpus))
    article.write_text(original, encoding="utf-8")
    _timed_build(corpus)
    return {
        "unchanged_s": statistics.median(unchanged),
        "text_s": statistics.median(texts),
        "title_s": statistics.median(titles),
        "text_ratio": statistics.median(texts) / cold_s,
        "title_ratio": statistics.median(titles) / cold_s,
        "runs": [round(t, 2) for t in unchanged + texts + titles],
    }


EDITIONS_ON = {**ENV, "MAAGAL_EDITIONS": "on"}


def editions_builds(corpus: Path, cold_s: float, reference_s: float) -> dict:
    """The print editions and cards: a cold build with them (every PDF and card drawn for the
    first time, nothing cached) against the cold build without them; then what the kept
    editions add to a warm build (five warm builds with them, five without, medians of the
    last three: the first renders the pages whose print link and card appear or go, and the
    second writes into the site two builds back, which the first of the other state left)."""
    build = [str(BIN / "maagal"), "build"]
    cold = measure([*build, "--no-cache"], corpus, EDITIONS_ON)[0]
    warm: dict[str, list[float]] = {"on": [], "off": []}
    for state, env in (("on", EDITIONS_ON), ("off", ENV)):
        runs = [measure(build, corpus, env)[0] for _ in range(5)]
        warm[state] = runs[2:]
    added = statistics.median(warm["on"]) - statistics.median(warm["off"])
    return {
        "cold_s": cold,
        "cold_ratio": cold / reference_s,
        "first_draw_s": cold - cold_s,
        "kept_added_s": added,
        "warm_runs": {state: [round(t, 2) for t in runs] for state, runs in warm.items()},
    }


def cores_builds(corpus: Path) -> dict:
    """The cold build on two cores and on four (`taskset`), when the machine has four."""
    if (os.cpu_count() or 1) < 4 or shutil.which("taskset") is None:
        return {}
    found = {}
    for cores in ("0-1", "0-3"):
        command = ["taskset", "-c", cores, str(BIN / "maagal"), "build", "--no-cache"]
        found[cores] = statistics.median(measure(command, corpus)[0] for _ in range(2))
    return found


def retitle_to_fresh(corpus: Path, issue: int) -> dict:
    """Seconds from saving a new title for an article of the newest issue to `maagal serve`
    serving it on every page that shows it: the article, its issue, its author's page, the
    home page and the feed of updates. Timed to the server's "Re-rendered" line (the pages are
    served from disk, written before it); each page is then checked for the new title."""
    path = corpus / f"issues/{issue}/article-1.md"
    author = re.search(r"authors: \[([a-z-]+)", path.read_text(encoding="utf-8")).group(1)
    pages = [f"issues/{issue}/article-1/", f"issues/{issue}/", f"authors/{author}/", "", "feed.xml"]
    server, lines, base = _start_serve(corpus, pages[0])
    times = []
    original = path.read_text(encoding="utf-8")
    try:
        for edit in range(3):

            def quiet(edit: int = edit) -> bool:
                return sum("Rebuilt all" in line for line in lines) >= edit

            _until(quiet, 900, "the background build never finished", lines, pause=0.2)
            marker = f"כותרת-חדשה-{edit}-{int(time.time())}"
            _retitle(path, marker)

            rendered_before = sum("Re-rendered" in line for line in lines)

            def rendered(before: int = rendered_before) -> bool:
                return sum("Re-rendered" in line for line in lines) > before

            # Timed to the server's own line: asking for five pages (one of them half a
            # megabyte) every 50 ms took CPU from the render it was timing, on two cores.
            times.append(_until(rendered, 600, "the save was never rendered", lines))
            stale = [p for p in pages if marker not in (fetch_text(base + p) or "")]
            if stale:
                raise SystemExit(f"the new title is not on {stale} once rendered")
    finally:
        path.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=60)
    return {"fresh_s": statistics.median(times), "fresh_runs": [round(t, 2) for t in times]}


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def transfer_sizes(site: Path, issue: int) -> dict:
    """Bytes (gzip) a reader's browser fetches: an article page, and a first Hebrew search."""
    with served(site) as base, chromium() as browser:
        return _transfers(browser, base, site, issue)


def _transfers(browser, base: str, site: Path, issue: int) -> dict:
    def local(url: str) -> Path:
        path = url.removeprefix(base).split("?")[0].split("#")[0]
        target = site / path
        return target / "index.html" if path.endswith("/") or not path else target

    result = {}
    page = browser.new_page(viewport={"width": 375, "height": 800})
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(base + f"issues/{issue}/article-4/", wait_until="networkidle")
    files = {u: local(u) for u in seen if u.startswith(base)}
    result["article_page_bytes"] = sum(_gzip_size(p) for p in files.values() if p.is_file())
    result["article_page_requests"] = len(files)
    page.goto(base + "search/", wait_until="networkidle")
    seen.clear()
    page.locator(".pagefind-ui__search-input").fill("קהילה")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    files = {u: local(u) for u in seen if u.startswith(base)}
    result["first_search_bytes"] = sum(_gzip_size(p) for p in files.values() if p.is_file())
    result["first_search_requests"] = len(files)
    return result


QUERY_TIMES = """
async (words) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const times = [];
  for (const word of words) {
    const start = performance.now();
    const search = await pagefind.search(word);
    await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
    times.push(performance.now() - start);
  }
  return times;
}
"""
HEBREW_QUERIES = ["קהילה", "בקהילה", "מרפאה", "תקציב", "והחברים", "אסיפה", "שיוך", "הדיור"]


def search_times(site: Path) -> dict:
    """Milliseconds for a first Hebrew query (index loading included) and the median after."""
    with served(site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "search/", wait_until="networkidle")
        times = page.evaluate(QUERY_TIMES, HEBREW_QUERIES)
    return {
        "first_ms": times[0],
        "next_ms": statistics.median(times[1:]),
        "bundle_mb": directory_size(site / "pagefind") / 1e6,
    }


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def report(size: str, results: dict) -> str:
    b, t, s = results["build"], results["transfer"], results["serve"]
    w = results["warm"]
    lines = [
        f"# Benchmark: archive-{size}",
        "",
        f"Machine: {machine()}. Run on {time.strftime('%Y-%m-%d')} with "
        f"`python scripts/bench.py --size {size}`; {results['rounds']} alternating rounds.",
        f"Archive: {results['documents']} documents × 2 languages "
        f"({results['pages']} pages built by maagal, listings and feeds included).",
        "",
        *summary(results),
        "",
        "| measure | maagal | reference | ratio | target |",
        "| --- | --- | --- | --- | --- |",
        f"| full build (median s) | {b['maagal_s']:.1f} | {b['reference_s']:.1f} | "
        f"{b['time_ratio']:.2f} | ≤ 0.60 |",
        f"| warm build after one article's text changed / cold build | {w['text_s']:.1f} | "
        f"{b['maagal_s']:.1f} | {w['text_ratio']:.2f} | ≤ 0.15 |",
        f"| warm build after one article's title changed / cold build | {w['title_s']:.1f} | "
        f"{b['maagal_s']:.1f} | {w['title_ratio']:.2f} | ≤ 0.20 |",
        f"| peak memory of the largest build process (MiB) | {b['maagal_mib']:.0f} | "
        f"{b['reference_mib']:.0f} | {b['memory_ratio']:.2f} | ≤ 1.50 |",
        f"| peak memory of the search indexer (Pagefind, MiB) | {b['indexer_mib']:.0f} | "
        f"{b['reference_mib']:.0f} | {b['indexer_ratio']:.2f} | ≤ 1.50 |",
        f"| edit to reloaded page in `maagal serve` (median s) | {s['reload_s']:.1f} | | | ≤ 2 |",
        f"| edit to the whole preview rebuilt in the background (s) | {s['full_s']:.1f} | | | |",
        f"| new title to every page that shows it, in `maagal serve` (median s) | "
        f"{s.get('fresh_s', float('nan')):.1f} | | | ≤ 1 |",
        f"| output size (MB) | {results['output_mb']:.1f} | {results['reference_output_mb']:.1f}"
        " | | |",
        f"| open an article page (KB, gzip, {t['article_page_requests']} requests) | "
        f"{t['article_page_bytes'] / 1000:.0f} | | | ≤ 150 |",
        f"| first Hebrew search (KB, gzip, {t['first_search_requests']} requests) | "
        f"{t['first_search_bytes'] / 1000:.0f} | | | ≤ 300 |",
        f"| Hebrew search index (MB, he bundle) | {results['search']['bundle_mb']:.1f} | "
        f"{results['search_plain']['bundle_mb']:.1f} (plain Pagefind) | "
        f"{results['search']['bundle_mb'] / results['search_plain']['bundle_mb']:.2f} | |",
        f"| first Hebrew query, index loading included (ms) | "
        f"{results['search']['first_ms']:.0f} | {results['search_plain']['first_ms']:.0f} "
        "(plain Pagefind) | | |",
        f"| next Hebrew queries, median (ms) | {results['search']['next_ms']:.0f} | "
        f"{results['search_plain']['next_ms']:.0f} (plain Pagefind) | | < 300 |",
        "",
        f"Individual runs (s): maagal {b['maagal_runs']}, reference {b['reference_runs']}; "
        f"edits in `maagal serve` {s['reload_runs']}; new titles in `maagal serve` "
        f"{s.get('fresh_runs', [])}; warm builds (unchanged ×2, text ×2, title ×2) {w['runs']}.",
        "",
        "The reference is plain Material for MkDocs 9 with its default search plugin, building "
        "the same Markdown: one `mkdocs build` per language, one after the other. maagal builds "
        "the two languages in parallel processes, with every feature on (feeds, calendars, "
        "email editions, the Pagefind index, author and topic pages) except the print editions "
        "and cards (scripts/bench_editions.py); its full builds are cold (`--no-cache`), its "
        "warm builds reuse the build cache of the build before.",
    ]
    return "\n".join(lines) + "\n"


def summary(results: dict) -> list[str]:
    """The figures the build-speed work is measured by, in one table."""
    b, w, e = results["build"], results["warm"], results.get("editions") or {}
    lines = [
        "| measure | now | target |",
        "| --- | --- | --- |",
        f"| cold build (`--no-cache`, print editions off) / plain Material | "
        f"{b['time_ratio']:.2f} ({b['maagal_s']:.1f} s / {b['reference_s']:.1f} s) | ≤ 0.6 |",
    ]
    if e:
        lines.append(
            f"| cold build with the print editions and cards / plain Material | "
            f"{e['cold_ratio']:.2f} ({e['cold_s']:.1f} s) | |"
        )
    lines += [
        f"| warm build after one article's text changed / cold build | "
        f"{w['text_ratio']:.2f} ({w['text_s']:.1f} s) | ≤ 0.15, byte-identical |",
        f"| warm build after a title changed / cold build | {w['title_ratio']:.2f} "
        f"({w['title_s']:.1f} s) | ≤ 0.2 |",
    ]
    if e:
        lines += [
            f"| first draw of the print editions and cards | {e['first_draw_s']:.0f} s | ≤ 120 s |",
            f"| what the kept editions add to a warm build | {e['kept_added_s']:.1f} s | ≤ 0.5 s |",
        ]
    else:
        lines += ["", "The print editions were left out of this run (`--skip-editions`)."]
    cores = results.get("cores") or {}
    if cores:
        lines.append(
            f"| cold build on four cores / on two (`taskset`) | "
            f"{cores['0-3'] / cores['0-1']:.2f} ({cores['0-3']:.1f} s / {cores['0-1']:.1f} s) | |"
        )
    else:
        lines += ["", f"No four-core run: this machine has {os.cpu_count()} cores."]
    if e:
        lines += [
            "",
            f"Warm builds with the editions kept {e['warm_runs']['on']}, without them "
            f"{e['warm_runs']['off']} (s). The first draw is the cold build with the editions "
            "less the cold build without them.",
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="5k")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--results",
        type=Path,
        default=None,
        help="Markdown file for the results (default: benchmarks/archive-SIZE.md)",
    )
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument(
        "--skip-editions", action="store_true", help="leave out the print editions' rows"
    )
    args = parser.parse_args()
    issues, articles, papers = SIZES[args.size]
    with tempfile.TemporaryDirectory(prefix="maagal-bench-") as scratch:
        work = Path(scratch)
        corpus = work / "corpus"
        print(f"generating archive-{args.size}…", flush=True)
        make_corpus(corpus, issues, articles, papers, seed=1)
        references = reference_project(corpus, work)
        print("building (alternating maagal and the reference)…", flush=True)
        results: dict = {"rounds": args.rounds, "documents": issues * (articles + 1) + papers}
        results["build"] = build_times(corpus, references, args.rounds)
        results["pages"] = sum(1 for _ in (corpus / "site").rglob("index.html"))
        print("warm builds (the build cache)…", flush=True)
        results["warm"] = warm_builds(corpus, issues, results["build"]["maagal_s"])
        results["output_mb"] = directory_size(corpus / "site") / 1e6
        results["cores"] = cores_builds(corpus)
        results["reference_output_mb"] = sum(directory_size(r / "site") for r in references) / 1e6
        print("measuring transfers in Chromium…", flush=True)
        results["transfer"] = transfer_sizes(corpus / "site", issues // 2)
        print("comparing the Hebrew-aware index with plain Pagefind…", flush=True)
        results["search"] = search_times(corpus / "site")
        subprocess.run(
            [str(BIN / "maagal"), "build", "-d", str(work / "plain")],
            cwd=corpus,
            env={**ENV, "MAAGAL_SEARCH_PLAIN": "1"},
            check=True,
            capture_output=True,
        )
        results["search_plain"] = search_times(work / "plain")
        if args.skip_serve:
            results["serve"] = {"reload_s": float("nan"), "reload_runs": [], "full_s": float("nan")}
        else:
            print("measuring edit-to-reload in maagal serve…", flush=True)
            results["serve"] = edit_to_reload(corpus)
            results["serve"].update(retitle_to_fresh(corpus, issues))
        if not args.skip_editions:
            print("the print editions and cards: cold, then kept…", flush=True)
            build = results["build"]
            results["editions"] = editions_builds(corpus, build["maagal_s"], build["reference_s"])
    text = report(args.size, results)
    print(text)
    print(json.dumps(results, indent=1, default=str))
    target = args.results or REPO / "benchmarks" / f"archive-{args.size}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"results written to {target}")


if __name__ == "__main__":
    main()
