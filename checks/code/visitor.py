"""The one libcst pass over a Python file: it records facts (facts.py) and decides nothing.

``CodeScan`` walks the tree once and fills a ``FileFacts``: functions with what they reference,
assert, raise, call and return; classes; imports and whether they are optional; print and
debugger calls; broad ``except`` clauses; comments and docstrings; string literals given to
names. Each rule module reads those facts afterwards (the Fixit/ruff shape).

``walk`` drives the visitor: it calls the same ``visit_X`` / ``leave_X`` / ``visit_X_field``
hooks libcst's own traversal would (``module.visit(scan)`` gives the same result), but reads
the frozen dataclass fields directly instead of rebuilding every node, decides per concrete
node type which fields can hold a node, and skips fields that can only hold text or
whitespace, which makes the pass several times cheaper than libcst's generic visit. The walk
of each node type is a small generated function (``_Walkers``), so that a node costs one
call, not a loop over a plan.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Optional

import libcst as cst

from aislop.checks.code.facts import (
    CLI_MODULES,
    SUBCLASS_HINT,
    Binding,
    ClassInfo,
    ExceptRec,
    FileFacts,
    Func,
    ImportRec,
    PrintRec,
    TextRec,
)
from aislop.checks.code.syntax import dotted, is_truthy_constant, last_name, string_value, docstring_node

# ------------------------------------------------------------------------------ traversal
def _node_types(base: type) -> set[type]:
    found, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


_NODE_TYPES = frozenset(_node_types(cst.CSTNode))
_TEXT_TYPES = (str, bool, int, Optional[str])  # field types that never hold a node
_Walker = Callable[[cst.CSTNode, cst.CSTVisitor], None]


def _hook(visitor_cls: type, name: str) -> Callable | None:
    """The visitor's own method ``name``, or None when it is libcst's no-op default."""
    method = getattr(visitor_cls, name, None)
    return None if method is None or method is getattr(cst.CSTVisitor, name, None) else method


# One field of a node: read it, and walk what it holds (a node, or each node of a sequence).
_FIELD = """\
    value = node.{name}
    kind = type(value)
    if kind is tuple or kind is list:
        for item in value:
            if (walker := walkers[type(item)]) is not None:
                walker(item, visitor)
    elif (walker := walkers[kind]) is not None:
        walker(value, visitor)
