"""Reading a Word (.docx) or LibreOffice (.odt) document: pandoc for the text, the file's own
properties and paragraph styles for what pandoc leaves out.

Pandoc keeps right-to-left runs, footnotes and images (jgm/pandoc#5545) and, for .docx,
paragraph styles (`+styles`). Its .odt reader has no styles and skips the document's
properties, so the title, subtitle and quotation paragraphs of an .odt are found here by
their style names in `content.xml`, and the properties of both formats are read from the
file itself.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from maagal.importing.archive import safe_copy
from maagal.importing.pandoc_process import pandoc_json
from maagal.run.errors import MaagalError

FORMATS = {".docx": "docx+styles", ".odt": "odt"}
# Comments and tracked changes come as marked spans, so the import can say it left them out
# (deleted text out, inserted text in, comments out).
TRACKED = ["--track-changes=all"]
_NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}
# Word and LibreOffice paragraph styles that mark a quotation meant to stand out.
QUOTE_STYLES = frozenset(
    {"quote", "intense quote", "pull quote", "pullquote", "quotations", "ציטוט", "ציטוט מודגש"}
)


@dataclass
class Source:
    """What a document holds: pandoc's tree, and the properties Word or LibreOffice saved."""

    path: Path
    meta: dict[str, Any]
    blocks: list[dict[str, Any]]
    media: Path = Path()  # where pandoc wrote the pictures the document holds
    title: str = ""  # the document's Title paragraph (.odt; pandoc finds a .docx's)
    property_title: str = ""  # the title in the file's properties (often a template's)
    subtitle: str = ""
    creator: str = ""
    created: str = ""  # YYYY-MM-DD
    quotes: set[str] = field(default_factory=set)  # texts of quotation paragraphs (.odt)
    image_alts: tuple[str, ...] = ()  # each image's description, in order (.odt)
    linked_pictures: list[str] = field(default_factory=list)  # .docx: pandoc drops them
    formatting: list[str] = field(default_factory=list)  # what has no Markdown form


