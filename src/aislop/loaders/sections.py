"""Formats made of labelled parts (slides and their notes, a letter's headers and
footnotes, OpenDocument paragraphs): one prose Document, one text line per paragraph, each
part located by its label through ``Document.origins``."""

from __future__ import annotations

from pathlib import Path

from aislop.document import Block, Document, Origin, mask
from aislop.loaders.text import URL_RE

# (label, [(kind, text, level)]): kind is paragraph, heading, list_item, table or quote.
Section = tuple[str, list[tuple[str, str, int]]]


def sections_document(path: Path, relpath: str, fmt: str, sections: list[Section]) -> Document:
    """One prose Document for labelled sections of paragraphs. Line N of a section is its
    paragraph N, located by the section's label; a label with ``{n}`` (``paragraph {n}``)
    numbers the paragraphs themselves instead, each located by its own number."""
    lines: list[str] = []
    origins: list[Origin] = []
    blocks: list[Block] = []
    offset = 0
    for label, items in sections:
        if not items:
            continue
        numbered = "{n}" in label
        if not numbered:
            origins.append(Origin(text_line=len(lines) + 1, line=1, label=label))
        for number, (kind, text, level) in enumerate(items, start=1):
            if numbered:
                origins.append(Origin(text_line=len(lines) + 1, line=number, label=label.format(n=number)))
            stripped = text.strip()
            if stripped:
                start = offset + len(text) - len(text.lstrip())
                quoted = kind == "quote"  # someone else's words (a Quote style)
                blocks.append(Block("paragraph" if quoted else kind, start, start + len(stripped),
                                    level=level if kind == "heading" else 0, quoted=quoted))
            lines.append(text)
            offset += len(text) + 1
        lines.append("")  # sections never run into each other
        offset += 1
    text = "\n".join(lines)
    doc = Document(path=path, relpath=relpath, kind="prose", format=fmt, source=text, origins=origins)
    doc.urls = [(m.start(), m.end()) for m in URL_RE.finditer(text)]
    doc.text = mask(text, doc.urls)
    doc.blocks = blocks
    return doc
