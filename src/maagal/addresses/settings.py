"""The maagal plugin's settings as plain values, for everything beyond the engine's glue.

The plugin reads them from MkDocs' validated configuration, the commands from mkdocs.yml read
as plain YAML; both end here, so feeds, calendars, the email edition and page views see the
same values whichever way the build started.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maagal.model.layout import ContentLayout

# GitHub's owner and repository names: letters, digits and hyphens; a repository also . and _.
GITHUB_REPO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+")
# A branch name the web editor may commit to (git's rules, narrowed to the usual characters).
GIT_BRANCH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._/-]*")


@dataclass(frozen=True)
class Settings:
    """One site's settings (`plugins: - maagal: {…}` and the site-wide `site_url`)."""

    layout: ContentLayout
    site_url: str = ""  # the whole site's address (the default language's root)
    site_name: str = ""  # MkDocs' `site_name`, used when `name` has no entry for a language
    names: Mapping[str, str] = field(default_factory=dict)
    descriptions: Mapping[str, str] = field(default_factory=dict)
    contact: Mapping[str, Any] = field(default_factory=dict)
    feed_length: int = 20
    # Part of every feed item's id. Set once, never change: subscribers' readers key on ids.
    feed_id_namespace: str = "maagal"
    newsletter_action: str | None = None
    recent_papers: int = 3  # position papers on the home page
    include_drafts: bool = False
    editor_repo: str = ""  # the web editor's GitHub repository, "owner/name"
    editor_branch: str = "main"
    editor_auth_url: str = ""  # the GitHub sign-in's authenticator (its `base_url`)

    @classmethod
    def from_options(
        cls,
        root: Path,
        options: Mapping[str, Any],
        *,
        docs_dir: str = "docs",
        site_url: str = "",
        site_name: str = "",
    ) -> Settings:
        """From the plugin's options as mkdocs.yml spells them."""
        return cls(
            layout=ContentLayout.from_settings(root, docs_dir, options, site_url or ""),
            site_url=site_url or "",
            site_name=site_name or "",
            names=dict(options.get("name") or {}),
            descriptions=dict(options.get("description") or {}),
            contact=dict(options.get("contact") or {}),
            feed_length=int(options.get("feed_length", 20)),
            feed_id_namespace=str(options.get("feed_id_namespace", "maagal")),
            newsletter_action=options.get("newsletter_action") or None,
            recent_papers=int(options.get("recent_papers", 3)),
            include_drafts=bool(options.get("include_drafts", False)),
            editor_repo=str(options.get("editor_repo") or ""),
            editor_branch=str(options.get("editor_branch") or "main"),
            editor_auth_url=str(options.get("editor_auth_url") or "").rstrip("/"),
        )

    @property
    def languages(self) -> tuple[str, ...]:
        return self.layout.languages

    @property
    def default_language(self) -> str:
        return self.layout.default_language

    def name(self, lang: str) -> str:
        """The circle's name in `lang`, else in the default language, else `site_name`."""
        return str(self.names.get(lang) or self.names.get(self.default_language) or self.site_name)

    def description(self, lang: str) -> str | None:
        if not self.descriptions:
            return None
        return self.descriptions.get(lang)

    def contact_in(self, lang: str) -> dict[str, str]:
        """email, phone and address, each in `lang` where it is given per language."""
        result = {"email": "", "phone": "", "address": ""}  # templates may ask for each
        for key, value in self.contact.items():
            if isinstance(value, Mapping):
                value = value.get(lang) or next(iter(value.values()), "")
            result[key] = str(value)
        return result
