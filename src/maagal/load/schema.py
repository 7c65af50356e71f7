"""Front-matter schemas, one per kind of document, and their errors in editors' words.

Per-language text (title, subtitle, team, cover_alt) is required or allowed in every file;
structural fields (dates, authors, topics, order, status) are checked for presence by the
model, because a translation may leave them out and inherit them from its original.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from maagal.load.source import SourceText, hidden_character, one_line
from maagal.model.documents import EventKind, Region
from maagal.model.when import ContentDate, EventTime
from maagal.run.errors import Report, did_you_mean
from maagal.run.said import say

_EVENT_TIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$")
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}$")
# A date written as in Israel, day first (25/03/2027, 25.3.2027, 25-03-2027), maybe with a time.
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}:\d{2}))?$")


class Slip(ValueError):
    """A value's problem and its fix, said apart (`str()` is 'problem — fix', as pydantic's
    message shows it): `_invalid` reports the two as they were said."""

    def __init__(self, problem: str, fix: str = "") -> None:
        super().__init__(f"{problem} — {fix}" if fix else problem)
        self.problem, self.fix = problem, fix


def _day_first(text: str, written: str) -> Slip:
    return Slip(
        say("'{text}' is written day first", text=text),
        say("write it year first: {written}", written=written),
    )


def _as_written_here(text: str) -> str | None:
    """'25/03/2027 18:00' as the site writes it ('2027-03-25 18:00'), if it is a real day."""
    match = _DAY_FIRST.match(text)
    if not match:
        return None
    day, month, year, time = match.groups()
    try:
        written = dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
    return f"{written} {time}" if time else written


def _event_time(value: Any) -> EventTime:
    if isinstance(value, EventTime):
        return value
    text = str(value).strip()
    if _TIME_ONLY.match(text):
        raise Slip(
            say("'{text}' is a time without a date", text=text),
            say("write the day too, e.g. 2027-07-12 {text}", text=text),
        )
    match = _EVENT_TIME.match(text)
    if not isinstance(value, bool) and (written := _as_written_here(text)):
        raise _day_first(text, written)
    if isinstance(value, bool) or not match:
        raise Slip(
            say("'{text}' is not a date and time", text=text),
            say("write e.g. 2027-07-12 17:00 (or 2027-07-12 for an all-day event)"),
        )
    day = _parse_date(match[1], allow_month=False).value
    if match[2] is None:
        return EventTime(day)
    try:
        return EventTime(day, dt.time(int(match[2]), int(match[3])))
    except ValueError:
        raise Slip(
            say("'{text}' is not a real time", text=text),
            say("write hours 00–23 and minutes 00–59, e.g. 17:00"),
        ) from None


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _parse_date(value: Any, *, allow_month: bool) -> ContentDate:
    text = str(value).strip()
    example = say("2017-11 or 2017-11-05") if allow_month else "2005-09-20"
    shape = say("YYYY-MM or YYYY-MM-DD") if allow_month else "YYYY-MM-DD"
    written = None if isinstance(value, bool) else _as_written_here(text)
    if written and " " not in written:
        raise _day_first(text, written)
    if isinstance(value, bool) or not (_DAY.match(text) or (allow_month and _MONTH.match(text))):
        raise Slip(
            say("'{text}' is not a date in the form {shape}", text=text, shape=shape),
            say("write e.g. {example}", example=example),
        )
    parts = [int(p) for p in text.split("-")]
    try:
        if len(parts) == 2:
            return ContentDate(dt.date(parts[0], parts[1], 1), "month")
        return ContentDate(dt.date(*parts), "day")
    except ValueError:
        raise Slip(
            say("'{text}' is not a real date", text=text),
            say("check the month and day, e.g. {example}", example=example),
        ) from None


def _month_or_day(value: Any) -> ContentDate:
    return value if isinstance(value, ContentDate) else _parse_date(value, allow_month=True)


def _day(value: Any) -> ContentDate:
    return value if isinstance(value, ContentDate) else _parse_date(value, allow_month=False)


# The longest a value may be, in characters: far above what editors write (the sample site's
# longest title has 102, its longest description 236), low enough that a title pasted with a
# whole article behind it is not printed on every page that lists the document.
TITLE_LIMIT = 300
TEXT_LIMIT = 1_000
KEYS_LIMIT = 50  # authors or topics of one document


def _empty() -> Slip:
    return Slip(say("is empty"), say("write the text after the colon"))


def _text(value: Any, limit: int = TEXT_LIMIT) -> str:
    if value is None:
        raise _empty()
    if isinstance(value, (bool, list, dict)):
        raise Slip(say("should be a line of text"), say("put it in double quotes if needed"))
    if isinstance(value, (int, float)):
        return str(value)
    text = one_line(str(value)).strip()
    if not text:
        raise _empty()
    hidden = hidden_character(text)
    if hidden:
        raise Slip(
            say("holds {hidden}", hidden=hidden),
            say(
                "delete it (between double quotes it is written as an escape, "
                "such as \\0 or \\u202e)"
            ),
        )
    if len(text) > limit:
        raise Slip(
            say(
                "is {length} characters long; at most {limit} fit",
                length=f"{len(text):,}",
                limit=f"{limit:,}",
            ),
            say("shorten it (the document's own text is the place for more)"),
        )
    return text


def _title(value: Any) -> str:
    return _text(value, TITLE_LIMIT)


# Commas as keyboards type them: the Latin one, the Arabic '،' (U+060C), the full-width and
# ideographic ones of Asian layouts, and the low quote '‚' (U+201A) Word puts for one.
_COMMAS = re.compile("[,\u060c\uff0c\u3001\ufe50\u201a]")


def _keys(value: Any) -> list[str]:
    if isinstance(value, str):  # 'authors: noa-barkai, amir-sela' means the list
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Slip(say("should be a list of keys, e.g. [noa-barkai, amir-sela]"))
    # '[housing، land]': YAML splits a list at the Latin comma only
    value = [key.strip() for item in value for key in _COMMAS.split(item) if key.strip()]
    if len(value) > KEYS_LIMIT:
        raise Slip(
            say(
                "lists {count} keys; a document can have at most {limit}",
                count=f"{len(value):,}",
                limit=KEYS_LIMIT,
            ),
            say("keep the ones that matter most"),
        )
    hidden = next((h for h in map(hidden_character, value) if h), None)
    if hidden:
        raise Slip(say("holds {hidden}", hidden=hidden), say("write the keys without it"))
    return value


Text = Annotated[str, BeforeValidator(_text)]
Title = Annotated[str, BeforeValidator(_title)]
Keys = Annotated[list[str], BeforeValidator(_keys)]
MonthOrDay = Annotated[ContentDate, BeforeValidator(_month_or_day)]
Day = Annotated[ContentDate, BeforeValidator(_day)]
When = Annotated[EventTime, BeforeValidator(_event_time)]


def _registration(value: Any) -> str:
    text = _text(value)
    if not re.match(r"^(https?://\S+|mailto:\S+@\S+)$", text):
        raise Slip(
            say("'{text}' is not a web address or mailto: link", text=text),
            say("write e.g. https://circle.example/register or mailto:forums@circle.example"),
        )
    return text


Registration = Annotated[str, BeforeValidator(_registration)]


class _Meta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    draft: bool = False
    # The document's permanent identity in feeds and calendars. Defaults to its path; an
    # editor who moves or renames a file writes the old path here to keep subscribers' items.
    id: Text | None = None


def field_value(meta: BaseModel, name: str) -> Any:
    """`getattr(meta, name, None)` for a front-matter model, which may not declare `name`: a
    field's value is in the instance's `__dict__` (the models forbid extra fields), and asking
    pydantic for a field a model lacks raises and catches inside `__getattr__`, 37,000 times
    per load of archive-5k (a fifth of the load in `maagal serve`)."""
    return meta.__dict__.get(name)


class IssueMeta(_Meta):
    title: Title
    date: MonthOrDay | None = None
    cover: Text | None = None
    cover_alt: Text | None = None


class ArticleMeta(_Meta):
    title: Title
    subtitle: Text | None = None
    authors: Keys | None = None
    order: int | None = None
    topics: Keys | None = None
    date: Day | None = None


class PaperMeta(_Meta):
    title: Title
    team: Text | None = None
    authors: Keys | None = None
    status: Literal["working-draft", "discussion", "adopted", "superseded"] | None = None
    date: Day | None = None
    supersedes: Text | None = None
    topics: Keys | None = None


class EventMeta(_Meta):
    title: Title
    kind: EventKind | None = None
    series: Text | None = None
    start: When | None = None
    end: When | None = None
    location: Text | None = None
    region: Region | None = None
    status: Literal["scheduled", "cancelled", "postponed"] | None = None
    registration: Registration | None = None
    topics: Keys | None = None


class PageMeta(_Meta):
    title: Title | None = None
    description: Text | None = None
    authors: Keys | None = None
    date: Day | None = None
    topics: Keys | None = None


M = TypeVar("M", bound="_Meta")

EXAMPLES = {
    "title": 'title: "…"',
    "date": "date: 2017-11-05",
    "status": "status: working-draft",
    "authors": "authors: [noa-barkai]",
    "team": "team: צוות הדיור",
    "cover_alt": 'cover_alt: "…"',
    "start": "start: 2027-07-12 17:00",
    "end": "end: 2027-07-12 20:00",
    "kind": "kind: forum",
    "region": "region: south",
    "location": "location: …",
}


def validate_meta(schema: type[M], source: SourceText, report: Report) -> M | None:
    """Validate front matter against `schema`; report every problem with its line."""
    try:
        return schema.model_validate(source.meta)
    except ValidationError as failure:
        errors = failure.errors()
    # 'titel: …' is one mistake: an unknown field that is a missing one misspelled is
    # reported once, as the misspelling.
    missing = {str(e["loc"][0]) for e in errors if e["type"] == "missing" and e["loc"]}
    misspelled = {
        close
        for e in errors
        if e["type"] == "extra_forbidden" and e["loc"]
        for close in difflib.get_close_matches(str(e["loc"][0]), missing, n=1, cutoff=0.6)
    }
    for error in errors:
        if error["type"] == "missing" and error["loc"] and str(error["loc"][0]) in misspelled:
            continue
        _report(schema, source, error, report)
    # Keep checking the rest of the file (authors, topics, links): drop the bad fields and
    # validate again. The report already holds errors, so nothing is published either way.
    bad = {str(e["loc"][0]) for e in errors if e["loc"]}
    try:
        return schema.model_validate({k: v for k, v in source.meta.items() if k not in bad})
    except ValidationError:
        return None


def _report(schema: type[_Meta], source: SourceText, error: Any, report: Report) -> None:
    loc = error["loc"]
    name = str(loc[0]) if loc else ""
    kind = error["type"]
    # A missing field has no line of its own: it is reported where the front matter starts.
    line = source.line_of(*loc) if loc and kind != "missing" else source.front_line
    message: str
    hint: str
    if kind == "missing":
        message = say("'{name}' is missing", name=name)
        hint = say("add a line '{example}' to the front matter", example=_example(name))
    elif kind == "extra_forbidden":
        message, hint = _unknown_field(schema, name)
    elif kind == "literal_error":
        message, hint = _not_allowed(name, error)
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = say(
            "{name}: '{value}' is not a whole number", name=name, value=error.get("input")
        )
        hint = say("write a number, e.g. '{name}: 1'", name=name)
    elif kind in ("bool_type", "bool_parsing"):
        message = say("{name}: '{value}' is not true or false", name=name, value=error.get("input"))
        hint = say("write '{name}: true' or '{name}: false'", name=name)
    else:
        message, hint = _invalid(name, error)
    report.add(source.rel_path, line, message, hint)


def _example(name: str) -> str:
    return EXAMPLES.get(name, name + ": …")


def _unknown_field(schema: type[_Meta], name: str) -> tuple[str, str]:
    known = [f for f in schema.model_fields if f not in ("draft", "id")] + ["draft", "id"]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return (
        say(
            "unknown field '{name}'{did_you_mean}",
            name=name,
            did_you_mean=did_you_mean(name, known),
        ),
        say("write '{close}:' in place of '{name}:'", close=close[0], name=name)
        if close
        else say("use one of: {known}; or delete the line", known=", ".join(known)),
    )


def _not_allowed(name: str, error: Any) -> tuple[str, str]:
    """A value that is not one of the field's words."""
    if name == "status" and error.get("input") == "draft":
        # 'draft' once meant a paper published as a draft, while 'draft: true' hides any
        # document: two meanings of one word. The status is now 'working-draft'.
        return (
            say("status: 'draft' would publish the paper (marked as a working draft)"),
            say(
                "write 'status: working-draft' to publish it as a working draft, "
                "or 'draft: true' to keep it off the site until it is ready"
            ),
        )
    value = str(error.get("input"))
    allowed = re.findall(r"'([^']+)'", str(error.get("ctx", {}).get("expected", "")))
    return (
        say(
            "{name}: '{value}' is not allowed{did_you_mean}",
            name=name,
            value=value,
            did_you_mean=did_you_mean(value, allowed),
        ),
        say("write one of: {allowed}", allowed=", ".join(allowed)),
    )


def _invalid(name: str, error: Any) -> tuple[str, str]:
    """Any other error: the validator's own words, which say how to fix it after ' — '."""
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, Slip):
        message, hint = cause.problem, cause.fix
    else:
        message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
        message, _, hint = message.partition(" — ")
    hint = hint or say("see the example: {example}", example=_example(name))
    return say("{name}: {problem}", name=name, problem=message), hint
