"""Shared text helpers of the hallucination family: the phrase packs of ``hallucination.toml``
(compiled once per process), the sentence around an offset (checks/text/sentences.py), quotes,
inline code and URL spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from aislop.checks.text.packs import CompiledPack, Phrase, read_data
from aislop.checks.text.packs import phrases as pack_phrases
from aislop.checks.text.quotes import inside_quotes  # noqa: F401  (re-exported for the family)
from aislop.checks.text.sentences import sentences
from aislop.document import CODE_SPAN_RE, URL_RE, Block, Document
from aislop.edits import chatter_span, remove_spans
from aislop.model import Autofix, Finding, Rule


@dataclass(frozen=True)
class Packs:
    text: dict[str, CompiledPack]  # phrases matched anywhere in the prose view
    source: dict[str, CompiledPack]  # phrases matched in the source (markup the view blanks)
    at_start: dict[str, CompiledPack]  # phrases that only count at the start of a paragraph
    chat_context: re.Pattern


@cache
def packs() -> Packs:
    """Load ``hallucination.toml`` once per process."""
    data = read_data("aislop.checks.hallucination", "hallucination.toml")
    text: dict[str, CompiledPack] = {}
    source: dict[str, CompiledPack] = {}
    at_start: dict[str, CompiledPack] = {}
    for name in ("chat-leftover", "chat-closer", "ai-disclosure", "citation-artifact", "placeholder-text",
                 "vague-attribution", "statistic-cue"):
        phrases = list(pack_phrases(data[name], f"hallucination.toml [[{name}]]"))
        text[name] = CompiledPack([p for p in phrases if not p.on_source and not p.at_start], re.IGNORECASE)
        source[name] = CompiledPack([p for p in phrases if p.on_source], re.IGNORECASE)
        at_start[name] = CompiledPack([p for p in phrases if p.at_start and not p.on_source], re.IGNORECASE)
    return Packs(text, source, at_start, re.compile(data["chat-context"]["pattern"], re.IGNORECASE))


def sentence_at(text: str, block: Block, offset: int) -> tuple[int, int]:
    for a, b in sentences(text, block.start, block.end):
        if a <= offset < b:
            return a, b
    return block.start, block.end




def in_prose(doc: Document, offset: int) -> bool:
    """Whether ``source[offset]`` is prose (inside a block, not in an inline code span)."""
    block = doc.block_at(offset)
    if block is None:
        return False
    # finditer with a start position still reports offsets into the whole string
    return not any(m.start() <= offset < m.end() for m in CODE_SPAN_RE.finditer(doc.source, block.start, block.end))


def snippet(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def phrase_finding(
    doc: Document, rule: Rule, match: re.Match, phrase: Phrase, matched: str | None = None, autofix: Autofix | None = None
) -> Finding:
    shown = snippet(match.group())
    return doc.finding(
        rule, match.start(), match.end(),
        f'"{shown}" is {phrase.why}: {phrase.fix}.',
        fix=phrase.fix[0].upper() + phrase.fix[1:] + ".",
        matched=matched,
        autofix=autofix,
    )




def doc_urls(doc: Document) -> list[tuple[int, int]]:
    """URL spans outside code: the loader's ``urls`` when it recorded them."""
    urls = getattr(doc, "urls", None)
    if urls is not None:
        return list(urls)
    return [(m.start(), m.end()) for m in URL_RE.finditer(doc.source) if in_prose(doc, m.start())]


def chat_autofix(doc: Document, hits: list[tuple[int, int]]) -> Autofix | None:
    """Remove each piece of chatter out to the sentence (or line) ends around it, keeping
    whatever lies between them: safely when all of it sits at the very start or end of the
    text (nothing of the document is around it), unsafely in the middle (it may carry content)."""
    if doc.kind != "prose":
        return None  # comments in code: left to the author
    spans: list[tuple[int, int]] = []
    for start, end in hits:
        if spans and start < spans[-1][1]:  # inside the chatter already taken: widen that
            start, taken = spans.pop()
            end = max(end, taken - 1)
        span = chatter_span(doc, start, end)
        if span is None:
            return None
        spans.append(span)
    return remove_spans(doc, spans)
