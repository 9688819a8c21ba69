"""Template leftovers and assistant chatter found with the phrase packs: citation-artifact,
placeholder-text, ai-disclosure and chat-leftover."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from aislop.checks.hallucination.rules import AI_DISCLOSURE, CHAT_LEFTOVER, CITATION_ARTIFACT, PLACEHOLDER_TEXT
from aislop.checks.hallucination.text import (
    Phrase,
    doc_urls,
    in_prose,
    inside_quotes,
    packs,
    phrase_finding,
    sentence_at,
    snippet,
)
from aislop.checks.text.technical import ini_section_names, is_code_line, is_synopsis_line, line_at
from aislop.document import Block, Document
from aislop.edits import chatter_span, drop_query_parameter, remove_inline, remove_spans
from aislop.model import Autofix, Finding


def citation_artifacts(doc: Document) -> Iterator[Finding]:
    pack = packs().text["citation-artifact"]
    seen: set[int] = set()
    for match, phrase in pack.finditer(doc.text):
        seen.add(match.start())
        yield phrase_finding(doc, CITATION_ARTIFACT, match, phrase, autofix=artifact_autofix(doc, match))
    for start, end in doc_urls(doc):  # utm_source=chatgpt.com sits inside blanked URLs
        for match, phrase in pack.finditer(doc.source, start, end):
            if match.start() not in seen:
                yield phrase_finding(doc, CITATION_ARTIFACT, match, phrase, matched=doc.source[start:end],
                                     autofix=drop_query_parameter(doc, *match.span()))


def artifact_autofix(doc: Document, match: re.Match) -> Autofix | None:
    """Debris goes with the space before it; a tracking tag leaves the link's query."""
    if match.group().startswith("utm_source="):
        return drop_query_parameter(doc, *match.span())
    return remove_inline(doc, *match.span())


_LINK_DEFINITION = re.compile(r"^[ \t]*\[([^\]\n]+)\]:[ \t]*\S", re.M)


def placeholders(doc: Document) -> Iterator[Finding]:
    defined = {label.lower() for label in _LINK_DEFINITION.findall(doc.source)}
    sections: set[str] | None = None
    for match, phrase in packs().text["placeholder-text"].finditer(doc.text):
        if match.group().startswith("["):
            if match.group()[1:-1].lower() in defined:
                continue  # [URL]: https://… makes [URL] a Markdown link label
            if sections is None:
                sections = ini_section_names(doc.text)
            if match.group()[1:-1] in sections or _notation(doc, match):
                continue
        elif is_code_line(doc.text[slice(*line_at(doc.text, match.start()))], marked_up=True):
            continue  # "$ echo Lorem ipsum | perl ..." is a command, its words test data
        yield phrase_finding(doc, PLACEHOLDER_TEXT, match, phrase)
    for match, phrase in packs().source["placeholder-text"].finditer(doc.source):
        if in_prose(doc, match.start()):  # <CLIENT> is blanked as inline HTML in the prose view
            yield phrase_finding(doc, PLACEHOLDER_TEXT, match, phrase, matched=match.group())


# Inside the brackets: option syntax ("[type=type]", "[type:]", "[file ...]", "[a|b]") or one
# lowercase hyphenated metavariable ("[your-program]").
_SYNTAX_BODY = re.compile(r"[^\]]*(?:=|\||\.\.\.|\u2026|<|:$)[^\]]*|[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
# A bracketed clause is an aside, not a slot: "[your credentials are used automatically]".
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|will|would|has|have|had|can|could|does|do|did|gets?|got)\b", re.I)


def _notation(doc: Document, match: re.Match) -> bool:
    """Whether "[...]" is syntax notation rather than a template slot: an optional argument
    glued to an option or another bracket ("-O[type]", "%[*][width][type]", "[NUMBER]...",
    "[LINK]3:"; not an address part, "press@[company].com", "/[slug]"), option syntax inside the brackets, a bracket in a command synopsis or a shell
    command, or a whole clause in brackets."""
    text, start, end = doc.text, match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end : end + 3]
    if not (before.isspace() or before in "(\"'\u201c\u2018*_>@/") or after[:1].isalnum() or after[:1] in "[]=":
        return True
    if after.startswith(("...", "\u2026")):
        return True
    body = match.group()[1:-1]
    if _SYNTAX_BODY.fullmatch(body):
        return True
    if body.lower().startswith(("your ", "client", "company", "recipient")) and _FINITE_VERB.search(body):
        return True
    line = text[slice(*line_at(text, start))]
    return " " not in body and is_synopsis_line(line) or is_code_line(line, marked_up=True)


