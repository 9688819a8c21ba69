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
    # Most files hold no phrase's words in any comment or docstring: one test for all of them.
    if not facts.texts or not pack.placeholder_words.candidates("\n".join(rec.text for rec in facts.texts)):
        return
    for rec in facts.texts:
        note = pack.placeholder_note(rec.text)
        if not note:
            continue
        match, phrase = note
        yield Hit(
            PLACEHOLDER_COMMENT.name,
            rec.node,
            f"Placeholder note \"{match.group(0)}\": {phrase.why}",
            fix=phrase.fix,
            symbol=rec.symbol,
            matched=match.group(0),
        )