"""


class _Walkers(dict):
    """For one visitor class: type -> the function that walks a node of that type, or None when
    there is nothing to do (a node without hooks or fields that can hold one, or not a node).

    Each function is generated (``exec``) the first time its node type is met: the hooks called
    directly and the fields read one after the other, as the visitor's own code would, without
    looking up a plan and looping over it for each of the ~700,000 nodes of a few hundred modules.
    Fields declared as text, or as a node type without subclasses whose own walk does nothing
    (``SimpleWhitespace``), are not read at all."""

    def __init__(self, visitor_cls: type) -> None:
        super().__init__()
        self.visitor_cls = visitor_cls

    def __missing__(self, node_cls: type) -> _Walker | None:
        self[node_cls] = walker = self._generate(node_cls) if node_cls in _NODE_TYPES else None
        return walker

    def _generate(self, node_cls: type) -> _Walker | None:
        kind, visitor_cls = node_cls.__name__, self.visitor_cls
        scope: dict[str, object] = {"walkers": self}
        body: list[str] = []
        if (visit := _hook(visitor_cls, f"visit_{kind}")) is not None:
            scope["visit"] = visit
            body.append("    if visit(visitor, node) is False:\n        return\n")
        for f in dataclasses.fields(node_cls):
            enter, leave = _hook(visitor_cls, f"visit_{kind}_{f.name}"), _hook(visitor_cls, f"leave_{kind}_{f.name}")
            if enter is None and leave is None and self._nothing_to_visit(f.type):
                continue
            if enter is not None:
                scope[f"enter_{f.name}"] = enter
                body.append(f"    enter_{f.name}(visitor, node)\n")
            body.append(_FIELD.format(name=f.name))
            if leave is not None:
                scope[f"leave_{f.name}"] = leave
                body.append(f"    leave_{f.name}(visitor, node)\n")
        if (leave_node := _hook(visitor_cls, f"leave_{kind}")) is not None:
            scope["leave"] = leave_node
            body.append("    leave(visitor, node)\n")
        if not body:
            return None
        exec(compile("def walk_node(node, visitor):\n" + "".join(body), f"<walk {kind}>", "exec"), scope)  # noqa: S102
        return scope["walk_node"]  # type: ignore[return-value]

    def _nothing_to_visit(self, annotation: object) -> bool:
        """A field declared as text, or as a node type without subclasses (``SimpleWhitespace``)
        whose own walk does nothing."""
        if annotation in _TEXT_TYPES:
            return True
        if not isinstance(annotation, type) or annotation not in _NODE_TYPES or annotation.__subclasses__():
            return False
        return self[annotation] is None


_WALKERS: dict[type, _Walkers] = {}


def walk(node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    """Visit ``node`` and its descendants with ``visitor`` (read-only, no node rebuilding)."""
    walkers = _WALKERS.get(type(visitor))
    if walkers is None:
        walkers = _WALKERS[type(visitor)] = _Walkers(type(visitor))
    if (walker := walkers[type(node)]) is not None:
        walker(node, visitor)


# ------------------------------------------------------------------------------ what counts as what
_STRINGS = (cst.SimpleString, cst.ConcatenatedString)  # literals string_value can read
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Concrete node classes (libcst subclasses none of them: tests/test_checks_code.py) compared by
# ``type(node) is`` / ``in`` where a visit runs per node: isinstance on libcst's ABCs costs a
# Python-level ABCMeta.__instancecheck__ call each time the answer is no.
_STRING_TYPES = frozenset(_STRINGS)
_BRANCHES = frozenset({cst.If, cst.Else, cst.With})  # blocks after which the statements around them run
_FOLLOWED = frozenset({cst.Try, cst.If, cst.With})  # statements _follow records something for
_CALL_TYPES = frozenset({cst.Call, cst.Await})
_SMOKE_TYPES = frozenset({cst.Attribute, cst.Subscript, cst.BinaryOperation, cst.UnaryOperation, cst.Comparison, cst.Tuple})
_ASSERT_CALLS = frozenset({"fail", "raises", "warns", "deprecated_call", "approx_equal", "validate", "verify"})
# validate()/verify() raise on failure by convention (jsonschema, schema libraries, signatures).
_HELPER_PREFIX = re.compile(r"^_*(assert|check|verify|expect)")
_NOT_ASSERTIONS = frozenset({"check_output", "check_call", "check_returncode"})
# Calls that cannot fail on behalf of the code under test: output and logging.
_INERT_CALL = re.compile(r"^(?:print|pprint(?:\.\w+)?|(?:logging|logger|log|LOG|LOGGER|_log|_logger)\.\w+)$")
_DEBUGGER_CALLS = frozenset({"breakpoint", "pdb.set_trace", "ipdb.set_trace", "pudb.set_trace", "pdb.post_mortem", "ipdb.post_mortem"})
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})
_BROAD = frozenset({"Exception", "BaseException"})
_ENV_LOOKUPS = frozenset({"os.getenv", "getenv", "os.environ.get", "environ.get", "os.environ.setdefault"})
_ENV_NAMES = ("sys.version_info", "sys.platform", "sys.implementation", "os.name", "platform.")
_ENV_FLAG = re.compile(r"^_?(?:PY(?:THON)?_?\d\w*|PYPY|IS_(?:PYPY|WIN\w*|MAC\w*|LINUX|PY\d\w*)|WIN(?:DOWS)?|MACOS|LINUX)$")


def _gates_environment(test: cst.BaseExpression) -> bool:
    """A test of the Python version, implementation or platform."""
    kind = type(test)
    if kind is cst.BooleanOperation:
        return _gates_environment(test.left) or _gates_environment(test.right)
    if kind is cst.UnaryOperation:
        return _gates_environment(test.expression)
    if kind is cst.Call and dotted(test.func) == "hasattr" and test.args:
        return (dotted(test.args[0].value) or "") in ("sys", "os", "platform")  # hasattr(sys, "pypy_version_info")
    sides = [test.left, *(c.comparator for c in test.comparisons)] if kind is cst.Comparison else [test]
    for side in sides:
        name = dotted(side) or ""
        if name.startswith(_ENV_NAMES) or _ENV_FLAG.match(name):
            return True
    return False


# An interactive example in a docstring: run and compared by doctest.
_DOCTEST_PROMPT = re.compile(r"^\s*>>> ", re.M)
# A class docstring calling the class a base class or an interface ("This is the DOM2 NodeFilter
# interface.", "This interface specifies only those DTD events..."): its methods are to override.
_SAYS_INTERFACE = re.compile(r"\bbase class\b|\bthis (?:is (?:the|an?) (?:[\w.-]+ ){0,3})?interface\b", re.I)


def _leaves(body: cst.BaseSuite) -> bool:
    """Does the block end by raising or exiting (``raise``, ``sys.exit()``)?"""
    statements = body.body
    last = statements[-1] if statements else None
    if isinstance(last, cst.SimpleStatementLine):
        last = last.body[-1] if last.body else None
    if isinstance(last, cst.Raise):
        return True
    return isinstance(last, cst.Expr) and (dotted(last.value) or "") in ("sys.exit", "exit", "os._exit")


def _is_assertion_call(func_name: str, short: str) -> bool:
    if short.startswith("assert") or short in _ASSERT_CALLS:
        return True
    if short in _NOT_ASSERTIONS or not _HELPER_PREFIX.match(short):
        return False
    # check_x()/self.check_x(): a helper named for checking, wherever it is defined.
    return "." not in func_name or func_name.split(".", 1)[0] in ("self", "cls")


def _catches_import_error(handler: cst.ExceptHandler) -> int:
    if handler.type is None:
        return 1
    types = [e.value for e in handler.type.elements] if isinstance(handler.type, cst.Tuple) else [handler.type]
    return int(any(last_name(t) in _IMPORT_ERRORS | _BROAD for t in types))


def _is_type_checking(node: cst.If) -> int:
    return int(last_name(node.test) == "TYPE_CHECKING")


def _is_main_guard(node: cst.If) -> int:
    test = node.test
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return 0
    sides = [test.left, test.comparisons[0].comparator]
    names = {s.value for s in sides if isinstance(s, cst.Name)}
    strings = {string_value(s) for s in sides}
    return int("__name__" in names and "__main__" in strings)


def _target_name(target: cst.CSTNode) -> str | None:
    if isinstance(target, cst.Subscript) and len(target.slice) == 1:
        index = target.slice[0].slice
        return string_value(index.value) if isinstance(index, cst.Index) else None
    return last_name(target)


# ------------------------------------------------------------------------------ the pass
class CodeScan(cst.CSTVisitor):
    """Walks a module once, recording everything the code rules decide from in ``facts``."""

    def __init__(self, module: cst.Module, facts: FileFacts, *, only_test_facts: bool = False) -> None:
        super().__init__()
        self.facts = facts
        facts.module = module
        self.only_test_facts = only_test_facts  # the test map only needs functions/refs/asserts
        self.functions = facts.functions
        self._func_stack: list[Func] = []
        self._class_stack: list[ClassInfo] = []
        self._pseudo: list[Func] = []
        self._frame: Func | None = None  # what a reference here counts for: _func_stack[-1], else _pseudo[-1]
        self._scope: list[tuple[str, ClassInfo | Func]] = []
        self._optional = 0
        self._type_checking = 0
        self._main_guard = 0
        self._conditions: list[cst.BaseExpression] = []
        self._gates: list[int] = []
        self._blocks = 0  # if/try statements around the current point
        self._tries: list[cst.Try] = []  # enclosing try statements, innermost last
        self._loops: list[tuple[cst.For | cst.While, int]] = []  # enclosing loops, with their function depth
        self._after: dict[int, tuple[cst.BaseStatement, ...]] = {}  # id(try) -> the statements after it
        self._then: dict[int, tuple[cst.BaseStatement, ...]] = {}  # id(block) -> what runs after it ends
        self._assert_aliases: dict[int, set[str]] = {}  # id(function) -> local names bound to self.assert*

    # -------------------------------------------------------------- scopes
    def _reframe(self) -> None:
        """After a push or pop of either stack: an attribute, not a property (read per name)."""
        self._frame = self._func_stack[-1] if self._func_stack else (self._pseudo[-1] if self._pseudo else None)

    def _symbol(self) -> str | None:
        return self.facts.full_name(self._func_stack[-1].qualname) if self._func_stack else None

    def _scope_name(self) -> str:
        return ".".join(item.name for _, item in self._scope)

    def visit_Module(self, node: cst.Module) -> None:
        if not self.only_test_facts:
            self._follow(node.body, ())
        if not self.only_test_facts and (doc := docstring_node(node)) is not None:
            self._text(doc, string_value(doc) or "")

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
        self.facts.base_names.update(b.rsplit(".", 1)[-1] for b in bases)
        if bases and (frame := self._frame) is not None:
            frame.exercises = True  # creating a subclass runs the base's metaclass and __init_subclass__
        self._class_stack.append(info)
        self._scope.append(("class", info))
        self.facts.classes.append(info)
        if (doc := docstring_node(node.body)) is not None:
            text = string_value(doc) or ""
            info.documented_abstract = bool(SUBCLASS_HINT.search(text) or _SAYS_INTERFACE.search(text))
            if not self.only_test_facts:
                self._text(doc, text)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._class_stack.pop()
        self._scope.pop()

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
            script_only=self._main_guard > 0,
            parent=self._func_stack[-1] if self._func_stack else None,
        )
        self.functions.append(func)
        self._func_stack.append(func)
        self._reframe()
        self._scope.append(("def", func))
        if (doc := docstring_node(node.body)) is not None:
            text = string_value(doc) or ""
            func.doctest = self.facts.is_test_file and _DOCTEST_PROMPT.search(text) is not None
            if not self.only_test_facts:
                self._text(doc, text)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        func = self._func_stack.pop()
        self._reframe()
        self._scope.pop()
        if self._func_stack:
            # A function defined inside another (a callback registered with @cli.command() in
            # a test) is used by it: what the inner one references, the outer one reaches.
            self._func_stack[-1].refs |= func.refs
            self._func_stack[-1].named_in_strings |= func.named_in_strings

    # module/class-level assignments are "pseudo functions" so that a test's reference to a
    # table of cases (CASES = [(wrap, ...)]) reaches the names inside it.
    def _push_pseudo(self, targets: Sequence[cst.CSTNode]) -> None:
        if self._func_stack or not self.facts.is_test_file:
            return
        names = [n for n in (last_name(t) for t in targets) if n]
        cls = self._class_stack[-1] if self._class_stack else None
        self._pseudo.append(Func(name=names[0] if names else "", qualname="", node=None, cls=cls, nested=False, is_def=False))
        self._reframe()
        self.functions.append(self._pseudo[-1])
        for extra in names[1:]:
            self.functions.append(Func(name=extra, qualname="", node=None, cls=cls, nested=False, is_def=False, refs=self._pseudo[-1].refs))

    def _pop_pseudo(self) -> None:
        if not self._func_stack and self.facts.is_test_file:
            self._pseudo.pop()
            self._reframe()

    # -------------------------------------------------------------- references, assertions, calls
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

    def visit_Expr(self, node: cst.Expr) -> None:
        """A call made as a statement (``resource.setrlimit(...)``) exercises the code it calls."""
        value = node.value.expression if type(node.value) is cst.Await else node.value
        if type(value) is cst.Call and (frame := self._frame) is not None and not _INERT_CALL.match(dotted(value.func) or ""):
            frame.statement_calls += 1
        elif type(value) in _SMOKE_TYPES:
            # An expression evaluated for nothing but its exceptions (``f.name  # merely
            # shouldn't blow up``, ``Literal[1]``): a smoke test of the attribute or operator.
            if (frame := self._frame) is not None:
                frame.exercises = True

    def visit_Call(self, node: cst.Call) -> None:
        frame = self._frame
        func_name = dotted(node.func) or ""
        short = func_name.rsplit(".", 1)[-1]
        if frame is not None and not _INERT_CALL.match(func_name):
            frame.exercises = True
        if frame is not None and (_is_assertion_call(func_name, short) or func_name in self._assert_aliases.get(id(frame), ())):
            args = [a.value for a in node.args]
            if short in ("assertTrue", "assert_") and args and is_truthy_constant(args[0]):
                frame.trivial_assert = True
            else:
                frame.asserts = True
        if func_name == "getattr" and len(node.args) >= 2 and not isinstance(node.args[1].value, _STRINGS):
            self.facts.dynamic_lookup = True  # getattr(stats, method_name): a method named by a string
        if self.only_test_facts:
            return
        if func_name == "print" or func_name in _DEBUGGER_CALLS:
            if not any(a.keyword is not None and a.keyword.value == "file" for a in node.args):
                kind = "print" if func_name == "print" else "breakpoint"
                funcs = tuple(f.name for f in self._func_stack)
                self.facts.prints.append(PrintRec(node, kind, self._main_guard > 0, funcs, self._symbol(), tuple(self._conditions)))
        for arg in node.args:
            if arg.keyword is not None:
                self._binding(arg.keyword.value, arg.value)
        if (func_name in _ENV_LOOKUPS or short == "getenv") and len(node.args) >= 2:
            if isinstance(node.args[1].value, _STRINGS):
                self._binding(string_value(node.args[0].value), node.args[1].value)

    # -------------------------------------------------------------- imports
    def visit_Import(self, node: cst.Import) -> None:
        if frame := self._frame:
            frame.exercises = True  # an import smoke test fails if the module does not load
        if self.facts.is_test_file:
            self.facts.test_imports += [(0, dotted(alias.name) or "", ()) for alias in node.names]
        if self.only_test_facts:
            return
        for alias in node.names:
            full = dotted(alias.name) or ""
            self._import(full, node, f"import {full}")

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if frame := self._frame:
            frame.exercises = True
        if self.facts.is_test_file:
            names = ("*",) if isinstance(node.names, cst.ImportStar) else tuple(
                alias.name.value for alias in node.names if isinstance(alias.name, cst.Name)
            )
            self.facts.test_imports.append((len(node.relative), dotted(node.module) or "", names))
        if self.only_test_facts or node.relative or node.module is None:
            return
        full = dotted(node.module) or ""
        if full.split(".", 1)[0] == "__future__":
            return
        names = () if isinstance(node.names, cst.ImportStar) else tuple(
            (alias.name.value, alias) for alias in node.names if isinstance(alias.name, cst.Name)
        )
        self._import(full, node, f"from {full} import ...", names)

    def _import(self, full: str, node: cst.CSTNode, statement: str, names: tuple[tuple[str, cst.CSTNode], ...] = ()) -> None:
        top = full.split(".", 1)[0]
        if not top:
            return
        if top in CLI_MODULES and not self._func_stack:
            self.facts.imports_cli = True
        self.facts.imports.append(ImportRec(top, node, statement, self._optional > 0, self._type_checking > 0, full, names))

    def visit_Try_body(self, node: cst.Try) -> None:
        self._optional += self._guards_import(node)

    def leave_Try_body(self, node: cst.Try) -> None:
        self._optional -= self._guards_import(node)

    def visit_ExceptHandler_body(self, node: cst.ExceptHandler) -> None:
        self._optional += _catches_import_error(node)

    def leave_ExceptHandler_body(self, node: cst.ExceptHandler) -> None:
        self._optional -= _catches_import_error(node)

    @staticmethod
    def _guards_import(node: cst.Try) -> int:
        return int(any(_catches_import_error(h) for h in node.handlers))

    def visit_Try(self, node: cst.Try) -> None:
        self._blocks += 1
        self._tries.append(node)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        if not self.only_test_facts:
            self._follow(node.body, self._then.pop(id(node), ()))

    def _follow(self, body: Sequence[cst.BaseStatement], then: tuple[cst.BaseStatement, ...]) -> None:
        """Remember what runs after each try statement of a block, in this block and, past the
        end of an if or with block, in the blocks around it (an except clause that passes may
        fall through to a fallback). Not past a loop's body (it repeats) or a function's."""
        for i, stmt in enumerate(body):
            if type(stmt) not in _FOLLOWED:
                continue
            rest = tuple(body[i + 1 :]) + then
            if type(stmt) is cst.Try:
                self._after[id(stmt)] = rest
            branch: cst.CSTNode | None = stmt
            while type(branch) in _BRANCHES:
                self._then[id(branch.body)] = rest
                branch = branch.orelse if type(branch) is cst.If else None

    def visit_For(self, node: cst.For) -> None:
        self._loops.append((node, len(self._func_stack)))

    def leave_For(self, original_node: cst.For) -> None:
        self._loops.pop()

    def visit_While(self, node: cst.While) -> None:
        self._loops.append((node, len(self._func_stack)))

    def leave_While(self, original_node: cst.While) -> None:
        self._loops.pop()

    def leave_Try(self, original_node: cst.Try) -> None:
        self._blocks -= 1
        self._tries.pop()

    # -------------------------------------------------------------- if __name__ / TYPE_CHECKING / versions
    def visit_If(self, node: cst.If) -> None:
        """Both branches of ``if sys.version_info >= ...`` / ``if sys.platform == ...`` import
        what only some interpreters have: optional, like a try/except ImportError."""
        self._blocks += 1
        gate = int(_gates_environment(node.test))
        self._gates.append(gate)
        self._optional += gate

    def leave_If(self, original_node: cst.If) -> None:
        self._blocks -= 1
        gate = self._gates.pop()
        self._optional -= gate
        if gate and not self._func_stack and not self._class_stack and _leaves(original_node.body):
            # ``if sys.platform != "win32": raise unittest.SkipTest(...)`` at module level: the
            # rest of the module runs only where the test is false, so its imports are optional.
            self._optional += 1

    def visit_With(self, node: cst.With) -> None:
        # An import inside a ``with`` runs under what the context set up: a folder put on
        # sys.path, a stubbed module, or assertRaises(ImportError) expecting it to fail.
        self._optional += 1

    def leave_With(self, original_node: cst.With) -> None:
        self._optional -= 1

    def visit_If_body(self, node: cst.If) -> None:
        self._conditions.append(node.test)
        self._type_checking += _is_type_checking(node)
        guard = _is_main_guard(node)
        self._main_guard += guard
        if guard and not self._func_stack:
            self.facts.has_main_guard = True

    def leave_If_body(self, node: cst.If) -> None:
        self._conditions.pop()
        self._type_checking -= _is_type_checking(node)
        self._main_guard -= _is_main_guard(node)

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
        in_del = any(f.name == "__del__" for f in self._func_stack)
        try_node = self._tries[-1] if self._tries else None
        in_test = any(f.is_test for f in self._func_stack)
        loop = self._loops[-1][0] if self._loops and self._loops[-1][1] == len(self._func_stack) else None
        after = self._after.get(id(try_node), ()) if try_node is not None else ()
        self.facts.excepts.append(ExceptRec(node, caught, in_del, try_node, self._symbol(), in_test, loop, after))

    # -------------------------------------------------------------- comments and docstrings
    def visit_Comment(self, node: cst.Comment) -> None:
        if frame := self._frame:
            frame.comments.append(node.value)
        if not self.only_test_facts:
            self._text(node, node.value)

    def _text(self, node: cst.CSTNode, text: str) -> None:
        self.facts.texts.append(TextRec(node, text, self._symbol()))

    # -------------------------------------------------------------- assignments and literals
    def visit_Assign(self, node: cst.Assign) -> None:
        targets = [t.target for t in node.targets]
        self._push_pseudo(targets)
        if self._func_stack and isinstance(node.value, cst.Attribute):
            # equal = self.assertEqual: calling ``equal`` later asserts.
            bound = dotted(node.value) or ""
            if bound.split(".", 1)[0] in ("self", "cls") and _is_assertion_call(bound, node.value.attr.value):
                aliases = self._assert_aliases.setdefault(id(self._func_stack[-1]), set())
                aliases.update(t.value for t in targets if isinstance(t, cst.Name))
        if self.only_test_facts:
            return
        in_def = bool(self._scope) and self._scope[-1][0] == "def"  # not a class body inside the function
        if in_def and (frame := self._frame) is not None and type(node.value) in _CALL_TYPES:
            for target in targets:
                if type(target) is cst.Name:
                    frame.results[target.value] = frame.results.get(target.value, 0) + 1
        literal = type(node.value) in _STRING_TYPES
        for target in targets:
            if literal:
                self._binding(_target_name(target), node.value)
            if (frame := self._frame) is not None and type(target) is cst.Name and frame.node is not None:
                frame.literal_locals[target.value] = node.value

    def leave_Assign(self, original_node: cst.Assign) -> None:
        self._pop_pseudo()

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._push_pseudo([node.target])
        if not self.only_test_facts and node.value is not None:
            self._binding(_target_name(node.target), node.value)
            if (frame := self._frame) is not None and isinstance(node.target, cst.Name) and frame.node is not None:
                frame.literal_locals[node.target.value] = node.value

    def leave_AnnAssign(self, original_node: cst.AnnAssign) -> None:
        self._pop_pseudo()

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if self.facts.is_test_file and (frame := self._frame) is not None and len(node.value) < 84:
            text = string_value(node)
            if text and _IDENTIFIER.match(text):
                frame.named_in_strings.add(text)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if not self.only_test_facts and type(node.value) in _STRING_TYPES:
            self._binding(string_value(node.key), node.value)

    def visit_Param(self, node: cst.Param) -> None:
        if not self.only_test_facts and node.default is not None:
            self._binding(node.name.value, node.default)

    def _binding(self, name: str | None, value: cst.CSTNode) -> None:
        """A string literal given to a name (the placeholder-secret rule reads these)."""
        if name and type(value) in _STRING_TYPES:
            self.facts.bindings.append(Binding(name, value, self._symbol()))

    # -------------------------------------------------------------- returns
    def visit_Return(self, node: cst.Return) -> None:
        if self._func_stack and node.value is not None:
            self._func_stack[-1].returns.append(node.value)
