"""Finding content files and pairing translations (`NAME.md`, `NAME.en.md`)."""

from __future__ import annotations

import re
from pathlib import Path

from maagal.errors import Report, did_you_mean

_LANG_SUFFIX = re.compile(r"^(?P<name>.+)\.(?P<lang>[a-z]{2,3})\.md$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ASSET_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".avif", ".pdf"})


def markdown_files(folder: Path) -> list[Path]:
    """Markdown files under `folder`, skipping hidden files and folders."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*.md")
        if p.is_file()
        and not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts)
    )


def asset_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in ASSET_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def group_translations(
    paths: list[Path], root: Path, languages: list[str], report: Report
) -> dict[str, dict[str, Path]]:
    """Group files by document: {'issues/4/x.md': {'he': path, 'en': path}}.

    The key is the path of the default-language file, whether or not that file exists.
    """
    default = languages[0]
    groups: dict[str, dict[str, Path]] = {}
    for path in paths:
        rel = path.relative_to(root).as_posix()
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
        key = (path.parent.relative_to(root) / name).as_posix()
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
