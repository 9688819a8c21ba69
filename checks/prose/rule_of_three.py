"""rule-of-three: reflexive three-item lists and parallel triads of clauses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.prose.hits import Hit
from aislop.checks.prose.rules import RULE_OF_THREE
from aislop.checks.prose.view import ProseView, clip
from aislop.document import Document
from aislop.model import Finding, Severity
from aislop.registry import Context

# A triad: "A, B, and C" (or "A, B and C" with very short items), not part of a longer list.
_ITEM = r"[A-Za-z][\w'-]*(?: [A-Za-z][\w'-]*){0,3}"


# The look-ahead only speeds the scan up (without backtracking, it rejects a word start that
# is not within four words of ", "): the first item ends at the first comma after it.
_TRIAD_RE = re.compile(
    rf"(?<![\w'-])(?=(?:[\w'-]++ ){{0,3}}+[\w'-]++, )({_ITEM}), ({_ITEM})(,?) (?:and|or) ({_ITEM})(?![\w'-])"
)


# A code identifier: one token with an underscore or a digit in it ("d2i_X509_CRL", "utf8").
_IDENTIFIER = re.compile(r"[\w'-]*(?:_|\d)[\w'-]*")
_CONJ = re.compile(r"\b(?:and|or)\b", re.IGNORECASE)


# Items that open with these words are clauses, not list members ("..., which was tender and ...").
_CLAUSE_START = frozenset(
    "which who whom whose that whether with without in on at by for from of to into as if when where "
    "while because although though since unless we you it they he she i there this these those but so "
    "then also is are was were be has have had".split()
)


# A parallel triad of clauses: "what went wrong, what we fixed, and what changes next".
_ANAPHORA_RE = re.compile(  # the look-ahead of the leads' first letters only speeds the scan up
    r"(?<![\w'-])(?=[whyoen])(?P<lead>what|how|why|who|where|when|whether|we|you|our|your|every|no)"
    r"((?: [\w'-]+){1,7}), (?P=lead)((?: [\w'-]+){1,7}),? (?:and|or) (?P=lead)((?: [\w'-]+){1,4})(?![\w'-])",
    re.IGNORECASE,
)


# Every character either triad pattern consumes is a word character, an apostrophe, a hyphen, a
# space or a comma, so no match crosses a run of these (both patterns also end on a look-ahead
# that no character outside the run passes); each run holding ", " is scanned on its own, and
# the clauses between (stopped by ".", ";", ":", a bracket, a quote) are not scanned at all.
_RUN_RE = re.compile(r"[\w' ,-]+")


def _runs(text: str) -> list[tuple[int, int]]:
    """The runs of ``text`` that may hold a triad: those with ", " in them."""
    return [m.span() for m in _RUN_RE.finditer(text) if text.find(", ", *m.span()) >= 0]


def _scan(regex: re.Pattern[str], text: str, runs: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """``regex.finditer(text)`` of a triad pattern, run by run."""
    for a, b in runs:
        yield from regex.finditer(text, a, b)


def triad_hits(view: ProseView) -> list[Hit]:
    hits = []
    for unit in view.units:
        text = unit.text
        if unit.pseudo_heading or ", " not in text:
            continue  # both kinds of triad hold ", ": a fast reject of many units
        runs = _runs(text)
        parallel = [m.span() for m in _scan(_ANAPHORA_RE, text, runs)]
        for a, b in parallel:
            start, end = unit.span(a, b)
            match = unit.text[a:b]
            hits.append(
                Hit(RULE_OF_THREE, start, end, 0.5, False,
                    f"Triad '{clip(match)}': three clauses opening alike by reflex make prose sound "
                    "templated.", RULE_OF_THREE.fix)
            )
        if " and " not in text and " or " not in text:
            continue  # a list triad's "and" / "or" (lower case, between spaces)
        for match in _scan(_TRIAD_RE, text, runs):
            if any(a < match.end() and match.start() < b for a, b in parallel):
                continue
            before = unit.text[max(0, match.start() - 2) : match.start()]
            if before.endswith(", ") or before.endswith(","):
                continue  # the tail of a longer list
            first, second, oxford, third = match.groups()
            if _CONJ.search(first) or _CONJ.search(second):
                continue
            if any(item.split()[0].lower() in _CLAUSE_START for item in (second, third)):
                continue
            if not oxford and max(len(item.split()) for item in (first, second, third)) > 2:
                continue
            if all(_IDENTIFIER.fullmatch(word) for word in (first.split()[-1], *second.split(), third.split()[0])):
                continue  # "X509_new, d2i_X509, and i2d_X509": names of functions, not a rhetorical triad
            start, end = unit.span(match.start(), match.end())
            hits.append(
                Hit(RULE_OF_THREE, start, end, 0.5, False,
                    f"Triad '{clip(match.group(0))}': grouping in threes by reflex makes prose sound "
                    "templated.", RULE_OF_THREE.fix)
            )
    return hits


def rule_of_three_summary(doc: Document, view: ProseView, triads: list[Hit], ctx: Context) -> Iterator[Finding]:
    opts = ctx.options(RULE_OF_THREE)
    rate = 1000.0 * len(triads) / max(view.words, float(opts["min_words"]))
    if len(triads) >= int(opts["min_count"]) and rate >= float(opts["warn_per_1k"]):
        first = triads[0]
        yield doc.finding(
            RULE_OF_THREE, first.start, first.end,
            f"{len(triads)} three-item lists in {view.words} words ({rate:.1f} per 1,000): the "
            "reflexive triad is a rhythm readers notice.",
            severity=Severity.WARNING,
        )
