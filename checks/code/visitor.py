"""The one batched libcst pass over a Python file (Fixit's engine is the model).

A single ``CSTVisitor`` walks the tree once and feeds every code rule: it records candidate
hits (node + message) and per-function facts (names referenced, assertions, returns,
comments). Decisions that need the whole file (is this module a script? is this class
subclassed here?) are taken in ``finish`` after the walk. Positions are resolved later, and
only when there is something to report.

``walk`` drives the visitor: it calls the same ``visit_X`` / ``leave_X`` /
``visit_X_field`` hooks libcst's own traversal would (``module.visit(scan)`` gives the same
result), but reads the frozen dataclass fields directly instead of rebuilding every node,
which makes the pass several times cheaper than libcst's generic visit.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import libcst as cst

from aislop.checks.code.imports import NON_PACKAGE_DIRS
from aislop.checks.text.packs import Phrase, phrases, read_data

# ------------------------------------------------------------------------------ data packs


@dataclass(frozen=True)
class Packs:
    placeholder: re.Pattern[str]  # one regex, group p<N> names the phrase that matched
    phrases: tuple[Phrase, ...]
    secret_name: re.Pattern[str]
    secret_value: re.Pattern[str]
    mock_marker: re.Pattern[str]
    mock_name: re.Pattern[str]
    sample_value: re.Pattern[str]


@lru_cache(maxsize=1)
def packs() -> Packs:
    data = read_data("aislop.checks.code", "code.toml")
    entries = phrases(data["placeholder_comment"], "code.toml [[placeholder_comment]]")
    combined = "|".join(f"(?P<p{i}>{entry.pattern})" for i, entry in enumerate(entries))
    return Packs(
        placeholder=re.compile(combined, re.I),
        phrases=entries,
        secret_name=re.compile(data["placeholder_secret"]["name"], re.I),
        secret_value=re.compile(data["placeholder_secret"]["value"], re.I),
        mock_marker=re.compile(data["mock_return"]["marker"], re.I),
        mock_name=re.compile(data["mock_return"]["name_token"], re.I),
        sample_value=re.compile(data["mock_return"]["sample_value"], re.I),
    )


# ------------------------------------------------------------------------------ small helpers
def dotted(node: cst.CSTNode | None) -> str | None:
    """``a.b.c`` for Name/Attribute chains (a call or subscript is looked through)."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else None
    if isinstance(node, cst.Call):
        return dotted(node.func)
    if isinstance(node, cst.Subscript):
        return dotted(node.value)
    return None


def last_name(node: cst.CSTNode | None) -> str | None:
    name = dotted(node)
    return name.rsplit(".", 1)[-1] if name else None


