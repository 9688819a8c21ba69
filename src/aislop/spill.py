"""Findings and file results kept on disk during a scan, so the main process's memory does not
grow with the archive.

A worker turns its ``FileResult`` into a compact form (``compact``): the result without its
findings, as JSON, and one row per finding holding the few columns that fingerprints, ranking
and the per-file order need, plus the finding itself as a marshalled tuple. The main process
writes those rows into a temporary SQLite database (stdlib ``sqlite3``; it sorts on disk, so a
million findings cost no more memory than ten) and never holds the findings as objects: the
fingerprints and ranks are computed in SQL with the same keys and tie-breaks as
``engine.assign_fingerprints`` and ``triage.rank``, and reporters read the findings back one at
a time, in rank order (``StoredFindings``) or per file (``StoredFindings.by_file``), as the same
``Finding`` objects a list would hold. Report bytes are therefore those of an in-memory scan.

Text that orders findings (paths, matched text) is stored as UTF-8 bytes (``surrogatepass``,
for undecodable file names): byte order is code-point order, which is Python's string order.
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import os
import json
import shutil
import sqlite3
import tempfile
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from aislop.flat import flatten, normalise, unflatten
from aislop.model import FileResult, Finding, Rule, Severity
from aislop.triage import Counts

STORE_FORMAT = 3  # the schema and encodings of a finished store (PRAGMA user_version); 2: file results
# as JSON; 3: a kept store (aislop.snapshot) is ranked
Row = tuple  # (path, line, column, code, matched, family, fingerprint key, severity, confidence, effort, visibility, data)
Compact = tuple[bytes, list[str], list[Row]]  # (FileResult without findings as JSON, its notes, finding rows)

def _b(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _s(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def _row(values: tuple, rule: Rule) -> Row:
    """A flat finding (aislop.flat) as the store's columns."""
    (_, path, _, line, column, _, _, matched, _, symbol, _, severity, confidence, _, _) = values
    return (
        _b(path), line or 0, column or 0, rule.code, _b(matched), rule.family, _b(normalise(matched or symbol or "")),
        severity or rule.severity.value, rule.confidence if confidence is None else confidence,
        rule.effort_minutes, rule.visibility, marshal.dumps(values),
    )


def _file_blob(result: FileResult) -> bytes:
    """A result's fields but its findings, as JSON: a store may be kept in the cache folder
    (aislop.snapshot), from which nothing is unpickled."""
    return json.dumps([
        result.path, result.kind, result.scores, result.score_sources, result.error, result.words, result.notes,
        result.waived, result.incomplete, result.embedded, result.references,
    ]).encode()


def _file_result(blob: bytes) -> FileResult:
    (path, kind, scores, score_sources, error, words, notes, waived, incomplete, embedded,
     references) = json.loads(blob)
    return FileResult(
        path=path, kind=kind, scores=scores, score_sources=score_sources, error=error, words=words, notes=notes,
        waived=waived, incomplete=incomplete, embedded=embedded, references=references,
    )


def compact(result: FileResult) -> Compact:
    """``result`` as it leaves a worker: no ``Finding`` object crosses to the main process."""
    return _file_blob(result), list(result.notes), [_row(flatten(f), f.rule) for f in result.findings]


def compact_flat(result: FileResult, findings: list[tuple], rules: Mapping[str, Rule]) -> Compact:
    """``compact`` of ``result`` (which holds no findings) with these flat findings: a cached
    result goes into the store without a ``Finding`` made. KeyError for a rule that no longer exists."""
    rows = [_row(values, rules[values[0]]) for values in findings]
    return _file_blob(result), list(result.notes), rows


