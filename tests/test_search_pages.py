"""The pages a search part is indexed from, kept between builds (outputs/search_pages.py): a
part indexed again expands the Hebrew forms of the records that changed, not of all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from maagal.outputs import search_index
from maagal.outputs.search_index import SearchIndexer


def _bundle(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_a_part_indexed_again_expands_only_the_records_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expanded: list[str] = []
    real = search_index.expand_html

    def counted(html: str) -> str:
        expanded.append(html)
        return real(html)

    monkeypatch.setattr(search_index, "expand_html", counted)
    records = [
        (f"issues/{n}/note/", f"רשימה {n}", f"<p>החיסכון של רשימה {n}</p>") for n in (1, 2, 3)
    ]

    def index(records: list[tuple[str, str, str]], output: Path, cache: Path | None) -> None:
        indexer = SearchIndexer("he")
        for record in records:
            indexer.add(*record)
        indexer.write(output, cache=cache)

    cache = tmp_path / "cache"
    index(records, tmp_path / "first", cache)
    assert len(expanded) == 3
    changed = [*records[:2], ("issues/3/note/", "רשימה 3", "<p>הלוואה חדשה</p>")]
    expanded.clear()
    index(changed, tmp_path / "second", cache)
    assert expanded == ["<p>הלוואה חדשה</p>"]  # the other two pages were kept
    # The part is the one indexed from nothing, without the cache.
    index(changed, tmp_path / "fresh", None)
    assert _bundle(tmp_path / "second") == _bundle(tmp_path / "fresh")
    # Pages kept by another Maagal (other Hebrew rules) are not used.
    kept = cache / "pages-main.json"
    kept.write_text(kept.read_text(encoding="utf-8").replace('"stamp": "', '"stamp": "x'))
    expanded.clear()
    index([*changed, ("issues/4/note/", "רשימה 4", "<p>חדש</p>")], tmp_path / "third", cache)
    assert len(expanded) == 4