def name_tokens(name: str) -> list[str]:
    """snake_case and camelCase words of an identifier, lower case."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return [t for t in spaced.lower().split("_") if t]


def snake(name: str) -> str:
    return "_".join(name_tokens(name))


def string_value(node: cst.CSTNode | None) -> str | None:
    """The value of a plain (non f-) string literal, else None."""
    if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
        try:
            value = node.evaluated_value
        except (SyntaxError, ValueError):  # an invalid escape such as "\N{bogus}": unknown value
            return None
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        return value
    return None


def is_docstring(stmt: cst.CSTNode) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def body_statements(suite: cst.BaseSuite) -> list[cst.CSTNode]:
    return list(suite.body) if isinstance(suite, cst.IndentedBlock) else [suite]


def docstring_node(suite: cst.BaseSuite) -> cst.BaseExpression | None:
    if isinstance(suite, cst.IndentedBlock) and suite.body and is_docstring(suite.body[0]):
        return suite.body[0].body[0].value
    return None


def small_statements(suite: cst.BaseSuite) -> list[cst.BaseSmallStatement] | None:
    """The simple statements of a body, or None when it holds a compound statement."""
    result: list[cst.BaseSmallStatement] = []
    for stmt in body_statements(suite):
        if isinstance(stmt, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            result.extend(stmt.body)
        else:
            return None
    return result


_LITERAL_LEAVES = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString)


def is_literal(node: cst.CSTNode, names: frozenset[str] = frozenset()) -> bool:
    """Built only from constants (no calls or f-strings); ``names`` (e.g. the function's
    parameters echoed back) are allowed as leaves too."""
    if isinstance(node, _LITERAL_LEAVES):
        return not isinstance(node, cst.ConcatenatedString) or string_value(node) is not None
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None") or node.value in names
    if isinstance(node, cst.UnaryOperation):
        return is_literal(node.expression, names)
    if isinstance(node, cst.List | cst.Tuple | cst.Set):
        return all(isinstance(e, cst.Element) and is_literal(e.value, names) for e in node.elements)
    if isinstance(node, cst.Dict):
        return all(
            isinstance(e, cst.DictElement) and is_literal(e.key) and is_literal(e.value, names) for e in node.elements
        )
    return False


def is_payload(node: cst.CSTNode, params: frozenset[str] = frozenset()) -> bool:
    """A hard-coded result: a non-empty constant container (parameters may be echoed in it)
    or a text."""
    if isinstance(node, cst.List | cst.Tuple | cst.Set | cst.Dict):
        return bool(node.elements) and is_literal(node, params)
    text = string_value(node)
    return text is not None and bool(text.strip()) and is_literal(node)


def is_truthy_constant(node: cst.CSTNode) -> bool:
    """``True``, ``1``, ``"text"``: an assertion of these can never fail."""
    if isinstance(node, cst.Name):
        return node.value == "True"
    if isinstance(node, cst.Integer | cst.Float):
        return node.value.replace("_", "").strip("0.") != ""
    text = string_value(node)
    return bool(text)


# ------------------------------------------------------------------------------ traversal
_Plan = tuple[Callable | None, Callable | None, tuple[tuple[str, Callable | None, Callable | None], ...]]
_PLANS: dict[tuple[type, type], _Plan] = {}


def _hook(visitor_cls: type, name: str) -> Callable | None:
    """The visitor's own method ``name``, or None when it is libcst's no-op default."""
    method = getattr(visitor_cls, name, None)
    return None if method is None or method is getattr(cst.CSTVisitor, name, None) else method


def _plan(visitor_cls: type, node_cls: type) -> _Plan:
    kind = node_cls.__name__
    fields = tuple(
        (f.name, _hook(visitor_cls, f"visit_{kind}_{f.name}"), _hook(visitor_cls, f"leave_{kind}_{f.name}"))
        for f in dataclasses.fields(node_cls)
    )
    plan = (_hook(visitor_cls, f"visit_{kind}"), _hook(visitor_cls, f"leave_{kind}"), fields)
    _PLANS[(visitor_cls, node_cls)] = plan
    return plan


def walk(node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    """Visit ``node`` and its descendants with ``visitor`` (read-only, no node rebuilding)."""
    key = (type(visitor), type(node))
    visit, leave, fields = _PLANS.get(key) or _plan(*key)
    if visit is not None and visit(visitor, node) is False:
        return
    for name, enter_field, leave_field in fields:
        value = getattr(node, name)
        if enter_field is not None:
            enter_field(visitor, node)
        if isinstance(value, cst.CSTNode):
            walk(value, visitor)
        elif isinstance(value, tuple | list):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    walk(item, visitor)
        if leave_field is not None:
            leave_field(visitor, node)
    if leave is not None:
        leave(visitor, node)


# ------------------------------------------------------------------------------ paths
TEST_DIRS = frozenset({"tests", "test"})


def in_non_package_dir(relpath: str) -> bool:
    """Under a folder of scripts, examples, docs or benchmarks (also ``typing-examples``,
    ``usage_examples``): not the shipped package."""
    return any(p in NON_PACKAGE_DIRS or not NON_PACKAGE_DIRS.isdisjoint(re.split(r"[-_.]", p)) for p in relpath.split("/")[:-1])


def is_test_path(relpath: str) -> bool:
    """Test files and test support: test_*.py, *_test.py, tests.py, conftest.py, tests/."""
    parts = relpath.split("/")
    name = parts[-1]
    if not name.endswith(".py"):
        return False
    if name.startswith("test_") or name.endswith("_test.py") or name in ("tests.py", "test.py", "conftest.py"):
        return True
    return any(part in TEST_DIRS for part in parts[:-1])


def module_name(relpath: str) -> str:
    """Dotted module path for a file: src/pkg/mod.py -> pkg.mod; pkg/__init__.py -> pkg."""
    parts = relpath.split("/")
    if len(parts) > 1 and parts[0] == "src":
        parts = parts[1:]
    parts[-1] = parts[-1].rsplit(".", 1)[0]
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


# ------------------------------------------------------------------------------ facts
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
    decorators: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    refs: set[str] = field(default_factory=set)
    asserts: bool = False
    trivial_assert: bool = False
    raises: bool = False  # a raise statement: a test that raises on a condition checks it
    exercises: bool = False  # runs something that fails on an exception: a call, an import, a subclass
    parent: Func | None = None  # the function this one is defined in
    name_uses: dict[str, int] = field(default_factory=dict)  # how often each plain name appears
    results: dict[str, int] = field(default_factory=dict)  # names assigned a call's result (times)
    comments: list[str] = field(default_factory=list)
    returns: list[cst.BaseExpression] = field(default_factory=list)
    literal_locals: dict[str, cst.BaseExpression] = field(default_factory=dict)

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
    def skipped(self) -> bool:
        return any(d.rsplit(".", 1)[-1] == "skip" for d in self.decorators)


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


_ABSTRACT_DECORATORS = ("abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod", "overload", "override")
# validate()/verify() raise on failure by convention (jsonschema, schema libraries, signatures).
_ASSERT_CALLS = frozenset({"fail", "raises", "warns", "deprecated_call", "approx_equal", "validate", "verify"})
# Calls that cannot fail on behalf of the code under test: output and logging.
_INERT_CALL = re.compile(r"^(?:print|pprint(?:\.\w+)?|(?:logging|logger|log|LOG|LOGGER|_log|_logger)\.\w+)$")
_HELPER_PREFIX = re.compile(r"^_*(assert|check|verify|expect)")
_NOT_ASSERTIONS = frozenset({"check_output", "check_call", "check_returncode"})
_CLI_MODULES = frozenset({"argparse", "optparse", "click", "typer", "fire", "docopt", "getopt"})
_SCRIPT_NAMES = frozenset({"__main__.py", "main.py", "cli.py", "manage.py", "setup.py", "conftest.py", "app.py"})
# Words in a function name that say printing is its job (print_report, show, main, ...).
_OUTPUT_PREFIXES = ("print", "pprint", "show", "display", "report", "dump", "echo", "render", "summar", "pretty", "debug", "demo", "interactive", "prompt", "trace", "verbose")
_OUTPUT_WORDS = frozenset({"main", "cli", "run", "usage", "help", "log", "repl", "user", "cmd", "do"})
_VERBOSE_CONDITION = re.compile(r"debug|verbos|trace|quiet|silent|echo|interactive", re.I)
_DEBUGGER_CALLS = frozenset({"breakpoint", "pdb.set_trace", "ipdb.set_trace", "pudb.set_trace", "pdb.post_mortem", "ipdb.post_mortem"})
_TEARDOWN_CALLS = frozenset(
    "close flush unlink remove rmdir rmtree kill terminate shutdown cleanup cancel release disconnect "
    "stop delete unregister detach".split()
)


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


# print("DEBUG: ...") / print(f"[dbg] ...") marks a debug print even in an output function.
_DEBUG_PRINT_ARG = re.compile(r"""^[rbfuRBFU]{0,2}(?:'{3}|"{3}|'|")\W{0,3}(?:debug|dbg)\b""", re.IGNORECASE)

