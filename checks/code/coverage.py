"""Measured test coverage: which lines (and branches) of each file ran under the tests.

untested-function guesses from a static map of which test names which function; when the
project ran its tests under coverage.py, the truth is on disk. This module reads it, in any
of the three forms CI pipelines keep:

* ``.coverage``: coverage.py's own data file, read with ``coverage.CoverageData`` (the
  optional extra ``aislop-qa[coverage]``). Which lines are statements and which branches exist
  comes from coverage.py's analysis of the *current* source (its parser, never an import),
  honouring the project's coverage configuration (``# pragma: no cover`` and friends);
* ``coverage.xml``: Cobertura, as ``coverage xml`` and most tools write it (read with
  defusedxml);
* ``coverage.lcov`` / ``lcov.info``: LCOV tracefiles (``coverage lcov``, ``pytest --cov-report=lcov``).

Measured paths are matched to the scanned files by path suffix, so data recorded on a CI
runner under ``/home/runner/work/x/x/src/pkg/mod.py`` still applies to ``src/pkg/mod.py``.
Data is not trusted for a file that changed after the run (see :meth:`CoverageReport.stale`).
"""

from __future__ import annotations

import base64
import hashlib
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# Looked for in the scanned folder, richest first.
DATA_NAMES = (".coverage", "coverage.xml", "coverage.lcov", "lcov.info")
HOW_TO_MEASURE = "`coverage run -m pytest` (or `pytest --cov`)"


class CoverageDataError(Exception):
    """The coverage data cannot be used: the message says why and what to do."""


@dataclass(frozen=True)
class FileLines:
    """What the data knows about one source file."""

    statements: frozenset[int]  # measurable lines (the first line of each statement)
    executed: frozenset[int]  # those that ran
    branches: Mapping[int, tuple[int, int]] = field(default_factory=dict)  # line -> (exits, exits taken)
    checksums: Mapping[int, str] = field(default_factory=dict)  # LCOV line hashes, when written
    measured: frozenset[int] | None = None  # lines the data records, when not the statements (.coverage)

    def ran(self, lines: Iterable[int]) -> bool | None:
        """Did any of ``lines`` run? None when none of them is a statement the data knows of
        (excluded with ``# pragma: no cover``, or not measurable)."""
        known = [n for n in lines if n in self.statements]
        if not known:
            return None
        return any(n in self.executed for n in known)

    def partial_branches(self, lines: Iterable[int]) -> list[tuple[int, int, int]]:
        """(line, exits, taken) for branch lines among ``lines`` that ran but left an exit untaken."""
        out = []
        for n in sorted(lines):
            if n in self.branches and n in self.executed:
                exits, taken = self.branches[n]
                if taken < exits:
                    out.append((n, exits, taken))
        return out


@dataclass
class CoverageReport:
    """One coverage data file, matched against the scanned project's files."""

    path: Path
    format: str  # coverage.py | cobertura | lcov
    recorded: float  # when the data was written (seconds since the epoch)
    has_branches: bool
    _files: dict[str, FileLines | str] = field(default_factory=dict)  # measured path -> lines (or a loader key)
    _index: dict[str, list[str]] = field(default_factory=dict)  # basename -> measured paths
    _loader: object | None = None  # (measured path, source path) -> FileLines, for .coverage
    name: str = ""  # how messages name the data

    def __post_init__(self) -> None:
        self.name = self.name or self.path.name
        for name in self._files:
            self._index.setdefault(PurePosixPath(name).name, []).append(name)

    @property
    def measured(self) -> list[str]:
        return list(self._files)

    def measured_name(self, relpath: str, root: Path) -> str | None:
        """The measured path that stands for ``relpath``: the same file, or the longest path
        suffix match (absolute CI paths, paths relative to a source folder)."""
        candidates = self._index.get(PurePosixPath(relpath).name, ())
        absolute = (root / relpath).as_posix()
        best, best_len, tie = None, -1, False
        for name in candidates:
            if name == absolute:
                return name
            if name == relpath or name.endswith("/" + relpath):
                score = len(relpath) + 1
            elif not name.startswith("/") and relpath.endswith("/" + name):
                score = len(name)
            else:
                continue
            if score > best_len:
                best, best_len, tie = name, score, False
            elif score == best_len:
                tie = True
        return None if tie else best

    def lines_for(self, relpath: str, root: Path) -> FileLines | None:
        """The data's lines for a scanned file, or None when the data does not know it;
        CoverageDataError when it knows it but cannot be applied."""
        name = self.measured_name(relpath, root)
        if name is None:
            return None
        value = self._files[name]
        if isinstance(value, FileLines):
            return value
        lines = self._loader(name, root / relpath)  # type: ignore[operator]
        self._files[name] = lines
        return lines

    def stale(self, lines: FileLines, source: str, modified: float | None) -> str | None:
        """Why the data no longer describes ``source`` (None when it still does): the file was
        modified after the data was written, a recorded line hash differs, or a measured line
        is past the end of the file or holds no code."""
        if modified is not None and modified > self.recorded:
            return "the file changed after the coverage run"
        text_lines = source.splitlines()
        for number, digest in lines.checksums.items():
            if number > len(text_lines) or _line_hash(text_lines[number - 1]) != digest:
                return f"line {number} differs from the line that was measured"
        for number in sorted(lines.statements if lines.measured is None else lines.measured):
            if number > len(text_lines):
                return f"line {number} was measured, but the file now has {len(text_lines)} lines"
            stripped = text_lines[number - 1].strip()
            if not stripped or stripped.startswith("#"):
                return f"line {number} was measured as code, but it is now blank or a comment"
        return None


