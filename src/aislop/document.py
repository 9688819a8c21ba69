"""``Document``: what a loader makes of a file, and what every check reads.

For prose, ``text`` is a *prose view* with the same length and line structure as the
source: spans that are not prose (code, front matter, URLs, comments, markup) are blanked
to spaces, newlines kept. Offsets into ``text`` are therefore offsets into the file, and
a finding's line/column is exact without any lookup table. Formats that are not plain text
(docx, notebooks) build a synthetic text and record ``origins`` so that text lines map
back to paragraph numbers or notebook cells.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aislop.model import Autofix, Edit, Finding, Rule, Severity

# Text that is not prose, shared by the loaders (which blank it in the prose view) and the
# checks (which look for addresses in the source): one spelling of each.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'`]*[^\s<>()\[\]\"'`.,;:!?]", re.I)
CODE_SPAN_RE = re.compile(r"(?=`)(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)  # (?=`): a fast reject

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

# Formats whose Document.source is the file's text, so that edits can go back into the file.
EDITABLE_FORMATS = frozenset({"markdown", "text", "rst", "html", "python"})

_WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)*")


@dataclass(frozen=True)
class Block:
    """A top-level unit of a prose document (offsets into ``Document.text``).

    kind: ``paragraph``, ``heading``, ``list_item``, ``table`` or ``html``.
    ``quoted`` marks text inside a block quote (someone else's words).
    ``list_id`` groups the items of one list; ``level`` is the heading level; ``ordinal`` is
    an ordered-list item's number when the markup implies it (HTML ``<ol><li>``), so a
    numbered reference list is read as [1], [2]... like its rendering.
    """

    kind: str
    start: int
    end: int
    level: int = 0
    quoted: bool = False
    list_id: int | None = None
    ordinal: int | None = None


@dataclass(frozen=True)
class Origin:
    """Text lines from ``text_line`` on come from ``label`` starting at ``line``."""

    text_line: int
    line: int
    label: str | None


@dataclass(frozen=True)
class Suppression:
    """Silence ``rules`` (codes or names; empty = all) on lines ``first..last``.

    ``reason`` is what the author wrote after `` -- `` in the comment (None: no reason), and
    ``at`` the line of the comment itself, so waivers can be listed and unexplained ones found.
    """

    first: int
    last: int
    rules: frozenset[str] = frozenset()
    reason: str | None = None
    at: int | None = None

    def covers(self, line: int | None, rule: Rule) -> bool:
        if line is None or not self.first <= line <= self.last:
            return False
        return not self.rules or bool({rule.code.lower(), rule.name.lower()} & self.rules)


_BLANKABLE = re.compile(r"[^\r\n]")


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank ``spans`` of ``text`` to spaces, keeping newlines so positions survive (spans may
    overlap or reach past the text). Piece by piece: a loop over every character was a tenth of
    loading a Markdown file."""
    pieces: list[str] = []
    done = 0
    for start, end in sorted(spans):
        start, end = max(start, done), min(end, len(text))
        if start >= end:
            continue
        blanked = text[start:end]
        pieces += (text[done:start],
                   _BLANKABLE.sub(" ", blanked) if "\n" in blanked or "\r" in blanked else " " * len(blanked))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


@dataclass
class Document:
    """One loadable unit of a file. A notebook yields several (prose + code cells)."""

    path: Path
    relpath: str
    kind: str  # prose | code | image
    format: str  # markdown | text | rst | html | docx | ipynb | python | image
    text: str = ""
    source: str = ""  # the decoded original (for prose) or the Python source (for code)
    blocks: list[Block] = field(default_factory=list)
    urls: list[tuple[int, int]] = field(default_factory=list)  # URL spans outside code
    origins: list[Origin] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    location: str | None = None  # whole-document label, e.g. "cell 4" for a code cell
    line_offset: int = 0  # added to every line (code cells: 0; kept for symmetry)
    meta: dict[str, Any] = field(default_factory=dict)
    # Where decoding shortened the text (HTML character references): (offset, characters
    # removed before it), sorted; columns are then counted as in the file.
    shifts: list[tuple[int, int]] = field(default_factory=list)

    # ------------------------------------------------------------------ positions
    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        for match in re.finditer("\n", self.text):
            starts.append(match.end())
        return starts

    def position(self, offset: int) -> tuple[int, int, str | None]:
        """Map an offset in ``text`` to (line, column, location label), 1-based."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        line, column = index + 1, offset - self._line_starts[index] + 1
        if self.shifts:
            column += self._removed_before(offset) - self._removed_before(self._line_starts[index])
        label = self.location
        if fmt := self.meta.get("line_label"):
            label = fmt.format(line=line)
        if self.origins:
            keys = [o.text_line for o in self.origins]
            o = self.origins[max(bisect.bisect_right(keys, line) - 1, 0)]
            line, label = o.line + (line - o.text_line), o.label
        return line + self.line_offset, column, label

    def _removed_before(self, offset: int) -> int:
        i = bisect.bisect_right(self.shifts, (offset, float("inf"))) - 1
        return self.shifts[i][1] if i >= 0 else 0

    def line_text(self, line: int) -> str:
        """The prose view of text line ``line`` (1-based, in ``text`` coordinates)."""
        starts = self._line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end]

    # ------------------------------------------------------------------ findings
    def finding(
        self,
        rule: Rule,
        start: int,
        end: int,
        message: str,
        *,
        fix: str | None = None,
        symbol: str | None = None,
        severity: Severity | str | None = None,
        confidence: float | None = None,
        matched: str | None = None,
        autofix: Autofix | None = None,
    ) -> Finding:
        """A finding over ``text[start:end]`` with exact line/column. ``autofix`` is kept only
        where ``aislop fix`` may edit the file; elsewhere the fix advice says to edit by hand."""
        end = max(end, start)
        line, column, label = self.position(start)
        end_line, end_column, _ = self.position(end)
        found = Finding(
            rule=rule,
            path=self.relpath,
            message=message,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            matched=self.text[start:end] if matched is None else matched,
            fix=fix,
            symbol=symbol,
            location=label,
            severity=Severity(severity) if severity else None,
            confidence=confidence,
            autofix=self._in_file(autofix) if self.editable else None,
        )
        if autofix is not None and not self.editable:
            suffix = self.path.suffix.lower() or self.format
            found.fix = f"{found.effective_fix} (aislop fix never rewrites {suffix} files: edit this one by hand.)"
        return found

    def _in_file(self, autofix: Autofix | None) -> Autofix | None:
        """Edits move from decoded offsets to the file's (an HTML reference is edited whole)."""
        if autofix is None or not self.shifts:
            return autofix
        moved = (Edit(e.start + self._removed_before(e.start), e.end + self._removed_before(e.end), e.replacement)
                 for e in autofix.edits)
        return Autofix(tuple(moved), autofix.unsafe)

    @property
    def editable(self) -> bool:
        """Whether ``aislop fix`` may edit the file: source text whose offsets are file offsets
        (Markdown, plain text, reST, HTML, Python), not a rebuilt text (docx, notebooks, PDF)."""
        return self.format in EDITABLE_FORMATS and not self.origins and self.path.suffix.lower() != ".ipynb"

    def file_finding(self, rule: Rule, message: str, **kwargs: Any) -> Finding:
        """A whole-file finding (no line), e.g. for an image."""
        return Finding(rule=rule, path=self.relpath, message=message, location=self.location, **kwargs)

    # ------------------------------------------------------------------ prose helpers
    @cached_property
    def words(self) -> int:
        return len(_WORD_RE.findall(self.text)) if self.kind == "prose" else 0  # as many items as matches

    def block_at(self, offset: int) -> Block | None:
        starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset < self.blocks[i].end:
            return self.blocks[i]
        return None

    def is_quoted(self, offset: int) -> bool:
        block = self.block_at(offset)
        return bool(block and block.quoted)

    def prose_blocks(self, *, headings: bool = False, quoted: bool = False) -> Iterator[Block]:
        """Blocks a prose rule should read (by default no headings, no quotations)."""
        for block in self.blocks:
            if block.kind == "heading" and not headings:
                continue
            if block.quoted and not quoted:
                continue
            yield block

    # ------------------------------------------------------------------ images
    def open_image(self) -> Image.Image:
        """Open the image lazily: header only until pixels are asked for."""
        from PIL import Image

        return Image.open(self.path)
