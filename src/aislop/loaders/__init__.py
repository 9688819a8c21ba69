"""Loaders: turn a file into one or more ``Document``s (see document.py for the prose view).

One module per format (markdown, plain, html, docx, notebook, python); decoding, suppression
parsing and the suffix tables each have their own module. ``load`` picks the loader.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aislop.document import Document
from aislop.loaders.decoding import decode_text, normalise_newlines
from aislop.loaders.docx import load_docx
from aislop.loaders.epub import load_epub
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.html import load_html
from aislop.loaders.kinds import CODE_SUFFIXES, DOCUMENT_SUFFIXES, IMAGE_SUFFIXES, PROSE_SUFFIXES, kind_of
from aislop.loaders.markdown import load_markdown
from aislop.loaders.notebook import load_notebook
from aislop.loaders.odf import load_odf
from aislop.loaders.pdf import load_illustrator, load_pdf
from aislop.loaders.plain import load_plain
from aislop.loaders.pptx import load_pptx
from aislop.loaders.python import load_python
from aislop.loaders.suppressions import comment_suppressions

__all__ = [
    "CODE_SUFFIXES", "DOCUMENT_SUFFIXES", "IMAGE_SUFFIXES", "PROSE_SUFFIXES", "UnreadableFile",
    "decode_text", "kind_of", "load",
]  # fmt: skip

_PROSE_LOADERS: dict[str, Callable[[Document], Document]] = {
    "markdown": load_markdown,
    "text": load_plain,
    "rst": load_plain,
    "html": load_html,
}


def load(path: Path, relpath: str, data: bytes | None = None) -> list[Document]:
    """Load ``path`` into Documents. Raises ``UnreadableFile`` with a user-facing reason."""
    kind = kind_of(path)
    suffix = path.suffix.lower()
    if suffix == ".ai":
        return load_illustrator(path, relpath)
    if kind == "image":
        return [Document(path=path, relpath=relpath, kind="image", format=suffix[1:])]
    if suffix == ".docx":
        return load_docx(path, relpath, images=True)
    if suffix == ".pdf":
        return load_pdf(path, relpath, data)
    if suffix == ".pptx":
        return load_pptx(path, relpath, images=True)
    if suffix in (".odt", ".odp"):
        return load_odf(path, relpath, images=True)
    if suffix == ".epub":
        return load_epub(path, relpath)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from exc
    if suffix == ".ipynb":
        return load_notebook(path, relpath, data)
    if kind == "code":
        return [load_python(path, relpath, data)]
    if kind == "prose":
        fmt = PROSE_SUFFIXES[suffix]
        source = normalise_newlines(decode_text(data))
        doc = Document(path=path, relpath=relpath, kind="prose", format=fmt, source=source)
        _PROSE_LOADERS[fmt](doc)
        doc.suppressions = comment_suppressions(doc)
        return [doc]
    return []
