"""Hallucination markers (AIS2xx): invented sources, template leftovers and assistant chatter.

These are the defects that embarrass a freelancer most when a client finds them: a citation
that points nowhere, "[Company]" left in a proposal, "Sure! Here's a draft…" above the text.
Phrase lists live in ``hallucination.toml`` (each entry with a why and a fix) and are
compiled once per process into one regex per pack.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import re
import tempfile
import threading
import time
import tokenize
import tomllib
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from aislop.checks import phrases as phrases_mod
from aislop.document import Block, Document
from aislop.model import Example, Finding, Rule, Severity
from aislop.registry import Check, Context

FAMILY = "hallucination"

# ============================================================================ phrase packs


@dataclass(frozen=True)
class Phrase:
    pattern: str
    why: str
    fix: str
    strong: bool = True
    at_start: bool = False
    on_source: bool = False


class PhrasePack:
    """Many phrases compiled into one fast scan (checks/phrases.py)."""

    def __init__(self, phrases: list[Phrase]):
        self.phrases = phrases
        self._pack = phrases_mod.PhrasePack([p.pattern for p in phrases], re.IGNORECASE)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[re.Match, Phrase]]:
        for match, index in self._pack.finditer(text, start, end):
            yield match, self.phrases[index]


@dataclass(frozen=True)
class Packs:
    text: dict[str, PhrasePack]
    source: dict[str, PhrasePack]
    chat_context: re.Pattern


@cache
def packs() -> Packs:
    """Load ``hallucination.toml`` once per process."""
    data = tomllib.loads((files("aislop.checks") / "hallucination.toml").read_text(encoding="utf-8"))
    text: dict[str, PhrasePack] = {}
    source: dict[str, PhrasePack] = {}
    for name in ("chat-leftover", "ai-disclosure", "citation-artifact", "placeholder-text", "vague-attribution",
                 "statistic-cue"):
        phrases = [
            Phrase(
                pattern=entry["pattern"],
                why=entry["why"],
                fix=entry["fix"],
                strong=entry.get("strength", "strong") == "strong",
                at_start=entry.get("at") == "start",
                on_source=bool(entry.get("source")),
            )
            for entry in data[name]
        ]
        text[name] = PhrasePack([p for p in phrases if not p.on_source])
        source[name] = PhrasePack([p for p in phrases if p.on_source])
    return Packs(text, source, re.compile(data["chat-context"]["pattern"], re.IGNORECASE))


# ============================================================================ text helpers
_ABBREVIATIONS = frozenset(
    "al e.g i.e etc vs dr mr mrs ms prof st no fig figs approx eq ca cf ed eds vol pp p inc ltd co corp jr sr u.s".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"“'‘(\[]?[A-Z0-9])")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans, not breaking after "et al." or "e.g."."""
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        word = re.search(r"([\w.]+)$", text[begin : match.start()])
        token = (word.group(1) if word else "").lower().rstrip(".")
        if match.group().startswith(".") and (token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token)):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return spans


def sentence_at(text: str, block: Block, offset: int) -> tuple[int, int]:
    for a, b in sentences(text, block.start, block.end):
        if a <= offset < b:
            return a, b
    return block.start, block.end


def inside_quotes(text: str, start: int, offset: int) -> bool:
    """Whether ``offset`` lies inside "…" or “…” that opened after ``start`` (dialogue)."""
    depth, straight = 0, False
    for ch in text[start:offset]:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def in_prose(doc: Document, offset: int) -> bool:
    """Whether ``source[offset]`` is prose (inside a block, not in an inline code span)."""
    block = doc.block_at(offset)
    if block is None:
        return False
    return not any(
        block.start + m.start() <= offset < block.start + m.end()
        for m in _CODE_SPAN.finditer(doc.source, block.start, block.end)
    )


