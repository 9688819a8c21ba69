"""The static test map: which names do the project's asserting tests reach?

Built by parsing every test-side file once: once per scan in the main process when the files
go to worker processes (``shared_facts``, shipped with the job), once per process otherwise
(``ctx.project.memo``). A test "reaches" the names it references directly, plus those referenced
by the helpers, fixtures, setUp methods and case tables it uses. A name is looked up where
Python or pytest would find it: in the file that uses it, else in the test modules that file
imports (following their re-exports) and the conftest.py files above it (fixtures); never in an
unrelated test module that happens to define the same name. Each function's callees are
resolved once, so the map is linear in the size of the test suite. A test counts only when it,
or a helper it reaches, asserts something. The ``test_<name>`` convention adds ``name`` (and
its ``_``-prefixes: test_wrap_long -> wrap_long, wrap).
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from aislop.checks.code.facts import FileFacts, Func
from aislop.checks.code.paths import is_test_path, module_name
from aislop.checks.code.visitor import CodeScan, walk
from aislop.loaders.python_nesting import nesting_problem
from aislop.registry import ProjectIndex

# Parsed test modules kept for the main pass to reuse (source characters); beyond this, the
# main pass parses again rather than holding every tree in memory.
_REUSE_BUDGET = 4_000_000
SETUP_NAMES = ("setUp", "setUpClass", "asyncSetUp", "setup_method", "setup_class", "setup", "setUpModule", "setup_module")
MAP_KEY = "code.test-map"
REACH_KEY = "code.reach"


@dataclass
class TestMap:
    has_tests: bool = False
    tested: frozenset[str] = frozenset()
    # Per test file: the names it uses that lead, where that file would find them, to a
    # function that asserts (itself or through the helpers it calls).
    asserting: dict[str, frozenset[str]] = field(default_factory=dict)
    parsed: dict[str, tuple[str, cst.Module]] = field(default_factory=dict)  # (source, tree), reused once

    def __getstate__(self) -> dict:
        return {**self.__dict__, "parsed": {}}  # trees stay in the process that parsed them


@dataclass
class TestFile:
    """What the map keeps of one test-side file: its functions (without their trees) and imports."""

    funcs: list[Func]
    imports: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    base_names: set[str] = field(default_factory=set)  # names its classes derive from


def test_map(project: ProjectIndex) -> TestMap:
    """The project's test map: shipped with the job, or built once in this process."""
    return project.memo(MAP_KEY, lambda: build_test_map(project.root, project.files))


def test_relpaths(files: dict[str, str]) -> list[str]:
    return sorted(rel for rel, kind in files.items() if kind == "code" and is_test_path(rel))


def build_test_map(root: Path, files: dict[str, str], reuse_budget: int = _REUSE_BUDGET) -> TestMap:
    """``reuse_budget``: source characters of parsed trees to keep for this process's main pass
    (0 when the map is built to be shipped to worker processes)."""
    per_file: dict[str, TestFile] = {}
    parsed: dict[str, tuple[str, cst.Module]] = {}
    budget = reuse_budget
    for rel in test_relpaths(files):
        try:
            source = (root / rel).read_text(encoding="utf-8")
            if nesting_problem(source):
                continue  # libcst would recurse past the stack; the main pass reports the file
            module = cst.parse_module(source)
        except (OSError, ValueError, TypeError, cst.ParserSyntaxError, RecursionError):  # TypeError: a libcst gap
            continue  # the main pass reports the unreadable file
        facts = FileFacts(rel, is_test_file=True)
        walk(module, CodeScan(module, facts, only_test_facts=True))
        if facts.dynamic_lookup:
            # getattr(stats, name) over a table of names ('print_callers', ...): the strings
            # that are identifiers name what the test calls.
            for func in facts.functions:
                func.refs |= func.named_in_strings
        per_file[rel] = TestFile([_lighten(func) for func in facts.functions], facts.test_imports, facts.base_names)
        if budget > 0:
            parsed[rel] = (source, module)
            budget -= len(source)
    return analyse(per_file, parsed)


def _lighten(func: Func) -> Func:
    """Drop the tree references the map does not need, and share the name strings."""
    func.node = None
    func.returns, func.literal_locals, func.comments = [], {}, []
    func.name_uses, func.results, func.parent, func.named_in_strings = {}, {}, None, set()
    func.refs = {sys.intern(name) for name in func.refs}
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


def setup_refs(local: dict[str, list[Func]]) -> set[str]:
    """What the setUp methods and setup functions of a file reference: a test method of a
    class runs them first."""
    return {name for setup in SETUP_NAMES for func in local.get(setup, ()) for name in func.refs}


def starting_names(test: Func, setups: set[str]) -> set[str]:
    """The names a test uses (its setUp's too); not its own name, which may belong to a
    same-named test elsewhere."""
    names = test.refs | set(test.params)
    if test.cls is not None:
        names |= setups
    names.discard(test.name)
    return names


class Scopes:
    """Where a name used in a test-side file is found: the file itself, else the test modules it
    imports (following their own ``from M import name`` and ``*`` re-exports) and the
    conftest.py files in its folder and above (pytest fixtures)."""

    def __init__(self, files: dict[str, TestFile]) -> None:
        self.files = files
        self.defs = {rel: by_name(entry.funcs) for rel, entry in files.items()}
        self._exact: dict[str, list[str]] = defaultdict(list)
        self._suffix: dict[str, list[str]] = defaultdict(list)  # every dotted tail of a module name
        for rel in files:
            parts = module_name(rel).split(".")
            self._exact[".".join(parts)].append(rel)
            for i in range(1, len(parts)):
                self._suffix[".".join(parts[i:])].append(rel)
        self._visible: dict[str, tuple[str, ...]] = {}
        self._exported: dict[tuple[str, str], tuple[Func, ...]] = {}

    def resolve(self, rel: str, name: str) -> Iterable[Func]:
        own = self.defs[rel].get(name)
        if own:
            return own
        return [func for other in self.visible(rel) for func in self.exported(other, name)]

    def visible(self, rel: str) -> tuple[str, ...]:
        """The test modules ``rel`` imports, then the conftest.py files above it."""
        if rel not in self._visible:
            found: dict[str, None] = {}
            for level, module, names in self.files[rel].imports:
                for other in self._modules(rel, level, module, names):
                    found[other] = None
            parts = rel.split("/")[:-1]
            for depth in range(len(parts), -1, -1):
                conftest = "/".join([*parts[:depth], "conftest.py"])
                if conftest in self.files:
                    found[conftest] = None
            found.pop(rel, None)
            self._visible[rel] = tuple(found)
        return self._visible[rel]

    def exported(self, rel: str, name: str) -> tuple[Func, ...]:
        """What ``name`` means in module ``rel`` to a module importing it."""
        key = (rel, name)
        if key not in self._exported:
            self._exported[key] = ()  # a cycle of re-exports finds nothing more
            found = list(self.defs[rel].get(name, ()))
            if not found:
                for level, module, names in self.files[rel].imports:
                    if name in names or "*" in names:
                        found += [f for other in self._modules(rel, level, module, ()) for f in self.exported(other, name)]
            self._exported[key] = tuple(found)
        return self._exported[key]

    def _modules(self, rel: str, level: int, module: str, names: tuple[str, ...]) -> list[str]:
        """The test-side files an import statement of ``rel`` loads: ``from M import a`` loads M
        and, when it is a package, maybe M.a."""
        if level:
            package = module_name(rel).split(".")
            if not rel.endswith("/__init__.py"):
                package = package[:-1]
            base = package[: max(0, len(package) - level + 1)]
            target, exact = ".".join([*base, module] if module else base), True
        else:
            target, exact = module, False
        if not target:
            return []
        out: list[str] = []
        for candidate in (target, *(f"{target}.{n}" for n in names if n != "*")):
            out += self._files_of(rel, candidate, exact)
        return out

    def _files_of(self, rel: str, dotted: str, exact: bool) -> list[str]:
        """Files whose module is ``dotted``; for an absolute import, also files whose module
        name ends with it (a tests folder on sys.path: ``import helpers`` is tests/helpers.py),
        the nearest to the importing file."""
        if found := self._exact.get(dotted):
            return found
        tails = self._suffix.get(dotted) if not exact else None
        if not tails:
            return []
        folder = rel.split("/")[:-1]
        shared = {other: _common_prefix(folder, other.split("/")[:-1]) for other in tails}
        nearest = max(shared.values())
        return [other for other in tails if shared[other] == nearest]


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def analyse(files: dict[str, TestFile], parsed: dict[str, tuple[str, cst.Module]] | None = None) -> TestMap:
    scopes = Scopes(files)
    # Each function's callees, resolved once in its own file's scope.
    callees: dict[int, list[Func]] = {}
    callers: dict[int, list[Func]] = defaultdict(list)
    for rel, entry in files.items():
        for func in entry.funcs:
            found = [c for name in func.refs for c in scopes.resolve(rel, name) if c is not func]
            callees[id(func)] = found
            for callee in found:
                callers[id(callee)].append(func)
    leads = _leading_to_assertions([f for entry in files.values() for f in entry.funcs], callers)

    # A class of test methods without a base is a mixin the test cases derive from
    # (class CContextAPItests(ContextAPItests, unittest.TestCase)): its test_* methods run.
    mixins = {name for entry in files.values() for name in entry.base_names}
    tested: set[str] = set()
    followed: set[int] = set()
    asserting: dict[str, frozenset[str]] = {}
    has_tests = False
    for rel, entry in files.items():
        local = scopes.defs[rel]
        setups = setup_refs(local)
        used = {name for func in entry.funcs for name in (*func.refs, *func.params)} | setups
        here = frozenset(n for n in used if any(id(c) in leads for c in scopes.resolve(rel, n)))
        asserting[rel] = here
        for test in entry.funcs:
            if not (test.is_test or _mixin_test(test, mixins)):
                continue
            has_tests = True
            names = starting_names(test, setups)
            if not (test.asserts or names & here):
                continue
            tested |= names | {test.name}
            tested |= set(convention_names(test.name))
            todo = [c for n in names for c in scopes.resolve(rel, n) if c is not test]
            while todo:
                func = todo.pop()
                if id(func) in followed:
                    continue
                followed.add(id(func))
                tested |= func.refs
                todo += callees[id(func)]
    return TestMap(has_tests, frozenset(tested), asserting, dict(parsed or {}))


