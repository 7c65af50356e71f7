"""What a build reads and writes stays inside the project: links out of it are refused, the
site is never written over the project or its folders, the build cache is data that is
checked before use and never code, and a killed build leaves neither folders nor processes.

Each test is a real build (or check) of a small site, and asserts on what the machine holds
afterwards: the site's bytes, the files around the project, the processes still running.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EDITIONS_ON, MAAGAL, Project, _env
from test_build_cache import tree, warm_equals_cold

SECRET = "SECRET-BYTES-FROM-OUTSIDE-THE-PROJECT"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def everything(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links as what they point to), for before/after."""
    found = {}
    for here, folders, names in os.walk(folder):
        for name in folders + names:
            path = Path(here, name)
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = b"-> " + os.readlink(path).encode()
            elif path.is_file():
                found[rel] = path.read_bytes()
    return found


def published(project: Project) -> bytes:
    site = project.root / "site"
    return b"".join(tree(site).values()) if site.exists() else b""


def outside(tmp_path: Path) -> Path:
    """Files beside the project, each holding the secret."""
    folder = tmp_path / "outside"
    (folder / "folder").mkdir(parents=True)
    (folder / "passwd.md").write_text(f"---\ntitle: passwd\n---\n{SECRET}\n", encoding="utf-8")
    (folder / "folder" / "page.md").write_text(f"# page\n\n{SECRET}\n", encoding="utf-8")
    (folder / "pic.png").write_bytes(PNG + SECRET.encode())
    (folder / "paper.pdf").write_bytes(b"%PDF-1.4\n" + SECRET.encode())
    (folder / "leak.css").write_text(f"/* {SECRET} */", encoding="utf-8")
    return folder


# -- links --------------------------------------------------------------------------------


@pytest.mark.slow
def test_links_out_of_the_project_are_refused_and_publish_nothing(
    project: Project, tmp_path: Path
) -> None:
    assert project.maagal("build").code == 0
    before = tree(project.root / "site")
    out = outside(tmp_path)
    links = {
        "docs/passwd.md": out / "passwd.md",
        "docs/shared": out / "folder",
        "issues/1/pic.png": out / "pic.png",
        "position_papers/paper.pdf": out / "paper.pdf",
        "overrides/assets/leak.css": out / "leak.css",
        "docs/git-config.md": project.root / ".git" / "config",  # in the project, but hidden
        "docs/gone.md": out / "nothing-here.md",
    }
    (project.root / ".git").mkdir()
    (project.root / ".git" / "config").write_text(f"[core]\n# {SECRET}\n", encoding="utf-8")
    for rel, target in links.items():
        (project.root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, project.root / rel)
    result = project.maagal("build")
    assert result.code != 0
    for rel in links:
        assert f"{rel}: a symbolic link to " in result.text, rel
    assert "docs/git-config.md: a symbolic link to" in result.text
    assert "in a hidden folder of the project (such as .git or .cache)" in result.text
    assert f"docs/passwd.md: a symbolic link to {out / 'passwd.md'}, outside the project" in (
        result.text
    )
    assert "fix: copy the file into the project in place of the link" in result.text
    assert "docs/gone.md: a symbolic link to" in result.text and "which does not exist" in (
        result.text
    )
    assert tree(project.root / "site") == before, "the previous site stays as it was"
    assert SECRET.encode() not in published(project)
    # `maagal check` says the same, and reads none of the files either.
    checked = project.maagal("check")
    assert checked.code != 0 and "docs/passwd.md: a symbolic link to" in checked.text
    assert SECRET not in checked.text


@pytest.mark.slow
def test_links_inside_the_project_are_followed(project: Project) -> None:
    project.write("issues/1/pictures/photo.png", PNG)
    os.symlink("../issues/1/pictures/photo.png", project.root / "docs/photo.png")
    os.symlink("../issues/1/pictures", project.root / "docs/pictures")  # a folder, not a loop
    result = project.maagal("build")
    assert result.code == 0, result.text
    assert (project.root / "site/photo.png").read_bytes() == PNG
    assert (project.root / "site/pictures/photo.png").read_bytes() == PNG


