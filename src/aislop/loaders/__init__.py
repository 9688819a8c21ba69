"""Loaders: turn a file into one or more ``Document``s (see document.py for the prose view).

One module per format (markdown, plain, html, docx, notebook, python); decoding, suppression
parsing and the suffix tables each have their own module. ``load`` picks the loader and
imports it on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from aislop.document import Document
from aislop.loaders.decoding import decode_text, normalise_newlines
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.kinds import CODE_SUFFIXES, DOCUMENT_SUFFIXES, IMAGE_SUFFIXES, PROSE_SUFFIXES, kind_of
from aislop.loaders.suppressions import comment_suppressions

__all__ = [
    "CODE_SUFFIXES", "DOCUMENT_SUFFIXES", "IMAGE_SUFFIXES", "PROSE_SUFFIXES", "UnreadableFile",
    "decode_text", "kind_of", "load",
]  # fmt: skip

# Each format's loader, imported the first time a file of that format is loaded: a scan of
# Markdown does not import the readers of PDF, Word, EPUB or HTML (~0.012 CPU s a process).
_LOADERS = {
    "illustrator": ("aislop.loaders.pdf", "load_illustrator"),
    "docx": ("aislop.loaders.docx", "load_docx"),
    "pdf": ("aislop.loaders.pdf", "load_pdf"),
    "pptx": ("aislop.loaders.pptx", "load_pptx"),
    "odf": ("aislop.loaders.odf", "load_odf"),
    "epub": ("aislop.loaders.epub", "load_epub"),
    "notebook": ("aislop.loaders.notebook", "load_notebook"),
    "python": ("aislop.loaders.python", "load_python"),
    "markdown": ("aislop.loaders.markdown", "load_markdown"),
    "text": ("aislop.loaders.plain", "load_plain"),
    "rst": ("aislop.loaders.plain", "load_plain"),
    "html": ("aislop.loaders.html", "load_html"),
}


def _loader(name: str) -> Callable:
    module, function = _LOADERS[name]
    return getattr(importlib.import_module(module), function)


def load(path: Path, relpath: str, data: bytes | None = None) -> list[Document]:
    """Load ``path`` into Documents. Raises ``UnreadableFile`` with a user-facing reason."""
    kind = kind_of(path)
    suffix = path.suffix.lower()
    if suffix == ".ai":
        return _loader("illustrator")(path, relpath)
    if kind == "image":
        return [Document(path=path, relpath=relpath, kind="image", format=suffix[1:])]
    if suffix == ".docx":
        return _loader("docx")(path, relpath, images=True)
    if suffix == ".pdf":
        return _loader("pdf")(path, relpath, data)
    if suffix == ".pptx":
        return _loader("pptx")(path, relpath, images=True)
    if suffix in (".odt", ".odp"):
        return _loader("odf")(path, relpath, images=True)
    if suffix == ".epub":
        return _loader("epub")(path, relpath)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from exc
    if suffix == ".ipynb":
        return _loader("notebook")(path, relpath, data)
    if kind == "code":
        return [_loader("python")(path, relpath, data)]
    if kind == "prose":
        fmt = PROSE_SUFFIXES[suffix]
        source = normalise_newlines(decode_text(data))
        doc = Document(path=path, relpath=relpath, kind="prose", format=fmt, source=source)
        _loader(fmt)(doc)
        doc.suppressions = comment_suppressions(doc)
        return [doc]
    return []
