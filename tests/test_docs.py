"""What the maintainers' documents point at exists."""

from __future__ import annotations

import re

from conftest import REPO

ROOTS = ("src", "overrides", "scripts", "tests", "benchmarks", "tools", ".github", "docs")
_ROOT = "|".join(re.escape(root) for root in ROOTS)
PATH = re.compile(rf"`((?:{_ROOT})/[\w./-]*)`")


def test_every_repository_path_the_readmes_name_exists() -> None:
    missing = {
        f"{doc.relative_to(REPO)}: {path}"
        for doc in (REPO / "README.md", REPO / "benchmarks/README.md", REPO / "overrides/README.md")
        for path in PATH.findall(doc.read_text(encoding="utf-8"))
        if not (REPO / path).exists()
    }
    assert missing == set()


def test_the_pattern_finds_the_paths_it_should() -> None:
    assert PATH.findall("see `src/maagal/theme/` and `overrides/maagal/`, not `/issues/`") == [
        "src/maagal/theme/",
        "overrides/maagal/",
    ]
