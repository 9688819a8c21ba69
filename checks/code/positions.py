"""Character offsets of the few nodes a finding points at, from one code generation.

libcst's PositionProvider records a line/column range for every node, which costs more than
parsing; the code rules need positions only for the handful of nodes they report, and the
generation stops once the last of them is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.internal import CodegenState


class _AllFound(Exception):
    """Every target's span is known: the rest of the module need not be generated."""


@dataclass
class _OffsetState(CodegenState):
    """Code generation that records the character offsets of a few target nodes."""

    targets: set[int] = field(default_factory=set)
    offset: int = 0
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        self.offset += sum(map(len, self.indent_tokens))

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets:
            self._starts.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets:
            self.spans[id(node)] = (self._starts.pop(), self.offset)
            if len(self.spans) == len(self.targets):
                raise _AllFound


def spans(module: cst.Module, nodes: list[cst.CSTNode]) -> dict[int, tuple[int, int]]:
    """``id(node) -> (start, end)`` character offsets in the module's source."""
    state = _OffsetState(default_indent=module.default_indent, default_newline=module.default_newline)
    state.targets = {id(n) for n in nodes}
    try:
        module._codegen(state)
    except _AllFound:
        pass
    return state.spans
