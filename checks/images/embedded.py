"""Pictures inside documents (``deck.pptx#slide2/image3.png``, see loaders/embedded.py) are
read by the same header and pixel code as image files, from memory (``MemoryFile``: never
written to disk). An embedded picture says it is a logo through its alt text or shape name
("Acme logo", "Logo 3"), not through its media file name (image3.png); it has no vector master
to look for beside it, so missing-vector-master and low-resolution leave it to
low-effective-ppi, which knows the size it is placed at."""

from __future__ import annotations

from pathlib import Path

from aislop.checks.images.naming import is_logo_name
from aislop.document import Document
from aislop.loaders.embedded import MemoryFile


def is_embedded(doc: Document) -> bool:
    return "data" in doc.meta


def image_source(doc: Document) -> Path | MemoryFile:
    """Where the image code reads the picture from: the file, or the bytes taken out of its document."""
    return MemoryFile(doc.meta["data"], doc.relpath) if is_embedded(doc) else doc.path


def logo_label(doc: Document) -> str:
    """The name that says what the picture is: the file's path, or an embedded picture's alt
    text made into a file name ("Acme logo" -> "Acme logo.png")."""
    if not is_embedded(doc):
        return doc.relpath
    alt = str(doc.meta.get("alt") or "").replace("/", " ").strip()
    return f"{alt}.png" if alt else "picture.png"


def names_a_logo(doc: Document) -> bool:
    return is_logo_name(logo_label(doc))
