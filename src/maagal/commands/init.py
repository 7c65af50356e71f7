"""`maagal init DIR`: a new circle's site that builds as it is.

Writes the configuration (the circle's name, languages, contact, the GitHub repository the web
editor commits to), one example issue with an article, a position paper, a forum meeting, the
site pages, the authors and topics files, the publishing workflows, the commit hooks, the
editors' guide, and the running Maagal's wheel in `vendor/` with `requirements.txt` pinning its
version, so that the site's workflows install it before that version is on PyPI. Texts exist
in Hebrew and English; any other language starts from the English texts for its editors to
translate.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import Path

import click
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from maagal.addresses.settings import GITHUB_REPO
from maagal.commands.own_wheel import NoWheel, copy_own_wheel
from maagal.run.errors import MaagalError
from maagal.text import skeletons

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold" / "site"

TEXT = {
    "he": {
        "editor": "עורכת העלון",
        "editor_role": "עריכה",
        "topic_cooperation": "שיתופי פעולה",
        "topic_community": "קהילה",
        "topic_housing": "דיור",
        "home": "ברוכים הבאים לאתר המעגל: העלון, ניירות העמדה, המפגשים ומאגר הידע.",
        "about_title": "אודות",
        "about": "מי אנחנו, מה אנחנו עושים ואיך מצטרפים.",
        "subscribe_title": "הרשמה לעדכונים",
        "subscribe": "אפשר לעקוב אחרי העלון בקורא הזנות או להירשם ליומן המפגשים.",
        "accessibility_title": "הצהרת נגישות",
        "accessibility": "האתר נבנה לעמוד בתקן WCAG 2.1 ברמה AA. פניות בנושא נגישות: {email}.",
        "knowledge_title": "מאגר הידע",
        "knowledge": "מאמרים על דרכים שיתופיות לנהל קהילה.",
        "issue_title": "גיליון ראשון",
        "issue_body": "דבר המערכת: על מה הגיליון הראשון.",
        "article_title": "מאמר לדוגמה",
        "article_subtitle": "משפט פתיחה קצר שמסביר במה מדובר.",
        "article_body": "הפסקה הראשונה מופיעה בתוכן העניינים ובהזנה.",
        "article_rest": "כאן ממשיך המאמר: מה עשינו, מה למדנו ומה הלאה.\n\n/// pullquote\n"
        "משפט שכדאי לחזור עליו.\n///",
        "paper_title": "נייר עמדה לדוגמה",
        "team": "צוות מקצועי",
        "paper_body": "הצוות ממליץ לבחון את הנושא מחדש ולהביא הצעה לדיון במליאה.",
        "paper_rest": "## רקע\n\nמה הוביל לנייר הזה ומה הוא מציע.",
        "series": "פורום אזורי",
        "event_title": "מפגש ראשון של הפורום",
        "event_location": "מועדון החברים",
        "event_body": "על מה המפגש ולמי הוא מיועד.",
    },
    "en": {
        "editor": "Bulletin editor",
        "editor_role": "Editor",
        "topic_cooperation": "Cooperation",
        "topic_community": "Community",
        "topic_housing": "Housing",
        "home": "Welcome to the circle's site: the bulletin, position papers, meetings and "
        "the knowledge base.",
        "about_title": "About",
        "about": "Who we are, what we do and how to join.",
        "subscribe_title": "Subscribe",
        "subscribe": "Follow the bulletin in a feed reader or subscribe to the meetings calendar.",
        "accessibility_title": "Accessibility statement",
        "accessibility": "The site is built to meet WCAG 2.1 level AA. Accessibility "
        "questions: {email}.",
        "knowledge_title": "Knowledge base",
        "knowledge": "Articles on cooperative ways of running a community.",
        "issue_title": "First issue",
        "issue_body": "Editorial: what the first issue is about.",
        "article_title": "An example article",
        "article_subtitle": "A short lede that says what it is about.",
        "article_body": "The first paragraph appears in the table of contents and in feeds.",
        "article_rest": "Here the article goes on: what we did, what we learned and what comes "
        "next.\n\n/// pullquote\nA sentence worth repeating.\n///",
        "paper_title": "An example position paper",
        "team": "Professional team",
        "paper_body": "The team recommends looking at the matter again and bringing a proposal "
        "to the assembly.",
        "paper_rest": "## Background\n\nWhat led to this paper and what it proposes.",
        "series": "Regional forum",
        "event_title": "The forum's first meeting",
        "event_location": "Members' clubhouse",
        "event_body": "What the meeting is about and who it is for.",
    },
}


@dataclass(frozen=True)
class NewCircle:
    """What `maagal init` asks for."""

    names: dict[str, str]
    languages: list[str]
    email: str
    phone: str = ""
    site_url: str = "https://circle.example/"
    repo: str = ""  # "owner/name" on GitHub: the web editor's repository ("": none yet)


@dataclass
class Started:
    """What `maagal init` wrote, and what it has to tell (in the order to tell it)."""

    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def asked_circle(
    names: tuple[str, ...],
    languages: str | None,
    email: str | None,
    phone: str,
    site_url: str | None,
    *,
    ask: bool,
    repo: str = "",
) -> NewCircle:
    """The new circle from `maagal init`'s options; what is missing is asked for on a
    terminal (`ask`), and without one a missing name or email stops init (none made up)."""
    asker = _Asker(ask)
    langs = [
        code.strip()
        for code in asker.value(languages, "Languages (default first)", "he,en").split(",")
        if code.strip()
    ]
    given = _given_names(names)
    for lang in langs:
        if lang not in given:
            example = "מעגל הגליל" if lang == "he" else "The Galilee Circle"
            given[lang] = asker.required(
                None, f"The circle's name in '{lang}'", f"--name '{lang}={example}'"
            )
    return NewCircle(
        names=given,
        languages=langs,
        email=asker.required(email, "Contact email", "--email circle@example.org"),
        phone=phone,
        site_url=asker.value(site_url, "Site address", "https://circle.example/"),
        repo=_checked_repo(repo, "--repo"),
    )


_GITHUB_REMOTE = re.compile(
    r"(?:https://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"(?P<repo>[^/\s]+/[^/\s]+?)(?:\.git)?/?"
)


def _checked_repo(repo: str, where: str) -> str:
    """'owner/name' (also from the repository's address on GitHub), else a fix."""
    repo = repo.strip()
    address = _GITHUB_REMOTE.fullmatch(repo)
    repo = address["repo"] if address else repo.removesuffix(".git")
    if repo and not GITHUB_REPO.fullmatch(repo):
        raise MaagalError(
            f"{where} {repo!r}: write the GitHub repository as owner/name, "
            "e.g. --repo galilee-circle/site"
        )
    return repo


def origin_repo(folder: Path) -> str:
    """'owner/name' when `folder` is a git clone whose remote `origin` is on GitHub (read in
    its .git/config: no git, no network), else ''."""
    config = folder / ".git" / "config"
    if not config.is_file():
        return ""
    section = ""
    for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == '[remote "origin"]' and line.replace(" ", "").startswith("url="):
            found = _GITHUB_REMOTE.fullmatch(line.partition("=")[2].strip())
            return found["repo"] if found and GITHUB_REPO.fullmatch(found["repo"]) else ""
    return ""


@dataclass(frozen=True)
class _Asker:
    """Asks on a terminal for what the options did not give."""

    ask: bool

    def value(self, current: str | None, question: str, default: str) -> str:
        if current:
            return current
        return click.prompt(question, default=default) if self.ask else default

    def required(self, current: str | None, question: str, option: str) -> str:
        if current:
            return current
        if self.ask:
            return str(click.prompt(question))
        raise MaagalError(f"{question}: not given — add {option}")


def _given_names(names: tuple[str, ...]) -> dict[str, str]:
    """`--name LANG=NAME` options as {lang: name}."""
    given = {}
    for item in names:
        lang, sep, name = item.partition("=")
        if not sep:
            raise MaagalError(f"--name {item!r}: write LANG=NAME, e.g. --name 'en=The Circle'")
        given[lang.strip()] = name.strip()
    return given


def init_site(target: Path, circle: NewCircle, today: dt.date) -> Started:
    """Write the new site into `target` (a new folder, or a fresh clone holding only .git)."""
    if target.exists() and any(entry.name != ".git" for entry in target.iterdir()):
        raise MaagalError(f"{target}: the folder is not empty — choose a new folder")
    if len(circle.languages) < 1 or len(set(circle.languages)) != len(circle.languages):
        raise MaagalError("--languages: give each language once, the default first, e.g. he,en")
    if not circle.repo:
        circle = replace(circle, repo=origin_repo(target))
    text = {lang: TEXT.get(lang, TEXT["en"]) for lang in circle.languages}
    names = {
        lang: circle.names.get(lang) or next(iter(circle.names.values()))
        for lang in circle.languages
    }
    target.mkdir(parents=True, exist_ok=True)
    started = Started(written=[*_templates(target, circle, text, names), *_copies(target)])
    started.written += _content(target, circle, text, today)
    _vendor(target, started)
    started.notes.append(_editor_note(target, circle.repo))
    return started


def _vendor(target: Path, started: Started) -> None:
    """The running Maagal's wheel into vendor/, where requirements.txt points pip."""
    release = f"maagal=={version('maagal')}"
    try:
        wheel = copy_own_wheel(target / "vendor")
    except NoWheel as reason:
        checkout = reason.checkout or "<a checkout of Maagal>"
        started.notes.append(
            f"No wheel in vendor/: {reason}. The site's workflows install {release} from "
            f"PyPI; until it is there, build its wheel into vendor/: pip wheel --no-deps "
            f"-w {target / 'vendor'} {checkout}"
        )
        return
    started.written.append(wheel)
    started.notes.append(
        f"Copied this Maagal's wheel to {wheel.relative_to(target)}: the site's workflows "
        f"install {release} from there until that version is on PyPI (then vendor/ can go)."
    )


def _editor_note(target: Path, repo: str) -> str:
    if repo:
        return (
            f"The web editor (/admin/) commits to github.com/{repo} (branch main); to change "
            f"it, edit editor_repo in {target / 'mkdocs.yml'}."
        )
    return (
        "The web editor (/admin/) is off until the site names its GitHub repository: "
        f"set editor_repo: owner/name in {target / 'mkdocs.yml'} (the line is there, "
        "commented out), or run maagal init in a clone of the repository, or with --repo."
    )


def _templates(target: Path, circle: NewCircle, text: dict, names: dict) -> list[Path]:
    env = Environment(
        loader=FileSystemLoader(SCAFFOLD), undefined=StrictUndefined, keep_trailing_newline=True
    )
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
    context = {
        "name": names,
        "languages": circle.languages,
        "email": circle.email,
        "phone": circle.phone,
        "site_url": circle.site_url,
        "text": text,
        "namespace": circle.site_url.split("//")[-1].strip("/") or "maagal",
        "repo": circle.repo,
    }
    written = []
    for template in ("mkdocs.yml.j2", "authors.yml.j2", "topics.yml.j2"):
        path = target / template.removesuffix(".j2")
        path.write_text(env.get_template(template).render(context), encoding="utf-8")
        written.append(path)
    return written


def _copies(target: Path) -> list[Path]:
    # Stored without their leading dots: package data skips hidden files.
    pairs = {
        "github/workflows/publish.yml": ".github/workflows/publish.yml",
        "github/workflows/preview.yml": ".github/workflows/preview.yml",
        "pre-commit-config.yaml": ".pre-commit-config.yaml",
        "gitignore": ".gitignore",
        "overrides/README.md": "overrides/README.md",
        "GUIDE.md": "GUIDE.md",
    }
    written = []
    for source, name in pairs.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (SCAFFOLD / source).read_text(encoding="utf-8")
        if source.startswith("github/"):
            text = for_new_site(text)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    requirements = target / "requirements.txt"
    requirements.write_text(REQUIREMENTS.format(version=version("maagal")), encoding="utf-8")
    return [*written, requirements]


# pip reads `--find-links vendor` relative to this file: the wheel maagal init copied there is
# offered beside PyPI's files, so the pinned version installs whether or not it is released.
REQUIREMENTS = """\
# What the site's workflows install: python -m pip install -r requirements.txt
# Maagal {version} comes from its wheel in vendor/ (copied there by maagal init) until that
# version is on PyPI; then vendor/ can be deleted. To upgrade, change the version below (and
# put the new wheel in vendor/ if it is not on PyPI yet).
--find-links vendor
maagal=={version}
"""


# The workflows are this repository's own, but a new site installs the released package
# (pinned in its requirements.txt) instead of this checkout.
_REPOSITORY_INSTALL = {
    "            pyproject.toml\n            requirements.lock\n": "            requirements.txt\n",
    "      - name: Install Maagal, pinned by requirements.lock\n"
    "        run: python -m pip install -c requirements.lock -e .\n": (
        "      - name: Install Maagal, pinned by requirements.txt\n"
        "        run: python -m pip install -r requirements.txt\n"
    ),
}


def for_new_site(workflow: str) -> str:
    for repository, new_site in _REPOSITORY_INSTALL.items():
        if repository not in workflow:
            raise AssertionError(f"the workflow no longer has {repository!r}")  # see tests
        workflow = workflow.replace(repository, new_site)
    return workflow


def _content(target: Path, circle: NewCircle, text: dict, today: dt.date) -> list[Path]:
    default = circle.languages[0]
    meeting = today + dt.timedelta(days=30)
    files: dict[str, str] = {}
    for lang in circle.languages:
        t = text[lang]
        suffix = "" if lang == default else f".{lang}"
        original = lang == default
        files[f"docs/index{suffix}.md"] = _page(t["home"], circle.names.get(lang, ""))
        for page in ("about", "subscribe", "accessibility"):
            body = t[page].format(email=circle.email)
            files[f"docs/{page}{suffix}.md"] = _page(body, t[f"{page}_title"])
        files[f"docs/knowledge/index{suffix}.md"] = _page(t["knowledge"], t["knowledge_title"])
        files[f"issues/1/index{suffix}.md"] = skeletons.issue(t, today, original=original)
        files[f"issues/1/first-article{suffix}.md"] = skeletons.article(
            t, original=original, authors=["editor"], order=1, topics=["cooperation"]
        )
        files[f"position_papers/first-paper{suffix}.md"] = skeletons.paper(
            t, today, original=original, topics=["community"]
        )
        files[f"events/first-meeting{suffix}.md"] = skeletons.event(
            t, meeting, original=original, series="regional-forum"
        )
    labels = ", ".join(
        f"{lang}: {json.dumps(text[lang]['series'], ensure_ascii=False)}"
        for lang in circle.languages
    )
    files["events/series.yml"] = f"regional-forum: {{{labels}}}\n"
    written = []
    for rel, body in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
        written.append(path)
    return written


def _page(body: str, title: str) -> str:
    return skeletons.document(body, {"title": title}, {})
