"""Checks of the code family (AIS3xx): Python files and notebook code cells.

Everything is static: files are parsed with libcst, never imported or run. One pass per file
(visitor.py) records facts (facts.py); each rule module (stub_body.py, debug_print.py, ...)
decides from them. The modules are found, not listed: any module of this package with a
``RULES`` tuple and a ``findings(facts, ctx)`` function is run (checks/text/discovery.py).
Import resolution lives in imports.py, the project's test map in testmap.py. The rules are
declared in rules.py; libcst is imported only when a Python file is actually checked.
"""

from __future__ import annotations

from collections.abc import Iterable

from aislop.checks.code.rules import RULES
from aislop.checks.text.discovery import rule_modules
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Check, Context, ProjectIndex


class CodeCheck(Check):
    """All code rules in one libcst pass per file."""

    rules = RULES
    kinds = frozenset({"code"})
    reads_file_list = True  # local modules, and which files are tests

    def project_signature(self, project: ProjectIndex) -> str:
        if "code" not in project.files.values():
            return ""  # no Python to check: do not load libcst for nothing
        from aislop.checks.code.engine import project_inputs

        return project_inputs(project)

    def shared_facts(self, project: ProjectIndex, enabled: frozenset[str]) -> None:
        if "code" not in project.files.values():
            return
        from aislop.checks.code.engine import share_project_facts

        share_project_facts(project, enabled)

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        from aislop.checks.code.engine import check_code

        return check_code(doc, ctx, rule_modules(__package__))


CHECKS = [CodeCheck()]
