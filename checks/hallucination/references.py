"""unverified-reference, reference-mismatch: with --online, each reference-list entry looked up
in Crossref and OpenAlex (the offline identifier forms are identifiers.py's). The JSON report
gets a ``references`` block per file saying what each entry matched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from aislop.checks.hallucination.citations import Citations, Entry
from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import REFERENCE_MISMATCH, UNVERIFIED_REFERENCE
from aislop.checks.hallucination.text import snippet
from aislop.document import Document
from aislop.model import Finding
from aislop.registry import Context

if TYPE_CHECKING:  # the lookups are imported when a scan goes online, not by every scan
    from aislop.checks.hallucination.reference_match import Verdict
    from aislop.checks.hallucination.reference_parse import Reference

RULES = (UNVERIFIED_REFERENCE, REFERENCE_MISMATCH)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    """Only with --online: each reference-list entry looked up in Crossref and OpenAlex."""
    if not ctx.settings.get("online") or not any(ctx.is_enabled(rule) for rule in RULES):
        return
    yield from check_references(reading.doc, ctx, ctx.options(UNVERIFIED_REFERENCE))


def reference_entries(doc: Document) -> list[tuple[Entry, str]]:
    """Reference-list entries (under a references heading, or numbered "[n]" lines) with their
    text as written: the source, so that DOIs and URLs are there; HTML tags removed."""
    found = []
    for entry in Citations(doc).entries:
        if entry.link_definition or entry.footnote or (entry.section is None and entry.label is None):
            continue
        raw = doc.source[entry.start : entry.end]
        if doc.format == "html":
            raw = html.unescape(re.sub(r"<[^>]*>", " ", raw))
        if len(raw.split()) >= 3:
            found.append((entry, raw))
    return found


def check_references(doc: Document, ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    from concurrent.futures import ThreadPoolExecutor

    from aislop.checks.hallucination.reference_match import sources_of, verify
    from aislop.checks.hallucination.reference_parse import parse_reference
    from aislop.checks.hallucination.scholarly import JsonClient, polite_user_agent

    entries = reference_entries(doc)
    doc.meta["references"] = []
    if not entries:
        return
    mailto = str(ctx.settings.get("mailto") or "")
    client = JsonClient(
        ctx.cache_dir, timeout=float(options["timeout"]), per_host=int(options["concurrency"]),
        retries=int(options["retries"]), user_agent=polite_user_agent(mailto),
    )
    sources = sources_of(dict(ctx.settings), client)
    if not sources:
        ctx.note("reference check: crossref-url and openalex-url are both off; no reference was looked up.")
        return
    parsed = [parse_reference(raw) for _, raw in entries]
    with ThreadPoolExecutor(max_workers=max(1, min(int(options["concurrency"]), len(parsed)))) as pool:
        verdicts = list(pool.map(lambda ref: verify(ref, sources), parsed))
    checked_dois: set[str] = set()
    unreachable: set[str] = set()
    for (entry, raw), ref, verdict in zip(entries, parsed, verdicts, strict=True):
        if ref.doi and any(s.endswith("DOI") for s in verdict.searched) and not verdict.unreachable:
            checked_dois.add(ref.doi.lower())
        unreachable.update(u.split(" (")[0] for u in verdict.unreachable)
        line = doc.position(entry.start)[0]
        doc.meta["references"].append({"line": line, "entry": snippet(raw, 120), "parsed": ref.as_dict(),
                                       **verdict.as_dict()})
        finding = _finding(doc, ctx, entry, raw, ref, verdict)
        if finding is not None:
            yield finding
    doc.meta["checked_dois"] = checked_dois
    not_checked = sum(1 for v in verdicts if v.state == "unchecked" and v.unreachable)
    if unreachable:
        ctx.incomplete = True  # ask again next time
        ctx.note(f"reference check: {', '.join(sorted(unreachable))} could not be reached; {not_checked} "
                 f"reference(s) in {doc.relpath} got no verdict (run again later).")


def _finding(doc: Document, ctx: Context, entry: Entry, raw: str, ref: Reference, verdict: Verdict) -> Finding | None:
    body = doc.text[entry.start : entry.end]
    start = entry.start + len(body) - len(body.lstrip())
    end = entry.start + len(body.rstrip())
    if end <= start:
        start, end = entry.start, entry.end
    cited = f'"{snippet(ref.title, 80)}"' + (f" by {ref.first_author}" if ref.first_author else "") + (
        f" ({ref.year})" if ref.year else "")
    if verdict.state == "mismatch" and ctx.is_enabled(REFERENCE_MISMATCH):
        problems = "; ".join(verdict.problems) or "the entry differs from the registered work"
        return doc.finding(
            REFERENCE_MISMATCH, start, end,
            f"{cited}: {problems}. Registered: {verdict.work.cite()}. Copy the registered details into the entry, "
            "or find the work meant.",
            matched=raw.strip(), confidence=verdict.confidence,
        )
    if verdict.state == "unverified" and ctx.is_enabled(UNVERIFIED_REFERENCE):
        searched = ", ".join(verdict.searched)
        what = f"DOI {ref.doi} is not registered, and no" if verdict.doi_unregistered else "No"
        nearest = (f" Nearest: {verdict.nearest.cite()}." if verdict.nearest is not None
                   else " Nothing similar was found.")
        return doc.finding(
            UNVERIFIED_REFERENCE, start, end,
            f"{what} source knows {cited} (searched {searched}).{nearest} A lead to verify, not proof: "
            "find the work or remove the entry.",
            matched=raw.strip(), confidence=verdict.confidence,
        )
    return None
