"""The Hebrew folding and prefix rules on their own."""

from __future__ import annotations

import re

import pytest

from maagal.text.hebrew import expand_html, expansions, fold, strip_prefixes


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("שָׁלוֹם", "שלום"),
        ("צה״ל", "צהל"),
        ('צה"ל', "צהל"),
        ("ז׳בוטינסקי", "זבוטינסקי"),
        ("ג'ירפה", "גירפה"),
        ("בית־ספר", "בית ספר"),
        ("דו-שיח", "דו שיח"),
        ("בְּרֵאשִׁית", "בראשית"),
        ("NATO", "NATO"),
        ('"מרפאה"', '"מרפאה"'),  # quotes around a word stay: only quotes inside a word fold
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("במרפאה", ["מרפאה"]),
        ("והמרפאה", ["המרפאה", "מרפאה"]),
        ("שבמרפאה", ["במרפאה", "מרפאה"]),
        ("ומהמרפאה", ["מהמרפאה", "המרפאה", "מרפאה"]),
        ("כשהמרפאה", ["שהמרפאה", "המרפאה", "מרפאה"]),
        ("לכשיבוא", ["כשיבוא", "יבוא"]),
    ],
)
def test_prefixes_are_removed_in_every_combination(word: str, forms: list[str]) -> None:
    assert set(forms) <= set(strip_prefixes(word))


@pytest.mark.parametrize("word", ["ב", "בו", "של", "וה"])
def test_never_shorter_than_two_letters(word: str) -> None:
    assert all(len(form) >= 2 for form in strip_prefixes(word))
    assert strip_prefixes("בו") == []


def test_root_initial_letters_keep_the_word_itself() -> None:
    for word in ("ברית", "מדינה", "שלום", "הסכם", "ולדימיר"):
        html = expand_html(f"<p>{word}</p>")
        assert html.endswith(f"⟧ {word}</p>")  # the word is indexed as it stands


def test_expansions_and_their_weights() -> None:
    assert expansions("צה״ל") == ["צהל"]
    html = expand_html("<p>ביקרנו <b>במרפאה</b>, שָׁלוֹם</p>")
    assert '<b>⟦ <span data-pagefind-weight="0.1">מרפאה</span> ⟧ במרפאה</b>, ' in html
    assert "⟦ שלום <span" in html  # the folded spelling counts as the word itself
    assert expand_html('<a href="בית">x</a>') == '<a href="בית">x</a>'  # tags untouched


@pytest.mark.parametrize(
    ("html", "expanded"),
    [
        # a group stands before the word's run, so its punctuation stays where it was
        (
            "<p>(במרפאה), כן</p>",
            '<p>⟦ <span data-pagefind-weight="0.1">מרפאה</span> ⟧ (במרפאה), כן</p>',
        ),
        # a word a tag splits at its start: the group after it, marked as the word's before it
        (
            "<p>ב<b>מרפאה</b> כן</p>",
            '<p>ב<b>מרפאה ⟪ <span data-pagefind-weight="0.1">רפאה</span> ⟫</b> כן</p>',
        ),
        # a block's edge is a space: the group of the heading's first word inside the heading
        ("<h2>הקיבוץ</h2>", '<h2>⟦ <span data-pagefind-weight="0.1">קיבוץ</span> ⟧ הקיבוץ</h2>'),
    ],
)
def test_added_forms_are_grouped_apart_from_the_words_readers_see(html: str, expanded: str) -> None:
    assert expand_html(html) == expanded
    # Taking the groups out gives the text back (the search page does it for excerpts).
    shown = re.sub(
        r" ?(⟦|⟪) .*? (⟧|⟫)(?: |(?=<))?", "", re.sub(r"</?span[^>]*>", "", expand_html(html))
    )
    assert shown == html
