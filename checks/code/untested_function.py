"""untested-function and partly-tested-function: public functions no test reaches. Measured
where the project's coverage data describes the file (which lines and branches ran), the static
test map (testmap.py: which names the asserting tests reach) otherwise."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import libcst as cst

from aislop.checks.code import coverage as measured
from aislop.checks.code.facts import FileFacts, Func, Hit
from aislop.checks.code.paths import in_non_package_dir
from aislop.checks.code.positions import spans
from aislop.checks.code.rules import PARTLY_TESTED_FUNCTION, UNTESTED_FUNCTION
from aislop.checks.code.syntax import name_tokens
from aislop.checks.code.testmap import IMPLICIT_METHODS, REACH_KEY, Reach, project_reach, test_map
from aislop.checks.code.unfinished import unfinished_return
from aislop.document import Document
from aislop.registry import Context

RULES = (UNTESTED_FUNCTION, PARTLY_TESTED_FUNCTION)



def findings(facts: FileFacts, ctx: Context) -> Iterator[Hit]:
    """untested-function and partly-tested-function: measured where the project's coverage
    data describes this file, the static test map otherwise."""
    if facts.is_test_file:
        return
    public = list(_public(facts))
    if not public:
        return
    doc = facts.doc
    report, lines = _coverage_lines(facts, ctx)
    if report is not None and lines is not None:
        yield from _measured_hits(facts, ctx, public, report, lines)
        return
    tests = test_map(ctx.project)
    if not ctx.is_enabled(UNTESTED_FUNCTION) or not tests.has_tests or facts.is_entry_file:
        return
    project = ctx.project
    reached = project.memo(REACH_KEY, lambda: project_reach(project.root, project.files, tests.tested))
    tested_ids = _tested_in_module(facts, reached)
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
    estimate = "(a static estimate: coverage data would tell for sure)"
    yield from _report(
        facts, ctx, untested, public,
        lambda func: Hit(
            UNTESTED_FUNCTION.name,
            func.node.name,
            f"No test reaches `{func.qualname}()`: no asserting test references it, directly or through "
            f"the project's code it calls {estimate}.",
            symbol=facts.full_name(func.qualname),
            matched=func.qualname,
            scope=func.node,
        ),
        lambda some, of, names: f"No test reaches {some or 'any'} of {of}: {names}; no asserting test references "
        f"them, directly or through the project's code it calls {estimate}.",
        confidence=None,
    )


def _report(
    facts: FileFacts,
    ctx: Context,
    untested: list[Func],
    public: list[Func],
    single: Callable[[Func], Hit],
    grouped: Callable[[int | None, str, str], str],
    confidence: float | None,
) -> Iterator[Hit]:
    """One finding per untested function, or one per class (or per module, for top-level
    functions) that has ``group_from`` or more (the rule's option; 0: never), naming them all
    (``grouped(count, or None when all, "the N public methods of `C`", names)`` words it). A
    function whose line carries an ``aislop: ignore`` for the rule is reported alone, so that
    the suppression waives it."""
    group_from = int(ctx.options(UNTESTED_FUNCTION).get("group_from") or 0)
    waived = _waived_lines(facts, untested)
    containers: dict[int, list[Func]] = {}
    for func in untested:
        if id(func) in waived:
            yield single(func)
        else:
            containers.setdefault(id(func.cls), []).append(func)
    for funcs in containers.values():
        if not group_from or len(funcs) < group_from:
            yield from map(single, funcs)
            continue
        cls = funcs[0].cls
        total = sum(1 for f in public if f.cls is cls)
        names = ", ".join(f"`{f.name}()`" for f in funcs)
        some = len(funcs) if len(funcs) < total else None
        if cls is not None and cls.node is not None:
            of = f"the {total} public methods of `{cls.qualname}`"
            node, scope, symbol = cls.node.name, cls.node, facts.full_name(cls.qualname)
        else:
            of = f"the {total} public functions of this module"
            node, scope, symbol = funcs[0].node.name, funcs[-1].node, facts.modname or facts.relpath
        yield Hit(
            UNTESTED_FUNCTION.name,
            node,
            grouped(some, of, names),
            fix="Add tests that call them and assert on the results, or make private what is not part of the API.",
            symbol=symbol,
            # The functions themselves: the fingerprint changes when the list does, so a
            # baseline never hides an untested function added to a class it knew.
            matched=", ".join(f.qualname for f in funcs),
            confidence=confidence,
            scope=scope,
        )


def _waived_lines(facts: FileFacts, funcs: list[Func]) -> set[int]:
    """Ids of the functions whose ``def`` line a suppression of untested-function covers."""
    doc = facts.doc
    if doc is None or not doc.suppressions or not funcs:
        return set()
    found = spans(facts.module, [f.node.name for f in funcs])
    lines = {id(f): doc.position(found[id(f.node.name)][0])[0] for f in funcs}
    return {i for i, line in lines.items() if any(s.covers(line, UNTESTED_FUNCTION) for s in doc.suppressions)}


def _coverage_lines(facts: FileFacts, ctx: Context) -> tuple[measured.CoverageReport | None, measured.FileLines | None]:
    """The project's coverage data, and its lines for this file when the data knows the file
    and is still true of it; notes say why not otherwise (the static map is used then)."""
    project = ctx.project
    report, problem = project.memo("code.coverage", lambda: measured.open_for(project.root, ctx.settings.get("coverage")))
    if problem:
        ctx.note(f"Coverage data not used ({problem}): untested-function fell back to the static estimate.")
    doc = facts.doc
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
    facts: FileFacts, ctx: Context, public: list[Func], report: measured.CoverageReport, lines: measured.FileLines
) -> Iterator[Hit]:
    doc = facts.doc
    bodies = _body_lines(facts.module, doc, public)
    judged = ran = 0
    where = f"the coverage data ({report.name})"
    never: list[Func] = []
    for func in public:
        body = bodies[id(func)]
        verdict = lines.ran(body)
        if verdict is None:
            continue  # nothing measurable: excluded (# pragma: no cover) or not code
        judged += 1
        symbol = facts.full_name(func.qualname)
        if not verdict:
            never.append(func)
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
    if never and ctx.is_enabled(UNTESTED_FUNCTION):
        yield from _report(
            facts, ctx, never, public,
            lambda func: Hit(
                UNTESTED_FUNCTION.name,
                func.node.name,
                f"`{func.qualname}()` never ran in the tests: {where} shows none of its lines executed.",
                fix="Add a test that calls it and asserts on the result, or remove it if nothing uses it.",
                symbol=facts.full_name(func.qualname),
                matched=func.qualname,
                confidence=0.95,
                scope=func.node,
            ),
            lambda some, of, names: f"{f'{some} of {of} never' if some else f'None of {of}'} ran in the tests: "
            f"{names}; {where} shows none of their lines executed.",
            confidence=0.95,
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
    found = spans(module, [f.node.body for f in funcs])
    out: dict[int, range] = {}
    for func in funcs:
        start, end = found[id(func.node.body)]
        first, last = doc.position(start)[0], doc.position(max(start, end - 1))[0]
        if isinstance(func.node.body, cst.IndentedBlock):
            first += 1  # the block starts with the rest of the `def` line
        out[id(func)] = range(first, max(first, last) + 1)
    return out


def _tested_in_module(facts: FileFacts, reached: Reach) -> set[int]:
    """Functions of this module reached by tests: named by a test or by code the tests reach
    (any module), a dunder or callback of a class they use, then everything those call (by
    name) inside the module."""
    defs = [f for f in facts.functions if f.node is not None]
    by_name: dict[str, list[Func]] = {}
    for func in defs:
        by_name.setdefault(func.name, []).append(func)
    tested_classes = {c.name for c in facts.classes if reached.covers(c.name)}
    todo = [f for f in defs if reached.covers(f.name)]
    # Dunders, framework callbacks (visit_*, on_*, handle_*, do_*) and a stream's methods of a
    # class a test uses are invoked for it by the language, the framework or the stream's reader.
    todo += [f for f in defs if f.cls is not None and f.cls.name in tested_classes and IMPLICIT_METHODS.match(f.name)]
    seen: set[int] = set()
    while todo:
        func = todo.pop()
        if id(func) in seen:
            continue
        seen.add(id(func))
        for name in func.refs:
            todo.extend(by_name.get(name, ()))
    return seen


def _public(facts: FileFacts) -> Iterator[Func]:
    """Public, top-level functions and methods of public classes (not nested, not abstract,
    not empty: a no-op or a stub, empty or marked unfinished, has no behaviour to test; not a
    demo, nor script code defined under ``if __name__ == "__main__"``, which no import reaches)."""
    for func in facts.functions:
        if func.node is None or func.nested or not func.public:
            continue
        if func.cls is not None and (func.cls.in_function or func.cls.is_protocol):
            continue
        if func.decorated("overload", "abstractmethod", "setter", "deleter"):
            continue
        if "demo" in name_tokens(func.name) or func.empty is not None or func.script_only:
            continue
        if unfinished_return(facts, func):
            continue  # `# TODO: implement` then `return {}`: stub-body's, nothing to test yet
        if _no_cover(func.node):
            continue  # its author excluded it from coverage on purpose
        yield func


def _no_cover(node: cst.FunctionDef) -> bool:
    """``def f():  # pragma: no cover`` (coverage.py's default exclusion marker)."""
    header = getattr(node.body, "header", None)
    comment = header.comment.value if header is not None and header.comment is not None else ""
    return bool(re.search(r"pragma:\s*no\s*cover", comment, re.I))
