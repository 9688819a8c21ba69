"""Loaders: turn a file into one or more ``Document``s (see document.py for the prose view).

Markdown structure comes from markdown-it-py (block tokens and their line maps); inside a
block the few inline constructs that are not prose (code spans, URLs, link syntax, emphasis
markers, inline HTML) are blanked in place so that offsets stay those of the file.
"""

from __future__ import annotations

import bisect
import codecs
import io
import json
import re
import tokenize
import zipfile
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from aislop.document import Block, Document, Origin, Suppression, mask

PROSE_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".rst": "rst",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".ipynb": "ipynb",
}
CODE_SUFFIXES = {".py": "python"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg"}

MAX_DOCX_XML_BYTES = 50 * 1024 * 1024  # inflated size cap for a docx's XML parts (.xml, .rels)
MAX_DOCX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts together: python-docx reads every part whole


class UnreadableFile(Exception):
    """The file cannot be turned into a Document; the message is the reason shown to the user."""


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


# ---------------------------------------------------------------------------- decoding
def decode_text(data: bytes) -> str:
    """Decode text: UTF-8 (with or without BOM), UTF-16 by BOM, then charset detection.

    Legacy 8-bit text is decoded (latin-1 as the last resort), never rejected; content that
    is plainly binary is refused, because linting it as prose would only produce noise.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")  # a truncated last unit is not worth refusing the file
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise UnreadableFile("binary content, not text")
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:262144]))
    best = matches[0] if matches else None
    # Short Western text fits several code pages equally well (cp1257 won for "Café crème",
    # giving "crčme"): among near-ties, the common Windows-1252 / Latin-1 reading wins.
    western = [m for m in matches if m.encoding in ("cp1252", "latin_1") and m.chaos <= best.chaos + 0.1]
    if western and best.coherence - western[0].coherence <= 0.1:
        best = western[0]
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("latin-1")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.1


def _normalise_newlines(text: str) -> str:
    # \r\n -> \n keeps positions per line; columns are the same for the user.
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------- suppressions
# Unclosed openers must not make a regex rescan to the end of the text from each one
# (quadratic on hostile one-line files): comment and tag bodies stop at the next opener,
# link text at the next bracket, destinations at the next unbalanced parenthesis.
_COMMENT_DIRECTIVE = re.compile(r"<!--\s*aislop\s*:\s*(ignore|off|on)\b((?:(?!<!--).)*?)-->", re.I | re.S)
_PY_DIRECTIVE = re.compile(r"#\s*aislop\s*:\s*ignore\b(?:\[([^\]]*)\])?", re.I)


def _rule_set(raw: str) -> frozenset[str]:
    return frozenset(p.strip().lower() for p in re.split(r"[,\s\[\]]+", raw) if p.strip())


def comment_suppressions(doc: Document) -> list[Suppression]:
    """``<!-- aislop: ignore R1, R2 -->`` (next block) and ``off`` ... ``on`` regions."""
    result: list[Suppression] = []
    off_from: tuple[int, frozenset[str]] | None = None
    for match in _COMMENT_DIRECTIVE.finditer(doc.source):
        verb, rules = match.group(1).lower(), _rule_set(match.group(2))
        line = doc.position(match.start())[0]
        if verb == "off" and off_from is None:
            off_from = (line, rules)
        elif verb == "on" and off_from is not None:
            result.append(Suppression(off_from[0], line, off_from[1]))
            off_from = None
        elif verb == "ignore":
            target = doc.block_at(match.start()) or next(
                (b for b in doc.blocks if b.start >= match.end()), None
            )
            if target is not None:
                first = doc.position(target.start)[0]
                last = doc.position(max(target.end - 1, target.start))[0]
                result.append(Suppression(first, last, rules))
    if off_from is not None:
        result.append(Suppression(off_from[0], 10**9, off_from[1]))
    return result


# libcst's native parser recurses per nesting level and overflows the C stack (a segfault
# that kills the process, not an exception) past ~1200 nested brackets or ~6600 chained
# operators, so such source is refused before any check parses it. CPython itself refuses
# more than 200 nested brackets.
MAX_PYTHON_BRACKETS = 200
MAX_PYTHON_RUN = 3000  # tokens in one comma-separated item, summed over the open brackets


def python_tokens(source: str) -> list[tokenize.TokenInfo]:
    """The tokens of ``source`` up to the first tokenizer error (never raises)."""
    tokens: list[tokenize.TokenInfo] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            tokens.append(tok)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return tokens


def refuse_deep_python(tokens: list[tokenize.TokenInfo]) -> None:
    """Raise UnreadableFile when a statement is nested or chained too deeply to parse safely."""
    runs = [0]  # tokens in the current item at each open bracket level
    total = 0
    for tok in tokens:
        if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER) or tok.string == ";" and len(runs) == 1:
            runs, total = [0], 0
            continue
        if tok.type in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            continue
        if tok.type == tokenize.OP and tok.string == ",":
            total -= runs[-1]
            runs[-1] = 0
            continue
        runs[-1] += 1
        total += 1
        if tok.type == tokenize.OP and tok.string in ("(", "[", "{"):
            runs.append(0)
            if len(runs) > MAX_PYTHON_BRACKETS:
                raise UnreadableFile(
                    f"brackets nested more than {MAX_PYTHON_BRACKETS} deep at line {tok.start[0]}; "
                    "too deep to parse safely"
                )
        elif tok.type == tokenize.OP and tok.string in (")", "]", "}") and len(runs) > 1:
            total -= runs.pop()
        if total > MAX_PYTHON_RUN:
            raise UnreadableFile(
                f"an expression at line {tok.start[0]} is longer than {MAX_PYTHON_RUN} tokens "
                "without a break; too deep to parse safely"
            )


def python_suppressions(source: str, tokens: list[tokenize.TokenInfo] | None = None) -> list[Suppression]:
    """``# aislop: ignore[RULE]`` at the end of a line silences that line."""
    result = []
    for tok in python_tokens(source) if tokens is None else tokens:
        if tok.type == tokenize.COMMENT and (m := _PY_DIRECTIVE.search(tok.string)):
            line = tok.start[0]
            result.append(Suppression(line, line, _rule_set(m.group(1) or "")))
    return result


# ---------------------------------------------------------------------------- markdown
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'`]*[^\s<>()\[\]\"'`.,;:!?]", re.I)
_AUTOLINK_RE = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>", re.I)
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_LINK_DEST = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_IMAGE_RE = re.compile(r"!\[[^\[\]\n]*\]" + _LINK_DEST)
_LINK_RE = re.compile(r"(\[)(?!\^)([^\[\]\n]*)(\])(" + _LINK_DEST + r"|\[[^\[\]\n]*\])")
_INLINE_HTML_RE = re.compile(r"<!--(?:(?!<!--).)*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_EMPHASIS_RE = re.compile(r"(?<![\w*_\\])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])")
_ESCAPE_RE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_LIST_MARKER_RE = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+\[[ xX]\])?(?=[ \t]|$)", re.M)
_QUOTE_MARKER_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
_HEADING_MARKER_RE = re.compile(r"^[ \t]*#{1,6}(?=[ \t]|$)|[ \t]#+[ \t]*$", re.M)
_SETEXT_RE = re.compile(r"^[ \t]*(=+|-+)[ \t]*$", re.M)
_TABLE_SYNTAX_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$|\|", re.M)


def _markdown_parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Only block structure is used (inline spans are found per block below), so the costly
    # inline pass is switched off: two thirds of the parse time.
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("inline")


_MD = None


_REF_DEF_RE = re.compile(r"^[ ]{0,3}\[([^\]\n]+)\]:[ \t]*\S", re.M)


def _inline_spans(
    source: str, start: int, end: int, urls: list[tuple[int, int]], labels: frozenset[str] = frozenset()
) -> list[tuple[int, int]]:
    """Spans inside one block that are markup or code, not prose.

    ``[text][label]`` counts as a link only when ``label`` is defined in the document, so
    adjacent citation markers such as ``[1][2]`` stay prose.
    """
    segment = source[start:end]
    spans: list[tuple[int, int]] = []
    taken: list[tuple[int, int]] = []  # disjoint; kept sorted in taken_starts / taken_ends
    taken_starts: list[int] = []
    taken_ends: list[int] = []

    def free(a: int, b: int) -> bool:
        # Disjoint spans sorted by start have sorted ends: only the last one starting before b can overlap.
        i = bisect.bisect_left(taken_starts, b) - 1
        return i < 0 or taken_ends[i] <= a

    def take(a: int, b: int) -> None:
        i = bisect.bisect_left(taken_starts, a)
        taken_starts.insert(i, a)
        taken_ends.insert(i, b)
        taken.append((a, b))

    for m in _CODE_SPAN_RE.finditer(segment):
        take(m.start(), m.end())
    for m in _AUTOLINK_RE.finditer(segment):
        if free(m.start(), m.end()):
            take(m.start(), m.end())
            urls.append((start + m.start() + 1, start + m.end() - 1))
    for m in _IMAGE_RE.finditer(segment):
        if free(m.start(), m.end()):
            take(m.start(), m.end())
    for m in _LINK_RE.finditer(segment):
        dest = m.group(4)
        if dest.startswith("[") and (dest[1:-1] or m.group(2)).strip().lower() not in labels:
            continue
        if free(m.start(), m.end()):
            spans += [(m.start(1), m.end(1)), (m.start(3), m.end(4))]
            if dest.startswith("("):
                url = dest[1:-1].strip().split(" ")[0].strip("<>")
                if url:
                    u0 = m.start(4) + 1 + dest[1:].find(url)
                    urls.append((start + u0, start + u0 + len(url)))
    for m in _INLINE_HTML_RE.finditer(segment):
        if free(m.start(), m.end()):
            spans.append((m.start(), m.end()))
    markup_overlaps = _overlap_test(spans)
    for m in _URL_RE.finditer(segment):
        if free(m.start(), m.end()) and not markup_overlaps(m.start(), m.end()):
            spans.append((m.start(), m.end()))
            urls.append((start + m.start(), start + m.end()))
    plain = mask(segment, taken + spans)
    spans += [(m.start(), m.end()) for m in _EMPHASIS_RE.finditer(plain)]
    spans += [(m.start(), m.end()) for m in _ESCAPE_RE.finditer(plain)]
    return [(start + a, start + b) for a, b in taken + spans]


def _overlap_test(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether [a, b) overlaps any of ``spans`` (which may overlap each other), in O(log n)."""
    ordered = sorted(spans)
    starts = [x for x, _ in ordered]
    reach: list[int] = []  # the furthest end among the spans up to each index
    for _, y in ordered:
        reach.append(max(y, reach[-1]) if reach else y)

    def overlaps(a: int, b: int) -> bool:
        i = bisect.bisect_left(starts, b) - 1
        return i >= 0 and reach[i] > a

    return overlaps


def load_markdown(doc: Document) -> Document:
    global _MD
    if _MD is None:
        _MD = _markdown_parser()
    source = doc.source
    line_starts = [0] + [m.end() for m in re.finditer("\n", source)] + [len(source) + 1]

    def offset(line: int) -> int:
        return min(line_starts[min(line, len(line_starts) - 1)], len(source))

    masked: list[tuple[int, int]] = []
    blocks: list[Block] = []
    urls: list[tuple[int, int]] = []
    labels = frozenset(m.group(1).strip().lower() for m in _REF_DEF_RE.finditer(source))
    covered = [False] * (len(line_starts))
    quote_depth = 0
    list_ids: list[int] = []
    next_list = 0
    pending: tuple[str, int] | None = None  # (kind, level) awaiting its inline token
    in_item = 0

    for token in _MD.parse(source):
        if token.map:
            for ln in range(token.map[0], token.map[1]):
                covered[ln] = True
        ttype = token.type
        if ttype == "blockquote_open":
            quote_depth += 1
        elif ttype == "blockquote_close":
            quote_depth -= 1
        elif ttype in ("bullet_list_open", "ordered_list_open"):
            next_list += 1
            list_ids.append(next_list)
        elif ttype in ("bullet_list_close", "ordered_list_close"):
            list_ids.pop()
        elif ttype == "list_item_open":
            in_item += 1
            pending = ("list_item", 0)
        elif ttype == "list_item_close":
            in_item -= 1
        elif ttype == "heading_open":
            pending = ("heading", int(token.tag[1:]))
        elif ttype == "paragraph_open" and pending is None:
            pending = ("paragraph", 0)
        elif ttype == "table_open" and token.map:
            a, b = offset(token.map[0]), offset(token.map[1])
            masked += [(a + m.start(), a + m.end()) for m in _TABLE_SYNTAX_RE.finditer(source[a:b])]
            masked += _inline_spans(source, a, b, urls, labels)
            blocks.append(Block("table", a, b, quoted=quote_depth > 0))
        elif ttype in ("fence", "code_block", "front_matter") and token.map:
            masked.append((offset(token.map[0]), offset(token.map[1])))
        elif ttype == "html_block" and token.map:
            a, b = offset(token.map[0]), offset(token.map[1])
            masked += [(a + m.start(), a + m.end()) for m in _INLINE_HTML_RE.finditer(source[a:b])]
            masked += _script_style_spans(source, a, b)
            if source[a:b].strip() and mask(source[a:b], [(m.start(), m.end()) for m in _INLINE_HTML_RE.finditer(source[a:b])]).strip():
                blocks.append(Block("html", a, b, quoted=quote_depth > 0))
        elif ttype == "inline" and token.map and pending is not None:
            kind, level = pending
            pending = None
            a, b = offset(token.map[0]), offset(token.map[1])
            if kind == "list_item" and in_item == 0:
                kind = "paragraph"
            masked += _inline_spans(source, a, b, urls, labels)
            block_text = source[a:b].rstrip("\n")
            blocks.append(
                Block(
                    kind,
                    a,
                    a + len(block_text),
                    level=level,
                    quoted=quote_depth > 0,
                    list_id=list_ids[-1] if kind == "list_item" and list_ids else None,
                )
            )
        elif ttype == "paragraph_open":
            pass
    # Lines no token covers are link reference definitions ([1]: https://...): keep the
    # label as text (a reference list may be written that way) but blank the URL.
    for ln in range(len(line_starts) - 1):
        a, b = line_starts[ln], line_starts[ln + 1] - 1
        if not covered[ln] and source[a:b].strip():
            masked += _inline_spans(source, a, b, urls, labels)
            blocks.append(Block("paragraph", a, b, quoted=False))
    # Block markers (list bullets, quote >, heading #, setext underlines).
    inside_masked = _membership(masked)  # masking is idempotent: markers need not be added
    for rx in (_LIST_MARKER_RE, _QUOTE_MARKER_RE, _HEADING_MARKER_RE, _SETEXT_RE):
        masked += [(m.start(), m.end()) for m in rx.finditer(source) if not inside_masked(m.start())]
    doc.text = mask(source, masked)
    doc.blocks = sorted((_trim(b, doc.text) for b in blocks), key=lambda b: b.start)
    doc.urls = sorted(set(urls))
    return doc


def _trim(block: Block, text: str) -> Block:
    """Start a block at its first prose character (after blanked bullets, > and #)."""
    body = text[block.start : block.end]
    start = block.start + len(body) - len(body.lstrip())
    return replace(block, start=min(start, block.end))


def _membership(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """``pos in any span`` in O(log n): a scan over every span per marker was quadratic
    (minutes for a 30 MB file of short sections)."""
    merged: list[list[int]] = []
    for a, b in sorted(s for s in spans if s[0] < s[1]):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]

    def inside(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < merged[i][1]

    return inside


_SCRIPT_STYLE_RE = re.compile(r"<(script|style)\b(?:(?!<\1\b).)*?</\1\s*>", re.I | re.S)


def _script_style_spans(source: str, a: int, b: int) -> list[tuple[int, int]]:
    return [(a + m.start(), a + m.end()) for m in _SCRIPT_STYLE_RE.finditer(source[a:b])]


# ---------------------------------------------------------------------------- plain text / rst
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
    for m in _URL_RE.finditer(source):
        masked.append((m.start(), m.end()))
        urls.append((m.start(), m.end()))
    masked += [(m.start(), m.end()) for m in _COMMENT_DIRECTIVE.finditer(source)]
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


# ---------------------------------------------------------------------------- html
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
    doc.text = mask(doc.source, parser.masked)
    pieces = [_trim(b, doc.text) for b in _innermost(parser.blocks)]
    doc.blocks = [b for b in pieces if doc.text[b.start : b.end].strip()]
    doc.urls = parser.urls
    return doc


# ---------------------------------------------------------------------------- docx
def _refuse_docx_bomb(path: Path) -> None:
    """Raise UnreadableFile when the docx's parts inflate past the caps.

    The sizes in a zip's directory are the archive's own claims, so every part is also
    inflated here in 1 MB steps: a part that inflates past its claim fails its CRC check
    now, before python-docx would inflate it whole in memory.
    """
    total = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                # bzip2/lzma parts inflate without a bound per read; Word never writes them.
                raise UnreadableFile(f"{info.filename} uses zip compression method {info.compress_type}")
            xml = info.filename.endswith((".xml", ".rels"))
            if xml and info.file_size > MAX_DOCX_XML_BYTES:
                raise UnreadableFile(
                    f"{info.filename} inflates to {info.file_size // 2**20} MB (cap {MAX_DOCX_XML_BYTES // 2**20} MB)"
                )
            total += info.file_size
            if total > MAX_DOCX_TOTAL_BYTES:
                raise UnreadableFile(f"its parts inflate to over {MAX_DOCX_TOTAL_BYTES // 2**20} MB")
            with archive.open(info) as part:
                while part.read(2**20):
                    pass


def load_docx(path: Path, relpath: str) -> Document:
    """A .docx: one text line per paragraph (line N = paragraph N), tables after the body."""
    try:
        _refuse_docx_bomb(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise UnreadableFile(f"not a valid .docx (zip) file: {exc}") from exc
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many types for a broken package
        raise UnreadableFile(f"not a valid .docx file: {exc}") from exc
    lines: list[str] = []
    kinds: list[tuple[str, int, bool]] = []
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for paragraph in paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        text = paragraph.text.replace("\n", " ").replace("\r", " ")
        lines.append(text)
        if style.lower().startswith(("heading", "title")):
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
            kinds.append(("heading", level, False))
        elif "list" in style.lower():
            kinds.append(("list_item", 0, False))
        else:
            kinds.append(("paragraph", 0, "quote" in style.lower()))
    text = "\n".join(lines)
    doc = Document(path=path, relpath=relpath, kind="prose", format="docx", text=text, source=text)
    doc.meta["line_label"] = "paragraph {line}"
    offset = 0
    for line, (kind, level, quoted) in zip(lines, kinds, strict=True):
        if line.strip():
            doc.blocks.append(Block(kind, offset, offset + len(line), level=level, quoted=quoted))
        offset += len(line) + 1
    doc.urls = [(m.start(), m.end()) for m in _URL_RE.finditer(text)]
    doc.text = mask(text, doc.urls)
    return doc


# ---------------------------------------------------------------------------- notebooks
def load_notebook(path: Path, relpath: str, data: bytes) -> list[Document]:
    """Markdown cells become one prose Document (lines map back to cells); each code cell
    becomes its own code Document labelled with its cell number."""
    try:
        notebook = json.loads(decode_text(data))
        cells = notebook["cells"]
        if not isinstance(cells, list):
            raise TypeError("cells is not a list")
    except (ValueError, KeyError, TypeError) as exc:
        raise UnreadableFile(f"not a valid notebook (JSON): {exc}") from exc
    prose_parts: list[str] = []
    origins: list[Origin] = []
    docs: list[Document] = []
    text_line = 1
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            continue
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else str(src)
        src = _normalise_newlines(src)
        if cell.get("cell_type") == "markdown":
            origins.append(Origin(text_line=text_line, line=1, label=f"cell {number}"))
            prose_parts.append(src + "\n\n")
            text_line += src.count("\n") + 2
        elif cell.get("cell_type") == "code":
            code = "\n".join(
                ("#" + ln[1:]) if ln.lstrip().startswith(("%", "!")) else ln for ln in src.split("\n")
            )
            tokens = python_tokens(code)
            try:
                refuse_deep_python(tokens)
            except UnreadableFile as exc:
                raise UnreadableFile(f"cell {number}: {exc}") from None
            docs.append(
                Document(
                    path=path, relpath=relpath, kind="code", format="ipynb", text=code, source=code,
                    location=f"cell {number}", suppressions=python_suppressions(code, tokens),
                )
            )
    if prose_parts:
        source = "".join(prose_parts)
        prose = Document(path=path, relpath=relpath, kind="prose", format="ipynb", source=source, origins=origins)
        load_markdown(prose)
        prose.suppressions = comment_suppressions(prose)
        docs.insert(0, prose)
    return docs


# ---------------------------------------------------------------------------- entry point
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
    if kind == "image":
        return [Document(path=path, relpath=relpath, kind="image", format=suffix[1:])]
    if suffix == ".docx":
        doc = load_docx(path, relpath)
        return [doc]
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from exc
    if suffix == ".ipynb":
        return load_notebook(path, relpath, data)
    if kind == "code":
        source = _decode_python(data)
        tokens = python_tokens(source)
        refuse_deep_python(tokens)
        return [
            Document(
                path=path, relpath=relpath, kind="code", format="python", text=source, source=source,
                suppressions=python_suppressions(source, tokens),
            )
        ]
    if kind == "prose":
        fmt = PROSE_SUFFIXES[suffix]
        source = _normalise_newlines(decode_text(data))
        doc = Document(path=path, relpath=relpath, kind="prose", format=fmt, source=source)
        _PROSE_LOADERS[fmt](doc)
        doc.suppressions = comment_suppressions(doc)
        return [doc]
    return []


def _decode_python(data: bytes) -> str:
    """Python source decoded per PEP 263 (coding cookie), falling back to text detection."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return _normalise_newlines(data.decode(encoding))
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return _normalise_newlines(decode_text(data))
