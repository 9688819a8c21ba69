"""Character references in HTML text (``&#8217;``, ``&amp;``, ``&nbsp;``) decoded before the
checks read it, with every position still pointing into the file.

WordPress exports write every apostrophe as ``&#8217;``: read raw, "In today&#8217;s
fast-paced world" hides its phrase from every check. Decoding shortens the text, so the
document records a shift at each reference (``Document.shifts``) and reports columns as
they are in the file. Only references in visible text are decoded (tags and hidden elements
are blank by then), the decoded character never makes a new line, and named references
need their semicolon (``?a=1&copy=2`` in a visible URL stays as written).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable

_REFERENCE = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)")


def decode_references(source: str, text: str) -> tuple[str, str, list[tuple[int, int]], Callable[[int], int]]:
    """(decoded source, decoded text, shifts, to_decoded) for a prose view ``text`` of
    ``source`` (same length). ``shifts`` are (decoded offset, characters removed before it)
    pairs for ``Document.shifts``; ``to_decoded`` maps an offset in the file to the decoded
    text (for block and URL spans, which never start inside a reference)."""
    out_source: list[str] = []
    out_text: list[str] = []
    shifts: list[tuple[int, int]] = []
    raw_ends: list[int] = []  # file offset just after each decoded reference
    removed = 0
    last = 0
    for match in _REFERENCE.finditer(text):
        start, end = match.span()
        if source[start:end] != match.group():
            continue  # not visible text (cannot happen once tags are blank, kept as a guard)
        char = html.unescape(match.group())
        if char == match.group() or len(char) != 1:
            continue
        if char in "\r\n\x0b\x0c\x85\u2028\u2029":
            char = " "
        out_source.append(source[last:start])
        out_text.append(text[last:start])
        out_source.append(char)
        out_text.append(char)
        removed += (end - start) - 1
        shifts.append((end - removed, removed))
        raw_ends.append(end)
        last = end
    if not shifts:
        return source, text, [], lambda offset: offset
    out_source.append(source[last:])
    out_text.append(text[last:])
    totals = [n for _, n in shifts]

    def to_decoded(offset: int) -> int:
        i = bisect.bisect_right(raw_ends, offset) - 1
        return offset - (totals[i] if i >= 0 else 0)

    return "".join(out_source), "".join(out_text), shifts, to_decoded
