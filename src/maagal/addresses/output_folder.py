"""Where a build may write its site: never over the project, the folder that holds it, or one
of the folders it is made of.

A build replaces its output folder as a whole (`maagal build` swaps the new site in; MkDocs
empties it first): `site_dir: ..` would delete the folder around the project, project
included, and `site_dir: issues` the issues. The commands and the plugin ask here before
anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

# Folders of a project that a build never replaces or writes into, beside the content folders.
KEPT_FOLDERS = ("overrides", ".git", ".github")


def output_problem(
    output: Path, root: Path, folders: Iterable[str], kept: Iterable[Path] = ()
) -> str | None:
    """Why the site may not be written at `output` (None when it may), for the project at
    `root` with its content `folders` (paths from the root) and other `kept` folders (the
    build cache). Links are resolved first: a `site` that is a link to `..` is `..`."""
    target, base = os.path.realpath(output), os.path.realpath(root)
    if target == base:
        return "it is the project's own folder, which the build would replace"
    if _under(base, target):
        return "it holds the project, which the build would delete with it"
    if os.path.lexists(target) and not os.path.isdir(target):
        return "it is a file, which the build would replace"
    protected = [Path(base, name) for name in (*folders, *KEPT_FOLDERS)] + list(kept)
    for folder in protected:
        real = os.path.realpath(folder)
        shown = os.path.relpath(real, base) if _under(real, base) else real
        if target == real or _under(target, real):
            return f"it is in {shown}/, a folder of the project that the build must not replace"
        if _under(real, target):
            return f"it holds {shown}/, which the build would delete with it"
    return None


def _under(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


FIX = "build into a folder of its own, e.g. 'site_dir: site' in mkdocs.yml (the default)"
