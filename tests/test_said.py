"""What `maagal check` says, said again in the site's language: every template of the source has
its Hebrew translation (found in the source, not listed by hand), the pull-request comment of a
Hebrew site says its problems and fixes in Hebrew with the editor's words as written, an
English site's comment is the check's own words, and content stays data."""

from __future__ import annotations

import ast
import dataclasses
import functools
import json
import pickle
import string
import time
import types
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from conftest import Project
from maagal.addresses.project import find_project
from maagal.commands import pr_comment
from maagal.commands.check import check
from maagal.commands.cli import main
from maagal.run import said
from maagal.run.errors import ContentError, Report
from maagal.run.said import Joined, LanguageName, Said, in_language, say

SRC = Path(__file__).resolve().parent.parent / "src" / "maagal"
CATALOG = SRC / "run" / "messages" / "he.po"
LRM = "\u200e"


def _constants(node: ast.expr) -> list[str] | None:
    """The template(s) a call gives: a string, or either string of `a if test else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _calls(path: Path) -> list[tuple[int, str, ast.expr]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("say", "to_say")
            and node.args
        ):
            found.append((node.lineno, node.func.id, node.args[0]))
    return found


@functools.cache
def _templates() -> dict[str, str]:
    """Every template the source says, with where it is first written."""
    templates: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        for line, _, first in _calls(path):
            for template in _constants(first) or []:
                templates.setdefault(template, f"{path.relative_to(SRC)}:{line}")
    return templates


def _catalog() -> dict[str, str]:
    with CATALOG.open("rb") as file:
        return {str(m.id): str(m.string) for m in read_po(file) if m.id}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_the_source_says_many_templates_and_each_is_a_constant() -> None:
    templates = _templates()
    assert len(templates) > 300  # the extraction finds the messages, not a handful
    # A template is a constant (the catalog's key): an f-string would be a new key each time.
    # `say(TABLE[kind], …)` takes a template a table marked with `to_say`.
    made = [
        f"{path.relative_to(SRC)}:{line}"
        for path in SRC.rglob("*.py")
        for line, name, first in _calls(path)
        if _constants(first) is None
        and (name == "to_say" or not isinstance(first, ast.Name | ast.Attribute | ast.Subscript))
    ]
    assert made == []


def test_every_template_has_a_hebrew_translation_with_the_same_values() -> None:
    catalog = _catalog()
    missing = {t: where for t, where in _templates().items() if not catalog.get(t)}
    assert missing == {}
    different = {
        template: translation
        for template, translation in catalog.items()
        if template in _templates() and _fields(template) != _fields(translation)
    }
    assert different == {}


def test_the_catalog_holds_no_template_the_source_no_longer_says() -> None:
    assert sorted(set(_catalog()) - set(_templates())) == []


def test_the_catalog_is_shipped_with_the_package() -> None:
    pyproject = (SRC.parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"run/messages/*.po"' in pyproject
    assert CATALOG.parent == said.CATALOGS


def _untranslated(text: str, lang: str) -> list[str]:
    """The English texts in `text` that `in_language` cannot say in `lang`."""
    if isinstance(text, Joined):
        return [t for item in text.items for t in _untranslated(item, lang)]
    if isinstance(text, LanguageName):
        return []  # named in each language by Babel
    if not isinstance(text, Said):
        return [text] if text else []
    own = [] if said._catalog(lang).get(text.template) else [text.template]
    values = [v for v in text.values.values() if isinstance(v, Said | Joined)]
    return own + [t for value in values for t in _untranslated(value, lang)]


@pytest.mark.slow
def test_every_problem_of_the_golden_cases_is_said_in_hebrew(tmp_path: Path) -> None:
    from test_cases import _cases, _site

    left: dict[str, str] = {}
    for case in _cases():
        (tmp_path / case.name).mkdir()
        root = _site(tmp_path / case.name, case)
        _, report = check(find_project(root / "mkdocs.yml"))
        for error in [*report.errors, *report.notes]:
            for text in (error.message, error.hint):
                left.update(dict.fromkeys(_untranslated(text, "he"), case.name))
    assert left == {}


# -- the comment a Hebrew site's editor reads ---------------------------------------------------


def _comment(project: Project, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["check", "--format", "comment"])
    assert result.exit_code == 1, result.output
    return result.stdout


def test_a_hebrew_sites_comment_says_the_problems_and_fixes_in_hebrew(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write(
        "issues/1/second.md", "---\nauthors: [amir-sela]\norder: 2\n---\nפסקה.\n\n![מפת האזור]()\n"
    )
    project.write(
        "issues/1/third.md",
        "---\ntitle: שלישי\nauthors: [noa-barkay]\norder: 3\ndate: 25/03/2027\n---\nפסקה.\n",
    )
    text = _comment(project, monkeypatch)
    # A missing title, at the front matter's first line.
    assert "   - **הבעיה:** ` 'title' חסר `\n" in text
    assert "   - **התיקון:** ` הוסיפו לראש הקובץ שורה 'title: \"…\"' `\n" in text
    # An unknown author, with the key it is close to (a nested hint, said in Hebrew too).
    assert "   - **הבעיה:** ` כותב לא מוכר 'noa-barkay' — אולי התכוונתם ל־'noa-barkai'? `\n" in text
    assert "**התיקון:** ` השתמשו במפתח מתוך authors.yml, או הוסיפו שם את 'noa-barkay' `" in text
    # A day-first date, and the date as the site writes it.
    assert "   - **הבעיה:** ` date: '25/03/2027' כתוב עם היום בהתחלה `\n" in text
    assert "   - **התיקון:** ` כתבו אותו עם השנה בהתחלה: 2027-03-25 `\n" in text
    # A picture without a file, quoted as the editor wrote it.
    assert "   - **הבעיה:** ` לתמונה '![מפת האזור]()' אין קובץ: בדף תופיע תמונה ריקה `\n" in text
    assert "בטופס של התמונה" in text
    # Said in Hebrew: no English message left, and no left-to-right marks around them.
    assert "is missing" not in text and "unknown author" not in text and LRM not in text


def test_the_log_beside_the_comment_stays_in_english(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write("issues/1/second.md", "---\nauthors: [amir-sela]\norder: 2\n---\nטקסט.\n")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["check", "--format", "comment"])
    assert "issues/1/second.md:1: 'title' is missing\n" in result.stderr
    assert "    fix: add a line 'title: \"…\"' to the front matter\n" in result.stderr


def test_a_text_the_catalog_lacks_stays_english_between_marks(project: Project) -> None:
    found = find_project(project.root / "mkdocs.yml")
    errors = [
        ContentError("issues/1", None, say("a message no catalog has ({n})", n=3)),
        ContentError("issues/2", None, "a plain text"),
    ]
    text = pr_comment.comment(found, Report(errors), "", pr_comment.Links())
    assert f"{LRM}` a message no catalog has (3) `{LRM}" in text
    assert f"{LRM}` a plain text `{LRM}" in text


def test_an_english_sites_comment_is_the_checks_own_words(project: Project) -> None:
    project.write("issues/1/second.md", "---\nauthors: [amir-sela]\norder: 2\n---\n![x]()\n")
    project.write(
        "issues/1/third.md", "---\ntitle: שלישי\nauthors: [noa-barkay]\norder: 3\n---\nפסקה.\n"
    )
    found = find_project(project.root / "mkdocs.yml")
    _, report = check(found)
    english = dataclasses.replace(found, languages=["en", "he"])
    text = pr_comment.comment(english, report, "", pr_comment.Links())
    assert len(report) == 3
    for error in report:
        assert f"   - **Problem:** ` {error.message} `\n" in text
        assert f"   - **Fix:** ` {error.hint} `" in text
    assert "` unknown author 'noa-barkay' — did you mean 'noa-barkai'? `" in text
    assert LRM not in text and "כותב" not in text


# -- content stays data -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["{0}", "{name}", "{name!r:>9}", "{__class__.__mro__}", "}{", "{{x}}", "%(name)s", "{"],
)
def test_a_value_that_looks_like_a_template_is_put_in_as_it_is(value: str) -> None:
    text = say("'{name}' is missing", name=value)
    assert text == f"'{value}' is missing"
    assert in_language(text, "he") == f"'{value}' חסר"
    nested = say("unknown field '{name}'{did_you_mean}", name=value, did_you_mean=text)
    assert in_language(nested, "he") == f"שדה לא מוכר '{value}''{value}' חסר"


def test_a_broken_translation_or_an_unknown_language_says_the_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = say("'{name}' is missing", name="title")
    assert in_language(text, "xx") == in_language(text, "en") == "'title' is missing"
    assert in_language(text, "../he") == "'title' is missing"  # no path out of the catalogs
    broken = {"'{name}' is missing": "'{other}' חסר", "'{text}' is not a real date": "{"}
    monkeypatch.setattr(said, "_catalog", lambda lang: broken)
    assert in_language(text, "he") == "'title' is missing"
    date = say("'{text}' is not a real date", text="x")
    assert in_language(date, "he") == "'x' is not a real date"


def test_a_said_text_is_kept_whole_by_the_cache_and_between_processes() -> None:
    text = say(
        "{noun} '{key}' has no name in {others}",
        noun=say("topic"),
        key="housing",
        others=Joined([LanguageName("en"), LanguageName("ar")], say(" and ")),
    )
    assert text == "topic 'housing' has no name in English and Arabic"
    for again in (
        said.from_data(json.loads(json.dumps(said.to_data(text)))),
        pickle.loads(pickle.dumps(text)),
    ):
        assert again == text and isinstance(again, Said)
        assert in_language(again, "he") == "לנושא 'housing' אין שם באנגלית וערבית"
    with pytest.raises(TypeError):
        said.from_data({"t": "x", "v": {"a": [1]}})


def test_a_problem_kept_in_the_parse_cache_file_is_said_in_hebrew_again(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maagal.cache import parse_cache
    from maagal.cache.parse_cache import ParseCache
    from maagal.load.site_loader import load_site
    from maagal.model.layout import ContentLayout

    # The files are read a minute after they were written: the cache vouches for them.
    late = types.SimpleNamespace(time_ns=lambda: time.time_ns() + 60_000_000_000)
    monkeypatch.setattr(parse_cache, "time", late)
    layout = ContentLayout(root=project.root)
    project.write(
        "issues/1/second.md",
        "---\ntitle: שני\nauthors: [amir-sela]\norder: 2\ndate: 25/03/2027\n---\nט.\n",
    )
    cache, kept = ParseCache(), tmp_path / "parsed.json"
    first = list(load_site(layout, cache=cache)[1])
    cache.save(kept, "stamp")
    reads: list[str] = []  # the Markdown files read again, not taken from the cache
    read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        reads.append(path.name)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    again = list(load_site(layout, cache=ParseCache.read(kept, "stamp"))[1])
    assert "second.md" not in reads
    assert again == first
    said_again = [(in_language(e.message, "he"), in_language(e.hint, "he")) for e in again]
    assert said_again == [
        ("date: '25/03/2027' כתוב עם היום בהתחלה", "כתבו אותו עם השנה בהתחלה: 2027-03-25")
    ]
