"""inline-header-list: lists whose every item opens with a bold label and a colon."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from aislop.checks.prose.rules import INLINE_HEADER_LIST
from aislop.checks.prose.view import WORD_RE, ProseView
from aislop.document import Document
from aislop.model import Finding, Severity
from aislop.registry import Context

RULES = (INLINE_HEADER_LIST,)

_LIST_ITEM_RE = re.compile(r"^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+(?:\*\*|__)(?P<label>[^*_\n]{1,80}?)(?:\*\*|__)(?P<after>[^\n]*)", re.MULTILINE)

# A label that is a code span names the thing the item describes (a file, a function, an option),
# as a glossary does: the term defined, not a header summing up the sentence.
_CODE_LABEL = re.compile(r"`[^`\n]+`[:.]?")


def settle(found: list[Finding]) -> list[Finding]:
    """One structural hit in an otherwise plain document is info: human reference docs use a
    bold-label list now and then ("**Tier 1**: ..."); with other warnings, or twice, it is a pattern.
    Run by the prose check on the document's findings once every rule has decided."""
    own = [i for i, f in enumerate(found) if f.rule is INLINE_HEADER_LIST]
    warned = any(f.effective_severity is not Severity.INFO for f in found if f.rule is not INLINE_HEADER_LIST)
    if len(own) == 1 and not warned:
        found = list(found)
        found[own[0]] = replace(found[own[0]], severity=Severity.INFO)
    return found


def findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    opts = ctx.options(INLINE_HEADER_LIST)
    lists: dict[int, list] = {}
    for block in doc.blocks:
        if block.kind == "list_item" and block.list_id is not None and not block.quoted:
            lists.setdefault(block.list_id, []).append(block)
    for items in lists.values():
        if len(items) < int(opts["min_items"]):
            continue
        labelled = 0
        for block in items:
            line_start = doc.source.rfind("\n", 0, block.start) + 1
            match = _LIST_ITEM_RE.match(doc.source, line_start)
            if not match:
                continue
            label, after = match.group("label").strip(), match.group("after")
            if _CODE_LABEL.fullmatch(label):
                continue  # "**`json.mjs`**: writes ...": a reference list defining names
            has_colon = label.endswith((":", ".")) or after.lstrip().startswith((":", "\u2014", "-"))
            if has_colon and WORD_RE.search(after) and len(label.split()) <= 8:
                labelled += 1
        if labelled == len(items):
            yield doc.finding(
                INLINE_HEADER_LIST, items[0].start, items[-1].end,
                f"All {len(items)} items of this list open with a bold label and a colon: a "
                "slide-deck pattern that chops the reasoning into fragments.",
                matched=doc.text[items[0].start : items[0].end].strip()[:80],
            )