def ai_disclosures(doc: Document) -> Iterator[Finding]:
    """Self-descriptions fire in block quotes too (a "Note:" box) but not in quoted dialogue."""
    reported: set[tuple[int, int]] = set()
    for match, phrase in packs().text["ai-disclosure"].finditer(doc.text):
        block = doc.block_at(match.start())
        if block is None or inside_quotes(doc.text, block.start, match.start()):
            continue
        if block.quoted and _introduced_quotation(doc, block):
            continue
        sentence = sentence_at(doc.text, block, match.start())
        if sentence not in reported:  # one finding per sentence
            reported.add(sentence)
            yield phrase_finding(doc, AI_DISCLOSURE, match, phrase)


_CALLOUT = re.compile(r"[\s>*_]*(?:\[!\w+\]|(?:note|tip|warning|important|disclaimer|caution|info)\b)", re.I)


def _introduced_quotation(doc: Document, block: Block) -> bool:
    """A block quote that the paragraph before introduces ("One submission ended with:") is
    someone else's words being cited; a callout box ("> **Note:** ...") is the author's own."""
    if _CALLOUT.match(doc.text, block.start):
        return False
    previous = None
    for other in doc.blocks:
        if other.end > block.start:
            break
        if not other.quoted:
            previous = other
    return previous is not None and doc.text[previous.start : previous.end].rstrip().endswith(":")


def chat_leftovers(doc: Document, text: str, blocks: Iterable[Block]) -> Iterator[Finding]:
    """One finding per paragraph that speaks to the requester; never in quotes or dialogue."""
    pack, opening = packs().text["chat-leftover"], packs().at_start["chat-leftover"]
    candidates = pack.candidates(text)  # once per document, not per paragraph
    opening_candidates = opening.candidates(text)
    if not (candidates or opening_candidates):
        return
    for block in blocks:
        if block.quoted or block.kind in ("heading", "table"):
            continue
        hits: list[tuple[re.Match, Phrase]] = []
        if opening_candidates:
            # A hand-over line opens the paragraph, after at most an interjection ("Sure! ").
            prefix = _INTERJECTION.match(text, block.start, block.end)
            for pos in range(block.start, (prefix.end() if prefix else block.start) + 1):
                if _INTERJECTION.fullmatch(text, block.start, pos):
                    hits += [(m, p) for m, p in opening.match_at(text, pos, block.end, opening_candidates)
                             if not inside_quotes(text, block.start, m.start())]
        for match, phrase in pack.finditer(text, block.start, block.end, candidates):
            if inside_quotes(text, block.start, match.start()):
                continue
            hits.append((match, phrase))
        hits.sort(key=lambda hit: hit[0].start())
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
            autofix=_chat_autofix(doc, [match.span() for match, _ in hits]),
        )


def _chat_autofix(doc: Document, hits: list[tuple[int, int]]) -> Autofix | None:
    """Remove each piece of chatter out to the sentence (or line) ends around it, keeping
    whatever lies between them: safely when all of it sits at the very start or end of the
    text (nothing of the document is around it), unsafely in the middle (it may carry content)."""
    if doc.kind != "prose":
        return None  # comments in code: left to the author
    spans: list[tuple[int, int]] = []
    for start, end in hits:
        if spans and start < spans[-1][1]:  # inside the chatter already taken: widen that
            start, taken = spans.pop()
            end = max(end, taken - 1)
        span = chatter_span(doc, start, end)
        if span is None:
            return None
        spans.append(span)
    return remove_spans(doc, spans)


# What may precede a hand-over line at the start of a paragraph: "Absolutely — here's…".
_INTERJECTION = re.compile(
    r"[\s\"'“*_#>-]*(?:(?:certainly|sure|absolutely|of course|okay|ok|alright|great)\s*(?:[!,.:]|\s[—–-])\s*)?", re.I
)
