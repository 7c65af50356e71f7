"""Fixtures that build real sites in temporary folders."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
pytest_plugins = ["browser_support", "ram_folder"]  # browser fixtures; temporary files in RAM
MAAGAL = [sys.executable, "-m", "maagal.commands.cli"]
# Debian's build of Chromium's headless shell: the same Blink as `chromium` without the desktop
# browser around it (Playwright's own default for headless runs); `make test` installs it. The
# browser tests took two thirds of the time in it, and drawing the editions two thirds of the
# processor time (test_editions.py and test_pictures.py: 57 → 38 s, 2026-12-04). Its pixels
# differ from `chromium`'s, so the product keeps `chromium`; the product's own choice draws in
# `test_the_build_browser_runs_no_script_and_reaches_nothing_but_the_site`.
HEADLESS_SHELL = "chromium-headless-shell"
TEST_CHROMIUM = HEADLESS_SHELL if shutil.which(HEADLESS_SHELL) else None  # None: the product's
# Drawing the PDFs and cards takes Chromium seconds per build: the tests about them (and the
# sample site) switch it on; the rest build without.
os.environ["MAAGAL_EDITIONS"] = "off"
EDITIONS_ON = {"MAAGAL_EDITIONS": "on"}
if TEST_CHROMIUM:
    EDITIONS_ON["MAAGAL_CHROMIUM"] = TEST_CHROMIUM


# The quick subset (`pytest -m "not slow and not browser"`) is only as good as the marks, so
# they are checked: a test that starts a process (a build, `maagal check`, Java, node, pandoc)
# without the mark `slow`, or Chromium without `browser`, fails and says which mark it needs.
# A test that uses the sample site (built with its print editions) or the browser fixtures is
# marked both by itself.
SAMPLE_FIXTURES = {"sample_site", "server", "browser"}
_running: list[pytest.Item] = []


# The files that take longest, first: `make test` hands whole files to two workers in this
# order (`--dist loadfile --no-loadscope-reorder`), and a two-minute file started last keeps
# one worker busy alone at the end. Only the order: a file missing here runs after these.
# (Seconds from `pytest --durations=0` on two cores, 2026-12-03.)
LONGEST_FIRST = (
    "test_browser.py",  # 134 (after the sample site, which it waits for)
    "test_cms_editing.py",  # 89
    "test_build_cache.py",  # 71
    "test_package.py",  # 43
    "test_hebrew_search.py",  # 42
    "test_editions.py",  # 30
    "test_project_boundary.py",  # 26
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SAMPLE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.browser)
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: files stay whole


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()


def _require_mark(name: str, what: str) -> None:
    if _running and _running[-1].get_closest_marker(name) is None:
        raise RuntimeError(f"{_running[-1].nodeid} {what}: mark it @pytest.mark.{name}")


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "subprocess.Popen" and _running:
        command = args[1] if isinstance(args[1], str) else " ".join(map(str, args[1] or ()))
        if "playwright/driver" in command:
            _require_mark("browser", "starts Chromium (Playwright)")
        _require_mark("slow", f"starts a process ({command[:100]})")


sys.addaudithook(_audit)


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run_maagal(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    if (env or {}).get("MAAGAL_EDITIONS") == "on":
        _require_mark("browser", "draws print editions and cards with Chromium")
    _require_mark("slow", f"runs maagal {' '.join(args)[:80]}")
    full_env = {**_env(), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if any(name.startswith(PYTHON_STARTUP) for name in env or {}):
        done = subprocess.run(
            [*MAAGAL, *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=full_env
        )
        return Run(done.returncode, done.stdout, done.stderr)
    return _forked().run(list(args), cwd, full_env, timeout=300)


# What changes how Python starts (where it finds modules, its text encoding): a command with one
# of these in its environment runs as a real new process, not forked from the server.
PYTHON_STARTUP = ("PYTHON", "LANG", "LC_")


class ForkServer:
    """The client of `fork_runner`: one server per pytest worker, one command at a time."""

    def __init__(self) -> None:
        # The small site, built once by the server so that its commands start with the
        # templates compiled (`fork_runner._compile_templates`); the server removes it.
        warm_up = Path(tempfile.mkdtemp(prefix="maagal-warm-up-"))
        warm_up.rmdir()
        Project(warm_up).fill()
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("fork_runner.py")), str(warm_up)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**_env(), "NO_MKDOCS_2_WARNING": "1"},
        )
        self.lock = threading.Lock()

    def run(self, args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
        assert self.process.stdin and self.process.stdout
        with self.lock, tempfile.TemporaryDirectory() as streams:
            out, err = Path(streams, "out"), Path(streams, "err")
            request = {"args": args, "cwd": str(cwd), "env": env, "out": str(out), "err": str(err)}
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            pid = json.loads(self.process.stdout.readline())["pid"]
            timed_out = threading.Event()

            def kill() -> None:
                timed_out.set()
                os.killpg(pid, signal.SIGKILL)

            killer = threading.Timer(timeout, kill)
            killer.start()
            try:
                code = json.loads(self.process.stdout.readline())["code"]
            finally:
                killer.cancel()
            if timed_out.is_set():
                raise subprocess.TimeoutExpired(["maagal", *args], timeout)
            return Run(code, out.read_text("utf-8"), err.read_text("utf-8"))


_server: ForkServer | None = None


def _forked() -> ForkServer:
    global _server
    if _server is None or _server.process.poll() is not None:
        _server = ForkServer()
    return _server


def _env() -> dict[str, str]:
    return dict(os.environ)


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


AUTHORS = """\
authors:
  noa-barkai:
    name: {he: נועה ברקאי, en: Noa Barkai}
    description: {he: רכזת המעגל, en: Coordinator}
  amir-sela:
    name: {he: אמיר סלע, en: Amir Sela}
