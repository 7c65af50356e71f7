"""The Hebrew folding and prefix rules on their own."""

from __future__ import annotations

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
        assert html.startswith(f"<p>{word}")  # the word is indexed as it stands


def test_expansions_and_their_weights() -> None:
    assert expansions("צה״ל") == ["צהל"]
    html = expand_html("<p>ביקרנו <b>במרפאה</b>, שָׁלוֹם</p>")
    assert '<b>במרפאה <span data-pagefind-weight="0.1">מרפאה</span></b>' in html
    assert "שָׁלוֹם שלום <span" in html  # the folded spelling counts as the word itself
    assert expand_html('<a href="בית">x</a>') == '<a href="בית">x</a>'  # tags untouched
