"""broken-link: only with --online (or ``online = true`` in the configuration), every cited link
and DOI is fetched; dead ones are warnings, ones that could not be checked are info. DOIs the
reference check already looked up are left alone."""

from __future__ import annotations

from collections.abc import Iterator

from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import BROKEN_LINK
from aislop.checks.hallucination.text import snippet
from aislop.model import Finding, Severity
from aislop.registry import Context

RULES = (BROKEN_LINK,)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    doc = reading.doc
    options = ctx.options(BROKEN_LINK)
    if not ctx.settings.get("online"):
        return
    from aislop.checks.hallucination.links import LinkChecker, link_cache_dir, link_targets  # online only

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
