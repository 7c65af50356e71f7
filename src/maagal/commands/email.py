"""`maagal email N`: where the email edition of issue N is after a build, or why there is none,
in the editors' language (the site's first)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from maagal.addresses.project import Project
from maagal.load.numbering import issue_folders
from maagal.load.site_loader import load_site
from maagal.run.errors import MaagalError
from maagal.text.dates import content_date, long_date
from maagal.text.i18n import join_names, message


def email_edition(project: Project, number: int, lang: str, today: dt.date) -> tuple[Path, Path]:
    """The HTML and text files of issue `number`'s email edition in `lang`; `MaagalError`
    saying why when the built site has none."""
    folder = project.site_dir / project.language_root(lang) / "issues" / str(number)
    html, text = folder / "email.html", folder / "email.txt"
    if html.is_file():
        return html, text
    raise MaagalError(why_none(project, number, lang, today, html))


def why_none(project: Project, number: int, lang: str, today: dt.date, html: Path) -> str:
    """Why issue `number` has no email edition in `lang`: no such issue, one not published (a
    draft, a placeholder, a problem), one dated after `today`, no translation, or no build."""
    said = project.default_language
    layout = project.layout()
    site, _ = load_site(layout)  # the same reading as the build's, drafts left out
    issue = next((i for i in site.issues if i.number == number), None)
    if issue is None:
        folder = issue_folders(layout).get(number)
        if folder is not None:
            where = folder.relative_to(project.root).as_posix() + "/"
            return message(said, "email_not_published", n=number, folder=where)
        known = [str(n) for n in sorted(i.number for i in site.issues)]
        return message(said, "email_no_issue", n=number, known=join_names(known, said) or "—")
    if issue.date.value > today:  # held back until its day, as the build does (Site.hold_back)
        when = content_date(issue.date, said)
        return message(
            said, "email_scheduled", n=number, when=when, day=long_date(issue.date.value, said)
        )
    if lang not in issue.variants:
        translation = Path(issue.primary.rel_path).with_suffix(f".{lang}.md").as_posix()
        return message(said, "email_no_translation", n=number, lang=lang, file=translation)
    return message(said, "email_not_built", n=number, path=html)
