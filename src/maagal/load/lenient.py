"""Front matter as editors type it, read for what they mean when YAML disagrees.

Hebrew is written with quote marks inside words (דו"ח, צה"ל, תשפ"ז) and titles carry colons
("דו"ח הוועדה: סיכום"); Word turns spaces into no-break spaces and indents with tabs. YAML
refuses all of these with words no editor can act on. Where the intent is unambiguous the
text is accepted as typed:

- a tab in the indentation counts as two spaces; a no-break space after `field:` as a space;
- a text field (title, subtitle, team, location, cover_alt, description) that YAML cannot read,
  reads as a value other than text, or loses a `#…` to a YAML comment, is taken as the text
  after the colon, without the straight quotes that wrap the whole value (typographic quotes
  “…” are text and stay).

Anything else that cannot be read is explained in plain words, with the line rewritten so that
it can be read (`suggestion`).
"""

from __future__ import annotations

import json
import re

from maagal.load.yamltext import NESTED, REPEATED, YamlProblem, parse_yaml
from maagal.run.said import say, to_say

TEXT_FIELDS = frozenset({"title", "subtitle", "team", "location", "cover_alt", "description"})
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?P<space>[ \t\u00a0\u2000-\u200a\u202f]*)")
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f]")
_BLOCK_SCALAR = re.compile(r":\s*[>|][-+]?\d*\s*$")
# 'title רכש אזורי' or 'title מאמר: ראשון': a text field's name, a space, and its text.
_NO_COLON = re.compile(
    r"^(?P<key>title|subtitle|team|location|cover_alt|description)[ \t\u00a0]+(?P<value>[^:\s].*)$"
)
# A value YAML could read as something other than plain text, or cut short.
_SPECIAL = re.compile(r"""["'#:]|^[\[\]{}&*!|>%@`,?-]""")
# A value between double quotes, after `field: `, that YAML surely reads as text: no escape,
# no quote mark, no line break and only characters YAML can read (most titles with a colon
# or a quote mark in them are written so; reading each line with YAML took a second at 5k).
_DOUBLE_QUOTED = re.compile(
    r'"[\t\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd'
    r'\U00010000-\U0010ffff]*"[ \t]*'
)


def normalize(lines: list[str]) -> list[str]:
    """Tabs in the indentation, odd spaces after `field:`, indented fields and a text field
    whose colon is missing (`title רכש אזורי`), made what YAML expects. (A document's fields
    are never nested: an indented `field: value` under a line that opens nothing is a stray
    space; under `subtitle: >` it is the text of a folded value, and stays.)"""
    result: list[str] = []
    for line in lines:
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)].replace("\t", "  ")
        match = _FIELD.match(stripped)
        if match and _ODD_SPACE.search(match["space"]):
            stripped = f"{match['key']}: {stripped[match.end() :]}"
        above = next((r for r in reversed(result) if r.strip()), "")
        opens = above.rstrip().endswith(":") or _BLOCK_SCALAR.search(above)
        if match and indent and not opens and not above.startswith(" "):
            indent = ""
        missing = _NO_COLON.match(stripped) if not indent else None
        if missing:
            stripped = _quoted(missing["key"], _unwrap(missing["value"].strip()))
        result.append(indent + stripped)
    return result


def read_text_fields(lines: list[str]) -> list[str]:
    """Top-level text fields that YAML would misread, rewritten to say what was typed."""
    return [_as_text(line) or line for line in lines]


def _as_text(line: str) -> str | None:
    match = _FIELD.match(line)
    if not match or match["key"] not in TEXT_FIELDS:
        return None
    raw = line[match.end() :].strip()
    if not raw or not _SPECIAL.search(raw):
        return None
    if not raw.startswith(("'", '"')) and " #" in raw:
        return _quoted(match["key"], raw)  # YAML would drop the rest as a comment
    if (
        match["space"]
        and not match["space"].strip(" \t")
        and _DOUBLE_QUOTED.fullmatch(line, match.end())
    ):
        return None
    try:
        value = parse_yaml(line).data
    except YamlProblem:
        return _quoted(match["key"], _unwrap(raw))
    typed = value.get(match["key"]) if isinstance(value, dict) else None
    if isinstance(typed, str | int | float) and not isinstance(typed, bool):
        return None
    return _quoted(match["key"], _unwrap(raw))


_LONE_MARK_OPENS = to_say(
    "'{field}' opens with a quote mark that nothing closes: the page would show it alone"
)
_LONE_MARK_ENDS = to_say(
    "'{field}' ends with a quote mark that nothing opens: the page would show it alone"
)