# Modules whose job is to provide test doubles or sample data.
_DOUBLES_MODULE_WORDS = frozenset({"mock", "mocks", "fake", "fakes", "dummy", "stub", "stubs", "fixtures", "testing", "conftest"})
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})
_BROAD = frozenset({"Exception", "BaseException"})
_NIE_ABSTRACT = re.compile(r"subclass|overrid|overwrit|abstract|derived|child class|must (?:be )?(?:implement|define|provide)", re.I)
_NIE_UNFINISHED = re.compile(
    r"\btodo\b|not (?:yet )?implemented|implement (?:me|this|later)|\bnot yet\b|placeholder|coming soon|\btbd\b|\bwip\b|work in progress",
    re.I,
)
# "implement" counts as an instruction (# Implement the upload), not in "implements the X
# interface" or "the actual implementation is in save()".
_UNFINISHED_NOTE = re.compile(
    r"\b(?:TODO|FIXME|XXX|TBD)\b|\bplaceholder\b|\bfill (?:this )?in\b|^#\s*implement\b(?!.*\b(?:interface|protocol|api)\b)"
    r"|\b(?:to be|not (?:yet )?|needs? to be) implemented\b|\bimplement (?:me|this|it|later|here)\b"
    r"|\bimplementation (?:goes|needed|pending|missing|here)\b",
    re.I,
)
# A docstring or comment saying who calls an empty method: a documented hook or callback.
_HOOK_NOTE = re.compile(r"\b(?:called|invoked|triggered) (?:when|whenever|by|after|before|once|on|for|if)\b|\bhook\b|\bcallback\b", re.IGNORECASE)
_METHOD_DECORATORS = frozenset({"staticmethod", "classmethod", "property", "cached_property", "setter", "getter"})
_NOOP_WORDS = frozenset({"noop", "nop", "null", "dummy", "ignore", "nothing", "nolog", "devnull", "pass"})


@dataclass
class FileFacts:
    relpath: str
    is_test_file: bool
    is_notebook: bool = False
    shebang: bool = False


_ENV_NAMES = ("sys.version_info", "sys.platform", "sys.implementation", "os.name", "platform.")
_ENV_FLAG = re.compile(r"^_?(?:PY(?:THON)?_?\d\w*|PYPY|IS_(?:PYPY|WIN\w*|MAC\w*|LINUX|PY\d\w*)|WIN(?:DOWS)?|MACOS|LINUX)$")


def _gates_environment(test: cst.BaseExpression) -> bool:
    """A test of the Python version, implementation or platform."""
    if isinstance(test, cst.BooleanOperation):
        return _gates_environment(test.left) or _gates_environment(test.right)
    if isinstance(test, cst.UnaryOperation):
        return _gates_environment(test.expression)
    if isinstance(test, cst.Call) and dotted(test.func) == "hasattr" and test.args:
        return (dotted(test.args[0].value) or "") in ("sys", "os", "platform")  # hasattr(sys, "pypy_version_info")
    sides = [test.left, *(c.comparator for c in test.comparisons)] if isinstance(test, cst.Comparison) else [test]
    for side in sides:
        name = dotted(side) or ""
        if name.startswith(_ENV_NAMES) or _ENV_FLAG.match(name):
            return True
    return False


