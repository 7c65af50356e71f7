"""The authors file and the topics file: closed lists that documents refer to by key."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maagal.load.files import check_key
from maagal.load.lenient import explain, suggestion
from maagal.load.source import CONTROL, one_line, read_text
from maagal.load.yamltext import ParsedYaml, YamlProblem, parse_yaml
from maagal.model.documents import Author, Localized, Series, Topic
from maagal.run.errors import Report
from maagal.run.said import Joined, LanguageName, say

AUTHOR_FIELDS = ("name", "description", "bio", "avatar", "url", "slug")


@dataclass
class Registry:
    """How a registry file (authors, topics, series) was read, so that one mistake in it is
    reported once: documents are not told their keys are unknown when the file could not be
    read, or when the key's own entry is the one with the mistake."""

    readable: bool = True
    broken: set[str] = field(default_factory=set)
    lines: dict[str, int | None] = field(default_factory=dict)  # where each key is written

    def excuses(self, key: str) -> bool:
        return not self.readable or key in self.broken


def _load_yaml(path: Path, rel: str, report: Report) -> ParsedYaml | None:
    if not path.is_file():
        report.add(
            rel,
            None,
            say("the file is missing"),
            say("create {rel} (see the editors' guide)", rel=rel),
        )
        return None
    text = read_text(path, rel, report)
    if text is None:
        return None
    try:
        parsed = parse_yaml(text)
    except YamlProblem as problem:
        _report_unreadable(text, rel, problem, report)
        return None
    for keys, first, second in parsed.duplicates:
        report.add(
            rel,
            second,
            say(
                "'{keys}' is written twice (lines {first} and {second}); only one can count",
                keys=keys[-1],
                first=first,
                second=second,
            ),
            say("keep one of the two and delete the other"),
        )
    if not isinstance(parsed.data, dict):
        report.add(
            rel, 1, say("expected 'key: …' entries"), say("see the editors' guide for the shape")
        )
        return None
    return parsed


def _report_unreadable(text: str, rel: str, problem: YamlProblem, report: Report) -> None:
    line = problem.line or 1
    typed = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
    what: str
    hint: str | None
    if "\t" in typed[: len(typed) - len(typed.lstrip())]:
        what, hint = say("a tab in the indentation"), say("indent with spaces, two per level")
    elif problem.hint:
        what, hint = explain(problem.problem), problem.hint
    else:
        what = explain(problem.problem)
        better = suggestion(typed)
        hint = (
            say(
                "write the line as: {better}",
                better=typed[: len(typed) - len(typed.lstrip())] + better,
            )
            if better and better != typed.strip()
            else say("compare the line with the entries around it (see the editors' guide)")
        )
    report.add(rel, line, say("the file cannot be read here: {what}", what=what), hint)


def _localized(value: Any, languages: list[str]) -> Localized | None:
    if isinstance(value, str) and _label(value):
        return dict.fromkeys(languages, _label(value))
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(k, str) and isinstance(v, str) and _label(v) for k, v in value.items())
    ):
        return {k: _label(v) for k, v in value.items()}
    return None


def _label(text: str) -> str:
    """A name or label as the one line it is printed on; control characters (which only
    escapes such as "\\0" write) are taken out, as from the text of documents."""
    return CONTROL.sub("", one_line(text)).strip()


def load_topics(
    path: Path, rel: str, languages: list[str], report: Report, state: Registry | None = None
) -> dict[str, Topic]:
    labels = _labels(path, rel, languages, report, say("topic"), state or Registry())
    return {key: Topic(key, label) for key, label in labels.items()}


def load_labels(
    path: Path,
    rel: str,
    languages: list[str],
    report: Report,
    noun: str,
    state: Registry | None = None,
) -> dict[str, Series]:
    """events/series.yml: the same shape as the topics file."""
    labels = _labels(path, rel, languages, report, noun, state or Registry())
    return {key: Series(key, label) for key, label in labels.items()}


