"""Python files: comments and strings found with ``tokenize`` (the code is never imported or
run), which the chat-leftover, ai-disclosure, citation-artifact and placeholder-url rules read."""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

from aislop.document import Block


@dataclass(frozen=True)
class CodeText:
    """A comment or string literal of a Python file, by offset."""

    start: int
    end: int
    kind: str  # comment | docstring | string


def code_texts(source: str) -> list[CodeText]:
    """Comments and strings found with ``tokenize`` (the code is never imported or run)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def offset(row: int, col: int) -> int:
        # Without a final newline tokenize ends with a NEWLINE past the text and an
        # ENDMARKER on a line that does not exist: both clamp to the end of the text.
        return len(source) if row > len(line_starts) else min(line_starts[row - 1] + col, len(source))

    found: list[CodeText] = []
    previous = tokenize.NEWLINE
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            start, end = offset(*tok.start), offset(*tok.end)
            if tok.type == tokenize.COMMENT:
                found.append(CodeText(start, end, "comment"))
            elif tok.type == tokenize.STRING:
                statement = previous in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.NL)
                found.append(CodeText(start, end, "docstring" if statement else "string"))
            if tok.type not in (tokenize.COMMENT, tokenize.NL):
                previous = tok.type
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # a broken file still yields the comments and strings before the error
    return found


def merge_comment_runs(source: str, pieces: list[CodeText]) -> list[CodeText]:
    """Consecutive full-line comments read as one paragraph."""
    merged: list[CodeText] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if (
            last is not None and last.kind == piece.kind == "comment"
            and source[last.end : piece.start].count("\n") == 1
            and not source[last.end : piece.start].strip()
        ):
            merged[-1] = CodeText(last.start, piece.end, "comment")
        else:
            merged.append(piece)
    return merged


def comment_body(source: str, piece: CodeText) -> tuple[int, int]:
    """Skip the leading ``#`` or string prefix/quotes so that "starts the paragraph" works, and a
    string's closing quotes."""
    start, end = piece.start, piece.end
    head = re.match(r"#+\s*|[rRbBuUfF]{0,2}(?:\"\"\"|'''|\"|')\s*", source[start:end])
    if head:
        start += head.end()
    if piece.kind != "comment":  # and the closing quotes, so that a sentence ends where its words do
        end = max(start, end - len(re.search(r"\s*(?:\"\"\"|'''|\"|')?$", source[start:end]).group()))
    return start, end


def comment_blocks(source: str, pieces: list[CodeText]) -> list[Block]:
    """Comments and docstrings as paragraphs: a run of full-line comments is one, without its
    ``#`` marks or quotes."""
    return [Block("paragraph", *comment_body(source, p)) for p in merge_comment_runs(source, pieces)]