"""
TOPICS = """\
cooperation: {he: שיתופי פעולה, en: Cooperation}
housing: {he: דיור, en: Housing}
"""

MINIMAL = {
    "docs/index.md": "---\ntitle: מעגל לדוגמה\n---\nברוכים הבאים.\n",
    "docs/index.en.md": "---\ntitle: A sample circle\n---\nWelcome.\n",
    "issues/1/index.md": "---\ndate: 2017-11\ntitle: שיתופי פעולה\n---\nדבר המערכת.\n",
    "issues/1/index.en.md": "---\ndate: 2017-11\ntitle: Cooperation\n---\nEditorial.\n",
    "issues/1/first.md": (
        "---\ntitle: מאמר ראשון\nauthors: [noa-barkai]\norder: 1\ntopics: [cooperation]\n---\n"
        "פסקה ראשונה.\n\n<!-- more -->\n\nהמשך.\n"
    ),
    "issues/1/first.en.md": (
        "---\ntitle: First article\n---\nFirst paragraph.\n\n<!-- more -->\n\nThe rest.\n"
    ),
    "position_papers/housing.md": (
        "---\ntitle: דיור\nteam: צוות הדיור\nstatus: adopted\ndate: 2005-09-20\n"
        "topics: [housing]\n---\nתקציר.\n"
    ),
}


@dataclass
class Project:
    root: Path

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def fill(self) -> None:
        """Write the small, valid site: the repository's configuration and theme, two authors,
        two topics, an issue with an article in both languages, and a paper."""
        self.root.mkdir(parents=True)
        shutil.copy(REPO / "mkdocs.yml", self.root / "mkdocs.yml")
        shutil.copytree(REPO / "overrides", self.root / "overrides")
        self.write("authors.yml", AUTHORS)
        self.write("topics.yml", TOPICS)
        for rel, text in MINIMAL.items():
            self.write(rel, text)

    def append(self, rel: str, text: str) -> None:
        with (self.root / rel).open("a", encoding="utf-8") as file:
            file.write(text)

    def replace(self, rel: str, old: str, new: str) -> None:
        """Replace `old` (which must be there) with `new` in the file `rel`."""
        text = (self.root / rel).read_text("utf-8")
        assert old in text, f"{old!r} is not in {rel}"
        self.write(rel, text.replace(old, new))

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def maagal(self, *args: str, env: dict[str, str] | None = None) -> Run:
        return run_maagal(*args, cwd=self.root, env=env)

    def page(self, rel: str) -> BeautifulSoup:
        return html(self.root / "site" / rel)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A small, valid site beside the repository's theme and configuration."""
    made = Project(tmp_path / "circle")
    made.fill()
    return made


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built once with `maagal build` into a temporary folder, with
    its print editions and cards (drawn again: the repository's cache is not used). Under
    pytest-xdist the workers share one build: the first to ask builds it, the others wait."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    root = shared / "sample"
    out = root / "site"
    with (shared / "sample.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (root / "built").exists():
            shutil.rmtree(root, ignore_errors=True)
            result = run_maagal(
                "build",
                "--site-dir",
                str(out),
                cwd=REPO,
                env={**EDITIONS_ON, "MAAGAL_CACHE_DIR": str(root / "cache")},
            )
            assert result.code == 0, result.text
            (root / "built").touch()
    return out


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")
