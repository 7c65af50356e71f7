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
# Tags after which the text is a new block: Pagefind reads them as a space between words.
_BLOCK_TAG = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|div|figure|figcaption|blockquote|table|thead|tbody|tfoot|tr|td|th"
    r"|br|hr|pre|dl|dt|dd|section|article|aside|main|header|footer|caption|details|summary)\b",
    re.IGNORECASE,
)
_RUN = re.compile(r"\S+")
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
    spaced = _spacing(parts)
    for index in range(0, len(parts), 2):
        before, after = spaced[index // 2]
        parts[index] = _expand_text(parts[index], before, after, seen)
    return "".join(parts)


def _spacing(parts: list[str]) -> list[tuple[bool, bool]]:
    """For each text between tags: whether a space (or a block's edge) comes right before it,
    and right after it, in the text Pagefind reads."""
    texts = range(0, len(parts), 2)
    before, after = [], []
    space = True
    for index in texts:
        if index and _BLOCK_TAG.match(parts[index - 1]):
            space = True
        before.append(space)
        text = parts[index]
        space = text[-1].isspace() if text else space
    space = True
    for index in reversed(texts):
        if index + 1 < len(parts) and _BLOCK_TAG.match(parts[index + 1]):
            space = True
        after.append(space)
        text = parts[index]
        space = text[0].isspace() if text else space
    return list(zip(before, reversed(after), strict=True))


def _expand_text(text: str, space_before: bool, space_after: bool, seen: set[str]) -> str:
    def expand(run: re.Match[str]) -> str:
        group = _group(run[0], seen)
        if not group:
            return run[0]
        if run.start() > 0 or space_before:
            return _marked(BEFORE, group) + " " + run[0]
        if run.end() < len(text) or space_after:
            return run[0] + " " + _marked(AFTER, group)
        return " " + _marked(BEFORE, group) + " " + run[0]  # a word split by tags on both sides

    return _RUN.sub(expand, text)


def _group(run: str, seen: set[str]) -> tuple[list[str], list[str]] | None:
    """The added forms of the run's Hebrew words not seen before: (folded, stripped)."""
    folded: list[str] = []
    stripped: list[str] = []
    for match in HEBREW_WORD.finditer(run):
        word = match[0]
        if word not in seen:
            seen.add(word)
            own, without = _forms(word)
            folded += own
            stripped += without
    return (folded, stripped) if folded or stripped else None


def _marked(marks: tuple[str, str], group: tuple[list[str], list[str]]) -> str:
    folded, stripped = group
    inner = " ".join(folded)
    if stripped:
        span = f'<span data-pagefind-weight="{STRIPPED_WEIGHT}">{" ".join(stripped)}</span>'
        inner = f"{inner} {span}" if inner else span
    return f"{marks[0]} {inner} {marks[1]}"


@functools.lru_cache(maxsize=262144)
def _forms(word: str) -> tuple[list[str], list[str]]:
    return folded_forms(word), stripped_forms(word)
