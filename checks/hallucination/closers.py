"""chat-leftover, closers: the assistant's stock sign-off or apology left at the start or end of
a deliverable ("Let me know if you have any questions.", "Is there anything else I can help
you with?", "I apologize for the confusion.").

The same words are ordinary in a letter, so the context decides:

- in a document the sentence counts only in its first or last two paragraphs, as the first words
  of a sentence, outside quotation marks and block quotes: that is where a chat reply's framing
  sits; in the middle of a text the words are the author's own;
- a letter or e-mail (a salutation such as "Dear Ms Lee," or "Hi team," near the top, e-mail
  headers, or a sign-off such as "Best regards," near the end) speaks to its reader, so a closer
  *before* its sign-off is the writer's and stays quiet; one *after* the sign-off and the name
  below it is outside the letter: the assistant talking to whoever asked for the draft;
- in Python comments and docstrings (``comment_blocks`` from in_code) a closer is never the
  program's text: it counts wherever it opens a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from aislop.checks.hallucination.rules import CHAT_LEFTOVER
from aislop.checks.hallucination.text import chat_autofix, inside_quotes, packs, snippet
from aislop.checks.text.sentences import sentences
from aislop.document import Block, Document
from aislop.model import Finding

EDGE_BLOCKS = 2  # paragraphs at each end of a document where a closer counts

_SALUTATION = re.compile(
    r"[ \t]*(?:dear|hi|hello|hey|greetings|good (?:morning|afternoon|evening)|to whom it may concern)\b[^\n]{0,60}$",
    re.I,
)
_HEADER = re.compile(r"(?im)^[ \t]*(?:subject|to|from|cc|date|re)[ \t]*:[ \t]*\S")
_SIGN_OFF = re.compile(
    r"[ \t]*(?:(?:best|kind|warm|warmest|many|with best)(?: regards| wishes)?|regards|sincerely(?: yours)?|"
    r"yours(?: sincerely| truly| faithfully)?|thanks(?: again| so much)?|thank you|many thanks|cheers|all the best|"
    r"respectfully|take care|talk soon|with thanks)[ \t]*[,.!]?[ \t]*$",
    re.I,
)
# A sign-off sentence just before the closer belongs to it: "I hope this helps! Let me know..."
_HOPE = re.compile(r"(?:I )?hope (?:this|that|these|it)(?: [\w-]+){0,2}? (?:helps|is helpful|was helpful)\b", re.I)


def letter_end(doc: Document, text: str, blocks: list[Block]) -> int | None:
    """Where the letter part of a letter or e-mail ends (the offset of its sign-off line, or the
    end of the text when it has none); None when the document is not a letter."""
    first_lines = [text[b.start : b.end].split("\n", 1)[0] for b in blocks[:3]]
    is_letter = any(_SALUTATION.fullmatch(line) for line in first_lines) or bool(
        _HEADER.search(text[: blocks[0].end] if blocks else "")
    )
    sign_off = None
    for block in blocks[-4:]:
        offset = block.start
        for line in text[block.start : block.end].split("\n"):
            if _SIGN_OFF.fullmatch(line) and sign_off is None:
                sign_off = offset
            offset += len(line) + 1
    if sign_off is not None:
        return sign_off
    return len(text) if is_letter else None


def chat_closers(
    doc: Document, text: str, blocks: Iterable[Block], taken: list[Finding], anywhere: bool = False
) -> Iterator[Finding]:
    """One finding per closing (or opening) sentence run, unless a finding in ``taken`` (the other
    chat-leftover phrases) already covers its lines. ``anywhere``: comments and docstrings."""
    pack = packs().text["chat-closer"]
    candidates = pack.candidates(text)
    if not candidates:
        return
    readable = [b for b in blocks if b.kind not in ("heading", "table", "html") and not b.quoted]
    if not readable:
        return
    edges = readable if anywhere else readable[:EDGE_BLOCKS] + readable[-EDGE_BLOCKS:]
    letter = None if anywhere else letter_end(doc, text, readable)
    seen: set[int] = set()
    for block in edges:
        if block.start in seen:
            continue
        seen.add(block.start)
        spans = sentences(text, block.start, block.end)
        for i, (a, b) in enumerate(spans):
            match = next(pack.match_at(text, a, b, candidates), None)
            if match is None or inside_quotes(text, block.start, a):
                continue
            if letter is not None and a < letter:
                continue  # the writer of a letter speaking to its reader
            start = spans[i - 1][0] if i and _HOPE.match(text, *spans[i - 1]) else a
            phrase = match[1]
            finding = doc.finding(
                CHAT_LEFTOVER, start, b,
                f'"{snippet(text[start:b])}" is {phrase.why}: {phrase.fix}.',
                fix=phrase.fix[0].upper() + phrase.fix[1:] + ".",
                autofix=chat_autofix(doc, [(start, b)]),  # as the other chat leftovers: prose only
            )
            if not any(_overlap(finding, other) for other in taken):
                yield finding


def _overlap(one: Finding, other: Finding) -> bool:
    return (one.line or 0) <= (other.end_line or other.line or 0) and (other.line or 0) <= (one.end_line or one.line or 0)
