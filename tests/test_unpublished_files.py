"""Every file in a content folder is published, read, or named (`load.files.check_unpublished`);
what a program writes beside a document for a moment, or for itself, is said nothing of."""

from __future__ import annotations

from pathlib import Path

from maagal.load.files import check_unpublished
from maagal.run.errors import Report

IMPORTS: dict[str, str | None] = {
    "docs": "--knowledge",
    "issues": "--issue",
    "position_papers": "--paper",
    "events": None,
}


def _named(root: Path, *names: str) -> list[str]:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    report = Report()
    check_unpublished(root, IMPORTS, {"events/series.yml"}, report)
    return [f"{error.path}: {error.hint}" for error in report]


def test_documents_pictures_and_files_kept_on_purpose_are_not_named(tmp_path: Path) -> None:
    assert (
        _named(
            tmp_path,
            "issues/4/a.md",
            "issues/4/a.en.md",
            "issues/4/photo.JPG",
            "position_papers/plan.pdf",
            "events/series.yml",
            "issues/4/_notes.txt",
            "docs/_drafts/old.docx",
            "issues/4/.DS_Store",
        )
        == []
    )


def test_what_programs_write_beside_a_document_is_not_named(tmp_path: Path) -> None:
    assert (
        _named(
            tmp_path,
            "issues/4/~$article.docx",
            "issues/4/a.md~",
            "issues/4/#a.md#",
            "issues/4/4913",
            "issues/4/a.md.tmp123",
            "docs/Thumbs.db",
        )
        == []
    )


def test_each_other_file_is_named_with_its_fix(tmp_path: Path) -> None:
    assert _named(
        tmp_path,
        "issues/004/a.Md",
        "docs/knowledge/fund.odt",
        "position_papers/old.doc",
        "events/notes.docx",
        "docs/logo.bmp",
    ) == [
        "docs/knowledge/fund.odt: bring it in with 'maagal import docs/knowledge/fund.odt "
        "--knowledge', then delete it here",
        "docs/logo.bmp: save it as JPEG or PNG (e.g. photo.jpg) and write that name in the "
        "document",
        "events/notes.docx: copy its text into the Markdown file of the document, then delete "
        "it here",
        "issues/004/a.Md: rename it to a.md",
        "position_papers/old.doc: open it in Word or LibreOffice, save it as .docx, and bring "
        "that in with 'maagal import <file>.docx --paper'; then delete it here",
    ]
