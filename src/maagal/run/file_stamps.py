"""What tells a file the build left from the same file written over since, without reading it:
its size, its modification time in nanoseconds and its inode.

The build cache trusts a kept file by its stamp (the kept editions, the search index's parts,
the page files of the last sites): a write changes the time (and a replaced file the inode),
so a file whose stamp is the one recorded is the one that was kept. Only a deliberate act puts
all three back; a cache that came with the sources is never used.
"""

from __future__ import annotations

import os


def stamp(status: os.stat_result) -> list[int]:
    """[size, modification time in ns, inode] of the file `status` describes."""
    return [status.st_size, status.st_mtime_ns, status.st_ino]


def stamp_text(status: os.stat_result) -> str:
    """`stamp` as one string, to look a file up by."""
    return ":".join(map(str, stamp(status)))
