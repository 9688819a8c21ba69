"""One document as the hallucination rules read it: what several rules share is computed once,
when a rule first asks (the citations of a prose document, the comments and strings of a code
file), so a rule that is switched off costs nothing."""

from __future__ import annotations

from functools import cached_property

from aislop.checks.hallucination.citations import Citations
from aislop.checks.hallucination.in_code import CodeText, code_texts, comment_blocks
from aislop.document import Block, Document


class Reading:
    """The facts of one document for the hallucination rule modules (``findings(reading, ctx)``)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    @cached_property
    def citations(self) -> Citations:
        """Reference sections, entries and citation markers (prose)."""
        return Citations(self.doc)

    @cached_property
    def code_texts(self) -> list[CodeText]:
        """Every comment and string literal of a Python file."""
        return code_texts(self.doc.source)

    @cached_property
    def comments(self) -> list[CodeText]:
        """Comments and docstrings: the code's own prose."""
        return [t for t in self.code_texts if t.kind in ("comment", "docstring")]

    @cached_property
    def comment_blocks(self) -> list[Block]:
        """Comments and docstrings as paragraphs (a run of full-line comments is one)."""
        return comment_blocks(self.doc.source, self.comments)
