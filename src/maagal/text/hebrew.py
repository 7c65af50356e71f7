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


def expand_html(html: str) -> str:
    """Index-time expansion of rendered HTML (for the search index only, never shown):
    after each Hebrew word, its folded spellings and, in a low-weight span, its forms without
    prefix letters. The search page's script removes them from excerpts again.

    Only a word's first occurrence on a page is expanded: that is enough to find the page, and
    it keeps the index (and Pagefind's memory) from growing with every repetition."""
    seen: set[str] = set()

    def expand(match: re.Match[str]) -> str:
        word = match[0]
        if word in seen:
            return word
        seen.add(word)
        return _expanded(word)

    parts = _TAG.split(html)
    for index in range(0, len(parts), 2):  # text between tags
        parts[index] = HEBREW_WORD.sub(expand, parts[index])
    return "".join(parts)


@functools.lru_cache(maxsize=262144)
def _expanded(word: str) -> str:
    folded = folded_forms(word)
    stripped = stripped_forms(word)
    text = word
    if folded:
        text += " " + " ".join(folded)
    if stripped:
        text += f' <span data-pagefind-weight="{STRIPPED_WEIGHT}">{" ".join(stripped)}</span>'
    return text


STRIPPED_WEIGHT = 0.1
