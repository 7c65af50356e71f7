"""Hebrew for search: character folding and prefix letters.

Hebrew attaches prefix letters to words (ו ה ב כ ל מ ש and their combinations), writes
abbreviations with gershayim or a plain quote (צה״ל / צה"ל), sometimes adds vowel points and
cantillation, and joins words with a maqaf. Pagefind matches whole words only, so:

- at index time, `expansions(word)` gives the forms a reader may type for a word of the text:
  the word without points or quote marks, its parts around a maqaf, and the word without each
  possible prefix, never leaving fewer than two letters:

      >>> expansions("והמרפאה")
      ['המרפאה', 'מרפאה']
      >>> expansions("צה״ל")
      ['צהל']
      >>> expansions("שָׁלוֹם")
      ['שלום', 'לום', 'ום']

  (a word whose first letters belong to it, like שלום, is still indexed as itself, so its query
  finds it exactly; the extra forms only add matches, at a lower weight);
- at query time, `fold(term)` gives the reader's words the same folding.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Points (niqqud), cantillation marks and other combining marks of the Hebrew block.
_MARKS = re.compile("[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]")
# Gershayim, geresh and the ASCII quotes typed for them, inside a word.
_QUOTES = re.compile("(?<=[\u05d0-\u05ea])[\u05f3\u05f4\"'`\u2019\u201d]+(?=[\u05d0-\u05ea])")
_JOINERS = re.compile("[\u05be\\-\u2010\u2011]")  # maqaf and hyphens
HEBREW_WORD = re.compile(
    "[\u05d0-\u05ea][\u05d0-\u05ea\u0591-\u05c7\u05f3\u05f4\"'\u05be-]*"
    "[\u05d0-\u05ea\u0591-\u05c7\u05f3]|[\u05d0-\u05ea]"
)
_LETTERS = re.compile("^[\u05d0-\u05ea]+$")

# Prefix letters and their combinations, longest first (a reader types the word without them).
PREFIXES = sorted(
    {
        "ו",
        "ה",
        "ב",
        "כ",
        "ל",
        "מ",
        "ש",
        "וה",
        "וב",
        "וכ",
        "ול",
        "ומ",
        "וש",
        "שה",
        "שב",
        "שכ",
        "של",
        "שמ",
        "מה",
        "כש",
        "לכש",
        "ומה",
        "ושה",
        "ושב",
        "וכש",
        "ולכש",
        "שבה",
        "שמה",
        "מש",
        "ומש",
        "כשה",
        "כשב",
        "בכ",
    },
    key=len,
    reverse=True,
)
MIN_LETTERS = 2


def fold(text: str) -> str:
    """Remove points and cantillation, quote marks inside words; maqaf becomes a space."""
    text = unicodedata.normalize("NFC", text)
    text = _MARKS.sub("", text)
    text = _QUOTES.sub("", text)
    return _JOINERS.sub(" ", text)


def strip_prefixes(word: str) -> list[str]:
    """Every form of `word` without a prefix, at least two letters long, longest first."""
    forms = []
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_LETTERS:
            forms.append(word[len(prefix) :])
    return sorted(set(forms), key=len, reverse=True)


def expansions(word: str) -> list[str]:
    """The other forms under which a word of the text should be found (not the word itself)."""
    result: list[str] = []
    for part in fold(word).split():
        if not _LETTERS.match(part):
            continue
        if part != word:
            result.append(part)
        result.extend(strip_prefixes(part))
    seen: set[str] = {word}
    unique = []
    for form in result:
        if form not in seen:
            seen.add(form)
            unique.append(form)
    return unique


def folded_forms(word: str) -> list[str]:
    """The word's own spellings without points, quote marks or maqaf (found as exact)."""
    return [part for part in fold(word).split() if part != word and _LETTERS.match(part)]


def stripped_forms(word: str) -> list[str]:
    """The word without its possible prefix letters (found, but ranked below exact words)."""
    own = set(folded_forms(word)) | {word}
    return [form for form in expansions(word) if form not in own]


_TAG = re.compile(r"(<[^>]+>)")
# Tags after which the text is a new block: Pagefind reads them as a space between words.
_BLOCK_TAG = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|div|figure|figcaption|blockquote|table|thead|tbody|tfoot|tr|td|th"
    r"|br|hr|pre|dl|dt|dd|section|article|aside|main|header|footer|caption|details|summary)\b",
    re.IGNORECASE,
)
# The marks around a word's added forms in the index's input: their own "words" to Pagefind,
# which indexes nothing of them (they are no letters or digits) but keeps them in the text it
# makes excerpts of, where the search page finds and removes each group whole. "⟦ … ⟧" holds
# the forms of the word that follows it, "⟪ … ⟫" of the word before it.
BEFORE = ("\u27e6", "\u27e7")
AFTER = ("\u27ea", "\u27eb")
STRIPPED_WEIGHT = 0.1


