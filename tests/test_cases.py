"""Editors' mistakes as golden cases: one folder per mistake, with the exact report it gives.

Each folder under tests/cases/ holds `input/` (files laid over the small valid site of
conftest.py; a file named `NAME.delete` removes NAME) and `expected.txt`, what `maagal check`
prints for it, word for word: the wording is part of the product and is reviewed like code.
The cases run in-process, without a build. Where a fix says "write the line as: …", the test
also writes that line in place of the old one and checks that the problem is gone.

To write the expected files anew after a deliberate change of wording:
    MAAGAL_REGENERATE_CASES=1 pytest tests/test_cases.py   (then read the diff)
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import AUTHORS, MINIMAL, REPO, TOPICS
from maagal.addresses.project import find_project
from maagal.commands.check import check

CASES = Path(__file__).resolve().parent / "cases"
REWRITE = re.compile(
    r"^(?P<path>[^\s:]+):(?P<line>\d+): .*\n    fix: write the line as: (?P<new>.+)$", re.M
)


def _site(root: Path, case: Path) -> Path:
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    files = {"authors.yml": AUTHORS, "topics.yml": TOPICS, **MINIMAL}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for source in sorted((case / "input").rglob("*")):
        if source.is_dir():
            continue
        rel = source.relative_to(case / "input")
        if rel.suffix == ".delete":
            (root / rel.with_suffix("")).unlink()
            continue
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / rel)
    return root


def _report(root: Path) -> str:
    _, report = check(find_project(root / "mkdocs.yml"))
    # Notes (a picture far too large) are printed above "No problems." and the build goes on.
    return report.format() if report else "\n".join([*report.format_notes(), "No problems."])


def _read(root: Path, case: Path) -> str:
    """What the model holds of each document the case writes: an accepted mistake must be
    read as the editor meant it, not merely pass."""
    site, _ = check(find_project(root / "mkdocs.yml"))
    lines = []
    for source in sorted((case / "input").rglob("*.md")):
        rel = source.relative_to(case / "input").as_posix()
        doc = site.document(re.sub(r"(\.[a-z]{2})?\.md$", "", rel))
        if doc is None:
            lines.append(f"{rel}: not published")
            continue
        variant = next(v for v in doc.variants.values() if v.rel_path == rel)
        authors = ", ".join(a.key for a in doc.authors)
        lines.append(
            f"{rel}: title={variant.title!r} subtitle={variant.subtitle!r} authors=[{authors}] "
            f"excerpt={variant.excerpt!r}"
        )
    return "\n".join(lines)


def _problems(report: str) -> list[str]:
    return re.findall(r"^([^\s:]+:\d+)(?::\d+)?: ", report, re.M)


def _cases() -> list[Path]:
    return sorted(path for path in CASES.iterdir() if (path / "input").is_dir())


@pytest.mark.parametrize("case", _cases(), ids=lambda path: path.name)
def test_case(case: Path, tmp_path: Path) -> None:
    root = _site(tmp_path, case)
    got = _report(root)
    expected_file = case / "expected.txt"
    if os.environ.get("MAAGAL_REGENERATE_CASES"):
        expected_file.write_text(got + "\n", encoding="utf-8")
    assert got == expected_file.read_text(encoding="utf-8").rstrip("\n")
    assert "Traceback" not in got and "YAML" not in got and "<class" not in got
    if got == "No problems.":
        read_file = case / "read.txt"
        if os.environ.get("MAAGAL_REGENERATE_CASES"):
            read_file.write_text(_read(root, case) + "\n", encoding="utf-8")
        assert _read(root, case) == read_file.read_text(encoding="utf-8").rstrip("\n")
    for match in REWRITE.finditer(got):
        path = root / match["path"]
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[int(match["line"]) - 1] = match["new"]
        path.write_text("\n".join(lines), encoding="utf-8")
        # Following the advice fixes that problem and brings no new one.
        before = set(_problems(got)) - {f"{match['path']}:{match['line']}"}
        assert set(_problems(_report(root))) <= before, _report(root)


def test_there_are_enough_cases_and_each_is_distinct() -> None:
    cases = _cases()
    assert len(cases) >= 40
    reports = [(case / "expected.txt").read_text(encoding="utf-8") for case in cases]
    repeated = {r for r in reports if reports.count(r) > 1 and r.strip() != "No problems."}
    assert not repeated
