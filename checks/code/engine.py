"""The code family's run over one file: parse it once, walk it once (visitor.py) into a
``FileFacts``, let every enabled rule module decide from the facts, and place what they report.

Imported lazily by check.py so that runs without Python files never load libcst.
"""

from __future__ import annotations

import ast
import hashlib
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

import libcst as cst

from aislop.checks.code import coverage as measured
from aislop.checks.code import imports
from aislop.checks.code.facts import FileFacts, Hit
from aislop.checks.code.paths import is_test_path
from aislop.checks.code.positions import spans
from aislop.checks.code.rules import _BY_NAME, ASSERTION_FREE_TEST, UNTESTED_FUNCTION
from aislop.checks.code.testmap import MAP_KEY, REACH_KEY, build_test_map, project_reach, test_map
from aislop.checks.code.visitor import CodeScan, walk
from aislop.document import Document
from aislop.edits import remove_statement
from aislop.model import Finding, Severity
from aislop.registry import UNREADABLE_FILE, Context, ProjectIndex, UnreadableFile

_MAGIC_LINE = re.compile(r"^([ \t]*)[%!?]", re.M)


def check_code(doc: Document, ctx: Context, rule_modules: Sequence[ModuleType]) -> list[Finding]:
    """Parse ``doc`` once, walk it once, and return the findings of every enabled code rule."""
    is_notebook = doc.format == "ipynb"
    is_test = not is_notebook and is_test_path(doc.relpath)
    # The test map parses every test file once; when assertion-free-test reads it, build it
    # first and reuse its tree of this file instead of parsing again.
    tests = test_map(ctx.project) if is_test and ctx.is_enabled(ASSERTION_FREE_TEST) else None
    source, module = tests.parsed.pop(doc.relpath, ("", None)) if tests else ("", None)
    if module is None or source != doc.source:
        try:
            module = cst.parse_module(_without_magics(doc.source) if is_notebook else doc.source)
        except RecursionError:
            if is_notebook:
                return []
            raise  # the engine reports it as nested too deeply to parse
        except (cst.ParserSyntaxError, SyntaxError, TypeError, ValueError) as exc:
            if is_notebook:
                return []  # a cell may hold shell escapes or fragments that are not Python
            return [_parser_limit(doc, exc)]  # or raises UnreadableFile for a real syntax error
    facts = FileFacts(doc.relpath, is_test_file=is_test, is_notebook=is_notebook, shebang=doc.source.startswith("#!"), doc=doc)
    walk(module, CodeScan(module, facts))
    hits: list[Hit] = []
    for rules in rule_modules:
        if any(ctx.is_enabled(rule) for rule in rules.RULES):
            hits += rules.findings(facts, ctx)
    hits = [h for h in hits if ctx.is_enabled(_BY_NAME[h.rule])]
    if any(h.unless_subclassed for h in hits):
        project = ctx.project
        bases = project.memo("code.base-names", lambda: _base_names(project.root, project.files))
        hits = [h for h in hits if h.unless_subclassed not in bases]
    return list(_findings(hits, module, doc)) if hits else []


def _parser_limit(doc: Document, exc: Exception) -> Finding:
    """libcst refused the file. If Python's own parser (``ast.parse``: compiled, never run)
    accepts it, the file is fine and libcst has a gap: an info finding, and the text-level
    rules (comments, strings) still run. Otherwise it is a syntax error, told in Python's words."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings about the scanned code are not ours to print
            ast.parse(doc.source)
    except SyntaxError as error:
        where = f" at line {error.lineno}" + (f", column {error.offset}" if error.offset else "") if error.lineno else ""
        version = ".".join(map(str, sys.version_info[:2]))
        raise UnreadableFile(f"Python syntax error{where}: {error.msg} (checked with Python {version})") from None
    except (RecursionError, MemoryError, ValueError):
        raise UnreadableFile("Python cannot parse this file either (too deeply nested or not text)") from None
    first = str(exc).strip().split("\n", 1)[0].rstrip(".") or type(exc).__name__
    return doc.file_finding(
        UNREADABLE_FILE,
        "Valid Python that libcst, the parser behind the code rules, cannot read (a parser limit, not an error "
        f"in the file; libcst said: {first[:120]}). The code rules skipped this file; the text rules still ran.",
        severity=Severity.INFO,
    )


def share_project_facts(project: ProjectIndex, enabled: frozenset[str]) -> None:
    """The code family's cross-file facts, computed once in the main process and shipped to the
    workers: the test map (without parsed trees: the workers parse their own files) and the
    names the tests reach through the project's code."""
    untested = not enabled or UNTESTED_FUNCTION.code in enabled
    if not (untested or not enabled or ASSERTION_FREE_TEST.code in enabled):
        return
    tests = project.share(MAP_KEY, lambda: build_test_map(project.root, project.files, reuse_budget=0))
    if untested and tests.has_tests:
        project.share(REACH_KEY, lambda: project_reach(project.root, project.files, tests.tested))