def _mixin_test(func: Func, mixins: set[str]) -> bool:
    return (func.is_def and not func.nested and func.name.startswith("test") and func.cls is not None
            and func.cls.name in mixins and not func.decorated("fixture"))


def _leading_to_assertions(funcs: list[Func], callers: dict[int, list[Func]]) -> set[int]:
    """Ids of the functions that assert, or call (through any chain) one that does."""
    todo = [f for f in funcs if f.asserts]
    leads = {id(f) for f in todo}
    while todo:
        for caller in callers.get(id(todo.pop()), ()):
            if id(caller) not in leads:
                leads.add(id(caller))
                todo.append(caller)
    return leads


def convention_names(test_name: str) -> list[str]:
    """test_wrap_long_lines -> wrap_long_lines, wrap_long, wrap (also testWrap -> wrap)."""
    rest = test_name[4:].lstrip("_")
    if not rest:
        return []
    words = rest.split("_") if "_" in rest else [rest[:1].lower() + rest[1:]]
    return ["_".join(words[:i]) for i in range(len(words), 0, -1)]


# ---------------------------------------------------------------------- through the project's code
# A string like "visit_", "return_ok_" or "http_error_%s" in reached code: methods are looked
# up by a computed name (getattr(self, "visit_" + kind)), so every method with that prefix is
# reached; likewise every method whose name starts with a string a name is added to
# ("_get_" + name: minidom's properties) or ends with the string added after a name
# (protocol + "_open"). Patterns are kept as "^prefix" and "$suffix".
_DISPATCH_PREFIX = re.compile(r"^([a-z][a-z0-9_]*_)(?:%[sdr])?$")
_ADDED_PREFIX = re.compile(r"^_?[a-z][a-z0-9_]*_$")
_DISPATCH_SUFFIX = re.compile(r"^_[a-z][a-z0-9_]*[a-z0-9]$")
# A string that is a name: code that calls functions by name (getattr(handler, meth_name) with
# meth_name = "unknown_open", a remote call naming "frame_attr") reaches them.
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Methods the language, a framework or a stream's reader calls on an instance of a class that
# is used (an object handed over as a file: print() calls write, input() readline).
IMPLICIT_METHODS = re.compile(
    r"^(?:__\w+__|(?:visit|leave|on|handle|do)_\w+"
    r"|read|read1|readline|readlines|readinto|readinto1|write|writelines|flush|close|fileno|isatty"
    r"|readable|writable|seekable|seek|tell|truncate)$"
)
# Module-level code (outside ``if __name__ == "__main__"``) runs whenever the module is imported:
# what it calls or registers (tests.append(test_jpeg), def_op("NOP", 9)) runs with the tests.
_IMPORT_TIME = "<import-time>"


