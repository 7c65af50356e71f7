"""Where a site's content lives in its repository, built once from the settings.

The plugin (from mkdocs.yml through MkDocs) and the commands (from mkdocs.yml read as plain
YAML) both build it here, so the two can never disagree about a folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_LANGUAGES = ("he", "en")
# Settings of the maagal plugin that name a folder or a file of the content.
LAYOUT_SETTINGS = ("issues_dir", "papers_dir", "authors_file", "topics_file")


@dataclass(frozen=True)
class ContentLayout:
    """Where the content lives in a repository; defaults follow DESIGN.md."""

    root: Path
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    docs_dir: str = "docs"
    issues_dir: str = "issues"
    papers_dir: str = "position_papers"
    authors_file: str = "authors.yml"
    topics_file: str = "topics.yml"
    events_dir: str = "events"
    series_file: str = "events/series.yml"
    # The site's own address (`site_url`): a link written with it is a link into the site.
    site_url: str = ""

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def folders(self) -> tuple[str, ...]:
        """The folders of documents and their pictures."""
        return (self.docs_dir, self.issues_dir, self.papers_dir, self.events_dir)

    @property
    def files(self) -> tuple[str, ...]:
        """The shared lists documents refer to."""
        return (self.authors_file, self.topics_file, self.series_file)

    @classmethod
    def from_settings(
        cls, root: Path, docs_dir: str, settings: Mapping[str, Any], site_url: str = ""
    ) -> ContentLayout:
        """The layout of the site at `root`, from the maagal plugin's settings."""
        options = {key: str(settings[key]) for key in LAYOUT_SETTINGS if settings.get(key)}
        return cls(
            root=root,
            languages=languages_setting(settings.get("languages")),
            docs_dir=Path(docs_dir).name,
            site_url=site_url,
            **options,
        )


def languages_setting(value: Any) -> tuple[str, ...]:
    """`languages: he` means one language, not the letters 'h' and 'e'."""
    if not value:
        return DEFAULT_LANGUAGES
    if isinstance(value, str):
        return (value,)
    return tuple(str(lang) for lang in value)