class ScanStore:
    """The temporary database of one scan; removed by ``close``, or when the store is dropped or
    the process exits (a scan that failed half-way)."""

    def __init__(
        self, rules: dict[str, Rule], priority: Callable[[str, float, int, float], float], database: bytes | None = None
    ) -> None:
        """A new, empty store; or, with ``database`` (``database_bytes`` of a finished store), a
        private copy of that store, finished (sqlite3.DatabaseError when it is no such store)."""
        self._rules = rules
        self._priority = priority
        self.folder = folder = tempfile.mkdtemp(prefix="aislop-scan-")
        path = os.path.join(folder, "scan.sqlite")
        if database is not None:
            with open(path, "wb") as handle:
                handle.write(database)
        self.db = sqlite3.connect(path, isolation_level=None)
        self._remove = weakref.finalize(self, _remove, self.db, folder)
        self.db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE; PRAGMA cache_size = -8192;"
        )
        self.db.create_function("fingerprint", 4, _fingerprint, deterministic=True)
        self._ranked = False
        if database is not None:
            if self.db.execute("PRAGMA user_version").fetchone()[0] != STORE_FORMAT:
                raise sqlite3.DatabaseError("not a finished store of this format")
            self.files = self.db.execute("SELECT count(*) FROM files").fetchone()[0]
            self._ranked = True  # kept once ranked, nothing dropped
            return
        self.db.executescript(
            """
            CREATE TABLE files (idx INTEGER PRIMARY KEY, data BLOB NOT NULL, notes BLOB);
            CREATE TABLE findings (
                seq INTEGER PRIMARY KEY, file INTEGER, pos INTEGER, path BLOB, line INTEGER, col INTEGER,
                code TEXT, matched BLOB, family TEXT, fpkey BLOB, severity TEXT, confidence REAL,
                effort REAL, priority REAL, fingerprint TEXT DEFAULT '', rank INTEGER DEFAULT 0,
                kept INTEGER DEFAULT 1, data BLOB
            );
            """
        )
        self.db.execute("BEGIN")
        self.files = 0

    # ------------------------------------------------------------------ filling
    def add(self, idx: int, item: Compact) -> None:
        blob, notes, rows = item
        self.db.execute("INSERT INTO files VALUES (?, ?, ?)", (idx, blob, marshal.dumps(notes) if notes else None))
        self.db.executemany(
            "INSERT INTO findings (file, pos, path, line, col, code, matched, family, fpkey, severity, confidence, "
            "effort, priority, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (idx, pos, path, line, col, code, matched, family, key, sev, conf, effort,
                 self._priority(sev, conf, visibility, effort), data)
                for pos, (path, line, col, code, matched, family, key, sev, conf, effort, visibility, data)
                in enumerate(rows)
            ],
        )
        self.files += 1

    def finish(self) -> None:
        """Every file is in: index the table and give each finding its fingerprint (rule + path +
        normalised matched text + occurrence index in position order, as engine.assign_fingerprints)."""
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")
        self.db.execute(
            """UPDATE findings SET fingerprint = fingerprint(w.code, w.path, w.fpkey, w.n) FROM (
                   SELECT seq AS s, code, path, fpkey, ROW_NUMBER() OVER (
                       PARTITION BY code, path, fpkey ORDER BY path, line, col, code, matched, file, pos) - 1 AS n
                   FROM findings) AS w
               WHERE findings.seq = w.s"""
        )
        self.db.execute("CREATE INDEX by_file ON findings (file, pos)")
        self.db.execute(f"PRAGMA user_version = {STORE_FORMAT}")  # finished: what a snapshot must be
        self.db.execute("COMMIT")

    def database_bytes(self) -> bytes:
        """The finished store's database (aislop.snapshot keeps it)."""
        return self.db.serialize()

    def database_size(self) -> int:
        return self.db.execute("PRAGMA page_count").fetchone()[0] * self.db.execute("PRAGMA page_size").fetchone()[0]

    def knows_its_rules(self) -> bool:
        """Whether every finding's rule is one of this store's rules (a snapshot's must be)."""
        codes = {code for (code,) in self.db.execute("SELECT DISTINCT code FROM findings")}
        return codes <= self._rules.keys()

    def drop(self, unwanted: Callable[[Finding], bool]) -> int:
        """Mark the findings ``unwanted`` says no to as not reported (a baseline, --diff); returns
        how many were dropped."""
        self.db.create_function("unwanted", 2, lambda data, fingerprint: unwanted(self._decode(data, fingerprint)))
        cursor = self.db.execute("UPDATE findings SET kept = 0 WHERE kept AND unwanted(data, fingerprint)")
        self._ranked = False
        return cursor.rowcount

    def drop_fingerprints(self, known: Iterable[str]) -> int:
        """``drop`` of the findings whose fingerprint is ``known`` (a baseline's), compared in SQL:
        no finding is decoded."""
        self.db.execute("BEGIN")
        self.db.execute("CREATE TEMP TABLE known (fingerprint TEXT PRIMARY KEY) WITHOUT ROWID")
        self.db.executemany("INSERT OR IGNORE INTO known VALUES (?)", ((k,) for k in known))
        cursor = self.db.execute(
            "UPDATE findings SET kept = 0 WHERE kept AND fingerprint IN (SELECT fingerprint FROM known)")
        self.db.execute("DROP TABLE known")
        self.db.execute("COMMIT")
        self._ranked = False
        return cursor.rowcount

    def sorted_rows(self, rows: Iterable[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
        """``sorted(rows)`` for rows of strings of one width, sorted on disk in this database:
        the rows go in as UTF-8 (whose byte order is Python's string order) and come back one
        at a time."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        columns = [f"c{i}" for i in range(len(first))]
        self.db.execute("DROP TABLE IF EXISTS sorting")
        self.db.execute(f"CREATE TABLE sorting ({', '.join(c + ' BLOB' for c in columns)})")
        self.db.execute("BEGIN")
        self.db.executemany(
            f"INSERT INTO sorting VALUES ({', '.join('?' * len(columns))})",
            (tuple(map(_b, row)) for row in itertools.chain([first], rows)),
        )
        self.db.execute("COMMIT")
        cursor = self.db.execute(f"SELECT * FROM sorting ORDER BY {', '.join(columns)}")
        while batch := cursor.fetchmany(512):
            for row in batch:
                yield tuple(map(_s, row))
        self.db.execute("DROP TABLE sorting")

    def rank(self) -> None:
        """Ranks 1..n in triage.rank's order: priority first, then position, ties by scan order."""
        if self._ranked:
            return  # nothing was dropped since (a kept store comes ranked: aislop.snapshot)
        self.db.execute("BEGIN")
        self.db.execute("DROP INDEX IF EXISTS by_rank")
        self.db.execute(
            """UPDATE findings SET rank = w.r FROM (
                   SELECT seq AS s, ROW_NUMBER() OVER (
                       ORDER BY priority DESC, path, line, col, code, matched, file, pos) AS r
                   FROM findings WHERE kept) AS w
               WHERE findings.seq = w.s"""
        )
        self.db.execute("CREATE INDEX by_rank ON findings (rank) WHERE kept")
        self.db.execute("COMMIT")
        self._ranked = True

    # ------------------------------------------------------------------ reading
    def _decode(self, data: bytes, fingerprint: str, priority: float = 0.0, rank: int = 0) -> Finding:
        return unflatten(marshal.loads(data), self._rules, fingerprint, priority, rank)

    def _findings(self, sql: str, args: tuple = ()) -> Iterator[Finding]:
        cursor = self.db.execute(f"SELECT data, fingerprint, priority, rank {sql}", args)
        while rows := cursor.fetchmany(512):
            for data, fingerprint, priority, rank in rows:
                yield self._decode(data, fingerprint, priority, rank)

    def notes(self) -> list[str]:
        """Every file's notes in scan order, each once (as the in-memory scan collects them)."""
        notes: dict[str, None] = {}
        for (blob,) in self.db.execute("SELECT notes FROM files WHERE notes IS NOT NULL ORDER BY idx"):
            notes.update(dict.fromkeys(marshal.loads(blob)))
        return list(notes)

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM findings WHERE kept").fetchone()[0]

    def file_results(self, with_findings: bool = True) -> Iterator[FileResult]:
        """The file results in scan order, each with its reported findings (scan order), or with
        none when only the files are wanted (no finding is decoded)."""
        files = self.db.execute("SELECT idx, data FROM files ORDER BY idx")
        findings = self._findings_with_file() if with_findings else iter(())
        pending = next(findings, None)
        while rows := files.fetchmany(256):
            for idx, blob in rows:
                result = _file_result(blob)
                while pending is not None and pending[0] == idx:
                    result.findings.append(pending[1])
                    pending = next(findings, None)
                yield result

    def _findings_with_file(self) -> Iterator[tuple[int, Finding]]:
        cursor = self.db.execute(
            "SELECT file, data, fingerprint, priority, rank FROM findings WHERE kept ORDER BY file, pos"
        )
        while rows := cursor.fetchmany(512):
            for idx, data, fingerprint, priority, rank in rows:
                yield idx, self._decode(data, fingerprint, priority, rank)

    def close(self) -> None:
        self._remove()


def _remove(db: sqlite3.Connection, folder: str) -> None:
    db.close()
    shutil.rmtree(folder, ignore_errors=True)


def _fingerprint(code: str, path: bytes, key: bytes, index: int) -> str:
    raw = b"\x1f".join([_b(code), path, key, str(index).encode()])
    return hashlib.sha256(raw).hexdigest()[:32]


class StoredFindings:
    """A scan's reported findings, read from the store in rank order; behaves as the ranked list
    the reporters expect (``len``, iteration, ``[:n]``, truth) without holding it."""

    def __init__(self, store: ScanStore) -> None:
        self.store = store

    def __len__(self) -> int:
        return self.store.count()

    def __bool__(self) -> bool:
        return self.store.db.execute("SELECT 1 FROM findings WHERE kept LIMIT 1").fetchone() is not None

    def __iter__(self) -> Iterator[Finding]:
        return self.store._findings("FROM findings WHERE kept ORDER BY rank")

    def flat(self) -> Iterator[tuple[tuple, Rule, str, float, int]]:
        """The findings in rank order as (flat finding (aislop.flat), rule, fingerprint, priority,
        rank): for a report that writes plain values, no ``Finding`` is made."""
        rules = self.store._rules
        cursor = self.store.db.execute(
            "SELECT data, code, fingerprint, priority, rank FROM findings WHERE kept ORDER BY rank"
        )
        while rows := cursor.fetchmany(512):
            for data, code, fingerprint, priority, rank in rows:
                yield marshal.loads(data), rules[code], fingerprint, priority, rank

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            if key.start is None and key.step is None and key.stop is not None and key.stop >= 0:
                return list(self.store._findings("FROM findings WHERE kept ORDER BY rank LIMIT ?", (key.stop,)))
            return list(self)[key]
        if key < 0:
            key += len(self)
        found = list(self.store._findings("FROM findings WHERE kept ORDER BY rank LIMIT 1 OFFSET ?", (key,)))
        if not found:
            raise IndexError(key)
        return found[0]

    def by_file(self) -> Iterator[tuple[str, list[Finding]]]:
        """(path, its findings) in reporters.by_file's order: paths sorted, each file's findings by
        family, line, column and rule, ties in rank order; one file's findings in memory at a time."""
        return _per_path(self.store._findings("FROM findings WHERE kept ORDER BY path, family, line, col, code, rank"))

    def by_file_ranked(self) -> Iterator[tuple[str, list[Finding]]]:
        """``by_file``'s groups with the files in the order of their most important finding (the
        HTML report's order), not by path; one file's findings in memory at a time."""
        return _per_path(self.store._findings(
            "FROM (SELECT *, MIN(rank) OVER (PARTITION BY path) AS best FROM findings WHERE kept) "
            "ORDER BY best, family, line, col, code, rank"
        ))

    def paths_by_rank(self) -> list[str]:
        """The paths with findings, in the order of their most important finding."""
        rows = self.store.db.execute("SELECT path FROM findings WHERE kept GROUP BY path ORDER BY MIN(rank)")
        return [_s(path) for (path,) in rows]

    def severities(self) -> set[str]:
        """The effective severities the reported findings have."""
        return {sev for (sev,) in self.store.db.execute("SELECT DISTINCT severity FROM findings WHERE kept")}

    def counts(self, block_confidence: float) -> Counts:
        """``triage.counts`` of the reported findings, counted in SQL: no finding is decoded (the
        summary of a warm re-scan cost more than its report). The fix time is summed in rank
        order from the rules' own figures, as the list's sum adds them."""
        db, rules = self.store.db, self.store._rules
        tally = Counts({s.value: 0 for s in Severity}, Counter(), Counter(), {}, 0, False)
        groups = db.execute("SELECT severity, family, code, count(*) FROM findings WHERE kept GROUP BY 1, 2, 3")
        for severity, family, code, n in groups:
            tally.by_severity[severity] += n
            tally.by_family[family] += n
            tally.by_rule[f"{code} {rules[code].name}"] += n
        per_file = db.execute(  # paths in the order of their first finding, as the list's loop meets them
            "SELECT path, family, count(*), MIN(rank) AS first FROM findings WHERE kept GROUP BY 1, 2 ORDER BY first"
        )
        for path, family, n, _ in per_file:
            tally.per_file.setdefault(_s(path), Counter())[family] += n
        effort = db.execute("SELECT code FROM findings WHERE kept AND severity != 'info' ORDER BY rank")
        tally.fix_minutes = sum(rules[code].effort_minutes for (code,) in effort)
        tally.blocked = db.execute(
            "SELECT 1 FROM findings WHERE kept AND severity = 'error' AND confidence >= ? LIMIT 1", (block_confidence,)
        ).fetchone() is not None
        return tally

    def in_path_order(self) -> Iterator[Finding]:
        """``sorted(findings, key=Finding.sort_key)`` (path, line, column, rule, matched text; ties in
        rank order), sorted on disk."""
        return self.store._findings("FROM findings WHERE kept ORDER BY path, line, col, code, matched, rank")

    def dropped(self) -> Iterator[Finding]:
        """The findings ``drop`` took out of the report, in scan order."""
        return self.store._findings("FROM findings WHERE NOT kept ORDER BY file, pos")

    def sorted_rows(self, rows: Iterable[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
        """``sorted(rows)``, sorted on disk (``ScanStore.sorted_rows``)."""
        return self.store.sorted_rows(rows)

    def rules(self) -> list[Rule]:
        """The rules of the reported findings, by code."""
        codes = self.store.db.execute("SELECT DISTINCT code FROM findings WHERE kept ORDER BY code")
        return [self.store._rules[code] for (code,) in codes]


def _per_path(findings: Iterator[Finding]) -> Iterator[tuple[str, list[Finding]]]:
    """Consecutive findings of one path as (path, findings)."""
    current: str | None = None
    items: list[Finding] = []
    for f in findings:
        if f.path != current:
            if current is not None:
                yield current, items
            current, items = f.path, []
        items.append(f)
    if current is not None:
        yield current, items


class StoredFiles:
    """A scan's file results, read from the store in scan order (each with its reported findings)."""

    def __init__(self, store: ScanStore) -> None:
        self.store = store

    def __len__(self) -> int:
        return self.store.files

    def __bool__(self) -> bool:
        return self.store.files > 0

    def __iter__(self) -> Iterator[FileResult]:
        return self.store.file_results()

    def without_findings(self) -> Iterator[FileResult]:
        """The file results without their findings (their paths, kinds, scores, waivers...)."""
        return self.store.file_results(with_findings=False)

    def with_counts(self) -> Iterator[tuple[FileResult, int]]:
        """(file result without its findings, how many of its findings are reported), in scan
        order: for a report that lists only the count, no finding is decoded."""
        rows = self.store.db.execute(
            "SELECT data, (SELECT count(*) FROM findings WHERE file = idx AND kept) FROM files ORDER BY idx"
        )
        while batch := rows.fetchmany(256):
            for blob, count in batch:
                yield _file_result(blob), count
