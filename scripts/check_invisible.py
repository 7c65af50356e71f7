"""Find invisible characters that word processors and web pages leave in pasted text.

    python scripts/check_invisible.py FILE...          report them, exit 1 if there is any
    python scripts/check_invisible.py --fix FILE...    delete them in place (and report them)

It reports, with line and column (counted in characters, from 1):

- bidirectional controls: LRM/RLM (U+200E, U+200F), the Arabic letter mark (U+061C), the
  embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069. The browser already
  places Hebrew, English and numbers correctly; a stray control silently reorders a line,
  and an unclosed one reorders everything after it;
- a zero-width space (U+200B), a soft hyphen (U+00AD) and a word joiner (U+2060), which hide
  inside words, so that search, links and spell checkers miss them;
- a byte-order mark (U+FEFF) anywhere but at the very start of a file (it is harmless there),
  which is what joining or pasting files leaves behind.

Zero-width joiners and non-joiners (U+200C, U+200D) are left alone: emoji and some scripts
need them. Files that are not UTF-8 text (images, fonts) are skipped. Only the standard library
is used, so any Python 3 runs it, as the commit hook does.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BOM = "\ufeff"

_DIRECTION = "the browser places Hebrew, English and numbers by itself; a stray mark reorders text"
_HIDDEN = "it hides inside a word, so search and spell checking miss the word"

# The characters reported, each with why deleting it is safe.
WHY: dict[str, str] = {
    "\u200e": _DIRECTION,
    "\u200f": _DIRECTION,
    "\u061c": _DIRECTION,
    **{chr(c): _DIRECTION for c in range(0x202A, 0x202F)},
    **{chr(c): _DIRECTION for c in range(0x2066, 0x206A)},
    "\u200b": _HIDDEN,
    "\u00ad": "a soft hyphen left by a word processor's hyphenation; " + _HIDDEN,
    "\u2060": _HIDDEN,
    BOM: "a byte-order mark belongs only at the very start of a file (were files joined?)",
}
NAMES = {BOM: "BYTE ORDER MARK"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    char: str

    @property
    def name(self) -> str:
        return NAMES.get(self.char) or unicodedata.name(self.char, "UNNAMED")

    def format(self) -> str:
        return (
            f"{self.path}:{self.line}:{self.column}: invisible character "
            f"U+{ord(self.char):04X} ({self.name}) — delete it; {WHY[self.char]}"
        )


def find(text: str, path: str = "<text>") -> Iterator[Finding]:
    """Every reported character of `text`, in order. A BOM as the first character is fine."""
    for number, line in enumerate(text.split("\n"), start=1):
        for index, char in enumerate(line):
            if char not in WHY or (char == BOM and number == 1 and index == 0):
                continue
            yield Finding(path, number, index + 1, char)


def clean(text: str) -> str:
    """`text` without the characters `find` reports (a leading BOM stays)."""
    head = BOM if text.startswith(BOM) else ""
    body = text[len(head) :]
    return head + "".join(char for char in body if char not in WHY)


def _read(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        print(f"{path}: cannot be read ({error.strerror})", file=sys.stderr)
        return None
    if b"\0" in raw:  # binary
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None  # not UTF-8: not text this check understands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Report invisible and bidirectional control characters in text files."
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE")
    parser.add_argument("--fix", action="store_true", help="delete them from the files")
    args = parser.parse_args(argv)
    findings: list[Finding] = []
    for path in args.files:
        if not path.is_file():
            continue
        text = _read(path)
        if text is None:
            continue
        found = list(find(text, str(path)))
        findings.extend(found)
        if found and args.fix:
            # newline="" writes the line ends exactly as they were read.
            with path.open("w", encoding="utf-8", newline="") as out:
                out.write(clean(text))
    for finding in findings:
        print(finding.format())
    if not findings:
        return 0
    files = len({f.path for f in findings})
    count = f"{len(findings)} invisible character{'s' if len(findings) != 1 else ''}"
    where = f"{files} file{'s' if files != 1 else ''}"
    if args.fix:
        print(f"Deleted {count} in {where}; check the lines above, then stage the files again.")
    else:
        print(
            f"{count} in {where}. To delete them all: python scripts/check_invisible.py --fix FILE…"
        )
    return 1


if __name__ == "__main__":
    sys.exit(main())