def _line_hash(line: str) -> str:
    """LCOV's line checksum as coverage.py writes it (base64 MD5 without padding)."""
    digest = hashlib.md5(line.encode("utf-8"), usedforsecurity=False).digest()
    return base64.b64encode(digest).decode("ascii").rstrip("=")


# ---------------------------------------------------------------------- finding the data
def find_data(root: Path, explicit: str | None = None) -> list[Path]:
    """The data file named in the configuration, else the first of DATA_NAMES in ``root``,
    else the not yet combined files of a parallel coverage.py run (``.coverage.HOST.PID...``)."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        if not path.is_file():
            raise CoverageDataError(f"coverage data file not found: {explicit}")
        return [path]
    for name in DATA_NAMES:
        if (root / name).is_file():
            return [root / name]
    try:
        return sorted(p for p in root.glob(".coverage.*") if p.is_file())
    except OSError:
        return []


def open_for(root: Path, explicit: str | None = None) -> tuple[CoverageReport | None, str | None]:
    """(the project's coverage data or None, why the data present could not be used)."""
    try:
        paths = find_data(root, explicit)
        return (load(*paths), None) if paths else (None, None)
    except CoverageDataError as exc:
        return None, str(exc)


def load(path: Path, *more: Path) -> CoverageReport:
    """Read a coverage data file, whatever its form (decided by its first bytes); ``more``:
    further parallel coverage.py data files of the same run, combined in memory."""
    if more:
        return _load_coverage_py(path, *more)
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise CoverageDataError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head.startswith(b"SQLite format 3"):
        return _load_coverage_py(path)
    if head.lstrip().startswith(b"<"):
        return _load_cobertura(path)
    if re.search(rb"^(?:TN|SF):", head, re.M):
        return _load_lcov(path)
    if head.startswith(b"!coverage.py"):
        raise CoverageDataError(f"{path}: a coverage.py data file from before version 5; run the tests again")
    raise CoverageDataError(f"{path}: not coverage data aislop can read (.coverage, Cobertura XML or LCOV)")


def _mtime(path: Path) -> float:
    return path.stat().st_mtime


# ---------------------------------------------------------------------- coverage.py's .coverage
def _load_coverage_py(path: Path, *more: Path) -> CoverageReport:
    try:
        from coverage import Coverage, CoverageData
        from coverage.exceptions import CoverageException
        from coverage.python import PythonFileReporter
        from coverage.results import analysis_from_file_reporter
    except ImportError:
        raise CoverageDataError(
            f"{path} is coverage.py data; install `aislop-qa[coverage]` to read it (or write "
            "`coverage xml` and point --coverage at coverage.xml)"
        ) from None
    data = CoverageData(basename=str(path))
    try:
        data.read()
        if more:  # `coverage combine`, in memory: the user's files are left as they are
            combined = CoverageData(no_disk=True)
            for part in (path, *more):
                piece = CoverageData(basename=str(part))
                piece.read()
                combined.update(piece)
            data = combined
        measured = sorted(data.measured_files())
        has_arcs = data.has_arcs()
    except (sqlite3.Error, CoverageException) as exc:
        raise CoverageDataError(f"cannot read {path}: {exc}") from None
    config = _coverage_config(path.parent)
    measurer = Coverage(data_file=None, config_file=config or False)

    def analyse(name: str, source: Path) -> FileLines:
        reporter = PythonFileReporter(str(source), measurer)
        try:
            analysis = analysis_from_file_reporter(data, 0, reporter, name)
        except (CoverageException, SyntaxError, ValueError, OSError) as exc:  # e.g. NotPython
            raise CoverageDataError(f"coverage.py cannot analyse it ({type(exc).__name__}: {exc})") from None
        return FileLines(
            statements=frozenset(analysis.statements),
            executed=frozenset(analysis.executed),
            branches=dict(analysis.branch_stats()) if has_arcs else {},
            measured=frozenset(data.lines(name) or ()),
        )

    files: dict[str, FileLines | str] = {_posix(name): name for name in measured}
    report = CoverageReport(path, "coverage.py", max(_mtime(p) for p in (path, *more)), has_arcs, dict(files))
    report.name = f"{path.parent.name}/.coverage.* ({1 + len(more)} parallel files)" if more else path.name
    report._loader = lambda posix, source: analyse(files[posix], source)  # type: ignore[arg-type]
    return report


def _coverage_config(folder: Path) -> str | None:
    """The project's coverage configuration (exclusion patterns), beside the data file."""
    for name in (".coveragerc", "setup.cfg", "tox.ini", "pyproject.toml"):
        candidate = folder / name
        if not candidate.is_file():
            continue
        try:
            text = candidate.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if name == ".coveragerc" or "coverage:" in text or "tool.coverage" in text:
            return str(candidate)
    return None


def _posix(name: str) -> str:
    """Data recorded on Windows names files with backslashes."""
    return name.replace("\\", "/")


# ---------------------------------------------------------------------- Cobertura XML
_CONDITION = re.compile(r"\((\d+)/(\d+)\)")


def _load_cobertura(path: Path) -> CoverageReport:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        tree = ElementTree.parse(str(path))
    except (ElementTree.ParseError, DefusedXmlException, OSError) as exc:
        raise CoverageDataError(f"{path}: not readable Cobertura XML ({exc})") from None
    root = tree.getroot()
    if root.tag != "coverage":
        raise CoverageDataError(f"{path}: not Cobertura XML (the root element is <{root.tag}>)")
    sources = [(s.text or "").strip().replace("\\", "/").rstrip("/") for s in root.iter("source")]
    statements: dict[str, set[int]] = {}
    executed: dict[str, set[int]] = {}
    branches: dict[str, dict[int, tuple[int, int]]] = {}
    has_branches = False
    for cls in root.iter("class"):
        filename = (cls.get("filename") or "").replace("\\", "/")
        if not filename:
            continue
        if not filename.startswith("/") and len([s for s in sources if s]) == 1:
            filename = f"{[s for s in sources if s][0]}/{filename}"
        lines = cls.find("lines")
        for line in lines.findall("line") if lines is not None else ():
            try:
                number, hits = int(line.get("number", "")), int(float(line.get("hits", "0")))
            except ValueError:
                continue
            statements.setdefault(filename, set()).add(number)
            if hits > 0:
                executed.setdefault(filename, set()).add(number)
            if line.get("branch") == "true" and (match := _CONDITION.search(line.get("condition-coverage", ""))):
                has_branches = True
                branches.setdefault(filename, {})[number] = (int(match.group(2)), int(match.group(1)))
    recorded = _mtime(path)
    if (stamp := root.get("timestamp", "")).isdigit():
        value = int(stamp)
        recorded = value / 1000 if value > 10**11 else float(value)  # milliseconds (coverage.py) or seconds
    files: dict[str, FileLines | str] = {
        name: FileLines(frozenset(lines), frozenset(executed.get(name, ())), branches.get(name, {}))
        for name, lines in statements.items()
    }
    return CoverageReport(path, "cobertura", recorded, has_branches, files)


# ---------------------------------------------------------------------- LCOV
def _load_lcov(path: Path) -> CoverageReport:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise CoverageDataError(f"cannot read {path}: {exc.strerror or exc}") from None
    files: dict[str, FileLines | str] = {}
    has_branches = False
    name: str | None = None
    statements: set[int] = set()
    executed: set[int] = set()
    checksums: dict[int, str] = {}
    exits: dict[int, list[bool]] = {}
    for raw in text.splitlines():
        tag, _, value = raw.strip().partition(":")
        if tag == "SF":
            name, statements, executed, checksums, exits = value.replace("\\", "/"), set(), set(), {}, {}
        elif tag == "DA" and name is not None:
            parts = value.split(",")
            try:
                number, hits = int(parts[0]), int(float(parts[1]))
            except (ValueError, IndexError):
                continue
            statements.add(number)
            if hits > 0:
                executed.add(number)
            if len(parts) > 2 and parts[2]:
                checksums[number] = parts[2]
        elif tag == "BRDA" and name is not None:
            parts = value.split(",")
            try:
                number = int(parts[0])
            except (ValueError, IndexError):
                continue
            has_branches = True
            exits.setdefault(number, []).append(parts[-1] not in ("-", "0", ""))
        elif tag == "end_of_record" and name is not None:
            previous = files.get(name)
            merged = FileLines(
                frozenset(statements),
                frozenset(executed),
                {n: (len(taken), sum(taken)) for n, taken in exits.items()},
                checksums,
            )
            files[name] = _merge(previous, merged) if isinstance(previous, FileLines) else merged
            name = None
    return CoverageReport(path, "lcov", _mtime(path), has_branches, files)


def _merge(a: FileLines, b: FileLines) -> FileLines:
    """Two records of one file (several test runs in one tracefile)."""
    branches = dict(a.branches)
    for line, (exits, taken) in b.branches.items():
        old = branches.get(line, (exits, 0))
        branches[line] = (max(exits, old[0]), max(taken, old[1]))
    return FileLines(a.statements | b.statements, a.executed | b.executed, branches, {**a.checksums, **b.checksums})
