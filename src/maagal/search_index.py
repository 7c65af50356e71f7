"""The site's search index: Pagefind, run once over the assembled site (every language).

Material's built-in lunr search finds nothing in Hebrew and preloads the whole index on every
page; Pagefind splits its index into small chunks fetched per query and keeps one index per
`<html lang>`. Only the content marked `data-pagefind-body` (documents, not listings) is indexed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from maagal.errors import MaagalError

BUNDLE = "pagefind"


def index_site(site_dir: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site_dir),
            "--output-subdir",
            BUNDLE,
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise MaagalError(f"the search index could not be built: {done.stderr.strip()}")
    # Pagefind writes its languages in hash-map order, which changes from run to run.
    entry = site_dir / BUNDLE / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(
        json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )
