"""How one run builds, read once: the command line's options over the environment's.

`maagal build` and `maagal serve` make a `RunOptions` from their options and hand it down to
every language's build (in its own process: the object is pickled, never put back into the
environment). A plain `mkdocs build` and the tests set the environment instead; the plugin
then reads it once, at its start. Nothing else in the package reads or writes `os.environ`.

| variable | option |
| --- | --- |
| `MAAGAL_LANGUAGE` | the one language this build renders (else the plugin's `language`) |
| `MAAGAL_INCLUDE_DRAFTS=1` | drafts are shown (`maagal serve`) |
| `MAAGAL_EDITIONS=off` | no print editions or cards (`maagal serve`; tests about other things) |
| `MAAGAL_NO_CACHE=1` | no build cache (`maagal build --no-cache`) |
| `MAAGAL_CACHE_DIR` | the build cache's folder (default `.cache/maagal` beside mkdocs.yml) |
| `MAAGAL_CHROMIUM` | the Chromium that draws the editions (default: `chromium` on the PATH) |
| `MAAGAL_WATCH=poll` | `maagal serve` polls files instead of waiting for notifications |
| `MAAGAL_SEARCH_PLAIN=1` | the search index without Hebrew prefix forms (benchmarks) |
| `SOURCE_DATE_EPOCH` | the day the build publishes for (reproducible builds) |
| `CI` | no progress line on a terminal |
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from maagal.model.when import ISRAEL

CACHE_FOLDER = ".cache/maagal"  # beside mkdocs.yml; MAAGAL_CACHE_DIR moves it
OFF_VALUES = frozenset({"off", "0", "no", "false"})
ENGINE_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1"}  # Material's banner about MkDocs 2, every run


@dataclass(frozen=True)
class RunOptions:
    """What this run was asked to do, beyond the site's own settings."""

    language: str | None = None
    include_drafts: bool = False
    editions: bool = True
    use_cache: bool = True
    cache_dir: Path | None = None
    chromium: str | None = None
    poll_files: bool = False
    search_plain: bool = False
    source_date_epoch: int | None = None
    ci: bool = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> RunOptions:
        env = os.environ if environ is None else environ
        epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
        return cls(
            language=env.get("MAAGAL_LANGUAGE") or None,
            include_drafts=env.get("MAAGAL_INCLUDE_DRAFTS") == "1",
            editions=env.get("MAAGAL_EDITIONS", "").strip().lower() not in OFF_VALUES,
            use_cache=not env.get("MAAGAL_NO_CACHE"),
            cache_dir=Path(env["MAAGAL_CACHE_DIR"]) if env.get("MAAGAL_CACHE_DIR") else None,
            chromium=env.get("MAAGAL_CHROMIUM"),  # "" means none: published without editions
            poll_files=env.get("MAAGAL_WATCH") == "poll",
            search_plain=env.get("MAAGAL_SEARCH_PLAIN") == "1",
            source_date_epoch=int(epoch) if epoch.isascii() and epoch.isdigit() else None,
            ci=bool(env.get("CI")),
        )

    def but(self, **changes: object) -> RunOptions:
        """These options with some changed (`options.but(language="en")`)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def cache_root(self, project_root: Path) -> Path | None:
        """The build cache's folder; None when the run keeps no cache (`--no-cache`)."""
        if not self.use_cache:
            return None
        return self.cache_dir if self.cache_dir else project_root / CACHE_FOLDER

    def today(self) -> dt.date:
        """The day the build publishes for: today in Israel, or SOURCE_DATE_EPOCH's day."""
        if self.source_date_epoch is not None:
            return dt.datetime.fromtimestamp(self.source_date_epoch, ISRAEL).date()
        return dt.datetime.now(ISRAEL).date()


def quiet_engine() -> None:
    """Set what the engine reads from the environment before it is imported: no banner."""
    for name, value in ENGINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
