"""Input built to exhaust the machine gets one message, in bounded time and memory; what
crashed gets one message or is handled right.

The reports' wording is pinned by golden cases (tests/cases/: anchors and aliases, nesting,
a title of 100,000 characters, 10,000 topics, NUL bytes, issue folders in other digits); what
a golden case cannot hold is here: a file over the size limit, the memory the check takes on
a billion repeated values, the preview server's answer to addresses no file has, and a build
of what used to crash it.
"""

from __future__ import annotations

import http.client
import resource
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_browser import free_port  # scripts/, on the path via browser_support

from conftest import MAAGAL, Project
from maagal.addresses.project import find_project
from maagal.commands.check import check
from maagal.load import limits
from maagal.load.yamltext import parse_yaml

ARTICLE = "issues/1/second.md"
HEAD = "---\ntitle: מאמר שני\nauthors: [amir-sela]\norder: 2\n---\n"


def _report(project: Project) -> str:
    _, report = check(find_project(project.root / "mkdocs.yml"))
    return report.format() if report else "No problems."


def test_a_file_over_a_megabyte_is_refused_unread(project: Project) -> None:
    project.write(ARTICLE, HEAD + "מילה " * 120_000)  # 1.1 MB: a Hebrew letter is 2 bytes
    assert _report(project) == (
        f"{ARTICLE}: the file is 1.1 MB; a content file can be at most 1 MB\n"
        "    fix: split it into several documents (a long paper into parts); pictures go in "
        "files of their own beside it, not into the text\n"
        "1 problem found; nothing was published."
    )


def test_a_file_just_under_the_limit_is_read(project: Project) -> None:
    text = HEAD + "פסקה ראשונה.\n\n" + "מילה " * 99_000 + "\n"
    assert len(text.encode()) < limits.FILE_LIMIT
    project.write(ARTICLE, text)
    assert _report(project) == "No problems."


def _billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        name, before = "abcdefghij"[level], "abcdefghij"[level - 1]
        lines.append(f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]")
    return "\n".join(lines) + "\n"


def _limit_memory() -> None:
    gigabyte = 2**30
    resource.setrlimit(resource.RLIMIT_AS, (gigabyte, gigabyte))


@pytest.mark.slow
@pytest.mark.parametrize("where", ["front matter", "authors file"])
def test_a_billion_repeated_values_are_refused_within_a_gigabyte(
    project: Project, where: str
) -> None:
    """Nine lines that repeat a value 9^10 times took `maagal check` past 8 GB; under a limit
    of 1 GB of address space it now stops at once, with the line."""
    if where == "front matter":
        project.write(ARTICLE, HEAD.replace("order: 2\n", "order: 2\n" + _billion_laughs()))
        where_reported = f"{ARTICLE}:5: the front matter cannot be read here"
    else:
        authors = (project.root / "authors.yml").read_text(encoding="utf-8")
        project.write("authors.yml", authors + _billion_laughs())
        where_reported = "authors.yml:7: the file cannot be read here"
    done = subprocess.run(
        [*MAAGAL, "check"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_memory,
    )
    assert done.returncode == 1, done.stderr
    assert f"{where_reported}: a value marked with '&' or repeated with '*'" in done.stderr
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_an_event_title_with_a_line_break_is_built_on_one_line(project: Project) -> None:
    """`title: "a\\nb"` passed the check and ended the build in an AssertionError (a calendar
    line cannot hold a line break)."""
    project.write(
        "events/forum.md",
        '---\ntitle: "פורום\\nהדרום"\nkind: forum\nstart: 2027-07-12 17:00\n'
        'location: "קיבוץ\\tרביבים"\n---\nעל מה.\n',
    )
    result = project.maagal("build")
    assert result.code == 0, result.text
    calendar = (project.root / "site/events/forum/event.ics").read_text(encoding="utf-8")
    assert "SUMMARY:פורום הדרום\n" in calendar
    assert "LOCATION:קיבוץ רביבים\n" in calendar


def test_a_key_written_twenty_thousand_times_is_read_in_linear_time() -> None:
    """Each key written twice was compared with every one before it: 20,000 took 50 s. Now
    0.2 s; the guard is generous, so that a machine shared with other work does not fail it."""
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(20)
    try:
        parsed = parse_yaml(
            "title: x\n" * 20_000 + "".join(f"k{i}: {{a: 1, a: 2}}\n" for i in range(5_000))
        )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert len(parsed.duplicates) == 19_999 + 5_000
    assert parsed.duplicates[0] == (("title",), 1, 2)


def _too_slow(*_: object) -> None:
    raise TimeoutError("took more than 20 s: no longer linear?")


# -- the preview server ---------------------------------------------------------------------


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[int]:
    """A preview server (as `maagal serve` starts it) on a folder with one page; its port."""
    from maagal.plugin.engine import PreviewServer

    (tmp_path / "index.html").write_text("<html><body>שלום</body></html>", encoding="utf-8")
    port = free_port()
    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=port, root=str(tmp_path))
    server.server_bind()
    server.server_activate()
    server.serve_thread.start()
    try:
        yield port
    finally:
        server.shutdown()
        server.serve_thread.join(timeout=5)


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/%00", 400),  # was 500, with a traceback in the terminal
        ("/index.html%00.md", 400),
        ("/%0d%0aSet-Cookie:%20x=1", 400),
        ("/..%2f..%2fetc/passwd", 404),
        ("/../../../etc/passwd", 404),
        ("/%2e%2e/%2e%2e/etc/passwd", 404),
        ("/" + "a" * 20_000, 404),  # longer than a file name can be
        ("/" + "a/" * 5_000 + "index.html", 404),
    ],
    ids=[
        "home",
        "nul",
        "nul-after-a-page",
        "header-injection",
        "encoded-slashes",
        "dot-dot",
        "encoded-dots",
        "long-name",
        "deep-path",
    ],
)
def test_the_preview_server_answers_odd_addresses_without_a_traceback(
    preview: int, path: str, status: int, capfd: pytest.CaptureFixture[str]
) -> None:
    code, body = _get(preview, path)
    assert code == status
    assert b"root:" not in body
    assert "Traceback" not in capfd.readouterr().err


def test_the_preview_server_still_serves_pages_with_odd_characters(tmp_path: Path) -> None:
    """Spaces, Hebrew and percent signs in a file name are ordinary (only control characters,
    which no file of a site has, are refused)."""
    from maagal.plugin.engine import _UNSERVABLE

    assert not _UNSERVABLE.search("/issues/4/קובץ עם רווח%.pdf")
    assert _UNSERVABLE.search("/a\x00b") and _UNSERVABLE.search("/a\nb")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # one tag opened and never closed, 100,000 times (20,000 took 5.5 s)
        ("x " + "<a" * 100_000, ":6: the text holds 100,000 HTML tags"),
        # five tags that never close, each read to the end of a long text: shown as text
        ("\n\n".join(["<div"] * 5) + "\n\n" + "מילה " * 90_000, "No problems."),
        ("x " + "<![CDATA[" * 5_000, ":6: '<![' starts an HTML section"),  # 2,000 took 19 s
    ],
    ids=["unclosed-tags", "five-tags-before-a-long-text", "cdata-sections"],
)
def test_text_full_of_tag_starts_is_refused_in_linear_time(
    project: Project, text: str, said: str
) -> None:
    """Python's HTMLParser reads from every tag start to the end of the text: such a text is
    refused before any of it is rendered, or rendered in bounded time (see `limits`)."""
    project.write(ARTICLE, HEAD + text)
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(20)
    try:
        report = _report(project)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert said in report