@dataclass
class Reach:
    """Names the tests reach through the project's own code, and dispatch prefixes."""

    names: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()

    def covers(self, name: str) -> bool:
        return name in self.names or name.startswith(self.prefixes) or name.endswith(self.suffixes)


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
        _definitions(tree.body, graph, module_level=True)
    reached, patterns = set(tested) | {_IMPORT_TIME}, set()
    todo = list(reached)
    while todo:
        name = todo.pop()
        for refs, found in graph.get(name, ()):
            new = refs - reached
            reached |= new
            todo.extend(new)
            if found - patterns:
                patterns |= found
                dispatched = {n for n in graph if n not in reached and _dispatched(n, found)}
                reached |= dispatched
                todo.extend(dispatched)
    prefixes = tuple(sorted(p[1:] for p in patterns if p.startswith("^")))
    suffixes = tuple(sorted(p[1:] for p in patterns if p.startswith("$")))
    return Reach(frozenset(reached), prefixes, suffixes)


def _dispatched(name: str, patterns: frozenset[str]) -> bool:
    """Named by a dispatch prefix ("^visit_") or suffix ("$_open")."""
    return any(name.endswith(p[1:]) if p.startswith("$") else name.startswith(p[1:]) for p in patterns)


def _definitions(body: list[ast.stmt], graph: dict[str, list[tuple[frozenset[str], frozenset[str]]]], module_level: bool = False) -> None:
    """name -> (names referenced, dispatch prefixes and suffixes) for each function, method,
    class and module- or class-level assignment (a table of handlers reaches its handlers),
    and what the module's own code calls when it is imported."""
    for stmt in body:
        if module_level and isinstance(stmt, ast.Expr):
            graph[_IMPORT_TIME].append(_names(stmt))
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            graph[stmt.name].append(_names(stmt.args, *stmt.body, *stmt.decorator_list))
        elif isinstance(stmt, ast.ClassDef):
            _definitions(stmt.body, graph)
            # Using a class runs its decorators, constructor, dunders and callbacks: the class
            # name reaches them, and its class-level names.
            implicit = [s for s in stmt.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and IMPLICIT_METHODS.match(s.name)]
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
            if isinstance(stmt, ast.If) and _is_main_guard(stmt.test):
                continue  # runs as a script, not on import
            for block in (stmt.body, stmt.orelse, *(h.body for h in getattr(stmt, "handlers", ())), getattr(stmt, "finalbody", [])):
                _definitions(block, graph, module_level)


def _is_main_guard(test: ast.expr) -> bool:
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"


def _names(*nodes: ast.AST) -> tuple[frozenset[str], frozenset[str]]:
    refs: set[str] = set()
    prefixes: set[str] = set()
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Name):
                refs.add(node.id)
            elif isinstance(node, ast.Attribute):
                refs.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 80:
                if match := _DISPATCH_PREFIX.match(node.value):
                    prefixes.add("^" + match.group(1))
                elif _IDENTIFIER.match(node.value):
                    refs.add(node.value)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                right = node.right.value if isinstance(node.right, ast.Constant) else None
                left = node.left.value if isinstance(node.left, ast.Constant) else None
                if isinstance(right, str) and _DISPATCH_SUFFIX.match(right):
                    prefixes.add("$" + right)  # protocol + "_open"
                if isinstance(left, str) and _ADDED_PREFIX.match(left):
                    prefixes.add("^" + left)  # "_get_" + name
    return frozenset(refs), frozenset(prefixes)
