"""Pandoc run on a document as on something a stranger sent: in its sandbox, with a memory
limit and a time limit.

`--sandbox` (pandoc 2.15 and later; the `pypandoc_binary` wheel bundles 3.x) lets pandoc read
only the file it is given: a picture linked to `file:///etc/passwd` or to a web address is
neither read nor fetched, and stays a link that the import reports and leaves out. Pandoc runs
as a process of its own, given the file's name as one argument, never as a pattern (pypandoc
expands `*` and `[1]` in names: `a[1].docx` failed, and `*.docx` merged a folder).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from maagal.run.errors import MaagalError

SECONDS: float = 120  # a long book takes pandoc a few seconds
HEAP = "2g"  # pandoc's own heap limit (GHC's runtime: +RTS -M)
SANDBOX_SINCE = (2, 15)


def pandoc_json(document: Path, kind: str, media: Path, extra: list[str], shown: Path) -> Any:
    """Pandoc's tree of `document` (read as `kind`), its pictures written under `media` (an
    empty folder, where pandoc runs); `shown`: the file as the editor named it."""
    media.mkdir(parents=True, exist_ok=True)
    command = [
        pandoc_path(),
        "+RTS",
        f"-M{HEAP}",
        "-RTS",
        "--sandbox",
        f"--from={kind}",
        "--to=json",
        f"--extract-media={media}",
        *extra,
        str(document.resolve()),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=SECONDS, cwd=media, check=False)
    except subprocess.TimeoutExpired:
        raise MaagalError(
            f"{shown}: pandoc was still reading it after {SECONDS:g} seconds, far longer than "
            "a document takes — open it in Word or LibreOffice, save it again, or import its "
            "text in parts"
        ) from None
    if done.returncode != 0:
        raise MaagalError(_failed(shown, done.stderr.decode("utf-8", "replace")))
    return json.loads(done.stdout)


def _failed(shown: Path, stderr: str) -> str:
    if "Heap exhausted" in stderr or "heap overflow" in stderr:
        reason = f"reading it needs more than {HEAP.upper()}B of memory"
    else:
        lines = [line for line in stderr.strip().splitlines() if line.strip()]
        reason = lines[-1].strip() if lines else "pandoc could not read it"
    return (
        f"{shown}: cannot be read as a {shown.suffix} document ({reason}) — open it in Word "
        "or LibreOffice and save it again"
    )


def pandoc_path() -> str:
    """The pandoc that `pypandoc_binary` bundles (or the system's), if it has `--sandbox`."""
    import pypandoc

    try:
        path = str(pypandoc.get_pandoc_path())
        version = str(pypandoc.get_pandoc_version())
    except OSError:
        raise MaagalError(
            "pandoc is missing: reinstall Maagal (pip install --force-reinstall maagal)"
        ) from None
    numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:2])
    if numbers < SANDBOX_SINCE:
        raise MaagalError(
            f"pandoc {version} cannot read a document in its sandbox (pandoc 2.15 and later "
            "can) — reinstall Maagal (pip install --force-reinstall maagal)"
        )
    return path
