"""Text plumbing for the prose checks: phrase-pack loading, a whitespace-compacted view of
each readable block (so one regex matches across line breaks and blanked markup), sentence
splitting (checks/text/sentences.py, plus short lines of their own) and word counting. Built
once per document and shared by every prose rule.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files

from aislop.checks.text.packs import read_data
from aislop.checks.text.sentences import sentence_ends
from aislop.document import Block, Document

WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)*")
_SPACE_RE = re.compile(r"\s+")
_TERMINAL = tuple(".!?:;")


def clip(text: str, width: int = 60) -> str:
    """``text`` shortened to ``width`` characters for a message."""
    return text if len(text) <= width else text[: width - 1] + "\u2026"


@cache
def packs() -> dict:
    """The phrase packs of checks/prose/prose.toml (parsed once per process)."""
    return read_data("aislop.checks.prose", "prose.toml")


@cache
def baseline_frequencies() -> dict[str, float]:
    """Human frequency per word of each vocabulary lemma (precomputed from wordfreq)."""
    path = files("aislop.checks.prose") / "data" / "wordfreq_en.json"
    return json.loads(path.read_text(encoding="utf-8"))


def inflections(lemma: str) -> list[str]:
    """Surface forms a vocabulary lemma is matched in: plural, past, -ing, adverb."""
    if "-" in lemma or " " in lemma:
        return [lemma, lemma + "s"]
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "ing", lemma + "ly"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing", lemma[:-1] + "y", lemma + "ly"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma[:-1] + "ily"}
    if lemma.endswith("le"):
        forms.add(lemma[:-1] + "y")
    return sorted(forms)


@dataclass
class Unit:
    """One readable block with its whitespace-compacted text and the map back to offsets.

    The map is piecewise: compacted text is a run of segments each contiguous in Document.text
    (a new one starts at each run of two or more whitespace characters, which compacts to one
    space), so two lists of segment starts replace a per-character table."""

    block: Block
    text: str  # compacted: whitespace runs -> one space, curly apostrophes -> '
    segments: list[int]  # compacted index where each segment starts (ascending, first is 0)
    origins: list[int]  # Document.text offset of each segment's first character
    pseudo_heading: bool = False

    def offset(self, index: int) -> int:
        """Document.text offset of ``text[index]``."""
        k = bisect.bisect_right(self.segments, index) - 1
        return self.origins[k] + index - self.segments[k]

    def index_of(self, offset: int) -> int | None:
        """Index in ``text`` of the character at Document.text ``offset``; None if compacted away."""
        k = bisect.bisect_right(self.origins, offset) - 1
        if k < 0:
            return None
        index = self.segments[k] + offset - self.origins[k]
        limit = self.segments[k + 1] if k + 1 < len(self.segments) else len(self.text)
        return index if index < limit else None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a compacted [start, end) back to Document.text offsets."""
        end = max(end, start + 1)
        return self.offset(start), self.offset(min(end, len(self.text)) - 1) + 1


@dataclass
class Sentence:
    start: int  # offsets into Document.text
    end: int
    words: int
    text: str


@dataclass
class ProseView:
    """The parts of a prose document that prose rules read, prepared once."""

    doc: Document
    units: list[Unit] = field(default_factory=list)
    headings: list[Unit] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Document) -> ProseView:
        view = cls(doc)
        text = _mask_urls(doc)
        for block in doc.blocks:
            if block.quoted or block.kind in ("table", "html"):
                continue
            unit = _compact(text, block)
            if not unit.text:
                continue
            if block.kind == "heading":
                view.headings.append(unit)
            else:
                unit.pseudo_heading = _looks_like_heading(text[block.start : block.end])
                view.units.append(unit)
        return view

    @cached_property
    def words(self) -> int:
        return max(self.doc.words, 1)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Sentences of body blocks (not headings or heading-like lines)."""
        found: list[Sentence] = []
        for unit in self.units:
            if unit.pseudo_heading:
                continue
            for a, b in _split_sentences(self.doc.text, unit):
                piece = unit.text[a:b].strip()
                n = len(WORD_RE.findall(piece))
                if n:
                    start, end = unit.span(a, b)
                    found.append(Sentence(start, end, n, piece))
        return found


def _mask_urls(doc: Document) -> str:
    if not doc.urls:
        return doc.text
    text, pieces, done = doc.text, [], 0
    for start, end in sorted(doc.urls):
        start, end = max(start, done), min(end, len(text))
        if start < end:
            pieces += (text[done:start], _NOT_NEWLINE_RE.sub(" ", text[start:end]))
            done = end
    pieces.append(text[done:])
    return "".join(pieces)


_NOT_NEWLINE_RE = re.compile(r"[^\n]")
_GAP_RE = re.compile(r"\s{2,}")  # where compacting moves the text: a single space or newline maps one to one


def _compact(text: str, block: Block) -> Unit:
    raw = text[block.start : min(block.end, len(text))]
    body = raw.strip()
    compact = " ".join(body.split()).replace("\u2019", "'")
    first = block.start + len(raw) - len(raw.lstrip())
    segments, origins = [0], [first]
    removed = 0  # characters compacted away before the current gap
    for gap in _GAP_RE.finditer(text, first, first + len(body)):
        # the joining space maps to the gap's last character, as the text after it does
        segments.append(gap.start() - first - removed)
        origins.append(gap.end() - 1)
        removed += gap.end() - gap.start() - 1
    return Unit(block, compact, segments, origins)


def _looks_like_heading(raw: str) -> bool:
    """A short single line without closing punctuation: a heading whose markup was stripped."""
    line = raw.strip()
    return "\n" not in line and not line.endswith(_TERMINAL) and len(WORD_RE.findall(line)) <= 10


def _split_sentences(text: str, unit: Unit) -> list[tuple[int, int]]:
    """Sentence spans in ``unit.text``; short capitalised lines count as their own sentence
    (list items or headings whose markup was stripped), wrapped long lines do not."""
    compact = unit.text
    cuts = set(sentence_ends(compact))
    raw = text[unit.block.start : unit.block.end]
    if "\n" in raw.strip():
        lines = raw.split("\n")
        widest = max(len(line.rstrip()) for line in lines)
        pos = unit.block.start
        for line, following in zip(lines, lines[1:]):
            pos += len(line) + 1
            body = line.strip()
            nxt = following.strip()
            if body and nxt[:1].isupper() and len(line.rstrip()) < 0.7 * widest and not body.endswith(","):
                # the compacted index of the first character of the following line
                first = pos + len(following) - len(following.lstrip())
                idx = _index_of(unit, first)
                if idx is not None:
                    cuts.add(idx)
    bounds = sorted(c for c in cuts if 0 < c < len(compact))
    spans, start = [], 0
    for cut in bounds + [len(compact)]:
        if cut > start:
            spans.append((start, cut))
        start = cut
    return spans


def _index_of(unit: Unit, offset: int) -> int | None:
    return unit.index_of(offset)
