"""citation-artifact: a chatbot's citation codes and tracking tags left in the text
("【4:0†source】", "utm_source=chatgpt.com"), in prose and in a Python file's comments,
docstrings and the links of its strings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import CITATION_ARTIFACT
from aislop.checks.hallucination.text import doc_urls, packs, phrase_finding
from aislop.document import URL_RE, Document
from aislop.edits import drop_query_parameter, remove_inline
from aislop.model import Autofix, Finding
from aislop.registry import Context

RULES = (CITATION_ARTIFACT,)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    if not ctx.is_enabled(CITATION_ARTIFACT):
        return
    if reading.doc.kind == "code":
        yield from code_artifacts(reading)
    else:
        yield from citation_artifacts(reading.doc)


def citation_artifacts(doc: Document) -> Iterator[Finding]:
    pack = packs().text["citation-artifact"]
    seen: set[int] = set()
    for match, phrase in pack.finditer(doc.text):
        seen.add(match.start())
        yield phrase_finding(doc, CITATION_ARTIFACT, match, phrase, autofix=artifact_autofix(doc, match))
    for start, end in doc_urls(doc):  # utm_source=chatgpt.com sits inside blanked URLs
        for match, phrase in pack.finditer(doc.source, start, end):
            if match.start() not in seen:
                yield phrase_finding(doc, CITATION_ARTIFACT, match, phrase, matched=doc.source[start:end],
                                     autofix=drop_query_parameter(doc, *match.span()))


def artifact_autofix(doc: Document, match: re.Match) -> Autofix | None:
    """Debris goes with the space before it; a tracking tag leaves the link's query."""
    if match.group().startswith("utm_source="):
        return drop_query_parameter(doc, *match.span())
    return remove_inline(doc, *match.span())


def code_artifacts(reading: Reading) -> Iterator[Finding]:
    """Citation codes in comments and docstrings; a link copied from a chat (?utm_source=chatgpt.com)
    in any string."""
    doc = reading.doc
    pack = packs().text["citation-artifact"]
    for piece in reading.comments:
        for match, phrase in pack.finditer(doc.source, piece.start, piece.end):
            yield phrase_finding(doc, CITATION_ARTIFACT, match, phrase, autofix=artifact_autofix(doc, match))
    for piece in (t for t in reading.code_texts if t.kind == "string"):
        for url in URL_RE.finditer(doc.source, piece.start, piece.end):
            for match, phrase in pack.finditer(doc.source, *url.span()):
                if match.group().startswith("utm_source="):
                    yield phrase_finding(doc, CITATION_ARTIFACT, match, phrase, matched=url.group(),
                                         autofix=drop_query_parameter(doc, *match.span()))
