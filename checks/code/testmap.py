"""The static test map: which names do the project's asserting tests reach?

Built once per process (``ctx.project.memo``) by parsing every test-side file once. A test
"reaches" the names it references directly, plus those referenced by the helpers, fixtures,
setUp methods and case tables it uses (followed by name, same file first). A test counts only
when it, or a helper it reaches, asserts something. The ``test_<name>`` convention adds
``name`` (and its ``_``-prefixes: test_wrap_long -> wrap_long, wrap).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from aislop.checks.code.visitor import CodeScan, FileFacts, Func, is_test_path, walk

# Parsed test modules kept for the main pass to reuse (source characters); beyond this, the
# main pass parses again rather than holding every tree in memory.
_REUSE_BUDGET = 4_000_000
_SETUP_NAMES = ("setUp", "setUpClass", "asyncSetUp", "setup_method", "setup_class", "setup", "setUpModule", "setup_module")


@dataclass
class TestMap:
    has_tests: bool = False
    tested: frozenset[str] = frozenset()
    asserting_helpers: frozenset[str] = frozenset()  # helper names that assert (transitively)
    helpers: dict[str, list[Func]] = field(default_factory=dict)  # every test-side def by name
    parsed: dict[str, tuple[str, cst.Module]] = field(default_factory=dict)  # (source, tree), reused once


def test_relpaths(files: dict[str, str]) -> list[str]:
    return sorted(rel for rel, kind in files.items() if kind == "code" and is_test_path(rel))


def build_test_map(root: Path, files: dict[str, str]) -> TestMap:
    per_file: dict[str, list[Func]] = {}
    parsed: dict[str, tuple[str, cst.Module]] = {}
    budget = _REUSE_BUDGET
    for rel in test_relpaths(files):
        try:
            source = (root / rel).read_text(encoding="utf-8")
            module = cst.parse_module(source)
        except (OSError, ValueError, cst.ParserSyntaxError, RecursionError):
            continue  # the main pass reports the unreadable file
        scan = CodeScan(module, FileFacts(rel, is_test_file=True), only_test_facts=True)
        walk(module, scan)
        per_file[rel] = [_lighten(func) for func in scan.functions]
        if budget > 0:
            parsed[rel] = (source, module)
            budget -= len(source)
    return analyse(per_file, parsed)


def _lighten(func: Func) -> Func:
    """Drop the tree references the map does not need, so the memo stays small."""
    func.node = None
    func.returns, func.literal_locals, func.comments = [], {}, []
    if func.cls is not None:
        func.cls.node = None
    return func


def by_name(funcs: list[Func]) -> dict[str, list[Func]]:
    """Test-side definitions by name; a helper class's methods also under the class name, so
    that a test using ``Checker(...)`` reaches the assertions its methods make."""
    index: dict[str, list[Func]] = defaultdict(list)
    for func in funcs:
        if func.name:
            index[func.name].append(func)
        if func.cls is not None and func.is_def and not func.is_test:
            index[func.cls.name].append(func)
    return index


def analyse(per_file: dict[str, list[Func]], parsed: dict[str, tuple[str, cst.Module]] | None = None) -> TestMap:
    global_helpers = by_name([func for funcs in per_file.values() for func in funcs])
    asserting = _asserting_names(global_helpers)
    tested: set[str] = set()
    has_tests = False
    for rel, funcs in per_file.items():
        local = by_name(funcs)
        for test in funcs:
            if not test.is_test:
                continue
            has_tests = True
            reached = reach(test, local, global_helpers)
            if test.asserts or reached & asserting:
                tested |= reached
                tested |= set(convention_names(test.name))
    return TestMap(has_tests, frozenset(tested), frozenset(asserting), dict(global_helpers), dict(parsed or {}))


def convention_names(test_name: str) -> list[str]:
    """test_wrap_long_lines -> wrap_long_lines, wrap_long, wrap (also testWrap -> wrap)."""
    rest = test_name[4:].lstrip("_")
    if not rest:
        return []
    words = rest.split("_") if "_" in rest else [rest[:1].lower() + rest[1:]]
    return ["_".join(words[:i]) for i in range(len(words), 0, -1)]


def _asserting_names(helpers: dict[str, list[Func]]) -> set[str]:
    """Names of helper functions that assert, directly or through other helpers."""
    asserting = {name for name, funcs in helpers.items() if any(f.asserts for f in funcs)}
    changed = True
    while changed:
        changed = False
        for name, funcs in helpers.items():
            if name not in asserting and any(f.refs & asserting for f in funcs if f.is_def):
                asserting.add(name)
                changed = True
    return asserting


def reach(test: Func, local: dict[str, list[Func]], global_helpers: dict[str, list[Func]]) -> set[str]:
    """Every name referenced by ``test`` and by the helpers it reaches (by name, same file first)."""
    reached = set(test.refs) | set(test.params)
    todo = [*reached]
    if test.cls is not None:
        todo += [n for n in _SETUP_NAMES if n in local]
    seen: set[int] = {id(test)}
    while todo:
        name = todo.pop()
        for helper in local.get(name) or global_helpers.get(name, ()):
            if id(helper) in seen:
                continue
            seen.add(id(helper))
            new = helper.refs - reached
            reached |= helper.refs
            todo.extend(new)
    return reached