@pytest.mark.slow
def test_links_to_the_folders_above_are_a_loop_refused_at_once(project: Project) -> None:
    os.symlink("..", project.root / "docs/a")
    os.symlink("..", project.root / "docs/b")
    os.symlink("../..", project.root / "issues/1/up")
    start = time.monotonic()
    result = project.maagal("build")
    assert result.code != 0
    assert time.monotonic() - start < 60
    for rel in ("docs/a", "docs/b", "issues/1/up"):
        assert f"{rel}: a symbolic link to a folder that holds it" in result.text, rel
    assert "fix: delete the link" in result.text
    assert not (project.root / "site").exists()
    assert sum(1 for _ in (project.root).rglob("*")) < 100, "nothing grew"


@pytest.mark.slow
def test_check_fix_writes_no_file_outside_the_project(project: Project, tmp_path: Path) -> None:
    """Neither through a symbolic link, nor a hard link, nor a path given on the command line."""
    out = tmp_path / "outside"
    out.mkdir()
    text = "---\ntitle: כותרת\n---\nטקסט \u202eהפוך\u202c.\n"
    for name in ("linked.md", "hard.md", "given.md"):
        (out / name).write_text(text, encoding="utf-8")
    os.symlink(out / "linked.md", project.root / "docs/linked.md")
    os.link(out / "hard.md", project.root / "docs/hard.md")
    before = everything(out)
    result = project.maagal("check", "--fix")
    project.maagal("check", "--fix", str(out / "given.md"))
    assert everything(out) == before, "nothing outside the project changed"
    assert "docs/linked.md: not changed: the file is outside the project" in result.text
    assert "\u202e" not in (project.root / "docs/hard.md").read_text(encoding="utf-8")
    assert os.stat(project.root / "docs/hard.md").st_nlink == 1, "the project's own file now"


@pytest.mark.slow
def test_a_cover_outside_its_issue_folder_is_refused(project: Project, tmp_path: Path) -> None:
    out = outside(tmp_path)
    index = "---\ndate: 2017-11\ntitle: שיתופי פעולה\ncover: {cover}\ncover_alt: תמונה\n---\nט.\n"
    project.write("issues/1/index.md", index.format(cover="../../../../../../../etc/passwd"))
    result = project.maagal("build")
    assert result.code != 0
    assert (
        "issues/1/index.md:4: the cover '../../../../../../../etc/passwd' is not in the "
        "issue's folder" in result.text
    )
    # A cover that is a link to a file outside: the link is refused, the file never read.
    os.symlink(out / "pic.png", project.root / "issues/1/cover.png")
    project.write("issues/1/index.md", index.format(cover="cover.png"))
    result = project.maagal("build")
    assert result.code != 0
    assert "issues/1/cover.png: a symbolic link to" in result.text
    assert "issues/1/index.md:4: the cover 'cover.png' is not in the issue's folder" in (
        result.text
    )
    assert not (project.root / "site").exists()


@pytest.mark.slow
def test_registry_keys_cannot_name_a_folder_elsewhere(project: Project, tmp_path: Path) -> None:
    authors = (project.root / "authors.yml").read_text(encoding="utf-8")
    project.write("authors.yml", authors + "  ../../../../escaped:\n    name: {he: א, en: A}\n")
    topics = (project.root / "topics.yml").read_text(encoding="utf-8")
    project.write("topics.yml", topics + "'a/b': {he: ב, en: B}\n")
    result = project.maagal("build")
    assert result.code != 0
    assert "the author key '../../../../escaped' is not a web address part" in result.text
    assert "topics.yml:3: the topic key 'a/b' is not a web address part" in result.text
    assert not list(tmp_path.parent.rglob("escaped"))


# -- where the site is written ------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "where",
    ["..", ".", "../..", "issues", "issues/1", "docs/site", ".git", "overrides", "mkdocs.yml"],
)
def test_the_site_is_never_written_over_the_project(
    project: Project, tmp_path: Path, where: str
) -> None:
    (project.root / ".git").mkdir()
    (project.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    before = everything(tmp_path)
    result = project.maagal("build", "--site-dir", where)
    assert result.code != 0
    assert f"--site-dir {where}: the site cannot be written to" in result.text
    assert "fix: build into a folder of its own" in result.text
    assert everything(tmp_path) == before, "nothing around the project or in it changed"


@pytest.mark.slow
@pytest.mark.parametrize("site_dir", ["..", "issues", ".cache/maagal/site", "authors.yml"])
def test_a_site_dir_over_the_project_is_refused_by_build_serve_and_mkdocs(
    project: Project, tmp_path: Path, site_dir: str
) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_dir: site", f"site_dir: {site_dir}"),
        encoding="utf-8",
    )
    before = everything(tmp_path)
    built = project.maagal("build")
    assert built.code != 0
    assert f"mkdocs.yml: site_dir '{site_dir}': the site cannot be written to" in built.text
    served = project.maagal("serve", "--dev-addr", "127.0.0.1:0")
    assert served.code != 0 and "the site cannot be written to" in served.text
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**_env(), "NO_MKDOCS_2_WARNING": "1"},
    )
    assert plain.returncode != 0
    assert "site_dir" in plain.stdout + plain.stderr
    assert everything(tmp_path) == before


