"""mock-return: a function returning a hard-coded payload that its name, a comment or the data
itself marks as mock or placeholder data."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from aislop.checks.code.facts import FileFacts, Func, Hit
from aislop.checks.code.packs import packs
from aislop.checks.code.rules import MOCK_RETURN
from aislop.checks.code.syntax import docstring_node, is_payload, name_tokens, string_value
from aislop.registry import Context

RULES = (MOCK_RETURN,)


def findings(facts: FileFacts, ctx: Context) -> Iterator[Hit]:
    if facts.is_test_file or facts.is_doubles_module:
        return
    for func in facts.functions:
        if func.node is not None and (hit := _mock_return(facts, func)) is not None:
            yield hit


def _mock_return(facts: FileFacts, func: Func) -> Hit | None:
    if not func.returns or (func.cls is not None and func.cls.is_test_double):
        return None
    if func.decorated("fixture", "abstractmethod", "overload"):
        return None
    payloads = []  # (returned value, the payload it is or names, the local name)
    for value in func.returns:
        payload, var = value, None
        if isinstance(value, cst.Name) and value.value in func.literal_locals:
            payload, var = func.literal_locals[value.value], value.value
        if is_payload(payload, frozenset(func.params)):
            payloads.append((value, payload, var))
    if not payloads:
        return None  # most functions: no need to look for marks
    marks = packs()
    name_marked = any(marks.mock_name.match(t) for t in name_tokens(func.name))
    comment_marked = any(marks.mock_marker.search(c) for c in func.comments)
    doc = docstring_node(func.node.body)
    if doc is not None and marks.mock_marker.search(string_value(doc) or ""):
        comment_marked = True
    for value, payload, var in payloads:
        var_marked = var is not None and any(marks.mock_name.match(t) for t in name_tokens(var))
        text_marked = bool(marks.sample_value.search(facts.code(payload)))
        # A name alone ("_stub_kind") marks only a data structure, never a plain string.
        named = (name_marked or var_marked) and not isinstance(payload, cst.SimpleString | cst.ConcatenatedString)
        if not (named or comment_marked or text_marked):
            continue
        label = var or func.name
        return Hit(
            MOCK_RETURN.name,
            value,
            f"`{func.name}()` returns a hard-coded payload marked as mock/placeholder data "
            f"(`{label}`): callers get the same canned answer whatever the input.",
            fix="Compute or fetch the real result; if the function is a test double, move it into the tests.",
            symbol=facts.full_name(func.qualname),
            matched=func.name,
        )
    return None
