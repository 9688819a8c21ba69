"""What marks a function body as unfinished: the notes around it (docstring, comments) and a
body that only returns an empty or null value. Shared by stub-body, which reports such stubs,
and untested-function, which leaves them to it (a stub has no behaviour to test yet)."""

from __future__ import annotations

import re

import libcst as cst

from aislop.checks.code.facts import SUBCLASS_HINT, FileFacts, Func
from aislop.checks.code.packs import packs
from aislop.checks.code.syntax import docstring_node, is_docstring, small_statements, string_value

# "implement" counts as an instruction (# Implement the upload), not in "implements the X
# interface" or "the actual implementation is in save()".
UNFINISHED_NOTE = re.compile(
    r"\b(?:TODO|FIXME|XXX|TBD)\b|\bplaceholder\b|\bfill (?:this )?in\b|^#\s*implement\b(?!.*\b(?:interface|protocol|api)\b)"
    r"|\b(?:to be|not (?:yet )?|needs? to be) implemented\b|\bimplement (?:me|this|it|later|here)\b"
    r"|\bimplementation (?:goes|needed|pending|missing|here)\b",
    re.I,
)
_TRIVIAL_RESULTS = frozenset({"None", "{}", "[]", "()", "''", '""', "0", "False", "dict()", "list()", "set()"})


def notes(facts: FileFacts, node: cst.FunctionDef) -> list[str]:
    """The docstring of an empty function, then its comments: the comment lines directly
    above ``def`` and those inside the body."""
    doc = docstring_node(node.body)
    docstring = string_value(doc) or "" if doc is not None else ""
    above = []
    for line in reversed(node.leading_lines):
        if line.comment is None:
            break
        above.append(line.comment.value)
    body = facts.code(node.body)
    if doc is not None:
        body = body.replace(facts.code(doc), "", 1)
    return [docstring, *above, *re.findall(r"#[^\n]*", body)]


def says_unfinished(found: list[str]) -> bool:
    """A TODO-like note (in comments only: a docstring may say "Implementing this...") or a
    placeholder phrase anywhere."""
    return any(UNFINISHED_NOTE.search(note) for note in found[1:]) or any(packs().placeholder_note(note) for note in found)


def trivial_return(node: cst.FunctionDef) -> str | None:
    """``return:<value>`` when the body (after a docstring) is one ``return`` of an empty or
    null value: a stub only if a note says so (``# TODO: implement`` then ``return {}``)."""
    stmts = small_statements(node.body)
    if stmts and isinstance(node.body, cst.IndentedBlock) and is_docstring(node.body.body[0]):
        stmts = stmts[1:]
    if not stmts or len(stmts) != 1 or not isinstance(stmts[0], cst.Return):
        return None
    value = stmts[0].value
    if value is not None and not _may_be_trivial(value):
        return None
    code = "None" if value is None else cst.Module([]).code_for_node(value)
    return f"return:{code}" if code in _TRIVIAL_RESULTS else None


def _may_be_trivial(value: cst.BaseExpression) -> bool:
    """The shapes of _TRIVIAL_RESULTS (a name, an empty container or string, 0, a call without
    arguments): any other value's code is none of them, so it is not generated (code
    generation was nearly all of stub-body's time)."""
    kind = type(value)
    if kind is cst.Name:
        return value.value in ("None", "False")
    if kind is cst.Dict or kind is cst.List or kind is cst.Tuple:
        return not value.elements
    if kind is cst.Call:
        return not value.args
    if kind is cst.SimpleString:
        return len(value.value) == 2
    return kind is cst.Integer and value.value == "0"


def unfinished_return(facts: FileFacts, func: Func) -> bool:
    """``# TODO: implement`` then ``return {}`` (not a hook "subclasses override"): the stub
    stub-body reports whatever else the function is."""
    if func.node is None or trivial_return(func.node) is None:
        return False
    found = notes(facts, func.node)
    return says_unfinished(found) and not any(SUBCLASS_HINT.search(note) for note in found)
