"""`maagal build`: build each language in its own process, validate, swap atomically.

MkDocs empties `site_dir` before writing and counts `--strict` warnings only at the end, so
each language is built into a staging folder beside the output (`.site-build-<pid>/`); the
output is replaced only when every language succeeded. A failed build leaves the previous
site untouched, and a killed one leaves its staging folder to the next build, which removes
it. The output is never the project, a folder around it or one of its own (`refuse_output`),
and the language workers end with this process, however it ends.

The content is validated by each language's build as it loads (the report is the same in
every language, and is printed once): validating in this process first would cost a second
load of the whole archive before the builds could start.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maagal.addresses.output_folder import FIX, output_problem
from maagal.addresses.project import Project
from maagal.cache.build_cache import committed
from maagal.plugin.language_build import LanguageResult, preload_engine, run_mkdocs_build
from maagal.run import progress
from maagal.run.errors import ContentInvalid, MaagalError
from maagal.run.options import RunOptions
from maagal.run.processes import die_with_parent, running
from maagal.run.recycled_site import hand_over


@dataclass(frozen=True)
class BuildResult:
    output: Path
    languages: tuple[str, ...]
    pages: int
    seconds: float
    notes: tuple[str, ...] = ()  # what the site was published without, and why (said once)


def _build_language(
    config_file: str,
    lang: str,
    site_dir: str,
    serve_url: str | None,
    options: RunOptions,
    queue: Any = None,
) -> LanguageResult:
    """Build one language in a worker process of `maagal build`."""
    progress.attach(queue, lang)
    return run_mkdocs_build(config_file, lang, site_dir, serve_url, options)


# Builds the languages: receives (lang, site_dir) pairs, returns one result per pair, in order.
Runner = Callable[[Sequence[tuple[str, str]]], list[LanguageResult]]


def _count_pages(folder: Path) -> int:
    # (os.walk: Path.rglob took half a second over the 18,000 files of a 5,600-page site.)
    return sum(names.count("index.html") for _, _, names in os.walk(folder))


def _process_runner(
    project: Project, serve_url: str | None, parallel: bool, options: RunOptions
) -> Runner:
    """The languages built in fresh processes, in parallel when there are cores for it."""

    def run(jobs: Sequence[tuple[str, str]]) -> list[LanguageResult]:
        with progress.shown(options.ci) as queue:
            config = str(project.config_file)
            args = [(config, lang, d, serve_url, options, queue) for lang, d in jobs]
            if parallel and len(args) > 1 and (os.cpu_count() or 1) > 1:
                workers = min(len(args), os.cpu_count() or 1)
                preload_engine(options.use_cache)  # once here, not in each (forked) worker
                with ProcessPoolExecutor(
                    max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
                ) as pool:
                    return list(pool.map(_build_language, *zip(*args, strict=True)))
            return [_build_language(*job) for job in args]

    return run


def build_languages(
    project: Project,
    target: Path,
    options: RunOptions,
    *,
    serve_url: str | None = None,
    parallel: bool = True,
    runner: Runner | None = None,
    notes: list[str] | None = None,
    recycle: Path | None = None,
) -> int:
    """Build every language into `target` (which must be empty or missing).

    `notes` receives what the languages' builds left out, each said once; `recycle` is an
    older site whose files the builds write into (`run/recycled_site.py`)."""
    languages = project.languages
    staging = _staging_folders(project, target)
    if recycle is not None:
        hand_over(recycle, staging, {lang: project.language_root(lang) for lang in languages})
    run = runner or _process_runner(project, serve_url, parallel, options)
    results = run([(lang, str(staging[lang])) for lang in languages])
    content = next((r.content for r in results if r.content), None)
    problems = [
        f"[{lang}] {m}" for lang, r in zip(languages, results, strict=True) for m in r.problems
    ]
    if content or problems:
        for lang in languages:
            if staging[lang] != target:
                shutil.rmtree(staging[lang], ignore_errors=True)
        if content:
            raise ContentInvalid(content)
        raise MaagalError("the build failed; the previous site was kept:\n" + "\n".join(problems))
    if notes is not None:
        notes.extend(dict.fromkeys(n for r in results for n in r.notes))
    for lang in languages:
        if staging[lang] != target:
            shutil.move(staging[lang], target / project.language_root(lang).rstrip("/"))
    return _count_pages(target)


def _staging_folders(project: Project, target: Path) -> dict[str, Path]:
    """Where each language is built: the default one at `target`, the others beside it."""
    return {
        lang: target
        if lang == project.default_language
        else target.parent / f"{target.name}-{lang}"
        for lang in project.languages
    }


def build(project: Project, options: RunOptions, output: Path | None = None) -> BuildResult:
    """Validate, build all languages, and replace `output` only on success."""
    start = time.monotonic()
    given = output
    output = (output or project.site_dir).resolve()
    refuse_output(project, output, options, given)
    output.parent.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    trash = trash_folder(project.root, options)
    recycle = newest_site(trash)  # written into, rather than new files made
    emptying = empty_trash(trash, keep=recycle)  # the others, while this one builds
    try:
        with staging_folder(output) as staging:
            target = staging / "site"
            if recycle is not None:
                recycle = _moved(recycle, staging / "old")
            pages = build_languages(project, target, options, notes=notes, recycle=recycle)
            swap_in(target, output, trash)
    finally:
        emptying.join()
    seconds = time.monotonic() - start
    return BuildResult(output, tuple(project.languages), pages, seconds, tuple(notes))


def refuse_output(
    project: Project, output: Path, options: RunOptions, given: Path | None = None
) -> None:
    """Stop before anything is written when the site would replace the project, the folder
    that holds it, or one of its own folders (`site_dir: ..`, `maagal build -d issues`)."""
    cache = options.cache_root(project.root)
    folders = project.layout().folders
    why = output_problem(output, project.root, folders, [cache] if cache else [])
    if why is None:
        return
    where = f"--site-dir {given}" if given else f"mkdocs.yml: site_dir '{project.site_dir_name}'"
    raise MaagalError(f"{where}: the site cannot be written to {output}: {why}\n    fix: {FIX}")


# The folders a build works in beside its output (`.site-build-<pid>`, `.site-old-<pid>`): a
# build killed without a word (SIGKILL, a power cut) leaves them behind, and the next build of
# the same output finds them by name and removes them, unless their build is still running.
LOCK = ".lock"


@contextlib.contextmanager
def staging_folder(output: Path) -> Iterator[Path]:
    """A folder beside `output` to build in, held (locked) for as long as the build runs and
    removed after it; the folders of earlier builds that were killed are removed first."""
    _sweep(output)
    staging = output.parent / f".{output.name}-build-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)  # a killed build's, that had this number
    staging.mkdir()
    lock = os.open(staging / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        os.close(lock)


def _sweep(output: Path) -> None:
    """Remove what killed builds of `output` left beside it."""
    for prefix in (f".{output.name}-build-", f".{output.name}-old-"):
        for left in output.parent.glob(prefix + "*"):
            pid = left.name.removeprefix(prefix)
            if left.is_dir() and not left.is_symlink() and pid.isdigit() and _abandoned(left, pid):
                shutil.rmtree(left, ignore_errors=True)


def _abandoned(folder: Path, pid: str) -> bool:
    """Whether no running build holds `folder` (its lock is free, or it has none and the
    process named in its name is gone)."""
    try:
        lock = os.open(folder / LOCK, os.O_RDWR)
    except OSError:
        return not running(int(pid))
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(lock)  # (releases the lock: the folder is removed right after)


def swap_in(new: Path, output: Path, trash: Path | None = None) -> None:
    """Put `new` at `output`; the old tree is removed only after the new one is in place.

    With a `trash` folder (in the build cache) the old tree is moved there instead, for the
    next build to remove while its languages build (`empty_trash`): removing the 18,000 files
    of a 5,600-page site takes seconds, which a build that kept its pages would spend only
    deleting."""
    if output.exists():
        old = output.with_name(f".{output.name}-old-{os.getpid()}")
        os.replace(output, old)
        os.replace(new, output)
        if trash is None or not _move_to_trash(old, trash):
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, output)


TRASH = "trash"  # in the build cache: sites replaced, to be removed by the next build


def trash_folder(root: Path, options: RunOptions) -> Path | None:
    """The build cache's trash; None without a cache, or when the cache's path goes through a
    link or came with the sources (`committed`): removing what such a folder holds could reach
    files that are not the builds' own."""
    cache = options.cache_root(root)
    if cache is None:
        return None
    cache = cache.absolute()
    if os.path.realpath(cache) != str(cache) or committed(root, cache):
        return None
    return cache / TRASH


