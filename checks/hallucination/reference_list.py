"""dangling-citation, empty-sources, orphan-reference: citation markers and reference lists
that do not answer each other (a marker with no entry, a sources heading with nothing under
it, an entry nobody cites). One detector (citations.py) decides all three."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.hallucination.citations import Citations, Cite, Section
from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import DANGLING_CITATION, EMPTY_SOURCES, ORPHAN_REFERENCE
from aislop.checks.hallucination.text import snippet
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Context

RULES = (DANGLING_CITATION, EMPTY_SOURCES, ORPHAN_REFERENCE)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    if reading.doc.kind != "prose" or not any(ctx.is_enabled(rule) for rule in RULES):
        return
    yield from citation_findings(reading.doc, ctx, reading.citations)


def citation_findings(doc: Document, ctx: Context, cites: Citations) -> Iterator[Finding]:
    if ctx.is_enabled(DANGLING_CITATION):
        for cite in cites.dangling():
            yield _dangling_finding(doc, cites, cite)
    if ctx.is_enabled(EMPTY_SOURCES):
        for section in cites.empty_sections():
            yield doc.finding(
                EMPTY_SOURCES, section.heading.start, section.heading.end,
                f'The "{_title(doc, section)}" heading has nothing under it: list the sources the text '
                "relies on, or delete the heading.",
            )
    if ctx.is_enabled(ORPHAN_REFERENCE):
        for entry in cites.orphans():
            body = doc.text[entry.start : entry.end]
            start = entry.start + len(body) - len(body.lstrip())
            what = f"Footnote [^{entry.label}]" if entry.footnote else "Reference"
            yield doc.finding(
                ORPHAN_REFERENCE, start, entry.end,
                f'{what} "{snippet(body, 50)}" is never cited in the text: cite it where it supports a '
                "claim, or delete it.",
            )


def _title(doc: Document, section: Section) -> str:
    return " ".join(doc.text[section.heading.start : section.heading.end].split()).rstrip(":")


def _dangling_finding(doc: Document, cites: Citations, cite: Cite) -> Finding:
    marker = doc.text[cite.start : cite.end]
    if cite.kind == "author" and "(" not in marker:
        marker = f"({marker})"
    if cite.kind == "needed":
        return doc.finding(
            DANGLING_CITATION, cite.start, cite.end,
            f'"{marker}" is still in the text: find a source for the claim and cite it, or cut the claim.',
        )
    if cite.kind == "footnote":
        missing = f"has no footnote text ([^{cite.keys[0]}]: …)"
    elif not (cites.sections or cites.entries or cites.footnotes):
        missing = "points to a source, but the document has no reference list"
    elif cites.sections:
        missing = f"has no entry under {_title(doc, cites.sections[0])}"
    else:
        missing = "has no matching entry in the reference list"
    return doc.finding(
        DANGLING_CITATION, cite.start, cite.end,
        f"{marker} {missing}: add the source or remove the marker.",
    )
