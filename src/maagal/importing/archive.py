"""A Word or LibreOffice document is a zip archive; pandoc reads a copy that Maagal wrote.

A small file can unpack to far more than it holds (a 1 MB .docx whose text unpacks to 1 GB took
an import past 9 GB of memory), and an archive's own list of sizes can lie. So every part is
unpacked here first, counted as it comes out and stopped at a limit no real document reaches,
and written into a new archive: what pandoc then unpacks is exactly what was counted. Parts
named outside the document (`../x.png`, `/etc/x`) are refused: no word processor writes them.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from maagal.run.errors import MaagalError

MB = 1024 * 1024
TEXT_LIMIT = 32 * MB  # one part of text (XML): a book of a thousand pages is about 10 MB
PART_LIMIT = 256 * MB  # one picture or other part
TOTAL_LIMIT = 512 * MB  # everything the document unpacks to
PARTS_LIMIT = 10_000
_CHUNK = MB


def safe_copy(path: Path, copy: Path) -> None:
    """Check `path`'s parts against the limits and write them into a new archive at `copy`."""
    try:
        with zipfile.ZipFile(path) as archive, zipfile.ZipFile(copy, "w") as out:
            parts = _checked_parts(path, archive)
            total = 0
            for part in parts:
                total += _copy_part(path, archive, part, out, TOTAL_LIMIT - total)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        OSError,
    ) as e:
        raise MaagalError(  # damaged, encrypted, or packed in a way no word processor packs
            f"{path}: cannot be read as a {path.suffix} document ({e}) — open it in Word or "
            "LibreOffice and save it again"
        ) from None


def _checked_parts(path: Path, archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's parts (the first of two with one name), once their names and the sizes
    the archive declares are within bounds."""
    parts = archive.infolist()
    if len(parts) > PARTS_LIMIT:
        raise MaagalError(_too_large(path, f"it holds {len(parts):,} parts"))
    seen: set[str] = set()
    kept = []
    for part in parts:
        if _outside(part.filename):
            raise MaagalError(
                f"{path}: it holds a part named '{part.filename}', outside the document — no "
                "word processor writes that: open the document in Word or LibreOffice and "
                "save it again"
            )
        if part.filename in seen or part.is_dir():
            continue
        seen.add(part.filename)
        if part.file_size > _limit(part.filename):
            raise MaagalError(_too_large(path, _unpacks(part.filename, part.file_size)))
        kept.append(part)
    if sum(part.file_size for part in kept) > TOTAL_LIMIT:
        raise MaagalError(_too_large(path, _all_of_it()))
    return kept


def _copy_part(
    path: Path,
    archive: zipfile.ZipFile,
    part: zipfile.ZipInfo,
    out: zipfile.ZipFile,
    room: int,
) -> int:
    """Copy one part, counting what it unpacks to (never trusting the size it declares);
    its size."""
    limit = _limit(part.filename)
    size = 0
    target = zipfile.ZipInfo(part.filename, date_time=part.date_time)
    target.compress_type = (
        zipfile.ZIP_STORED if part.filename == "mimetype" else zipfile.ZIP_DEFLATED
    )
    with archive.open(part) as source, out.open(target, "w") as sink:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise MaagalError(_too_large(path, _unpacks(part.filename, limit, more=True)))
            if size > room:
                raise MaagalError(_too_large(path, _all_of_it()))
            sink.write(chunk)
    return size


def _outside(name: str) -> bool:
    """A part named as a place outside the document: absolute, a drive, or up through '..'."""
    drive = len(name) > 1 and name[1] == ":"
    return name.startswith("/") or "\\" in name or drive or ".." in name.split("/")


def _limit(name: str) -> int:
    return TEXT_LIMIT if name.lower().endswith((".xml", ".rels")) else PART_LIMIT


def _unpacks(name: str, size: int, more: bool = False) -> str:
    return f"its part {name} unpacks to {'more than ' if more else ''}{size // MB:,} MB"


def _all_of_it() -> str:
    return f"it unpacks to more than {TOTAL_LIMIT // MB} MB"


def _too_large(path: Path, what: str) -> str:
    return (
        f"{path}: {what}, more than a document holds (limits: {TEXT_LIMIT // MB} MB of text "
        f"in one part, {TOTAL_LIMIT // MB} MB in all) — the file is damaged or made to do "
        "harm; open it in Word or LibreOffice and save it again, or import its text in parts"
    )