class CodeScan(cst.CSTVisitor):
    """Walks a module once, collecting everything the code rules need."""

    def __init__(self, module: cst.Module, facts: FileFacts, *, only_test_facts: bool = False) -> None:
        super().__init__()
        self.module = module
        self.facts = facts
        self.only_test_facts = only_test_facts  # the test map only needs functions/refs/asserts
        self.modname = module_name(facts.relpath)
        self.hits: list[Hit] = []
        self.functions: list[Func] = []
        self.classes: list[ClassInfo] = []
        self.imports: list[ImportRec] = []
        self.prints: list[PrintRec] = []
        self.base_names: set[str] = set()
        self.has_main_guard = False
        self.imports_cli = False
        self._func_stack: list[Func] = []
        self._class_stack: list[ClassInfo] = []
        self._pseudo: list[Func] = []
        self._scope: list[tuple[str, ClassInfo | Func]] = []
        self._optional = 0
        self._type_checking = 0
        self._main_guard = 0
        self._conditions: list[cst.BaseExpression] = []
        self._gates: list[int] = []
        self._blocks = 0  # if/try statements around the current point
        self._tries: list[cst.Try] = []  # enclosing try statements, innermost last
        self._packs = packs()

    # -------------------------------------------------------------- scopes
    @property
    def _frame(self) -> Func | None:
        return self._func_stack[-1] if self._func_stack else (self._pseudo[-1] if self._pseudo else None)

    def visit_Module(self, node: cst.Module) -> None:
        if not self.only_test_facts and (doc := docstring_node(node)) is not None:
            self._check_text(doc, string_value(doc) or "")

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        bases = tuple(b for b in (dotted(arg.value) for arg in node.bases) if b)
        bases += tuple(b for b in (dotted(arg.value) for arg in node.keywords) if b)
        outer = self._scope_name()
        info = ClassInfo(
            name=node.name.value,
            qualname=f"{outer}.{node.name.value}" if outer else node.name.value,
            node=node,
            bases=bases,
            in_function=bool(self._func_stack),
            public=not node.name.value.startswith("_") and (not self._class_stack or self._class_stack[-1].public),
        )
        self.base_names.update(b.rsplit(".", 1)[-1] for b in bases)
        if bases and (frame := self._frame) is not None:
            frame.exercises = True  # creating a subclass runs the base's metaclass and __init_subclass__
        self._class_stack.append(info)
        self._scope.append(("class", info))
        self.classes.append(info)
        if (doc := docstring_node(node.body)) is not None:
            text = string_value(doc) or ""
            info.documented_abstract = bool(_NIE_ABSTRACT.search(text) or re.search(r"\bbase class\b", text, re.I))
            if not self.only_test_facts:
                self._check_text(doc, text)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._class_stack.pop()
        self._scope.pop()

    def _scope_name(self) -> str:
        return ".".join(item.name for _, item in self._scope)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        outer = self._scope_name()
        name = node.name.value
        direct_cls = self._scope[-1][1] if self._scope and self._scope[-1][0] == "class" else None
        params = node.params
        all_params = [*params.posonly_params, *params.params, *params.kwonly_params]
        func = Func(
            name=name,
            qualname=f"{outer}.{name}" if outer else name,
            node=node,
            cls=direct_cls,
            nested=any(kind == "def" for kind, _ in self._scope),
            decorators=tuple(d for d in (dotted(dec.decorator) for dec in node.decorators) if d),
            params=tuple(p.name.value for p in all_params),
            conditional=self._blocks > 0 and not self._func_stack,
            parent=self._func_stack[-1] if self._func_stack else None,
        )
        self.functions.append(func)
        self._func_stack.append(func)
        self._scope.append(("def", func))
        if not self.only_test_facts and (doc := docstring_node(node.body)) is not None:
            self._check_text(doc, string_value(doc) or "")

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        func = self._func_stack.pop()
        self._scope.pop()
        if self._func_stack:
            # A function defined inside another (a callback registered with @cli.command() in
            # a test) is used by it: what the inner one references, the outer one reaches.
            self._func_stack[-1].refs |= func.refs

    # module/class-level assignments are "pseudo functions" so that a test's reference to a
    # table of cases (CASES = [(wrap, ...)]) reaches the names inside it.
    def _push_pseudo(self, targets: Sequence[cst.CSTNode]) -> None:
        if self._func_stack or not self.facts.is_test_file:
            return
        names = [n for n in (last_name(t) for t in targets) if n]
        cls = self._class_stack[-1] if self._class_stack else None
        self._pseudo.append(Func(name=names[0] if names else "", qualname="", node=None, cls=cls, nested=False, is_def=False))
        self.functions.append(self._pseudo[-1])
        for extra in names[1:]:
            self.functions.append(Func(name=extra, qualname="", node=None, cls=cls, nested=False, is_def=False, refs=self._pseudo[-1].refs))

    def _pop_pseudo(self) -> None:
        if not self._func_stack and self.facts.is_test_file:
            self._pseudo.pop()

    # -------------------------------------------------------------- references & assertions
    def visit_Name(self, node: cst.Name) -> None:
        if frame := self._frame:
            frame.refs.add(node.value)
            frame.name_uses[node.value] = frame.name_uses.get(node.value, 0) + 1

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if frame := self._frame:
            frame.refs.add(node.attr.value)

    def visit_Assert(self, node: cst.Assert) -> None:
        if frame := self._frame:
            if is_truthy_constant(node.test):
                frame.trivial_assert = True
            else:
                frame.asserts = True

    def visit_Raise(self, node: cst.Raise) -> None:
        if frame := self._frame:
            frame.raises = True

    def visit_Import(self, node: cst.Import) -> None:
        if frame := self._frame:
            frame.exercises = True  # an import smoke test fails if the module does not load
        self._record_imports(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if frame := self._frame:
            frame.exercises = True
        self._record_import_from(node)

    def visit_Call(self, node: cst.Call) -> None:
        frame = self._frame
        func_name = dotted(node.func) or ""
        short = func_name.rsplit(".", 1)[-1]
        if frame is not None and not _INERT_CALL.match(func_name):
            frame.exercises = True
        if frame is not None and self._is_assertion_call(node, func_name, short):
            args = [a.value for a in node.args]
            if short in ("assertTrue", "assert_") and args and is_truthy_constant(args[0]):
                frame.trivial_assert = True
            else:
                frame.asserts = True
        if self.only_test_facts:
            return
        if func_name == "print" or func_name in _DEBUGGER_CALLS:
            if not any(a.keyword is not None and a.keyword.value == "file" for a in node.args):
                kind = "print" if func_name == "print" else "breakpoint"
                funcs = tuple(f.name for f in self._func_stack)
                qualname = self.full_name(self._func_stack[-1].qualname) if self._func_stack else None
                self.prints.append(PrintRec(node, kind, self._main_guard > 0, funcs, qualname, tuple(self._conditions)))
        self._check_secret_call(node, func_name)

    @staticmethod
    def _is_assertion_call(node: cst.Call, func_name: str, short: str) -> bool:
        if short.startswith("assert") or short in _ASSERT_CALLS:
            return True
        if short in _NOT_ASSERTIONS or not _HELPER_PREFIX.match(short):
            return False
        # check_x()/self.check_x(): a helper named for checking, wherever it is defined.
        return "." not in func_name or func_name.split(".", 1)[0] in ("self", "cls")

    # -------------------------------------------------------------- imports
    def _record_imports(self, node: cst.Import) -> None:
        if self.only_test_facts:
            return
        for alias in node.names:
            full = dotted(alias.name) or ""
            self._record_import(full, node, f"import {full}")

    def _record_import_from(self, node: cst.ImportFrom) -> None:
        if self.only_test_facts or node.relative or node.module is None:
            return
        full = dotted(node.module) or ""
        if full.split(".", 1)[0] == "__future__":
            return
        names = () if isinstance(node.names, cst.ImportStar) else tuple(
            (alias.name.value, alias) for alias in node.names if isinstance(alias.name, cst.Name)
        )
        self._record_import(full, node, f"from {full} import ...", names)

    def _record_import(
        self, full: str, node: cst.CSTNode, statement: str, names: tuple[tuple[str, cst.CSTNode], ...] = ()
    ) -> None:
        top = full.split(".", 1)[0]
        if not top:
            return
        if top in _CLI_MODULES and not self._func_stack:
            self.imports_cli = True
        self.imports.append(ImportRec(top, node, statement, self._optional > 0, self._type_checking > 0, full, names))

    def visit_Try_body(self, node: cst.Try) -> None:
        self._optional += self._guards_import(node)

    def leave_Try_body(self, node: cst.Try) -> None:
        self._optional -= self._guards_import(node)

    def visit_ExceptHandler_body(self, node: cst.ExceptHandler) -> None:
        self._optional += self._catches_import_error(node)

    def leave_ExceptHandler_body(self, node: cst.ExceptHandler) -> None:
        self._optional -= self._catches_import_error(node)

    def _guards_import(self, node: cst.Try) -> int:
        return int(any(self._catches_import_error(h) for h in node.handlers))

    @staticmethod
    def _catches_import_error(handler: cst.ExceptHandler) -> int:
        if handler.type is None:
            return 1
        types = [e.value for e in handler.type.elements] if isinstance(handler.type, cst.Tuple) else [handler.type]
        return int(any(last_name(t) in _IMPORT_ERRORS | _BROAD for t in types))

    def visit_Try(self, node: cst.Try) -> None:
        self._blocks += 1
        self._tries.append(node)

    def leave_Try(self, original_node: cst.Try) -> None:
        self._blocks -= 1
        self._tries.pop()

    # -------------------------------------------------------------- if __name__ / TYPE_CHECKING
    def visit_If(self, node: cst.If) -> None:
        """Both branches of ``if sys.version_info >= ...`` / ``if sys.platform == ...`` import
        what only some interpreters have: optional, like a try/except ImportError."""
        self._blocks += 1
        gate = int(_gates_environment(node.test))
        self._gates.append(gate)
        self._optional += gate

    def leave_If(self, original_node: cst.If) -> None:
        self._blocks -= 1
        self._optional -= self._gates.pop()

    def visit_If_body(self, node: cst.If) -> None:
        self._conditions.append(node.test)
        self._type_checking += self._is_type_checking(node)
        guard = self._is_main_guard(node)
        self._main_guard += guard
        if guard and not self._func_stack:
            self.has_main_guard = True

    def leave_If_body(self, node: cst.If) -> None:
        self._conditions.pop()
        self._type_checking -= self._is_type_checking(node)
        self._main_guard -= self._is_main_guard(node)

    @staticmethod
    def _is_type_checking(node: cst.If) -> int:
        return int(last_name(node.test) == "TYPE_CHECKING")

    @staticmethod
    def _is_main_guard(node: cst.If) -> int:
        test = node.test
        if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
            return 0
        sides = [test.left, test.comparisons[0].comparator]
        names = {s.value for s in sides if isinstance(s, cst.Name)}
        strings = {string_value(s) for s in sides}
        return int("__name__" in names and "__main__" in strings)

    # -------------------------------------------------------------- exceptions
    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if self.only_test_facts:
            return
        if node.type is None:
            caught = "except:"
        else:
            types = [e.value for e in node.type.elements] if isinstance(node.type, cst.Tuple) else [node.type]
            broad = [last_name(t) for t in types if last_name(t) in _BROAD]
            if not broad:
                return
            caught = f"except {broad[0]}:"
        body = small_statements(node.body)
        if not body or not all(self._does_nothing(s) for s in body):
            return
        if any(f.name == "__del__" for f in self._func_stack):
            return
        if self._tries and _is_teardown(self._tries[-1]):
            return  # best-effort cleanup (f.close(), os.unlink(tmp)): failing to clean up is not news
        action = type(body[0]).__name__.lower().replace("expr", "...")
        action = "return None" if action == "return" and body[0].value is not None else action
        shown = caught[:-1] + (f" as {node.name.name.value}:" if node.name and isinstance(node.name.name, cst.Name) else ":")
        commented = self._has_comment(node.body) or "#" in self.module.code_for_node(node.whitespace_after_except)
        self.hits.append(
            Hit(
                "swallowed-exception",
                node,
                f"`{shown}` followed only by `{action}` hides every error raised in the `try` block, "
                "including bugs and typos; failures will pass silently.",
                fix="Catch the specific exceptions you expect, and log or re-raise anything else.",
                symbol=self._symbol(),
                matched=caught,
                # A comment (or noqa) beside it documents a decision: worth a look, not a warning.
                severity="info" if commented else None,
                confidence=0.55 if commented else None,
            )
        )

    @staticmethod
    def _does_nothing(stmt: cst.BaseSmallStatement) -> bool:
        if isinstance(stmt, cst.Pass | cst.Continue):
            return True
        if isinstance(stmt, cst.Expr):
            return isinstance(stmt.value, cst.Ellipsis)
        if isinstance(stmt, cst.Return):
            return stmt.value is None or (isinstance(stmt.value, cst.Name) and stmt.value.value == "None")
        return False

    def _has_comment(self, suite: cst.BaseSuite) -> bool:
        return "#" in self.module.code_for_node(suite)

    def _symbol(self) -> str | None:
        if self._func_stack:
            return self.full_name(self._func_stack[-1].qualname)
        return None

    def full_name(self, qualname: str) -> str:
        return f"{self.modname}.{qualname}" if self.modname else qualname

    # -------------------------------------------------------------- comments and docstrings
    def visit_Comment(self, node: cst.Comment) -> None:
        if frame := self._frame:
            frame.comments.append(node.value)
        if not self.only_test_facts:
            self._check_text(node, node.value)

    def _check_text(self, node: cst.CSTNode, text: str) -> None:
        match = self._packs.placeholder.search(text)
        if not match:
            return
        phrase = self._packs.phrases[int(match.lastgroup[1:])]
        self.hits.append(
            Hit(
                "placeholder-comment",
                node,
                f"Placeholder note \"{match.group(0)}\": {phrase.why}",
                fix=phrase.fix,
                symbol=self._symbol(),
                matched=match.group(0),
            )
        )

    # -------------------------------------------------------------- secrets and literals
    def visit_Assign(self, node: cst.Assign) -> None:
        targets = [t.target for t in node.targets]
        self._push_pseudo(targets)
        if self.only_test_facts:
            return
        in_def = bool(self._scope) and self._scope[-1][0] == "def"  # not a class body inside the function
        if in_def and (frame := self._frame) is not None and isinstance(node.value, cst.Call | cst.Await):
            for target in targets:
                if isinstance(target, cst.Name):
                    frame.results[target.value] = frame.results.get(target.value, 0) + 1
        for target in targets:
            self._check_secret(self._target_name(target), node.value, node)
            if (frame := self._frame) is not None and isinstance(target, cst.Name) and frame.node is not None:
                frame.literal_locals[target.value] = node.value

    def leave_Assign(self, original_node: cst.Assign) -> None:
        self._pop_pseudo()

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._push_pseudo([node.target])
        if not self.only_test_facts and node.value is not None:
            self._check_secret(self._target_name(node.target), node.value, node)
            if (frame := self._frame) is not None and isinstance(node.target, cst.Name) and frame.node is not None:
                frame.literal_locals[node.target.value] = node.value

    def leave_AnnAssign(self, original_node: cst.AnnAssign) -> None:
        self._pop_pseudo()

    @staticmethod
    def _target_name(target: cst.CSTNode) -> str | None:
        if isinstance(target, cst.Subscript) and len(target.slice) == 1:
            index = target.slice[0].slice
            return string_value(index.value) if isinstance(index, cst.Index) else None
        return last_name(target)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if not self.only_test_facts:
            self._check_secret(string_value(node.key), node.value, node)

    def visit_Param(self, node: cst.Param) -> None:
        if not self.only_test_facts and node.default is not None:
            self._check_secret(node.name.value, node.default, node)

    def _check_secret_call(self, node: cst.Call, func_name: str) -> None:
        for arg in node.args:
            if arg.keyword is not None:
                self._check_secret(arg.keyword.value, arg.value, arg)
        short = func_name.rsplit(".", 1)[-1]
        is_env = func_name in ("os.getenv", "getenv", "os.environ.get", "environ.get", "os.environ.setdefault")
        if (is_env or short in ("getenv",)) and len(node.args) >= 2:
            self._check_secret(string_value(node.args[0].value), node.args[1].value, node.args[1])

    def _check_secret(self, name: str | None, value: cst.CSTNode, node: cst.CSTNode) -> None:
        if not name or self.facts.is_test_file:
            return
        text = string_value(value)
        if text is None or not self._packs.secret_value.match(text.strip()):
            return
        if not self._packs.secret_name.search(snake(name)):
            return
        self.hits.append(
            Hit(
                "placeholder-secret",
                value,
                f"`{name}` is set to the placeholder {text.strip()!r}: the code cannot authenticate as "
                "delivered, and people tend to paste a real secret over it and commit it.",
                fix=f"Read `{name}` from the environment or a secrets manager (e.g. os.environ[\"{snake(name).upper()}\"]) "
                "and fail with a clear message when it is missing; document it in the README or .env.example.",
                symbol=self._symbol(),
                matched=text.strip(),
            )
        )

    # -------------------------------------------------------------- returns
    def visit_Return(self, node: cst.Return) -> None:
        if self._func_stack and node.value is not None:
            self._func_stack[-1].returns.append(node.value)

    # -------------------------------------------------------------- after the walk
    def finish(self) -> None:
        """Decisions that need the whole file."""
        if self.only_test_facts:
            return
        for func in self.functions:
            if func.node is not None and not self.facts.is_test_file:
                self._check_stub(func)
                self._check_mock_return(func)
        self._check_prints()

    @property
    def is_entry_file(self) -> bool:
        """By its path, a script, an entry point, a notebook or a test rather than library code."""
        parts = self.facts.relpath.split("/")
        if self.facts.is_notebook or self.facts.is_test_file:
            return True
        if parts[-1] in _SCRIPT_NAMES or parts[-1].endswith(("_cli.py", "_main.py")) or parts[-1].startswith("cli_"):
            return True
        return in_non_package_dir(self.facts.relpath)

    @property
    def is_script(self) -> bool:
        """A CLI entry module or a script (by path, main guard, CLI library or shebang)."""
        return self.is_entry_file or self.has_main_guard or self.imports_cli or self.facts.shebang

    def _check_prints(self) -> None:
        script = self.is_script
        for rec in self.prints:
            if rec.kind == "breakpoint":
                if any(f in ("set_trace", "breakpoint", "post_mortem", "debug") for f in rec.functions):
                    continue  # a debugger wrapper: starting the debugger is its job
                self.hits.append(
                    Hit(
                        "debug-print",
                        rec.node,
                        "A debugger breakpoint was left in: the program will stop here and wait for input.",
                        fix="Remove the breakpoint.",
                        matched=self.module.code_for_node(rec.node.func),
                        severity="warning",
                        confidence=0.95,
                        removable=True,
                    )
                )
            elif not (script or rec.in_main_guard or (self._deliberate_output(rec) and not self._debug_marked(rec))):
                self.hits.append(
                    Hit(
                        "debug-print",
                        rec.node,
                        "`print()` in library code writes to the caller's stdout, which they cannot "
                        "silence or redirect; it reads as leftover debugging.",
                        fix="Remove it, or use the logging module (logger = logging.getLogger(__name__)).",
                        symbol=rec.qualname,
                        matched="print",
                        removable=self._debug_marked(rec),
                    )
                )

    def _debug_marked(self, rec: PrintRec) -> bool:
        """print("DEBUG: ...") / print(f"[debug] x={x}") is leftover debugging even inside an
        output function such as summarize_* or render_*."""
        args = getattr(rec.node, "args", ())
        return bool(args) and bool(_DEBUG_PRINT_ARG.match(self.module.code_for_node(args[0].value)))

    def _deliberate_output(self, rec: PrintRec) -> bool:
        """Printing is the job of output functions (show_, print_, main, __repr__-like) and of
        code behind a debug/verbose switch."""
        for name in rec.functions:
            words = name_tokens(name)
            if any(w in _OUTPUT_WORDS or w.startswith(_OUTPUT_PREFIXES) for w in words):
                return True
        return any(_VERBOSE_CONDITION.search(self.module.code_for_node(test)) for test in rec.conditions)

    def _check_stub(self, func: Func) -> None:
        """Flag empty bodies that look unfinished, not deliberate no-ops.

        Always exempt: abstract/overload/override methods, Protocol members, .pyi files,
        dunders, tests. A TODO-like note marks a stub anywhere. Without one, ``raise
        NotImplementedError`` counts unless the method is a hook (abstract-looking class,
        subclassed here, called as self.name()) or its message says "subclasses must..." or
        names an unsupported case; a bare ``pass``/``...``/docstring counts only for a public
        top-level function or in a skeleton class whose methods are all empty.
        """
        node = func.node
        assert node is not None
        kind = self._stub_kind(node) or _trivial_return(node)
        cls = func.cls
        if kind is None or func.is_test or func.decorated(*_ABSTRACT_DECORATORS):
            return
        if self.facts.relpath.endswith(".pyi") or (cls is not None and cls.is_protocol):
            return
        if func.name.startswith("__") and func.name.endswith("__"):
            return
        notes = self._stub_notes(node)
        if any(_NIE_ABSTRACT.search(note) for note in notes):
            return  # "to be overridden by subclasses": a deliberate hook
        todo = any(_UNFINISHED_NOTE.search(note) for note in notes[1:]) or any(
            self._packs.placeholder.search(note) for note in notes
        )  # TODO-like words count in comments only: a docstring may say "Implementing this..."
        if kind.startswith("return:") and not todo:
            return  # `return None` / `return {}` is a real answer unless a note says it is not
        if not todo and (func.conditional or any(_HOOK_NOTE.search(note) for note in notes)):
            return  # a fallback defined under if/try, or a documented hook ("called when ...")
        if kind.startswith("raise:"):
            message = kind.split(":", 1)[1]
            if not todo and (_NIE_ABSTRACT.search(message) or not _NIE_UNFINISHED.search(message)):
                return  # "subclasses must implement" / "not supported on Windows": deliberate
            todo = todo or bool(_NIE_UNFINISHED.search(message))
            kind = "raise"
        unless_subclassed = None
        if todo:
            confidence = 0.95
        elif self._mock_module():
            return  # a module of test doubles (mock_idle.py, fakes.py): empty methods are its job
        elif kind == "raise":
            if cls is not None and self._is_hook(func, cls):
                return
            if cls is not None and self._declared_unsupported(func, cls):
                return
            if cls is None and func.params[:1] == ("self",):
                return  # a method body defined outside its class, to be attached to one
            if cls is not None:
                # A bare raise in a method: a base class's hook (an interface whose methods all
                # raise, or one beside real methods) or an unsupported operation, unless nothing
                # in the project subclasses the class.
                unless_subclassed = cls.name
            confidence = 0.8
        else:
            if func.nested or not func.public or set(name_tokens(func.name)) & _NOOP_WORDS:
                return
            if len(notes) > 1 or (kind == "docstring" and _spec_docstring(notes[0])):
                return  # an explained empty body is a deliberate no-op; a documented one, a spec
            if any(d.rsplit(".", 1)[-1] not in _METHOD_DECORATORS for d in func.decorators):
                return  # registered with a framework (@click.group, @hookspec): empty on purpose
            if cls is not None and not (self._is_skeleton(cls) or (kind == "ellipsis" and self._is_concrete(cls))):
                return
            if cls is not None:
                unless_subclassed = cls.name  # a skeleton another module fills in is an interface
            confidence = 0.7
        what = {"pass": "`pass`", "ellipsis": "`...`", "docstring": "a docstring", "raise": "`raise NotImplementedError`"}.get(kind)
        what = what or f"`{kind.replace(':', ' ', 1)}`"  # return:{} -> `return {}`
        self.hits.append(
            Hit(
                "stub-body",
                node.name,
                f"`{func.name}()` has no implementation: its body is only {what}"
                + (" and a note that it is unfinished." if todo else ".")
                + " Callers will silently get None (or an exception) instead of a result.",
                fix="Implement the function, or remove it and its callers if it is not needed.",
                symbol=self.full_name(func.qualname),
                matched=func.name,
                confidence=confidence,
                unless_subclassed=unless_subclassed,
            )
        )

    def _has_implemented_method(self, cls: ClassInfo) -> bool:
        return any(f.cls is cls and f.node is not None and self._stub_kind(f.node) is None for f in self.functions)

    def _stub_notes(self, node: cst.FunctionDef) -> list[str]:
        """The docstring of an empty function, then its comments: the comment lines directly
        above ``def`` and those inside the body."""
        doc = docstring_node(node.body)
        docstring = string_value(doc) or "" if doc is not None else ""
        above = []
        for line in reversed(node.leading_lines):
            if line.comment is None:
                break
            above.append(line.comment.value)
        body = self.module.code_for_node(node.body)
        if doc is not None:
            body = body.replace(self.module.code_for_node(doc), "", 1)
        return [docstring, *above, *re.findall(r"#[^\n]*", body)]

    def _is_hook(self, func: Func, cls: ClassInfo) -> bool:
        """An intentionally unimplemented method: abstract-looking or null-object class, a base
        of another class in this file, or a template-method hook called as self.name()."""
        if cls.looks_abstract or cls.is_test_double or cls.name in self.base_names:
            return True
        return any(other.cls is cls and other is not func and func.name in other.refs for other in self.functions)

    def _declared_unsupported(self, func: Func, cls: ClassInfo) -> bool:
        """``write_eof`` raising beside ``can_write_eof`` (``supports_``/``has_``): the class
        says the operation is unsupported, and callers ask first."""
        probes = {f"{prefix}_{func.name.lstrip('_')}" for prefix in ("can", "supports", "has", "is")}
        return any(other.cls is cls and other.name.lstrip("_") in probes for other in self.functions)

    def _is_concrete(self, cls: ClassInfo) -> bool:
        """A plain class (no base, not abstract-looking, not subclassed here): ``...`` as a
        method body there is a placeholder, not an interface declaration."""
        return not (cls.bases or cls.looks_abstract or cls.is_test_double or cls.name in self.base_names or cls.in_function)

    def _is_skeleton(self, cls: ClassInfo) -> bool:
        """A public class with no base whose (two or more) methods are all empty: scaffolding."""
        if not cls.public or cls.bases or cls.is_test_double or cls.looks_abstract or cls.name in self.base_names:
            return False
        methods = [f for f in self.functions if f.cls is cls and f.node is not None and not f.name.startswith("__")]
        return len(methods) >= 2 and all(self._stub_kind(m.node) is not None for m in methods)

    @staticmethod
    def _stub_kind(node: cst.FunctionDef) -> str | None:
        stmts = small_statements(node.body)
        if stmts is None:
            return None
        if isinstance(node.body, cst.IndentedBlock) and node.body.body and is_docstring(node.body.body[0]):
            stmts = stmts[1:]
            if not stmts:
                return "docstring"
        if not stmts:
            return None
        kinds = set()
        for stmt in stmts:
            if isinstance(stmt, cst.Pass):
                kinds.add("pass")
            elif isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Ellipsis):
                kinds.add("ellipsis")
            elif isinstance(stmt, cst.Raise) and last_name(stmt.exc) == "NotImplementedError":
                call = stmt.exc
                message = ""
                if isinstance(call, cst.Call) and call.args:
                    message = string_value(call.args[0].value) or "<message>"
                kinds.add(f"raise:{message}" if message else "raise")
            else:
                return None
        raises = [k for k in kinds if k.startswith("raise")]
        if raises:
            return raises[0]
        return "pass" if "pass" in kinds else "ellipsis"

    def _check_mock_return(self, func: Func) -> None:
        if not func.returns or self._mock_module() or (func.cls is not None and func.cls.is_test_double):
            return
        if func.decorated("fixture", "abstractmethod", "overload"):
            return
        marks = self._packs
        name_marked = any(marks.mock_name.match(t) for t in name_tokens(func.name))
        comment_marked = any(marks.mock_marker.search(c) for c in func.comments)
        doc = docstring_node(func.node.body) if func.node is not None else None
        if doc is not None and marks.mock_marker.search(string_value(doc) or ""):
            comment_marked = True
        for value in func.returns:
            payload, var = value, None
            if isinstance(value, cst.Name) and value.value in func.literal_locals:
                payload, var = func.literal_locals[value.value], value.value
            if not is_payload(payload, frozenset(func.params)):
                continue
            var_marked = var is not None and any(marks.mock_name.match(t) for t in name_tokens(var))
            text_marked = bool(marks.sample_value.search(self.module.code_for_node(payload)))
            # A name alone ("_stub_kind") marks only a data structure, never a plain string.
            named = (name_marked or var_marked) and not isinstance(payload, cst.SimpleString | cst.ConcatenatedString)
            if not (named or comment_marked or text_marked):
                continue
            label = var or func.name
            self.hits.append(
                Hit(
                    "mock-return",
                    value,
                    f"`{func.name}()` returns a hard-coded payload marked as mock/placeholder data "
                    f"(`{label}`): callers get the same canned answer whatever the input.",
                    fix="Compute or fetch the real result; if the function is a test double, move it into the tests.",
                    symbol=self.full_name(func.qualname),
                    matched=func.name,
                )
            )
            return

    def _mock_module(self) -> bool:
        parts = self.facts.relpath.lower().split("/")
        stem = parts[-1].rsplit(".", 1)[0]
        words = set(name_tokens(stem)) | set(parts[:-1])
        return bool(words & _DOUBLES_MODULE_WORDS) or any(p in NON_PACKAGE_DIRS for p in parts[:-1])


