"""Python files: comments and strings found with ``tokenize`` (the code is never imported or
run), checked for chat leftovers, chatbot citation codes and placeholder URLs."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

from aislop.checks.hallucination.closers import chat_closers
from aislop.checks.hallucination.leftovers import artifact_autofix, chat_leftovers
from aislop.checks.hallucination.rules import AI_DISCLOSURE, CHAT_LEFTOVER, CITATION_ARTIFACT, PLACEHOLDER_URL
from aislop.checks.hallucination.text import packs, phrase_finding, snippet
from aislop.checks.hallucination.urls import PLACEHOLDER_HOST, host_of
from aislop.document import URL_RE, Block, Document
from aislop.edits import drop_query_parameter
from aislop.model import Finding
from aislop.registry import Context

_MAIN_GUARD = re.compile(r"^if\s+__name__\s*==\s*[\"']__main__[\"']\s*:", re.M)
_TEST_FILE = re.compile(r"(?:^|/)(?:tests?|testing|fixtures?)/|(?:^|/)(?:test_[^/]*|[^/]*_test|conftest)\.py$")


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


def check_code(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Chat leftovers, the assistant describing itself and chatbot citation codes in comments and
    docstrings; placeholder URLs and links tagged utm_source=chatgpt.com in strings."""
    texts = code_texts(doc.source)
    if ctx.is_enabled(PLACEHOLDER_URL):
        yield from code_placeholder_urls(doc, texts)
    pieces = [t for t in texts if t.kind in ("comment", "docstring")]
    if ctx.is_enabled(CITATION_ARTIFACT):
        pack = packs().text["citation-artifact"]
        for piece in pieces:
            for match, phrase in pack.finditer(doc.source, piece.start, piece.end):
                yield phrase_finding(doc, CITATION_ARTIFACT, match, phrase, autofix=artifact_autofix(doc, match))
        for piece in (t for t in texts if t.kind == "string"):  # a link copied from a chat: ?utm_source=chatgpt.com
            for url in URL_RE.finditer(doc.source, piece.start, piece.end):
                for match, phrase in pack.finditer(doc.source, *url.span()):
                    if match.group().startswith("utm_source="):
                        yield phrase_finding(doc, CITATION_ARTIFACT, match, phrase, matched=url.group(),
                                             autofix=drop_query_parameter(doc, *match.span()))
    if ctx.is_enabled(AI_DISCLOSURE):
        pack = packs().text["ai-disclosure"]
        for piece in pieces:
            for match, phrase in pack.finditer(doc.source, piece.start, piece.end):
                yield phrase_finding(doc, AI_DISCLOSURE, match, phrase)
    if ctx.is_enabled(CHAT_LEFTOVER):
        blocks = [Block("paragraph", *_comment_body(doc.source, p)) for p in _merge_comment_runs(doc.source, pieces)]
        leftovers = list(chat_leftovers(doc, doc.source, blocks))
        yield from leftovers
        yield from chat_closers(doc, doc.source, blocks, leftovers, anywhere=True)


def _merge_comment_runs(source: str, pieces: list[CodeText]) -> list[CodeText]:
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


def _comment_body(source: str, piece: CodeText) -> tuple[int, int]:
    """Skip the leading ``#`` or string prefix/quotes so that "starts the paragraph" works, and a
    string's closing quotes."""
    start, end = piece.start, piece.end
    head = re.match(r"#+\s*|[rRbBuUfF]{0,2}(?:\"\"\"|'''|\"|')\s*", source[start:end])
    if head:
        start += head.end()
    if piece.kind != "comment":  # and the closing quotes, so that a sentence ends where its words do
        end = max(start, end - len(re.search(r"\s*(?:\"\"\"|'''|\"|')?$", source[start:end]).group()))
    return start, end


def code_placeholder_urls(doc: Document, pieces: list[CodeText]) -> Iterator[Finding]:
    """``"https://api.example.com"`` in a string of shipped code (tests may use example.com)."""
    if _TEST_FILE.search(doc.relpath.replace("\\", "/")):
        return
    demo = _MAIN_GUARD.search(doc.source)  # demo code under `if __name__ == "__main__":`
    for piece in pieces:
        if piece.kind != "string" or (demo and piece.start > demo.start()):
            continue
        for match in URL_RE.finditer(doc.source, piece.start, piece.end):
            if PLACEHOLDER_HOST.match(host_of(match.group())):
                yield doc.finding(
                    PLACEHOLDER_URL, match.start(), match.end(),
                    f'"{snippet(match.group())}" is a placeholder address in code: point it at the real '
                    "service, or read it from configuration.",
                )
