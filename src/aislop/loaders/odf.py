"""OpenDocument text (.odt) and presentations (.odp), what LibreOffice writes.

content.xml is parsed with defusedxml, which refuses entity declarations (a "billion
laughs" or an external entity never expands). Text documents: headings, paragraphs, list
items, table cells and text in frames, in document order, one text line each and located as
``paragraph N``; comments as ``comment N``. Presentations: each page's frames as ``slide N``,
its notes as ``slide N notes`` (a hidden slide as ``slide N (hidden)``). Pictures become image documents of their own
(``letter.odt#Pictures/logo.png``) with the size the document places them at.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from aislop.document import Document
from aislop.loaders.embedded import embedded_image
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.sections import Section, sections_document
from aislop.loaders.zipguard import refuse_zip_bomb

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
PRESENTATION = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
XLINK = "http://www.w3.org/1999/xlink"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
MAX_CONTENT_BYTES = 50 * 1024 * 1024
MAX_EMBEDDED_IMAGES = 40
MAX_PICTURE_BYTES = 20 * 1024 * 1024
_UNITS = {"in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "pt": 1 / 72, "pc": 1 / 6, "px": 1 / 96}
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(in|cm|mm|pt|pc|px)\s*$")


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


@dataclass
class OdfPicture:
    where: str  # slide 2, or the paragraph it sits in
    name: str  # Pictures/xyz.png inside the package
    placed_in: tuple[float, float] | None
    alt: str


def inches(value: str | None) -> float | None:
    """An ODF length ("3in", "7.62cm") in inches."""
    match = _LENGTH.match(value or "")
    return float(match.group(1)) * _UNITS[match.group(2)] if match else None


def parse_content(data: bytes):
    """The root of content.xml; entity declarations and DTDs are refused."""
    from defusedxml import ElementTree

    return ElementTree.fromstring(data, forbid_dtd=True)


def inline_text(element, skip_notes: bool = True) -> str:
    """The text of a paragraph as it reads: spaces (text:s), tabs and line breaks kept,
    notes, frames and comments left out (they are read as their own items)."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == _q(TEXT, "s"):
            parts.append(" " * int(child.get(_q(TEXT, "c"), "1") or 1))
        elif tag in (_q(TEXT, "tab"), _q(TEXT, "line-break")):
            parts.append(" ")
        elif tag in (_q(OFFICE, "annotation"), _q(DRAW, "frame"), _q(OFFICE, "annotation-end")) or (
            skip_notes and tag == _q(TEXT, "note")
        ):
            pass
        else:
            parts.append(inline_text(child, skip_notes))
        parts.append(child.tail or "")
    return "".join(parts).replace("\n", " ").replace("\r", " ")


def text_items(body) -> Iterator[tuple[str, str, int, str]]:
    """(section, kind, text, level) in document order; section is "" for the main text."""
    comments = 0
    notes = 0

    def walk(element, kind: str = "paragraph") -> Iterator[tuple[str, str, int, str]]:
        nonlocal comments, notes
        for child in element:
            tag = child.tag
            if tag == _q(TEXT, "h"):
                level = int(child.get(_q(TEXT, "outline-level"), "1") or 1)
                yield "", "heading", level, inline_text(child)
                yield from extras(child)
            elif tag == _q(TEXT, "p"):
                yield "", kind, 0, inline_text(child)
                yield from extras(child)
            elif tag == _q(TEXT, "list-item"):
                yield from walk(child, "list_item")
            elif tag in (_q(TABLE, "table-cell"),):
                yield from walk(child, "table")
            elif tag == _q(OFFICE, "annotation"):
                continue
            else:
                yield from walk(child, kind)

    def extras(paragraph) -> Iterator[tuple[str, str, int, str]]:
        nonlocal comments, notes
        for node in paragraph.iter():
            if node.tag == _q(OFFICE, "annotation"):
                comments += 1
                for p in node.iter(_q(TEXT, "p")):
                    yield f"comment {comments}", "paragraph", 0, inline_text(p)
            elif node.tag == _q(TEXT, "note"):
                notes += 1
                kind = "endnote" if node.get(_q(TEXT, "note-class")) == "endnote" else "footnote"
                for p in node.iter(_q(TEXT, "p")):
                    yield f"{kind} {notes}", "paragraph", 0, inline_text(p)
            elif node.tag == _q(DRAW, "text-box"):
                yield from walk(node)

    for item in walk(body):
        section, kind, level, text = item
        yield section, kind, text, level


def odt_sections(root) -> list[Section]:
    """The main text (each paragraph located as ``paragraph N``), then each comment or note."""
    body = root.find(f"{_q(OFFICE, 'body')}/{_q(OFFICE, 'text')}")
    if body is None:
        return []
    main: list[tuple[str, str, int]] = []
    extra: dict[str, list[tuple[str, str, int]]] = {}
    for section, kind, text, level in text_items(body):
        if section:
            extra.setdefault(section, []).append((kind, text, level))
        else:
            main.append((kind, text, level))
    return [("paragraph {n}", main), *extra.items()]


