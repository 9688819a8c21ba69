"""The static test map: which names do the project's asserting tests reach?

Built once per process (``ctx.project.memo``) by parsing every test-side file once. A test
"reaches" the names it references directly, plus those referenced by the helpers, fixtures,
setUp methods and case tables it uses (followed by name, same file first). A test counts only
when it, or a helper it reaches, asserts something. The ``test_<name>`` convention adds
``name`` (and its ``_``-prefixes: test_wrap_long -> wrap_long, wrap).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from aislop.checks.code.facts import FileFacts, Func
from aislop.checks.code.paths import is_test_path
from aislop.checks.code.visitor import CodeScan, walk
from aislop.registry import ProjectIndex

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


def test_map(project: ProjectIndex) -> TestMap:
    """The project's test map, built once per process."""
    return project.memo("code.test-map", lambda: build_test_map(project.root, project.files))


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
        except (OSError, ValueError, TypeError, cst.ParserSyntaxError, RecursionError):  # TypeError: a libcst gap
            continue  # the main pass reports the unreadable file
        facts = FileFacts(rel, is_test_file=True)
        walk(module, CodeScan(module, facts, only_test_facts=True))
        per_file[rel] = [_lighten(func) for func in facts.functions]
        if budget > 0:
            parsed[rel] = (source, module)
            budget -= len(source)
    return analyse(per_file, parsed)


def _lighten(func: Func) -> Func:
    """Drop the tree references the map does not need, so the memo stays small."""
    func.node = None
    func.returns, func.literal_locals, func.comments = [], {}, []
    func.name_uses, func.results, func.parent = {}, {}, None
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


# ---------------------------------------------------------------------- through the project's code
# A string like "visit_" or "do_" in reached code: methods are looked up by a computed name
# (getattr(self, "visit_" + kind)), so every method with that prefix is reached.
_DISPATCH_PREFIX = re.compile(r"^[a-z][a-z0-9]*_$")
_LOOKUP_CALLS = frozenset({"getattr", "hasattr", "methodcaller", "attrgetter"})
# Methods the language or a framework calls on an instance of a class that is used.
_IMPLICIT = re.compile(r"^(?:__\w+__|(?:visit|leave|on|handle|do)_\w+)$")


@dataclass
class Reach:
    """Names the tests reach through the project's own code, and dispatch prefixes."""

    names: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def covers(self, name: str) -> bool:
        return name in self.names or name.startswith(self.prefixes)


def project_reach(root: Path, files: dict[str, str], tested: frozenset[str]) -> Reach:
    """Follow the names the tests reach into the project's other modules: a function a test
    calls reaches what it calls, whichever module defines that (by name, like the test map;
    a method called on an untyped receiver, ``ctx.find_root()``, reaches every ``find_root``).
    Parsed with the standard ``ast`` parser: only names are needed, and it is fast."""
    graph: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = defaultdict(list)
    for rel, kind in files.items():
        if kind != "code" or not rel.endswith(".py") or is_test_path(rel):
            continue
        try:
            tree = ast.parse((root / rel).read_bytes())
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        _definitions(tree.body, graph)
    reached, prefixes = set(tested), set()
    todo = list(reached)
    while todo:
        name = todo.pop()
        for refs, found in graph.get(name, ()):
            new = refs - reached
            reached |= new
            todo.extend(new)
            if found - prefixes:
                prefixes |= found
                dispatched = {n for n in graph if n not in reached and n.startswith(tuple(found))}
                reached |= dispatched
                todo.extend(dispatched)
    return Reach(frozenset(reached), tuple(sorted(prefixes)))


def _definitions(body: list[ast.stmt], graph: dict[str, list[tuple[frozenset[str], frozenset[str]]]]) -> None:
    """name -> (names referenced, dispatch prefixes) for each function, method, class and
    module- or class-level assignment (a table of handlers reaches its handlers)."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            graph[stmt.name].append(_names(stmt.args, *stmt.body, *stmt.decorator_list))
        elif isinstance(stmt, ast.ClassDef):
            _definitions(stmt.body, graph)
            # Using a class runs its decorators, constructor, dunders and callbacks: the class
            # name reaches them, and its class-level names.
            implicit = [s for s in stmt.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and _IMPLICIT.match(s.name)]
            others = [s for s in stmt.body if not isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
            refs, found = _names(*stmt.bases, *stmt.decorator_list, *others, *implicit)
            graph[stmt.name].append((refs | {s.name for s in implicit}, found))
        elif isinstance(stmt, ast.ImportFrom):
            for alias in stmt.names:  # from ._parser import parse_requirement as _parse_requirement
                if alias.asname and alias.asname != alias.name:
                    graph[alias.asname].append((frozenset({alias.name}), frozenset()))
        elif isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            value = _names(stmt.value)
            for target in targets:
                for node in ast.walk(target):
                    if isinstance(node, ast.Name):
                        graph[node.id].append(value)
        elif isinstance(stmt, ast.If | ast.Try):
            for block in (stmt.body, stmt.orelse, *(h.body for h in getattr(stmt, "handlers", ())), getattr(stmt, "finalbody", [])):
                _definitions(block, graph)


def _names(*nodes: ast.AST) -> tuple[frozenset[str], frozenset[str]]:
    refs: set[str] = set()
    prefixes: set[str] = set()
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Name):
                refs.add(node.id)
            elif isinstance(node, ast.Attribute):
                refs.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _DISPATCH_PREFIX.match(node.value):
                prefixes.add(node.value)
            elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in _LOOKUP_CALLS:
                refs.update(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return frozenset(refs), frozenset(prefixes)
