"""Hallucination markers (AIS2xx): invented sources, template leftovers and assistant chatter.

These are the defects that embarrass a freelancer most when a client finds them: a citation
that points nowhere, "[Company]" left in a proposal, "Sure! Here's a draft…" above the text.
Phrase lists live in ``hallucination.toml`` (each entry with a why and a fix) and are
compiled once per process into one regex per pack.

Each rule is decided by one module (or a small group sharing a detector) defining ``RULES`` and
``findings(reading, ctx)``; the checks here run the modules of their rules, found by
``rule_modules``, over one ``Reading`` of the document (reading.py: citations, the comments and
strings of code, computed once when first asked). Detectors and helpers beside them:
``citations`` (reference lists and markers), ``closers`` (sign-offs at the edges of a text),
``in_code`` (a Python file's comments and strings), ``urls`` (address patterns), ``text`` (phrase
packs, quotes, the sentence around an offset), ``links`` (the --online link resolver), and the
reference lookups (``reference_parse``, ``scholarly``, ``reference_match``).
"""

from __future__ import annotations

from collections.abc import Iterable

from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import (
    AI_DISCLOSURE,
    BROKEN_LINK,
    CHAT_LEFTOVER,
    CITATION_ARTIFACT,
    DANGLING_CITATION,
    EMPTY_SOURCES,
    INVALID_ARXIV_ID,
    INVALID_DOI,
    INVALID_ISBN,
    INVALID_PMID,
    ORPHAN_REFERENCE,
    PLACEHOLDER_TEXT,
    PLACEHOLDER_URL,
    REFERENCE_MISMATCH,
    UNSOURCED_STATISTIC,
    UNVERIFIED_REFERENCE,
    VAGUE_ATTRIBUTION,
)
from aislop.checks.text.discovery import rule_modules
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Check, Context


class _RuleModulesCheck(Check):
    """Runs the family's rule modules whose rules this check owns, in the order of rules.RULES."""

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        reading = Reading(doc)
        owned = {rule.code for rule in self.rules}
        for module in rule_modules(__package__):
            if {rule.code for rule in module.RULES} <= owned:
                yield from module.findings(reading, ctx)


class HallucinationCheck(_RuleModulesCheck):
    """All AIS2xx rules that read one document at a time, offline."""

    rules = (DANGLING_CITATION, EMPTY_SOURCES, ORPHAN_REFERENCE, CITATION_ARTIFACT, PLACEHOLDER_TEXT,
             AI_DISCLOSURE, CHAT_LEFTOVER, UNSOURCED_STATISTIC, VAGUE_ATTRIBUTION, INVALID_DOI, PLACEHOLDER_URL)
    kinds = frozenset({"prose", "code"})


class ReferenceCheck(_RuleModulesCheck):
    """invalid-isbn, invalid-arxiv-id, invalid-pmid always; the lookups only with --online."""

    rules = (INVALID_ISBN, INVALID_ARXIV_ID, INVALID_PMID, UNVERIFIED_REFERENCE, REFERENCE_MISMATCH)
    kinds = frozenset({"prose"})


class LinkCheck(_RuleModulesCheck):
    """broken-link: only with --online (or ``online = true`` in the configuration)."""

    rules = (BROKEN_LINK,)
    kinds = frozenset({"prose"})


# ReferenceCheck runs before LinkCheck, which then leaves the DOIs it looked up alone.
CHECKS = [HallucinationCheck(), ReferenceCheck(), LinkCheck()]
