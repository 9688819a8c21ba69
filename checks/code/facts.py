"""What the one libcst pass (visitor.py) learns about a Python file, and what a rule says back.

The pass only records; every decision is a rule module's (stub_body.py, debug_print.py, ...),
which reads a ``FileFacts`` and yields ``Hit``s. Nodes are kept so that a rule can look
closer at the few it cares about, and so that positions are resolved only for what is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import libcst as cst

from aislop.checks.code.imports import NON_PACKAGE_DIRS
from aislop.checks.code.paths import in_non_package_dir, module_name
from aislop.checks.code.syntax import empty_body, name_tokens, string_value

if TYPE_CHECKING:
    from aislop.document import Document

# A docstring or message saying a method is meant to be overridden.
SUBCLASS_HINT = re.compile(r"subclass|overrid|overwrit|abstract|derived|child class|must (?:be )?(?:implement|define|provide)", re.I)
CLI_MODULES = frozenset({"argparse", "optparse", "click", "typer", "fire", "docopt", "getopt"})
_SCRIPT_NAMES = frozenset({"__main__.py", "main.py", "cli.py", "manage.py", "setup.py", "conftest.py", "app.py"})
# Modules whose job is to provide test doubles or sample data.
_DOUBLES_MODULE_WORDS = frozenset({"mock", "mocks", "fake", "fakes", "dummy", "stub", "stubs", "fixtures", "testing", "conftest"})


@dataclass
class Hit:
    """A rule's finding before positions are known."""

    rule: str
    node: cst.CSTNode
    message: str
    fix: str | None = None
    symbol: str | None = None
    matched: str = ""
    severity: str | None = None
    confidence: float | None = None
    unless_subclassed: str | None = None  # dropped when a class of this name is a base elsewhere
    scope: cst.CSTNode | None = None  # the function a finding is about (its extent counts for --diff)
    removable: bool = False  # `aislop fix --unsafe` may delete its statement (a debug print, a breakpoint)


@dataclass
class ClassInfo:
    name: str
    qualname: str
    node: cst.ClassDef | None
    bases: tuple[str, ...]
    in_function: bool
    public: bool
    documented_abstract: bool = False  # its docstring says it is meant to be subclassed

    @property
    def is_protocol(self) -> bool:
        return any(b.rsplit(".", 1)[-1] == "Protocol" for b in self.bases)

    @property
    def looks_abstract(self) -> bool:
        if self.documented_abstract or self.is_protocol or any(b.rsplit(".", 1)[-1] in ("ABC", "ABCMeta") for b in self.bases):
            return True
        # Observer/Listener/Visitor/Hooks/Callbacks classes are sets of no-op hooks to override.
        return bool(re.match(r"^_?(Abstract|Base)[A-Z_]|.*(Base|Mixin|Interface|ABC|Protocol|Observer|Listener|Visitor|Hooks|Callbacks)$", self.name))

    @property
    def is_test_double(self) -> bool:
        return bool(re.search(r"mock|fake|dummy|stub|null|noop|nop(?![a-z])", self.name, re.I))


@dataclass
class Func:
    """Facts about one function (or one module/class-level assignment, ``node`` None)."""

    name: str
    qualname: str
    node: cst.FunctionDef | None
    cls: ClassInfo | None
    nested: bool
    is_def: bool = True  # False for a module/class-level assignment
    conditional: bool = False  # defined under a module/class-level if/try (a fallback, a variant)
    script_only: bool = False  # defined under ``if __name__ == "__main__"``: not importable
    decorators: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    refs: set[str] = field(default_factory=set)
    asserts: bool = False
    trivial_assert: bool = False
    raises: bool = False  # a raise statement: a test that raises on a condition checks it
    exercises: bool = False  # runs something that fails on an exception: a call, an import, a subclass
    doctest: bool = False  # a test whose docstring holds doctest examples (their output is compared)
    statement_calls: int = 0  # calls made as statements (``resource.setrlimit(...)``), not output or logging
    parent: Func | None = None  # the function this one is defined in
    name_uses: dict[str, int] = field(default_factory=dict)  # how often each plain name appears
    results: dict[str, int] = field(default_factory=dict)  # names assigned a call's result (times)
    comments: list[str] = field(default_factory=list)
    returns: list[cst.BaseExpression] = field(default_factory=list)
    literal_locals: dict[str, cst.BaseExpression] = field(default_factory=dict)
    # Test side: string literals that are identifiers ("read_very_eager"), which name a function
    # when the file looks attributes up by a computed name (getattr(telnet, func_name)).
    named_in_strings: set[str] = field(default_factory=set)

    @property
    def public(self) -> bool:
        return not self.name.startswith("_") and (self.cls is None or self.cls.public)

    def decorated(self, *names: str) -> bool:
        return any(d.rsplit(".", 1)[-1] in names for d in self.decorators)

    @property
    def is_test(self) -> bool:
        if not self.is_def or self.nested or not self.name.startswith("test"):
            return False
        if self.decorated("fixture"):
            return False
        cls = self.cls
        return cls is None or cls.name.startswith("Test") or cls.name.endswith(("Test", "Tests")) or bool(cls.bases)

    @property
    def collected(self) -> bool:
        """Would a test runner run it? Not a template (abstractmethod), not a context manager
        named test_*, not a method of a class defined inside a function or (unless named
        Test*, which pytest collects) inside another class: those are samples the enclosing
        test runs to check the test framework."""
        if self.decorated("abstractmethod", "contextmanager", "asynccontextmanager"):
            return False
        cls = self.cls
        if cls is None:
            return True
        return not cls.in_function and ("." not in cls.qualname or cls.name.startswith("Test"))

    @property
    def skipped(self) -> bool:
        return any(d.rsplit(".", 1)[-1] == "skip" for d in self.decorators)

    @cached_property
    def empty(self) -> str | None:
        """What its body holds when it does nothing (``pass``, ``raise``...; see ``empty_body``)."""
        return empty_body(self.node) if self.node is not None else None


