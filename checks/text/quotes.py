"""Quoted words: someone else's text inside the author's, which the phrase rules leave alone."""

from __future__ import annotations


def inside_quotes(text: str, start: int, offset: int) -> bool:
    """Whether ``offset`` lies inside "…" or “…” that opened after ``start`` (dialogue, a quoted
    title such as "How do I ask a good question?")."""
    depth, straight = 0, False
    for ch in text[start:offset]:
        if ch == "\u201c":
            depth += 1
        elif ch == "\u201d":
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight
