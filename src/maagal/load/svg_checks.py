"""SVG drawings in content folders, read as data before they are published.

An SVG file is a document: opened on its own (a link to it, "open image in new tab", a
reader following the picture's address from a feed) the browser runs what it holds, on the
site's own address. Drawing programs write none of that, so a drawing that holds script, an
event handler, HTML (`foreignObject`), an animation that sets a link, a `javascript:` address
or a picture, font or stylesheet from another address was not made by one: it is refused,
at its line, with what to do. The file is read with defusedxml: no DTD, no entities, nothing
outside the file is read.
"""

from __future__ import annotations

import re
import xml.sax
from pathlib import Path
from xml.sax.xmlreader import AttributesImpl, Locator

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString

from maagal.run.errors import Report
from maagal.run.said import say

SVG_LIMIT = 5_000_000  # bytes; a detailed chart is some hundreds of kilobytes
_ELEMENTS = {
    "script": say("a script"),
    "foreignobject": say("HTML inside the drawing (foreignObject)"),
    "iframe": say("a frame"),
    "embed": say("an embedded object"),
    "object": say("an embedded object"),
    "handler": say("a script (handler)"),
    "listener": say("an event listener"),
}
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "discard"}
_INSIDE = re.compile(r"#|data:image/(?:png|jpeg|gif|webp);", re.I)  # what a href may name
_OUTSIDE_CSS = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.I)
_IGNORED = re.compile(r"[\x00-\x20]")  # dropped from an address by browsers
_FIX = say(
    "save the drawing again as plain SVG from the program that made it (Inkscape: Save As › "
    "Plain SVG), or as a PNG picture"
)


class _Refusal(Exception):
    def __init__(self, line: int | None, what: str) -> None:
        super().__init__(what)
        self.line, self.what = line, what


class _Drawing(xml.sax.ContentHandler):
    """Refuses at the first element or attribute that is not a drawing's."""

    def __init__(self) -> None:
        super().__init__()
        self.styles = 0  # how many <style> elements the text is in

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def startElement(self, name: str, attrs: AttributesImpl) -> None:
        local = name.rpartition(":")[2].lower()
        self.styles += local == "style"
        if local in _ELEMENTS:
            self._refuse(say("holds {element} (<{name}>)", element=_ELEMENTS[local], name=name))
        for attribute, value in attrs.items():
            problem = _attribute_problem(local, attribute, value)
            if problem:
                self._refuse(problem)

    def endElement(self, name: str) -> None:
        self.styles -= name.rpartition(":")[2].lower() == "style"

    def characters(self, content: str) -> None:
        if self.styles and _OUTSIDE_CSS.search(content):
            self._refuse(say("has a style that loads a file (url(…) or @import)"))

    def _refuse(self, what: str) -> None:
        raise _Refusal(self.locator.getLineNumber(), what)


def _attribute_problem(element: str, attribute: str, value: str) -> str | None:
    name = attribute.rpartition(":")[2].lower()
    address = _IGNORED.sub("", value).lower()
    if name.startswith("on"):
        return say("has an event handler ({attribute}=…), which is script", attribute=attribute)
    if "javascript:" in address or "vbscript:" in address:
        return say("has a script address in {attribute}", attribute=attribute)
    if (
        element in _ANIMATIONS
        and name == "attributename"
        and value.strip().lower()
        in (
            "href",
            "xlink:href",
        )
    ):
        return say(
            "has an animation that changes a link (<{element} attributeName={value}>)",
            element=element,
            value=value,
        )
    if name == "href" and value.strip() and not _INSIDE.match(value.strip()):
        return say(
            ('names another file or address ({attribute}="{value}")'),
            attribute=attribute,
            value=value[:60],
        )
    if name == "style" and _OUTSIDE_CSS.search(value):
        return say("has a style that loads a file (url(…) or @import)")
    return None


def check_svg(path: Path, rel: str, report: Report) -> None:
    """Report what in the drawing at `path` is not a drawing's (see the docstring)."""
    size = path.stat().st_size
    if size > SVG_LIMIT:
        report.add(
            rel,
            None,
            say(
                "the drawing is {size} MB; an SVG can be at most {limit} MB",
                size=f"{size / 1_000_000:.1f}",
                limit=SVG_LIMIT // 1_000_000,
            ),
            say("simplify it in the program that made it, or save it as a PNG picture"),
        )
        return
    try:
        parseString(path.read_bytes(), _Drawing(), forbid_dtd=True)
    except _Refusal as refusal:
        report.add(rel, refusal.line, say("the drawing {what}", what=refusal.what), _FIX)
    except DefusedXmlException:
        report.add(rel, None, say("the drawing declares entities or a DTD (<!DOCTYPE …>)"), _FIX)
    except xml.sax.SAXParseException as error:
        report.add(
            rel,
            error.getLineNumber(),
            say("the drawing cannot be read as SVG ({error})", error=error.getMessage()),
            _FIX,
        )
