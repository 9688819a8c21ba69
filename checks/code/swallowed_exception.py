"""swallowed-exception: a bare or broad ``except`` whose body does nothing (``pass``,
``continue``, ``...``, ``return None``), outside best-effort cleanup and ``__del__``."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from aislop.checks.code.facts import FileFacts, Hit
from aislop.checks.code.rules import SWALLOWED_EXCEPTION
from aislop.checks.code.syntax import last_name, small_statements
from aislop.registry import Context

RULES = (SWALLOWED_EXCEPTION,)

_TEARDOWN_CALLS = frozenset(
    "close flush unlink remove rmdir rmtree kill terminate shutdown cleanup cancel release disconnect "
    "stop delete unregister detach".split()
)


def findings(facts: FileFacts, ctx: Context) -> Iterator[Hit]:
    for rec in facts.excepts:
        node = rec.node
        body = small_statements(node.body)
        if not body or not all(_does_nothing(s) for s in body) or rec.in_del:
            continue
        if rec.try_node is not None and _is_teardown(rec.try_node):
            continue  # best-effort cleanup (f.close(), os.unlink(tmp)): failing to clean up is not news
        action = type(body[0]).__name__.lower().replace("expr", "...")
        action = "return None" if action == "return" and body[0].value is not None else action
        shown = rec.caught[:-1] + (f" as {node.name.name.value}:" if node.name and isinstance(node.name.name, cst.Name) else ":")
        commented = "#" in facts.code(node.body) or "#" in facts.code(node.whitespace_after_except)
        yield Hit(
            SWALLOWED_EXCEPTION.name,
            node,
            f"`{shown}` followed only by `{action}` hides every error raised in the `try` block, "
            "including bugs and typos; failures will pass silently.",
            fix="Catch the specific exceptions you expect, and log or re-raise anything else.",
            symbol=rec.symbol,
            matched=rec.caught,
            # A comment (or noqa) beside it documents a decision: worth a look, not a warning.
            severity="info" if commented else None,
            confidence=0.55 if commented else None,
        )


def _does_nothing(stmt: cst.BaseSmallStatement) -> bool:
    if isinstance(stmt, cst.Pass | cst.Continue):
        return True
    if isinstance(stmt, cst.Expr):
        return isinstance(stmt.value, cst.Ellipsis)
    if isinstance(stmt, cst.Return):
        return stmt.value is None or (isinstance(stmt.value, cst.Name) and stmt.value.value == "None")
    return False


def _is_teardown(node: cst.Try) -> bool:
    """A try whose body is one cleanup call (``f.close()``, ``os.unlink(path)``) or a ``del``."""
    body = small_statements(node.body)  # None when the body holds compound statements
    if body is None or len(body) != 1:
        return False
    stmt = body[0]
    if isinstance(stmt, cst.Del):
        return True
    return (isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Call)
            and last_name(stmt.value.func) in _TEARDOWN_CALLS)
