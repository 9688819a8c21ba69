"""Prose family (AIS1xx): point at writing that reads as formulaic, and score each document.

Every rule reads the prose view (view.py: code, URLs and markup already blanked); rules skip
block quotes (someone else's words), and only the heading rules read headings. Lexical hits
are weighed together (clusters.py); document-level rules (em dashes, triads, sentence rhythm)
warn only when their rate per 1,000 words is far above human writing. The check runs every
rule's module over one shared view and sets the formulaic score (score.py).
"""

from __future__ import annotations

from aislop.checks.prose.clusters import cluster_findings, without_overlaps
from aislop.checks.prose.em_dash_density import em_dash_findings
from aislop.checks.prose.emoji import emoji_bullet_findings
from aislop.checks.prose.grammar import grammar_findings, shared_settings
from aislop.checks.prose.headings import heading_findings
from aislop.checks.prose.inline_header_list import alone_is_info, inline_header_findings
from aislop.checks.prose.phrases import phrase_hits
from aislop.checks.prose.readability import readability_findings
from aislop.checks.prose.rule_of_three import rule_of_three_summary, triad_hits
from aislop.checks.prose.rules import EMOJI_BULLETS, GRAMMAR, PROSE_RULES, READABILITY
from aislop.checks.prose.score import formulaic_score
from aislop.checks.prose.uniform_sentences import uniform_sentence_findings
from aislop.checks.prose.view import ProseView
from aislop.checks.prose.vocabulary import vocabulary_hits
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Check, Context


class ProseCheck(Check):
    """All prose rules in one pass over a shared ``ProseView``; sets the formulaic score."""

    rules = PROSE_RULES
    kinds = frozenset({"prose"})

    def shared_setup(self, settings, rule_options, enabled) -> None:
        """One local LanguageTool server for the whole scan, when grammar runs without a URL."""
        if not enabled or GRAMMAR.code in enabled:
            options = {**GRAMMAR.options, **rule_options.get(GRAMMAR.code, {})}
            if options.get("canned_response") is None:
                shared_settings(settings, options.get("language", "en-US"))

    def check(self, doc: Document, ctx: Context) -> list[Finding]:
        view = ProseView.of(doc)
        triads = triad_hits(view)
        phrases = phrase_hits(view)
        hits = without_overlaps(vocabulary_hits(view, ctx), phrases) + phrases + triads
        findings = list(cluster_findings(doc, hits, ctx))
        findings += rule_of_three_summary(doc, view, triads, ctx)
        findings += em_dash_findings(doc, view, ctx)
        findings += alone_is_info(list(inline_header_findings(doc, ctx)), findings)
        findings += heading_findings(doc, view, ctx)
        if ctx.is_enabled(EMOJI_BULLETS):
            findings += emoji_bullet_findings(doc, ctx)
        findings += uniform_sentence_findings(doc, view, ctx)
        if ctx.is_enabled(READABILITY):
            findings += readability_findings(doc, view, ctx)
        if ctx.is_enabled(GRAMMAR):
            findings += grammar_findings(doc, view, ctx)
        doc.meta["scores"] = {"formulaic": formulaic_score(doc, findings, ctx)}
        return findings


CHECKS = [ProseCheck()]