_TRIVIAL_RESULTS = frozenset({"None", "{}", "[]", "()", "''", '""', "0", "False", "dict()", "list()", "set()"})


def _trivial_return(node: cst.FunctionDef) -> str | None:
    """``return:<value>`` when the body (after a docstring) is one ``return`` of an empty or
    null value: a stub only if a note says so (``# TODO: implement`` then ``return {}``)."""
    stmts = small_statements(node.body)
    if stmts and isinstance(node.body, cst.IndentedBlock) and is_docstring(node.body.body[0]):
        stmts = stmts[1:]
    if not stmts or len(stmts) != 1 or not isinstance(stmts[0], cst.Return):
        return None
    value = stmts[0].value
    code = "None" if value is None else cst.Module([]).code_for_node(value)
    return f"return:{code}" if code in _TRIVIAL_RESULTS else None


def _spec_docstring(text: str) -> bool:
    """A docstring of three or more lines documents an interface (parameters, when it is
    called); a stub's docstring is one line."""
    return sum(1 for line in text.splitlines() if line.strip()) >= 3


def iter_public(scan: CodeScan) -> Iterator[Func]:
    """Public, top-level functions and methods of public classes (not nested, not abstract,
    not empty: a no-op or a stub has no behaviour to test; not a demo)."""
    for func in scan.functions:
        if func.node is None or func.nested or not func.public:
            continue
        if func.cls is not None and (func.cls.in_function or func.cls.is_protocol):
            continue
        if func.decorated("overload", "abstractmethod", "setter", "deleter"):
            continue
        if "demo" in name_tokens(func.name) or CodeScan._stub_kind(func.node) is not None:
            continue
        if _no_cover(func.node):
            continue  # its author excluded it from coverage on purpose
        yield func


def _no_cover(node: cst.FunctionDef) -> bool:
    """``def f():  # pragma: no cover`` (coverage.py's default exclusion marker)."""
    header = getattr(node.body, "header", None)
    comment = header.comment.value if header is not None and header.comment is not None else ""
    return bool(re.search(r"pragma:\s*no\s*cover", comment, re.I))
