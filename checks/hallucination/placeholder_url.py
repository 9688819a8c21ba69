"""placeholder-url: placeholder or local-only addresses (yourwebsite.com, example.com where a
reader is sent, localhost) in prose, and placeholder hosts in the strings of shipped code."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.hallucination.in_code import CodeText
from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import PLACEHOLDER_URL
from aislop.checks.hallucination.text import doc_urls, inside_quotes, sentence_at, snippet
from aislop.checks.hallucination.urls import LOCAL_HOST, PLACEHOLDER_HOST, SLOT_IN_BRACKETS, YOUR_SLOT, host_of
from aislop.checks.text.technical import in_command
from aislop.document import URL_RE, Document
from aislop.model import Finding
from aislop.registry import Context

RULES = (PLACEHOLDER_URL,)

_MAIN_GUARD = re.compile(r"^if\s+__name__\s*==\s*[\"']__main__[\"']\s*:", re.M)
_TEST_FILE = re.compile(r"(?:^|/)(?:tests?|testing|fixtures?)/|(?:^|/)(?:test_[^/]*|[^/]*_test|conftest)\.py$")
_PLACEHOLDER_IN_TEXT = re.compile(
    rf"(?i)(?<![\w.@-])(?:[\w.+-]+@)?(?:[\w-]+\.)*(?:example\.(?:com|org|net|edu)|{YOUR_SLOT}\.[a-z]{{2,6}}|"
    r"(?:your)?companyname\.[a-z]{2,6})\b"
    rf"|(?:https?://)?(?:www\.)?{SLOT_IN_BRACKETS}\.(?:com|org|net|io|co)\b"
)
# Every match of _PLACEHOLDER_IN_TEXT contains a match of this cheap pattern (which starts
# with a literal, so it scans fast); the full pattern is slow on plain text.
_PLACEHOLDER_HINT = re.compile(rf"(?i)example\.|companyname\.|\]\.|{YOUR_SLOT}\.")
_EXAMPLE_HOST = re.compile(r"(?i)^(?:[\w-]+\.)*example(?:\.(?:com|org|net|edu))?(?::\d+)?$")
# example.com is the documented stand-in in technical writing; in a deliverable it sits in a
# call to action ("see our guide at https://example.com/…").
_CALL_TO_ACTION = re.compile(
    r"(?i)\b(?:our|visit|see|learn more|read more|find out|more (?:information|details)|full (?:guide|details|report)|"
    r"click|download|sign up|register|book|contact|email us|write to us|reach (?:us|out)|website|site|portfolio|"
    r"subscribe|apply|order|shop|buy)\b"
)
_EXAMPLE_CONTEXT = re.compile(
    r"(?i)\b(?:e\.g\.|for example|for instance|such as|something like|example|sample|suppose|placeholder|dummy|fake|pattern|"
    r"config|configuration|option|setting|syntax|format)\b"
)
# Where a deliverable says a thing of its own lives: "the full survey sits at https://example.com/…",
# "Source: example.org/report", "the map is at ...".
_LOCATION_CUE = re.compile(
    r"(?i)(?:\b(?:sits?|lives?|is|are|hosted|available|published|posted|found|online|kept|stored|uploaded|"
    r"listed|shared)\s+(?:\w+\s+)?(?:at|on)|\b(?:source|sources|data|dataset|report|survey|download)\s*:)\s*$"
)
# Words of technical writing, where example.com is the documented stand-in.
_TECHNICAL_WORDS = re.compile(
    r"(?i)\b(?:server|request|requests|redirect\w*|relative|resolve\w*|links?|proxy|host|hostname|domain|dns|"
    r"endpoint|api|header|cookie|configure\w*|port|reserved|rfc|url|urls|uri|path|directory|http|https|"
    r"client|fetch\w*|curl|wget|mirror|repository|repo|package|install\w*|command|script|returns?)\b"
)
_LOCAL_DEV_WORDS = re.compile(
    r"(?i)\b(?:local|locally|run|running|server|start|dev|development|browser|port|test|testing|machine|computer)\b"
)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    if not ctx.is_enabled(PLACEHOLDER_URL):
        return
    if reading.doc.kind == "code":
        yield from code_placeholder_urls(reading.doc, reading.code_texts)
    else:
        yield from placeholder_url_findings(reading.doc)


def placeholder_url_findings(doc: Document) -> Iterator[Finding]:
    taken: list[tuple[int, int]] = []
    for a, b in doc_urls(doc):
        url = doc.source[a:b]
        if _is_placeholder_address(doc, host_of(url), a, b):
            taken.append((a, b))
            yield doc.finding(PLACEHOLDER_URL, a, b, _placeholder_message(url, host_of(url)), matched=url)
    for match in _placeholders_in_text(doc.text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        host = match.group().split("@")[-1]
        if _is_placeholder_address(doc, re.sub(r"(?i)^https?://", "", host), match.start(), match.end()):
            yield doc.finding(PLACEHOLDER_URL, match.start(), match.end(), _placeholder_message(match.group(), host))


def _placeholders_in_text(text: str) -> Iterator[re.Match]:
    """The matches of _PLACEHOLDER_IN_TEXT, from only the lines that hold a hint: a match never
    crosses a line and always contains a hint, and the full pattern is slow on plain text."""
    end = -1
    for hint in _PLACEHOLDER_HINT.finditer(text):
        if hint.start() < end:
            continue  # on a line scanned already
        start = text.rfind("\n", 0, hint.start()) + 1
        end = text.find("\n", hint.end())
        end = len(text) if end < 0 else end + 1  # the newline too: "\b" at the line's end sees it
        yield from _PLACEHOLDER_IN_TEXT.finditer(text, start, end)


def _is_placeholder_address(doc: Document, host: str, at: int, end: int) -> bool:
    """yourwebsite.com always; example.com and localhost only where a reader is sent to them."""
    local = LOCAL_HOST.match(host)
    if not local and not PLACEHOLDER_HOST.match(host):
        return False
    if not local and not _EXAMPLE_HOST.match(host):
        return True
    block = doc.block_at(at)
    if block is None or inside_quotes(doc.text, block.start, at) or in_command(doc.text, at, end):
        return False  # quoted, or an argument in a command: an example, as RFC 2606 intends
    if doc.source[at - 1 : at] == "<" and re.search(r"[A-Z][\w.'-]*[ \t]+$", doc.source[max(0, at - 40) : at - 1]):
        return False  # "LoSh <losh@example.com>": a contributor credited in a list of names
    a, b = sentence_at(doc.text, block, at)
    # The sentence without the address (nor the address again as a link's text).
    around = URL_RE.sub(" ", doc.text[a:at] + " " + doc.text[end:b])
    if _EXAMPLE_CONTEXT.search(around):
        return False
    if _CALL_TO_ACTION.search(around):
        return not (local and _LOCAL_DEV_WORDS.search(around))
    # Not a call to action: a deliverable pointing at where its own material lives.
    before = re.sub(r"<[^>]*(?:>|$)", "", doc.source[a:at]) if doc.format == "html" else doc.text[a:at]
    return not local and bool(_LOCATION_CUE.search(before)) and not _TECHNICAL_WORDS.search(around)


def _placeholder_message(address: str, host: str) -> str:
    if LOCAL_HOST.match(host):
        return f'"{snippet(address)}" only works on the author\'s computer: replace it with the public address.'
    return f'"{snippet(address)}" is a placeholder address: replace it with the real one, or remove it.'


def code_placeholder_urls(doc: Document, pieces: list[CodeText]) -> Iterator[Finding]:
    """``"https://api.example.com"`` in a string of shipped code (tests may use example.com)."""
    if _TEST_FILE.search(doc.relpath.replace("\\", "/")):
        return
    demo = _MAIN_GUARD.search(doc.source)  # demo code under `if __name__ == "__main__":`
    for piece in pieces:
        if piece.kind != "string" or (demo and piece.start > demo.start()):
            continue
        for match in URL_RE.finditer(doc.source, piece.start, piece.end):
            if PLACEHOLDER_HOST.match(host_of(match.group())):
                yield doc.finding(
                    PLACEHOLDER_URL, match.start(), match.end(),
                    f'"{snippet(match.group())}" is a placeholder address in code: point it at the real '
                    "service, or read it from configuration.",
                )
