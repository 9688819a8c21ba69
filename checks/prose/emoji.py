"""emoji-bullets: lines of running text that open with an emoji (and the emoji pattern the
heading rule shares)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.prose.rules import EMOJI_BULLETS
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Context

EMOJI_RE = re.compile(
    "[\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F000-\U0001F2FF\U00002B50\U00002B55\u2705\u274C]"
)


# An emoji (or keycap digit) opening a line, after list markers and bold markup.
_EMOJI_LEAD_RE = re.compile(r"[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?P<emoji>" + EMOJI_RE.pattern + r"|[0-9#*]\ufe0f?\u20e3)")


def emoji_bullet_findings(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Lines of running text (not headings, tables or quotes) that open with an emoji: a
    warning each once there are ``min_lines`` of them; one or two are not a pattern."""
    leads: list[re.Match[str]] = []
    for block in doc.blocks:
        if block.kind in ("heading", "table", "html") or block.quoted:
            continue
        line = doc.text.rfind("\n", 0, block.start) + 1
        while line < block.end:
            end = doc.text.find("\n", line, block.end)
            end = block.end if end < 0 else end
            if match := _EMOJI_LEAD_RE.match(doc.text, line, end):
                leads.append(match)
            line = end + 1
    if len(leads) < int(ctx.options(EMOJI_BULLETS)["min_lines"]):
        return
    for match in leads:
        start = match.start("emoji")
        line_end = doc.source.find("\n", match.end())
        line_end = len(doc.source) if line_end < 0 else line_end
        yield doc.finding(
            EMOJI_BULLETS, start, match.end(),
            f"{len(leads)} lines of this document open with an emoji: bullet decoration that reads "
            "as social-media copy in a deliverable.",
            matched=doc.source[start:line_end].strip()[:80],
        )
