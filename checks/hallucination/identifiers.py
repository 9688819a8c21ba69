"""Identifiers checked for form offline: ISBN check digits (invalid-isbn), arXiv identifiers
(invalid-arxiv-id) and PubMed IDs (invalid-pmid). A wrong check digit or an impossible
month is a typing slip at best and an invented identifier at worst; neither needs the network
to spot.

The pure functions (``isbn_problem``, ``arxiv_problem``, ``pmid_problem``) are also used by the
online reference check to read the identifiers of an entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import INVALID_ARXIV_ID, INVALID_ISBN, INVALID_PMID
from aislop.checks.hallucination.text import doc_urls, in_prose, snippet
from aislop.document import Document
from aislop.model import Finding, Rule
from aislop.registry import Context

RULES = (INVALID_ISBN, INVALID_ARXIV_ID, INVALID_PMID)

# "ISBN 978-0-262-03561-3", "ISBN-13: 9780262035613", "ISBN 0 262 03561 8", "isbn:026203561X".
ISBN_CANDIDATE = re.compile(r"(?i)\bISBN(?:-?1[03])?\s*(?:[:#]\s*)?(?P<isbn>\d[\d\u2010\u2011\u2013 -]{7,20}[\dX])(?![\w-])")
# "arXiv:2106.09685v2", "arXiv: hep-th/9901001", "arxiv.org/abs/1706.03762", "arxiv.org/pdf/1706.03762v5".
ARXIV_CANDIDATE = re.compile(
    r"(?i)(?:\barXiv\s*:\s*|\barxiv\.org/(?:abs|pdf)/)(?P<id>[A-Za-z][\w.-]*/[\w.]+|[\d.]+\w*)"
)
_ARXIV_NEW = re.compile(r"(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d+)(?:v\d+)?(?:\.pdf)?")
_ARXIV_OLD = re.compile(r"(?P<archive>[a-z][a-z-]*(?:\.[A-Z]{2})?)/(?P<yy>\d{2})(?P<mm>\d{2})(?P<num>\d+)(?:v\d+)?")
# The archives of the old scheme (before April 2007).
_OLD_ARCHIVES = frozenset(
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas cond-mat cs "
    "dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph mtrl-th nlin nucl-ex nucl-th patt-sol "
    "physics plasm-ph q-alg q-bio quant-ph solv-int supr-con".split()
)
PMID_CANDIDATE = re.compile(r"(?i)\b(?:PMID|PubMed\s+ID)\s*[:#]?\s*(?P<id>[^\s,;)\]]+)")


def isbn_digits(raw: str) -> str:
    return re.sub(r"[\s\u2010\u2011\u2013-]", "", raw).upper()


def isbn_problem(raw: str) -> str | None:
    """Why this ISBN cannot be a real one, or None when its check digit is right."""
    digits = isbn_digits(raw)
    if len(digits) == 10 and re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        if total % 11:
            expected = (11 - sum((10 - i) * int(c) for i, c in enumerate(digits[:9])) % 11) % 11
            return f"the ISBN-10 check digit should be {'X' if expected == 10 else expected}, not {digits[-1]}"
        return None
    if len(digits) == 13 and digits.isdigit():
        if not digits.startswith(("978", "979")):
            return "an ISBN-13 starts with 978 or 979"
        expected = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits[:12])) % 10) % 10
        if expected != int(digits[-1]):
            return f"the ISBN-13 check digit should be {expected}, not {digits[-1]}"
        return None
    return f"an ISBN has 10 or 13 digits, this one has {len(re.sub(r'[^0-9X]', '', digits))}"


def arxiv_problem(ident: str) -> str | None:
    """Why this is not a well-formed arXiv identifier, or None."""
    ident = ident.rstrip(".,;:")
    new = _ARXIV_NEW.fullmatch(ident)
    if new:
        yy, mm, num = int(new.group("yy")), int(new.group("mm")), new.group("num")
        if not 1 <= mm <= 12:
            return f"month {new.group('mm')} does not exist (an arXiv identifier reads YYMM.NNNNN)"
        if yy * 100 + mm < 704:
            return "the YYMM.NNNN scheme began in April 2007 (older papers read archive/YYMMNNN)"
        width = 4 if yy * 100 + mm <= 1412 else 5
        if len(num) != width:
            return f"papers of 20{yy:02d}-{mm:02d} carry a {width}-digit number after the dot, not {len(num)}"
        return None
    old = _ARXIV_OLD.fullmatch(ident)
    if old:
        archive = old.group("archive").split(".")[0]
        yy, mm = int(old.group("yy")), int(old.group("mm"))
        if archive not in _OLD_ARCHIVES:
            return f'"{archive}" is not an arXiv archive'
        if not 1 <= mm <= 12:
            return f"month {old.group('mm')} does not exist"
        if not (yy >= 91 or yy <= 7):
            return "the archive/YYMMNNN scheme ran from 1991 to March 2007"
        if len(old.group("num")) != 3:
            return "an old-style arXiv identifier has three digits after YYMM"
        return None
    return "an arXiv identifier reads YYMM.NNNNN (since 2007) or archive/YYMMNNN"


def pmid_problem(ident: str) -> str | None:
    """Why this is not a well-formed PubMed ID (1 to 8 digits), or None."""
    ident = ident.rstrip(".,;:")
    if not ident.isdigit():
        return "a PubMed ID is a number of 1 to 8 digits"
    if len(ident) > 8:
        return f"a PubMed ID has at most 8 digits, this one has {len(ident)}"
    if int(ident) == 0:
        return "PubMed IDs start at 1"
    return None


def _visible(doc: Document, at: int) -> bool:
    return bool(doc.text[at : at + 1].strip()) and in_prose(doc, at)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    """The three identifier forms, one scan of the source each (rules switched off are skipped)."""
    yield from identifier_findings(reading.doc, *(rule if ctx.is_enabled(rule) else None for rule in RULES))


def identifier_findings(doc: Document, isbn: Rule | None, arxiv: Rule | None, pmid: Rule | None) -> Iterator[Finding]:
    """Findings for malformed identifiers in the prose of ``doc`` (rules set to None are skipped)."""
    source = doc.source
    if isbn is not None and "isbn" in source.lower():
        for m in ISBN_CANDIDATE.finditer(source):
            if not _visible(doc, m.start()):
                continue
            problem = isbn_problem(m.group("isbn"))
            if problem:
                yield doc.finding(
                    isbn, m.start(), m.end(),
                    f'"{snippet(m.group())}" is not a valid ISBN ({problem}): copy it from the publisher\'s '
                    "page or a library catalogue, or remove it.",
                    matched=m.group(),
                )
    if arxiv is not None and "arxiv" in source.lower():
        for m in ARXIV_CANDIDATE.finditer(source):
            at = m.start()
            if not (_visible(doc, at) or _in_url(doc, at)):
                continue
            problem = arxiv_problem(m.group("id"))
            if problem:
                shown = source[at : m.start("id") + len(m.group("id").rstrip(".,;:"))]
                yield doc.finding(
                    arxiv, at, at + len(shown),
                    f'"{snippet(shown)}" is not a valid arXiv identifier ({problem}): copy it from the '
                    "paper's arXiv page, or remove it.",
                    matched=shown,
                )
    if pmid is not None and ("pmid" in source.lower() or "pubmed" in source.lower()):
        for m in PMID_CANDIDATE.finditer(source):
            if not _visible(doc, m.start()):
                continue
            problem = pmid_problem(m.group("id"))
            if problem:
                shown = m.group().rstrip(".,;:")
                yield doc.finding(
                    pmid, m.start(), m.start() + len(shown),
                    f'"{snippet(shown)}" is not a valid PubMed ID ({problem}): copy it from the PubMed '
                    "record, or remove it.",
                    matched=shown,
                )


def _in_url(doc: Document, at: int) -> bool:
    return any(a <= at < b for a, b in doc_urls(doc))
