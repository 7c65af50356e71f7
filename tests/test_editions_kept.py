"""The kept PDFs and cards put into the site without being read (editions/kept.py), and a PDF
that Chromium did not write finished as before (editions/pdf_file.py falls back to pypdf).
Quick: no browser; the drawing itself is tested in test_editions.py."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from maagal.editions import pdf_file
from maagal.editions.kept import MANIFEST, KeptEditions
from maagal.editions.print_pages import PrintJob
from maagal.editions.render import finish_pdf


def _kept(tmp_path: Path, data: bytes = b"card bytes") -> tuple[Path, Path]:
    folder, site = tmp_path / "kept", tmp_path / "site"
    store = KeptEditions(folder)
    store.put("abc.png", data, site / "issues/1/card.png")
    store.close()
    return folder, site


def test_a_kept_file_reaches_the_next_site_as_a_link(tmp_path: Path) -> None:
    folder, _ = _kept(tmp_path)
    target = tmp_path / "next-site/issues/1/card.png"
    store = KeptEditions(folder)
    assert store.place("abc.png", target)
    assert target.read_bytes() == b"card bytes"
    assert target.samefile(folder / "abc.png")
    assert not KeptEditions(folder).place("other.png", tmp_path / "x.png")  # never kept


def test_a_kept_file_written_over_is_not_used(tmp_path: Path) -> None:
    """A write into the site's file is a write into the kept one (they are one file): the next
    build finds it changed and draws it again rather than publish it."""
    folder, site = _kept(tmp_path)
    time.sleep(0.05)  # later than the file system's clock tick
    with open(site / "issues/1/card.png", "r+b") as published:  # in place, same size
        published.write(b"CARD")
    assert (folder / "abc.png").read_bytes() == b"CARD bytes"  # one file
    assert not KeptEditions(folder).place("abc.png", tmp_path / "next/card.png")
    assert not (tmp_path / "next/card.png").exists()


def test_a_replaced_or_unreadable_manifest_draws_everything_again(tmp_path: Path) -> None:
    folder, _ = _kept(tmp_path)
    (folder / "abc.png").unlink()
    (folder / "abc.png").write_bytes(b"card bytes")  # the same bytes, another file
    assert not KeptEditions(folder).place("abc.png", tmp_path / "a.png")
    folder, _ = _kept(tmp_path / "again")
    (folder / MANIFEST).write_bytes(b"\0garbage")
    assert not KeptEditions(folder).place("abc.png", tmp_path / "b.png")


def test_entries_the_build_did_not_use_are_forgotten(tmp_path: Path) -> None:
    folder, _ = _kept(tmp_path)
    store = KeptEditions(folder)
    store.put("new.png", b"new", tmp_path / "site2/new.png")
    store.close()
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST, "new.png"]
    assert not KeptEditions(folder).place("abc.png", tmp_path / "c.png")


def test_without_a_cache_the_file_is_only_written(tmp_path: Path) -> None:
    store = KeptEditions(None)
    store.put("abc.pdf", b"%PDF", tmp_path / "site/a.pdf")
    store.close()
    assert (tmp_path / "site/a.pdf").read_bytes() == b"%PDF"
    assert not store.place("abc.pdf", tmp_path / "site/b.pdf")


def _other_pdf() -> bytes:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    writer.add_outline_item(title="reversed", page_number=1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_chromium_did_not_write_is_finished_all_the_same() -> None:
    job = PrintJob(
        "issues/1/issue-01.pdf", "גיליון 1 · שיתוף", "המעגל", "he", dt.date(2027, 3, 4), str
    )
    finished = PdfReader(io.BytesIO(finish_pdf(_other_pdf(), job, [(1, "פתיחה", 1)])))
    assert finished.metadata is not None
    assert finished.metadata.title == "גיליון 1 · שיתוף"
    assert finished.metadata["/CreationDate"] == "D:20270304000000Z"
    assert [
        (item.title, finished.get_destination_page_number(item)) for item in finished.outline
    ] == [("פתיחה", 1)]


def test_a_pdf_of_another_layout_is_refused_by_the_quick_reader() -> None:
    for pdf in (b"%PDF-1.7\nnothing here", _other_pdf()[:-40]):
        try:
            pdf_file.bookmarks(pdf_file.PdfObjects.read(pdf))
        except pdf_file.NotChromiumPdf:
            continue
        raise AssertionError("read a PDF it should have refused")
