"""The code family's engine: one libcst pass per file feeding every AIS3xx rule.

Imported lazily by check.py so that runs without Python files never load libcst.
"""

from __future__ import annotations

import ast
import hashlib
import re
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst._nodes.internal import CodegenState

from aislop.checks.code import coverage as measured
from aislop.checks.code import imports, names
from aislop.checks.code.rules import (
    _BY_NAME,
    ASSERTION_FREE_TEST,
    HALLUCINATED_IMPORT,
    HALLUCINATED_NAME,
    PARTLY_TESTED_FUNCTION,
    UNDECLARED_DEPENDENCY,
    UNTESTED_FUNCTION,
)
from aislop.checks.code.testmap import Reach, TestMap, build_test_map, by_name, project_reach, reach
from aislop.checks.code.visitor import (
    CodeScan,
    FileFacts,
    Func,
    Hit,
    ImportRec,
    in_non_package_dir,
    is_test_path,
    iter_public,
    walk,
)
from aislop.document import Document
from aislop.edits import remove_statement
from aislop.model import Finding, Severity
from aislop.registry import UNREADABLE_FILE, Context, ProjectIndex, UnreadableFile

_CALLBACK = re.compile(r"^(?:__\w+__|(?:visit|leave|on|handle|do)_\w+)$")
_MAGIC_LINE = re.compile(r"^([ \t]*)[%!?]", re.M)


def check_code(doc: Document, ctx: Context) -> list[Finding]:
    """Parse ``doc`` once, walk it once, and return the findings of every enabled code rule."""
    is_notebook = doc.format == "ipynb"
    is_test = not is_notebook and is_test_path(doc.relpath)
    project = ctx.project
    wants_tests = is_test and ctx.is_enabled(ASSERTION_FREE_TEST)
    test_map = _test_map(project) if wants_tests else None
    source, module = test_map.parsed.pop(doc.relpath, ("", None)) if test_map and is_test else ("", None)
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
    facts = FileFacts(doc.relpath, is_test_file=is_test, is_notebook=is_notebook, shebang=doc.source.startswith("#!"))
    scan = CodeScan(module, facts)
    walk(module, scan)
    scan.finish()
    hits = list(scan.hits)
    hits += _import_hits(scan, doc, ctx, is_test)
    if ctx.is_enabled(HALLUCINATED_NAME) and scan.imports:
        hits += _name_hits(scan, doc, ctx)
    if is_test and test_map is not None:
        hits += _assertion_free(scan, test_map)
    if (ctx.is_enabled(UNTESTED_FUNCTION) or ctx.is_enabled(PARTLY_TESTED_FUNCTION)) and not is_test:
        hits += _untested(scan, doc, ctx, module)
    hits = [h for h in hits if ctx.is_enabled(_BY_NAME[h.rule])]
    if any(h.unless_subclassed for h in hits):
        bases = project.memo("code.base-names", lambda: _base_names(project.root, project.files))
        hits = [h for h in hits if h.unless_subclassed not in bases]
    return list(_findings(hits, module, doc)) if hits else []


def _test_map(project: ProjectIndex) -> TestMap:
    return project.memo("code.test-map", lambda: build_test_map(project.root, project.files))


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


def _import_hits(scan: CodeScan, doc: Document, ctx: Context, is_test: bool) -> Iterator[Hit]:
    check_real = ctx.is_enabled(HALLUCINATED_IMPORT)
    check_declared = ctx.is_enabled(UNDECLARED_DEPENDENCY)
    if not scan.imports or not (check_real or check_declared):
        return
    project = ctx.project
    local = project.memo("code.local-names", lambda: imports.local_names(project.root, list(project.files)))
    declared = project.memo("code.declared", lambda: imports.read_declared(project.root))
    reported: set[str] = set()
    for rec in scan.imports:
        top = rec.top
        if top in reported or imports.is_stdlib(top) or top in local:
            continue
        if imports.on_disk_near(doc.path, project.root, top):
            continue
        if is_test and _writes_module(doc.source, top):
            continue  # the test writes this module into a temporary folder before importing it
        is_declared = declared.covers(top)
        if rec.optional:
            continue  # try/except ImportError: the code runs without it
        if check_real and imports.is_installed(top) and (missing := imports.missing_submodule(rec.module)):
            if missing not in reported:
                reported.add(missing)
                yield _missing_submodule(rec, missing)
            continue
        if check_real and not (is_declared or imports.is_installed(top) or imports.exists_on_pypi(top)):
            reported.add(top)
            yield _hallucinated(rec)
        elif check_declared and declared.declares and not is_declared:
            if _dependency_matters(rec, doc.relpath, is_test, scan):
                reported.add(top)
                yield _undeclared(rec, declared)


def _name_hits(scan: CodeScan, doc: Document, ctx: Context) -> Iterator[Hit]:
    """Imports from a real module (standard library or installed) of a name it does not define."""
    project = ctx.project
    local = project.memo("code.local-names", lambda: imports.local_names(project.root, list(project.files)))
    seen: set[str] = set()
    for rec in scan.imports:
        top = rec.top
        stdlib = imports.is_stdlib(top)
        if rec.optional or top in local or not (stdlib or imports.is_installed(top)):
            continue
        if imports.on_disk_near(doc.path, project.root, top):
            continue
        if not stdlib and imports.missing_submodule(rec.module):
            continue  # hallucinated-import reports the missing module
        parts = rec.module.split(".")
        readable = True
        for depth in range(1, len(parts)):  # import a.b.c / from a.b import x: a has b, a.b has c
            module, part = ".".join(parts[:depth]), parts[depth]
            verdict = names.defines(module, part)
            if verdict is False and f"{module}.{part}" not in seen:
                seen.add(f"{module}.{part}")
                yield _invented_name(rec, module, part, rec.node, stdlib)
            if not verdict or names.module_facts(f"{module}.{part}") is None:
                readable = False  # unknowable, missing, or a name bound in the module (os.path)
                break
        for name, node in rec.names if readable else ():
            if names.defines(rec.module, name) is False and f"{rec.module}.{name}" not in seen:
                seen.add(f"{rec.module}.{name}")
                yield _invented_name(rec, rec.module, name, node, stdlib)


def _invented_name(rec: ImportRec, module: str, name: str, node: cst.CSTNode, stdlib: bool) -> Hit:
    facts = names.module_facts(module)
    read = " and ".join(dict.fromkeys({"source": "its source", "stub": "its stubs"}[k] for k in facts.read)) if facts else ""
    owner = f"the standard-library module `{module}`" if stdlib else f"`{module}` ({imports.installed_version(rec.top)} installed here)"
    close = names.close_names(module, name)
    hint = f" Did you mean {' or '.join(f'`{c}`' for c in close)}?" if close else ""
    return Hit(
        HALLUCINATED_NAME.name,
        node,
        f"`{name}` is not in {owner}: it defines no such name and has no such submodule "
        f"(read from {read or 'its files'}, never imported), so this import fails with ImportError.{hint}",
        fix=f"Use the name `{module}` really provides (see its documentation), or write the helper yourself.",
        matched=name,
    )


def _writes_module(source: str, top: str) -> bool:
    """A string literal naming the module or its file ("t1", "t1 __init__.py", 'mod_for_test.py'):
    tests of the import system create the modules they import."""
    return re.search(rf"""['"]{re.escape(top)}(?:[ ./\\][^'"\n]*)?['"]""", source) is not None


def _hallucinated(rec: ImportRec) -> Hit:
    return Hit(
        HALLUCINATED_IMPORT.name,
        rec.node,
        f"`{rec.statement}`: no module or package named `{rec.top}` exists in the standard library, "
        "this project, the installed packages, the declared dependencies or the PyPI name list.",
        fix=f"Check the name: find the real package that provides `{rec.top}`'s functionality, or remove the "
        "import. Do not `pip install` it unverified: invented names get registered by attackers.",
        matched=rec.top,
    )


def _missing_submodule(rec: ImportRec, missing: str) -> Hit:
    return Hit(
        HALLUCINATED_IMPORT.name,
        rec.node,
        f"`{rec.statement}`: the package `{rec.top}` is real, but it has no module `{missing}` "
        "(checked against the files of the installed distribution).",
        fix=f"Look up where `{rec.top}` really provides this (its documentation or `help({rec.top})`), "
        "or remove the import.",
        matched=missing,
    )


def _undeclared(rec: ImportRec, declared: imports.Declared) -> Hit:
    dist = imports.candidate_dists(rec.top)[0]
    return Hit(
        UNDECLARED_DEPENDENCY.name,
        rec.node,
        f"`{rec.statement}` needs a third-party package that {', '.join(sorted(set(declared.sources)))} "
        "does not declare; a fresh install will fail here with ImportError.",
        fix=f"Add the distribution (probably `{dist}`) to the project's dependencies, or remove the import.",
        matched=rec.top,
    )


def _dependency_matters(rec: ImportRec, relpath: str, is_test: bool, scan: CodeScan) -> bool:
    """Skip optional, typing-only, test, script and notebook imports: not install requirements."""
    if rec.type_only or is_test or scan.facts.is_notebook:
        return False
    return not any(part in imports.NON_PACKAGE_DIRS for part in relpath.split("/")[:-1])


# ---------------------------------------------------------------------- tests
def _assertion_free(scan: CodeScan, test_map: TestMap) -> Iterator[Hit]:
    """Tests that can only pass. A test that runs the code under test without asserting is a
    smoke test ("must not raise"), not assertion-free; these are flagged: an empty or
    docstring-only test, one whose only assertion is ``assert True``, one whose assertions
    sit in a nested function it never calls, and one whose note says the checks are still to come."""
    local = by_name(scan.functions)
    for func in scan.functions:
        if not func.is_test or func.skipped or func.node is None:
            continue
        if func.asserts or func.raises or func.returns:
            continue  # a test_* function that returns a value is a helper (testR(r): return r[0])
        # Asserting functions defined in the test that it never names (its refs include what
        # nested functions reference, their own names too: count the test's own uses).
        unused = [
            f.name for f in scan.functions
            if f.parent is func and f.cls is None and (f.asserts or f.raises) and not func.name_uses.get(f.name)
        ]  # a method of a class defined in the test runs when the test uses the class
        asserting = test_map.asserting_helpers | {name for name, funcs in local.items() if any(f.asserts for f in funcs)}
        if (reach(func, local, test_map.helpers) & asserting) - {*unused, func.name}:
            continue
        if unused:
            why = f"its assertions are inside the nested function `{unused[0]}()`, which it never calls"
        elif func.trivial_assert:
            why = "its only assertion is `assert True`, which cannot fail"
        elif any(_UNFINISHED_TEST.search(note) for note in func.comments):
            why = "a note in it says the checks are still to be written"
        elif ignored := [n for n, times in func.results.items() if func.name_uses.get(n, 0) <= times and not n.startswith("_")]:
            why = f"it stores a result in `{ignored[0]}` and never looks at it"
        elif func.exercises:
            continue  # a smoke test: it fails when the code under test raises
        else:
            why = "it runs no code and asserts nothing"
        yield Hit(
            ASSERTION_FREE_TEST.name,
            func.node.name,
            f"Test `{func.name}` checks nothing: {why}. It passes whatever the code under test does.",
            symbol=scan.full_name(func.qualname),
            matched=func.name,
        )


# A note in a test saying its checks are not written yet.
_UNFINISHED_TEST = re.compile(
    r"\b(?:TODO|FIXME|XXX|TBD)\b|\badd (?:\w+ )?(?:assert(?:ion)?s?|checks?|verification)\b"
    r"|\b(?:assert|verify|check)(?:ions?)? (?:\w+ ){0,3}(?:later|here|goes here)\b",
    re.IGNORECASE,
)


def _untested(scan: CodeScan, doc: Document, ctx: Context, module: cst.Module) -> Iterator[Hit]:
    """untested-function and partly-tested-function: measured where the project's coverage
    data describes this file, the static test map otherwise."""
    public = list(iter_public(scan))
    if not public:
        return
    report, lines = _coverage_lines(scan, doc, ctx)
    if report is not None and lines is not None:
        yield from _measured_hits(scan, doc, ctx, module, public, report, lines)
        return
    test_map = _test_map(ctx.project)
    if not ctx.is_enabled(UNTESTED_FUNCTION) or not test_map.has_tests or scan.is_entry_file:
        return
    project = ctx.project
    reached = project.memo("code.reach", lambda: project_reach(project.root, project.files, test_map.tested))
    tested_ids = _tested_in_module(scan, reached)
    untested = [f for f in public if id(f) not in tested_ids]
    doc.meta.setdefault("scores", {})["tested"] = round(100 * (len(public) - len(untested)) / len(public), 1)
    doc.meta.setdefault("score_sources", {})["tested"] = "static"
    if report is None:
        ctx.note(
            "The `tested` scores of Python files are a static estimate (which functions the asserting tests "
            f"name), not measured: for exact figures run the tests under coverage.py, {measured.HOW_TO_MEASURE}, "
            "and scan again (aislop reads .coverage, coverage.xml or an LCOV file in the scanned folder, or "
            "--coverage FILE)."
        )
    for func in untested:
        yield Hit(
            UNTESTED_FUNCTION.name,
            func.node.name,
            f"No test reaches `{func.qualname}()`: no asserting test references it, directly or through "
            "the project's code it calls (a static estimate: coverage data would tell for sure).",
            symbol=scan.full_name(func.qualname),
            matched=func.qualname,
            scope=func.node,
        )


def _coverage_lines(
    scan: CodeScan, doc: Document, ctx: Context
) -> tuple[measured.CoverageReport | None, measured.FileLines | None]:
    """The project's coverage data, and its lines for this file when the data knows the file
    and is still true of it; notes say why not otherwise (the static map is used then)."""
    project = ctx.project
    report, problem = project.memo("code.coverage", lambda: measured.open_for(project.root, ctx.settings.get("coverage")))
    if problem:
        ctx.note(f"Coverage data not used ({problem}): untested-function fell back to the static estimate.")
    facts = scan.facts
    parts = facts.relpath.split("/")
    if report is None or facts.is_notebook or parts[-1] in ("setup.py", "conftest.py"):
        return report, None
    if in_non_package_dir(facts.relpath):
        return report, None  # scripts, examples and docs are not the tested API, measured or not
    try:
        lines = report.lines_for(doc.relpath, project.root)
    except measured.CoverageDataError as exc:
        ctx.note(f"{doc.relpath}: coverage data not used for this file ({exc}); untested-function used the static estimate.")
        return report, None
    if lines is None:
        ctx.note(
            f"Some Python files are not in the coverage data {report.name} (never imported while the tests "
            "ran, or outside its `source`): untested-function used the static estimate for them (their `tested` "
            "score says `static` in the JSON report)."
        )
        return report, None
    try:
        modified = doc.path.stat().st_mtime
    except OSError:
        modified = None
    if reason := report.stale(lines, doc.source, modified):
        ctx.note(
            f"{doc.relpath}: the coverage data {report.name} is out of date for this file ({reason}); "
            f"untested-function used the static estimate for it. Run the tests under coverage again."
        )
        return report, None
    return report, lines


def _measured_hits(
    scan: CodeScan,
    doc: Document,
    ctx: Context,
    module: cst.Module,
    public: list[Func],
    report: measured.CoverageReport,
    lines: measured.FileLines,
) -> Iterator[Hit]:
    bodies = _body_lines(module, doc, public)
    judged = ran = 0
    where = f"the coverage data ({report.name})"
    for func in public:
        body = bodies[id(func)]
        verdict = lines.ran(body)
        if verdict is None:
            continue  # nothing measurable: excluded (# pragma: no cover) or not code
        judged += 1
        symbol = scan.full_name(func.qualname)
        if not verdict:
            if ctx.is_enabled(UNTESTED_FUNCTION):
                yield Hit(
                    UNTESTED_FUNCTION.name,
                    func.node.name,
                    f"`{func.qualname}()` never ran in the tests: {where} shows none of its lines executed.",
                    fix="Add a test that calls it and asserts on the result, or remove it if nothing uses it.",
                    symbol=symbol,
                    matched=func.qualname,
                    confidence=0.95,
                    scope=func.node,
                )
            continue
        ran += 1
        partial = lines.partial_branches(body) if report.has_branches else []
        if partial and ctx.is_enabled(PARTLY_TESTED_FUNCTION):
            source_lines = doc.source.splitlines()
            shown = "; ".join(
                f"line {n} {_code_at(source_lines, n)}took only {taken} of its {exits} ways" for n, exits, taken in partial[:3]
            )
            more = f" (and {len(partial) - 3} more)" if len(partial) > 3 else ""
            yield Hit(
                PARTLY_TESTED_FUNCTION.name,
                func.node.name,
                f"`{func.qualname}()` ran in the tests, but not every branch did: {shown}{more}, in {where}.",
                symbol=symbol,
                matched=func.qualname,
                scope=func.node,
            )
    if judged:
        doc.meta.setdefault("scores", {})["tested"] = round(100 * ran / judged, 1)
        doc.meta.setdefault("score_sources", {})["tested"] = "coverage"


def _code_at(lines: list[str], number: int) -> str:
    """The start of a source line in backticks, to show which branch is meant."""
    text = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    text = text if len(text) <= 50 else text[:47] + "..."
    return f"(`{text}`) " if text else ""


def _body_lines(module: cst.Module, doc: Document, funcs: list[Func]) -> dict[int, range]:
    """The lines of each function's body (not its signature or decorators, which run at import)."""
    spans = _spans(module, [f.node.body for f in funcs])
    out: dict[int, range] = {}
    for func in funcs:
        start, end = spans[id(func.node.body)]
        first, last = doc.position(start)[0], doc.position(max(start, end - 1))[0]
        if isinstance(func.node.body, cst.IndentedBlock):
            first += 1  # the block starts with the rest of the `def` line
        out[id(func)] = range(first, max(first, last) + 1)
    return out


def _tested_in_module(scan: CodeScan, reached: Reach) -> set[int]:
    """Functions of this module reached by tests: named by a test or by code the tests reach
    (any module), a dunder or callback of a class they use, then everything those call (by
    name) inside the module."""
    defs = [f for f in scan.functions if f.node is not None]
    by_name: dict[str, list[Func]] = {}
    for func in defs:
        by_name.setdefault(func.name, []).append(func)
    tested_classes = {c.name for c in scan.classes if reached.covers(c.name)}
    todo = [f for f in defs if reached.covers(f.name)]
    # Dunders and framework callbacks (visit_*, on_*, handle_*, do_*) of a class a test uses
    # are invoked for it by the language or the framework, not by name.
    todo += [f for f in defs if f.cls is not None and f.cls.name in tested_classes and _CALLBACK.match(f.name)]
    seen: set[int] = set()
    while todo:
        func = todo.pop()
        if id(func) in seen:
            continue
        seen.add(id(func))
        for name in func.refs:
            todo.extend(by_name.get(name, ()))
    return seen


# ---------------------------------------------------------------------- positions
@dataclass
class _OffsetState(CodegenState):
    """Code generation that records the character offsets of a few target nodes.

    libcst's PositionProvider records a line/column range for every node, which costs more
    than parsing; we need positions only for the handful of nodes we report.
    """

    targets: set[int] = field(default_factory=set)
    offset: int = 0
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        self.offset += sum(map(len, self.indent_tokens))

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets:
            self._starts.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets:
            self.spans[id(node)] = (self._starts.pop(), self.offset)


def _spans(module: cst.Module, nodes: list[cst.CSTNode]) -> dict[int, tuple[int, int]]:
    state = _OffsetState(default_indent=module.default_indent, default_newline=module.default_newline)
    state.targets = {id(n) for n in nodes}
    module._codegen(state)
    return state.spans


_LEADING_NOISE = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*")


def _findings(hits: list[Hit], module: cst.Module, doc: Document) -> Iterator[Finding]:
    """Turn hits into findings: offsets from one code generation, then line/column."""
    spans = _spans(module, [hit.node for hit in hits] + [hit.scope for hit in hits if hit.scope is not None])
    source = doc.source
    for hit in hits:
        scope_end = doc.position(max(0, spans[id(hit.scope)][1] - 1))[0] if hit.scope is not None else None
        start, end = spans[id(hit.node)]
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
