"""Plain text and reStructuredText: paragraphs split by blank lines, rst markup blanked."""

from __future__ import annotations

import re

from aislop.document import Block, Document, mask
from aislop.loaders.suppressions import COMMENT_DIRECTIVE
from aislop.loaders.text import URL_RE

_RST_LITERAL_RE = re.compile(r"::[ \t]*\n(?:[ \t]*\n)*((?:(?:[ \t]+[^\n]*)?\n)+)", re.M)
_RST_DIRECTIVE_RE = re.compile(r"^\.\.[ \t]+[^\n]*\n(?:(?:[ \t]+[^\n]*)?\n)*", re.M)
_RST_DOCTEST_RE = re.compile(r"^[ \t]*>>>[^\n]*(?:\n[ \t]*\S[^\n]*)*", re.M)
_RST_INLINE_RE = re.compile(r"``[^`\n]+``|:[a-z:]+:`[^`\n]+`|`[^`\n]+`_{0,2}")


def load_plain(doc: Document) -> Document:
    """Plain text and reStructuredText: paragraphs split by blank lines."""
    source = doc.source
    masked: list[tuple[int, int]] = []
    urls: list[tuple[int, int]] = []
    headings: set[int] = set()
    if doc.format == "rst":
        masked += [(m.start(1), m.end(1)) for m in _RST_LITERAL_RE.finditer(source)]
        masked += [(m.start(), m.end()) for m in _RST_DIRECTIVE_RE.finditer(source)]
        masked += [(m.start(), m.end()) for m in _RST_DOCTEST_RE.finditer(source)]
        masked += [(m.start(), m.end()) for m in _RST_INLINE_RE.finditer(source)]
        for m in re.finditer(r"^([^\n]+)\n([=\-~^\"'`#*+]{3,})[ \t]*$", source, re.M):
            if len(m.group(2)) >= len(m.group(1).strip()):
                headings.add(m.start(1))
                masked.append((m.start(2), m.end(2)))
    for m in URL_RE.finditer(source):
        masked.append((m.start(), m.end()))
        urls.append((m.start(), m.end()))
    masked += [(m.start(), m.end()) for m in COMMENT_DIRECTIVE.finditer(source)]
    text = mask(source, masked)
    blocks = []
    for m in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        start, end = m.start(), m.end() - (1 if m.group().endswith("\n") else 0)
        if start in headings:
            blocks.append(Block("heading", start, end, level=1))
            continue
        title = _HANGING_TITLE.match(text, start, end) if doc.format == "text" else None
        if title:  # man-page / pod2text layout: "FOOTNOTES" over an indented body
            blocks.append(Block("heading", start, title.end(1), level=1))
            start = title.end() - len(title.group(2))
        blocks.append(Block("paragraph", start, end))
    doc.text, doc.blocks, doc.urls = text, blocks, urls
    return doc


# An unindented short line without closing punctuation, directly over indented lines.
_HANGING_TITLE = re.compile(r"([A-Za-z][^\n.!?,;:]{0,60}[A-Za-z0-9)])[ \t]*\n([ \t]+\S)")
