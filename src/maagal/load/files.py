"""Finding content files and pairing translations (`NAME.md`, `NAME.en.md`)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from maagal.run.errors import Report, did_you_mean

_LANG_SUFFIX = re.compile(r"^(?P<name>.+)\.(?P<lang>[a-z]{2,3})\.md$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ASSET_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".avif", ".pdf"})


def _walk(folder: Path, skipped: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(folder, file name) under `folder`, leaving out names that start with `skipped`.

    One `os.walk` (which knows files from folders without a `stat` each): an archive of
    thousands of files is listed several times per build and on every save in `maagal serve`.
    """
    for here, folders, names in os.walk(folder, followlinks=True):
        folders[:] = [name for name in folders if not name.startswith(skipped)]
        for name in names:
            if not name.startswith(skipped):
                yield here, name


def markdown_files(folder: Path) -> list[Path]:
    """Markdown files under `folder`, skipping hidden files and folders (and `_` ones)."""
    if not folder.is_dir():
        return []
    return sorted(
        Path(here, name) for here, name in _walk(folder, (".", "_")) if name.endswith(".md")
    )


def asset_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        Path(here, name)
        for here, name in _walk(folder, (".",))
        if os.path.splitext(name)[1].lower() in ASSET_SUFFIXES
    )


def relative_posix(path: Path, root: Path) -> str:
    """`path.relative_to(root).as_posix()` for a path under `root`, as plain string work: the
    loader asks it for every file of the archive on every load."""
    full, base = str(path), str(root)
    if base in ("", ".") and not path.is_absolute():
        return path.as_posix()
    if full.startswith(base + os.sep):
        return full[len(base) + 1 :].replace(os.sep, "/")
    return path.relative_to(root).as_posix()  # raises as pathlib does, for a path elsewhere


def group_translations(
    paths: list[Path], root: Path, languages: list[str], report: Report
) -> dict[str, dict[str, Path]]:
    """Group files by document: {'issues/4/x.md': {'he': path, 'en': path}}.

    The key is the path of the default-language file, whether or not that file exists.
    """
    default = languages[0]
    groups: dict[str, dict[str, Path]] = {}
    for path in paths:
        rel = relative_posix(path, root)
        match = _LANG_SUFFIX.match(path.name)
        lang = default
        name = path.name
        if match:
            lang = match["lang"]
            name = match["name"] + ".md"
            if lang not in languages:
                report.add(
                    rel,
                    None,
                    f"unknown language '{lang}' in the file name{did_you_mean(lang, languages)}",
                    f"the site's languages are {', '.join(languages)}: rename the file",
                )
                continue
            if lang == default:
                report.add(
                    rel, None, f"'.{lang}.md' is the default language", f"rename it to {name}"
                )
                continue
        key = rel[: len(rel) - len(path.name)] + name
        groups.setdefault(key, {})[lang] = path
    return groups


def check_slug(slug: str, rel: str, report: Report, what: str = "file name") -> bool:
    if SLUG.match(slug):
        return True
    report.add(
        rel,
        None,
        f"the {what} '{slug}' is not a web address part",
        "use lowercase English letters, digits and hyphens only "
        "(e.g. 'regional-purchasing.md'): URLs stay ASCII",
    )
    return False
