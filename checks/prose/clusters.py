"""The lexical rules, decided together: clusters are the signal. Each lexical hit (vocabulary,
stock phrase, negative parallelism, hedge, sycophancy, triad) carries a weight; a hit becomes a
*warning* when it is strong on its own (e.g. "Let's dive in") or when the hits within
``cluster_chars`` around it add up to ``cluster_threshold``; isolated weak hits stay *info*.
The detectors live beside it (vocabulary.py, phrases.py, rule_of_three.py).

Evidence is a rate, not a count. A strong stock phrase, hedge or negative parallelism is a warning
on its own while the document holds one distinct such phrase per ``strong_alone_words`` words or
more: one "It is important to note" in a 600-word deliverable is telling, one in a 14,000-word
manual is the human rate (bench/precision.py: about one per 75,000 words of system manuals);
there it is info unless it clusters. Chat pleasantries (sycophancy) are a warning at any length.
A cluster takes three different phrases, and the rate counts each phrase once: "a wide variety of
formats and a wide variety of APIs" (or a manual's "Using it can potentially destroy your system!"
under four options) is one phrase repeated."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from functools import partial

from aislop.checks.prose.hits import Hit, without_overlaps
from aislop.checks.prose.phrases import phrase_hits
from aislop.checks.prose.rule_of_three import rule_of_three_summary, triad_hits
from aislop.checks.prose.rules import (
    AI_VOCABULARY,
    HEDGING,
    NEGATIVE_PARALLELISM,
    RULE_OF_THREE,
    STOCK_PHRASE,
    SYCOPHANCY,
)
from aislop.checks.prose.view import ProseView
from aislop.checks.prose.vocabulary import vocabulary_hits
from aislop.document import Document
from aislop.edits import drop_preamble, remove_sentence
from aislop.model import Finding, Severity
from aislop.registry import Context

RULES = (AI_VOCABULARY, STOCK_PHRASE, NEGATIVE_PARALLELISM, RULE_OF_THREE, HEDGING, SYCOPHANCY)


_EDITS = {
    "preamble": drop_preamble,
    "connective": partial(drop_preamble, unsafe=True),  # "Moreover," may carry the argument
    "sentence": remove_sentence,
}


def findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    """Every lexical hit weighed with its neighbours, then the document's triad rate."""
    triads = triad_hits(view)
    phrases = phrase_hits(view)
    hits = without_overlaps(vocabulary_hits(view, ctx), phrases) + phrases + triads
    yield from cluster_findings(doc, hits, ctx)
    yield from rule_of_three_summary(doc, view, triads, ctx)


def cluster_findings(doc: Document, hits: list[Hit], ctx: Context) -> Iterator[Finding]:
    """Severity from clustering: strong hits and hits inside a dense passage are warnings."""
    opts = ctx.options(STOCK_PHRASE)
    radius, threshold = int(opts["cluster_chars"]), float(opts["cluster_threshold"])
    hits.sort(key=lambda h: h.start)
    starts = [h.start for h in hits]
    strong = {_phrase(doc, h) for h in hits if h.strong and h.rule is not SYCOPHANCY}
    strong_alone = len(strong) * int(opts["strong_alone_words"]) >= doc.words
    for hit in hits:
        lo = bisect.bisect_left(starts, hit.start - radius)
        hi = bisect.bisect_right(starts, hit.start + radius)
        neighbours = hits[lo:hi]
        mass = sum(h.weight for h in neighbours)
        clustered = mass >= threshold and len({_phrase(doc, h) for h in neighbours}) >= 3
        if not (hit.report or clustered):
            continue
        alone = hit.strong and (strong_alone or hit.rule is SYCOPHANCY)
        severity = Severity.WARNING if alone or clustered else Severity.INFO
        message = hit.message
        if clustered and not hit.strong:
            message += f" It is one of {len(neighbours)} formulaic phrases close together here."
        autofix = _EDITS[hit.edit](doc, hit.start, hit.end) if hit.edit else None
        yield doc.finding(hit.rule, hit.start, hit.end, message, fix=hit.fix, severity=severity,
                          confidence=_confidence(hit, clustered), autofix=autofix)


def _phrase(doc: Document, hit: Hit) -> tuple[str, str]:
    """What a hit says, for counting distinct phrases: its rule and its words, casefolded."""
    return hit.rule.code, " ".join(doc.text[hit.start : hit.end].split()).casefold()


def _confidence(hit: Hit, clustered: bool) -> float:
    base = hit.rule.confidence * (hit.weight if hit.rule is AI_VOCABULARY else 1.0)
    return round(min(1.0, base * (1.25 if clustered else 1.0)), 3)
