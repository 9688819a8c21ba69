"""Addresses in prose: malformed DOIs (invalid-doi) and placeholder or local-only addresses
(placeholder-url). The patterns are shared with the code and link checks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.hallucination.rules import INVALID_DOI, PLACEHOLDER_URL
from aislop.checks.hallucination.text import doc_urls, in_prose, inside_quotes, sentence_at, snippet
from aislop.checks.text.technical import in_command
from aislop.document import URL_RE, Document
from aislop.model import Finding

DOI_CANDIDATE = re.compile(r"(?i)(?:\bdoi\b\s*:?\s*(?=\d)|\b(?:dx\.)?doi\.org/)(?P<doi>[^\s<>\"'\]\[)(]+)")
VALID_DOI = re.compile(r"10\.\d{4,9}/\S+")
# The slot words of template addresses (your-website.com, yourcompanyname.io), spelled once.
_SLOT_WORDS = "website|site|domain|company|companyname|business|brand|blog|store|shop|url|link|page|name|portfolio"
_YOUR_SLOT = rf"your[-_]?(?:[a-z]+[-_])?(?:{_SLOT_WORDS})"
PLACEHOLDER_HOST = re.compile(
    rf"(?i)^(?:[\w-]+\.)*(?:example\.(?:com|org|net|edu)|example|{_YOUR_SLOT}\.[a-z]{{2,6}}|(?:your)?companyname\.[a-z]{{2,6}}|"
    r"\[[^\]]+\]\.[a-z]{2,6})(?::\d+)?$"
)
LOCAL_HOST = re.compile(r"(?i)^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d+)?$")
_PLACEHOLDER_IN_TEXT = re.compile(
    rf"(?i)(?<![\w.@-])(?:[\w.+-]+@)?(?:[\w-]+\.)*(?:example\.(?:com|org|net|edu)|{_YOUR_SLOT}\.[a-z]{{2,6}}|"
    r"(?:your)?companyname\.[a-z]{2,6})\b"
    r"|(?:https?://)?(?:www\.)?\[[^\]\n]+\]\.(?:com|org|net|io|co)\b"
)
# Every match of _PLACEHOLDER_IN_TEXT contains a match of this cheap pattern (which starts
# with a literal, so it scans fast); the full pattern is slow on plain text.
_PLACEHOLDER_HINT = re.compile(rf"(?i)example\.|companyname\.|\]\.|{_YOUR_SLOT}\.")
_EXAMPLE_HOST = re.compile(r"(?i)^(?:[\w-]+\.)*example(?:\.(?:com|org|net|edu))?(?::\d+)?$")
# example.com is the documented stand-in in technical writing; in a deliverable it sits in a
# call to action ("see our guide at https://example.com/…").
_CALL_TO_ACTION = re.compile(
    r"(?i)\b(?:our|visit|see|learn more|read more|find out|more (?:information|details)|full (?:guide|details|report)|"
    r"click|download|sign up|register|book|contact|email us|write to us|reach (?:us|out)|website|site|portfolio|"
    r"subscribe|apply|order|shop|buy)\b"
)
_EXAMPLE_CONTEXT = re.compile(
    r"(?i)\b(?:e\.g\.|for example|for instance|such as|example|sample|suppose|placeholder|dummy|fake|pattern|"
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


def host_of(url: str) -> str:
    rest = re.sub(r"(?i)^[a-z][\w+.-]*://", "", url)
    rest = rest.split("@", 1)[-1] if "@" in rest.split("/", 1)[0] else rest
    return re.split(r"[/?#]", rest, maxsplit=1)[0]


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


def placeholder_url_findings(doc: Document) -> Iterator[Finding]:
    taken: list[tuple[int, int]] = []
    for a, b in doc_urls(doc):
        url = doc.source[a:b]
        if _is_placeholder_address(doc, host_of(url), a, b):
            taken.append((a, b))
            yield doc.finding(PLACEHOLDER_URL, a, b, _placeholder_message(url, host_of(url)), matched=url)
    if not _PLACEHOLDER_HINT.search(doc.text):
        return
    for match in _PLACEHOLDER_IN_TEXT.finditer(doc.text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        host = match.group().split("@")[-1]
        if _is_placeholder_address(doc, re.sub(r"(?i)^https?://", "", host), match.start(), match.end()):
            yield doc.finding(PLACEHOLDER_URL, match.start(), match.end(), _placeholder_message(match.group(), host))


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
