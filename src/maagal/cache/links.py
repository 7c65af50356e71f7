"""A file put in a second place without writing its bytes again: a hard link, or a copy where
a link cannot be made (another disk, a file system without links).

Kept outputs (the print editions and cards, the search index's parts) go into the new site
this way. Besides the bytes not written, a link allocates no new file (inode): on a file system
that avoids reusing recently freed inodes (ext4 without a journal, as on this project's build
machines), allocating thousands of files right after a build removed thousands was the largest
part of a warm build's system time (see also `run/recycled_site.py`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


def link_or_copy(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Put `source` at `target` (replacing what is there), as a link where one can be made."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
