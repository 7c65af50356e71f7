"""`maagal check --invisible` (the commit hook) and `maagal check --fix`: the pasted invisible
characters of any text file, by the rule of `maagal.load.invisible`."""

from __future__ import annotations

import os
from pathlib import Path

from maagal.load import invisible
from maagal.run.errors import Report


def _text(path: Path) -> str | None:
    """The file as UTF-8 text, or None for binaries and other encodings (images, fonts)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if b"\0" in raw:
        return None
    try:
        return raw.decode("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError:
        return None


def scan(paths: list[Path], root: Path) -> Report:
    """The refused characters of every text file in `paths`, each with line and column."""
    report = Report()
    for path in paths:
        text = _text(path) if path.is_file() else None
        if text is None:
            continue
        shown = _shown(path, root)
        for finding in invisible.refused_lines(text.replace("\r\n", "\n").replace("\r", "\n")):
            report.add(shown, finding.line, finding.message(), finding.fix, column=finding.column)
    return report


def fix(paths: list[Path], root: Path) -> tuple[list[Path], list[Path]]:
    """Delete every invisible character the rule knows from `paths`: the files changed, and
    those left alone because they are not the project's (outside `root`, or links to a file
    outside it): `--fix` never writes anywhere else."""
    changed, refused = [], []
    for path in paths:
        if not _inside(path, root):
            refused.append(path)
            continue
        text = _text(path) if path.is_file() else None
        if text is None:
            continue
        cleaned = invisible.clean(text)
        if cleaned != text:
            _replace(Path(os.path.realpath(path)), cleaned)
            changed.append(path)
    return changed, refused


def _inside(path: Path, root: Path) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real.startswith(base.rstrip(os.sep) + os.sep)


def _replace(path: Path, text: str) -> None:
    """Write `text` as a new file in `path`'s place: a hard link to the old file (another name
    of it, perhaps outside the project) keeps the old bytes."""
    scratch = path.with_name(f".{path.name}.maagal-fix-{os.getpid()}")
    try:
        # newline="" writes the line ends exactly as they were read.
        with scratch.open("x", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(scratch, os.stat(path).st_mode & 0o7777)
        os.replace(scratch, path)
    finally:
        scratch.unlink(missing_ok=True)


def content_files(root: Path, folders: list[str], files: list[str]) -> list[Path]:
    """The Markdown and YAML files of the content folders, and the named files at the root."""
    found = [root / name for name in files if (root / name).is_file()]
    for folder in folders:
        base = root / folder
        if base.is_dir():
            found += sorted(p for p in base.rglob("*") if p.suffix in (".md", ".yml", ".yaml"))
    return found


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
