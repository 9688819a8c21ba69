"""Word .docx: one text line per paragraph (tables after the body, then the parts beyond
it: headers, footers, text boxes, notes, comments), read by python-docx after the zip's
parts are checked against inflation caps."""

from __future__ import annotations

import zipfile
from pathlib import Path

from aislop.document import Document
from aislop.loaders.docx_parts import header_footer_sections, note_sections, pictures, text_box_sections
from aislop.loaders.embedded import embedded_image
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.sections import Section, sections_document
from aislop.loaders.zipguard import refuse_zip_bomb


def load_docx(path: Path, relpath: str, images: bool = False) -> list[Document]:
    """A .docx: one text line per body paragraph (line N = paragraph N, tables after the
    body), then headers, footers, text boxes, notes and comments as parts of their own;
    with ``images``, one image Document per placed picture."""
    try:
        refuse_zip_bomb(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise UnreadableFile(f"not a valid .docx (zip) file: {exc}") from exc
    import docx

    try:
        document = docx.Document(str(path) if isinstance(path, Path) else path)  # or bytes in memory (remote.py)
    except Exception as exc:  # python-docx raises many types for a broken package
        raise UnreadableFile(f"not a valid .docx file: {exc}") from exc
    sections: list[Section] = [("paragraph {n}", [_item(p) for p in _body_paragraphs(document)])]
    sections += header_footer_sections(document)
    sections += text_box_sections(document.element.body)
    sections += note_sections(document)
    doc = sections_document(path, relpath, "docx", sections)
    docs = [doc]
    for picture in pictures(document) if images else ():
        item = embedded_image(path, relpath, "", picture.name, picture.data, picture.placed_in, picture.alt)
        if item is not None:
            docs.append(item)
    return docs


def _body_paragraphs(document) -> list:
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    return paragraphs


def _item(paragraph) -> tuple[str, str, int]:
    """(kind, text, level) of a body paragraph, from its style."""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    text = paragraph.text.replace("\n", " ").replace("\r", " ")
    if style.lower().startswith(("heading", "title")):
        return "heading", text, int(style.split()[-1]) if style.split()[-1].isdigit() else 1
    if "list" in style.lower():
        return "list_item", text, 0
    return ("quote" if "quote" in style.lower() else "paragraph"), text, 0
