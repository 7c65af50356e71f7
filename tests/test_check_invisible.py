"""scripts/check_invisible.py: the commit hook that finds pasted invisible characters."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "check_invisible.py"

_spec = importlib.util.spec_from_file_location("check_invisible", SCRIPT)
assert _spec and _spec.loader
check_invisible = importlib.util.module_from_spec(_spec)
sys.modules["check_invisible"] = check_invisible  # dataclasses look the module up by name
_spec.loader.exec_module(check_invisible)

REPORTED = [
    ("\u200e", "LEFT-TO-RIGHT MARK"),
    ("\u200f", "RIGHT-TO-LEFT MARK"),
    ("\u061c", "ARABIC LETTER MARK"),
    ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
    ("\u202b", "RIGHT-TO-LEFT EMBEDDING"),
    ("\u202c", "POP DIRECTIONAL FORMATTING"),
    ("\u202d", "LEFT-TO-RIGHT OVERRIDE"),
    ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
    ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
    ("\u2067", "RIGHT-TO-LEFT ISOLATE"),
    ("\u2068", "FIRST STRONG ISOLATE"),
    ("\u2069", "POP DIRECTIONAL ISOLATE"),
    ("\u200b", "ZERO WIDTH SPACE"),
    ("\u00ad", "SOFT HYPHEN"),
    ("\u2060", "WORD JOINER"),
]


def findings(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.char) for f in check_invisible.find(text, "a.md")]


@pytest.mark.parametrize(("char", "name"), REPORTED, ids=[f"U+{ord(c):04X}" for c, _ in REPORTED])
def test_each_character_is_reported_with_its_place_and_name(char: str, name: str) -> None:
    text = f"---\ntitle: שלום{char} עולם\n---\n"
    [finding] = check_invisible.find(text, "issues/4/x.md")
    assert (finding.line, finding.column) == (2, 12)
    assert finding.format().startswith(
        f"issues/4/x.md:2:12: invisible character U+{ord(char):04X} ({name}) — delete it; "
    )


def test_clean_mixed_hebrew_english_and_numbers_pass() -> None:
    text = "בכנס Cooperatives Europe 2027 השתתפו 12 קיבוצים (ראו עמ' 3–4).\n"
    assert findings(text) == []


def test_joiners_are_left_alone() -> None:
    assert findings("👩\u200d🌾 and a non\u200cjoiner\n") == []


def test_byte_order_mark_only_at_the_start_of_the_file() -> None:
    assert findings("\ufeff---\ntitle: x\n---\n") == []
    assert findings("---\n\ufefftitle: x\n") == [(2, 1, "\ufeff")]
    assert findings("\ufeffa\ufeffb\n") == [(1, 3, "\ufeff")]
    [finding] = check_invisible.find("x\ufeff", "a.md")
    assert "(BYTE ORDER MARK)" in finding.format()


def test_columns_count_characters_and_lines_count_newlines() -> None:
    text = "שורה ראשונה\r\nשני\u200fם\n\n\u202bשלום\u202c\n"
    assert findings(text) == [(2, 4, "\u200f"), (4, 1, "\u202b"), (4, 6, "\u202c")]


def test_every_occurrence_is_reported() -> None:
    assert findings("a\u200bb\u200bc\u00ad") == [
        (1, 2, "\u200b"),
        (1, 4, "\u200b"),
        (1, 6, "\u00ad"),
    ]


def test_clean_keeps_a_leading_bom_and_everything_visible() -> None:
    dirty = "\ufeffשלום\u200f Noa\u00adBarkai\r\n\u2066x\u2069\ufeff\n"
    assert check_invisible.clean(dirty) == "\ufeffשלום NoaBarkai\r\nx\n"
    assert findings(check_invisible.clean(dirty)) == []


def test_main_exit_codes_and_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: טוב\n---\nText.\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: רע\u200f\n---\n\u200bText.\n", encoding="utf-8")

    assert check_invisible.main([str(good)]) == 0
    assert capsys.readouterr().out == ""

    assert check_invisible.main([str(good), str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"{bad}:2:10: invisible character U+200F (RIGHT-TO-LEFT MARK) — delete it; "
        + check_invisible.WHY["\u200f"]
    )
    assert lines[1].startswith(f"{bad}:4:1: invisible character U+200B (ZERO WIDTH SPACE)")
    assert lines[2].startswith("2 invisible characters in 1 file.")
    assert len(lines) == 3


def test_binary_and_non_utf8_files_are_skipped(tmp_path: Path) -> None:
    image = tmp_path / "cover.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + "\u200f".encode())
    latin = tmp_path / "old.txt"
    latin.write_bytes(b"caf\xe9 \xe2\x80")  # Latin-1, and a cut-off UTF-8 sequence
    assert check_invisible.main([str(image), str(latin), str(tmp_path / "gone.md")]) == 0


def test_fix_deletes_them_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff---\r\ntitle: a\u200fb\r\n---\r\n".encode())
    assert check_invisible.main(["--fix", str(path)]) == 1  # the commit still stops: re-stage
    assert "Deleted 1 invisible character in 1 file" in capsys.readouterr().out
    assert path.read_bytes() == "\ufeff---\r\ntitle: ab\r\n---\r\n".encode()
    assert check_invisible.main([str(path)]) == 0


def test_runs_as_a_script_without_the_project_installed(tmp_path: Path) -> None:
    """The commit hook runs it with a plain `python`: standard library only."""
    path = tmp_path / "a.md"
    path.write_text("x\u2060y\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-I", str(SCRIPT), str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert f"{path}:1:2: invisible character U+2060 (WORD JOINER)" in done.stdout
