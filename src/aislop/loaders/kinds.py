"""Which files aislop reads, and as what: prose, code or image, by suffix."""

from __future__ import annotations

from pathlib import Path

PROSE_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".rst": "rst",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".ipynb": "ipynb",
    ".pdf": "pdf",
    ".pptx": "pptx",
    ".odt": "odt",
    ".odp": "odp",
    ".epub": "epub",
}
# Packaged formats: a finding's line is a page's, a slide's or a part's, not the file's (git sees
# a binary file), and their pictures are read as images of their own.
DOCUMENT_SUFFIXES = frozenset({".docx", ".pdf", ".pptx", ".odt", ".odp", ".epub"})
CODE_SUFFIXES = {".py": "python"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg", ".ai"}


def kind_of(path: Path) -> str:
    """prose | code | image | other, by suffix (notebooks count as prose and hold code too)."""
    suffix = path.suffix.lower()
    if suffix in PROSE_SUFFIXES:
        return "prose"
    if suffix in CODE_SUFFIXES:
        return "code"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return "other"