def odp_sections(root) -> list[Section]:
    body = root.find(f"{_q(OFFICE, 'body')}/{_q(OFFICE, 'presentation')}")
    if body is None:
        return []
    hidden = _hidden_page_styles(root)
    sections = []
    for number, page in enumerate(body.iter(_q(DRAW, "page")), start=1):
        label = f"slide {number}" + (" (hidden)" if page.get(_q(DRAW, "style-name")) in hidden else "")
        items: list[tuple[str, str, int]] = []
        notes: list[tuple[str, str, int]] = []
        for frame in page.iter(_q(DRAW, "frame")):
            title = frame.get(_q(PRESENTATION, "class")) == "title"
            target = notes if _inside_notes(page, frame) else items
            for p in frame.iter(_q(TEXT, "p")):
                target.append(("heading" if title else "paragraph", inline_text(p), 1 if title else 0))
        sections.append((label, items))
        sections.append((f"{label} notes", notes))
    return sections


def _hidden_page_styles(root) -> set[str]:
    """Names of drawing-page styles that hide a slide (presentation:visibility="hidden")."""
    names = set()
    for style in root.iter(_q(STYLE, "style")):
        props = style.find(_q(STYLE, "drawing-page-properties"))
        if props is not None and props.get(_q(PRESENTATION, "visibility")) == "hidden":
            names.add(style.get(_q(STYLE, "name")))
    return names


def _inside_notes(page, frame) -> bool:
    notes = page.find(_q(PRESENTATION, "notes"))
    return notes is not None and any(node is frame for node in notes.iter(_q(DRAW, "frame")))


def pictures(root) -> list[OdfPicture]:
    """Embedded pictures (draw:image inside a draw:frame) with their placed size."""
    found: list[OdfPicture] = []
    pages = list(root.iter(_q(DRAW, "page")))
    owners = {id(frame): f"slide{n}" for n, page in enumerate(pages, 1) for frame in page.iter(_q(DRAW, "frame"))}
    for frame in root.iter(_q(DRAW, "frame")):
        image = frame.find(_q(DRAW, "image"))
        href = image.get(_q(XLINK, "href")) if image is not None else None
        if not href or "://" in href or href.startswith("/"):
            continue
        width, height = inches(frame.get(_q(SVG, "width"))), inches(frame.get(_q(SVG, "height")))
        placed = (width, height) if width and height else None
        title = frame.findtext(_q(SVG, "title")) or ""
        desc = frame.findtext(_q(SVG, "desc")) or ""
        alt = " ".join(x for x in (frame.get(_q(DRAW, "name"), ""), title, desc) if x)
        found.append(OdfPicture(owners.get(id(frame), ""), href, placed, alt))
        if len(found) >= MAX_EMBEDDED_IMAGES:
            break
    return found


def read_member(archive: zipfile.ZipFile, name: str, cap: int = MAX_CONTENT_BYTES) -> bytes:
    """One part, inflated in 1 MB steps up to ``cap`` (the size the archive claims is not trusted)."""
    chunks: list[bytes] = []
    total = 0
    with archive.open(name) as part:
        while chunk := part.read(2**20):
            total += len(chunk)
            if total > cap:
                raise ValueError(f"{name} inflates to over {cap // 2**20} MB")
            chunks.append(chunk)
    return b"".join(chunks)


def picture_name(href: str) -> str:
    return PurePosixPath(href).name


def load_odf(path: Path, relpath: str, images: bool = False) -> list[Document]:
    """An .odt or .odp: its prose Document, then (with ``images``) one image Document per picture."""
    suffix = path.suffix.lower()
    try:
        refuse_zip_bomb(path)
        with zipfile.ZipFile(path) as archive:
            root = parse_content(read_member(archive, "content.xml"))
            found = pictures(root) if images else []
            data = {}
            for picture in found:
                try:
                    data[picture.name] = read_member(archive, picture.name, MAX_PICTURE_BYTES)
                except (KeyError, ValueError):
                    continue
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, KeyError) as exc:
        raise UnreadableFile(f"not a valid {suffix} (OpenDocument zip) file: {exc}") from exc
    except (DefusedXmlException, ParseError) as exc:  # before ValueError: defusedxml's errors are ValueErrors
        reason = "it declares XML entities or a DTD, which are refused" if isinstance(exc, DefusedXmlException) else exc
        raise UnreadableFile(f"content.xml cannot be read safely: {reason}") from exc
    except ValueError as exc:  # a part inflating past its cap
        raise UnreadableFile(str(exc)) from exc
    sections = odp_sections(root) if suffix == ".odp" else odt_sections(root)
    doc = sections_document(path, relpath, suffix[1:], sections)
    docs = [doc]
    for picture in found:
        where = picture.where or "Pictures"
        item = embedded_image(path, relpath, where, picture_name(picture.name), data.get(picture.name, b""),
                              picture.placed_in, picture.alt)
        if item is not None:
            docs.append(item)
    return docs
