"""hallucinated-import and undeclared-dependency: one pass over the file's imports, since both
ask where a module comes from (standard library, this project, installed, declared, PyPI)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.code import imports
from aislop.checks.code.facts import FileFacts, Hit, ImportRec
from aislop.checks.code.rules import HALLUCINATED_IMPORT, UNDECLARED_DEPENDENCY
from aislop.registry import Context

RULES = (HALLUCINATED_IMPORT, UNDECLARED_DEPENDENCY)


def findings(facts: FileFacts, ctx: Context) -> Iterator[Hit]:
    check_real = ctx.is_enabled(HALLUCINATED_IMPORT)
    check_declared = ctx.is_enabled(UNDECLARED_DEPENDENCY)
    if not facts.imports or not (check_real or check_declared):
        return
    project, doc = ctx.project, facts.doc
    local = project.memo("code.local-names", lambda: imports.local_names(project.root, list(project.files)))
    near = imports.folder_lister(project)
    declared = project.memo("code.declared", lambda: imports.read_declared(project.root))
    reported: set[str] = set()
    for rec in facts.imports:
        top = rec.top
        if top in reported or imports.is_stdlib(top) or top in local:
            continue
        if top.startswith("__") and not top.endswith("__"):
            continue  # ``import __name`` in a class body is name-mangled, not a module lookup
        if imports.on_disk_near(doc.path, project.root, top, near):
            continue
        if facts.is_test_file and _writes_module(doc.source, top):
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
        elif check_declared and declared.declares and not is_declared and _dependency_matters(rec, facts):
            reported.add(top)
            yield _undeclared(rec, declared)


def _writes_module(source: str, top: str) -> bool:
    """A string literal naming the module or its file ("t1", "t1 __init__.py", 'mod_for_test.py'):
    tests of the import system create the modules they import."""
    return re.search(rf"""['"]{re.escape(top)}(?:[ ./\\][^'"\n]*)?['"]""", source) is not None


def _dependency_matters(rec: ImportRec, facts: FileFacts) -> bool:
    """Skip optional, typing-only, test, script and notebook imports: not install requirements."""
    if rec.type_only or facts.is_test_file or facts.is_notebook:
        return False
    return not any(part in imports.NON_PACKAGE_DIRS for part in facts.relpath.split("/")[:-1])


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
