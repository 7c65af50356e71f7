"""What the check tells an editor, said once in English and translatable into the site's language.

Every problem and fix is made by `say(template, **values)`: a `Said`, which is the English text
itself (a `str`: the terminal, sorting and comparing see exactly what they saw before) that
remembers its template and values. `in_language(text, lang)` says it again from the language's
catalog (`run/messages/<lang>.po`, read with Babel): only the words of the template are
translated; a value is put in as it is (the editor's words, file and field names), unless it is
itself a `Said` (a nested hint such as "did you mean …"), which is translated in turn. A text
the catalog does not have, or a plain `str`, stays English: a missing translation is never a
crash. `tests/test_said.py` finds every `say(...)` template in the source and fails on one the
Hebrew catalog lacks, or whose translation names other `{values}`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

CATALOGS = Path(__file__).resolve().parent / "messages"
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:_[A-Za-z]{2,4})?")  # a catalog's name: he, pt_BR


class Said(str):
    """An English text that remembers the template and values it was made from."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, values: dict[str, object]) -> Said:
        # str.format reads only the template: braces in a value are data, never a field.
        self = super().__new__(cls, template.format_map(values))
        self.template = template
        self.values = values
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Said, (self.template, self.values))


class Joined(str):
    """Texts joined by `between` (", "), each of which is said again in the other language."""

    items: tuple[str, ...]
    between: str

    def __new__(cls, items: Iterable[str], between: str = ", ") -> Joined:
        listed = tuple(items)
        self = super().__new__(cls, between.join(listed))
        self.items, self.between = listed, between
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.items, self.between))


class LanguageName(str):
    """A language's name in English ('Arabic'), said in another language by Babel ('ערבית')."""

    code: str

    def __new__(cls, code: str) -> LanguageName:
        try:
            name = Locale.parse(code).get_display_name("en") or code
        except (ValueError, UnknownLocaleError):
            name = code
        self = super().__new__(cls, name)
        self.code = code
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (LanguageName, (self.code,))

    def said_in(self, lang: str) -> str:
        try:
            return Locale.parse(self.code).get_display_name(lang) or str(self)
        except (ValueError, UnknownLocaleError):
            return str(self)


def say(template: str, **values: object) -> Said:
    """`template` (a constant: the catalog's key) with `values` in its `{fields}`."""
    return Said(template, values)


def to_say(template: str) -> str:
    """`template` itself, marked as one (the catalog's key) that a table keeps for `say` to
    fill later: `say(PROBLEMS[kind], line=line)`."""
    return template


def in_language(text: str, lang: str) -> str:
    """`text` in the language `lang` when it is a `Said` the catalog has; else as it is."""
    if not isinstance(text, Said) or lang == "en":
        return str(text)
    translated = _catalog(lang).get(text.template)
    if not translated:
        return str(text)
    values = {k: _value_in(v, lang) for k, v in text.values.items()}
    try:
        return translated.format_map(values)
    except (KeyError, IndexError, ValueError, AttributeError):  # a catalog's slip: say it as is
        return str(text)


def _value_in(value: object, lang: str) -> object:
    if isinstance(value, LanguageName):
        return value.said_in(lang)
    if isinstance(value, Joined):
        between = in_language(value.between, lang)
        return between.join(str(_value_in(item, lang)) for item in value.items)
    return in_language(value, lang) if isinstance(value, Said) else value


@functools.cache
def _catalog(lang: str) -> dict[str, str]:
    """The language's translations, template → text ({} for a language without a catalog)."""
    path = CATALOGS / f"{lang}.po"
    if not _LANGUAGE.fullmatch(lang) or not path.is_file():
        return {}
    with path.open("rb") as file:
        catalog = read_po(file, locale=None)
    return {
        str(entry.id): str(entry.string)
        for entry in catalog
        if entry.id and isinstance(entry.string, str) and entry.string and not entry.fuzzy
    }


def to_data(text: str) -> Any:
    """`text` as JSON data that `from_data` makes the same `Said` (or `str`) again."""
    if not isinstance(text, Said):
        return str(text)
    return {"t": text.template, "v": {k: _value_data(v) for k, v in text.values.items()}}


def _value_data(value: object) -> Any:
    if isinstance(value, Said):
        return to_data(value)
    if isinstance(value, LanguageName):
        return {"l": value.code}
    if isinstance(value, Joined):
        return {"j": [_value_data(item) for item in value.items], "b": to_data(value.between)}
    return value if isinstance(value, str | int) and not isinstance(value, bool) else str(value)


def from_data(data: Any) -> str:
    """The text `to_data` wrote; TypeError for data of another shape."""
    if isinstance(data, str):
        return data
    if not isinstance(data, dict) or set(data) != {"t", "v"} or not isinstance(data["t"], str):
        raise TypeError("not a said text")
    values = data["v"]
    if not isinstance(values, dict):
        raise TypeError("not a said text")
    return Said(data["t"], {str(k): _value_from(v) for k, v in values.items()})


def _text_from(value: Any) -> str:
    text = _value_from(value)
    if not isinstance(text, str):
        raise TypeError("not a said text")
    return text


def _value_from(value: Any) -> object:
    if isinstance(value, dict) and set(value) == {"l"} and isinstance(value["l"], str):
        return LanguageName(value["l"])
    if isinstance(value, dict) and set(value) == {"j", "b"}:
        items, between = value["j"], from_data(value["b"])
        if isinstance(items, list):
            return Joined([_text_from(item) for item in items], between)
    if isinstance(value, dict):
        return from_data(value)
    if isinstance(value, str | int) and not isinstance(value, bool):
        return value
    raise TypeError("not a said value")
