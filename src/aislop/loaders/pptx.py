"""PowerPoint (.pptx) through python-pptx: slide titles, text frames, tables, grouped shapes
and speaker notes, each slide located as ``slide N`` (``slide N notes`` for the notes).

One text line per paragraph: a finding's line is the paragraph's number on its slide (or in
its notes). A hidden slide is read like any other and its location says so (``slide 4
(hidden)``): hidden slides still travel with the file the client receives. Pictures become
image documents of their own (``deck.pptx#slide2/image3.png``) with their placed size.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from aislop.document import Document
from aislop.loaders.embedded import embedded_image
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.sections import Section, sections_document
from aislop.loaders.zipguard import refuse_zip_bomb

EMU_PER_INCH = 914400
MAX_EMBEDDED_IMAGES = 40


@dataclass
class Picture:
    """A picture placed on a slide: its file inside the package and its placed size."""

    slide: int
    name: str  # the media file name (image2.png)
    data: bytes
    placed_in: tuple[float, float] | None
    alt: str  # the shape's name and description (alt text)


def _paragraphs(frame) -> Iterator[tuple[str, int]]:
    for paragraph in frame.paragraphs:
        text = "".join(run.text for run in paragraph.runs) if paragraph.runs else paragraph.text
        yield text.replace("\n", " ").replace("\r", " ").replace("\x0b", " "), paragraph.level


def _shapes(shapes, depth: int = 0) -> Iterator:
    """Every shape, groups opened (at most 32 deep: nothing real nests further)."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            if depth < 32:
                yield from _shapes(shape.shapes, depth + 1)
        else:
            yield shape


def _picture(shape, slide: int) -> Picture | None:
    try:
        image = shape.image
    except (AttributeError, KeyError, ValueError):
        return None  # a linked (not embedded) picture or a shape with no image
    element = getattr(shape, "_element", None)
    descr = ""
    if element is not None:
        props = element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr")
        if props is not None:
            descr = props.get("descr", "") or ""
    placed = None
    if shape.width and shape.height:
        placed = (shape.width / EMU_PER_INCH, shape.height / EMU_PER_INCH)
    name = PurePosixPath(image.filename or f"image.{image.ext}").name
    try:
        partname = PurePosixPath(str(shape.part.related_part(shape._element.blip_rId).partname)).name  # type: ignore[attr-defined]
        name = partname or name
    except (AttributeError, KeyError):
        pass
    return Picture(slide, name, image.blob, placed, f"{shape.name} {descr}".strip())


def read_pptx(path: Path) -> tuple[list[Section], list[Picture]]:
    """[(location, [(kind, text, level)])] per slide and per notes page, and the pictures."""
    import pptx

    presentation = pptx.Presentation(str(path) if isinstance(path, Path) else path)  # or bytes in memory (remote.py)
    sections: list[Section] = []
    pictures: list[Picture] = []
    for number, slide in enumerate(presentation.slides, start=1):
        hidden = slide._element.get("show") in ("0", "false")
        label = f"slide {number}" + (" (hidden)" if hidden else "")
        items: list[tuple[str, str, int]] = []
        title = slide.shapes.title
        title_id = title.shape_id if title is not None else None
        if title is not None and title.has_text_frame:
            items += [("heading", text, 1) for text, _ in _paragraphs(title.text_frame)]
        for shape in _shapes(slide.shapes):
            if shape.shape_id == title_id and title is not None and shape.has_text_frame:
                continue
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        items += [("table", text, 0) for text, _ in _paragraphs(cell.text_frame)]
            elif shape.has_text_frame:
                items += [("list_item" if level else "paragraph", text, level) for text, level in _paragraphs(shape.text_frame)]
            elif len(pictures) < MAX_EMBEDDED_IMAGES and (picture := _picture(shape, number)) is not None:
                pictures.append(picture)
        sections.append((label, items))
        if slide.has_notes_slide and (notes := slide.notes_slide.notes_text_frame) is not None:
            sections.append((f"{label} notes", [("paragraph", text, 0) for text, _ in _paragraphs(notes)]))
    return sections, pictures


def load_pptx(path: Path, relpath: str, images: bool = False) -> list[Document]:
    """The deck's prose Document, then (with ``images``) one image Document per picture."""
    try:
        refuse_zip_bomb(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise UnreadableFile(f"not a valid .pptx (zip) file: {exc}") from exc
    try:
        sections, pictures = read_pptx(path)
    except UnreadableFile:
        raise
    except Exception as exc:  # python-pptx raises many types for a broken package
        raise UnreadableFile(f"not a valid .pptx file: {exc}") from exc
    doc = sections_document(path, relpath, "pptx", sections)
    docs = [doc]
    for picture in pictures if images else ():
        item = embedded_image(path, relpath, f"slide{picture.slide}", picture.name, picture.data, picture.placed_in, picture.alt)
        if item is not None:
            docs.append(item)
    return docs
