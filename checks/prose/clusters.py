"""Clusters are the signal: each lexical hit (vocabulary, stock phrase, negative parallelism,
hedge, sycophancy, triad) carries a weight; a hit becomes a *warning* when it is strong on its
own (e.g. "Let's dive in") or when the hits within ``cluster_chars`` around it add up to
``cluster_threshold``; isolated weak hits stay *info*."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from aislop.checks.prose.rules import AI_VOCABULARY, STOCK_PHRASE
from aislop.document import Document
from aislop.edits import drop_preamble, remove_sentence
from aislop.model import Finding, Rule, Severity
from aislop.registry import Context


# ---------------------------------------------------------------------------- lexical hits
@dataclass
class Hit:
    """A candidate lexical finding before cluster-based severity is decided."""

    rule: Rule
    start: int
    end: int
    weight: float
    strong: bool
    message: str
    fix: str
    report: bool = True  # False: counts toward clusters but is too weak to report alone
    edit: str | None = None  # how `aislop fix` removes it: a key of _EDITS (see prose.toml)


def without_overlaps(words: list[Hit], phrases: list[Hit]) -> list[Hit]:
    """Drop word hits inside a phrase hit: the phrase finding already explains them."""
    return [w for w in words if not any(p.start < w.end and w.start < p.end for p in phrases)]


def clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


_EDITS = {
    "preamble": drop_preamble,
    "connective": partial(drop_preamble, unsafe=True),  # "Moreover," may carry the argument
    "sentence": remove_sentence,
}


def cluster_findings(doc: Document, hits: list[Hit], ctx: Context) -> Iterator[Finding]:
    """Severity from clustering: strong hits and hits inside a dense passage are warnings."""
    opts = ctx.options(STOCK_PHRASE)
    radius, threshold = int(opts["cluster_chars"]), float(opts["cluster_threshold"])
    hits.sort(key=lambda h: h.start)
    starts = [h.start for h in hits]
    for hit in hits:
        lo = bisect.bisect_left(starts, hit.start - radius)
        hi = bisect.bisect_right(starts, hit.start + radius)
        neighbours = hits[lo:hi]
        mass = sum(h.weight for h in neighbours)
        clustered = mass >= threshold and len(neighbours) >= 3
        if not (hit.report or clustered):
            continue
        severity = Severity.WARNING if hit.strong or clustered else Severity.INFO
        message = hit.message
        if clustered and not hit.strong:
            message += f" It is one of {len(neighbours)} formulaic phrases close together here."
        autofix = _EDITS[hit.edit](doc, hit.start, hit.end) if hit.edit else None
        yield doc.finding(hit.rule, hit.start, hit.end, message, fix=hit.fix, severity=severity,
                          confidence=_confidence(hit, clustered), autofix=autofix)


def _confidence(hit: Hit, clustered: bool) -> float:
    base = hit.rule.confidence * (hit.weight if hit.rule is AI_VOCABULARY else 1.0)
    return round(min(1.0, base * (1.25 if clustered else 1.0)), 3)