@dataclass
class ImportRec:
    top: str
    node: cst.CSTNode
    statement: str
    optional: bool  # inside try/except ImportError, or under a Python version/platform test
    type_only: bool  # inside if TYPE_CHECKING
    module: str = ""  # the dotted module imported from (``a.b`` for ``from a.b import c``)
    names: tuple[tuple[str, cst.CSTNode], ...] = ()  # ``from``-imported names and their aliases


@dataclass
class PrintRec:
    node: cst.Call
    kind: str  # print | breakpoint
    in_main_guard: bool
    functions: tuple[str, ...]
    qualname: str | None
    conditions: tuple[cst.BaseExpression, ...]  # tests of the enclosing if-blocks


@dataclass
class ExceptRec:
    """An ``except`` clause catching everything: bare, ``Exception`` or ``BaseException``."""

    node: cst.ExceptHandler
    caught: str  # "except:" or "except Exception:"
    in_del: bool  # inside a ``__del__`` method
    try_node: cst.Try | None  # the try statement it belongs to
    symbol: str | None
    in_test: bool = False  # inside a test function, which provokes errors on purpose
    loop: cst.For | cst.While | None = None  # the innermost loop around the try, in the same function
    after: tuple[cst.BaseStatement, ...] = ()  # the statements that follow the try in its block


@dataclass
class TextRec:
    """A comment or a docstring."""

    node: cst.CSTNode
    text: str
    symbol: str | None


@dataclass
class Binding:
    """A string literal given to a name: an assignment, a keyword argument, a parameter's
    default, a dict key's value, an environment lookup's fallback."""

    name: str
    value: cst.SimpleString | cst.ConcatenatedString
    symbol: str | None

    @cached_property
    def text(self) -> str | None:
        """The literal's value (None for an f-string part or an invalid escape), worked out
        when a rule asks: most literals are never asked about, and one with an escape costs
        a run of Python's parser."""
        return string_value(self.value)


@dataclass
class FileFacts:
    """Everything the pass records about one file; the rules decide from it."""

    relpath: str
    is_test_file: bool
    is_notebook: bool = False
    shebang: bool = False
    doc: Document | None = None  # the scanned document (positions, metadata, the file on disk)
    module: cst.Module = field(default_factory=lambda: cst.Module([]))
    functions: list[Func] = field(default_factory=list)
    classes: list[ClassInfo] = field(default_factory=list)
    imports: list[ImportRec] = field(default_factory=list)
    prints: list[PrintRec] = field(default_factory=list)  # print() and debugger calls
    excepts: list[ExceptRec] = field(default_factory=list)
    texts: list[TextRec] = field(default_factory=list)  # comments and docstrings
    bindings: list[Binding] = field(default_factory=list)
    base_names: set[str] = field(default_factory=set)  # names used as a base class in this file
    # A test file's imports as (dots of a relative import, module, names imported from it): the
    # test map resolves a helper's name in the test modules a test file imports.
    test_imports: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    has_main_guard: bool = False
    dynamic_lookup: bool = False  # getattr(obj, name) with a computed name (test files only)
    imports_cli: bool = False  # a module-level import of a command-line library

    def __post_init__(self) -> None:
        self.modname = module_name(self.relpath)

    def full_name(self, qualname: str) -> str:
        return f"{self.modname}.{qualname}" if self.modname else qualname

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    @property
    def is_entry_file(self) -> bool:
        """By its path, a script, an entry point, a notebook or a test rather than library code."""
        parts = self.relpath.split("/")
        if self.is_notebook or self.is_test_file:
            return True
        if parts[-1] in _SCRIPT_NAMES or parts[-1].endswith(("_cli.py", "_main.py")) or parts[-1].startswith("cli_"):
            return True
        return in_non_package_dir(self.relpath)

    @property
    def is_script(self) -> bool:
        """A CLI entry module or a script (by path, main guard, CLI library or shebang)."""
        return self.is_entry_file or self.has_main_guard or self.imports_cli or self.shebang

    @property
    def is_doubles_module(self) -> bool:
        """A module of test doubles or sample data (mock_idle.py, fakes.py, examples/): empty
        methods and canned answers are its job."""
        parts = self.relpath.lower().split("/")
        stem = parts[-1].rsplit(".", 1)[0]
        words = set(name_tokens(stem)) | set(parts[:-1])
        return bool(words & _DOUBLES_MODULE_WORDS) or any(p in NON_PACKAGE_DIRS for p in parts[:-1])
