"""The maagal plugin's settings in mkdocs.yml."""

from __future__ import annotations

import re

from mkdocs.config import base
from mkdocs.config import config_options as c

from maagal.addresses.settings import GIT_BRANCH, GITHUB_REPO


class _Matching(c.Type):
    """A text setting that must match `pattern` whole (or be empty, when the default is)."""

    def __init__(self, pattern: re.Pattern[str], example: str, default: str) -> None:
        super().__init__(str, default=default)
        self.pattern, self.example = pattern, example

    def run_validation(self, value: object) -> str:
        text = str(super().run_validation(value))
        if (text or self.default) and not self.pattern.fullmatch(text):
            raise c.ValidationError(f"{text!r} is not of the form {self.example}")
        return text


class MaagalConfig(base.Config):
    """`plugins: - maagal: {...}`; every option has a default that fits DESIGN.md."""

    # The site's languages, the default first (`languages: he` for a site in one language).
    languages = c.Type((list, str), default=["he", "en"])
    # The language this build renders; `maagal build` sets it per process (MAAGAL_LANGUAGE).
    language = c.Optional(c.Type(str))
    name = c.Type(dict, default={})  # the circle's name per language
    description = c.Type(dict, default={})  # one line per language, for <meta> and the home page
    contact = c.Type(dict, default={})  # email, phone, address: {he, en}
    issues_dir = c.Type(str, default="issues")
    papers_dir = c.Type(str, default="position_papers")
    authors_file = c.Type(str, default="authors.yml")
    topics_file = c.Type(str, default="topics.yml")
    recent_papers = c.Type(int, default=3)
    include_drafts = c.Type(bool, default=False)
    feed_length = c.Type(int, default=20)
    # Part of every feed item's id. Set once, never change: subscribers' readers key on ids.
    feed_id_namespace = c.Type(str, default="maagal")
    # A newsletter sign-up form's action URL (e.g. a mailing service); none by default.
    newsletter_action = c.Optional(c.Type(str))
    # The web editor's (/admin/) git repository on GitHub, "owner/name", and its branch.
    editor_repo = _Matching(GITHUB_REPO, "owner/name, e.g. galilee-circle/site", default="")
    editor_branch = _Matching(GIT_BRANCH, "a branch name, e.g. main", default="main")
    # Where editors sign in with GitHub: the address of the site's Sveltia CMS Authenticator
    # (a Cloudflare Worker, README "Signing in to the web editor"); none: a token only.
    editor_auth_url = c.URL(default="")