def _labels(
    path: Path, rel: str, languages: list[str], report: Report, noun: str, state: Registry
) -> dict[str, Localized]:
    parsed = _load_yaml(path, rel, report)
    if parsed is None:
        state.readable = False
        return {}
    result: dict[str, Localized] = {}
    for key, value in parsed.data.items():
        line = state.lines[str(key)] = parsed.line_of(str(key))
        if not check_key(str(key), rel, line, report, noun):
            state.broken.add(str(key))
            continue
        label = _localized(value, languages)
        if label is None:
            report.add(
                rel,
                line,
                say("{noun} '{key}' has no label", noun=noun, key=key),
                say("write it as '{key}: {{he: …, en: …}}'", key=key),
            )
            state.broken.add(str(key))
            continue
        if isinstance(value, str) and len(languages) > 1:
            # One name for every language: the English pages would show the Hebrew one.
            report.add(rel, line, *_one_name(noun, str(key), value, languages))
        _require_languages(
            label, languages, rel, line, say("{noun} '{key}'", noun=noun, key=key), report
        )
        result[str(key)] = label
    return result


def _one_name(noun: str, key: str, value: str, languages: list[str]) -> tuple[str, str]:
    others = Joined([language_name(lang) for lang in languages[1:]], say(" and "))
    return (
        say("{noun} '{key}' has no name in {others}", noun=noun, key=key, others=others),
        say(
            "write it as '{key}: {{{languages}: {quoted}, {example}}}'",
            key=key,
            languages=languages[0],
            quoted=_quoted(value),
            example=", ".join(f"{lang}: …" for lang in languages[1:]),
        ),
    )


def load_authors(
    path: Path, rel: str, languages: list[str], report: Report, state: Registry | None = None
) -> dict[str, Author]:
    """The authors file, one `Author` per entry; an entry that cannot be one is reported and
    marked broken in `state`."""
    state = state or Registry()
    parsed = _load_yaml(path, rel, report)
    entries = _author_entries(parsed, rel, report)
    if parsed is None or entries is None:
        state.readable = False
        return {}
    authors: dict[str, Author] = {}
    for key, value in entries.items():
        state.lines[str(key)] = parsed.line_of("authors", str(key))
        author = _author(str(key), value, parsed, rel, languages, report)
        if author is None:
            state.broken.add(str(key))
        else:
            authors[str(key)] = author
    return authors


def _author_entries(parsed: ParsedYaml | None, rel: str, report: Report) -> dict | None:
    """The entries under the file's 'authors:', or None when there are none to read."""
    if parsed is None:
        return None
    entries = parsed.data.get("authors")
    if not isinstance(entries, dict):
        report.add(
            rel,
            1,
            say("expected a top-level 'authors:' with one entry per author"),
            say("write 'authors:' and under it 'key: {{name: …, description: …}}'"),
        )
        return None
    return entries


def _author(
    key: str, value: Any, parsed: ParsedYaml, rel: str, languages: list[str], report: Report
) -> Author | None:
    """The entry `key: value` of the authors file; None when it has no name."""
    line = parsed.line_of("authors", key)
    if not check_key(key, rel, line, report, say("author")):
        return None
    if not isinstance(value, dict):
        report.add(
            rel, line, say("author '{key}' needs fields", key=key), say("give at least 'name: …'")
        )
        return None
    for unknown in set(value) - set(AUTHOR_FIELDS):
        report.add(
            rel,
            parsed.line_of("authors", key, unknown),
            say("author '{key}': unknown field '{unknown}'", key=key, unknown=unknown),
            say("use one of: {fields}", fields=", ".join(AUTHOR_FIELDS)),
        )
    name = _localized(value.get("name"), languages)
    if name is None:
        report.add(
            rel,
            line,
            say("author '{key}' has no name", key=key),
            say("add 'name: {{he: …, en: …}}'"),
        )
        return None
    _require_languages(name, languages, rel, line, say("author '{key}'", key=key), report)
    return Author(
        key=key,
        name=name,
        description=_localized(value.get("description"), languages) or {},
        bio=_localized(value.get("bio"), languages) or {},
        avatar=value.get("avatar"),
    )


def _require_languages(
    text: Localized, languages: list[str], rel: str, line: int | None, what: str, report: Report
) -> None:
    missing = [lang for lang in languages if lang not in text]
    if missing:
        names = Joined([language_name(m) for m in missing], say(" and "))
        report.add(
            rel,
            line,
            say("{what} has no name in {names}", what=what, names=names),
            say(
                "give the name in {names} as well, one per language, e.g. name: {{{join}}}",
                names=names,
                join=", ".join(f"{lang}: …" for lang in languages),
            ),
        )


def language_name(code: str) -> str:
    """'en' → 'English', for messages an editor reads (in the site's language: 'אנגלית')."""
    return LanguageName(code)


def _quoted(text: str) -> str:
    return json.dumps(text.strip(), ensure_ascii=False)
