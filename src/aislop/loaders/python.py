"""Python source: decoded per PEP 263; code nested too deeply for libcst's native parser is
refused here (python_nesting.py), before any check parses it."""

from __future__ import annotations

import re
from pathlib import Path

from aislop.document import Document
from aislop.loaders.decoding import decode_python
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.python_nesting import nesting_problem
from aislop.loaders.suppressions import python_suppressions

_MENTIONS_AISLOP = re.compile("aislop", re.IGNORECASE)  # as case-blind as the directive itself


def refuse_deep_python(source: str, comments: list[tuple[int, str]] | None = None) -> None:
    """Raise UnreadableFile when ``source`` is nested or chained too deeply to parse safely;
    ``comments``, when given, receives its comments as (offset, text)."""
    problem = nesting_problem(source, comments)
    if problem:
        raise UnreadableFile(problem)


def load_python(path: Path, relpath: str, data: bytes) -> Document:
    """A .py file: one code Document with its ``# aislop: ignore`` lines."""
    source = decode_python(data)
    # Most files never mention aislop: no comment of theirs can be a directive.
    comments: list[tuple[int, str]] | None = [] if _MENTIONS_AISLOP.search(source) else None
    refuse_deep_python(source, comments)
    return Document(
        path=path, relpath=relpath, kind="code", format="python", text=source, source=source,
        suppressions=python_suppressions(source, comments) if comments else [],
    )
