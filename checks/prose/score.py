"""The formulaic score (``files[].scores.formulaic``, 0-100, higher = more formulaic)::

    density(rule) = 1000 * sum(confidence of the rule's findings) / max(words, min_words)
    S             = sum(weight(rule) * density(rule))
    formulaic     = 100 * (1 - exp(-S / scale))

Weights are configurable as a mapping (``prose-weights`` under ``[tool.aislop]``, read from
``ctx.settings["prose_weights"]``), e.g.::

    [tool.aislop.prose-weights]
    ai-vocabulary = 1.0
    stock-phrase = 2.5
    scale = 60          # S at which the score reaches 63
    min_words = 250     # short texts are not inflated by dividing by a tiny word count

Defaults are in ``DEFAULT_WEIGHTS``; readability and grammar do not count (weight 0).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from aislop.checks.prose.rules import RULES
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Context

DEFAULT_WEIGHTS: dict[str, float] = {
    "ai-vocabulary": 1.0,
    "stock-phrase": 2.5,
    "negative-parallelism": 3.0,
    "rule-of-three": 3.0,
    "em-dash-density": 2.0,
    "inline-header-list": 2.0,
    "emoji-heading": 2.0,
    "emoji-bullets": 2.0,
    "title-case-heading": 1.5,
    "uniform-sentences": 2.0,
    "hedging": 1.0,
    "sycophancy": 2.5,
    "readability": 0.0,
    "grammar": 0.0,
    "scale": 60.0,
    "min_words": 250.0,
}


_BY_NAME = {rule.name: rule for rule in RULES}


# ---------------------------------------------------------------------------- the score
def formulaic_score(doc: Document, findings: Iterable[Finding], ctx: Context) -> float:
    """0-100: weighted densities per 1,000 words of this document's prose findings."""
    weights = DEFAULT_WEIGHTS | dict(ctx.settings.get("prose_weights", {}) or {})
    mass: Counter[str] = Counter()
    for finding in findings:
        if finding.rule.name in _BY_NAME and finding.rule.family == "prose":
            mass[finding.rule.name] += finding.effective_confidence
    words = max(doc.words, float(weights["min_words"]), 1.0)
    total = sum(float(weights.get(name, 0.0)) * 1000.0 * m / words for name, m in mass.items())
    return round(100.0 * (1.0 - math.exp(-total / float(weights["scale"]))), 1)
