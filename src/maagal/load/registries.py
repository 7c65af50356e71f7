"""The authors file and the topics file: closed lists that documents refer to by key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from maagal.errors import Report
from maagal.load.source import read_text
from maagal.load.yamltext import ParsedYaml, YamlProblem, parse_yaml
from maagal.model.documents import Author, Localized, Series, Topic

AUTHOR_FIELDS = ("name", "description", "bio", "avatar", "url", "slug")


def _load_yaml(path: Path, rel: str, report: Report) -> ParsedYaml | None:
    if not path.is_file():
        report.add(rel, None, "the file is missing", f"create {rel} (see the editors' guide)")
        return None
    text = read_text(path, rel, report)
    if text is None:
        return None
    try:
        parsed = parse_yaml(text)
    except YamlProblem as problem:
        report.add(
            rel,
            problem.line,
            f"not valid YAML: {problem.problem}",
            "check the indentation and quote values that contain ':' or '#'",
        )
        return None
    if not isinstance(parsed.data, dict):
        report.add(rel, 1, "expected 'key: …' entries", "see the editors' guide for the shape")
        return None
    return parsed


def _localized(value: Any, languages: list[str]) -> Localized | None:
    if isinstance(value, str) and value.strip():
        return dict.fromkeys(languages, value.strip())
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items())
    ):
        return {k: v.strip() for k, v in value.items()}
    return None


def load_topics(path: Path, rel: str, languages: list[str], report: Report) -> dict[str, Topic]:
    labels = _labels(path, rel, languages, report, "topic")
    return {key: Topic(key, label) for key, label in labels.items()}


def load_labels(
    path: Path, rel: str, languages: list[str], report: Report, noun: str
) -> dict[str, Series]:
    """events/series.yml: the same shape as the topics file."""
    labels = _labels(path, rel, languages, report, noun)
    return {key: Series(key, label) for key, label in labels.items()}


def _labels(
    path: Path, rel: str, languages: list[str], report: Report, noun: str
) -> dict[str, Localized]:
    parsed = _load_yaml(path, rel, report)
    if parsed is None:
        return {}
    result: dict[str, Localized] = {}
    for key, value in parsed.data.items():
        line = parsed.line_of(str(key))
        label = _localized(value, languages)
        if label is None:
            report.add(
                rel, line, f"{noun} '{key}' has no label", f"write it as '{key}: {{he: …, en: …}}'"
            )
            continue
        _require_languages(label, languages, rel, line, f"{noun} '{key}'", report)
        result[str(key)] = label
    return result


def load_authors(path: Path, rel: str, languages: list[str], report: Report) -> dict[str, Author]:
    parsed = _load_yaml(path, rel, report)
    if parsed is None:
        return {}
    entries = parsed.data.get("authors")
    if not isinstance(entries, dict):
        report.add(
            rel,
            1,
            "expected a top-level 'authors:' with one entry per author",
            "write 'authors:' and under it 'key: {name: …, description: …}'",
        )
        return {}
    authors: dict[str, Author] = {}
    for key, value in entries.items():
        line = parsed.line_of("authors", str(key))
        if not isinstance(value, dict):
            report.add(rel, line, f"author '{key}' needs fields", "give at least 'name: …'")
            continue
        for unknown in set(value) - set(AUTHOR_FIELDS):
            report.add(
                rel,
                parsed.line_of("authors", str(key), unknown),
                f"author '{key}': unknown field '{unknown}'",
                f"use one of: {', '.join(AUTHOR_FIELDS)}",
            )
        name = _localized(value.get("name"), languages)
        if name is None:
            report.add(rel, line, f"author '{key}' has no name", "add 'name: {he: …, en: …}'")
            continue
        _require_languages(name, languages, rel, line, f"author '{key}'", report)
        authors[str(key)] = Author(
            key=str(key),
            name=name,
            description=_localized(value.get("description"), languages) or {},
            bio=_localized(value.get("bio"), languages) or {},
            avatar=value.get("avatar"),
        )
    return authors


def _require_languages(
    text: Localized, languages: list[str], rel: str, line: int | None, what: str, report: Report
) -> None:
    missing = [lang for lang in languages if lang not in text]
    if missing:
        report.add(
            rel,
            line,
            f"{what} has no text in {', '.join(missing)}",
            f"add {', '.join(f'{m}: …' for m in missing)}",
        )
