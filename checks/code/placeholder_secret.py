"""placeholder-secret: a secret-named setting (``api_key``, ``DB_PASSWORD``) given a
placeholder value ("your-api-key-here", "changeme") outside the tests."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.code.facts import FileFacts, Hit
from aislop.checks.code.packs import packs
from aislop.checks.code.rules import PLACEHOLDER_SECRET
from aislop.checks.code.syntax import snake
from aislop.registry import Context

RULES = (PLACEHOLDER_SECRET,)


def findings(facts: FileFacts, ctx: Context) -> Iterator[Hit]:
    if facts.is_test_file:
        return
    pack = packs()
    for rec in facts.bindings:
        if not pack.secret_name.search(snake(rec.name)) or rec.text is None:
            continue
        value = rec.text.strip()
        if not pack.secret_value.match(value):
            continue
        yield Hit(
            PLACEHOLDER_SECRET.name,
            rec.value,
            f"`{rec.name}` is set to the placeholder {value!r}: the code cannot authenticate as "
            "delivered, and people tend to paste a real secret over it and commit it.",
            fix=f"Read `{rec.name}` from the environment or a secrets manager (e.g. os.environ[\"{snake(rec.name).upper()}\"]) "
            "and fail with a clear message when it is missing; document it in the README or .env.example.",
            symbol=rec.symbol,
            matched=value,
        )
