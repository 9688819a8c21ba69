"""uniform-sentences: sentence lengths that barely vary over a whole document."""

from __future__ import annotations

import statistics
from collections.abc import Iterator

from aislop.checks.prose.rules import UNIFORM_SENTENCES
from aislop.checks.prose.view import ProseView, clip
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Context

RULES = (UNIFORM_SENTENCES,)


def findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    opts = ctx.options(UNIFORM_SENTENCES)
    lengths = [s.words for s in view.sentences if s.words >= 3]
    if len(lengths) < int(opts["min_sentences"]):
        return
    mean = statistics.fmean(lengths)
    spread = statistics.pstdev(lengths) / mean
    if spread < float(opts["max_variation"]):
        first = view.sentences[0]
        yield doc.finding(
            UNIFORM_SENTENCES, first.start, first.end,
            f"Sentence lengths barely vary over {len(lengths)} sentences (mean {mean:.0f} words, "
            f"variation {spread:.2f}; lively prose is usually above {opts['max_variation']}).",
            matched=clip(first.text),
        )
