"""The synthetic archive of the benchmark: valid content, deterministic for a seed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import REPO, run_maagal

sys.path.insert(0, str(REPO / "scripts"))
from make_corpus import make_corpus


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.md") if p.is_file()
    }


@pytest.mark.slow
def test_generated_archive_passes_check_and_builds(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus, issues=4, articles=3, papers=12, seed=7)
    check = run_maagal("check", cwd=corpus)
    assert check.code == 0, check.text
    assert "4 גיליונות, 12 ניירות עמדה" in check.out  # in the site's language, Hebrew
    build = run_maagal("build", cwd=corpus)
    assert build.code == 0, build.text
    assert (corpus / "site/issues/4/article-3/index.html").is_file()
    assert (corpus / "site/en/papers/paper-011/index.html").is_file()
    assert (corpus / "site/pagefind/pagefind-entry.json").is_file()


def test_same_seed_same_archive_other_seed_other_archive(tmp_path: Path) -> None:
    make_corpus(tmp_path / "a", issues=2, articles=2, papers=3, seed=1)
    make_corpus(tmp_path / "b", issues=2, articles=2, papers=3, seed=1)
    make_corpus(tmp_path / "c", issues=2, articles=2, papers=3, seed=2)
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    assert _snapshot(tmp_path / "a") != _snapshot(tmp_path / "c")