def read_source(path: Path, scratch: Path) -> Source:
    """Read `path`, through a copy in the folder `scratch` (see `archive.py`); pandoc writes the
    pictures it holds under `scratch/media`."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise MaagalError(unsupported(path))
    copy = scratch / f"document{path.suffix.lower()}"
    safe_copy(path, copy)
    media = scratch / "media"
    tree = pandoc_json(copy, kind, media, TRACKED, path)
    source = Source(path, tree.get("meta", {}), tree.get("blocks", []), media=media)
    try:  # the copy's own XML: pandoc has read the text already
        with zipfile.ZipFile(copy) as archive:
            _properties(source, archive)
            if path.suffix.lower() == ".odt":
                _odt_styles(source, archive)
    except (ElementTree.ParseError, KeyError, zipfile.BadZipFile, OSError):
        pass  # the properties and styles are only a help
    return source


def unsupported(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        return (
            f"{path}: a PDF cannot be imported — the text read back from a PDF loses the order "
            "of Hebrew words and the paragraphs; open the document it was made from (Word, "
            "LibreOffice) and import that as .docx or .odt"
        )
    if path.suffix.lower() in (".doc", ".rtf"):
        return f"{path}: an old Word file — open it in Word or LibreOffice, save it as .docx"
    return f"{path}: not a Word (.docx) or LibreOffice (.odt) document"


def _properties(source: Source, archive: zipfile.ZipFile) -> None:
    """Title, author and date as the word processor saved them."""
    names = set(archive.namelist())
    if "docProps/core.xml" in names:
        root = ElementTree.fromstring(archive.read("docProps/core.xml"))
        source.property_title = _text(root, "dc:title")
        source.creator = _text(root, "dc:creator")
        source.created = _text(root, "dcterms:created")[:10]
        _formatting(archive.read("word/document.xml"), DOCX_FORMATTING, source)
        if DOCX_RELATIONS in names:
            source.linked_pictures = _linked_pictures(archive.read(DOCX_RELATIONS))
    elif "meta.xml" in names:
        root = ElementTree.fromstring(archive.read("meta.xml"))
        source.property_title = _text(root, ".//dc:title")
        source.creator = _text(root, ".//meta:initial-creator") or _text(root, ".//dc:creator")
        created = _text(root, ".//meta:creation-date") or _text(root, ".//dc:date")
        source.created = created[:10]
        _formatting(archive.read("content.xml"), ODT_FORMATTING, source)


# What pandoc leaves out without a word, found in the file so that the report can say so.
DOCX_FORMATTING = {
    "colours": rb'<w:color w:val="(?!auto|000000)',
    "highlighting": rb"<w:(highlight|shd) ",
    "text boxes": rb"<w:txbxContent",
}
ODT_FORMATTING = {
    "colours": rb'fo:color="#(?!000000)',
    "highlighting": rb'fo:background-color="#(?!ffffff|FFFFFF)',
    "text boxes": rb"<draw:text-box",
}


DOCX_RELATIONS = "word/_rels/document.xml.rels"


def _linked_pictures(relations: bytes) -> list[str]:
    """Where a .docx's linked pictures are ("Insert → Pictures → Link to File"): pandoc leaves
    them out without a word, and the import says so."""
    return [
        relation.get("Target", "")
        for relation in ElementTree.fromstring(relations)
        if relation.get("TargetMode") == "External" and relation.get("Type", "").endswith("/image")
    ]


def _formatting(xml: bytes, patterns: dict[str, bytes], source: Source) -> None:
    source.formatting += [name for name, pattern in patterns.items() if re.search(pattern, xml)]


def _odt_styles(source: Source, archive: zipfile.ZipFile) -> None:
    """An .odt's Title and Subtitle paragraphs and its quotations, by paragraph style."""
    root = ElementTree.fromstring(archive.read("content.xml"))
    styles = archive.read("styles.xml") if "styles.xml" in archive.namelist() else b""
    parents = _style_parents(root)
    if styles:
        parents.update(_style_parents(ElementTree.fromstring(styles)))
    body = root.find("office:body/office:text", _NS)
    if body is None:
        return
    styled = {"title": "", "subtitle": ""}
    for paragraph in body.iter(f"{{{_NS['text']}}}p"):
        style = _base_style(paragraph.get(f"{{{_NS['text']}}}style-name", ""), parents)
        text = " ".join("".join(paragraph.itertext()).split())
        if style in styled and not styled[style]:
            styled[style] = text
        elif style in QUOTE_STYLES:
            source.quotes.add(text)
    alts = []
    for frame in body.iter(f"{{{_NS['draw']}}}frame"):
        if frame.find("draw:image", _NS) is None:
            continue
        described = _text(frame, "svg:desc") or _text(frame, "svg:title")
        alts.append(described)
    source.image_alts = tuple(alts)
    source.title = styled["title"]
    source.subtitle = styled["subtitle"] or source.subtitle
    # What pandoc made of the Title and Subtitle paragraphs is not body text.
    taken = {text for text in styled.values() if text}
    source.blocks = [b for b in source.blocks if _plain(b) not in taken]


def _style_parents(root: ElementTree.Element) -> dict[str, str]:
    parents = {}
    for style in root.iter(f"{{{_NS['style']}}}style"):
        name = style.get(f"{{{_NS['style']}}}name", "")
        parents[name] = style.get(f"{{{_NS['style']}}}parent-style-name", "")
        display = style.get(f"{{{_NS['style']}}}display-name")
        if display:
            parents.setdefault(f"display:{name}", display)
    return parents


def _base_style(name: str, parents: dict[str, str]) -> str:
    """The paragraph's style, or the nearest parent with a name that means something here."""
    seen = 0
    while name and seen < 10:
        readable = parents.get(f"display:{name}", name).replace("_20_", " ").casefold()
        if readable in ("title", "subtitle") or readable in QUOTE_STYLES:
            return readable
        name, seen = parents.get(name, ""), seen + 1
    return ""


def _plain(block: dict[str, Any]) -> str:
    if block.get("t") not in ("Para", "Plain"):
        return ""
    return " ".join(plain_text(block["c"]).split())


def plain_text(inlines: Any) -> str:
    """The words of pandoc inlines (for titles and for comparing paragraphs)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            kind = node.get("t")
            if kind == "Str":
                parts.append(node["c"])
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                parts.append(" ")
            elif kind == "Note":
                return
            elif "c" in node:
                walk(node["c"])

    walk(inlines)
    return "".join(parts)


def _text(root: ElementTree.Element, path: str) -> str:
    found = root.find(path, _NS)
    return " ".join((found.text or "").split()) if found is not None else ""
