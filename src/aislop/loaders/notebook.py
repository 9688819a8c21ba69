"""Jupyter notebooks: Markdown cells as one prose Document, each code cell as code."""

from __future__ import annotations

import json
from pathlib import Path

from aislop.document import Document, Origin
from aislop.loaders.decoding import decode_text, normalise_newlines
from aislop.loaders.errors import UnreadableFile
from aislop.loaders.markdown import load_markdown
from aislop.loaders.python import refuse_deep_python
from aislop.loaders.suppressions import comment_suppressions, python_suppressions


def load_notebook(path: Path, relpath: str, data: bytes) -> list[Document]:
    """Markdown cells become one prose Document (lines map back to cells); each code cell
    becomes its own code Document labelled with its cell number."""
    try:
        notebook = json.loads(decode_text(data))
    except ValueError as exc:
        raise UnreadableFile(f"not a valid notebook (JSON): {exc}") from exc
    cells = _cells(notebook)
    prose_parts: list[str] = []
    origins: list[Origin] = []
    docs: list[Document] = []
    text_line = 1
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        # nbformat 2/3 keep a code cell's text under "input" and have "heading" cells.
        src = cell.get("input" if kind == "code" and "source" not in cell else "source", "")
        src = "".join(src) if isinstance(src, list) else str(src)
        src = normalise_newlines(src)
        if kind == "heading":
            kind, src = "markdown", "#" * _heading_level(cell) + " " + src
        if kind == "markdown":
            origins.append(Origin(text_line=text_line, line=1, label=f"cell {number}"))
            prose_parts.append(src + "\n\n")
            text_line += src.count("\n") + 2
        elif kind == "code":
            code = "\n".join(
                ("#" + ln[1:]) if ln.lstrip().startswith(("%", "!")) else ln for ln in src.split("\n")
            )
            comments: list[tuple[int, str]] = []
            try:
                refuse_deep_python(code, comments)
            except UnreadableFile as exc:
                raise UnreadableFile(f"cell {number}: {exc}") from None
            docs.append(
                Document(
                    path=path, relpath=relpath, kind="code", format="ipynb", text=code, source=code,
                    location=f"cell {number}", suppressions=python_suppressions(code, comments),
                )
            )
    if prose_parts:
        source = "".join(prose_parts)
        prose = Document(path=path, relpath=relpath, kind="prose", format="ipynb", source=source, origins=origins)
        load_markdown(prose)
        prose.suppressions = comment_suppressions(prose)
        docs.insert(0, prose)
    return docs


def _cells(notebook: object) -> list:
    """The cells of a notebook: nbformat 4 lists them at the top, nbformats 2 and 3 inside
    "worksheets"."""
    if not isinstance(notebook, dict):
        raise UnreadableFile("not a valid notebook: the JSON is not an object")
    if "cells" in notebook:
        cells = notebook["cells"]
    elif isinstance(notebook.get("worksheets"), list):
        cells = [cell for sheet in notebook["worksheets"] if isinstance(sheet, dict) for cell in sheet.get("cells") or ()]
    else:
        version = notebook.get("nbformat")
        shown = f"notebook format {version}" if isinstance(version, int) else "this notebook format"
        raise UnreadableFile(f"{shown} is not supported (no cells, no worksheets)")
    if not isinstance(cells, list):
        raise UnreadableFile("not a valid notebook: cells is not a list")
    return cells


def _heading_level(cell: dict) -> int:
    level = cell.get("level")
    return level if isinstance(level, int) and 1 <= level <= 6 else 1
