"""Prose family (AIS1xx): point at writing that reads as formulaic, and score each document.

Every rule reads the prose view (view.py: code, URLs and markup already blanked); rules skip
block quotes (someone else's words), and only the heading rules read headings. Lexical hits
are weighed together (clusters.py); document-level rules (em dashes, triads, sentence rhythm)
warn only when their rate per 1,000 words is far above human writing. The check runs every
rule's module over one shared view and sets the formulaic score (score.py).
"""

from __future__ import annotations

from aislop.checks.prose import harper_grammar
from aislop.checks.prose.rules import RULES
from aislop.checks.prose.score import DEFAULT_WEIGHTS, formulaic_score
from aislop.checks.prose.view import ProseView
from aislop.checks.text.discovery import rule_modules
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Check, Context


class ProseCheck(Check):
    """Every prose rule module (found by ``rule_modules``: a module with ``RULES`` and
    ``findings(doc, view, ctx)``) over one shared ``ProseView``; sets the formulaic score.

    Two optional hooks of a rule module: ``shared_setup(settings, rule_options, enabled)``
    (once per scan, e.g. grammar's LanguageTool server) and ``settle(findings)`` (once the
    document's findings are all in, e.g. inline-header-list alone is info)."""

    rules = RULES
    kinds = frozenset({"prose"})
    setting_defaults = {"prose_weights": DEFAULT_WEIGHTS}  # [tool.aislop.prose-weights]: numbers by name

    def project_signature(self, project) -> str:
        """The offline grammar engine's version: installing or upgrading harper-py changes
        what the grammar rule finds, so cached results of prose files must not be served."""
        return f"harper-py {harper_grammar.version()}" if harper_grammar.version() else ""

    def shared_setup(self, settings, rule_options, enabled) -> None:
        for module in rule_modules(__package__):
            if hasattr(module, "shared_setup"):
                module.shared_setup(settings, rule_options, enabled)

    def check(self, doc: Document, ctx: Context) -> list[Finding]:
        view = ProseView.of(doc)
        modules = rule_modules(__package__)
        findings: list[Finding] = []
        for module in modules:
            findings += module.findings(doc, view, ctx)
        for module in modules:
            if hasattr(module, "settle"):
                findings = module.settle(findings)
        doc.meta["scores"] = {"formulaic": formulaic_score(doc, findings, ctx)}
        return findings


CHECKS = [ProseCheck()]
