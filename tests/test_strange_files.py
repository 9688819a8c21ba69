"""Other people's strange files (issue 19): broken PNG chunks, library warnings, Python that
only a newer parser reads, old notebooks, entity-heavy SVG. Each gives a clear per-file
message and the scan goes on; nothing leaks to stderr."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib

from PIL import Image

from aislop.config import Config
from aislop.engine import scan
from aislop.loaders import load


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(size: tuple[int, int] = (8, 8)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def _messages(result, name: str) -> list[str]:
    return [f.message for f in result.findings if f.path == name]


def test_raw_bytes_of_a_corrupt_chunk_type_are_escaped_not_cut(tmp_path):
    png = _png()
    end = png.find(b"IEND") - 4
    # A chunk whose type holds a carriage return, cut off by the end of the file.
    (tmp_path / "cut.png").write_bytes(png[:end] + struct.pack(">I", 5000) + b"tE\rt" + b"x" * 20)
    result = scan([tmp_path], Config(), jobs=1)
    [message] = _messages(result, "cut.png")
    assert "tE\\rt chunk runs past the end of the file" in message
    assert "\r" not in message and message.endswith(").")


def test_python_syntax_error_message_has_one_final_period(tmp_path):
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n", encoding="utf-8")
    result = scan([tmp_path], Config(), jobs=1)
    [message] = [f.message for f in result.findings if f.rule.name == "unreadable-file"]
    assert message.endswith(".") and not message.endswith("..")


def test_library_warnings_become_notes_not_stderr_from_workers(tmp_path):
    png = _png()
    idat = png.find(b"IDAT") - 4
    # An animation-control chunk claiming zero frames: Pillow warns "Invalid APNG" and reads on.
    (tmp_path / "anim.png").write_bytes(png[:idat] + _chunk(b"acTL", bytes(8)) + png[idat:])
    (tmp_path / "plain.png").write_bytes(_png())
    proc = subprocess.run(
        [sys.executable, "-m", "aislop", "scan", str(tmp_path), "--format", "json", "--no-cache", "-j", "2",
         "--exit-zero"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    notes = json.loads(proc.stdout)["notes"]
    assert any(note.startswith("anim.png: UserWarning:") and "APNG" in note for note in notes)
    assert not any(note.startswith("plain.png") for note in notes)


# An IPython 1.x notebook (nbformat 3): cells inside "worksheets", code under "input",
# heading cells with a level.
_V3_NOTEBOOK = {
    "metadata": {"name": "churn"},
    "nbformat": 3,
    "nbformat_minor": 0,
    "worksheets": [
        {
            "cells": [
                {"cell_type": "heading", "level": 2, "metadata": {}, "source": ["Churn model"]},
                {"cell_type": "markdown", "metadata": {}, "source": ["We fit the model on last quarter's data."]},
                {
                    "cell_type": "code", "collapsed": False, "input": ["import pandas_turbo_frames\n", "x = 1"],
                    "language": "python", "metadata": {}, "outputs": [],
                },
            ],
            "metadata": {},
        }
    ],
}


def test_nbformat_3_notebook_is_read_cell_by_cell(tmp_path):
    (tmp_path / "old.ipynb").write_text(json.dumps(_V3_NOTEBOOK), encoding="utf-8")
    docs = load(tmp_path / "old.ipynb", "old.ipynb")
    prose = [d for d in docs if d.kind == "prose"]
    code = [d for d in docs if d.kind == "code"]
    assert "## Churn model" in prose[0].source and "last quarter" in prose[0].source
    assert [d.location for d in code] == ["cell 3"] and "import pandas_turbo_frames" in code[0].source
    result = scan([tmp_path], Config(), jobs=1)
    assert [(f.rule.name, f.location) for f in result.findings] == [("hallucinated-import", "cell 3")]


def test_notebook_without_cells_or_worksheets_names_its_format(tmp_path):
    (tmp_path / "ancient.ipynb").write_text(json.dumps({"nbformat": 1, "pages": []}), encoding="utf-8")
    (tmp_path / "odd.ipynb").write_text(json.dumps(["not", "an", "object"]), encoding="utf-8")
    result = scan([tmp_path], Config(), jobs=1)
    assert _messages(result, "ancient.ipynb") == ["Cannot read this file: notebook format 1 is not supported (no cells, no worksheets)."]
    assert _messages(result, "odd.ipynb") == ["Cannot read this file: not a valid notebook: the JSON is not an object."]


def test_valid_python_libcst_cannot_read_is_an_info_and_text_rules_still_run(tmp_path):
    # Valid since Python 3.0; libcst 1.x raises TypeError on the missing space before '('.
    (tmp_path / "gap.py").write_text(
        'API_URL = "https://api.example.com/v1"\n\n\ndef pick(flag):\n    return () if flag else(lambda: ())\n',
        encoding="utf-8",
    )
    result = scan([tmp_path], Config(), jobs=1)
    found = {(f.rule.name, f.effective_severity.value) for f in result.findings}
    assert found == {("unreadable-file", "info"), ("placeholder-url", "error")}
    [limit] = [f for f in result.findings if f.rule.name == "unreadable-file"]
    assert "parser limit" in limit.message and "text rules still ran" in limit.message


def test_real_syntax_error_is_told_in_pythons_words(tmp_path):
    (tmp_path / "py2.py").write_text('print "hello"\n', encoding="utf-8")
    result = scan([tmp_path], Config(), jobs=1)
    [message] = _messages(result, "py2.py")
    assert message.startswith("Cannot read this file: Python syntax error at line 1")
    assert "Missing parentheses in call to 'print'" in message
