"""Small readings of libcst nodes shared by the facts pass and the rules: dotted names,
string values, bodies, literals. Pure functions of a node, so a rule can ask them of the
nodes the pass recorded without walking the tree again."""

from __future__ import annotations

import re

import libcst as cst


def dotted(node: cst.CSTNode | None) -> str | None:
    """``a.b.c`` for Name/Attribute chains (a call or subscript is looked through)."""
    # By type, not isinstance: libcst subclasses none of these four, and isinstance on its
    # ABCs costs a Python-level call whenever the answer is no (most calls, most types).
    kind = type(node)
    if kind is cst.Name:
        return node.value
    if kind is cst.Attribute:
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else None
    if kind is cst.Call:
        return dotted(node.func)
    if kind is cst.Subscript:
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
    if type(node) is cst.SimpleString and (text := _uninterpreted(node.value)) is not None:
        return text
    if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
        try:
            value = node.evaluated_value
        except (SyntaxError, ValueError):  # an invalid escape such as "\N{bogus}": unknown value
            return None
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        return value
    return None


def _uninterpreted(code: str) -> str | None:
    """The value of a str literal with nothing to interpret (no backslash, carriage return or
    NUL, no bytes prefix): the text between its quotes. Most literals are like that, and
    libcst's ``evaluated_value`` runs the Python parser (``ast.literal_eval``) for each."""
    if "\\" in code or "\r" in code or "\x00" in code:
        return None
    body = code.lstrip("rRuU")
    if body[:1] not in ("'", '"'):
        return None  # a bytes literal
    quote = 3 if body[:3] in ("'''", '"""') else 1
    return body[quote:-quote]


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


def empty_body(node: cst.FunctionDef) -> str | None:
    """What an empty function body holds: ``pass``, ``ellipsis``, ``docstring``, ``raise``
    or ``raise:<message>`` (a ``NotImplementedError``); None when it does something."""
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
