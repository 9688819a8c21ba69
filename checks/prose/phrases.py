"""The phrase-pack rules: stock-phrase, negative-parallelism, hedging and sycophancy, one
pack per rule from prose.toml, all four run in one scan of each paragraph."""

from __future__ import annotations

from functools import cache

from aislop.checks.prose.hits import Hit
from aislop.checks.prose.rules import HEDGING, NEGATIVE_PARALLELISM, STOCK_PHRASE, SYCOPHANCY
from aislop.checks.prose.view import ProseView, clip, packs
from aislop.checks.text.packs import CompiledPack, Phrase, phrases
from aislop.checks.text.phrases import PhrasePack
from aislop.checks.text.quotes import inside_quotes


@cache
def _phrase_pack(section: str) -> CompiledPack:
    return CompiledPack(phrases(packs()[section], f"prose.toml [[{section}]]"))


_PHRASE_RULES = (
    ("stock", STOCK_PHRASE, True),
    ("negation", NEGATIVE_PARALLELISM, False),
    ("hedge", HEDGING, False),
    ("sycophancy", SYCOPHANCY, False),
)


@cache
def _shared_scan() -> tuple[PhrasePack, list[Phrase], list[int]]:
    """The four packs' patterns in one PhrasePack, each pack its own part (its matches are
    those of a scan of its own); with each pattern's Phrase and its pack's place in _PHRASE_RULES.
    One literal prefilter and one call per paragraph instead of four."""
    entries: list[Phrase] = []
    part: list[int] = []
    for k, (section, _, _) in enumerate(_PHRASE_RULES):
        pack = _phrase_pack(section)
        entries += pack.phrases
        part += [k] * len(pack.phrases)
    return PhrasePack([p.pattern for p in entries], parts=part), entries, part


def phrase_hits(view: ProseView) -> list[Hit]:
    scan, entries, part = _shared_scan()
    units = view.units + view.headings
    candidates = scan.candidates("\n".join(unit.text for unit in units))
    found: list[list[Hit]] = [[] for _ in _PHRASE_RULES]
    if not candidates:
        return []
    headings = {id(unit) for unit in view.headings}
    for unit in units:
        body = not unit.pseudo_heading and id(unit) not in headings
        for match, index in scan.finditer(unit.text, candidates=candidates):
            k = part[index]
            _, rule, in_headings = _PHRASE_RULES[k]
            if not (in_headings or body):
                continue  # only stock phrases count in headings
            if rule is SYCOPHANCY and inside_quotes(unit.text, 0, match.start()):
                continue  # a quoted title or someone's words: "How do I ask a good question?"
            entry = entries[index]
            a, b = match.span()
            while b > a and unit.text[b - 1] == " ":
                b -= 1
            start, end = unit.span(a, b)
            phrase = unit.text[a:b]
            weak_hedge = rule is HEDGING and not entry.strong
            found[k].append(
                Hit(rule, start, end, 0.5 if weak_hedge else 1.0, entry.strong,
                    f"'{clip(phrase)}': {entry.why}", entry.fix, report=not weak_hedge,
                    edit=entry.edit or ("sentence" if rule is SYCOPHANCY else None))
            )
    return [hit for hits in found for hit in hits]
