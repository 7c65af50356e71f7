"""`maagal serve`: both languages served, and an edit is rebuilt and reloaded."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

from conftest import MAAGAL, Project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body and text in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {text!r}; last: {(body or '')[:300]}")


def test_serve_previews_both_languages_drafts_and_reloads_edits(project: Project) -> None:
    project.write(
        "issues/1/draft-note.md",
        "---\ntitle: טיוטה בתצוגה\nauthors: [noa-barkai]\ndraft: true\n---\nט.\n",
    )
    port = _free_port()
    server = subprocess.Popen(
        [*MAAGAL, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        home = _wait_for(base, "מעגל לדוגמה")
        assert "livereload" in home
        _wait_for(base + "en/", "A sample circle")
        _wait_for(base + "issues/1/draft-note/", "טיוטה בתצוגה")
        project.write(
            "issues/1/first.md",
            "---\ntitle: כותרת חדשה\nauthors: [noa-barkai]\n"
            "order: 1\ntopics: [cooperation]\n---\nפסקה.\n",
        )
        _wait_for(base + "issues/1/first/", "כותרת חדשה")
        # The edited page is re-rendered at once; the listings follow from a full build.
        _wait_for(base + "authors/noa-barkai/", "כותרת חדשה")
        _wait_for(base + "issues/1/", "כותרת חדשה")
        # A new page needs a full build before the reload.
        project.write(
            "issues/1/second-note.md",
            "---\ntitle: מאמר שנוסף עכשיו\nauthors: [noa-barkai]\norder: 5\n---\nחדש.\n",
        )
        _wait_for(base + "issues/1/second-note/", "מאמר שנוסף עכשיו")
        project.write("issues/1/first.md", "---\ntitle: [broken\n---\n")
        time.sleep(2)
        still = _get(base + "issues/1/first/")
        assert still is not None and "כותרת חדשה" in still
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output
    # The article and its issue, in each language the issue has: not the whole site.
    assert "Re-rendered 4 edited pages" in output
    assert "issues/1/first.md:2: the front matter is not valid YAML" in output
