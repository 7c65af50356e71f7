"""When documents were published and last changed, from the repository's git history.

Calendars need a DTSTAMP, LAST-MODIFIED and a SEQUENCE that grows with every change, so that a
calendar app notices a moved or cancelled meeting; the updates feed needs the day an event was
announced and the day its summary was written. Git history gives all of these reproducibly
(the same commit gives the same dates in any folder, at any time). Without git (a tarball, a
test folder) the dates fall back to the event's own day and SEQUENCE stays 0.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from maagal.model.site import Site

UTC = dt.UTC


def file_history(root: Path, folder: str) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """{path relative to root: (first commit time, last commit time)} for files under folder."""
    try:
        done = subprocess.run(
            ["git", "log", "--format=@%ct", "--name-only", "--no-renames", "--", folder],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if done.returncode != 0:
        return {}
    prefix = _git_prefix(root)
    history: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    when: dt.datetime | None = None
    for line in done.stdout.splitlines():
        if line.startswith("@"):
            when = dt.datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line and when is not None:
            rel = line.removeprefix(prefix)
            first, last = history.get(rel, (when, when))
            history[rel] = (min(first, when), max(last, when))
    return history


def _git_prefix(root: Path) -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def apply_event_history(site: Site) -> None:
    """Set each event's announced / summarized / last_modified from git, when there is git."""
    history = file_history(site.root, site.layout.events_dir)
    for event in site.events:
        stamps = [history[v.rel_path] for v in event.variants.values() if v.rel_path in history]
        if not stamps:
            continue
        first = min(s[0] for s in stamps)
        last = max(s[1] for s in stamps)
        event.announced = first.date()
        event.last_modified = last
        if event.has_summary:
            event.summarized = last.date()
