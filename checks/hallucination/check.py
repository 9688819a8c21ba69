"""Hallucination markers (AIS2xx): invented sources, template leftovers and assistant chatter.

These are the defects that embarrass a freelancer most when a client finds them: a citation
that points nowhere, "[Company]" left in a proposal, "Sure! Here's a draft…" above the text.
Phrase lists live in ``hallucination.toml`` (each entry with a why and a fix) and are
compiled once per process into one regex per pack.

This module holds the checks; the family is split by concern into ``rules`` (the rules and
their examples), ``text`` (phrase packs, sentences, quotes), ``leftovers`` (chatter and
template slots), ``closers`` (sign-offs and apologies at the edges of a text), ``citations``
(reference lists, citations, unsourced figures), ``urls`` (DOIs and placeholder addresses),
``in_code`` (Python comments and strings), ``links`` (the --online link resolver), and the
reference check: ``references`` (its rules and check), ``identifiers`` (ISBN, arXiv and PubMed
forms), ``reference_parse`` (entries into fields), ``scholarly`` (the Crossref and OpenAlex
client) and ``reference_match`` (the verdicts).
"""

from __future__ import annotations

from collections.abc import Iterable

from aislop.checks.hallucination.citations import Citations, attribution_findings, citation_findings
from aislop.checks.hallucination.closers import chat_closers
from aislop.checks.hallucination.in_code import check_code
from aislop.checks.hallucination.leftovers import ai_disclosures, chat_leftovers, citation_artifacts, placeholders
from aislop.checks.hallucination.links import LinkChecker, link_cache_dir, link_targets
from aislop.checks.hallucination.references import ReferenceCheck
from aislop.checks.hallucination.rules import (
    AI_DISCLOSURE,
    BROKEN_LINK,
    CHAT_LEFTOVER,
    CITATION_ARTIFACT,
    DANGLING_CITATION,
    EMPTY_SOURCES,
    INVALID_DOI,
    ORPHAN_REFERENCE,
    PLACEHOLDER_TEXT,
    PLACEHOLDER_URL,
    UNSOURCED_STATISTIC,
    VAGUE_ATTRIBUTION,
)
from aislop.checks.hallucination.text import snippet
from aislop.checks.hallucination.urls import doi_findings, placeholder_url_findings
from aislop.document import Document
from aislop.model import Finding, Severity
from aislop.registry import Check, Context


class HallucinationCheck(Check):
    """All AIS2xx rules that read one document at a time."""

    rules = (DANGLING_CITATION, EMPTY_SOURCES, ORPHAN_REFERENCE, CITATION_ARTIFACT, PLACEHOLDER_TEXT,
             AI_DISCLOSURE, CHAT_LEFTOVER, UNSOURCED_STATISTIC, VAGUE_ATTRIBUTION, INVALID_DOI, PLACEHOLDER_URL)
    _citation_rules = (DANGLING_CITATION, EMPTY_SOURCES, ORPHAN_REFERENCE, UNSOURCED_STATISTIC, VAGUE_ATTRIBUTION)
    kinds = frozenset({"prose", "code"})

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        if doc.kind == "code":
            yield from check_code(doc, ctx)
            return
        if any(ctx.is_enabled(r) for r in self._citation_rules):
            cites = Citations(doc)
            yield from citation_findings(doc, ctx, cites)
            yield from attribution_findings(doc, ctx, cites)
        if ctx.is_enabled(INVALID_DOI):
            yield from doi_findings(doc)
        if ctx.is_enabled(PLACEHOLDER_URL):
            yield from placeholder_url_findings(doc)
        if ctx.is_enabled(CITATION_ARTIFACT):
            yield from citation_artifacts(doc)
        if ctx.is_enabled(PLACEHOLDER_TEXT):
            yield from placeholders(doc)
        if ctx.is_enabled(AI_DISCLOSURE):
            yield from ai_disclosures(doc)
        if ctx.is_enabled(CHAT_LEFTOVER):
            leftovers = list(chat_leftovers(doc, doc.text, doc.blocks))
            yield from leftovers
            yield from chat_closers(doc, doc.text, doc.blocks, leftovers)


class LinkCheck(Check):
    """broken-link: only with --online (or ``online = true`` in the configuration)."""

    rules = (BROKEN_LINK,)
    kinds = frozenset({"prose"})

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        options = ctx.options(BROKEN_LINK)
        if not ctx.settings.get("online"):
            return
        checked = doc.meta.get("checked_dois", set())  # already looked up by the reference check
        targets = [t for t in link_targets(doc) if not _doi_of(t[2]) or _doi_of(t[2]) not in checked]
        if not targets:
            return
        checker = LinkChecker(link_cache_dir(ctx), float(options["timeout"]), int(options["concurrency"]))
        results = checker.check_all(url for _, _, url in targets)
        unknown = 0
        for start, end, url in targets:
            status = results[url]
            shown = snippet(doc.source[start:end])
            if status.state == "broken":
                what = "DOI is not registered" if url.startswith("https://doi.org/") else "link is dead"
                yield doc.finding(
                    BROKEN_LINK, start, end,
                    f'"{shown}": the {what} ({status.detail}): find the current address of the source, or remove it.',
                    matched=doc.source[start:end],
                )
            elif status.state == "unknown":
                unknown += 1
                yield doc.finding(
                    BROKEN_LINK, start, end,
                    f'Could not check "{shown}" ({status.detail}): open it by hand before delivery.',
                    matched=doc.source[start:end], severity=Severity.INFO, confidence=0.3,
                )
        if unknown:
            links = f"{unknown} link" if unknown == 1 else f"{unknown} links"
            ctx.note(f"broken-link: {links} in {doc.relpath} could not be checked (offline, blocked or slow).")


def _doi_of(url: str) -> str:
    return url[len("https://doi.org/") :].lower() if url.startswith("https://doi.org/") else ""


# ReferenceCheck runs before LinkCheck, which then leaves the DOIs it looked up alone.
CHECKS = [HallucinationCheck(), ReferenceCheck(), LinkCheck()]
