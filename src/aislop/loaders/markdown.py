"""Markdown: block structure from markdown-it-py (block tokens and their line maps); inside
a block the few inline constructs that are not prose (code spans, URLs, link syntax, emphasis
markers, inline HTML) are blanked in place so that offsets stay those of the file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from aislop.document import Block, Document, mask
from aislop.loaders.text import AUTOLINK_RE, CODE_SPAN_RE, URL_RE, trim_block

_LINK_DEST = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_IMAGE_RE = re.compile(r"!\[[^\[\]\n]*\]" + _LINK_DEST)
_LINK_RE = re.compile(r"(\[)(?!\^)([^\[\]\n]*)(\])(" + _LINK_DEST + r"|\[[^\[\]\n]*\])")
_INLINE_HTML_RE = re.compile(r"<!--(?:(?!<!--).)*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_EMPHASIS_RE = re.compile(r"(?=[*_])(?:(?<![\w*_\\])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_]))")  # (?=[*_]): fast
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

    # Each construct needs a character most blocks lack ("`", "<", "[", "://" or "www.", "*" or
    # "_", "\\"): a C-speed test of the block skips its scan (a third of loading a file).
    ticks, angles, brackets = "`" in segment, "<" in segment, "[" in segment
    for m in CODE_SPAN_RE.finditer(segment) if ticks else ():
        take(m.start(), m.end())
    for m in AUTOLINK_RE.finditer(segment) if angles else ():
        if free(m.start(), m.end()):
            take(m.start(), m.end())
            urls.append((start + m.start() + 1, start + m.end() - 1))
    for m in _IMAGE_RE.finditer(segment) if brackets else ():
        if free(m.start(), m.end()):
            take(m.start(), m.end())
    for m in _LINK_RE.finditer(segment) if brackets else ():
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
    for m in _INLINE_HTML_RE.finditer(segment) if angles else ():
        if free(m.start(), m.end()):
            spans.append((m.start(), m.end()))
    if "://" in segment or "www." in segment.lower():  # every URL_RE match holds one of them
        markup_overlaps = _overlap_test(spans)
        for m in URL_RE.finditer(segment):
            if free(m.start(), m.end()) and not markup_overlaps(m.start(), m.end()):
                spans.append((m.start(), m.end()))
                urls.append((start + m.start(), start + m.end()))
    emphasis, escapes = "*" in segment or "_" in segment, "\\" in segment
    if emphasis or escapes:
        plain = mask(segment, taken + spans)
        spans += [(m.start(), m.end()) for m in _EMPHASIS_RE.finditer(plain)] if emphasis else []
        spans += [(m.start(), m.end()) for m in _ESCAPE_RE.finditer(plain)] if escapes else []
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
    for rx in (_LIST_MARKER_RE, _SETEXT_RE):
        masked += [(m.start(), m.end()) for m in rx.finditer(source) if not inside_masked(m.start())]
    for rx, mark in ((_QUOTE_MARKER_RE, ">"), (_HEADING_MARKER_RE, "#")):
        masked += [(m.start(), m.end()) for m in _line_matches(rx, source, mark) if not inside_masked(m.start())]
    doc.text = mask(source, masked)
    doc.blocks = sorted((trim_block(b, doc.text) for b in blocks), key=lambda b: b.start)
    doc.urls = sorted(set(urls))
    return doc



def _line_matches(rx: re.Pattern[str], source: str, mark: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(source)`` for a pattern whose every match holds ``mark`` and stays on one
    line: only the lines holding ``mark`` are scanned (``^`` and ``$`` still see the whole text)."""
    found = source.find(mark)
    while found >= 0:
        start = source.rfind("\n", 0, found) + 1
        end = source.find("\n", found)
        end = len(source) if end < 0 else end
        yield from rx.finditer(source, start, end)
        found = source.find(mark, end)


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