def unpaired_quote(line: str) -> tuple[str, str] | None:
    """A text field whose value opens with a straight quote mark that nothing closes
    (`title: "בנק שעות`), or ends with a double one that nothing opened (`title: בנק שעות"`):
    what is wrong, and the line as it reads without the mark. Either the mark or its partner
    was a slip, and the page would show the lone mark, so the editor decides. A mark with a
    letter on both sides is Hebrew's gershayim or geresh (דו"ח, ג'ירפה) and pairs with
    nothing; a geresh may also end a word (שלב ב'), and a digit's inch mark (12")."""
    match = _FIELD.match(line)
    if not match or match["key"] not in TEXT_FIELDS:
        return None
    key, raw = match["key"], line[match.end() :].strip()
    if len(raw) < 2:
        return None
    if raw[0] in "\"'" and not raw[1].isdigit() and not _closed(raw, raw[0]):
        what = say(_LONE_MARK_OPENS, field=key)
        return what, f'{key}: "{raw[1:].strip()}"'
    if raw[-1] == '"' and not raw[-2].isdigit() and not _opened(raw):
        what = say(_LONE_MARK_ENDS, field=key)
        return what, f'{key}: "{raw[:-1].strip()}"'
    return None


def _closed(raw: str, mark: str) -> bool:
    """Whether the mark that opens `raw` is closed: by the same mark with no letter after it."""
    return any(
        raw[i] == mark and (i + 1 == len(raw) or not raw[i + 1].isalnum())
        for i in range(1, len(raw))
    )


def _opened(raw: str) -> bool:
    """Whether a double quote mark that ends `raw` was opened: by one with no letter before it."""
    return any(raw[i] == '"' and (i == 0 or not raw[i - 1].isalnum()) for i in range(len(raw) - 1))


def _unwrap(raw: str) -> str:
    """The value without the straight quotes that wrap all of it (the editor's YAML quoting)."""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return raw


def _quoted(key: str, text: str) -> str:
    return f"{key}: {json.dumps(text, ensure_ascii=False)}"


# -- what cannot be read: plain words and a line that can -------------------------------------


# What YAML says (any of the words) → what the editor reads.
_EXPLANATIONS = (
    (
        ("expected ',' or ']'", "flow sequence"),
        say("a list opened with '[' is not closed with ']'"),
    ),
    (("expected ',' or '}'", "flow mapping"), say("a '{{' is not closed with '}}'")),
    (
        ("mapping values are not allowed",),
        say("a ':' where a value was expected (is a 'field:' missing its colon above?)"),
    ),
    (
        ("did not find expected key", "expected <block end>"),
        say("a quote mark ends the value before the line does"),
    ),
    (
        (("alphabetic or numeric character"), "undefined alias"),
        say("a value that starts with '*' or '&'"),
    ),
    (("could not find expected ':'",), say("a line that is not 'field: value'")),
    ((REPEATED,), REPEATED),
    ((NESTED,), NESTED),
)


def explain(problem: str) -> str:
    """YAML's complaint in an editor's words."""
    for words, explanation in _EXPLANATIONS:
        if any(word in problem for word in words):
            return explanation
    if "end of stream" in problem and "quoted" in problem:
        return say("a quote mark that is never closed")
    return say("this line cannot be read")


def suggestion(line: str) -> str | None:
    """`line` rewritten so that it can be read, when it is a `field: value` line."""
    match = _FIELD.match(line.strip())
    if not match:
        return None
    key, raw = match["key"], line.strip()[match.end() :].strip()
    if raw.startswith("[") and "]" not in raw:
        candidate = f"{key}: {raw.rstrip(',')}]"
    elif raw.startswith("{") and "}" not in raw:
        candidate = f"{key}: {raw.rstrip(',')}}}"
    elif raw.startswith("[") and raw.endswith("]"):
        items = [item.strip().strip("'\"") for item in raw[1:-1].split(",") if item.strip()]
        candidate = f"{key}: [{', '.join(items)}]"
    else:
        candidate = _quoted(key, _unwrap(raw))
    try:
        parse_yaml(candidate)
    except YamlProblem:
        return None
    return candidate


def lacks_colon(line: str) -> bool:
    """`title שלום`: a field's name and its value with no colon between them."""
    text = line.strip()
    return bool(text) and ":" not in text and not text.startswith(("-", "#", "[", "{"))


def with_colon(line: str) -> str:
    name, _, rest = line.strip().partition(" ")
    value = rest.strip()
    if not value:
        return f"{name}: …"
    return (
        f"{name}: {value}"
        if value.startswith(("[", "{")) or value.isdigit()
        else _quoted(name, value)
    )