def snippet(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# ============================================================================ rules
def _rule(code: str, name: str, severity: Severity, confidence: float, visibility: int, effort: float, **kw) -> Rule:
    return Rule(code=code, name=name, family=FAMILY, severity=severity, confidence=confidence,
                visibility=visibility, effort_minutes=effort, **kw)


CHAT_LEFTOVER = _rule(
    "AIS207", "chat-leftover", Severity.ERROR, 0.9, 3, 1,
    summary="Assistant chatter addressed to the requester was left in the deliverable.",
    why="Lines like \"Sure! Here's a draft…\" or \"Let me know if you'd like me to…\" speak to the "
    "person who asked for the text, not to its reader; a client who sees one knows the text was "
    "pasted without a read-through.",
    fix="Delete the chatter; keep only the text meant for the reader.",
    triggers=(
        "Sure! Here's a draft introduction for your white paper that you can adapt:\n\n"
        "# Securing the Small Business\n\nSmall firms are a target for attackers.\n",
        "# Protein basics\n\nMost adults need about 0.8 g per kilogram a day.\n\n"
        "I hope this helps! Let me know if you'd like me to adjust the tone for your audience.\n",
        "Here's a polished version of the proposal based on the notes you shared:\n\n# Proposal\n\nDear Ms. Lee,\n",
    ),
    clean=(
        "# Chapter 3\n\n\"Sure, I can help,\" she said, and handed him the map.\n\n"
        "> Certainly! Here's the key, he wrote in his last letter.\n",
        "# About us\n\nOur plumbers answer the phone day and night. Feel free to call us any time, "
        "and let me know if you have any questions about your quote.\n",
        "# Release checklist\n\nHere's what you need to know before the launch:\n\n- Tag the release.\n",
    ),
)

AI_DISCLOSURE = _rule(
    "AIS206", "ai-disclosure", Severity.ERROR, 0.95, 3, 2,
    summary="The writing assistant's self-description or knowledge-cutoff caveat is in the text.",
    why="\"As an AI language model…\" or \"As of my last knowledge update…\" tells the reader the "
    "text was not checked, and the caveat usually sits next to facts that need checking.",
    fix="Check the nearby facts against a current source and delete the sentence.",
    triggers=(
        "# Ocean acidification\n\nAs of my knowledge cutoff, the latest assessment projected further declines.\n",
        "# Tools\n\n> **Note:** As an AI, I can't browse the web or check live pricing pages.\n",
    ),
    clean=(
        "# Our team\n\nAs an AI researcher, Dana has published widely on speech recognition.\n",
        "# Chatbots\n\nThe bot replied, \"As an AI language model, I cannot do that,\" which annoyed users.\n",
    ),
)

CITATION_ARTIFACT = _rule(
    "AIS204", "citation-artifact", Severity.ERROR, 0.98, 3, 2,
    summary="Citation debris from a chatbot answer (oaicite, turn0search0, 【4†source】, utm_source=chatgpt.com).",
    why="These codes are how a chat interface draws its source buttons; pasted into a document they "
    "show up as gibberish and point to nothing.",
    fix="Delete the code and cite the actual source, or drop the claim.",
    triggers=(
        "# Market update\n\nSales grew in the third quarter. :contentReference[oaicite:0]{index=0}\n",
        "# Notes\n\nThe law took effect in 2021 citeturn0search3 and applies to all firms.\n",
        "# Links\n\nSee [the report](https://www.example.org/report?utm_source=chatgpt.com) for details.\n",
    ),
    clean=(
        "# Citing sources\n\nWe cite every claim with a numbered reference [1].\n\n## References\n\n"
        "[1] Smith, J. (2020). A study. Journal, 1(2), 3-4.\n",
        "# Tracking\n\nTag campaign links with `utm_source=newsletter` so that analytics can count them.\n",
    ),
)

PLACEHOLDER_TEXT = _rule(
    "AIS205", "placeholder-text", Severity.ERROR, 0.9, 3, 2,
    summary="A template slot ([Company], {{first_name}}, XX%, TBD, Lorem ipsum) was left unfilled.",
    why="An unfilled slot is the most visible sign that a draft went out unread; clients notice it "
    "at once.",
    fix="Fill in the real value, or delete the sentence.",
    triggers=(
        "# Proposal\n\nDear {{first_name}},\n\nDrawing on [Company]'s experience, we outline three steps.\n",
        "# Pricing\n\nPlans start at $XX per seat, a saving of XX% on last year. Launch date: TBD.\n",
        "# Our experience\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n",
    ),
    clean=(
        "# Release notes\n\n- [x] Fixed the crash on start-up.\n- Run `make TBD=1` to build the docs.\n\n"
        "The parser now reads arr[1] correctly [sic].\n",
        "# World War II\n\nThe XX Corps crossed the river in 1944; see Table 2 for the figures.\n",
    ),
)


DANGLING_CITATION = _rule(
    "AIS201", "dangling-citation", Severity.ERROR, 0.85, 2, 10,
    summary="A citation marker ([3], [^1], (Smith et al., 2019)) has no matching reference entry.",
    why="A marker that points to no source reads as an invented citation; a client who checks one "
    "stops trusting every other claim.",
    fix="Add the full source to the reference list, or remove the marker (and the claim if it has no source).",
    triggers=(
        "# Threats\n\nRansomware groups now operate like businesses [3].\n",
        "# Protein\n\nOlder adults may need 1.2 g per kilogram (Lee et al., 2021).\n\n## References\n\n"
        "Smith, J. (2020). Protein needs. Journal of Nutrition, 1(2), 3-4.\n",
        "# Claims\n\nThe bridge is the longest in Europe [citation needed].\n",
    ),
    clean=(
        "# Solar\n\nThe credit is 30% of system costs [1], and panels lose 0.5% a year [2].\n\n## References\n\n"
        "[1] U.S. Department of Energy. Homeowner's Guide to the Federal Tax Credit.\n\n"
        "[2] Jordan, D. C., & Kurtz, S. R. (2013). Photovoltaic degradation rates. Progress in Photovoltaics, 21(1).\n",
        "# Review\n\nHeavier use was linked to lower well-being (Twenge & Campbell, 2018), but Orben and "
        "Przybylski (2019) found the effect was small.\n\n## References\n\n"
        "Orben, A., & Przybylski, A. K. (2019). The association between adolescent well-being and "
        "digital technology use. Nature Human Behaviour, 3(2), 173-182.\n\n"
        "Twenge, J. M., & Campbell, W. K. (2018). Associations between screen time and lower "
        "psychological well-being. Preventive Medicine Reports, 12, 271-283.\n",
        "# Tasks\n\n- [ ] draft\n- [x] review\n\nThe quote \u201cthey was [sic] late\u201d stays; see the "
        "footnote.[^a]\n\n[^a]: From the 1998 trial transcript.\n",
    ),
)

EMPTY_SOURCES = _rule(
    "AIS202", "empty-sources", Severity.ERROR, 0.9, 3, 10,
    summary="A Sources / References / Bibliography heading has nothing under it.",
    why="An empty sources section promises evidence the document does not give; readers see it at once.",
    fix="List the sources the text relies on, or delete the heading.",
    triggers=(
        "# Proposal\n\nWe look forward to working with you.\n\n## Sources\n",
        "# Essay\n\nThe war ended in 1945.\n\n## References\n\n## Appendix\n\nTables follow.\n",
    ),
    clean=(
        "# Essay\n\nThe war ended in 1945 [1].\n\n## References\n\n[1] Keegan, J. (1989). The Second World War. Viking.\n",
        "# Essay\n\nSee below.\n\n## Sources\n\n### Books\n\n- Keegan, J. (1989). The Second World War.\n",
    ),
)

ORPHAN_REFERENCE = _rule(
    "AIS203", "orphan-reference", Severity.WARNING, 0.7, 2, 5,
    summary="A reference-list entry that nothing in the text cites.",
    why="When the text cites its sources, an entry nobody cites is usually padding or a source that "
    "was never read; careful readers notice the mismatch.",
    fix="Cite the entry where it supports a claim, or delete it.",
    triggers=(
        "# Oceans\n\nThe pH has fallen by about 0.1 units [1].\n\n## References\n\n"
        "[1] Caldeira, K., & Wickett, M. E. (2003). Anthropogenic carbon and ocean pH. Nature, 425, 365.\n\n"
        "[2] Orr, J. C., et al. (2005). Anthropogenic ocean acidification. Nature, 437, 681-686.\n",
        "# Review\n\nEffects were small (Orben & Przybylski, 2019).\n\n## References\n\n"
        "Odgers, C. L., & Jensen, M. R. (2020). Adolescent mental health in the digital age. JCPP, 61(3), 336-348.\n\n"
        "Orben, A., & Przybylski, A. K. (2019). Adolescent well-being and digital technology use. "
        "Nature Human Behaviour, 3(2), 173-182.\n",
    ),
    clean=(
        "# Reading list\n\nBooks we enjoyed this year.\n\n## Sources\n\n"
        "- Keegan, J. (1989). The Second World War. Viking.\n- Beevor, A. (2012). The Second World War. Little, Brown.\n",
        "# Gatsby\n\nFirst published in 1925 [1]; Trilling praised it [2-3].\n\n## References\n\n"
        "[1] Fitzgerald, F. S. The Great Gatsby. Scribner, 1925.\n\n[2] Bruccoli, M. J. Some Sort of Epic Grandeur. 1981.\n\n"
        "[3] Trilling, L. The Liberal Imagination. Viking, 1950.\n",
    ),
)


UNSOURCED_STATISTIC = _rule(
    "AIS208", "unsourced-statistic", Severity.WARNING, 0.7, 2, 15,
    summary="A precise figure credited to \"studies\", \"experts\" or \"an estimated\" with no citation.",
    why="Precise numbers with a vague credit (\"studies show 60% of…\") are the classic invented "
    "statistic; if a client looks it up and finds nothing, the whole document loses credibility.",
    fix="Cite the study the figure comes from, or remove the figure.",
    triggers=(
        "# Cyber risk\n\nIn fact, studies show that 60% of small businesses close within six months of an attack.\n",
        "# Protein\n\nAn estimated 46% of adults over 65 fall short of their protein needs.\n",
        "# Teens\n\nApproximately 7 in 10 adolescents report comparing themselves to peers online.\n",
    ),
    clean=(
        "# Solar\n\nThe credit is 30% of system costs, research shows [1].\n\n## References\n\n"
        "[1] U.S. Department of Energy. Homeowner's Guide to the Federal Tax Credit.\n",
        "# Q3 review\n\nOur analysis of 1,200 shipments found that 96% arrived on time; experts say "
        "that is 3 times the industry norm.\n",
        "# Survey\n\nAccording to Gallup's 2023 survey, 41% of workers feel stressed.\n",
    ),
)

VAGUE_ATTRIBUTION = _rule(
    "AIS209", "vague-attribution", Severity.WARNING, 0.6, 2, 10,
    summary="A claim credited to \"experts\", \"research\" or \"a recent study\" without naming a source.",
    why="\"Experts agree\" and \"according to a recent study\" borrow authority without giving the "
    "reader a way to check it; editors and clients read them as filler or invention.",
    fix="Name and cite the source, or state the claim on your own authority.",
    triggers=(
        "# Protein\n\nHowever, experts agree that many people benefit from eating more than the RDA.\n",
        "# Tools\n\nAccording to a recent study, teams with a project tool spend less time in meetings.\n",
    ),
    clean=(
        "# Tools\n\nAccording to a 2021 Atlassian survey [1], teams spend less time in meetings.\n\n"
        "## References\n\n[1] Atlassian. (2021). State of Teams.\n",
        "# Team\n\nOur research shows that clients prefer shorter reports. Dana is one of our experts.\n",
        "# Novel\n\n\u201cExperts agree it will rain,\u201d she said.\n",
    ),
)

INVALID_DOI = _rule(
    "AIS210", "invalid-doi", Severity.ERROR, 0.9, 2, 5,
    summary="A DOI that does not match the DOI pattern (10.<4-9 digits>/<suffix>).",
    why="A malformed DOI resolves nowhere; it is a common sign of a reference that was made up or "
    "mistyped, and a reader who clicks it gets an error page.",
    fix="Copy the DOI from the publisher's page or Crossref, or remove it.",
    triggers=(
        "# Oceans\n\n## References\n\n[1] Caldeira, K. (2003). Ocean pH. Nature, 425, 365. doi:10.1038.425365a\n",
        "# Study\n\nSee https://doi.org/11.1000/xyz123 and DOI: 10.12/abc for details.\n",
    ),
    clean=(
        "# Study\n\nJordan & Kurtz (2013), https://doi.org/10.1002/pip.1182, doi:10.1038/s41562-018-0506-1.\n",
        "# DOIs\n\nThe DOI system registers identifiers; our DOI prefix is listed in `doi:10.12/abc` notes.\n",
    ),
)

PLACEHOLDER_URL = _rule(
    "AIS211", "placeholder-url", Severity.ERROR, 0.9, 3, 2,
    summary="A placeholder address (example.com, yourwebsite.com, www.[website].com, localhost) in a deliverable.",
    why="Placeholder links go nowhere for the reader; a client who clicks one sees the template was "
    "never finished.",
    fix="Replace it with the real address, or remove the link.",
    triggers=(
        "# Pricing\n\nFor details, see our full guide at https://example.com/pm-tools-pricing-guide.\n",
        "# Next steps\n\nLearn more about our team at www.yourwebsite.com or www.[website].com.\n",
        Example(text='import requests\n\nBASE_URL = "https://api.example.com/v1"\n', path="client.py"),
    ),
    clean=(
        "# Setup\n\nStart the server and open http://localhost:8000 in your browser.\n",
        "# Links\n\nSee https://www.python.org and [the docs](https://docs.python.org/3/).\n",
        Example(text='def test_url():\n    assert build("https://example.com")\n', path="tests/test_client.py"),
    ),
)


# ============================================================================ the check
@dataclass
class _Ctx:
    """Per-document state shared by the sub-checks."""

    doc: Document
    ctx: Context


class HallucinationCheck(Check):
    """All AIS2xx rules that read one document at a time."""

    rules = (DANGLING_CITATION, EMPTY_SOURCES, ORPHAN_REFERENCE, CITATION_ARTIFACT, PLACEHOLDER_TEXT,
             AI_DISCLOSURE, CHAT_LEFTOVER, UNSOURCED_STATISTIC, VAGUE_ATTRIBUTION, INVALID_DOI, PLACEHOLDER_URL)
    _citation_rules = (DANGLING_CITATION, EMPTY_SOURCES, ORPHAN_REFERENCE, UNSOURCED_STATISTIC, VAGUE_ATTRIBUTION)
    kinds = frozenset({"prose", "code"})

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        if doc.kind == "code":
            yield from check_code(doc, ctx)
            return
        if any(ctx.is_enabled(r) for r in self._citation_rules):
            cites = Citations(doc)
            yield from citation_findings(doc, ctx, cites)
            yield from attribution_findings(doc, ctx, cites)
        if ctx.is_enabled(INVALID_DOI):
            yield from doi_findings(doc)
        if ctx.is_enabled(PLACEHOLDER_URL):
            yield from placeholder_url_findings(doc)
        if ctx.is_enabled(CITATION_ARTIFACT):
            yield from citation_artifacts(doc)
        if ctx.is_enabled(PLACEHOLDER_TEXT):
            yield from placeholders(doc)
        if ctx.is_enabled(AI_DISCLOSURE):
            yield from ai_disclosures(doc)
        if ctx.is_enabled(CHAT_LEFTOVER):
            yield from chat_leftovers(doc, doc.text, doc.blocks)


# ---------------------------------------------------------------------------- simple packs
def citation_artifacts(doc: Document) -> Iterator[Finding]:
    pack = packs().text["citation-artifact"]
    seen: set[int] = set()
    for match, phrase in pack.finditer(doc.text):
        seen.add(match.start())
        yield _phrase_finding(doc, CITATION_ARTIFACT, match, phrase)
    for start, end in doc_urls(doc):  # utm_source=chatgpt.com sits inside blanked URLs
        for match, phrase in pack.finditer(doc.source, start, end):
            if match.start() not in seen:
                yield _phrase_finding(doc, CITATION_ARTIFACT, match, phrase, matched=doc.source[start:end])


_LINK_DEFINITION = re.compile(r"^[ \t]*\[([^\]\n]+)\]:[ \t]*\S", re.M)


def placeholders(doc: Document) -> Iterator[Finding]:
    defined = {label.lower() for label in _LINK_DEFINITION.findall(doc.source)}
    for match, phrase in packs().text["placeholder-text"].finditer(doc.text):
        if match.group().startswith("[") and match.group()[1:-1].lower() in defined:
            continue  # [URL]: https://… makes [URL] a Markdown link label
        yield _phrase_finding(doc, PLACEHOLDER_TEXT, match, phrase)
    for match, phrase in packs().source["placeholder-text"].finditer(doc.source):
        if in_prose(doc, match.start()):  # <CLIENT> is blanked as inline HTML in the prose view
            yield _phrase_finding(doc, PLACEHOLDER_TEXT, match, phrase, matched=match.group())


def ai_disclosures(doc: Document) -> Iterator[Finding]:
    """Self-descriptions fire in block quotes too (a "Note:" box) but not in quoted dialogue."""
    reported: set[tuple[int, int]] = set()
    for match, phrase in packs().text["ai-disclosure"].finditer(doc.text):
        block = doc.block_at(match.start())
        if block is None or inside_quotes(doc.text, block.start, match.start()):
            continue
        sentence = sentence_at(doc.text, block, match.start())
        if sentence not in reported:  # one finding per sentence
            reported.add(sentence)
            yield _phrase_finding(doc, AI_DISCLOSURE, match, phrase)


def chat_leftovers(doc: Document, text: str, blocks: Iterable[Block]) -> Iterator[Finding]:
    """One finding per paragraph that speaks to the requester; never in quotes or dialogue."""
    pack = packs().text["chat-leftover"]
    for block in blocks:
        if block.quoted or block.kind in ("heading", "table"):
            continue
        hits: list[tuple[re.Match, Phrase]] = []
        for match, phrase in pack.finditer(text, block.start, block.end):
            if phrase.at_start and not _INTERJECTION.fullmatch(text, block.start, match.start()):
                continue
            if inside_quotes(text, block.start, match.start()):
                continue
            hits.append((match, phrase))
        if not hits:
            continue
        if not any(p.strong for _, p in hits) and not packs().chat_context.search(text, block.start, block.end):
            continue
        first = sentence_at(text, block, hits[0][0].start())
        last = sentence_at(text, block, hits[-1][0].end() - 1)
        phrase = next(p for _, p in hits if p.strong) if any(p.strong for _, p in hits) else hits[0][1]
        quoted = snippet(text[first[0] : last[1]])
        yield doc.finding(
            CHAT_LEFTOVER, first[0], last[1],
            f'"{quoted}" is {phrase.why}: {phrase.fix}.',
            fix=phrase.fix[0].upper() + phrase.fix[1:] + ".",
        )


# What may precede a hand-over line at the start of a paragraph: "Absolutely — here's…".
_INTERJECTION = re.compile(
    r"[\s\"'“*_#>-]*(?:(?:certainly|sure|absolutely|of course|okay|ok|alright|great)\s*(?:[!,.:]|\s[—–-])\s*)?", re.I
)


def _phrase_finding(doc: Document, rule: Rule, match: re.Match, phrase: Phrase, matched: str | None = None) -> Finding:
    shown = snippet(match.group())
    return doc.finding(
        rule, match.start(), match.end(),
        f'"{shown}" is {phrase.why}: {phrase.fix}.',
        fix=phrase.fix[0].upper() + phrase.fix[1:] + ".",
        matched=matched,
    )


_URL_IN_SOURCE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'`]*[^\s<>()\[\]\"'`.,;:!?]", re.I)


def doc_urls(doc: Document) -> list[tuple[int, int]]:
    """URL spans outside code: the loader's ``urls`` when it recorded them."""
    urls = getattr(doc, "urls", None)
    if urls is not None:
        return list(urls)
    return [(m.start(), m.end()) for m in _URL_IN_SOURCE.finditer(doc.source) if in_prose(doc, m.start())]


# ============================================================================ citations
_REF_HEADING = re.compile(
    r"(?i)^(?:\d+[.)]?\s+)?(?P<name>references?|sources?(?: and further reading)?|bibliography|works cited|"
    r"citations|literature cited|reference list|endnotes|footnotes|notes|further reading)\s*:?$"
)
_NOT_CITED_SECTIONS = ("notes", "further reading")  # entries there need not be cited
_NUMERIC_CITE = re.compile(r"\[(\d{1,6}(?:\s*[-\u2013\u2014,]\s*\d{1,6})*)\]")
# "[1][2]" reads as a Markdown reference link, so the prose view blanks it; find it in the source.
_ADJACENT_CITE = re.compile(r"\[(\d{1,6})\](?=\[\d)|(?<=\])\[(\d{1,6})\]")
_FOOTNOTE_CITE = re.compile(r"\[\^(\d+|[A-Za-z]\w*)\](?!:)")
_CARET_CITE = re.compile(r"(?<=[a-z][.,;:!?\"\u201d])\^([1-9]\d{0,2})(?=\s|$)")
_NEEDED_CITE = re.compile(
    r"\[(?:citation needed|citation required|source needed|needs? (?:a )?citation|citation|source|ref|cite)\]", re.I
)
_PARENS = re.compile(r"\(([^()\n]{4,300})\)")
_NAME = r"[A-Z][\w'\u2019\-]+(?:\s+(?:[A-Z][\w'\u2019\-]+|de|van|von|der|den|la|le|da|di))*"
_AUTHOR_PART = re.compile(
    rf"^(?:(?:see(?: also)?|e\.g\.,?|cf\.|as cited in|for example,?|quoted in)\s+)?"
    rf"(?P<names>{_NAME}(?P<multi>(?:,\s*{_NAME})*,?\s+(?:&|and)\s+{_NAME}|\s+et\s+al\.?)?)"
    rf"(?P<comma>,)?\s+(?P<year>(?:1[6-9]|20)\d{{2}}[a-z]?|n\.d\.)"
    rf"(?:,\s*(?:pp?\.|para\.|chap\.|ch\.)\s*[\w\u2013-]+)?$"
)
_NARRATIVE = re.compile(
    r"\b(?P<names>[A-Z][\w'\u2019\-]+(?P<multi>\s+et\s+al\.?|\s+(?:&|and)\s+[A-Z][\w'\u2019\-]+)?)"
    r"\s+\((?P<year>(?:1[6-9]|20)\d{2}[a-z]?)\)"
)
_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december spring summer "
    "fall autumn winter see in since version figure table section chapter page appendix the a an and or but "
    "updated revised published released founded established est circa".split()
)
_ENTRY_YEAR = re.compile(r"\b((?:1[6-9]|20)\d{2})[a-z]?\b")
_NUMBERED_LINE = re.compile(r"[ \t]*(?:[-*+][ \t]+)?\[(\d{1,6})\](:?)[ \t]*\S")
_ORDERED_LINE = re.compile(r"[ \t]*(\d{1,4})[.)][ \t]+\S")
_FOOTNOTE_DEF = re.compile(r"^[ \t]*\[\^([^\]\s]+)\]:", re.M)


@dataclass
class Section:
    heading: Block
    name: str
    start: int  # first offset after the heading
    end: int


@dataclass
class Entry:
    start: int
    end: int
    label: str | None  # "3" for [3] or 3.; None for an author-year entry
    surname: str | None = None
    year: str | None = None
    link_definition: bool = False  # [3]: https://... (a Markdown link target, not a source)
    footnote: bool = False  # [^3]: ...
    section: Section | None = None


@dataclass
class Cite:
    start: int
    end: int
    kind: str  # number | footnote | author | needed
    keys: tuple[str, ...] = ()  # numbers or the footnote label
    names: str = ""
    year: str = ""
    flaggable: bool | None = True  # True: dangling on its own; None: with context; False: never
    narrative: bool = False  # Smith and Lee (2019), as opposed to (Smith & Lee, 2019)
    resolved: bool = False


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


class Citations:
    """A document's reference sections, entries and in-text citation markers."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.sections = self._sections()
        self.entries = self._entries()
        self.footnotes = {m.group(1): m for m in _FOOTNOTE_DEF.finditer(doc.text) if in_prose(doc, m.start())}
        self.cites = self._cites()
        for cite in self.cites:
            cite.resolved = self._resolves(cite)

    # ------------------------------------------------------------------ structure
    def _sections(self) -> list[Section]:
        text, blocks = self.doc.text, self.doc.blocks
        found: list[Section] = []
        for i, block in enumerate(blocks):
            if block.kind not in ("heading", "paragraph") or block.quoted or i == 0:
                continue  # a document titled "Notes" is not a notes section
            title = " ".join(text[block.start : block.end].split())
            match = _REF_HEADING.match(title)
            if not match:
                continue
            end = len(text)
            for later in blocks[i + 1 :]:
                if later.kind == "heading" and (block.kind == "paragraph" or later.level <= block.level):
                    end = later.start
                    break
            found.append(Section(block, match.group("name").lower(), block.end, end))
        return found

    def section_at(self, offset: int) -> Section | None:
        return next((s for s in self.sections if s.heading.start <= offset < s.end), None)

    def _entries(self) -> list[Entry]:
        doc, entries = self.doc, []
        for block in doc.blocks:
            if block.kind == "heading" or block.quoted:
                continue
            section = self.section_at(block.start)
            line_start = doc.source.rfind("\n", 0, block.start) + 1
            offset = line_start
            for line in doc.source[line_start : block.end].split("\n"):
                here = offset
                offset += len(line) + 1
                numbered = _NUMBERED_LINE.match(line)
                ordered = _ORDERED_LINE.match(line) if section is not None else None
                if numbered and doc.text[here : here + len(line)].strip():
                    entry = Entry(here, here + len(line), numbered.group(1), link_definition=bool(numbered.group(2)))
                elif ordered:
                    entry = Entry(here, here + len(line), ordered.group(1))
                elif section is not None and here <= block.start:
                    entry = Entry(max(here, block.start), block.end, None)
                elif entries and entries[-1].end >= here - 1 and line.strip():
                    entries[-1].end = here + len(line)  # a wrapped entry
                    continue
                else:
                    continue
                entry.section = section
                entries.append(entry)
        for entry in entries:
            body = doc.text[entry.start : entry.end]
            author = re.match(r"[\s\[\]\d.)*-]*([A-Z][\w'\u2019\-]+(?:\s+[A-Z][\w'\u2019\-]+){0,3})", body)
            year = _ENTRY_YEAR.search(body)
            entry.surname = author.group(1) if author else None
            entry.year = year.group(1) if year else None
        return entries

    # ------------------------------------------------------------------ markers
    def body_blocks(self) -> Iterator[Block]:
        for block in self.doc.prose_blocks():
            if self.section_at(block.start) is None:
                yield block

    def _cites(self) -> list[Cite]:
        text, cites = self.doc.text, []
        entry_spans = [(e.start, e.end) for e in self.entries]
        for block in self.body_blocks():
            a, b = block.start, block.end
            for m in _NUMERIC_CITE.finditer(text, a, b):
                if (
                    self._plausible_number(m)
                    and not any(s <= m.start() < e for s, e in entry_spans)
                    and not inside_quotes(text, a, m.start())
                ):
                    keys = _expand(m.group(1))
                    if keys:
                        cites.append(Cite(m.start(), m.end(), "number", keys))
            for m in _ADJACENT_CITE.finditer(self.doc.source, a, b):
                if not text[m.start()].strip() and in_prose(self.doc, m.start()):
                    cites.append(Cite(m.start(), m.end(), "number", (m.group(1) or m.group(2),)))
            for m in _CARET_CITE.finditer(text, a, b):
                cites.append(Cite(m.start(), m.end(), "number", (m.group(1),)))
            for m in _FOOTNOTE_CITE.finditer(text, a, b):
                cites.append(Cite(m.start(), m.end(), "footnote", (m.group(1),)))
            for m in _NEEDED_CITE.finditer(text, a, b):
                cites.append(Cite(m.start(), m.end(), "needed"))
            for m in _PARENS.finditer(text, a, b):
                parts = [p.strip() for p in m.group(1).split(";")]
                for part in parts:
                    pm = _AUTHOR_PART.match(part)
                    if not pm or pm.group("names").split()[0].lower() in _NOT_NAMES:
                        continue
                    strong = bool(pm.group("multi")) or len(parts) > 1
                    if not strong and not pm.group("comma"):
                        continue  # "(Windows 2000)"
                    at = m.start(1) + m.group(1).find(part)
                    cites.append(Cite(at, at + len(part), "author", names=pm.group("names"),
                                      year=pm.group("year"), flaggable=strong or None))
            for m in _NARRATIVE.finditer(text, a, b):
                if m.group("names").split()[0].lower() in _NOT_NAMES:
                    continue
                cites.append(Cite(m.start(), m.end(), "author", names=m.group("names"), year=m.group("year"),
                                  flaggable=None if m.group("multi") else False, narrative=True))
        return sorted(cites, key=lambda c: c.start)

    def _plausible_number(self, m: re.Match) -> bool:
        """[3] as a citation, not buf[6], f()[1], = [502], 1.[57], [02] or a link label [text][3].

        "word[3]" (Wikipedia style) only counts when the document has numbered entries."""
        text, start, end = self.doc.text, m.start(), m.end()
        before = text[start - 1] if start else " "
        before2 = text[start - 2] if start > 1 else " "
        after = text[end] if end < len(text) else " "
        if m.group(1).startswith("0") or not (after.isspace() or after in ".,;:!?)\"'\u2019\u201d"):
            return False
        if after == ":" and text[end + 1 : end + 2] not in (" ", "\n", ""):
            return False
        if before.isalpha() and before2.isalpha():
            return any(e.label for e in self.entries)
        if before.isspace():
            previous = text[max(0, start - 80) : start].rstrip()[-1:]
            return bool(previous) and previous not in "=([{:"
        return before in ".,;:!?)\"'\u2019\u201d" and (before2.isalpha() or before2 in "\"'\u2019\u201d")

    # ------------------------------------------------------------------ resolution
    def numbers(self) -> set[str]:
        return {e.label for e in self.entries if e.label} | set(self.footnotes)

    def author_entries(self) -> list[Entry]:
        return [e for e in self.entries if e.label is None and e.surname and e.year]

    def _resolves(self, cite: Cite) -> bool:
        if cite.kind == "number":
            return all(k in self.numbers() for k in cite.keys)
        if cite.kind == "footnote":
            return cite.keys[0] in self.footnotes
        if cite.kind == "author":
            return any(self._matches(cite, e) for e in self.entries)
        return False

    def _matches(self, cite: Cite, entry: Entry) -> bool:
        first = _fold(cite.names.split()[0].rstrip(","))
        head = _fold(self.doc.text[entry.start : entry.end][:120])
        if not re.search(rf"\b{re.escape(first)}\b", head):
            return False
        year = cite.year[:4]
        return cite.year == "n.d." or year in self.doc.text[entry.start : entry.end]

    def dangling(self) -> list[Cite]:
        """Unresolved markers. "(Smith, 2019)" counts when the document has an author-year list or
        no list at all; a narrative "Smith and Lee (2019)" only against an author-year list."""
        has_author_list = bool(self.author_entries())
        no_list = not (self.sections or self.entries or self.footnotes)
        result = []
        for cite in self.cites:
            if cite.resolved:
                continue
            if cite.kind == "author" and cite.flaggable is not True:
                weak_ok = cite.flaggable is None and (has_author_list or (no_list and not cite.narrative))
                if not weak_ok:
                    continue
            result.append(cite)
        return result

    def orphans(self) -> list[Entry]:
        cited_numbers = {k for c in self.cites if c.kind == "number" for k in c.keys}
        cited_notes = {c.keys[0] for c in self.cites if c.kind == "footnote"}
        author_cites = [c for c in self.cites if c.kind == "author"]
        body = " ".join(self.doc.text[b.start : b.end] for b in self.body_blocks())
        result = []
        for entry in self.entries:
            if entry.link_definition or (entry.section and entry.section.name in _NOT_CITED_SECTIONS):
                continue
            if entry.label is not None:
                if entry.section is not None and cited_numbers and entry.label not in cited_numbers:
                    result.append(entry)
            elif entry.section is not None and author_cites and entry.surname and entry.year:
                mentioned = re.search(rf"\b{re.escape(entry.surname.split()[0])}\b", body)
                if not mentioned and not any(self._matches(c, entry) for c in author_cites):
                    result.append(entry)
        for label, m in self.footnotes.items():
            if label not in cited_notes:
                end = self.doc.text.find("\n", m.start())
                result.append(Entry(m.start(), len(self.doc.text) if end < 0 else end, label, footnote=True))
        return result

    def empty_sections(self) -> list[Section]:
        urls = doc_urls(self.doc)
        return [
            s for s in self.sections
            if s.name not in ("notes",)
            and not self.doc.text[s.start : s.end].strip()
            and not any(s.start <= a < s.end for a, _ in urls)
        ]

    def sourced(self, start: int, end: int) -> bool:
        """Whether a citation marker or a link sits in ``[start, end)``."""
        return any(start <= c.start < end for c in self.cites) or any(start <= a < end for a, _ in doc_urls(self.doc))

    def resolved_in(self, start: int, end: int) -> bool:
        return any(start <= c.start < end and c.resolved for c in self.cites)


def _expand(body: str) -> tuple[str, ...]:
    """"2, 4-6" -> ("2", "4", "5", "6"); nothing for [0] or an absurd range."""
    keys: list[str] = []
    for part in re.split(r"\s*,\s*", body):
        bounds = re.split(r"\s*[-\u2013\u2014]\s*", part)
        lo, hi = int(bounds[0]), int(bounds[-1])
        if lo == 0 or hi < lo or hi - lo > 100:
            return ()
        keys += [str(n) for n in range(lo, hi + 1)]
    return tuple(keys)


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


# ============================================================================ statistics and attribution
_FIGURE = re.compile(
    r"""(?ix)
      [$\u20ac\u00a3\u00a5]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|b|million|billion|trillion|thousand)\b)?
    | \b\d+(?:\.\d+)?\s?(?:%|percent\b|per\ cent\b|percentage\ points\b)
    | \b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out\ of)\s+
      (?!(?:1[6-9]|20)\d\d\b)(?:\d{1,4}|two|three|four|five|six|seven|eight|nine|ten|twenty|a\ hundred|hundred)\b
    | \b\d+(?:\.\d+)?(?:x|\s?times)\s+(?:more|less|higher|lower|faster|slower|likelier|as|greater|better|worse)\b
    | \b\d+(?:\.\d+)?\s+(?:million|billion|trillion)\b
    """
)
_SURVEY_VERB = re.compile(
    r"(?i)\s+(?:of\s+)?(?:[\w-]+\s+){0,3}?(?:report|reports|reported|say|says|said|admit|admitted|believe|agree|"
    r"prefer|feel|expect|plan|want|trust|struggle)\b"
)
_NAMED_SOURCE = re.compile(
    r"(?i:according to|conducted by|published (?:in|by)|researchers at|experts at|"
    r"(?:study|survey|report|poll|analysis|data|research|figures|statistics|census)\s+(?:\w+\s+)?(?:by|from|at|of))"
    r"\s+(?:the\s+)?(?!(?:A|An|One|Some|Recent|Several|Many|Multiple|Various|Leading|New|Most|Experts|Researchers)\b)[A-Z]"
)
_OWN_FIGURES = re.compile(
    r"(?i)\b(?:our|my)\s+(?:own\s+)?(?:[\w-]+\s+)?(?:analysis|survey|data|research|study|findings|results|review|"
    r"audit|records|numbers|figures|benchmarks?|tests?|testing|experiments?|clients|customers|users|members|"
    r"internal|estimates?|dashboard|report|interviews)\b"
    r"|\bwe\s+(?:\w+\s+)?(?:found|surveyed|analy[sz]ed|measured|polled|asked|observed|tracked|interviewed|tested|"
    r"studied|reviewed|estimate|calculated|saw)\b"
    r"|\b(?:this|the present|the current)\s+(?:study|report|analysis|survey|paper|review)\b"
    r"|\b(?:table|figure|fig\.|chart|appendix)\s+\d"
)


def attribution_findings(doc: Document, ctx: Context, cites: Citations) -> Iterator[Finding]:
    """Figures and claims credited to nobody in particular.

    A sentence is sourced when it carries a citation marker or a link, when its paragraph
    has a citation that resolves, when it names its source, or when the figures are the
    document's own ("our analysis found", a table).
    """
    vague = packs().text["vague-attribution"]
    stat_cues = packs().text["statistic-cue"]
    text = doc.text
    for block in cites.body_blocks():
        if block.kind == "table" or cites.resolved_in(block.start, block.end):
            continue
        own = _OWN_FIGURES.search(text, block.start, block.end)
        # Each pattern scans the block once; sentences then take the matches inside them.
        block_claims = list(vague.finditer(text, block.start, block.end))
        block_cues = list(stat_cues.finditer(text, block.start, block.end))
        block_figures = list(_FIGURE.finditer(text, block.start, block.end))
        if not (block_claims or block_figures):
            continue
        for a, b in sentences(text, block.start, block.end):
            if cites.sourced(a, b) or _NAMED_SOURCE.search(text, a, b):
                continue
            claims = [(m, p) for m, p in block_claims if a <= m.start() and m.end() <= b
                      and not inside_quotes(text, block.start, m.start()) and not _owned(text, a, m.start())]
            cues = claims + [(m, p) for m, p in block_cues if a <= m.start() and m.end() <= b]
            figures = [f for f in block_figures if a <= f.start() and f.end() <= b]
            cues += [(f, None) for f in figures if _SURVEY_VERB.match(text, f.end(), b)]
            if figures and cues and not own:
                if ctx.is_enabled(UNSOURCED_STATISTIC):
                    yield _statistic_finding(doc, figures, cues)
            elif claims and ctx.is_enabled(VAGUE_ATTRIBUTION):
                match, phrase = claims[0]
                yield doc.finding(
                    VAGUE_ATTRIBUTION, match.start(), match.end(),
                    f'"{snippet(match.group())}" {phrase.why} and cites nothing: {phrase.fix}.',
                )


def _owned(text: str, sentence_start: int, at: int) -> bool:
    """ "our research shows" is the author's own claim; "the research" / "these studies" point back
    at sources already named."""
    return bool(re.search(r"(?i)\b(?:our|my|we|this|these|that|those|the|such|above|cited)\s+(?:\w+\s+)?$",
                          text[sentence_start:at]))


def _statistic_finding(doc: Document, figures: list[re.Match], cues: list[tuple[re.Match, Phrase | None]]) -> Finding:
    start = min(figures[0].start(), cues[0][0].start())
    end = max(figures[-1].end(), cues[0][0].end())
    figure = " ".join(figures[0].group().split())
    cue = cues[0][0].group() if cues[0][1] is not None else "a survey finding"
    cue = " ".join(cue.split())
    return doc.finding(
        UNSOURCED_STATISTIC, start, end,
        f'The figure "{figure}" is credited to "{cue}" but no source is cited: cite the study it comes '
        "from, or remove the figure.",
    )


# ============================================================================ DOIs and addresses
_DOI_CANDIDATE = re.compile(r"(?i)(?:\bdoi\b\s*:?\s*(?=\d)|\b(?:dx\.)?doi\.org/)(?P<doi>[^\s<>\"'\]\[)(]+)")
_VALID_DOI = re.compile(r"10\.\d{4,9}/\S+")
_PLACEHOLDER_HOST = re.compile(
    r"(?i)^(?:[\w-]+\.)*(?:example\.(?:com|org|net|edu)|example|your[-_]?(?:website|site|domain|company|"
    r"companyname|business|brand|blog|store|shop|url|link|page|name|portfolio)\.[a-z]{2,6}|(?:your)?companyname\.[a-z]{2,6}|"
    r"\[[^\]]+\]\.[a-z]{2,6})(?::\d+)?$"
)
_LOCAL_HOST = re.compile(r"(?i)^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d+)?$")
_PLACEHOLDER_IN_TEXT = re.compile(
    r"(?i)(?<![\w.@-])(?:[\w.+-]+@)?(?:[\w-]+\.)*(?:example\.(?:com|org|net|edu)|your[-_]?(?:website|site|domain|"
    r"company|companyname|business|brand|blog|store|shop|url|link|page|name|portfolio)\.[a-z]{2,6}|(?:your)?companyname\.[a-z]{2,6})\b"
    r"|(?:https?://)?(?:www\.)?\[[^\]\n]+\]\.(?:com|org|net|io|co)\b"
)
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
_LOCAL_DEV_WORDS = re.compile(
    r"(?i)\b(?:local|locally|run|running|server|start|dev|development|browser|port|test|testing|machine|computer)\b"
)


def host_of(url: str) -> str:
    rest = re.sub(r"(?i)^[a-z][\w+.-]*://", "", url)
    rest = rest.split("@", 1)[-1] if "@" in rest.split("/", 1)[0] else rest
    return re.split(r"[/?#]", rest, maxsplit=1)[0]


def doi_findings(doc: Document) -> Iterator[Finding]:
    urls = doc_urls(doc)
    for match in _DOI_CANDIDATE.finditer(doc.source):
        at = match.start()
        visible = doc.text[at : at + 1].strip() and in_prose(doc, at)
        if not visible and not any(a <= at < b for a, b in urls):
            continue
        doi = match.group("doi").rstrip(".,;:")
        if _VALID_DOI.fullmatch(doi):
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
    for match in _PLACEHOLDER_IN_TEXT.finditer(doc.text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        host = match.group().split("@")[-1]
        if _is_placeholder_address(doc, re.sub(r"(?i)^https?://", "", host), match.start(), match.end()):
            yield doc.finding(PLACEHOLDER_URL, match.start(), match.end(), _placeholder_message(match.group(), host))


def _is_placeholder_address(doc: Document, host: str, at: int, end: int) -> bool:
    """yourwebsite.com always; example.com and localhost only where a reader is sent to them."""
    local = _LOCAL_HOST.match(host)
    if not local and not _PLACEHOLDER_HOST.match(host):
        return False
    if not local and not _EXAMPLE_HOST.match(host):
        return True
    block = doc.block_at(at)
    if block is None or inside_quotes(doc.text, block.start, at):
        return False
    a, b = sentence_at(doc.text, block, at)
    around = doc.text[a:at] + " " + doc.text[end:b]  # without the address itself
    if not _CALL_TO_ACTION.search(around) or _EXAMPLE_CONTEXT.search(around):
        return False
    return not (local and _LOCAL_DEV_WORDS.search(around))


def _placeholder_message(address: str, host: str) -> str:
    if _LOCAL_HOST.match(host):
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
        for match in _URL_IN_SOURCE.finditer(doc.source, piece.start, piece.end):
            if _PLACEHOLDER_HOST.match(host_of(match.group())):
                yield doc.finding(
                    PLACEHOLDER_URL, match.start(), match.end(),
                    f'"{snippet(match.group())}" is a placeholder address in code: point it at the real '
                    "service, or read it from configuration.",
                )


# ---------------------------------------------------------------------------- code
_MAIN_GUARD = re.compile(r"^if\s+__name__\s*==\s*[\"']__main__[\"']\s*:", re.M)
_TEST_FILE = re.compile(r"(?:^|/)(?:tests?|testing|fixtures?)/|(?:^|/)(?:test_[^/]*|[^/]*_test|conftest)\.py$")


@dataclass(frozen=True)
class CodeText:
    """A comment or string literal of a Python file, by offset."""

    start: int
    end: int
    kind: str  # comment | docstring | string


def code_texts(source: str) -> list[CodeText]:
    """Comments and strings found with ``tokenize`` (the code is never imported or run)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
    found: list[CodeText] = []
    previous = tokenize.NEWLINE
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            start = line_starts[tok.start[0] - 1] + tok.start[1]
            end = line_starts[tok.end[0] - 1] + tok.end[1]
            if tok.type == tokenize.COMMENT:
                found.append(CodeText(start, end, "comment"))
            elif tok.type == tokenize.STRING:
                statement = previous in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.NL)
                found.append(CodeText(start, end, "docstring" if statement else "string"))
            if tok.type not in (tokenize.COMMENT, tokenize.NL):
                previous = tok.type
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # a broken file still yields the comments and strings before the error
    return found


def check_code(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Chat leftovers and chatbot citation codes in comments and docstrings; placeholder URLs in strings."""
    texts = code_texts(doc.source)
    if ctx.is_enabled(PLACEHOLDER_URL):
        yield from code_placeholder_urls(doc, texts)
    pieces = [t for t in texts if t.kind in ("comment", "docstring")]
    if ctx.is_enabled(CITATION_ARTIFACT):
        pack = packs().text["citation-artifact"]
        for piece in pieces:
            for match, phrase in pack.finditer(doc.source, piece.start, piece.end):
                yield _phrase_finding(doc, CITATION_ARTIFACT, match, phrase)
    if ctx.is_enabled(CHAT_LEFTOVER):
        blocks = [Block("paragraph", *_comment_body(doc.source, p)) for p in _merge_comment_runs(doc.source, pieces)]
        yield from chat_leftovers(doc, doc.source, blocks)


def _merge_comment_runs(source: str, pieces: list[CodeText]) -> list[CodeText]:
    """Consecutive full-line comments read as one paragraph."""
    merged: list[CodeText] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if (
            last is not None and last.kind == piece.kind == "comment"
            and source[last.end : piece.start].count("\n") == 1
            and not source[last.end : piece.start].strip()
        ):
            merged[-1] = CodeText(last.start, piece.end, "comment")
        else:
            merged.append(piece)
    return merged


def _comment_body(source: str, piece: CodeText) -> tuple[int, int]:
    """Skip the leading ``#`` or string prefix/quotes so that "starts the paragraph" works."""
    start = piece.start
    head = re.match(r"#+\s*|[rRbBuUfF]{0,2}(?:\"\"\"|'''|\"|')\s*", source[start : piece.end])
    if head:
        start += head.end()
    return start, piece.end


# ============================================================================ broken-link (--online)
def _serve_example(root: Path, path: str) -> None:
    """Write an example linking to a loopback server (404 for /missing, 200 otherwise).

    The rule's examples must run without the internet; this serves them from 127.0.0.1.
    """
    port = _loopback_server()
    (root / "example.md").write_text(
        f"# Pricing\n\nSee the [price list](http://127.0.0.1:{port}{path}) for details.\n", encoding="utf-8"
    )


@cache
def _loopback_server() -> int:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(404 if self.path.startswith("/missing") else 200)
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


BROKEN_LINK = _rule(
    "AIS212", "broken-link", Severity.WARNING, 0.8, 3, 5,
    summary="A cited link or DOI does not resolve (checked only with --online).",
    why="A dead link or an unregistered DOI in a deliverable looks careless at best and invented at "
    "worst; readers click sources.",
    fix="Find the current address of the source (or its archived copy) and update the link, or drop it.",
    options={"online": False, "timeout": 5.0, "concurrency": 8},
    triggers=(Example(build=lambda root: _serve_example(root, "/missing/pricing"), options={"online": True}),),
    clean=(
        Example(build=lambda root: _serve_example(root, "/pricing"), options={"online": True}),
        # Offline (the default) nothing is fetched, so even a dead link is not reported.
        "# Sources\n\nSee https://www.python.org/this-page-does-not-exist for details.\n",
    ),
)

_CHECKABLE_SCHEME = re.compile(r"(?i)^(?:https?://|www\.)")
_LINK_CACHE_DAYS = {"ok": 7, "broken": 1}  # "unknown" results are never cached


@dataclass(frozen=True)
class LinkStatus:
    state: str  # ok | broken | unknown
    detail: str


class LinkChecker:
    """Resolves URLs with short timeouts and a thread pool, caching answers on disk."""

    _memo: dict[str, LinkStatus] = {}
    _lock = threading.Lock()

    def __init__(self, cache_dir: Path | None, timeout: float, concurrency: int):
        self.cache_dir = cache_dir
        self.timeout = timeout
        self.concurrency = max(1, concurrency)

    def check_all(self, urls: Iterable[str]) -> dict[str, LinkStatus]:
        todo = sorted(set(urls))
        with ThreadPoolExecutor(max_workers=min(self.concurrency, max(1, len(todo)))) as pool:
            return dict(zip(todo, pool.map(self.check, todo), strict=True))

    def check(self, url: str) -> LinkStatus:
        with self._lock:
            if url in self._memo:
                return self._memo[url]
        status = self._cached(url)
        if status is None:
            status = self._fetch(url)
            self._store(url, status)
        with self._lock:
            self._memo[url] = status
        return status

    def _fetch(self, url: str) -> LinkStatus:
        headers = {"User-Agent": "aislop link check (+https://pypi.org/project/aislop/)"}
        local = bool(_LOCAL_HOST.match(host_of(url)))
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({})) if local else urllib.request.build_opener()
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers=headers)
            try:
                with opener.open(request, timeout=self.timeout) as response:
                    return LinkStatus("ok", f"HTTP {response.status}")
            except urllib.error.HTTPError as exc:
                if exc.code in (404, 410):
                    return LinkStatus("broken", f"HTTP {exc.code}")
                if method == "HEAD" and exc.code in (400, 403, 405, 501):
                    continue  # many servers refuse HEAD; ask again with GET
                return LinkStatus("unknown", f"HTTP {exc.code}")
            except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
                reason = getattr(exc, "reason", exc)
                return LinkStatus("unknown", str(reason) or type(exc).__name__)
        return LinkStatus("unknown", "no answer")

    # ------------------------------------------------------------------ disk cache
    def _entry(self, url: str) -> Path | None:
        host = host_of(url).split(":")[0]
        if self.cache_dir is None or _LOCAL_HOST.match(host):
            return None  # loopback answers change from run to run
        return self.cache_dir / "links" / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")

    def _cached(self, url: str) -> LinkStatus | None:
        entry = self._entry(url)
        try:
            data = json.loads(entry.read_text(encoding="utf-8")) if entry else None
        except (OSError, ValueError):
            return None
        if not data or data.get("url") != url:
            return None
        if time.time() - data.get("checked", 0) > _LINK_CACHE_DAYS.get(data.get("state"), 0) * 86400:
            return None
        return LinkStatus(data["state"], data.get("detail", ""))

    def _store(self, url: str, status: LinkStatus) -> None:
        entry = self._entry(url)
        if entry is None or status.state not in _LINK_CACHE_DAYS:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            payload = {"url": url, "state": status.state, "detail": status.detail, "checked": time.time()}
            with tempfile.NamedTemporaryFile("w", dir=entry.parent, delete=False, suffix=".tmp", encoding="utf-8") as tmp:
                json.dump(payload, tmp)
            os.replace(tmp.name, entry)
        except OSError:
            pass  # a read-only cache only costs a refetch


def link_targets(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, URL to fetch) for cited web links and valid DOIs, placeholders excluded."""
    targets: list[tuple[int, int, str]] = []
    for a, b in doc_urls(doc):
        url = doc.source[a:b]
        if not _CHECKABLE_SCHEME.match(url) or _PLACEHOLDER_HOST.match(host_of(url)):
            continue
        targets.append((a, b, url if "://" in url else "https://" + url))
    for match in _DOI_CANDIDATE.finditer(doc.source):
        doi = match.group("doi").rstrip(".,;:")
        at = match.start()
        if match.group().lower().startswith("doi") and _VALID_DOI.fullmatch(doi) and doc.text[at : at + 1].strip():
            targets.append((at, match.start("doi") + len(doi), "https://doi.org/" + doi))
    return targets


class LinkCheck(Check):
    """broken-link: only with --online (or the rule's own ``online`` option)."""

    rules = (BROKEN_LINK,)
    kinds = frozenset({"prose"})

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        options = ctx.options(BROKEN_LINK)
        if not (ctx.settings.get("online") or options.get("online")):
            return
        targets = link_targets(doc)
        if not targets:
            return
        checker = LinkChecker(_link_cache_dir(ctx), float(options["timeout"]), int(options["concurrency"]))
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
            ctx.note(f"broken-link: {unknown} link(s) in {doc.relpath} could not be checked (offline, blocked or slow).")


def _link_cache_dir(ctx: Context) -> Path | None:
    if ctx.settings.get("no_cache"):
        return None
    try:
        from aislop.cache import default_cache_dir
    except ImportError:  # pragma: no cover - older core
        from platformdirs import user_cache_dir

        return Path(ctx.settings.get("cache_dir") or user_cache_dir("aislop", appauthor=False))
    return default_cache_dir(ctx.settings.get("cache_dir"))


CHECKS = [HallucinationCheck(), LinkCheck()]
