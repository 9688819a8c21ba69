"""The HTML report's page data written as a stream: the same bytes as
``html.data_script(_PageData(report).build())`` without holding the findings, the files' lines or
the JSON in memory.

Built whole, the data is one dict of every rule, file (with its lines of context), thumbnail and
finding. Here it is made in three passes over the findings, which an on-disk store (aislop.spill)
reads back one at a time: (1) file by file, in the page's file order, the thumbnails and the
parts of packaged documents; (2) in rank order, the rule table and the one choice of the whole
build that depends on every finding before it: the context budget, spent in rank order, runs out
at some finding, and from that one on excerpts have no context lines; (3) file by file again,
each finding's row and the file's row. Finding rows wait in a temporary SQLite table for their
place in rank order, and the JSON goes to a temporary file that is then copied into the page, or
deflated and base64-encoded a chunk at a time when it is big (as ``data_script`` does at once).
"""

from __future__ import annotations

import base64
import json
import sqlite3
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from aislop.model import Finding
from aislop.reporters import Report, by_file_ranked, html, paths_by_rank
from aislop.reporters.html import SourceLines, score_text

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
CHUNK = 1 << 20  # characters of JSON read back at a time
KEEP_SOURCES = 64  # files whose lines pass 2 keeps (it jumps between files in rank order)


class _Spool:
    """JSON values written to a file as the items of one array, in order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.count = 0

    def append(self, value) -> None:
        self.append_json(_encode(value))

    def append_json(self, text: str) -> None:
        self.handle.write(("," if self.count else "") + text)
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def close(self) -> None:
        self.handle.close()

    def pieces(self) -> Iterator[str]:
        return _read(self.path)


def _read(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        while piece := handle.read(CHUNK):
            yield piece


def _order_key(findings) -> Callable[[Finding], int]:
    """A finding's place in rank order: its rank in a store (unique there), its index in a list."""
    if isinstance(findings, list):
        index = {id(f): i for i, f in enumerate(findings)}
        return lambda f: index[id(f)]
    return lambda f: f.rank


