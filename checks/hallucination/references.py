"""Reference lists checked against the world: ISBN check digits, arXiv and PubMed identifier
forms (offline, always), and with --online each entry looked up in Crossref and OpenAlex
(unverified-reference, reference-mismatch). The JSON report gets a ``references`` block per
file saying what each entry matched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

from aislop.checks.hallucination.citations import Citations, Entry
from aislop.checks.hallucination.identifiers import identifier_findings
from aislop.checks.hallucination.reference_match import Verdict, sources_of, verify
from aislop.checks.hallucination.reference_parse import Reference, parse_reference
from aislop.checks.hallucination.rules import _rule
from aislop.checks.hallucination.scholarly import JsonClient, polite_user_agent
from aislop.checks.hallucination.text import snippet
from aislop.document import Document
from aislop.model import Example, Finding, Severity
from aislop.registry import Check, Context


# ============================================================================ examples' stand-in
# The online rules' examples talk to a loopback stand-in of Crossref and OpenAlex (see
# aislop.scholarly_standin) that knows one real article, answered in Crossref's JSON shape.
_DEEP_LEARNING = {
    "DOI": "10.1038/nature14539", "type": "journal-article", "title": ["Deep learning"],
    "author": [{"given": "Yann", "family": "LeCun", "sequence": "first", "affiliation": []},
               {"given": "Yoshua", "family": "Bengio", "sequence": "additional", "affiliation": []},
               {"given": "Geoffrey", "family": "Hinton", "sequence": "additional", "affiliation": []}],
    "container-title": ["Nature"], "volume": "521", "issue": "7553", "page": "436-444",
    "issued": {"date-parts": [[2015, 5, 27]]}, "published-print": {"date-parts": [[2015, 5, 28]]},
}


@cache
def _example_standin() -> Any:
    from aislop.scholarly_standin import ScholarlyStandIn  # examples only: never loaded by a scan

    return ScholarlyStandIn({"crossref": {"works": [_DEEP_LEARNING]}, "openalex": {"works": []}}).start()


class StandInSettings(Mapping):
    """Top-level settings that point a scan at the examples' stand-in, started on first read
    (so that merely loading the rules opens no socket)."""

    def _data(self) -> dict[str, Any]:
        standin = _example_standin()
        return {"online": True, "crossref_url": standin.url("crossref"), "openalex_url": standin.url("openalex"),
                "mailto": "examples@aislop.invalid"}

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def __iter__(self):
        return iter(("online", "crossref_url", "openalex_url", "mailto"))

    def __len__(self) -> int:
        return 4


def _online(text: str) -> Example:
    return Example(text=text, settings=StandInSettings())


_REAL = ("# Review\n\nDeep networks learn features from raw data [1].\n\n## References\n\n"
         "[1] LeCun, Y., Bengio, Y., & Hinton, G. ({year}). {title}. Nature, 521(7553), 436-444. "
         "https://doi.org/{doi}\n")

INVALID_ISBN = _rule(
    "AIS220", "invalid-isbn", Severity.ERROR, 0.9, 2, 5,
    summary="An ISBN whose check digit (or length) is wrong.",
    why="The last digit of an ISBN is computed from the others, so a wrong one means the number was "
    "mistyped or made up; a reader who looks the book up finds nothing, or another book.",
    fix="Copy the ISBN from the publisher's page or a library catalogue, or remove it.",
    triggers=(
        "# Reading\n\n## References\n\nMarlowe, P. (2019). The quiet ledger. Harborview Press. ISBN 978-1-4028-9462-7\n",
        "# Sources\n\nGoodfellow, I. (2016). Deep learning. MIT Press. ISBN 0-262-03561-9.\n",
    ),
    clean=(
        "# Sources\n\nGoodfellow, I. (2016). Deep learning. MIT Press. ISBN 978-0-262-03561-3 (ISBN-10 0262035618).\n",
        "# Stock\n\nOrder number 978-1-4028-9462-7 ships on Monday; the barcode label reads ISBN pending.\n",
    ),
)

INVALID_ARXIV_ID = _rule(
    "AIS221", "invalid-arxiv-id", Severity.ERROR, 0.85, 2, 5,
    summary="An arXiv identifier that cannot exist (month 13, wrong number of digits, unknown archive).",
    why="arXiv identifiers encode the month of submission and a fixed-width number; one that breaks "
    "the scheme was mistyped or invented, and its link leads nowhere.",
    fix="Copy the identifier from the paper's arXiv page, or remove it.",
    triggers=(
        "# Related work\n\nSee Chen et al., arXiv:2313.04521, for a survey.\n",
        "# Sources\n\n- Kingma, D. P., & Ba, J. (2014). Adam. https://arxiv.org/abs/1412.69801\n",
    ),
    clean=(
        "# Sources\n\n- Kingma & Ba, arXiv:1412.6980; Vaswani et al., arXiv:1706.03762v5; Witten, hep-th/9802150 "
        "(arXiv:hep-th/9802150).\n",
    ),
)

INVALID_PMID = _rule(
    "AIS222", "invalid-pmid", Severity.ERROR, 0.85, 2, 5,
    summary="A PubMed ID that is not a number of 1 to 8 digits.",
    why="PubMed IDs are plain numbers of at most eight digits; anything else was mistyped or invented, "
    "and a reader who searches PubMed for it finds nothing.",
    fix="Copy the PMID from the article's PubMed record, or remove it.",
    triggers=("# Sources\n\n1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521:436-44. PMID: 260174422\n",),
    clean=("# Sources\n\n1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521:436-44. PMID: 26017442\n",),
)

UNVERIFIED_REFERENCE = _rule(
    "AIS223", "unverified-reference", Severity.WARNING, 0.7, 2, 15,
    summary="No source (Crossref, OpenAlex) knows a work with this title and first author (checked only with --online).",
    why="Chat models invent plausible references (real journals, plausible authors, well-formed DOIs); "
    "published audits found between 18% and 55% of the references they write fabricated. An entry "
    "that no bibliographic database knows is a lead to verify, not proof: books, reports and very new "
    "papers are sometimes missing from both.",
    fix="Find the work (library catalogue, publisher, Google Scholar); correct the entry from the source, "
    "or remove it and the claims that rest on it.",
    options={"timeout": 10.0, "concurrency": 3, "retries": 3},
    triggers=(
        _online("# Review\n\nMarmots store microplastics in fat [1].\n\n## References\n\n"
                "[1] Okafor, L., & Brandt, M. (2021). Microplastic accumulation in alpine marmot populations. "
                "Journal of Alpine Ecology, 14(3), 201-219. https://doi.org/10.5555/jae.2021.0143\n"),
        _online("# Review\n\nDeep networks model reef recovery (Lindqvist, 2020).\n\n## References\n\n"
                "Lindqvist, H. (2020). Deep learning for coral reef recovery forecasting. Marine Informatics, 3, 1-12.\n"),
    ),
    clean=(
        _online(_REAL.format(year=2015, title="Deep learning", doi="10.1038/nature14539")),
        # Offline (the default) nothing is looked up.
        "# Review\n\nMarmots store microplastics in fat [1].\n\n## References\n\n"
        "[1] Okafor, L. (2021). Microplastic accumulation in alpine marmots. https://doi.org/10.5555/jae.2021.0143\n",
    ),
)

REFERENCE_MISMATCH = _rule(
    "AIS224", "reference-mismatch", Severity.WARNING, 0.8, 2, 5,
    summary="The cited work exists but the entry is wrong: its DOI belongs to another title, or the year or first "
    "author differ (checked only with --online).",
    why="A reference with the wrong DOI, year or author sends the reader to another work or to nothing; "
    "an invented title hung on a real DOI is a common shape of fabricated reference.",
    fix="Copy the registered metadata given in the message into the entry, or, if the cited title was "
    "not the registered one, find the work actually meant.",
    triggers=(
        _online(_REAL.format(year=2015, title="Neural pathways of coral reef resilience", doi="10.1038/nature14539")),
        _online(_REAL.format(year=2009, title="Deep learning", doi="10.1038/nature14539")),
    ),
    clean=(
        # Online-first and print years differ by one: not a mismatch.
        _online(_REAL.format(year=2016, title="Deep learning", doi="10.1038/nature14539")),
        "# Review\n\n## References\n\n[1] LeCun, Y. (2009). Neural pathways. Nature. https://doi.org/10.1038/nature14539\n",
    ),
)

ONLINE_RULES = (UNVERIFIED_REFERENCE, REFERENCE_MISMATCH)


# ============================================================================ the check
class ReferenceCheck(Check):
    """invalid-isbn, invalid-arxiv-id, invalid-pmid always; the lookups only with --online."""

    rules = (INVALID_ISBN, INVALID_ARXIV_ID, INVALID_PMID, UNVERIFIED_REFERENCE, REFERENCE_MISMATCH)
    kinds = frozenset({"prose"})

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        yield from identifier_findings(
            doc, *(rule if ctx.is_enabled(rule) else None for rule in (INVALID_ISBN, INVALID_ARXIV_ID, INVALID_PMID))
        )
        if not ctx.settings.get("online") or not any(ctx.is_enabled(rule) for rule in ONLINE_RULES):
            return
        yield from check_references(doc, ctx, ctx.options(UNVERIFIED_REFERENCE))


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
