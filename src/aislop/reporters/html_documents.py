"""The HTML report's document view of packaged files: a .docx paragraph, a PDF page, a slide
and its notes, an OpenDocument paragraph, an e-book chapter or a notebook cell, as delivered,
with every finding that falls in it marked in place.

A finding in such a file carries a label (``page 3``) and a line counted inside it; the
report reloads the file (parsed, never executed) and takes the lines of that labelled part.
A finding whose matched text is no longer where it says (the file changed since the scan) is
left to the plain excerpt, never marked at the wrong place.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aislop.loaders.kinds import DOCUMENT_SUFFIXES
from aislop.model import Finding

VIEW_SUFFIXES = DOCUMENT_SUFFIXES | {".ipynb"}
WHOLE_PART_LINES = 12  # a part this short (a paragraph, a slide) is shown whole
PART_CONTEXT = 2  # lines either side of a flagged line in a longer part (a PDF page, a chapter)
MAX_ROW_CHARS = 1200  # a longer paragraph is cut to a window around what is flagged in it
ROW_MARGIN = 100  # characters kept either side of the flagged text in a cut paragraph


@dataclass
class Part:
    """One labelled part of a document: ``lines`` as delivered, ``checked`` as the checks read
    them (URLs and running heads blanked), the first line numbered ``first``."""

    label: str | None
    order: int
    first: int
    lines: list[str]
    checked: list[str]

    def holds(self, line: int) -> bool:
        return self.first <= line < self.first + len(self.lines)


@dataclass
class Placed:
    """Where a finding sits in a part: rows (0-based in the part) and columns on them."""

    part: Part
    row: int
    start: int
    end_row: int
    end: int


def parts_of(path: Path, relpath: str) -> list[Part] | None:
    """The labelled parts of a packaged document, in document order; None for other files or
    when the file cannot be read again."""
    if path.suffix.lower() not in VIEW_SUFFIXES or "#" in relpath:
        return None
    from aislop.loaders import load
    from aislop.remote import for_loader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            source, data = for_loader(path, None)
            docs = load(source, relpath, data)
    except Exception:  # noqa: BLE001 - an unreadable file has its own finding; excerpts fall back
        return None
    parts: list[Part] = []
    for doc in docs:
        if doc.kind == "image":
            continue
        lines, checked = doc.source.split("\n"), doc.text.split("\n")
        if len(checked) != len(lines):
            checked = lines
        if not doc.origins:
            parts.append(Part(doc.location, len(parts), 1 + doc.line_offset, lines, checked))
            continue
        for i, origin in enumerate(doc.origins):
            start = origin.text_line - 1
            end = doc.origins[i + 1].text_line - 1 if i + 1 < len(doc.origins) else len(lines)
            while end > start + 1 and not lines[end - 1].strip():
                end -= 1  # the blank line that separates parts
            parts.append(Part(origin.label, len(parts), origin.line + doc.line_offset, lines[start:end],
                              checked[start:end]))
    return parts


def place(f: Finding, parts: list[Part]) -> Placed | None:
    """The part and span of ``f``, or None when it has no line or its text is not there."""
    if f.line is None:
        return None
    part = next((p for p in parts if p.label == f.location and p.holds(f.line)), None)
    if part is None:
        return None
    row = f.line - part.first
    start = max(0, min((f.column or 1) - 1, len(part.lines[row])))
    if f.end_line is not None and part.holds(f.end_line) and f.end_line >= f.line:
        end_row, end = f.end_line - part.first, (f.end_column or 1) - 1
        if end_row > row and end <= 0:
            end_row -= 1  # the span ends where the next line starts
            end = len(part.lines[end_row])
    elif f.end_line is not None and f.end_line > f.line:
        end_row = len(part.lines) - 1  # the span runs on into the next part: marked to this one's end
        end = len(part.lines[end_row])
    else:
        end_row, end = row, len(part.lines[row])
    end = max(0, min(end, len(part.lines[end_row])))
    if end_row == row and end < start:
        end = start
    placed = Placed(part, row, start, end_row, end)
    return placed if _still_there(f, placed) else None


def _words(text: str) -> str:
    return " ".join(text.split())


def _still_there(f: Finding, p: Placed) -> bool:
    """Whether the finding's matched text is at its place; a matched text found elsewhere in
    the part means the file changed since the scan. (Some rules match a description, such
    as "72 ppi": that is not in the text at all, and the place is trusted.)"""
    matched = _words(f.matched or "")
    if not matched:
        return True
    for lines in (p.part.checked, p.part.lines):
        rows = lines[p.row : p.end_row + 1]
        if p.row == p.end_row:
            span = rows[0][p.start : p.end]
        else:
            span = "\n".join([rows[0][p.start :], *rows[1:-1], rows[-1][: p.end]])
        if _words(span) == matched:
            return True
    return matched not in _words(" ".join(p.part.lines))


def shown_rows(part: Part, placed: Iterable[Placed], budget_left: bool) -> list[int]:
    """Rows of ``part`` to show: all of a short part; around each flagged span in a long one
    (only the flagged rows once the report's context budget is spent)."""
    flagged = sorted({r for p in placed for r in range(p.row, p.end_row + 1)})
    if budget_left and len(part.lines) <= WHOLE_PART_LINES:
        return list(range(len(part.lines)))
    context = PART_CONTEXT if budget_left else 0
    rows = {n for r in flagged for n in range(r - context, r + context + 1) if 0 <= n < len(part.lines)}
    return sorted(rows)


def cut(line: str, spans: list[tuple[int, int]]) -> tuple[str, int]:
    """A long row cut to a window around ``spans`` (columns in the row): (text, shift), where a
    column c of the row is c - shift in the text ("…" marks each cut end)."""
    if len(line) <= MAX_ROW_CHARS:
        return line, 0
    low = min((s for s, _ in spans), default=0)
    high = max((e for _, e in spans), default=0)
    left = max(0, low - ROW_MARGIN)
    right = min(len(line), max(high + ROW_MARGIN, left + MAX_ROW_CHARS))
    prefix = "…" if left else ""
    return prefix + line[left:right] + ("…" if right < len(line) else ""), left - len(prefix)
