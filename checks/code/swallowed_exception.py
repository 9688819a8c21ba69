"""swallowed-exception: a bare or broad ``except`` whose body does nothing (``pass``,
``continue``, ``...``, ``return None``), outside best-effort cleanup and ``__del__``, and
where nothing else handles the failure: not in a test (which provokes errors on purpose), not
around code that raises on purpose or only yields, not a loop trying candidates until one
works, not a fast path that falls through to a fallback."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from aislop.checks.code.facts import ExceptRec, FileFacts, Hit
from aislop.checks.code.rules import SWALLOWED_EXCEPTION
from aislop.checks.code.syntax import dotted, last_name, small_statements
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
        if rec.in_test or (rec.try_node is not None and _handled_by_design(rec, body[0])):
            continue
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


def _handled_by_design(rec: ExceptRec, action: cst.BaseSmallStatement) -> bool:
    try_body = _statements(rec.try_node.body)
    if all(_provokes(stmt) for stmt in try_body):
        return True  # `raise X`, `1/0`, `yield`, `pass`: the exception is the point, or thrown in
    if not isinstance(action, cst.Pass | cst.Continue):
        return False
    orelse = _statements(rec.try_node.orelse.body) if rec.try_node.orelse is not None else []
    if _is_cache_store(try_body):
        return True  # memo[key] = value: a value that cannot be cached is still returned
    if rec.loop is not None and _exits(try_body + orelse + list(rec.after)):
        # for candidate in ...: try: x = candidate()  except: continue  ... if good(x): return x
        return True
    if isinstance(action, cst.Pass) and try_body and isinstance(try_body[-1], cst.Return):
        # try: return fast(x)  except: pass  ... the general way: the fallback handles it
        # (not a constant answer: `return []` after the try is `except: return []`).
        rest = [stmt for block in rec.after for stmt in _statements(block)]
        return bool(rest) and not (len(rest) == 1 and (_does_nothing(rest[0]) or _constant_return(rest[0])))
    return False


def _constant_return(stmt: cst.CSTNode) -> bool:
    """``return []``, ``return 0``, ``return ""``, ``return dict()``: a fixed answer."""
    if not isinstance(stmt, cst.Return) or stmt.value is None:
        return isinstance(stmt, cst.Return)
    value = stmt.value
    if isinstance(value, cst.Integer | cst.Float | cst.SimpleString):
        return True
    if isinstance(value, cst.Name):
        return value.value in ("None", "True", "False")
    if isinstance(value, cst.List | cst.Tuple | cst.Set | cst.Dict):
        return not value.elements
    return isinstance(value, cst.Call) and not value.args and (dotted(value.func) or "") in ("dict", "list", "set", "tuple", "str")


def _exits(statements: list[cst.CSTNode]) -> bool:
    """Does a ``return`` or ``break`` leave the loop from these statements (in their if
    blocks, not in a nested loop or function)?"""
    for stmt in statements:
        if isinstance(stmt, cst.Return | cst.Break):
            return True
        if isinstance(stmt, cst.SimpleStatementLine) and _exits(list(stmt.body)):
            return True
        branch = stmt
        while isinstance(branch, cst.If | cst.Else):
            if _exits(_statements(branch.body)):
                return True
            branch = branch.orelse if isinstance(branch, cst.If) else None
    return False


def _is_cache_store(try_body: list[cst.CSTNode]) -> bool:
    """One value already computed, stored under a key: ``cache[stream] = rv``."""
    if len(try_body) != 1 or not isinstance(try_body[0], cst.Assign):
        return False
    stmt = try_body[0]
    return isinstance(stmt.value, cst.Name) and all(isinstance(t.target, cst.Subscript) for t in stmt.targets)


def _statements(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The simple statements of a block or statement line, compound statements as they are."""
    if isinstance(node, cst.IndentedBlock):
        return [s for stmt in node.body for s in _statements(stmt)]
    if isinstance(node, cst.SimpleStatementLine | cst.SimpleStatementSuite):
        return list(node.body)
    return [node]


def _provokes(stmt: cst.CSTNode) -> bool:
    """A statement that raises on purpose (``raise``, ``1/0``), or gives control to the caller
    (``yield``: the exception is the one thrown in), or does nothing (``pass``)."""
    if isinstance(stmt, cst.Raise | cst.Pass):
        return True
    if isinstance(stmt, cst.Expr):
        value = stmt.value
        if isinstance(value, cst.Yield | cst.Await):
            return True
        return (isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Divide | cst.FloorDivide | cst.Modulo)
                and isinstance(value.right, cst.Integer) and value.right.value == "0")
    return False
