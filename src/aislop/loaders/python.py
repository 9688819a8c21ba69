"""Python source: decoded per PEP 263 and tokenised once; code nested too deeply for
libcst's native parser is refused here, before any check parses it."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from aislop.document import Document
from aislop.loaders.decoding import decode_python
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.suppressions import python_suppressions

# libcst's native parser recurses per nesting level and overflows the C stack (a segfault
# that kills the process, not an exception) past ~1200 nested brackets or ~6600 chained
# operators, so such source is refused before any check parses it. CPython itself refuses
# more than 200 nested brackets.
MAX_PYTHON_BRACKETS = 200
_MENTIONS_AISLOP = re.compile("aislop", re.IGNORECASE)  # as case-blind as the directive itself
MAX_PYTHON_RUN = 3000  # tokens in one comma-separated item, summed over the open brackets


def python_tokens(source: str) -> list[tokenize.TokenInfo]:
    """The tokens of ``source`` up to the first tokenizer error (never raises)."""
    tokens: list[tokenize.TokenInfo] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            tokens.append(tok)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return tokens


def refuse_deep_python(tokens: list[tokenize.TokenInfo]) -> None:
    """Raise UnreadableFile when a statement is nested or chained too deeply to parse safely."""
    runs = [0]  # tokens in the current item at each open bracket level
    total = 0
    for tok in tokens:
        if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER) or tok.string == ";" and len(runs) == 1:
            runs, total = [0], 0
            continue
        if tok.type in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            continue
        if tok.type == tokenize.OP and tok.string == ",":
            total -= runs[-1]
            runs[-1] = 0
            continue
        runs[-1] += 1
        total += 1
        if tok.type == tokenize.OP and tok.string in ("(", "[", "{"):
            runs.append(0)
            if len(runs) > MAX_PYTHON_BRACKETS:
                raise UnreadableFile(
                    f"brackets nested more than {MAX_PYTHON_BRACKETS} deep at line {tok.start[0]}; "
                    "too deep to parse safely"
                )
        elif tok.type == tokenize.OP and tok.string in (")", "]", "}") and len(runs) > 1:
            total -= runs.pop()
        if total > MAX_PYTHON_RUN:
            raise UnreadableFile(
                f"an expression at line {tok.start[0]} is longer than {MAX_PYTHON_RUN} tokens "
                "without a break; too deep to parse safely"
            )


def load_python(path: Path, relpath: str, data: bytes) -> Document:
    """A .py file: one code Document with its ``# aislop: ignore`` lines."""
    source = decode_python(data)
    tokens = python_tokens(source)
    refuse_deep_python(tokens)
    return Document(
        path=path, relpath=relpath, kind="code", format="python", text=source, source=source,
        # Most files never mention aislop: no comment of theirs can be a directive.
        suppressions=python_suppressions(tokens) if _MENTIONS_AISLOP.search(source) else [],
    )
