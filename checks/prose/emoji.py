"""emoji-bullets: lines of running text that open with an emoji (and the emoji pattern the
heading rule shares)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.prose.rules import EMOJI_BULLETS
from aislop.checks.prose.view import ProseView
from aislop.document import Document
from aislop.model import Autofix, Edit, Finding
from aislop.registry import Context

RULES = (EMOJI_BULLETS,)

EMOJI_RE = re.compile(
    "[\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F000-\U0001F2FF\U00002B50\U00002B55\u2705\u274C]"
)


# An emoji (or keycap digit) opening a line, after list markers and bold markup, followed by
# the item's words: a line of nothing but glyphs ("❧❧❧❧", "❄ ❄ ❄") is an ornamental divider.
_EMOJI_LEAD_RE = re.compile(
    r"[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?P<emoji>(?:" + EMOJI_RE.pattern + r")\ufe0f?|[0-9#*]\ufe0f?\u20e3)"
    r"(?=[ \t]*(?:\*\*|__|\[)?[^\W_])"
)
# Symbols below U+1F000 that a font draws as text unless a U+FE0F selector asks for the emoji:
# only these (Unicode's Emoji_Presentation) are emoji by default. "✓ ok", "✗ PrivateNetwork=" and
# "⚙ ⚙ ⚙" are the check marks and dingbats of command output and typography, not emoji bullets.
_PRESENTATION_BMP = frozenset(
    [0x2614, 0x2615, *range(0x2648, 0x2654), 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4,
     0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A, 0x270B, 0x2728,
     0x274C, 0x274E, 0x2753, 0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797, 0x27B0, 0x27BF, 0x2B50, 0x2B55]
)


def _is_emoji(glyph: str) -> bool:
    """Drawn as an emoji: emoji presentation by default, or any symbol with U+FE0F."""
    code = ord(glyph[0])
    return code >= 0x1F000 or code in _PRESENTATION_BMP or glyph.endswith(("\ufe0f", "\u20e3"))


def findings(doc: Document, view: ProseView, ctx: Context) -> Iterator[Finding]:
    """Lines of running text (not headings, tables or quotes) that open with an emoji: a
    warning each once there are ``min_lines`` of them; one or two are not a pattern."""
    if not ctx.is_enabled(EMOJI_BULLETS):
        return
    leads: list[tuple[re.Match[str], bool]] = []  # (the match, its block holds more lines)
    for block in doc.blocks:
        if block.kind in ("heading", "table", "html") or block.quoted:
            continue
        line = doc.text.rfind("\n", 0, block.start) + 1
        while line < block.end:
            end = doc.text.find("\n", line, block.end)
            end = block.end if end < 0 else end
            if (match := _EMOJI_LEAD_RE.match(doc.text, line, end)) and _is_emoji(match.group("emoji")):
                leads.append((match, "\n" in doc.text[block.start : block.end]))
            line = end + 1
    if len(leads) < int(ctx.options(EMOJI_BULLETS)["min_lines"]):
        return
    for match, in_run in leads:
        start = match.start("emoji")
        line_end = doc.source.find("\n", match.end())
        line_end = len(doc.source) if line_end < 0 else line_end
        yield doc.finding(
            EMOJI_BULLETS, start, match.end(),
            f"{len(leads)} lines of this document open with an emoji: bullet decoration that reads "
            "as social-media copy in a deliverable.",
            matched=doc.source[start:line_end].strip()[:80],
            autofix=_plain_marker(doc, match, in_run),
        )


# What belongs to one emoji: variation selectors, joiners, skin tones, joined emoji, then spaces.
_EMOJI_TAIL = re.compile("(?:[\ufe0f\u200d\u20e3]|" + EMOJI_RE.pattern + ")*[ \t]*")


def _plain_marker(doc: Document, match: re.Match[str], in_run: bool) -> Autofix | None:
    """Replace the emoji by what a person would use: nothing in a list item or a paragraph of
    its own, "1." for a keycap digit, "- " for lines of one Markdown paragraph (which would
    otherwise run together once the emoji is gone)."""
    start = match.start("emoji")
    end = _EMOJI_TAIL.match(doc.text, match.end()).end()
    emoji = match.group("emoji")
    line_end = doc.text.find("\n", end)
    if not doc.text[end : len(doc.text) if line_end < 0 else line_end].strip():
        return None  # an emoji alone on its line: not a bullet of anything
    bare = not match.group()[: start - match.start()].strip(" \t>")  # no list marker or bold before it
    if emoji[0].isdigit() and bare:
        return Autofix((Edit(start, end, f"{emoji[0]}. "),))
    if emoji[0] in "#*" or emoji[0].isdigit():
        return None
    if bare and in_run and doc.format == "markdown":
        return Autofix((Edit(start, end, "- "),))
    return Autofix((Edit(start, end),))
