"""One sentence splitter for every family: the prose rules (sentence rhythm, reading grade) and
the hallucination rules (the sentence a figure or a chat phrase sits in) must agree on where a
sentence ends.

A sentence ends at . ! ? or … (with any closing quotes and brackets) followed by space and a
likely sentence start (a capital, a digit, an opening quote or bracket). A full stop does not
end a sentence after a common abbreviation ("e.g.", "et al.", "Dr.", "U.S.") or an initial
("J. Smith", "Plan B."): a wrong cut there splits one sentence in two, which shortens sentence
lengths and separates a figure from its citation. "a.m." and "p.m." are no such abbreviation:
before a capital they end their sentence ("... after 9 p.m. A checklist ..."), and a missed cut
joins a claim to the next sentence's link, which then passes for its source.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    "al e.g i.e etc vs cf dr mr mrs ms prof st no jr sr inc ltd co corp fig figs approx eq ca ed eds vol pp u.s".split()
)
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")


def sentence_ends(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets just past each sentence-ending mark in ``text[start:end]`` (closing quotes
    included); the end of the last sentence (``end``) is not listed."""
    end = len(text) if end is None else end
    ends = []
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.group().startswith(".") and _abbreviated(text, start, match.start()):
            continue
        ends.append(match.end())
    return ends


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``: each from its first non-space character to just
    past its closing mark (the last one to ``end``); blank stretches are no sentence."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    begin = start
    for cut in sentence_ends(text, start, end):
        spans.append((begin, cut))
        begin = cut
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return spans


def _abbreviated(text: str, start: int, stop: int) -> bool:
    """Whether the word before the full stop at ``stop`` is an abbreviation or an initial."""
    begin = stop
    while begin > start and (text[begin - 1].isalnum() or text[begin - 1] in "._"):
        begin -= 1
    token = text[begin:stop].lower().rstrip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and "a" <= token <= "z")
