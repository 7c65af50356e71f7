"""The running Maagal as a wheel, for a new site to install before its version is on PyPI.

A wheel is a zip of the package's files and its `.dist-info` folder (PEP 427). An install from
a wheel keeps every file it unpacked, listed with its hash in the distribution's RECORD, so
zipping those files again, without what the installer added (the `maagal` command, INSTALLER,
REQUESTED, direct_url.json), gives the same package back: no build, no network. An editable
install (a source checkout, `pip install -e`) keeps no such files, and a file changed since
the install no longer matches its RECORD: then there is no wheel to copy (`NoWheel` says why).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import zipfile
from importlib.metadata import Distribution, PackageNotFoundError, PackagePath, distribution
from pathlib import Path

ADDED_BY_INSTALLER = {"INSTALLER", "REQUESTED", "direct_url.json", "RECORD"}
# Stable bytes: the same installed files give the same wheel (zip's earliest date).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class NoWheel(Exception):
    """The running Maagal cannot be copied as a wheel; the message says why, and `checkout` is
    the source checkout it runs from, when it does."""

    def __init__(self, reason: str, checkout: str = "") -> None:
        super().__init__(reason)
        self.checkout = checkout


def copy_own_wheel(folder: Path) -> Path:
    """Write the running Maagal's wheel into `folder`; its path."""
    try:
        dist = distribution("maagal")
    except PackageNotFoundError:
        raise NoWheel("Maagal is not installed (it runs from a source folder)") from None
    files = _wheel_files(dist)
    info = f"maagal-{dist.version}.dist-info"
    tag = _tag(dist)
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"maagal-{dist.version}-{tag}.whl"
    record = io.StringIO()
    rows = csv.writer(record, lineterminator="\n")
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            _add(archive, name, data)
            rows.writerow([name, f"sha256={_recorded(data, 'sha256')}", len(data)])
        rows.writerow([f"{info}/RECORD", "", ""])
        _add(archive, f"{info}/RECORD", record.getvalue().encode())
    return wheel


def _wheel_files(dist: Distribution) -> list[tuple[str, bytes]]:
    """The installed files that make the wheel, package first and .dist-info last, each
    checked against the hash the installer recorded."""
    checkout = _editable_checkout(dist)
    if checkout is not None:
        raise NoWheel("this Maagal runs from a source checkout (an editable install)", checkout)
    kept = [path for path in dist.files or () if _in_wheel(path)]
    if not any(path.as_posix() == "maagal/__init__.py" for path in kept):
        raise NoWheel("the installed Maagal lists none of its files (RECORD)")
    files = []
    for path in sorted(kept, key=lambda p: (p.parts[0].endswith(".dist-info"), p.as_posix())):
        data = Path(str(path.locate())).read_bytes()
        if path.hash is not None and path.hash.value != _recorded(data, path.hash.mode):
            raise NoWheel(f"{path} was changed after Maagal was installed")
        files.append((path.as_posix(), data))
    return files


def _in_wheel(path: PackagePath) -> bool:
    if path.is_absolute() or path.parts[0] == "..":
        return False  # the `maagal` command: the installer makes it from entry_points.txt
    if "__pycache__" in path.parts or path.suffix == ".pyc":
        return False  # bytecode the installer compiled
    return not (path.parts[0].endswith(".dist-info") and path.name in ADDED_BY_INSTALLER)


def _editable_checkout(dist: Distribution) -> str | None:
    """The folder an editable install runs from (PEP 610's direct_url.json), else None."""
    text = dist.read_text("direct_url.json")
    found = json.loads(text) if text else {}
    if not found.get("dir_info", {}).get("editable"):
        return None
    url = str(found.get("url", ""))
    return url.removeprefix("file://") if url.startswith("file://") else ""


def _recorded(data: bytes, mode: str) -> str:
    return base64.urlsafe_b64encode(hashlib.new(mode, data).digest()).rstrip(b"=").decode()


def _tag(dist: Distribution) -> str:
    """The wheel's tag as its WHEEL file says (`py3-none-any`: pure Python)."""
    for line in (dist.read_text("WHEEL") or "").splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Tag":
            return value.strip()
    raise NoWheel("the installed Maagal has no wheel tag (WHEEL)")


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    entry = zipfile.ZipInfo(name, ZIP_DATE)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    archive.writestr(entry, data)
