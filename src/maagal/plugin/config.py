"""The maagal plugin's settings in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


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
    editor_repo = c.Type(str, default="")
    editor_branch = c.Type(str, default="main")
    # Where editors sign in with GitHub: the address of the site's Sveltia CMS Authenticator
    # (a Cloudflare Worker, README "Signing in to the web editor"); none: a token only.
    editor_auth_url = c.URL(default="")
