"""Documents as word processors save them, for `maagal import`'s tests.

The sources are Flat ODT (LibreOffice's own XML, written here by hand); LibreOffice, run
headless from Debian's package, saves them as .docx and .odt: files a real word processor
wrote, not a Python library's idea of one. python-docx makes the odd cases a word processor
lets an editor make (comments, underline, an image with no description).
"""

from __future__ import annotations

import base64
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest


def png(width: int = 240, height: int = 120) -> bytes:
    """A small bar chart as PNG (standard library only)."""
    bars = [(30, 110, 80), (180, 90, 40), (60, 90, 160)]
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            bar = x * len(bars) // width
            filled = y > height - (bar + 1) * height // (len(bars) + 1)
            row += bytes(bars[bar] if filled else (250, 248, 242))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


NS = """xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\""""


def _document(meta: str, body: str, *, rtl: bool) -> str:
    direction = 'style:writing-mode="rl-tb" fo:text-align="end"' if rtl else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>{meta}</office:meta>
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties {direction}/></style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard"/>
  <style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Standard"/>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2"/>
  <style:style style:name="Quotations" style:family="paragraph" style:parent-style-name="Standard"/>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>
  <style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic" style:font-style-complex="italic"/></style:style>
 </office:automatic-styles>
 <office:body><office:text>{body}</office:text></office:body>
</office:document>
"""


def _image(described: str) -> str:
    data = base64.b64encode(png()).decode()
    alt = f"<svg:title>{described}</svg:title><svg:desc>{described}</svg:desc>" if described else ""
    return (
        '<draw:frame draw:name="image" svg:width="6cm" svg:height="3cm" '
        f'text:anchor-type="as-char"><draw:image><office:binary-data>{data}'
        f"</office:binary-data></draw:image>{alt}</draw:frame>"
    )


HEBREW_TITLE = "רכש משותף בגליל"
HEBREW_SUBTITLE = "שבעה קיבוצים קונים יחד, וחוסכים"


def hebrew_article() -> str:
    """An article as a secretariat sends it: RTL paragraphs, a mixed Hebrew-English sentence
    with a stray RIGHT-TO-LEFT MARK, a footnote, a nested list, a table, a quotation, two
    images (one described, one not), a link, gershayim and maqaf as typed."""
    body = f"""
  <text:p text:style-name="Title">{HEBREW_TITLE}</text:p>
  <text:p text:style-name="Subtitle">{HEBREW_SUBTITLE}</text:p>
  <text:p text:style-name="Standard">בחורף האחרון החליטו שבעה קיבוצים בגליל לקנות יחד את <text:span text:style-name="B">הציוד החקלאי</text:span> שלהם, לפי דו"ח ועדת־הרכש.<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>לפי נתוני הוועדה, ינואר 2027.</text:p></text:note-body></text:note> בכנס Cooperatives Europe 2027 הציגה נועה ברקאי את הניסיון של 12 קיבוצים\u200f.</text:p>
  <text:h text:style-name="Heading_20_2" text:outline-level="2">איך זה עובד</text:h>
  <text:p text:style-name="Standard">כל קיבוץ שולח את ההזמנות <text:span text:style-name="I">פעם בחודש</text:span>, והוועדה מרכזת אותן:</text:p>
  <text:list><text:list-item><text:p>ציוד לרפת</text:p><text:list><text:list-item><text:p>מזון לעגלים</text:p></text:list-item><text:list-item><text:p>תרופות</text:p></text:list-item></text:list></text:list-item><text:list-item><text:p>ציוד למטעים</text:p></text:list-item></text:list>
  <text:p text:style-name="Quotations">כשקונים יחד, כל קיבוץ מרוויח יותר ממה שהוא נותן.</text:p>
  <table:table table:name="savings"><table:table-column table:number-columns-repeated="2"/>
   <table:table-row><table:table-cell><text:p>ענף</text:p></table:table-cell><table:table-cell><text:p>חיסכון</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell><text:p>רפת</text:p></table:table-cell><table:table-cell><text:p>12%</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell><text:p>מטעים</text:p></table:table-cell><table:table-cell><text:p>8%</text:p></table:table-cell></table:table-row>
  </table:table>
  <text:p text:style-name="Standard">{_image("תרשים החיסכון לפי ענפים")}</text:p>
  <text:p text:style-name="Standard">{_image("")}</text:p>
  <text:p text:style-name="Standard">למידע נוסף: <text:a xlink:type="simple" xlink:href="https://maagal.example/papers/">ניירות העמדה של המעגל</text:a>.</text:p>
"""
    meta = (
        f"<dc:title>{HEBREW_TITLE}</dc:title><meta:initial-creator>נועה ברקאי"
        "</meta:initial-creator><dc:creator>נועה ברקאי</dc:creator>"
        "<meta:creation-date>2027-02-14T10:00:00</meta:creation-date>"
    )
    return _document(meta, body, rtl=True)


def english_paper() -> str:
    """A position paper in English, by an author the authors file spells slightly otherwise."""
    body = """
  <text:p text:style-name="Title">Water Rights in the Arava</text:p>
  <text:p text:style-name="Standard">The team reviewed how <text:span text:style-name="B">water quotas</text:span> are shared among the kibbutzim of the Arava.<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Figures from the regional council, 2026.</text:p></text:note-body></text:note></text:p>
  <text:h text:style-name="Heading_20_2" text:outline-level="2">Recommendations</text:h>
  <text:list><text:list-item><text:p>Publish every quota.</text:p></text:list-item><text:list-item><text:p>Meet twice a year.</text:p></text:list-item></text:list>
"""
    meta = (
        "<dc:title>Water Rights in the Arava</dc:title><meta:initial-creator>Amir Sella"
        "</meta:initial-creator><dc:creator>Amir Sella</dc:creator>"
        "<meta:creation-date>2026-12-01T09:00:00</meta:creation-date>"
    )
    return _document(meta, body, rtl=False)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        message = "LibreOffice is not installed (Debian's libreoffice-writer-nogui): make test"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def save_as(fodt: Path, extension: str, out: Path) -> Path:
    """`fodt` saved by LibreOffice as .docx or .odt in folder `out`."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "profile"
    done = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            extension,
            "--outdir",
            str(out),
            str(fodt),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    saved = out / f"{fodt.stem}.{extension.split(':')[0]}"
    assert saved.is_file(), done.stdout + done.stderr
    return saved


def plain_text_of(document: Path, out: Path) -> str:
    """The document's text as LibreOffice itself exports it."""
    return save_as(document, "txt:Text (encoded):UTF8", out).read_text(encoding="utf-8-sig")