def _move_to_trash(old: Path, trash: Path) -> bool:
    """Move `old` into `trash` (on the same file system only: else it would be copied)."""
    try:
        trash.mkdir(parents=True, exist_ok=True)
        os.replace(old, trash / f"site-{os.getpid()}-{time.monotonic_ns()}")
        return True
    except OSError:
        return False


def newest_site(trash: Path | None) -> Path | None:
    """The newest site in `trash`, for this build to write into; None if there is none."""
    if trash is None or trash.is_symlink() or not trash.is_dir():
        return None
    sites = [
        entry
        for entry in trash.iterdir()
        if entry.name.startswith("site-") and entry.is_dir() and not entry.is_symlink()
    ]
    if not sites:
        return None
    return max(sites, key=lambda entry: entry.stat().st_mtime_ns)


def _moved(folder: Path, to: Path) -> Path | None:
    try:
        os.replace(folder, to)
        return to
    except OSError:
        return None


def empty_trash(trash: Path | None, keep: Path | None = None) -> threading.Thread:
    """Remove what `trash` holds now but `keep`, in a thread of this process (which only waits
    while its language workers build); the build joins it before it returns."""

    def remove(entries: list[Path]) -> None:
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)

    entries = []
    if trash is not None and trash.is_dir() and not trash.is_symlink():
        entries = [entry for entry in trash.iterdir() if entry != keep]
    thread = threading.Thread(target=remove, args=(entries,), daemon=True)
    thread.start()
    return thread
