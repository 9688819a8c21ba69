"""Inline suppressions: ``<!-- aislop: ignore R -->`` / ``off`` ... ``on`` in prose and
``# aislop: ignore[R]`` in Python, turned into line ranges the engine drops findings from.

Either may end with `` -- reason``: the review record lists it beside the waived finding, and
``require-reason`` reports a suppression without one."""

from __future__ import annotations

import re

from aislop.document import Document, Suppression

# Unclosed openers must not make a regex rescan to the end of the text from each one
# (quadratic on hostile one-line files): comment and tag bodies stop at the next opener,
# link text at the next bracket, destinations at the next unbalanced parenthesis.
COMMENT_DIRECTIVE = re.compile(r"<!--\s*aislop\s*:\s*(ignore|off|on)\b((?:(?!<!--).)*?)-->", re.I | re.S)
_PY_DIRECTIVE = re.compile(r"#\s*aislop\s*:\s*ignore\b(?:\[([^\]]*)\])?", re.I)


def _rule_set(raw: str) -> frozenset[str]:
    return frozenset(p.strip().lower() for p in re.split(r"[,\s\[\]]+", raw) if p.strip())


def _rules_and_reason(raw: str) -> tuple[frozenset[str], str | None]:
    """``R1, R2 -- why`` -> ({r1, r2}, "why"). Rule names hold single hyphens only."""
    rules, _, reason = raw.partition("--")
    return _rule_set(rules), " ".join(reason.split()) or None


def comment_suppressions(doc: Document) -> list[Suppression]:
    """``<!-- aislop: ignore R1, R2 -->`` (next block) and ``off`` ... ``on`` regions."""
    result: list[Suppression] = []
    off_from: tuple[int, frozenset[str], str | None] | None = None
    for match in COMMENT_DIRECTIVE.finditer(doc.source):
        verb, (rules, reason) = match.group(1).lower(), _rules_and_reason(match.group(2))
        line = doc.position(match.start())[0]
        if verb == "off" and off_from is None:
            off_from = (line, rules, reason)
        elif verb == "on" and off_from is not None:
            result.append(Suppression(off_from[0], line, off_from[1], off_from[2], at=off_from[0]))
            off_from = None
        elif verb == "ignore":
            target = doc.block_at(match.start()) or next(
                (b for b in doc.blocks if b.start >= match.end()), None
            )
            if target is not None:
                first = doc.position(target.start)[0]
                last = doc.position(max(target.end - 1, target.start))[0]
                result.append(Suppression(first, last, rules, reason, at=line))
    if off_from is not None:
        result.append(Suppression(off_from[0], 10**9, off_from[1], off_from[2], at=off_from[0]))
    return result


def python_suppressions(source: str, comments: list[tuple[int, str]]) -> list[Suppression]:
    """``# aislop: ignore[RULE]`` at the end of a line silences that line; ``comments`` are the
    source's comments as (offset, text)."""
    result = []
    for offset, text in comments:
        if m := _PY_DIRECTIVE.search(text):
            line = source.count("\n", 0, offset) + 1
            _, reason = _rules_and_reason(text[m.end():])
            result.append(Suppression(line, line, _rule_set(m.group(1) or ""), reason, at=line))
    return result
