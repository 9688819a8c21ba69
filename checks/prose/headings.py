"""Heading rules: emoji-heading and title-case-heading."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.prose.emoji import EMOJI_RE
from aislop.checks.prose.rules import EMOJI_HEADING, TITLE_CASE_HEADING
from aislop.checks.prose.view import ProseView, clip
from aislop.document import Document
from aislop.model import Finding, Severity
from aislop.registry import Context

RULES = (EMOJI_HEADING, TITLE_CASE_HEADING)

_MINOR = frozenset(
    "a an the and but or nor for so yet as at by in of on to up via with from into onto over vs per "
    "than off out".split()
)


def findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    emoji = [u for u in view.headings if EMOJI_RE.search(doc.source[u.block.start : u.block.end])]
    for unit in emoji:
        start, end = unit.block.start, unit.block.end
        yield doc.finding(
            EMOJI_HEADING, start, end,
            "Emoji in a heading read as decoration in a professional document.",
            matched=doc.source[start:end].strip(),
            severity=Severity.WARNING if len(emoji) >= 2 else Severity.INFO,
        )
    opts = ctx.options(TITLE_CASE_HEADING)
    sub = [u for u in view.headings if u.block.level >= 2]
    titled = [u for u in sub if _is_title_case(u.text)]
    if len(titled) >= int(opts["min_headings"]) and len(titled) >= float(opts["min_share"]) * len(sub):
        for unit in titled:
            yield doc.finding(
                TITLE_CASE_HEADING, unit.block.start, unit.block.end,
                f"Title Case in '{clip(unit.text.strip())}' ({len(titled)} of {len(sub)} subheadings): "
                "most style guides use sentence case for section headings.",
                fix=f"Sentence case: '{_sentence_case(unit.text.strip())}'.",
            )


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", text)]
    major = [w for w in words[1:] if w.lower() not in _MINOR]
    return len(words) >= 3 and len(major) >= 2 and all(w[0].isupper() for w in major) and any(
        not w.isupper() for w in major
    )


def _sentence_case(text: str) -> str:
    words = text.split()
    return " ".join([words[0]] + [w if w.isupper() or w[1:] != w[1:].lower() else w.lower() for w in words[1:]])
