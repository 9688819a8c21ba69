"""chat-leftover: the assistant talking to whoever asked for the text ("Sure! Here's a draft",
"Let me know if you'd like changes"), in prose or in a Python file's comments and docstrings.
Paragraphs that speak to the requester are found here; stock sign-offs and apologies at the
edges of a text by closers.py, which leaves alone what a paragraph finding already covers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from aislop.checks.hallucination.closers import chat_closers
from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import CHAT_LEFTOVER
from aislop.checks.hallucination.text import Phrase, chat_autofix, inside_quotes, packs, sentence_at, snippet
from aislop.document import Block, Document
from aislop.model import Finding
from aislop.registry import Context

RULES = (CHAT_LEFTOVER,)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    if not ctx.is_enabled(CHAT_LEFTOVER):
        return
    doc = reading.doc
    if doc.kind == "code":
        blocks = reading.comment_blocks
        leftovers = list(chat_leftovers(doc, doc.source, blocks))
        yield from leftovers
        yield from chat_closers(doc, doc.source, blocks, leftovers, anywhere=True)
    else:
        leftovers = list(chat_leftovers(doc, doc.text, doc.blocks))
        yield from leftovers
        yield from chat_closers(doc, doc.text, doc.blocks, leftovers)


def chat_leftovers(doc: Document, text: str, blocks: Iterable[Block]) -> Iterator[Finding]:
    """One finding per paragraph that speaks to the requester; never in quotes or dialogue."""
    pack, opening = packs().text["chat-leftover"], packs().at_start["chat-leftover"]
    candidates = pack.candidates(text)  # once per document, not per paragraph
    opening_candidates = opening.candidates(text)
    if not (candidates or opening_candidates):
        return
    for block in blocks:
        if block.quoted or block.kind in ("heading", "table"):
            continue
        hits: list[tuple[re.Match, Phrase]] = []
        if opening_candidates:
            # A hand-over line opens the paragraph, after at most an interjection ("Sure! ").
            prefix = _INTERJECTION.match(text, block.start, block.end)
            for pos in range(block.start, (prefix.end() if prefix else block.start) + 1):
                if _INTERJECTION.fullmatch(text, block.start, pos):
                    hits += [(m, p) for m, p in opening.match_at(text, pos, block.end, opening_candidates)
                             if not inside_quotes(text, block.start, m.start())]
        for match, phrase in pack.finditer(text, block.start, block.end, candidates):
            if inside_quotes(text, block.start, match.start()):
                continue
            hits.append((match, phrase))
        hits.sort(key=lambda hit: hit[0].start())
        if not hits:
            continue
        if not any(p.strong for _, p in hits) and not packs().chat_context.search(text, block.start, block.end):
            continue
        first = sentence_at(text, block, hits[0][0].start())
        last = sentence_at(text, block, hits[-1][0].end() - 1)
        phrase = next(p for _, p in hits if p.strong) if any(p.strong for _, p in hits) else hits[0][1]
        quoted = snippet(text[first[0] : last[1]])
        yield doc.finding(
            CHAT_LEFTOVER, first[0], last[1],
            f'"{quoted}" is {phrase.why}: {phrase.fix}.',
            fix=phrase.fix[0].upper() + phrase.fix[1:] + ".",
            autofix=chat_autofix(doc, [match.span() for match, _ in hits]),
        )


# What may precede a hand-over line at the start of a paragraph: "Absolutely — here's…".
_INTERJECTION = re.compile(
    r"[\s\"'“*_#>-]*(?:(?:certainly|sure|absolutely|of course|okay|ok|alright|great)\s*(?:[!,.:]|\s[—–-])\s*)?", re.I
)
