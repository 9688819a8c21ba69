"""The grammar rule (AIS113): LanguageTool through language-tool-python.

LanguageTool runs only when the user configured a server (``languagetool-url``) or when a
LanguageTool installation already sits in language-tool-python's cache folder and Java is on
PATH. aislop never downloads it; otherwise the rule is skipped with one note.
The adapter (``findings_from_response``) works on LanguageTool's documented JSON response
(``{"matches": [{"message", "offset", "length", "replacements", "rule": {...}}]}``).
"""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from aislop.checks.prose.rules import GRAMMAR
from aislop.checks.prose.view import ProseView, Unit
from aislop.document import Document
from aislop.model import Finding, Severity
from aislop.registry import Context

SKIP_NOTE = (
    "grammar (AIS113) skipped: no LanguageTool server configured (set languagetool-url) "
    "and no local LanguageTool installation found; aislop never downloads it."
)


def findings_from_response(
    doc: Document, response: dict[str, Any], text: str, spans: list[tuple[int, int, Unit]], options: dict
) -> Iterator[Finding]:
    """Findings from a LanguageTool JSON response about ``text`` (units joined by blank lines)."""
    from language_tool_python import Match

    matches = [Match(copy.deepcopy(raw), text) for raw in response.get("matches", [])]
    return findings_from_matches(doc, matches, spans, options)


def findings_from_matches(
    doc: Document, matches: list, spans: list[tuple[int, int, Unit]], options: dict
) -> Iterator[Finding]:
    """Turn language-tool-python ``Match`` objects into findings.

    ``spans`` maps the checked text back to the document: (start in text, end in text, unit).
    """
    skip = {c.upper() for c in options.get("skip_categories", ())}
    for match in matches:
        if str(match.category).upper() in skip:
            continue
        for start, end, unit in spans:
            if start <= match.offset < end:
                a = match.offset - start
                b = min(a + max(match.error_length, 1), end - start)
                doc_start, doc_end = unit.span(a, b)
                suggestions = ", ".join(f"'{r}'" for r in match.replacements[:3])
                yield doc.finding(
                    GRAMMAR, doc_start, doc_end, str(match.message),
                    fix=f"Suggested: {suggestions}." if suggestions else None,
                    severity=Severity.WARNING if match.rule_issue_type in ("grammar", "misspelling") else None,
                )
                break


def grammar_findings(doc: Document, view: ProseView, ctx: Context) -> list[Finding]:
    options = ctx.options(GRAMMAR)
    text, spans = _joined(view)
    if not text.strip():
        return []
    canned = options.get("canned_response")
    if canned is not None:
        return list(findings_from_response(doc, canned, text, spans, options))
    tool = _tool(ctx.settings.get("languagetool_url") or "", options.get("language", "en-US"))
    if tool is None:
        ctx.note(SKIP_NOTE)
        return []
    return list(findings_from_matches(doc, tool.check(text), spans, options))


def _joined(view: ProseView) -> tuple[str, list[tuple[int, int, Unit]]]:
    parts, spans, pos = [], [], 0
    for unit in view.units:
        if unit.pseudo_heading:
            continue
        parts.append(unit.text)
        spans.append((pos, pos + len(unit.text), unit))
        pos += len(unit.text) + 2
    return "\n\n".join(parts), spans


@cache
def _tool(url: str, language: str):
    """A LanguageTool client, once per process; None when nothing runs without a download.
    The client library is imported only when there is something to talk to: importing it loads
    requests, whose urllib3 opens a socket at import to probe for IPv6."""
    version = None if url else _local_version()
    if not url and (version is None or shutil.which("java") is None):
        return None
    try:
        import language_tool_python
    except ImportError:
        return None
    if url:
        return language_tool_python.LanguageTool(language, remote_server=url)
    return language_tool_python.LanguageTool(language, language_tool_download_version=version)


def _local_version() -> str | None:
    """The version of an already unpacked LanguageTool in language-tool-python's cache."""
    root = Path(os.environ.get("LTP_PATH", Path.home() / ".cache" / "language_tool_python"))
    if not root.is_dir():
        return None
    versions = sorted(p.name.split("-", 1)[1] for p in root.glob("LanguageTool-*") if p.is_dir())
    return versions[-1] if versions else None
