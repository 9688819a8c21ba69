"""Loaders must keep exact positions: a finding's line/column points into the real file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aislop.loaders import UnreadableFile, decode_text, load

MARKDOWN = """---
title: "Certainly! front matter is not prose"
---
# A heading

```python
print("Certainly! code is not prose")
```

Intro paragraph with `inline code` and a [link](https://example.org/x) here.

> A quoted line.

- **Label**: item text
- second item
"""


def _load(tmp_path: Path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return load(path, name)


def test_markdown_prose_view_keeps_offsets(tmp_path):
    (doc,) = _load(tmp_path, "a.md", MARKDOWN)
    assert len(doc.text) == len(doc.source)
    assert doc.text.count("\n") == doc.source.count("\n")
    assert "front matter" not in doc.text
    assert "print(" not in doc.text
    assert "inline code" not in doc.text
    assert "https://example.org/x" not in doc.text
    assert "Intro paragraph with" in doc.text
    offset = doc.text.index("Intro")
    assert doc.position(offset)[:2] == (10, 1)
    link = doc.text.index("link")
    assert doc.position(link)[:2] == (10, 43)
    assert [doc.source[a:b] for a, b in doc.urls] == ["https://example.org/x"]


def test_markdown_blocks(tmp_path):
    (doc,) = _load(tmp_path, "a.md", MARKDOWN)
    kinds = [(b.kind, b.quoted) for b in doc.blocks]
    assert kinds == [
        ("heading", False),
        ("paragraph", False),
        ("paragraph", True),
        ("list_item", False),
        ("list_item", False),
    ]
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert items[0].list_id == items[1].list_id
    assert doc.source[items[0].start - 2 : items[0].end].startswith("**Label**")
    assert doc.text[items[0].start : items[0].end].strip().startswith("Label")


def test_suppression_comments(tmp_path):
    text = "Para one.\n\n<!-- aislop: ignore chat-leftover -->\nPara two.\n\n<!-- aislop: off -->\nA\n\nB\n<!-- aislop: on -->\nC\n"
    (doc,) = _load(tmp_path, "s.md", text)
    spans = [(s.first, s.last, sorted(s.rules)) for s in doc.suppressions]
    assert (4, 4, ["chat-leftover"]) in spans
    assert (6, 10, []) in spans


def test_plain_text_latin1_is_decoded(tmp_path):
    (doc,) = _load(tmp_path, "l.txt", "Café crème, naïve façade.\n".encode("latin-1"))
    assert "Café" in doc.text


def test_utf16_is_decoded():
    assert decode_text("héllo".encode("utf-16")) == "héllo"


def test_truncated_utf16_is_decoded_with_a_replacement():
    # An odd byte count after a UTF-16 BOM used to raise UnicodeDecodeError out of the loader.
    assert decode_text("héllo".encode("utf-16") + b"\x00") == "héllo\ufffd"


def test_binary_named_md_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile):
        _load(tmp_path, "r.md", bytes(range(256)) * 8)


def test_html_visible_text_only(tmp_path):
    html = "<html><head><title>T</title><style>p{}</style></head>\n<body><p>Hello <b>there</b></p>\n<script>var x='Certainly!'</script><!-- hidden --></body></html>\n"
    (doc,) = _load(tmp_path, "p.html", html)
    assert "Certainly" not in doc.text and "hidden" not in doc.text and "p{}" not in doc.text
    at = doc.text.index("there")
    assert doc.position(at)[:2] == (2, 19)
    assert [b.kind for b in doc.blocks] == ["paragraph"]


def test_html_nested_blocks_do_not_overlap(tmp_path):
    """<p> inside <li> inside <td>: each piece of text belongs to exactly one block, the
    innermost; bare text in a table cell is a table block."""
    html = ("<html><body><table><tr><td>Cell text<ul><li>Item intro<p>Inner para</p>tail</li></ul></td>"
            "<td>Other cell</td></tr></table><p>After</p></body></html>\n")
    (doc,) = _load(tmp_path, "n.html", html)
    spans = [(b.start, b.end) for b in doc.blocks]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    pieces = [(b.kind, doc.text[b.start : b.end].strip()) for b in doc.blocks]
    assert pieces == [("table", "Cell text"), ("list_item", "Item intro"), ("paragraph", "Inner para"),
                      ("list_item", "tail"), ("table", "Other cell"), ("paragraph", "After")]


def test_docx_paragraph_locations(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Title", level=1)
    d.add_paragraph("First paragraph.")
    d.add_paragraph("Second paragraph says hello.")
    d.save(tmp_path / "w.docx")
    (doc,) = load(tmp_path / "w.docx", "w.docx")
    at = doc.text.index("hello")
    line, column, label = doc.position(at)
    assert (line, label) == (3, "paragraph 3")
    assert column == len("Second paragraph says ") + 1
    assert doc.blocks[0].kind == "heading"


def test_corrupt_docx_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile):
        _load(tmp_path, "bad.docx", b"PK\x03\x04 not really a zip")


def test_notebook_cells(tmp_path):
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Title\n", "\n", "Some text.\n"]},
            {"cell_type": "code", "source": ["%matplotlib inline\n", "import os\n"]},
            {"cell_type": "markdown", "source": "Line one.\nTarget word here.\n"},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    docs = _load(tmp_path, "n.ipynb", json.dumps(nb))
    prose = [d for d in docs if d.kind == "prose"]
    code = [d for d in docs if d.kind == "code"]
    assert len(prose) == 1 and len(code) == 1
    at = prose[0].text.index("Target")
    assert prose[0].position(at) == (2, 1, "cell 3")
    assert code[0].location == "cell 2"
    assert "import os" in code[0].source


def test_invalid_notebook_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile):
        _load(tmp_path, "n.ipynb", "{not json")


def test_python_suppression(tmp_path):
    (doc,) = _load(tmp_path, "m.py", "x = 1  # aislop: ignore[debug-print, AIS303]\ny = 2\n")
    assert doc.kind == "code"
    assert [(s.first, sorted(s.rules)) for s in doc.suppressions] == [(1, ["ais303", "debug-print"])]


def test_rst_literal_blocks_are_not_prose(tmp_path):
    text = "Title\n=====\n\nSome prose::\n\n    code_here = 1\n\nMore prose.\n"
    (doc,) = _load(tmp_path, "r.rst", text)
    assert "code_here" not in doc.text
    assert doc.blocks[0].kind == "heading"


def test_adjacent_citations_are_not_reference_links(tmp_path):
    text = "Claim one [1][2] and a [real link][docs].\n\n[docs]: https://example.org/docs\n"
    (doc,) = _load(tmp_path, "c.md", text)
    assert "[1][2]" in doc.text
    assert "[docs]" not in doc.text.split("\n")[0] and "real link" in doc.text


def test_rst_doctest_is_not_prose(tmp_path):
    text = "Intro text.\n\n>>> print('Certainly! here')\nCertainly! here\n\nAfter.\n"
    (doc,) = _load(tmp_path, "d.rst", text)
    assert "Certainly" not in doc.text and "After." in doc.text


def test_a_malformed_marked_section_in_html_is_read_as_text(tmp_path):
    """CPython's HTML parser asserts on `<![` followed by no name (found by the property test)."""
    (tmp_path / "x.html").write_text("<![\n<p>Hello there.</p>\n", encoding="utf-8")
    (doc,) = load(tmp_path / "x.html", "x.html")
    assert len(doc.text) == len(doc.source) and "Hello there." in doc.text
