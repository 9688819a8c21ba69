"""stub-body: a function whose body is empty and looks unfinished rather than a deliberate
no-op, an interface hook or an unsupported operation."""

from __future__ import annotations

import re
from collections.abc import Iterator


from aislop.checks.code.facts import SUBCLASS_HINT, ClassInfo, FileFacts, Func, Hit
from aislop.checks.code.rules import STUB_BODY
from aislop.checks.code.syntax import name_tokens
from aislop.checks.code.unfinished import notes as function_notes
from aislop.checks.code.unfinished import says_unfinished, trivial_return
from aislop.registry import Context

RULES = (STUB_BODY,)

_ABSTRACT_DECORATORS = ("abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod", "overload", "override")
_NIE_UNFINISHED = re.compile(
    r"\btodo\b|not (?:yet )?implemented|implement (?:me|this|later)|\bnot yet\b|placeholder|coming soon|\btbd\b|\bwip\b|work in progress",
    re.I,
)
# A docstring or comment saying who calls an empty method: a documented hook or callback.
_HOOK_NOTE = re.compile(r"\b(?:called|invoked|triggered) (?:when|whenever|by|after|before|once|on|for|if)\b|\bhook\b|\bcallback\b", re.IGNORECASE)
_METHOD_DECORATORS = frozenset({"staticmethod", "classmethod", "property", "cached_property", "setter", "getter"})
_NOOP_WORDS = frozenset({"noop", "nop", "null", "dummy", "ignore", "nothing", "nolog", "devnull", "pass"})


def findings(facts: FileFacts, ctx: Context) -> Iterator[Hit]:
    if facts.is_test_file or facts.relpath.endswith(".pyi"):
        return
    for func in facts.functions:
        if func.node is not None and (hit := _stub(facts, func)) is not None:
            yield hit


def _stub(facts: FileFacts, func: Func) -> Hit | None:
    """Flag empty bodies that look unfinished, not deliberate no-ops.

    Always exempt: abstract/overload/override methods, Protocol members, .pyi files,
    dunders, tests. A TODO-like note marks a stub anywhere. Without one, ``raise
    NotImplementedError`` counts unless the method is a hook (abstract-looking class,
    subclassed here, called as self.name()) or its message says "subclasses must..." or
    names an unsupported case; a bare ``pass``/``...``/docstring counts only for a public
    top-level function or in a skeleton class whose methods are all empty.
    """
    node = func.node
    kind = func.empty or trivial_return(node)
    cls = func.cls
    if kind is None or func.is_test or func.decorated(*_ABSTRACT_DECORATORS):
        return None
    if cls is not None and cls.is_protocol:
        return None
    if func.name.startswith("__") and func.name.endswith("__"):
        return None
    notes = function_notes(facts, node)
    if any(SUBCLASS_HINT.search(note) for note in notes):
        return None  # "to be overridden by subclasses": a deliberate hook
    todo = says_unfinished(notes)
    if kind.startswith("return:") and not todo:
        return None  # `return None` / `return {}` is a real answer unless a note says it is not
    if not todo and (func.conditional or any(_HOOK_NOTE.search(note) for note in notes)):
        return None  # a fallback defined under if/try, or a documented hook ("called when ...")
    if kind.startswith("raise:"):
        message = kind.split(":", 1)[1]
        if not todo and (SUBCLASS_HINT.search(message) or not _NIE_UNFINISHED.search(message)):
            return None  # "subclasses must implement" / "not supported on Windows": deliberate
        todo = todo or bool(_NIE_UNFINISHED.search(message))
        kind = "raise"
    unless_subclassed = None
    if todo:
        confidence = 0.95
    elif facts.is_doubles_module:
        return None  # a module of test doubles (mock_idle.py, fakes.py): empty methods are its job
    elif kind == "raise":
        if cls is not None and _is_hook(facts, func, cls):
            return None
        if cls is not None and _declared_unsupported(facts, func, cls):
            return None
        if cls is None and func.params[:1] == ("self",):
            return None  # a method body defined outside its class, to be attached to one
        if cls is not None:
            # A bare raise in a method: a base class's hook (an interface whose methods all
            # raise, or one beside real methods) or an unsupported operation, unless nothing
            # in the project subclasses the class.
            unless_subclassed = cls.name
        confidence = 0.8
    else:
        if func.nested or not func.public or set(name_tokens(func.name)) & _NOOP_WORDS:
            return None
        if len(notes) > 1 or (kind == "docstring" and _spec_docstring(notes[0])):
            return None  # an explained empty body is a deliberate no-op; a documented one, a spec
        if any(d.rsplit(".", 1)[-1] not in _METHOD_DECORATORS for d in func.decorators):
            return None  # registered with a framework (@click.group, @hookspec): empty on purpose
        if cls is not None and not (_is_skeleton(facts, cls) or (kind == "ellipsis" and _is_concrete(facts, cls))):
            return None
        if cls is not None:
            unless_subclassed = cls.name  # a skeleton another module fills in is an interface
        confidence = 0.7
    what = {"pass": "`pass`", "ellipsis": "`...`", "docstring": "a docstring", "raise": "`raise NotImplementedError`"}.get(kind)
    what = what or f"`{kind.replace(':', ' ', 1)}`"  # return:{} -> `return {}`
    return Hit(
        STUB_BODY.name,
        node.name,
        f"`{func.name}()` has no implementation: its body is only {what}"
        + (" and a note that it is unfinished." if todo else ".")
        + " Callers will silently get None (or an exception) instead of a result.",
        fix="Implement the function, or remove it and its callers if it is not needed.",
        symbol=facts.full_name(func.qualname),
        matched=func.name,
        confidence=confidence,
        unless_subclassed=unless_subclassed,
    )


def _is_hook(facts: FileFacts, func: Func, cls: ClassInfo) -> bool:
    """An intentionally unimplemented method: abstract-looking or null-object class, a base
    of another class in this file, or a template-method hook called as self.name()."""
    if cls.looks_abstract or cls.is_test_double or cls.name in facts.base_names:
        return True
    return any(other.cls is cls and other is not func and func.name in other.refs for other in facts.functions)


def _declared_unsupported(facts: FileFacts, func: Func, cls: ClassInfo) -> bool:
    """``write_eof`` raising beside ``can_write_eof`` (``supports_``/``has_``): the class
    says the operation is unsupported, and callers ask first."""
    probes = {f"{prefix}_{func.name.lstrip('_')}" for prefix in ("can", "supports", "has", "is")}
    return any(other.cls is cls and other.name.lstrip("_") in probes for other in facts.functions)


def _is_concrete(facts: FileFacts, cls: ClassInfo) -> bool:
    """A plain class (no base, not abstract-looking, not subclassed here): ``...`` as a
    method body there is a placeholder, not an interface declaration."""
    return not (cls.bases or cls.looks_abstract or cls.is_test_double or cls.name in facts.base_names or cls.in_function)


def _is_skeleton(facts: FileFacts, cls: ClassInfo) -> bool:
    """A public class with no base whose (two or more) methods are all empty: scaffolding."""
    if not cls.public or cls.bases or cls.is_test_double or cls.looks_abstract or cls.name in facts.base_names:
        return False
    methods = [f for f in facts.functions if f.cls is cls and f.node is not None and not f.name.startswith("__")]
    return len(methods) >= 2 and all(m.empty is not None for m in methods)


def _spec_docstring(text: str) -> bool:
    """A docstring of three or more lines documents an interface (parameters, when it is
    called); a stub's docstring is one line."""
    return sum(1 for line in text.splitlines() if line.strip()) >= 3
