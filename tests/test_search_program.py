"""Pagefind's program, run directly by the build (not through `python -m pagefind`)."""

from __future__ import annotations

import subprocess

import pagefind.service
import pytest

from maagal.outputs import search_index
from maagal.run.errors import MaagalError


@pytest.mark.slow
def test_the_build_runs_pagefinds_own_program() -> None:
    search_index._pagefind_program.cache_clear()
    program = search_index._pagefind_program()
    done = subprocess.run([program, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip().startswith("pagefind ")


def test_without_its_program_the_build_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    search_index._pagefind_program.cache_clear()
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    with pytest.raises(MaagalError, match="Pagefind's program is missing"):
        search_index._pagefind_program()
    search_index._pagefind_program.cache_clear()