@pytest.mark.slow
def test_a_site_that_is_a_link_to_the_folder_above_is_refused(
    project: Project, tmp_path: Path
) -> None:
    os.symlink("..", project.root / "site")
    before = everything(tmp_path)
    result = project.maagal("build")
    assert result.code != 0
    assert "it holds the project, which the build would delete with it" in result.text
    assert everything(tmp_path) == before


# -- the build cache ----------------------------------------------------------------------


class _Planted:
    """A pickle that, unpickled, runs a shell command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.slow
def test_a_planted_pickle_is_never_run(project: Project, tmp_path: Path) -> None:
    marker = tmp_path / "the-pickle-ran"
    cache = project.root / ".cache/maagal"
    cache.mkdir(parents=True)
    for name in ("parsed-he.pickle", "parsed-en.pickle", "parsed-he.json"):
        (cache / name).write_bytes(pickle.dumps(_Planted(marker)))
    warm_equals_cold(project)
    assert not marker.exists()
    assert not list(cache.glob("*.pickle")), "old pickles are deleted, never read"


def _reshaped(value: object) -> object:
    """Every list and mapping of `value` turned into text or a number: JSON of another shape."""
    if isinstance(value, dict):
        return {key: 7 if isinstance(item, (list, dict)) else item for key, item in value.items()}
    return "7"


def _read_cache(path: Path) -> tuple[dict, dict[str, list]]:
    """The parse cache's first line, and its other lines by key: [result, problems]."""
    head, *lines = path.read_text(encoding="utf-8").split("\n")
    return json.loads(head), {k: json.loads(v) for k, v in (x.split("\t", 1) for x in lines)}


def _write_cache(path: Path, head: dict, files: dict[str, object]) -> None:
    lines = [f"{key}\t{v if isinstance(v, str) else json.dumps(v)}" for key, v in files.items()]
    path.write_text("\n".join([json.dumps(head), *lines]), encoding="utf-8")


@pytest.mark.slow
def test_a_parse_cache_of_the_wrong_shape_gives_a_correct_build(project: Project) -> None:
    cold = warm_equals_cold(project)
    saved = project.root / ".cache/maagal/parsed-he.json"
    head, files = _read_cache(saved)
    assert files and head["stamp"]
    # Each entry damaged a different way, the file still plain data of this Maagal.
    damaged: dict[str, object] = {}
    for number, (key, (value, errors)) in enumerate(sorted(files.items())):
        damaged[key] = [
            [
                value,  # with errors of another shape, below
                {**value, "lines": "x"},
                _reshaped(value),
                None,  # as if the file could not be read, with no problem to say so
                {**value, "data": {}},  # front matter that would report what was not kept
            ][number % 5],
            errors if number % 5 else [["p", "not a line", "m", "h", None]],
        ]
    damaged[next(iter(damaged))] = '{"not json'
    _write_cache(saved, head, damaged)
    assert _warm(project) == cold  # the content is unchanged: the cold build is the same
    for text in ("[]", json.dumps({**head, "bodies": 7}), "x", json.dumps(head) + "\nno tab"):
        saved.write_text(text, encoding="utf-8")
        assert _warm(project) == cold


def _warm(project: Project) -> dict[str, bytes]:
    built = project.maagal("build")
    assert built.code == 0, built.text
    return tree(project.root / "site")


@pytest.mark.slow
def test_a_cache_committed_to_the_repository_is_not_used(project: Project) -> None:
    """A pull request that adds a cache (forced past .gitignore) cannot choose the site's words."""
    warm_equals_cold(project)
    saved = project.root / ".cache/maagal/parsed-he.json"
    head, files = _read_cache(saved)
    for value, _ in files.values():
        if value and "פסקה ראשונה" in value["body"]:
            value["body"] = value["body"].replace("פסקה ראשונה", "PLANTED-WORDS")
    _write_cache(saved, head, dict(files))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid"]
    for command in (["init", "-q"], ["add", "-A"], ["add", "-f", ".cache"], ["commit", "-qm", "x"]):
        subprocess.run([*git, *command], cwd=project.root, check=True, capture_output=True)
    result = project.maagal("build")
    assert result.code == 0, result.text
    assert b"PLANTED-WORDS" not in published(project)
    assert "the build cache (.cache/maagal/) is committed to the repository" in result.text


