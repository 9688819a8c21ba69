"""The parts of a .docx beyond the body that a client still reads: headers, footers, text
boxes, footnotes, endnotes and comments, and the pictures placed in the document.

python-docx covers headers and footers; footnotes, endnotes and comments are read from
their XML parts with python-docx's own parser (entity resolution off). Each part is one
section located by its name (``header``, ``footnote 2``, ``comment 1``), its lines being
its paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from aislop.loaders.sections import Section

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
EMU_PER_INCH = 914400
MAX_EMBEDDED_IMAGES = 40



def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def paragraph_text(p) -> str:
    """The text of a w:p as it reads (tabs and breaks as spaces; deleted text left out)."""
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == _q(W, "t"):
            parts.append(node.text or "")
        elif tag in (_q(W, "tab"), _q(W, "br"), _q(W, "cr")):
            parts.append(" ")
        elif tag == _q(W, "noBreakHyphen"):
            parts.append("-")
    return "".join(parts).replace("\n", " ").replace("\r", " ")


def _inside(node, tag: str, stop) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _paragraphs(element, *, skip_text_boxes: bool = True) -> list[tuple[str, str, int]]:
    items = []
    for p in element.iter(_q(W, "p")):
        if skip_text_boxes and _inside(p, _q(W, "txbxContent"), element):
            continue
        items.append(("paragraph", paragraph_text(p), 0))
    return items


def header_footer_sections(document) -> list[Section]:
    """Headers and footers of every section; a part linked to the previous one is read once."""
    sections: list[Section] = []
    seen: set[int] = set()
    for number, section in enumerate(document.sections, start=1):
        for attr, name in (
            ("header", "header"), ("first_page_header", "first-page header"), ("even_page_header", "even-page header"),
            ("footer", "footer"), ("first_page_footer", "first-page footer"), ("even_page_footer", "even-page footer"),
        ):
            part = getattr(section, attr)
            if part.is_linked_to_previous:
                continue
            element = part._element
            if id(element) in seen:
                continue
            seen.add(id(element))
            label = name if len(document.sections) == 1 else f"{name} (section {number})"
            items = _paragraphs(element)
            if any(text.strip() for _, text, _ in items):
                sections.append((label, items))
    return sections


def text_box_sections(body) -> list[Section]:
    """Text boxes in the body: each w:txbxContent once (Word writes a VML fallback copy)."""
    sections: list[Section] = []
    for number, box in enumerate(
        (b for b in body.iter(_q(W, "txbxContent")) if not _inside(b, _q(MC, "Fallback"), body)), start=1
    ):
        items = _paragraphs(box, skip_text_boxes=False)
        if any(text.strip() for _, text, _ in items):
            sections.append((f"text box {number}", items))
    return sections


def _related_xml(document, reltype_tail: str):
    from docx.oxml import parse_xml

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/" + reltype_tail) and not rel.is_external:
            return parse_xml(rel.target_part.blob)
    return None


def note_sections(document) -> list[Section]:
    """Footnotes, endnotes and comments, each located by its number."""
    sections: list[Section] = []
    for reltype, tag, name in (("footnotes", "footnote", "footnote"), ("endnotes", "endnote", "endnote"),
                               ("comments", "comment", "comment")):
        root = _related_xml(document, reltype)
        if root is None:
            continue
        number = 0
        for note in root.iter(_q(W, tag)):
            if note.get(_q(W, "type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            number += 1
            items = _paragraphs(note)
            if any(text.strip() for _, text, _ in items):
                label = f"{name} {number}"
                author = note.get(_q(W, "author"))
                sections.append((f"{label} by {author}" if author and tag == "comment" else label, items))
    return sections


@dataclass
class DocxPicture:
    where: str  # "paragraph 4" or the part it sits in
    name: str  # media file name (image1.png)
    data: bytes
    placed_in: tuple[float, float] | None
    alt: str


def pictures(document) -> Iterator[DocxPicture]:
    """Pictures drawn in the body (inline or floating) with their extent in inches."""
    body = document.element.body
    part = document.part
    count = 0
    number = 0
    for p in body.iter(_q(W, "p")):
        if _inside(p, _q(W, "txbxContent"), body):
            continue
        number += 1
        for drawing in p.iter(_q(WP, "inline"), _q(WP, "anchor")):
            blip = next(drawing.iter(_q(A, "blip")), None)
            rid = blip.get(_q(R, "embed")) if blip is not None else None
            if not rid:
                continue
            try:
                image_part = part.related_parts[rid]
            except KeyError:
                continue
            extent = drawing.find(_q(WP, "extent"))
            placed = None
            if extent is not None:
                try:
                    cx, cy = int(extent.get("cx", "0")), int(extent.get("cy", "0"))
                    placed = (cx / EMU_PER_INCH, cy / EMU_PER_INCH) if cx > 0 and cy > 0 else None
                except ValueError:
                    placed = None
            props = drawing.find(_q(WP, "docPr"))
            alt = " ".join(x for x in ((props.get("name") or "", props.get("descr") or "") if props is not None else ()) if x)
            yield DocxPicture(f"paragraph {number}", PurePosixPath(str(image_part.partname)).name, image_part.blob, placed, alt)
            count += 1
            if count >= MAX_EMBEDDED_IMAGES:
                return
