"""`maagal import` given documents made to do harm: pictures linked to files of the machine
or to web addresses, archives that unpack to far more than they hold, parts named outside
the document, pictures that are not pictures, links to `javascript:`, file names that look
like patterns. Each is built here, as LibreOffice saves it where a word processor's output
matters, and as an attacker writes the archive where it does not."""

from __future__ import annotations

import re
import secrets
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from conftest import Project
from maagal.importing import pandoc_process
from maagal.importing.markdown_writer import safe_link
from maagal.importing.reading import read_source
from maagal.run.errors import MaagalError
from outside import outside_address
from word_documents import _document, png, save_as

pytestmark = pytest.mark.slow  # pandoc and LibreOffice run as processes

MB = 1024 * 1024


def _files_holding(root: Path, marker: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and marker in p.read_bytes()]


def _rewritten(document: Path, out: Path, parts: dict[str, bytes], renamed: dict | None = None):
    """`document` with some parts' bytes replaced and some parts renamed, as an attacker
    writes the archive (no word processor involved)."""
    renamed = renamed or {}
    with zipfile.ZipFile(document) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = parts.get(info.filename, source.read(info))
            target.writestr(renamed.get(info.filename, info.filename), data, zipfile.ZIP_DEFLATED)
    return out


def _with_picture(path: Path, *sizes: tuple[int, int]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_heading("Pictures", 1)
    for number, (width, height) in enumerate(sizes):
        picture = path.with_name(f"picture-{number}.png")
        picture.write_bytes(png(width, height))
        document.add_picture(str(picture))
    document.save(path)
    return path


def _linked_pictures_document(folder: Path, secret: Path, outside: str) -> Path:
    """A LibreOffice document whose pictures are linked, not held: to a file of the machine
    and to a web address; and a link to `javascript:`."""

    def frame(href: str) -> str:
        return (
            '<text:p text:style-name="Standard"><draw:frame draw:name="p" svg:width="6cm" '
            f'svg:height="3cm" text:anchor-type="as-char"><draw:image xlink:href="{href}" '
            'xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame>'
            "</text:p>"
        )

    body = (
        '<text:p text:style-name="Title">Linked pictures</text:p>'
        '<text:p text:style-name="Standard">The text of the article.</text:p>'
        + frame(f"file://{secret}?x=.png")
        + frame(f"{outside}/picture.png")
        + '<text:p text:style-name="Standard"><text:a xlink:type="simple" '
        'xlink:href="javascript:alert(document.cookie)">Click here</text:a> and '
        '<text:a xlink:type="simple" xlink:href="java&#x09;script:alert(2)">here</text:a>.'
        "</text:p>"
    )
    fodt = folder / "linked.fodt"
    fodt.write_text(_document("", body, rtl=False), encoding="utf-8")
    return fodt


def test_a_picture_linked_to_a_file_or_an_address_is_left_out_and_never_read(
    project: Project, tmp_path: Path
) -> None:
    marker = b"SECRET-" + secrets.token_hex(8).encode()
    secret = tmp_path / "secret" / "passwords.txt"
    secret.parent.mkdir()
    secret.write_bytes(marker + b"\nroot:x:0:0:root:/root:/bin/bash\n")
    with outside_address() as outside:
        fodt = _linked_pictures_document(tmp_path, secret, outside.url)
        odt = save_as(fodt, "odt", tmp_path / "odt")
        documents = [odt, save_as(fodt, "docx", tmp_path / "docx")]
        # As an attacker writes it: the picture at an absolute path, and up through '..'.
        content = zipfile.ZipFile(odt).read("content.xml").decode()
        linked = content[content.index('xlink:href="') + 12 :].split('"', 1)[0]
        # LibreOffice made the tab's link a relative one; an attacker keeps the tab.
        content = re.sub(
            r'xlink:href="[./]*java[^"]*script:', 'xlink:href="java&#x09;script:', content
        )
        for name, href in (("absolute", str(secret)), ("up", "../" * 12 + str(secret)[1:])):
            changed = content.replace(linked, href).encode()
            documents.append(_rewritten(odt, tmp_path / f"{name}.odt", {"content.xml": changed}))
        outside.settle()
        outside.reached.clear()  # LibreOffice may have looked; the import must not
        results = [
            project.maagal("import", str(document), "--knowledge", "--slug", f"linked-{number}")
            for number, document in enumerate(documents)
        ]
        assert outside.settle() == []
    for result in results:
        assert result.code == 0 and "Traceback" not in result.text, result.text
        assert "1 of 1 documents written" in result.text
    odt_result, docx_result, *crafted = (result.text for result in results)
    assert odt_result.count("is linked to '") == 2 and docx_result.count("is linked to '") == 2
    for text in crafted:
        assert "is linked to '" in text
        assert "note: the link 'here' led to 'java\tscript:alert(2)'" in text, text
    assert "not kept in the document — it was left out: in Word, insert the picture" in odt_result
    for text in (odt_result, docx_result):
        assert "note: the link 'Click here' led to 'javascript:alert(document.cookie)'" in text
    assert _files_holding(project.root, marker) == []
    for article in (project.root / "docs/knowledge").glob("*.md"):
        text = article.read_text("utf-8")
        assert "Click here" in text
        assert all(safe_link(target) for target in re.findall(r"\]\(<([^>]*)>\)", text)), text
        assert "![" not in text  # no picture left behind, by any address
    assert list((project.root / "docs/knowledge").glob("*.png")) == []


def test_file_names_are_names_not_patterns(project: Project, tmp_path: Path) -> None:
    for name, words in (("a[1].docx", "bracketed"), ("*.docx", "starred"), ("b.docx", "other")):
        document = docx.Document()
        document.add_heading(f"The {words} title", 1)
        document.add_paragraph(f"Only the {words} text.")
        document.save(tmp_path / name)
    bracket = project.maagal("import", str(tmp_path / "a[1].docx"), "--knowledge")
    assert bracket.code == 0 and "Traceback" not in bracket.text, bracket.text
    star = project.maagal("import", str(tmp_path / "*.docx"), "--knowledge", "--slug", "starred")
    assert star.code == 0, star.text
    text = (project.root / "docs/knowledge/starred.en.md").read_text("utf-8")
    assert "Only the starred text." in text
    assert "bracketed" not in text and "other" not in text  # one file, not the folder


def test_a_document_that_unpacks_to_far_more_than_it_holds_is_refused(
    project: Project, tmp_path: Path
) -> None:
    """40 MB of text that packs into a few dozen kilobytes, declared; then the same with the
    archive's list claiming a kilobyte (and a checksum of that kilobyte)."""
    plain = _with_picture(tmp_path / "plain.docx")
    document = zipfile.ZipFile(plain).read("word/document.xml")
    huge = document.replace(b"<w:body>", b"<w:body>" + b"<!--" + b" " * (40 * MB) + b"-->")
    bomb = _rewritten(plain, tmp_path / "bomb.docx", {"word/document.xml": huge})
    assert bomb.stat().st_size < MB
    lying = _claim_size(bomb, tmp_path / "lying.docx", "word/document.xml", huge, 1024)
    result = project.maagal("import", str(bomb), str(lying), "--knowledge")
    assert result.code == 1 and "Traceback" not in result.text, result.text
    assert (
        "bomb.docx: its part word/document.xml unpacks to 40 MB, more than a document holds"
        in result.text
    )
    assert "the file is damaged or made to do harm" in result.text
    # What pandoc reads is what was counted: the kilobyte, which is no document.
    assert f"{lying} → (nothing written)" in result.text
    assert "lying.docx: cannot be read as a .docx document" in result.text
    assert "0 of 2 documents written" in result.text
    assert list((project.root / "docs").rglob("bomb*")) == []


def _claim_size(zipped: Path, out: Path, name: str, data: bytes, claimed: int) -> Path:
    """`zipped` with the sizes and checksum of part `name` rewritten to claim `claimed` bytes
    (and the checksum of those first bytes), in its local header and in the central list."""
    raw = bytearray(zipped.read_bytes())
    info = zipfile.ZipFile(zipped).getinfo(name)
    crc = zlib.crc32(data[:claimed])
    local = info.header_offset
    struct.pack_into("<I", raw, local + 14, crc)
    struct.pack_into("<I", raw, local + 22, claimed)
    central = raw.index(b"PK\x01\x02")
    while raw[central + 46 : central + 46 + len(name)] != name.encode():
        central = raw.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", raw, central + 16, crc)
    struct.pack_into("<I", raw, central + 24, claimed)
    out.write_bytes(bytes(raw))
    return out


def test_a_part_named_outside_the_document_is_refused(project: Project, tmp_path: Path) -> None:
    plain = _with_picture(tmp_path / "work" / "plain.docx", (240, 120))
    relations = zipfile.ZipFile(plain).read("word/_rels/document.xml.rels")
    hostile = _rewritten(
        plain,
        tmp_path / "work" / "escape.docx",
        {"word/_rels/document.xml.rels": relations.replace(b"media/image1.png", b"../../x.png")},
        {"word/media/image1.png": "../../x.png"},
    )
    result = project.maagal("import", str(hostile), "--knowledge")
    assert result.code == 1 and "Traceback" not in result.text, result.text
    assert "it holds a part named '../../x.png', outside the document" in result.text
    assert [p for p in tmp_path.parent.rglob("x.png")] == []
    assert [p for p in project.root.rglob("x.png")] == []


def test_pictures_that_are_not_pictures_or_too_large_are_left_out(
    project: Project, tmp_path: Path
) -> None:
    """A picture part that holds an SVG drawing with script, one that holds a Markdown page,
    one whose header claims 100,000 × 100,000 pixels; and a real picture, kept."""
    plain = _with_picture(
        tmp_path / "pictures.docx", (240, 120), (241, 120), (242, 120), (243, 120)
    )
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
    page = b"---\ntitle: A page nobody wrote\n---\nHello.\n"
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    huge = b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        for kind, data in (
            (b"IHDR", header),
            (b"IDAT", zlib.compress(b"\0" * 1024)),
            (b"IEND", b""),
        )
    )
    hostile = _rewritten(
        plain,
        tmp_path / "hostile-pictures.docx",
        {
            "word/media/image2.png": svg,
            "word/media/image3.png": page,
            "word/media/image4.png": huge,
        },
    )
    result = project.maagal("import", str(hostile), "--knowledge")
    assert result.code == 0, result.text
    assert "fix: the document's picture 2 is an SVG drawing, which can hold script" in result.text
    assert "fix: the document's picture 3 is no picture a browser can show" in result.text
    assert "fix: the document's picture 4 is more than a page can show" in result.text
    folder = project.root / "docs/knowledge"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("pictures")) == [
        "pictures.en-1.png",  # the real picture; nothing else beside the article
        "pictures.en.md",
    ]
    assert _files_holding(project.root, b"<script>") == []
    assert _files_holding(project.root, b"A page nobody wrote") == []


def test_pandoc_is_stopped_when_it_takes_too_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _with_picture(tmp_path / "slow.docx")
    monkeypatch.setattr(pandoc_process, "SECONDS", 0.001)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with pytest.raises(MaagalError, match=r"pandoc was still reading it after 0\.001 seconds"):
        read_source(document, scratch)
