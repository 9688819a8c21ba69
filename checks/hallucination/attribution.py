"""unsourced-statistic, vague-attribution: figures and claims credited to nobody in particular.
Both walk the same sentences of the body and ask the same question (is it sourced?), so one
module decides both."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from aislop.checks.hallucination.citations import Citations
from aislop.checks.hallucination.reading import Reading
from aislop.checks.hallucination.rules import UNSOURCED_STATISTIC, VAGUE_ATTRIBUTION
from aislop.checks.hallucination.text import Phrase, inside_quotes, packs, snippet
from aislop.checks.text.sentences import sentences
from aislop.document import Block, Document
from aislop.model import Finding
from aislop.registry import Context

RULES = (UNSOURCED_STATISTIC, VAGUE_ATTRIBUTION)


def findings(reading: Reading, ctx: Context) -> Iterator[Finding]:
    if reading.doc.kind != "prose" or not any(ctx.is_enabled(rule) for rule in RULES):
        return
    yield from attribution_findings(reading.doc, ctx, reading.citations)


# The look-ahead only speeds the scan up: every figure opens with a currency sign, a digit or
# the first letter of a number word (one ... ten), so one character test rejects almost every
# other position before the five alternatives are tried.
_FIGURE = re.compile(
    r"""(?ix)
      (?=[$\u20ac\u00a3\u00a5\dotfsen])
      (?:[$\u20ac\u00a3\u00a5]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|b|million|billion|trillion|thousand)\b)?
    | \b\d+(?:\.\d+)?\s?(?:%|percent\b|per\ cent\b|percentage\ points\b)
    | \b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out\ of)\s+
      (?!(?:1[6-9]|20)\d\d\b)(?:\d{1,4}|two|three|four|five|six|seven|eight|nine|ten|twenty|a\ hundred|hundred)\b
    | \b\d+(?:\.\d+)?(?:x|\s?times)\s+(?:more|less|higher|lower|faster|slower|likelier|as|greater|better|worse)\b
    | \b\d+(?:\.\d+)?\s+(?:million|billion|trillion)\b)
    """
)
_SURVEY_VERB = re.compile(
    r"(?i)\s+(?:of\s+)?(?:[\w-]+\s+){0,3}?(?:report|reports|reported|say|says|said|admit|admitted|believe|agree|"
    r"prefer|feel|expect|plan|want|trust|struggle)\b"
)
_PASSIVE = re.compile(r"(?i)\b(?:be|is|are|was|were|been|being)\s+\w+$")


def _people_report(text: str, at: int, end: int) -> bool:
    """Whether the figure ending at ``at`` counts people who report, say or believe something
    ("60% of managers say", "7 in 10 adolescents report"): the survey verb in the active voice.
    In the passive the figure is the value reported, not who reports it: "amounts greater than
    100% may be reported" (a program's output)."""
    match = _SURVEY_VERB.match(text, at, end)
    return match is not None and not _PASSIVE.search(match.group())


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

    A sentence is sourced when it carries a citation marker or a link, when a citation that
    resolves follows it in its paragraph (one citation at the end covers the paragraph), when it
    names its source, or when the figures are the document's own ("our analysis found", a table).
    In a document that cites its other claims, a claim-like figure (a share, a ratio, a
    multiple, an average amount) needs a source even without a cue such as "studies show".
    """
    vague = packs().text["vague-attribution"]
    stat_cues = packs().text["statistic-cue"]
    text = doc.text
    # The literal prefilter runs once over the document, not once per block.
    vague_candidates, cue_candidates = vague.candidates(text), stat_cues.candidates(text)
    # A block's own figures ("our analysis found", a table) are looked for once, when asked.
    own_figures: dict[int, bool] = {}

    def owns(block: Block) -> bool:
        if block.start not in own_figures:
            own_figures[block.start] = _OWN_FIGURES.search(text, block.start, block.end) is not None
        return own_figures[block.start]

    @cache
    def citing() -> bool:
        """In a document that reports figures of its own anywhere ("we interviewed 40
        beekeepers"), an uncued figure elsewhere may be one of them: only cued figures are
        reported there. Decided when a sentence first needs it."""
        return cites.cites_its_claims() and not any(owns(b) for b in cites.body_blocks())

    for block in cites.body_blocks():
        if block.kind == "table":
            continue
        # Each pattern scans the block once; sentences then take the matches inside them.
        block_claims = list(vague.finditer(text, block.start, block.end, vague_candidates))
        block_figures = list(_FIGURE.finditer(text, block.start, block.end))
        if not (block_claims or block_figures):
            continue
        block_cues = list(stat_cues.finditer(text, block.start, block.end, cue_candidates))
        covered_until = cites.last_resolved_in(block.start, block.end)
        for a, b in sentences(text, block.start, block.end):
            if a <= covered_until or cites.sourced(a, b) or _NAMED_SOURCE.search(text, a, b):
                continue
            claims = [(m, p) for m, p in block_claims if a <= m.start() and m.end() <= b
                      and not inside_quotes(text, block.start, m.start()) and not _owned(text, a, m.start())
                      and not _technical_subject(text, a, m)]
            cues = claims + [(m, p) for m, p in block_cues if a <= m.start() and m.end() <= b]
            figures = [f for f in block_figures if a <= f.start() and f.end() <= b]
            cues += [(f, None) for f in figures if _people_report(text, f.end(), b)]
            if figures and cues and not owns(block):
                if ctx.is_enabled(UNSOURCED_STATISTIC):
                    yield _statistic_finding(doc, figures, cues)
            elif claims and ctx.is_enabled(VAGUE_ATTRIBUTION):
                match, phrase = claims[0]
                yield doc.finding(
                    VAGUE_ATTRIBUTION, match.start(), match.end(),
                    f'"{snippet(match.group())}" {phrase.why} and cites nothing: {phrase.fix}.',
                )
            elif figures and ctx.is_enabled(UNSOURCED_STATISTIC) and citing() and not owns(block):
                claimed = [f for f in figures if _claim_figure(f, text[a:b])]
                if claimed and not _INTENT.search(text, a, b):
                    figure = " ".join(claimed[0].group().split())
                    yield doc.finding(
                        UNSOURCED_STATISTIC, claimed[0].start(), claimed[-1].end(),
                        f'The figure "{figure}" has no source, though the document cites its other claims: '
                        "cite where it comes from, or remove it.", confidence=0.6,
                    )


# Figures that state a fact about the world (a share, a multiple, an "x in y" ratio); an amount of
# money only with a word that makes it a statistic ("an average of $11,000", "the median ransom").
_MONEY_STATISTIC = re.compile(r"(?i)\b(?:average|median|mean|typical|per\s+(?:employee|person|household|year|"
                              r"month|site|user|customer)|a\s+year|annually|each\s+year)\b")
# A target, a plan, a price or a possibility is not a claim that needs a source.
_INTENT = re.compile(r"(?i)\b(?:aim|aims|aiming|goal|goals|plan\s+to|plans\s+to|planned|will|would|could|might|"
                     r"should|up\s+to|budget|price|priced|fee|fees|discount|if|unless)\b|%\s+off\b|\?")


def _claim_figure(figure: re.Match, sentence: str) -> bool:
    """A share, an "x in y", a "2.5 times more likely" or an average amount; not "100%" (an idiom),
    not a speed-up ("7.8 times faster", a benchmark of the author's own), not a bare "3 million"."""
    value = " ".join(figure.group().split())
    if value[:1] in "$\u20ac\u00a3\u00a5":
        return bool(_MONEY_STATISTIC.search(sentence))
    if re.fullmatch(r"100(?:\.0+)?\s?(?:%|percent|per cent)", value) or re.search(r"(?i)faster|slower", value):
        return False
    return not re.fullmatch(r"(?i)\d+(?:\.\d+)?\s+(?:million|billion|trillion)", value)


# Words that may stand before "data", "numbers", "statistics" or "reports" when they are
# offered as evidence ("Recent data shows"); any other word makes them a technical object
# ("version numbers returned indicate", "Higher numbers indicate higher priority").
_EVIDENCE_WORDS = frozenset(
    "recent new latest current available official published historical early preliminary industry market "
    "survey census national global economic scientific clinical public existing more further emerging".split()
)
_OBJECT_NOUN = re.compile(r"(?i)(?:data|numbers|statistics|reports)\b")


def _technical_subject(text: str, sentence_start: int, match: re.Match) -> bool:
    """ "data shows" where "data" is part of a name ("-statistics", "sensor_data") or a
    technical noun phrase ("version numbers", "Data source"), not an appeal to evidence."""
    if not _OBJECT_NOUN.match(match.group()):
        return False
    if match.start() and text[match.start() - 1] in "-_./":
        return True
    before = re.search(r"([\w'-]+)[^\S\n]*\n?[^\S\n]*$", text[sentence_start : match.start()])
    return before is not None and before.group(1).lower() not in _EVIDENCE_WORDS


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
