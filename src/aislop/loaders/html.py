"""HTML: the visible text of block elements; tags, scripts, styles and code blanked in place."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

from aislop.document import Block, Document, mask
from aislop.loaders.html_refs import decode_references
from aislop.loaders.text import trim_block

_HTML_BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "figcaption", "caption"}
_HTML_HIDDEN_TAGS = {"script", "style", "head", "template", "noscript", "pre", "code", "tt", "kbd", "samp", "var", "svg"}


class _VisibleText(HTMLParser):
    """Finds, by offset, the tags and hidden elements to blank and the blocks of visible text."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.masked: list[tuple[int, int]] = []
        self.blocks: list[Block] = []
        self.urls: list[tuple[int, int]] = []
        self.hidden: list[tuple[str, int]] = []
        self.open_blocks: list[tuple[str, int, int, int | None]] = []
        self.lists: list[int | None] = []  # per open <ol>: the last item number; None for <ul>
        self.quote_depth = 0

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """CPython before 3.13 raises AssertionError on a malformed ``<![`` (``<![\n``):
        read such a fragment as text instead of failing the file."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.handle_data(self.rawdata[i : i + 3])
            return i + 3

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _tag_end(self, start: int) -> int:
        end = self.source.find(">", start)
        return len(self.source) if end < 0 else end + 1

    def handle_starttag(self, tag, attrs):
        start = self._pos()
        text = self.get_starttag_text() or ""
        end = start + len(text) if text else self._tag_end(start)
        self.masked.append((start, end))
        for name, value in attrs:
            if name in ("href", "src") and value and value.startswith(("http", "www.")):
                at = self.source.find(value, start, end)
                if at >= 0:
                    self.urls.append((at, at + len(value)))
        if tag in _HTML_HIDDEN_TAGS and not text.endswith("/>"):
            self.hidden.append((tag, start))
        if tag == "blockquote":
            self.quote_depth += 1
        ordinal = None
        if tag in ("ol", "ul"):
            first = dict(attrs).get("start") if tag == "ol" else None
            self.lists.append((int(first) - 1 if first and first.strip().isdigit() else 0) if tag == "ol" else None)
        elif tag == "li" and self.lists and self.lists[-1] is not None:
            value = dict(attrs).get("value")
            self.lists[-1] = int(value) if value and value.strip().isdigit() else self.lists[-1] + 1
            ordinal = self.lists[-1]
        if tag in _HTML_BLOCK_TAGS:
            level = int(tag[1]) if tag[0] == "h" and tag[1:].isdigit() else 0
            self.open_blocks.append((tag, end, level, ordinal))

    def handle_endtag(self, tag):
        start = self._pos()
        end = self._tag_end(start)
        self.masked.append((start, end))
        for i in range(len(self.hidden) - 1, -1, -1):
            if self.hidden[i][0] == tag:
                self.masked.append((self.hidden[i][1], end))
                del self.hidden[i:]
                break
        if tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        for i in range(len(self.open_blocks) - 1, -1, -1):
            if self.open_blocks[i][0] == tag:
                _, bstart, level, ordinal = self.open_blocks.pop(i)
                kind = "heading" if level else {"li": "list_item", "td": "table", "th": "table"}.get(tag, "paragraph")
                self.blocks.append(Block(kind, bstart, start, level=level, quoted=self.quote_depth > 0, ordinal=ordinal))
                break

    def handle_comment(self, data):
        start = self._pos()
        end = self.source.find("-->", start)
        self.masked.append((start, len(self.source) if end < 0 else end + 3))

    def handle_decl(self, decl):
        start = self._pos()
        self.masked.append((start, self._tag_end(start)))

    handle_pi = handle_decl


def _innermost(blocks: list[Block]) -> list[Block]:
    """Nested HTML blocks (<p> in <li> in <td>) as non-overlapping pieces, each owned by the
    innermost block around it, so no text is checked twice. One sweep over the boundaries."""
    bounds = sorted({b.start for b in blocks} | {b.end for b in blocks})
    starting: dict[int, list[Block]] = {}
    for block in sorted(blocks, key=lambda b: (b.start, -b.end)):
        starting.setdefault(block.start, []).append(block)
    pieces: list[tuple[Block, int, int]] = []  # (owner, start, end)
    open_blocks: list[Block] = []
    for left, right in zip(bounds, bounds[1:]):
        open_blocks.extend(starting.get(left, ()))
        while open_blocks and open_blocks[-1].end <= left:
            open_blocks.pop()
        owner = next((b for b in reversed(open_blocks) if b.end > left), None)
        if owner is None:
            continue
        if pieces and pieces[-1][0] is owner and pieces[-1][2] == left:
            pieces[-1] = (owner, pieces[-1][1], right)
        else:
            pieces.append((owner, left, right))
    return [replace(owner, start=start, end=end) for owner, start, end in pieces]


def load_html(doc: Document) -> Document:
    parser = _VisibleText(doc.source)
    parser.feed(doc.source)
    parser.close()
    for _, start in parser.hidden:  # unclosed <script> etc.: hide to the end
        parser.masked.append((start, len(doc.source)))
    text = mask(doc.source, parser.masked)
    # Character references are decoded last, in visible text only; spans found in the file
    # move to the decoded text and Document.shifts keeps columns those of the file.
    doc.source, doc.text, doc.shifts, moved = decode_references(doc.source, text)
    blocks = [replace(b, start=moved(b.start), end=moved(b.end)) for b in _innermost(parser.blocks)]
    pieces = [trim_block(b, doc.text) for b in blocks]
    doc.blocks = [b for b in pieces if doc.text[b.start : b.end].strip()]
    doc.urls = [(moved(a), moved(b)) for a, b in parser.urls]
    return doc
