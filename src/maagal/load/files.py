"""Finding content files and pairing translations (`NAME.md`, `NAME.en.md`).

Only files of the project are content. A symbolic link in a content folder is followed only
when its target is inside the project (and not in a hidden folder such as `.git` or
`.cache`), and a linked folder only when it is not one of the folders that hold it (two links
to `..` would otherwise list the project again at every level, without end). Every other link
is left out of the site and reported, with its file and the fix (`check_links`).
"""

from __future__ import annotations

import os
import posixpath
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from maagal.cache.parse_cache import RACY_NS
from maagal.run.errors import Report, did_you_mean
from maagal.run.said import say, to_say

_LANG_SUFFIX = re.compile(r"^(?P<name>.+)\.(?P<lang>[a-z]{2,3})\.md$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ASSET_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".avif", ".pdf"})
_UNSAFE_KEY = re.compile(r"[/\\\x00-\x1f\x7f]")


@dataclass(frozen=True)
class BadLink:
    """A symbolic link the build does not follow: where it is, and why."""

    path: Path
    why: str  # "outside", "hidden" (in .git, .cache…), "loop" or "missing": see `_LINK_PROBLEMS`


def _real(path: str | Path) -> str:
    return os.path.realpath(path)


def inside(path: str | Path, root: str | Path) -> bool:
    """Whether `path`, with every link resolved, is `root` or under it, and not in a hidden
    file or folder of it (`.git`, `.cache`, `.env`)."""
    real, base = _real(path), _real(root)
    if real == base:
        return True
    if not real.startswith(base.rstrip(os.sep) + os.sep):
        return False
    return not any(part.startswith(".") for part in Path(real[len(base) :]).parts[1:])


def _walk(
    folder: Path, skipped: tuple[str, ...], root: Path, bad: list[BadLink] | None = None
) -> Iterator[tuple[str, str]]:
    """(folder, file name) under `folder`, leaving out names that start with `skipped` and
    links that leave the project or go round in a loop (added to `bad`).

    Each folder is listed through `_listing`: an archive of thousands of files is listed
    several times per build and on every save in `maagal serve`.
    """
    base = _real(root)
    if not os.path.isdir(folder):
        return
    if not inside(folder, base):
        if bad is not None:
            bad.append(BadLink(folder, "outside"))
        return
    stack: list[tuple[str, tuple[str, ...]]] = [(str(folder), (_real(folder),))]
    while stack:
        here, above = stack.pop()
        for name, kind in _listing(here):
            if name.startswith(skipped):
                continue
            found = _entry(here, name, kind, above, base, bad)
            if found:
                stack.append((os.path.join(here, name), (*above, found)))
            elif found == "":
                yield here, name


# What a folder's entry is, as `_listing` keeps it.
_FILE, _FOLDER, _LINK, _UNREADABLE = range(4)

# Each folder's entries, by its path: its stamp (modification and change times, inode), when
# it was listed, and its entries by name, last first. Kept by the process for the next load.
_LISTINGS: dict[str, tuple[tuple[int, int, int], int, list[tuple[str, int]]]] = {}


def _listing(here: str) -> list[tuple[str, int]]:
    """The entries of the folder `here`, last name first, each with its kind (no `stat`
    each: `os.scandir` knows files from folders and links). A folder whose stamp is the one
    it was listed with is not listed again, unless it changed within two seconds of being
    listed (an entry added in the same tick of the clock would not show), as a parsed file is
    not read again (`ParseCache.digest`): adding, removing or renaming an entry changes
    its folder's times."""
    try:
        stat = os.stat(here)
    except OSError:
        return []
    stamp = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    kept = _LISTINGS.get(here)
    if kept is not None and kept[0] == stamp and stat.st_ctime_ns < kept[1] - RACY_NS:
        return kept[2]
    listed_at = time.time_ns()
    try:
        with os.scandir(here) as found:
            entries = sorted(((entry.name, _kind(entry)) for entry in found), reverse=True)
    except OSError:
        return []
    _LISTINGS[here] = (stamp, listed_at, entries)
    return entries


def _kind(entry: os.DirEntry[str]) -> int:
    try:
        if entry.is_symlink():
            return _LINK  # its target is looked at on every listing: it may come or go
        return _FOLDER if entry.is_dir() else _FILE
    except OSError:
        return _UNREADABLE


def _entry(
    here: str,
    name: str,
    kind: int,
    above: tuple[str, ...],
    base: str,
    bad: list[BadLink] | None,
) -> str | None:
    """'' for a file to list, the real path of a folder to enter, None for neither."""
    if kind == _FILE:
        return ""
    if kind == _FOLDER:  # its real path is its real parent's and its name
        return os.path.join(above[-1], name)
    if kind == _UNREADABLE:
        return None
    path = os.path.join(here, name)
    try:
        target = _real(path)
        why = _link_problem(target, above, base)
        if why is None:
            return target if os.path.isdir(target) else ""
    except OSError:
        return None
    if bad is not None:
        bad.append(BadLink(Path(path), why))
    return None


def _link_problem(target: str, above: tuple[str, ...], base: str) -> str | None:
    if not os.path.exists(target):
        return "missing"
    if not inside(target, base):
        return "hidden" if target.startswith(base.rstrip(os.sep) + os.sep) else "outside"
    if os.path.isdir(target) and any(a == target or a.startswith(target + os.sep) for a in above):
        return "loop"
    return None


def markdown_files(folder: Path, root: Path) -> list[Path]:
    """Markdown files under `folder` (of the project at `root`), skipping hidden files and
    folders (and `_` ones), in the order of their paths."""
    found = [(here, name) for here, name in _walk(folder, (".", "_"), root) if name.endswith(".md")]
    found.sort(key=lambda entry: (*entry[0].split(os.sep), entry[1]))  # as paths sort
    # (A folder's path made once and each name joined to it: pathlib parses every part of a
    # path it is given, and `maagal serve` lists the archive on every save.)
    folders = {here: Path(here) for here in dict.fromkeys(here for here, _ in found)}
    return [folders[here] / name for here, name in found]


def asset_files(folder: Path, root: Path) -> list[Path]:
    return sorted(
        Path(here, name)
        for here, name in _walk(folder, (".",), root)
        if os.path.splitext(name)[1].lower() in ASSET_SUFFIXES
    )


_LINK_PROBLEMS = {
    "outside": (
        to_say(
            "a symbolic link to {target}, outside the project: the site publishes only the "
            "project's own files"
        ),
        to_say(
            "copy the file into the project in place of the link (a link may point only to a "
            "file or folder of the project, not in a hidden folder such as .git)"
        ),
    ),
    "hidden": (
        to_say(
            "a symbolic link to {target}, in a hidden folder of the project (such as .git or "
            ".cache), which the site never publishes"
        ),
        to_say("copy the file into the content in place of the link"),
    ),
    "loop": (
        to_say("a symbolic link to a folder that holds it ({target}): listing it would never end"),
        to_say("delete the link"),
    ),
    "missing": (
        to_say("a symbolic link to {target}, which does not exist"),
        to_say("delete the link, or put the file it names in its place"),
    ),
}


def check_links(
    root: Path, folders: Iterable[str], files: Iterable[str], report: Report
) -> set[str]:
    """Report every symbolic link of the content that the build leaves out (see `_walk`):
    in the content `folders`, or one of the content `files` (authors, topics) itself. Returns
    their paths from the root."""
    bad: list[BadLink] = []
    for folder in folders:
        for _ in _walk(root / folder, (".",), root, bad):
            pass
    for name in files:
        path = root / name
        if os.path.lexists(path) and not inside(path, root):
            bad.append(BadLink(path, "outside" if path.exists() else "missing"))
    for link in bad:
        try:
            target = os.readlink(link.path)
        except OSError:
            target = _real(link.path)
        message, hint = _LINK_PROBLEMS[link.why]
        report.add(relative_posix(link.path, root), None, say(message, target=target), say(hint))
    return {relative_posix(link.path, root) for link in bad}


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
            if _wrong_language(rel, lang, name, languages, report):
                continue
        key = rel[: len(rel) - len(path.name)] + name
        groups.setdefault(key, {})[lang] = path
    return groups


def _wrong_language(rel: str, lang: str, name: str, languages: list[str], report: Report) -> bool:
    """Report a file named for a language the site does not have, or for its default one."""
    if lang not in languages:
        report.add(
            rel,
            None,
            say(
                "unknown language '{lang}' in the file name{did_you_mean}",
                lang=lang,
                did_you_mean=did_you_mean(lang, languages),
            ),
            say(
                "the site's languages are {languages}: rename the file",
                languages=", ".join(languages),
            ),
        )
        return True
    if lang == languages[0]:
        report.add(
            rel,
            None,
            say("'.{lang}.md' is the default language", lang=lang),
            say("rename it to {name}", name=name),
        )
        return True
    return False


def check_slug(slug: str, rel: str, report: Report, what: str = "") -> bool:
    if SLUG.match(slug):
        return True
    what = what or say("file name")
    report.add(
        rel,
        None,
        say("the {what} '{slug}' is not a web address part", what=what, slug=slug),
        say(
            "use lowercase English letters, digits and hyphens only (e.g. "
            "'regional-purchasing.md'): URLs stay ASCII"
        ),
    )
    return False


def within(folder: str, ref: str, root: Path) -> str | None:
    """`ref`, written in `folder` (a path from the project's root), as a path from the root,
    when it names a file of the project in that folder or below it; else None
    (`../../../etc/passwd`, `/etc/passwd`, a link to a file elsewhere)."""
    joined = posixpath.normpath(posixpath.join(folder, ref.replace("\\", "/")))
    if ref.startswith(("/", "\\")) or not joined.startswith(folder.rstrip("/") + "/"):
        return None
    return joined if inside(root / joined, root) else None


def check_key(key: str, rel: str, line: int | None, report: Report, what: str) -> bool:
    """An authors, topics or series key names a page's folder (`/authors/<key>/`): one part
    of a web address, never a path that leaves it ('../x', 'a/b')."""
    if key and not _UNSAFE_KEY.search(key) and not key.startswith("."):
        return True
    report.add(
        rel,
        line,
        say("the {what} key '{key}' is not a web address part", what=what, key=key),
        say(
            "use lowercase English letters, digits and hyphens only (e.g. 'noa-barkai'): "
            "the key names the page's folder"
        ),
    )
    return False


# Files that the system or a program writes beside a document (Word's lock file `~$x.docx`, an
# editor's backup `x.md~`, autosave `#x.md#`, probe `4913` or temporary `x.md.tmp123`, Windows'
# thumbnails): not the editor's, never published, said nothing of.
_SYSTEM_FILES = re.compile(
    r"^(?:~\$.*|.*~|#.*#|\d+|.*\.tmp\d*|thumbs\.db|desktop\.ini)$", re.IGNORECASE
)
_MARKDOWN_NAMES = re.compile(r"^(?P<stem>.+?)\.(?:md|markdown|mdown|mkdn?)(?:\.txt)?$", re.I)
_WORD = frozenset({".docx", ".odt"})
_OLD_WORD = frozenset({".doc", ".rtf"})
_OTHER_PICTURES = frozenset({".heic", ".heif", ".tif", ".tiff", ".bmp"})


def check_unpublished(
    root: Path, imports: dict[str, str | None], kept: set[str], report: Report
) -> None:
    """Name every file in the content folders that the site neither publishes as a document
    (`*.md`) or beside one (pictures, PDFs) nor reads (`kept`: the series file), with what to
    do: a file saved as `.MD` would otherwise vanish from the site without a word. Names that
    start with '.' or '_' are kept out on purpose. `imports`: each content folder, with the
    option of `maagal import` that brings a document into it (None: none does)."""
    for folder, option in imports.items():
        for here, name in _walk(root / folder, (".", "_"), root):
            if name.endswith(".md"):
                continue
            suffix = os.path.splitext(name)[1].lower()
            rel = relative_posix(Path(here, name), root)
            if suffix not in ASSET_SUFFIXES and rel not in kept and not _SYSTEM_FILES.match(name):
                where = _import_to(rel, folder, option)
                report.add(rel, None, *_unpublished(rel, name, suffix, folder, where))


def _import_to(rel: str, folder: str, option: str | None) -> str | None:
    """The options of `maagal import` for a document found at `rel` in `folder`."""
    if option != "--issue":
        return option
    number = rel[len(folder) + 1 :].split("/")[0]
    return f"--issue {int(number)}" if number.isascii() and number.isdigit() else "--issue N"


def _word_document(rel: str, suffix: str, where: str | None) -> tuple[str, str]:
    if where is None:  # no `maagal import` option brings a document into this folder
        return (
            say("a Word or LibreOffice document is not published"),
            say("copy its text into the Markdown file of the document, then delete it here"),
        )
    if suffix in _WORD:
        return (
            say("a Word or LibreOffice document is not published as it is"),
            say(
                "bring it in with 'maagal import {rel} {where}', then delete it here",
                rel=rel,
                where=where,
            ),
        )
    return (
        say("an old Word document is not published"),
        say(
            "open it in Word or LibreOffice, save it as .docx, and bring that in with 'maagal "
            "import <file>.docx {where}'; then delete it here",
            where=where,
        ),
    )


def _unpublished(
    rel: str, name: str, suffix: str, folder: str, where: str | None
) -> tuple[str, str]:
    markdown = _MARKDOWN_NAMES.match(name)
    if markdown:
        return (
            say(
                "the file is not published: the site reads only documents whose names end "
                "in '.md', in small letters"
            ),
            say("rename it to {stem}.md", stem=markdown["stem"]),
        )
    if suffix in _WORD | _OLD_WORD:
        return _word_document(rel, suffix, where)
    if suffix in _OTHER_PICTURES:
        return (
            say(
                "a picture in {suffix} is not published: not every browser shows it", suffix=suffix
            ),
            say("save it as JPEG or PNG (e.g. photo.jpg) and write that name in the document"),
        )
    if suffix == ".txt":
        return _text_file(name[: -len(suffix)], folder)
    return (
        say(
            "the file is not published: the site publishes documents ('.md') and the pictures "
            "and PDFs beside them"
        ),
        say(
            "move it out of {folder}/, or start its name with '_' to keep it there unpublished",
            folder=folder,
        ),
    )


def _text_file(stem: str, folder: str) -> tuple[str, str]:
    return (
        say("a text file is not published: documents are Markdown files ('.md') with front matter"),
        say(
            "to publish it, rename it to {name}.md and start it with front matter "
            "('---', 'title: …', '---'); otherwise move it out of {folder}/",
            name=stem,
            folder=folder,
        ),
    )