class _StreamedPageData(html._PageData):
    """``_PageData`` driven a file at a time; see the module docstring for the passes."""

    def __init__(self, report: Report, folder: Path) -> None:
        super().__init__(report)
        self.folder = folder
        self.thumbs = _Spool(folder / "thumbs.json")  # type: ignore[assignment]
        self.db = sqlite3.connect(folder / "rows.sqlite", isolation_level=None)
        self.db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE files (idx INTEGER PRIMARY KEY, thumb INTEGER, caption TEXT, parts TEXT);"
            "CREATE TABLE rows (key INTEGER PRIMARY KEY, row TEXT);"
        )
        self.key = _order_key(report.findings)
        self.placed_at: dict[int, list] = {}  # order key -> its place in a part of a packaged document

    def close(self) -> None:
        self.db.close()
        self.thumbs.close()

    def _files(self) -> dict[str, tuple[str | None, str]]:
        """path -> (kind, score text) of the files with findings."""
        with_findings = set(paths_by_rank(self.report.findings))
        return {r.path: (r.kind, score_text(r.scores)) for r in self.report.files if r.path in with_findings}

    def thumbnails_and_parts(self, files: dict[str, tuple[str | None, str]]) -> None:
        """Pass 1: each file's thumbnail and document parts, in the page's file order."""
        self.db.execute("BEGIN")
        for idx, (path, grouped) in enumerate(by_file_ranked(self.report.findings)):
            thumb, caption = self._thumbnail(path, files.get(path, (None, ""))[0], grouped)
            parts = self._parts(path, grouped)
            for f in grouped:
                if id(f) in self.placed:
                    self.placed_at[self.key(f)] = self.placed.pop(id(f))
            self.db.execute("INSERT INTO files VALUES (?, ?, ?, ?)", (idx, thumb, caption, _encode(parts)))
        self.db.execute("COMMIT")
        self.thumbs.close()

    def budget_end(self) -> float:
        """Pass 2: the rule table (rules in order of their first finding) and the order key of the
        first finding whose excerpt has no context lines (infinity when the budget lasts)."""
        self.sources = SourceLines(self.report.root, keep=KEEP_SOURCES)
        stored: dict[str, dict[int, str]] = {}
        end: float = float("inf")
        for f in self.report.findings:
            self._rule(f)
            if end != float("inf"):
                continue
            key = self.key(f)
            if self.context_chars >= html.CONTEXT_BUDGET:
                end = key
                stored.clear()
            elif key not in self.placed_at:
                self._excerpt(f, stored.setdefault(f.path, {}), True)
        return end

    def rows(self, files: dict[str, tuple[str | None, str]], end: float) -> None:
        """Pass 3: each file's row (to the spool) and its findings' rows (to the table)."""
        self.file_spool = _Spool(self.folder / "files.json")
        self.db.execute("BEGIN")
        for idx, (path, grouped) in enumerate(by_file_ranked(self.report.findings)):
            thumb, caption, parts = self.db.execute(
                "SELECT thumb, caption, parts FROM files WHERE idx = ?", (idx,)).fetchone()
            kind, scores = files.get(path, ("", ""))
            self.sources = SourceLines(self.report.root, keep=1)
            stored: dict[int, str] = {}
            for f in sorted(grouped, key=self.key):
                key = self.key(f)
                excerpt = self.placed_at.get(key) or self._excerpt(f, stored, key < end)
                self.db.execute("INSERT INTO rows VALUES (?, ?)", (key, _encode(self._row(f, idx, excerpt))))
            row = _encode([path, kind or "", scores, thumb, caption, stored])
            self.file_spool.append_json(row[:-1] + "," + parts + "]")  # the parts, already JSON, last
        self.db.execute("COMMIT")
        self.file_spool.close()

    def pieces(self) -> Iterator[str]:
        """The JSON of ``build()``'s dict, a piece at a time."""
        yield '{"rules":' + _encode(self.rule_rows) + ',"files":['
        yield from self.file_spool.pieces()
        yield '],"thumbs":['
        yield from self.thumbs.pieces()
        yield '],"findings":['
        cursor = self.db.execute("SELECT row FROM rows ORDER BY key")
        first = True
        while batch := cursor.fetchmany(512):
            yield ("" if first else ",") + ",".join(row for (row,) in batch)
            first = False
        yield "]}"


def write_data(report: Report, stream: TextIO) -> None:
    """Write ``html.data_script(_PageData(report).build())`` to ``stream``."""
    with tempfile.TemporaryDirectory(prefix="aislop-html-") as folder:
        data = _StreamedPageData(report, Path(folder))
        try:
            files = data._files()
            data.thumbnails_and_parts(files)
            data.rows(files, data.budget_end())
            page = Path(folder) / "page.json"
            chars = 0
            with page.open("w", encoding="utf-8", newline="") as out:
                for piece in data.pieces():
                    piece = piece.replace("<", "\\u003c")  # as html.page_json: no '<' inside the script
                    chars += len(piece)
                    out.write(piece)
        finally:
            data.close()
        _copy_data(page, chars, stream)


def _copy_data(page: Path, chars: int, stream: TextIO) -> None:
    """The data element around the spooled JSON, plain or deflated as ``html.data_script``."""
    pieces = _read(page)
    if chars <= html.COMPRESS_ABOVE:
        stream.write('<script type="application/json" id="aislop-data">')
        for piece in pieces:
            stream.write(piece)
        stream.write("</script>")
        return
    stream.write('<script type="application/octet-stream" id="aislop-data" data-encoding="deflate-raw+base64">')
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    pending = b""
    for piece in pieces:
        pending += packer.compress(piece.encode("utf-8"))
        whole = len(pending) - len(pending) % 3  # base64 of whole 3-byte groups joins seamlessly
        stream.write(base64.b64encode(pending[:whole]).decode("ascii"))
        pending = pending[whole:]
    stream.write(base64.b64encode(pending + packer.flush()).decode("ascii"))
    stream.write("</script>")
