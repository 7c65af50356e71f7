"""`maagal build`: validate everything, build each language in its own process, swap atomically.

MkDocs empties `site_dir` before writing and counts `--strict` warnings only at the end, so
each language is built into a staging folder beside the output; the output is replaced only
when every language succeeded. A failed build leaves the previous site untouched.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maagal import progress
from maagal.errors import ContentInvalid, MaagalError
from maagal.load.site_loader import load_site
from maagal.project import Project


@dataclass(frozen=True)
class BuildResult:
    output: Path
    languages: tuple[str, ...]
    pages: int
    seconds: float


class _Collect(logging.Handler):
    """Keeps warnings and errors of a build, to report them once, in the editor's words."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build_language(
    config_file: str, lang: str, site_dir: str, serve_url: str | None, queue: Any = None
) -> list[str]:
    """Build one language into `site_dir`; return the problems (empty when it succeeded)."""
    os.environ["MAAGAL_LANGUAGE"] = lang
    progress.attach(queue)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    collect = _Collect()
    logger.addHandler(collect)
    try:
        config = load_config(config_file, site_dir=site_dir)
        mkdocs_build.build(config, serve_url=serve_url)
    except (Abort, ConfigurationError) as error:
        return [*collect.messages, str(error)]
    except Exception as error:  # a bug, not an editor's mistake: still no traceback
        return [*collect.messages, f"internal error while building '{lang}': {error!r}"]
    finally:
        logger.removeHandler(collect)
    return collect.messages


def _count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("index.html"))


def build_languages(
    project: Project, target: Path, *, serve_url: str | None = None, parallel: bool = True
) -> int:
    """Build every language into `target` (which must be empty or missing)."""
    languages = project.languages
    staging = {
        lang: target
        if lang == project.default_language
        else target.parent / f"{target.name}-{lang}"
        for lang in languages
    }
    with contextlib.ExitStack() as stack:
        queue = None
        if progress.wanted():
            queue = stack.enter_context(multiprocessing.Manager()).Queue()
            stack.enter_context(progress.Printer(queue))
        jobs = [
            (str(project.config_file), lang, str(staging[lang]), serve_url, queue)
            for lang in languages
        ]
        if parallel and len(jobs) > 1 and (os.cpu_count() or 1) > 1:
            with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
                results = list(pool.map(_build_language, *zip(*jobs, strict=True)))
        else:
            results = [_build_language(*job) for job in jobs]
    problems = [
        f"[{lang}] {m}" for lang, messages in zip(languages, results, strict=True) for m in messages
    ]
    if problems:
        for lang in languages:
            if staging[lang] != target:
                shutil.rmtree(staging[lang], ignore_errors=True)
        raise MaagalError("the build failed; the previous site was kept:\n" + "\n".join(problems))
    for lang in languages:
        if staging[lang] != target:
            shutil.move(staging[lang], target / project.language_root(lang).rstrip("/"))
    return _count_pages(target)


def build(project: Project, output: Path | None = None) -> BuildResult:
    """Validate, build all languages, and replace `output` only on success."""
    start = time.monotonic()
    _, report = load_site(project.layout())
    if report:
        raise ContentInvalid(report)
    output = (output or project.site_dir).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=output.parent))
    try:
        target = staging / "site"
        pages = build_languages(project, target)
        _swap(target, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(output, tuple(project.languages), pages, time.monotonic() - start)


def _swap(new: Path, output: Path) -> None:
    """Put `new` at `output`; the old tree is removed only after the new one is in place."""
    if output.exists():
        old = output.with_name(f".{output.name}-old-{os.getpid()}")
        os.replace(output, old)
        os.replace(new, output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, output)
