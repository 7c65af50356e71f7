"""Invisible characters pasted from word processors: one rule for check, build and the hook.

Direction marks and other invisible characters are dropped from what is published; the
embeddings, overrides and isolates that reorder visible text are refused with line, column
and name, by `maagal check`, `maagal build` and the commit hook (`maagal check --invisible`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Project, html
from maagal.load import invisible

REFUSED = [
    ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
    ("\u202b", "RIGHT-TO-LEFT EMBEDDING"),
    ("\u202c", "POP DIRECTIONAL FORMATTING"),
    ("\u202d", "LEFT-TO-RIGHT OVERRIDE"),
    ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
    ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
    ("\u2067", "RIGHT-TO-LEFT ISOLATE"),
    ("\u2068", "FIRST STRONG ISOLATE"),
    ("\u2069", "POP DIRECTIONAL ISOLATE"),
]
DROPPED = ["\u200e", "\u200f", "\u061c", "\u200b", "\u00ad", "\u2060", "\ufeff"]


@pytest.mark.slow
@pytest.mark.parametrize(("char", "name"), REFUSED, ids=[f"U+{ord(c):04X}" for c, _ in REFUSED])
def test_check_and_build_refuse_a_direction_control_naming_line_column_and_character(
    project: Project, char: str, name: str
) -> None:
    project.write("issues/1/first.en.md", f"---\ntitle: First{char} article\n---\nText.\n")
    expected = (
        f"issues/1/first.en.md:2:13: an invisible direction control U+{ord(char):04X} ({name}) "
        "that reorders the text around it\n    fix: delete it (run 'maagal check --fix FILE' "
        "to delete every one); the site sets the direction of Hebrew and English text by itself"
    )
    for command in ("check", "build"):
        result = project.maagal(command)
        assert result.code == 1, result.text
        assert expected in result.text
        assert "1 problem found" in result.text
    assert not (project.root / "site").exists()


@pytest.mark.slow
def test_invisible_marks_are_dropped_from_titles_text_feeds_and_email(project: Project) -> None:
    marks = "".join(DROPPED)
    project.write(
        "issues/1/first.md",
        f"---\ntitle: מאמר{marks} ראשון\nauthors: [noa-barkai]\norder: 1\ntopics: [cooperation]\n"
        f"---\nפסקה{marks} ראשונה.\n\n<!-- more -->\n\nהמשך\u200f.\n",
    )
    check = project.maagal("check")
    assert check.code == 0, check.text
    build = project.maagal("build")
    assert build.code == 0, build.text
    site = project.root / "site"
    for path in (
        "issues/1/first/index.html",
        "feed.xml",
        "issues/feed.xml",
        "issues/1/email.html",
        "issues/1/email.txt",
    ):
        text = (site / path).read_text(encoding="utf-8")
        assert not set(text) & set(DROPPED) - {"\ufeff"}, path
    page = html(site / "issues/1/first/index.html")
    assert page.find("h1").get_text(strip=True).startswith("מאמר ראשון")


def test_joiners_and_everyday_mixed_text_are_left_alone() -> None:
    text = "👩\u200d🌾 and a non\u200cjoiner; בכנס Cooperatives Europe 2027 השתתפו 12 קיבוצים.\n"
    assert list(invisible.refused(text)) == []
    assert invisible.drop_silent(text) == text
    assert invisible.clean(text) == text


def test_columns_count_characters_and_lines_count_from_the_first() -> None:
    text = "שורה ראשונה\nשני\u200fם\n\n\u202bשלום\u202c\n"
    found = [(f.line, f.column, f.char) for f in invisible.refused(text, first_line=5)]
    assert found == [(8, 1, "\u202b"), (8, 6, "\u202c")]


@pytest.mark.slow
def test_the_commit_hook_checks_any_text_file_and_skips_binaries(
    project: Project, tmp_path: Path
) -> None:
    notes = project.write("notes.txt", "שלום \u2067עולם\u2069 ו\u200fסוף\n")
    image = project.write("cover.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + "\u202e".encode())
    latin = project.write("old.txt", b"caf\xe9 \xe2\x80")
    result = project.maagal("check", "--invisible", str(notes), str(image), str(latin))
    assert result.code == 1
    assert (
        "notes.txt:1:6: invisible direction controls that reorder the text around them: "
        "U+2067 (RIGHT-TO-LEFT ISOLATE) at column 6 and U+2069 (POP DIRECTIONAL ISOLATE) "
        "at column 11\n    fix: delete them"
    ) in result.text
    assert "U+200F" not in result.text  # dropped by the build, so not the hook's business
    assert "1 problem found" in result.text
    clean = project.maagal("check", "--invisible", str(image), str(latin))
    assert clean.code == 0, clean.text


@pytest.mark.slow
def test_fix_deletes_them_in_place_keeping_line_ends(project: Project) -> None:
    path = project.write(
        "issues/1/first.en.md", "\ufeff---\r\ntitle: First\u202e art\u200ficle\r\n---\r\nText.\r\n"
    )
    assert project.maagal("check").code == 1
    fixed = project.maagal("check", "--fix")
    assert fixed.code == 0, fixed.text
    assert "issues/1/first.en.md: invisible characters deleted" in fixed.text
    assert path.read_bytes() == b"---\r\ntitle: First article\r\n---\r\nText.\r\n"