def expand_html(html: str) -> str:
    """Index-time expansion of rendered HTML (for the search index only, never shown): beside
    each Hebrew word, in a group of its own, its folded spellings and, in a low-weight span,
    its forms without prefix letters. The search page's script takes the groups out of
    excerpts and headings again, so readers see the text as written.

    A group stands before the word's whole run of letters and punctuation (`(במרפאה),`), so
    taking it out leaves the punctuation where it was; after the run when the run starts
    inside a word that a tag splits (`ה<b>מרפאה</b> `). Only a word's first occurrence on a
    page is expanded: that is enough to find the page, and it keeps the index (and Pagefind's
    memory) from growing with every repetition."""
    seen: set[str] = set()
    parts = _TAG.split(html)
    edges = _Edges(parts[0::2], parts[1::2])
    for index in range(0, len(parts), 2):
        parts[index] = _expand_text(parts[index], index // 2, edges, seen)
    return "".join(parts)


@dataclass(frozen=True)
class _Edges:
    """Whether a space (or a block's edge) comes right before, or right after, the text
    between tags number `index`, in the text Pagefind reads: asked only of a run at the edge
    of its text, which is rare."""

    texts: list[str]  # as they were, before any expansion
    tags: list[str]  # tags[i] follows texts[i]

    def space_before(self, index: int) -> bool:
        while index > 0:
            if _BLOCK_TAG.match(self.tags[index - 1]):
                return True
            index -= 1
            if self.texts[index]:
                return self.texts[index][-1].isspace()
        return True

    def space_after(self, index: int) -> bool:
        while index < len(self.tags):
            if _BLOCK_TAG.match(self.tags[index]):
                return True
            index += 1
            if self.texts[index]:
                return self.texts[index][0].isspace()
        return True


def _expand_text(text: str, index: int, edges: _Edges, seen: set[str]) -> str:
    """The text with a group of added forms at the edge of the run of each Hebrew word's first
    occurrence (runs are looked for only around those: most words were seen, or add nothing)."""
    pieces: list[str] = []
    last = 0  # the text up to here is in `pieces`
    run_start = run_end = 0  # the run of the last word expanded: a run may hold several (א/ב)
    for match in HEBREW_WORD.finditer(text):
        word = match[0]
        if word in seen:
            continue
        seen.add(word)
        group = _before(word)  # kept per word: the same on every page
        if not group:
            continue
        start, end = match.span()
        if start >= run_end:
            run_start = _run_start(text, start)
            space = _SPACE.search(text, end)
            run_end = len(text) if space is None else space.start()
        position = run_start
        if position == 0:  # the run starts the text: maybe inside a word a tag splits
            position, group = _placed(word, (run_start, run_end), len(text), edges, index)
        pieces.append(text[last:position])
        pieces.append(group)
        last = position
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _placed(
    word: str, run: tuple[int, int], length: int, edges: _Edges, index: int
) -> tuple[int, str]:
    """Where the word's group goes, and the group: before its run, unless the run starts
    inside a word a tag splits (then after it)."""
    start, end = run
    if start > 0 or edges.space_before(index):
        return start, _group(BEFORE, word) + " "
    if end < length or edges.space_after(index):
        return end, " " + _group(AFTER, word)
    return start, " " + _group(BEFORE, word) + " "  # a word split by tags on both sides


_SPACE = re.compile(r"\s")  # what str.isspace() calls a space, and nothing else


def _run_start(text: str, position: int) -> int:
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position


@functools.lru_cache(maxsize=262144)
def _group(marks: tuple[str, str], word: str) -> str:
    """The added forms of `word` between `marks`: its folded spellings, then its forms
    without prefix letters in a low-weight span."""
    folded, stripped = _forms(word)
    inner = " ".join(folded)
    if stripped:
        span = f'<span data-pagefind-weight="{STRIPPED_WEIGHT}">{" ".join(stripped)}</span>'
        inner = f"{inner} {span}" if inner else span
    return f"{marks[0]} {inner} {marks[1]}"


@functools.lru_cache(maxsize=262144)
def _before(word: str) -> str:
    """The group that goes before the run of `word` (with the space after it), or "" for a
    word that adds no form: asked once per word and page, so kept."""
    return _group(BEFORE, word) + " " if any(_forms(word)) else ""


@functools.lru_cache(maxsize=262144)
def _forms(word: str) -> tuple[list[str], list[str]]:
    return folded_forms(word), stripped_forms(word)
