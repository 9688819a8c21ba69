"""placeholder-comment: a comment or docstring holding a placeholder note ("TODO: implement",
"your code here", "rest of the code unchanged"), from code.toml's phrase pack."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.code.facts import FileFacts, Hit
from aislop.checks.code.packs import packs
from aislop.checks.code.rules import PLACEHOLDER_COMMENT
from aislop.registry import Context

RULES = (PLACEHOLDER_COMMENT,)


def findings(facts: FileFacts, ctx: Context) -> Iterator[Hit]:
    pack = packs()
    for rec in facts.texts:
        match = pack.placeholder_note(rec.text)
        if not match:
            continue
        phrase = pack.phrases[int(match.lastgroup[1:])]
        yield Hit(
            PLACEHOLDER_COMMENT.name,
            rec.node,
            f"Placeholder note \"{match.group(0)}\": {phrase.why}",
            fix=phrase.fix,
            symbol=rec.symbol,
            matched=match.group(0),
        )
