"""The phrase-pack rules: stock-phrase, negative-parallelism, hedging and sycophancy, one
compiled pack per rule from prose.toml."""

from __future__ import annotations

from functools import cache

from aislop.checks.prose.hits import Hit
from aislop.checks.prose.rules import HEDGING, NEGATIVE_PARALLELISM, STOCK_PHRASE, SYCOPHANCY
from aislop.checks.prose.view import ProseView, clip, packs
from aislop.checks.text.packs import CompiledPack, phrases
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


def phrase_hits(view: ProseView) -> list[Hit]:
    hits = []
    for section, rule, in_headings in _PHRASE_RULES:
        pack = _phrase_pack(section)
        units = view.units + view.headings if in_headings else [u for u in view.units if not u.pseudo_heading]
        candidates = pack.candidates("\n".join(unit.text for unit in units))
        if not candidates:
            continue
        for unit in units:
            for match, entry in pack.finditer(unit.text, candidates=candidates):
                if rule is SYCOPHANCY and inside_quotes(unit.text, 0, match.start()):
                    continue  # a quoted title or someone's words: "How do I ask a good question?"
                a, b = match.span()
                while b > a and unit.text[b - 1] == " ":
                    b -= 1
                start, end = unit.span(a, b)
                phrase = unit.text[a:b]
                weak_hedge = rule is HEDGING and not entry.strong
                hits.append(
                    Hit(rule, start, end, 0.5 if weak_hedge else 1.0, entry.strong,
                        f"'{clip(phrase)}': {entry.why}", entry.fix, report=not weak_hedge,
                        edit=entry.edit or ("sentence" if rule is SYCOPHANCY else None))
                )
    return hits