def project_inputs(project: ProjectIndex) -> str:
    """What code results read beyond their own file, for the result cache: every Python file
    (the test map and the names tests reach through the project's code: untested-function,
    assertion-free-test), the coverage data (untested-function,
    partly-tested-function), the declared dependencies (undeclared-dependency,
    hallucinated-import) and the names used as base classes (stub-body)."""
    digest = hashlib.sha256()
    try:
        for data in measured.find_data(project.root, project.settings.get("coverage")):
            digest.update(f"coverage\0{data}\0".encode() + data.read_bytes())
    except (measured.CoverageDataError, OSError) as exc:
        digest.update(f"coverage\0{exc}".encode())
    for rel in sorted(project.files):
        # Test files feed the test map; every module feeds the names the tests reach through
        # the project's code (a change in one module can change another's verdicts).
        if rel.endswith(".py") and project.files[rel] == "code" or is_test_path(rel):
            try:
                digest.update(f"code\0{rel}\0".encode() + (project.root / rel).read_bytes())
            except OSError:
                digest.update(f"code\0{rel}\0unreadable".encode())
    declared = imports.read_declared(project.root)
    digest.update(repr((sorted(declared.names), declared.sources)).encode())
    bases = project.memo("code.base-names", lambda: _base_names(project.root, project.files))
    digest.update(repr(sorted(bases)).encode())
    return digest.hexdigest()


_CLASS_BASES = re.compile(r"^[ \t]*class[ \t]+\w+[ \t]*\(([^)]*)\)", re.MULTILINE)


def _base_names(root: Path, files: dict[str, str]) -> frozenset[str]:
    """Names used as a base class anywhere in the project's Python files (read as text, and
    only when a finding depends on it)."""
    names: set[str] = set()
    for rel, kind in files.items():
        if kind != "code" or not rel.endswith(".py"):
            continue
        try:
            text = (root / rel).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for match in _CLASS_BASES.finditer(text):
            names.update(b.strip().rsplit(".", 1)[-1].split("[", 1)[0] for b in match.group(1).split(","))
    return frozenset(names)


_LEADING_NOISE = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*")


def _findings(hits: list[Hit], module: cst.Module, doc: Document) -> Iterator[Finding]:
    """Turn hits into findings: offsets from one code generation, then line/column."""
    offsets = spans(module, [hit.node for hit in hits] + [hit.scope for hit in hits if hit.scope is not None])
    source = doc.source
    for hit in hits:
        scope_end = doc.position(max(0, offsets[id(hit.scope)][1] - 1))[0] if hit.scope is not None else None
        start, end = offsets[id(hit.node)]
        # Statements own the blank and comment lines above them: start at the code itself.
        if not isinstance(hit.node, cst.Comment):
            start = _LEADING_NOISE.match(source, start, end).end()
        autofix = remove_statement(doc, start, end) if hit.removable and doc.editable else None
        newline = source.find("\n", start, end)
        end = newline if newline != -1 else end  # multi-line nodes: first line only
        line, column, _ = doc.position(start)
        end_line, end_column, _ = doc.position(end)
        yield Finding(
            rule=_BY_NAME[hit.rule],
            path=doc.relpath,
            message=hit.message,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            matched=hit.matched,
            fix=hit.fix,
            symbol=hit.symbol,
            location=doc.location,
            severity=Severity(hit.severity) if hit.severity else None,
            confidence=hit.confidence,
            scope_end_line=scope_end,
            autofix=autofix,
        )


def _without_magics(source: str) -> str:
    """Turn IPython magics and shell escapes (%pip, !ls) into comments of the same length."""
    return _MAGIC_LINE.sub(lambda m: m.group(1) + "#", source)
