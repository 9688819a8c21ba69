"""A lexical hit (ai-vocabulary, phrase-pack and triad detectors) before clusters.py weighs it
with its neighbours and decides its severity."""

from __future__ import annotations

from dataclasses import dataclass

from aislop.model import Rule


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
    edit: str | None = None  # how `aislop fix` removes it: a key of clusters._EDITS (see prose.toml)


def without_overlaps(words: list[Hit], phrases: list[Hit]) -> list[Hit]:
    """Drop word hits inside a phrase hit: the phrase finding already explains them."""
    return [w for w in words if not any(p.start < w.end and w.start < p.end for p in phrases)]

