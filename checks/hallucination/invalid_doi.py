"""invalid-doi: a DOI in the text that cannot be one (a DOI reads 10.<4-9 digits>/<suffix>)."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import INVALID_DOI
from aislop.checks.hallucination.text import doc_urls, in_prose, snippet
from aislop.checks.hallucination.urls import DOI_CANDIDATE, VALID_DOI
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Context

RULES = (INVALID_DOI,)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    if reading.doc.kind == "prose" and ctx.is_enabled(INVALID_DOI):
        yield from doi_findings(reading.doc)


def doi_findings(doc: Document) -> Iterator[Finding]:
    urls = doc_urls(doc)
    for match in DOI_CANDIDATE.finditer(doc.source):
        at = match.start()
        visible = doc.text[at : at + 1].strip() and in_prose(doc, at)
        if not visible and not any(a <= at < b for a, b in urls):
            continue
        doi = match.group("doi").rstrip(".,;:")
        if VALID_DOI.fullmatch(doi):
            continue
        shown = doc.source[at : match.start("doi") + len(doi)]
        yield doc.finding(
            INVALID_DOI, at, match.start("doi") + len(doi),
            f'"{snippet(shown)}" is not a valid DOI (a DOI reads 10.<4-9 digits>/<suffix>): copy the DOI '
            "from the publisher's page or Crossref, or remove it.",
            matched=shown,
        )
