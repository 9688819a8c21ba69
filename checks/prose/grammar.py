"""The grammar rule (AIS113): LanguageTool through language-tool-python, or Harper offline.

LanguageTool runs only when the user configured a server (``languagetool-url``) or when a
LanguageTool installation already sits in language-tool-python's cache folder and Java is on
PATH. aislop never downloads it. Without either, Harper (harper_grammar.py) checks agreement
and repeated words when harper-py is installed; otherwise the rule is skipped with one note.
The adapter (``findings_from_response``) works on LanguageTool's documented JSON response
(``{"matches": [{"message", "offset", "length", "replacements", "rule": {...}}]}``).
"""

from __future__ import annotations

import atexit
import copy
import os
import shutil
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from aislop.checks.prose import harper_grammar
from aislop.checks.prose.rules import GRAMMAR
from aislop.checks.prose.view import ProseView, Unit
from aislop.document import Document
from aislop.model import Finding, Severity
from aislop.registry import Context

RULES = (GRAMMAR,)

SKIP_NOTE = (
    "grammar (AIS113) skipped: no LanguageTool server configured (set languagetool-url), "
    "no local LanguageTool installation found (aislop never downloads it), and no offline "
    "engine (pip install 'aislop-qa[grammar]')."
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
        found = _placed(doc, spans, match.offset, match.error_length, str(match.message), match.replacements,
                        Severity.WARNING if match.rule_issue_type in ("grammar", "misspelling") else None)
        if found is not None:
            yield found


def harper_findings(doc: Document, text: str, spans: list[tuple[int, int, Unit]], dialect: int) -> Iterator[Finding]:
    """Findings of Harper's kept rules (harper_grammar.KEPT_RULES) about ``text``."""
    for name, start, end, message, replacements in harper_grammar.lints(text, dialect):
        where = _in_document(spans, start, end - start)
        if where is None:
            continue
        if name == "RepeatedWords" and " ".join(doc.source[where[0] : where[1]].split()) != " ".join(
                text[start:end].split()):
            continue  # "a call to `init()` to the constructor": the words meet only once code is left out
        if name == "RepeatedWords" and harper_grammar.in_columns(doc.source, *where):
            continue  # "!if   if   ifnot": two cells of a table, whose spacing the checked text folds
        yield _finding(doc, where, f"{message} (Harper: {name})", replacements, Severity.WARNING)


def _placed(doc: Document, spans: list[tuple[int, int, Unit]], offset: int, length: int, message: str,
            replacements: list[str], severity: Severity | None) -> Finding | None:
    where = _in_document(spans, offset, length)
    return None if where is None else _finding(doc, where, message, replacements, severity)


def _in_document(spans: list[tuple[int, int, Unit]], offset: int, length: int) -> tuple[int, int] | None:
    """Where ``offset`` of the checked text (units joined by blank lines) lies in the document,
    through ``spans`` (start in text, end in text, unit)."""
    for start, end, unit in spans:
        if start <= offset < end:
            a = offset - start
            return unit.span(a, min(a + max(length, 1), end - start))
    return None


def _finding(doc: Document, where: tuple[int, int], message: str, replacements: list[str],
             severity: Severity | None) -> Finding:
    suggestions = ", ".join(f"'{r}'" for r in replacements[:3])
    return doc.finding(GRAMMAR, where[0], where[1], message,
                       fix=f"Suggested: {suggestions}." if suggestions else None, severity=severity)


class GrammarUnavailable(Exception):
    """LanguageTool cannot be used for this scan; the message is the note the user reads."""


def findings(doc: Document, view: ProseView, ctx: Context) -> list[Finding]:
    if not ctx.is_enabled(GRAMMAR):
        return []
    options = ctx.options(GRAMMAR)
    text, spans = _joined(view)
    if not text.strip():
        return []
    canned = options.get("canned_response")
    if canned is not None:
        return list(findings_from_response(doc, canned, text, spans, options))
    url = ctx.settings.get("languagetool_url") or ""
    language = options.get("language", "en-US")
    try:
        if not url:
            url = local_server_url(language)
            if url is None:
                dialect = harper_grammar.dialect(language)
                if options.get("harper", True) and dialect is not None and harper_grammar.version():
                    return _with_harper(doc, text, spans, dialect, ctx)
                ctx.note(SKIP_NOTE)
                return []
        response = _server(url).check(text, language)
    except GrammarUnavailable as exc:
        # One note for the scan (notes are deduplicated); every other prose finding of the file
        # stands, and the file's result is not cached, so the next scan asks LanguageTool again.
        ctx.note(str(exc))
        ctx.incomplete = True
        return []
    return list(findings_from_response(doc, response, text, spans, options))


def _with_harper(doc: Document, text: str, spans: list[tuple[int, int, Unit]], dialect: int,
                 ctx: Context) -> list[Finding]:
    version = harper_grammar.version()
    try:
        found = list(harper_findings(doc, text, spans, dialect))
    except BaseException as exc:  # a Rust panic is a BaseException; it must cost grammar only
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        ctx.note(f"grammar (AIS113) skipped: Harper (harper-py {version}) failed ({type(exc).__name__}: {_short(exc)}).")
        return []
    ctx.note(harper_grammar.NOTE.format(version=version))
    return found


class _Server:
    """A LanguageTool HTTP server (``POST /v2/check``). After one failure it is not asked
    again in this process, so a dead server costs one timeout, not one per file."""

    def __init__(self, url: str):
        base = url.rstrip("/")
        self.base = base[: -len("/v2")] if base.endswith("/v2") else base
        self.failure: str | None = None

    def check(self, text: str, language: str) -> dict[str, Any]:
        if self.failure is not None:
            raise GrammarUnavailable(self.failure)
        import json
        import urllib.error
        import urllib.parse
        import urllib.request

        data = urllib.parse.urlencode({"text": text, "language": language}).encode("utf-8")
        request = urllib.request.Request(f"{self.base}/v2/check", data=data, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as reply:
                body = reply.read(MAX_REPLY_BYTES + 1)
        except urllib.error.HTTPError as exc:
            return self._fail(f"answered HTTP {exc.code} {exc.reason}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return self._fail(f"is not reachable ({_short(reason)})")
        try:
            response = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            response = None
        if len(body) > MAX_REPLY_BYTES or not isinstance(response, dict) or not isinstance(response.get("matches"), list):
            return self._fail("answered with something that is not LanguageTool's JSON")
        return response

    def _fail(self, what: str) -> dict[str, Any]:
        self.failure = f"grammar (AIS113) skipped: the LanguageTool server at {self.base} {what}."
        raise GrammarUnavailable(self.failure)


TIMEOUT_S = 30
MAX_REPLY_BYTES = 16 * 2**20


def _short(reason: object) -> str:
    text = str(reason).strip() or type(reason).__name__
    return text if len(text) <= 120 else text[:119] + "…"


@cache
def _server(url: str) -> _Server:
    return _Server(url)


_local: dict[str, Any] = {}


def local_server_url(language: str = "en-US") -> str | None:
    """The URL of a LanguageTool server started from a local installation, once per process
    (the scan starts it in the main process before the workers, which then share it through
    ``languagetool_url``); None when there is none to start. Raises GrammarUnavailable when
    the installation is broken."""
    if "url" in _local or "failure" in _local:
        if "failure" in _local:
            raise GrammarUnavailable(_local["failure"])
        return _local["url"]
    version = _local_version()
    if version is None or shutil.which("java") is None:
        _local["url"] = None
        return None
    try:
        import language_tool_python

        tool = language_tool_python.LanguageTool(language, language_tool_download_version=version)
        url = tool._url  # noqa: SLF001 - the documented server, as language-tool-python started it
    except Exception as exc:  # noqa: BLE001 - Java missing pieces, a corrupt jar, a port clash...
        _local["failure"] = (
            f"grammar (AIS113) skipped: the local LanguageTool {version} could not start "
            f"({type(exc).__name__}: {_short(exc)})."
        )
        raise GrammarUnavailable(_local["failure"]) from None
    _local["tool"], _local["url"] = tool, url
    atexit.register(_close_local)
    return url


def _close_local() -> None:
    tool = _local.pop("tool", None)
    if tool is not None:
        try:
            tool.close()
        except Exception:  # noqa: BLE001 - best-effort cleanup at exit
            pass


def shared_setup(settings: dict[str, Any], rule_options: Mapping[str, Mapping[str, Any]],
                 enabled: frozenset[str]) -> None:
    """The prose check's ``shared_setup`` hook: one local LanguageTool server for the whole scan,
    when grammar runs without a URL (and is not answered by a canned response)."""
    if not enabled or GRAMMAR.code in enabled:
        options = {**GRAMMAR.options, **rule_options.get(GRAMMAR.code, {})}
        if options.get("canned_response") is None:
            shared_settings(settings, options.get("language", "en-US"))


def shared_settings(settings: dict[str, Any], language: str = "en-US") -> None:
    """Before workers start: point ``languagetool_url`` at one local server for the whole scan,
    or record the skip note once. Does nothing when a server URL is configured."""
    if settings.get("languagetool_url"):
        return
    try:
        url = local_server_url(language)
    except GrammarUnavailable:
        return  # each file notes it (one deduplicated note) and keeps its other findings
    if url:
        settings["languagetool_url"] = url


def _joined(view: ProseView) -> tuple[str, list[tuple[int, int, Unit]]]:
    parts, spans, pos = [], [], 0
    for unit in view.units:
        if unit.pseudo_heading:
            continue
        parts.append(unit.text)
        spans.append((pos, pos + len(unit.text), unit))
        pos += len(unit.text) + 2
    return "\n\n".join(parts), spans


def _local_version() -> str | None:
    """The version of an already unpacked LanguageTool in language-tool-python's cache."""
    root = Path(os.environ.get("LTP_PATH", Path.home() / ".cache" / "language_tool_python"))
    if not root.is_dir():
        return None
    versions = sorted(p.name.split("-", 1)[1] for p in root.glob("LanguageTool-*") if p.is_dir())
    return versions[-1] if versions else None
