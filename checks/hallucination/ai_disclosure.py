"""ai-disclosure: the assistant describing itself ("As an AI language model, ...") in prose, or
in a Python file's comments and docstrings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import AI_DISCLOSURE
from aislop.checks.hallucination.text import inside_quotes, packs, phrase_finding, sentence_at
from aislop.document import Block, Document
from aislop.model import Finding
from aislop.registry import Context

RULES = (AI_DISCLOSURE,)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    if not ctx.is_enabled(AI_DISCLOSURE):
        return
    if reading.doc.kind == "code":
        pack = packs().text["ai-disclosure"]
        for piece in reading.comments:
            for match, phrase in pack.finditer(reading.doc.source, piece.start, piece.end):
                yield phrase_finding(reading.doc, AI_DISCLOSURE, match, phrase)
    else:
        yield from ai_disclosures(reading.doc)


def ai_disclosures(doc: Document) -> Iterator[Finding]:
    """Self-descriptions fire in block quotes too (a "Note:" box) but not in quoted dialogue."""
    reported: set[tuple[int, int]] = set()
    for match, phrase in packs().text["ai-disclosure"].finditer(doc.text):
        block = doc.block_at(match.start())
        if block is None or inside_quotes(doc.text, block.start, match.start()):
            continue
        if block.quoted and _introduced_quotation(doc, block):
            continue
        sentence = sentence_at(doc.text, block, match.start())
        if sentence not in reported:  # one finding per sentence
            reported.add(sentence)
            yield phrase_finding(doc, AI_DISCLOSURE, match, phrase)


_CALLOUT = re.compile(r"[\s>*_]*(?:\[!\w+\]|(?:note|tip|warning|important|disclaimer|caution|info)\b)", re.I)


def _introduced_quotation(doc: Document, block: Block) -> bool:
    """A block quote that the paragraph before introduces ("One submission ended with:") is
    someone else's words being cited; a callout box ("> **Note:** ...") is the author's own."""
    if _CALLOUT.match(doc.text, block.start):
        return False
    previous = None
    for other in doc.blocks:
        if other.end > block.start:
            break
        if not other.quoted:
            previous = other
    return previous is not None and doc.text[previous.start : previous.end].rstrip().endswith(":")
