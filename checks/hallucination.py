"""Hallucination markers (AIS2xx): invented sources, template leftovers and assistant chatter.

These are the defects that embarrass a freelancer most when a client finds them: a citation
that points nowhere, "[Company]" left in a proposal, "Sure! Here's a draft…" above the text.
Phrase lists live in ``hallucination.toml`` (each entry with a why and a fix) and are
compiled once per process into one regex per pack.
"""

from __future__ import annotations

import io
import re
import tokenize
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

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
    """Many phrases compiled into one alternation; ``lastgroup`` says which one matched."""

    def __init__(self, phrases: list[Phrase]):
        self.phrases = phrases
        alternation = "|".join(f"(?P<p{i}>{p.pattern})" for i, p in enumerate(phrases))
        self.regex = re.compile(alternation or r"(?!x)x", re.IGNORECASE)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[re.Match, Phrase]]:
        for match in self.regex.finditer(text, start, len(text) if end is None else end):
            yield match, self.phrases[int(match.lastgroup[1:])]


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
    for name in ("chat-leftover", "ai-disclosure", "citation-artifact", "placeholder-text"):
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


# ============================================================================ the check
@dataclass
class _Ctx:
    """Per-document state shared by the sub-checks."""

    doc: Document
    ctx: Context


class HallucinationCheck(Check):
    """All AIS2xx rules that read one document at a time."""

    rules = (CITATION_ARTIFACT, PLACEHOLDER_TEXT, AI_DISCLOSURE, CHAT_LEFTOVER)
    kinds = frozenset({"prose", "code"})

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        if doc.kind == "code":
            yield from check_code(doc, ctx)
            return
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


def placeholders(doc: Document) -> Iterator[Finding]:
    for match, phrase in packs().text["placeholder-text"].finditer(doc.text):
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
            if phrase.at_start and text[block.start : match.start()].strip(" \t\"'“*_#>-"):
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


# ---------------------------------------------------------------------------- code
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
    """Chat leftovers and chatbot citation codes in comments and docstrings."""
    pieces = [t for t in code_texts(doc.source) if t.kind in ("comment", "docstring")]
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


CHECKS = [HallucinationCheck()]