@pytest.mark.slow
def test_kept_search_parts_are_linked_and_checked(project: Project) -> None:
    cold = warm_equals_cold(project)
    kept = sorted((project.root / ".cache/maagal/search/he").glob("*/bundle/pagefind-ui.js"))
    assert kept
    # The published part and one kept part are one file (linked: no bytes written again)…
    # (the papers have a part of their own: which folder holds the published part follows
    # the parts' digests, so it is found by the link, and then followed by its path.)
    published_ui = project.root / "site/pagefind/pagefind-ui.js"
    linked = [k for k in kept if os.stat(k).st_ino == os.stat(published_ui).st_ino]
    assert len(linked) == 1
    main = linked[0]
    kept_bytes = main.read_bytes()
    # …so an edit written into the published file reaches the kept one: its stamp changes,
    # the next build indexes the part again, and neither the site nor the cache keeps the edit.
    published_ui.write_bytes(published_ui.read_bytes() + b"/* edited in site/ */")
    assert warm_equals_cold(project) == cold
    assert b"edited in site/" not in published(project)
    assert main.read_bytes() == kept_bytes
    # A damaged kept file is not published, and is not kept either.
    main.write_bytes(kept_bytes + b"/* DAMAGED */")
    assert warm_equals_cold(project) == cold
    assert b"DAMAGED" not in published(project)
    assert main.read_bytes() == kept_bytes
    # One file more than was kept is as bad as one changed.
    extra = main.parent / "extra.js"
    extra.write_text("/* EXTRA */", encoding="utf-8")
    assert warm_equals_cold(project) == cold
    assert not extra.exists()


# -- a killed build -----------------------------------------------------------------------


def _children() -> dict[int, int]:
    """Every process's parent, by process id."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    return parents


def _descendants(pid: int) -> set[int]:
    parents = _children()
    found, more = set(), {pid}
    while more:
        more = {child for child, parent in parents.items() if parent in more} - found
        found |= more
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _kill_mid_build(project: Project, ready: object, env: dict[str, str]) -> set[int]:
    """Start `maagal build`, SIGKILL it once `ready(descendants)` holds; its descendants then."""
    build = subprocess.Popen(
        [*MAAGAL, "build"],
        cwd=project.root,
        env={**_env(), "NO_MKDOCS_2_WARNING": "1", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and build.poll() is None:
            found = _descendants(build.pid)
            if ready(found):  # type: ignore[operator]
                os.kill(build.pid, signal.SIGKILL)
                build.wait()
                return found
            time.sleep(0.02)
        pytest.fail("the build ended before it could be killed")
    finally:
        if build.poll() is None:
            build.kill()


def _gone(pids: set[int], seconds: float = 15) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    return {pid for pid in pids if _alive(pid)}


def _bigger(project: Project) -> None:
    for number in range(2, 40):
        project.write(
            f"issues/1/more-{number}.md",
            f"---\ntitle: מאמר {number}\nauthors: [amir-sela]\norder: {number}\n---\n"
            + "פסקה ארוכה. " * 400
            + "\n",
        )


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_killed_build_leaves_no_process_and_the_next_no_folder(project: Project) -> None:
    _bigger(project)

    def workers_running(found: set[int]) -> bool:
        staging = list(project.root.glob(".site-build-*"))
        return bool(staging) and sum("maagal" in _command(p) for p in found) >= 2

    workers = _kill_mid_build(project, workers_running, {})
    assert list(project.root.glob(".site-build-*")), "the kill left its staging folder"
    assert _gone(workers) == set(), "the language workers ended with the build"
    result = project.maagal("build")
    assert result.code == 0, result.text
    assert not list(project.root.glob(".site-build-*"))
    assert not list(project.root.glob(".site-old-*"))


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_killed_build_leaves_no_chromium(project: Project) -> None:
    _bigger(project)

    def drawing(found: set[int]) -> bool:
        return any("chrom" in _command(pid).lower() for pid in found)

    processes = _kill_mid_build(project, drawing, EDITIONS_ON)
    assert _gone(processes, 30) == set(), [_command(p) for p in _gone(processes, 0)]
