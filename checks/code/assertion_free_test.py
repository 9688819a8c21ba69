"""assertion-free-test: a test that can only pass. A test that runs the code under test without
asserting is a smoke test ("must not raise"), not assertion-free; these are flagged: an empty or
docstring-only test, one whose only assertion is ``assert True``, one whose assertions sit in a
nested function it never calls, one whose note says the checks are still to come, and one that
stores a result it never looks at and makes no other call as a statement."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.code.facts import FileFacts, Func, Hit
from aislop.checks.code.rules import ASSERTION_FREE_TEST
from aislop.checks.code.testmap import by_name, setup_refs, starting_names, test_map
from aislop.registry import Context

RULES = (ASSERTION_FREE_TEST,)

# A note in a test saying its checks are not written yet.
_UNFINISHED_TEST = re.compile(
    r"\b(?:TODO|FIXME|XXX|TBD)\b|\badd (?:\w+ )?(?:assert(?:ion)?s?|checks?|verification)\b"
    r"|\b(?:assert|verify|check)(?:ions?)? (?:\w+ ){0,3}(?:later|here|goes here)\b",
    re.IGNORECASE,
)


def _unread_results(func: Func) -> list[str]:
    """Names the test assigns a call's result to and never reads afterwards."""
    return [n for n, times in func.results.items() if func.name_uses.get(n, 0) <= times and not n.startswith("_")]


def findings(facts: FileFacts, ctx: Context) -> Iterator[Hit]:
    if not facts.is_test_file:
        return
    tests = test_map(ctx.project)
    local = by_name(facts.functions)
    setups = setup_refs(local)
    # Names that lead to an assertion where this file finds them (the map's; the file's own
    # asserting functions when the map could not read it).
    asserting = tests.asserting.get(facts.relpath)
    if asserting is None:
        asserting = frozenset(name for name, funcs in local.items() if any(f.asserts for f in funcs))
    for func in facts.functions:
        if not func.is_test or func.skipped or func.node is None or not func.collected:
            continue
        if func.asserts or func.raises or func.returns or func.doctest:
            continue  # a test_* function that returns a value is a helper (testR(r): return r[0])
        # Asserting functions defined in the test that it never names (its refs include what
        # nested functions reference, their own names too: count the test's own uses).
        unused = [
            f.name for f in facts.functions
            if f.parent is func and f.cls is None and (f.asserts or f.raises) and not func.name_uses.get(f.name)
        ]  # a method of a class defined in the test runs when the test uses the class
        if (starting_names(func, setups) & asserting) - set(unused):
            continue
        if unused:
            why = f"its assertions are inside the nested function `{unused[0]}()`, which it never calls"
        elif func.trivial_assert:
            why = "its only assertion is `assert True`, which cannot fail"
        elif any(_UNFINISHED_TEST.search(note) for note in func.comments):
            why = "a note in it says the checks are still to be written"
        elif not func.statement_calls and (ignored := _unread_results(func)):
            # A call made as a statement beside it (CPython's test_setrusage_refcount:
            # resource.setrlimit(...)) is the smoke test; the stored result is a by-product.
            why = f"it stores a result in `{ignored[0]}` and never looks at it"
        elif func.exercises:
            continue  # a smoke test: it fails when the code under test raises
        else:
            why = "it runs no code and asserts nothing"
        yield Hit(
            ASSERTION_FREE_TEST.name,
            func.node.name,
            f"Test `{func.name}` checks nothing: {why}. It passes whatever the code under test does.",
            symbol=facts.full_name(func.qualname),
            matched=func.name,
        )
