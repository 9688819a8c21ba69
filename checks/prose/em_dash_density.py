"""em-dash-density: dashes used as all-purpose punctuation, far above the human rate."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.prose.rules import EM_DASH_DENSITY
from aislop.checks.prose.view import ProseView
from aislop.document import Document
from aislop.model import Finding, Severity
from aislop.registry import Context

# ---------------------------------------------------------------------------- document rules
# Em dashes and spaced en dashes. Not ASCII "--": that is the typewriter and plain-text
# convention of human writers (old essays, man pages, mailing lists), while the dash habit
# this rule measures comes with real dash characters.
RULES = (EM_DASH_DENSITY,)

_DASH_RE = re.compile(r"\u2014|(?<=\s)\u2013(?=\s)")


def _opens_line(text: str, offset: int) -> bool:
    """A dash that opens its line is a list bullet (man pages rendered to text: "— provide the
    argument ..."), not punctuation between two thoughts."""
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()


_SENTENCE_END = re.compile(r"[.!?](?:\s+[A-Z]|\s*$)")


def _separates_fields(text: str, offset: int) -> bool:
    """A dash between the fields of a record line ("1.13.3 \u2014 April 23, 2022 \u2014 Diff \u2014 Docs",
    a release header of a change log), not punctuation between two thoughts: two dashes or more
    on the line, every field a few words, and no sentence on the line."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start : len(text) if end < 0 else end]
    fields = _DASH_RE.split(line)
    return len(fields) >= 3 and all(len(f.split()) <= 4 for f in fields) and not _SENTENCE_END.search(line)


def findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    opts = ctx.options(EM_DASH_DENSITY)
    dashes = []
    for unit in view.units:
        if "\u2014" not in unit.text and "\u2013" not in unit.text:
            continue  # a C-speed test: most paragraphs hold no dash at all
        for match in _DASH_RE.finditer(unit.text):
            start, end = unit.span(match.start(), match.end())
            if not (_opens_line(doc.text, start) or _separates_fields(doc.text, start)):
                dashes.append((start, end))
    rate = 1000.0 * len(dashes) / max(view.words, float(opts["min_words"]))
    if len(dashes) < int(opts["min_count"]) or rate <= float(opts["human_per_1k"]):
        return
    warn = rate >= float(opts["warn_per_1k"])
    summary = (f"{len(dashes)} dashes in {view.words} words ({rate:.1f} per 1,000; professional "
               f"human writing averages under {opts['human_per_1k']}). Dashes used as all-purpose "
               "punctuation make the rhythm monotonous.")
    for i, (start, end) in enumerate(dashes):
        first = i == 0
        yield doc.finding(
            EM_DASH_DENSITY, start, end,
            summary if first else "Another dash: consider a comma, colon, parentheses or a full stop.",
            severity=Severity.WARNING if warn and first else Severity.INFO,
        )
